"""The staff commands' parser and entry point (`python -m sme_registry new-platform|new-notice|renew|revoke|check …`).

Interactive in Chinese; every question is also a flag, and `--yes` runs without questions
(it fails with a list of the missing flags instead of asking). Exit codes: 0 done,
1 the change was refused (it would not validate, or the regulation forbids it),
2 bad usage or input. When a command fails after questions were answered, the answers
are saved to a draft and `--resume <draft>` continues from them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sme_registry.cli_text import ChineseArgumentParser
from sme_registry.context import ContextError, today_from
from sme_registry.staff import drafts
from sme_registry.staff.errors import InputError, ScaffoldError
from sme_registry.staff.prompting import Prompter
from sme_registry.staff.vocabulary import NOTICE_TYPES, OPERATOR_KINDS, PUBLICITY_WORKDAYS
from sme_registry.staff.workflows import COMMANDS, DRAFTED


def add_commands(sub, common: argparse.ArgumentParser) -> None:
    """The staff sub-commands, for this parser or a unified command tree."""
    p = sub.add_parser("new-platform", parents=[common], help="新增一个申报平台并列入公示",
                       description="逐项询问新平台的信息，写入 data/platforms/ 并加入公示名单。")
    p.add_argument("--publicity", help="公示文件名，如 2026-11-23-gongshi；默认为尚未结束的最新公示")
    p.add_argument("--id", help="平台编号；默认自动取 lc-<批次年度>-<下一个序号>")
    p.add_argument("--name", help="平台名称")
    p.add_argument("--operator", help="运营单位全称")
    p.add_argument("--credit-code", help="统一社会信用代码")
    p.add_argument("--operator-kind", help="单位性质：" + " / ".join(OPERATOR_KINDS) + "（默认 企业）")
    p.add_argument("--county", help="所在县（市、区）或功能区")
    p.add_argument("--category", help="综合类 / 专业类")
    p.add_argument("--specialty", help="专业类的专业服务领域")
    p.add_argument("--services", help="服务功能，逗号分隔，如 信息服务,技术服务,培训服务,咨询服务")
    p.add_argument("--recommended-by", help="推荐单位；默认“<县区>工业和信息化局”")
    p.add_argument("--description", help="平台简介（300 字以内）")
    p.add_argument("--address", help="服务场所地址")
    p.add_argument("--website", help="平台网站，以 https:// 开头")
    p.add_argument("--phone", help="服务电话，如 0635-8888888")
    p.add_argument("--email", help="服务邮箱")

    n = sub.add_parser("new-notice", parents=[common],
                       help=f"发布公告（公示会自动计算 {PUBLICITY_WORKDAYS} 个工作日的结束日）",
                       description="生成公告文件；认定公告会选出名单仍待认定的公示，并可同时写入认定记录。")
    n.add_argument("--type", help="公告类型：" + " / ".join(NOTICE_TYPES))
    n.add_argument("--date", help="发布日期；公示默认为开始日期，其他默认今天")
    n.add_argument("--start", help="公示开始日期（仅公示）")
    n.add_argument("--batch", help="评审批次年度")
    n.add_argument("--publicity", help="认定公告对应的公示文件名（仅认定公告；默认自动选择）")
    n.add_argument("--platforms", help="涉及的平台编号，逗号分隔")
    n.add_argument("--title", help="标题（多数类型可自动生成；不能与已有公告重复）")
    n.add_argument("--summary", help="摘要")
    n.add_argument("--certify", dest="certify", action="store_true", default=None,
                   help="认定公告：同时为名单中的平台写入认定记录（默认）")
    n.add_argument("--no-certify", dest="certify", action="store_false", help="认定公告：只写公告")

    r = sub.add_parser("renew", parents=[common], help="写入认定记录：公示中的平台转为认定，或到期平台重新认定")
    r.add_argument("ids", nargs="*", help="平台编号，可多个")
    r.add_argument("--publicity", help="公示文件名；默认取 pending 或最新列出本平台的公示")
    r.add_argument("--announcement", help="认定公告文件名；默认取公示之后最新列出本平台的认定公告")
    r.add_argument("--certified-on", help="认定日期；默认为认定公告日期")
    r.add_argument("--batch", type=int, help="评审批次年度；默认取自公示")

    v = sub.add_parser("revoke", parents=[common], help="撤销示范平台资格（第二十条），可同时生成撤销公告")
    v.add_argument("id", nargs="?", help="平台编号")
    v.add_argument("--date", help="撤销日期")
    v.add_argument("--ground", help="撤销理由：第二十条第几项，1–5")
    v.add_argument("--notice", help="已有撤销公告的文件名；不填则自动生成")

    c = sub.add_parser("check", parents=[common], help="校验全部数据，只报告所列文件中的问题（供 pre-commit 使用）")
    c.add_argument("files", nargs="*", help="要报告的文件；不填则报告全部")


def common_options() -> argparse.ArgumentParser:
    common = ChineseArgumentParser(add_help=False)
    common.add_argument("--src", default=".", help="名录所在目录（含 data/ 与 content/），默认当前目录")
    common.add_argument("--today", help="按哪一天校验，YYYY-MM-DD；默认取环境变量 TODAY 或上海时区今天")
    common.add_argument("-y", "--yes", action="store_true", help="不提问：缺少的必填项直接报错（用于脚本）")
    common.add_argument("--resume", metavar="草稿文件", help="从上次未完成时保存的草稿（.drafts/…yaml）继续")
    return common


def parser() -> argparse.ArgumentParser:
    top = ChineseArgumentParser(prog="python -m sme_registry",
                                description="工作人员用命令：新增平台、发布公告、认定（续期）、撤销。")
    sub = top.add_subparsers(dest="command", required=True, title="命令", metavar="命令",
                             help="每个命令的参数：<命令> --help")
    add_commands(sub, common_options())
    return top


def _save_draft(root: Path, command: str, prompter: Prompter) -> None:
    if command not in DRAFTED or not prompter.typed or not prompter.answers:
        return
    try:
        path = drafts.save(root, command, prompter.answers)
    except OSError as exc:
        print(f"（回答未能保存为草稿：{exc.strerror}）", file=sys.stderr)
        return
    shown = os.path.relpath(path)
    shown = shown if not shown.startswith("..") else str(path.resolve())
    print(f"已回答的内容保存在 {shown}。改正后运行：make {command} ARGS=\"--resume {shown}\"，"
          "已回答的问题不会再问。", file=sys.stderr)


def _draft_path(root: Path, given: str) -> Path:
    """A draft named as printed (from the current folder) or relative to the registry folder."""
    path = Path(given)
    return path if path.exists() or path.is_absolute() else root / given


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    root = Path(args.src)
    if not (root / "data").is_dir():
        print(f"用法错误：目录 {root} 中没有 data/ 文件夹", file=sys.stderr)
        return 2
    try:
        today = today_from(args.today)  # the one TODAY rule (sme_registry.context)
    except ContextError as exc:
        print(f"用法错误：{exc}", file=sys.stderr)
        return 2
    try:
        resumed = drafts.load(_draft_path(root, args.resume), args.command) if args.resume else {}
    except InputError as exc:
        print(f"输入错误：{exc}", file=sys.stderr)
        return 2
    prompter = Prompter(interactive=not args.yes, resumed=resumed)
    if resumed:
        prompter.say(f"已从草稿读入 {len(resumed)} 个回答，只询问其余的问题。")
    try:
        code = COMMANDS[args.command](args, prompter, root, today)
    except InputError as exc:
        print(f"输入错误：{exc}", file=sys.stderr)
        code = 2
    except ScaffoldError as exc:
        print(f"无法完成：{exc}", file=sys.stderr)
        code = 1
    except KeyboardInterrupt:
        print("\n已取消，没有写入任何文件。", file=sys.stderr)
        code = 2
    except BrokenPipeError:  # output piped into `head` and the like; the files are written already
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep the interpreter's final flush quiet
        return 0
    if code != 0:
        _save_draft(root, args.command, prompter)
    elif args.resume:
        _draft_path(root, args.resume).unlink(missing_ok=True)
        print(f"草稿 {args.resume} 已用完，已删除。")
    return code
