"""argparse in Chinese: headings, the help flag and the usage errors a clerk may meet."""

from __future__ import annotations

import argparse
import re
import sys

_ERRORS = [
    (re.compile(r"^the following arguments are required: (.+)$"), "缺少必需的参数：{0}"),
    (re.compile(r"^unrecognized arguments: (.+)$"), "无法识别的参数：{0}"),
    (re.compile(r"^argument (.+?): invalid choice: (.+?) \(choose from (.+)\)$"), "参数 {0} 的值 {1} 不是可选项（可选：{2}）"),
    (re.compile(r"^argument (.+?): expected one argument$"), "参数 {0} 后面需要一个值"),
    (re.compile(r"^argument (.+?): invalid int value: (.+)$"), "参数 {0} 的值 {1} 不是整数"),
    (re.compile(r"^argument (.+?): ignored explicit argument (.+)$"), "参数 {0} 不接受值 {1}"),
    (re.compile(r"^argument (.+?): not allowed with argument (.+)$"), "参数 {0} 不能与 {1} 同时使用"),
    (re.compile(r"^ambiguous option: (.+?) could match (.+)$"), "参数 {0} 有歧义，可能是：{1}"),
]


def translate_error(message: str) -> str:
    for pattern, chinese in _ERRORS:
        m = pattern.match(message)
        if m:
            return chinese.format(*m.groups())
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and usage errors are in Chinese (exit code 2 as usual)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：用法错误：{translate_error(message)}\n")
