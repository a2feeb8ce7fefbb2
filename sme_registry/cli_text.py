"""argparse in Chinese: headings, the -h help, usage prefix and error messages.

argparse's own strings are English (gettext catalogues are not shipped for zh_CN), so the
parser class below sets them itself: a formatter with a Chinese usage prefix, Chinese group
titles, an explicit -h/--help, and error texts translated by pattern.
"""

from __future__ import annotations

import argparse
import re
import sys

_ERRORS = (
    (re.compile(r"^the following arguments are required: (.+)$"), "缺少必需的参数：{0}"),
    (re.compile(r"^unrecognized arguments: (.+)$"), "无法识别的参数：{0}"),
    (re.compile(r"^argument (.+?): invalid choice: (.+?) \(choose from (.+)\)$"), "参数 {0} 的取值 {1} 无效（可选：{2}）"),
    (re.compile(r"^argument (.+?): expected one argument$"), "参数 {0} 后面需要一个值"),
    (re.compile(r"^argument (.+?): invalid (\w+) value: (.+)$"), "参数 {0} 的值 {2} 无效"),
    (re.compile(r"^argument (.+?): ignored explicit argument (.+)$"), "参数 {0} 不接受值 {1}"),
    (re.compile(r"^ambiguous option: (.+?) could match (.+)$"), "选项 {0} 有歧义，可能是：{1}"),
)


def translate_error(message: str) -> str:
    for pattern, text in _ERRORS:
        match = pattern.match(message)
        if match:
            return text.format(*match.groups())
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose every user-visible string is Chinese."""

    def __init__(self, *args, add_help: bool = True, **kwargs):
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def add_subparsers(self, **kwargs):
        kwargs.setdefault("title", "命令")
        kwargs.setdefault("metavar", "命令")
        return super().add_subparsers(**kwargs)

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：用法错误：{translate_error(message)}\n")
