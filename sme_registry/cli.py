"""Command line: `python -m sme_registry validate|build|report|docs-errors`.

Exit codes: 0 clean, 1 problems (errors, or warnings with --strict), 2 bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sme_registry import dates
from sme_registry.cli_zh import ChineseArgumentParser


def _today(value: str | None):
    try:
        return dates.today_in_shanghai(value or os.environ.get("TODAY") or None)
    except ValueError:
        raise SystemExit(_usage_error(f"TODAY 的格式应为 YYYY-MM-DD：{value or os.environ.get('TODAY')}")) from None


def _usage_error(message: str) -> int:
    print(f"用法错误：{message}", file=sys.stderr)
    return 2


def _parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="sme_registry", description="聊城市中小企业公共服务示范平台名录工具")
    sub = parser.add_subparsers(dest="command", required=True, title="命令", metavar="命令",
                                help="每个命令的参数：sme_registry <命令> --help")
    v = sub.add_parser("validate", help="校验 data/ 与 content/notices/")
    v.add_argument("--src", default=".", help="名录所在目录（含 data/ 与 content/），默认当前目录")
    v.add_argument("--format", choices=("text", "github", "json", "gitlab"), default="text",
                   help="输出格式：text（默认）、github、json、gitlab")
    v.add_argument("--strict", action="store_true", help="警告也视为错误")
    v.add_argument("--today", help="按哪一天计算状态，YYYY-MM-DD；默认取环境变量 TODAY 或上海时区今天")
    b = sub.add_parser("build", help="校验并生成网站")
    b.add_argument("--src", default=".", help="名录所在目录，默认当前目录")
    b.add_argument("--output", default="output", help="网站输出目录，默认 output")
    b.add_argument("--today", help="按哪一天计算状态，YYYY-MM-DD")
    r = sub.add_parser("report", help="列出需要处理的事项")
    r.add_argument("--src", default=".", help="名录所在目录，默认当前目录")
    r.add_argument("--today", help="按哪一天计算，YYYY-MM-DD")
    sub.add_parser("docs-errors", help="输出 docs/errors.md 的内容")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "docs-errors":
        from sme_registry.errors_doc import render

        sys.stdout.write(render())
        return 0
    src = Path(args.src)
    if not (src / "data").is_dir():
        return _usage_error(f"目录 {src} 中没有 data/ 文件夹")
    today = _today(args.today)
    if args.command == "validate":
        from sme_registry.formatters import FORMATS
        from sme_registry.report import validate

        _, report = validate(src, today)
        sys.stdout.write(FORMATS[args.format](report))
        return report.exit_code(args.strict)
    if args.command == "build":
        from sme_registry.build import build_site

        return build_site(src, Path(args.output), today)
    if args.command == "report":
        from sme_registry.attention import print_attention

        return print_attention(src, today)
    return 2  # pragma: no cover
