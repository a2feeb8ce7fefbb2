"""The one command tree: `python -m sme_registry <命令>` (installed: `sme-registry <命令>`).

    validate | build | report | docs-errors | schemas        registry and site
    new-platform | new-notice | renew | revoke | check       staff (sme_registry.staff.cli)
    import | export-xlsx                                     spreadsheets (sme_registry.spreadsheet.cli)
    calendar                                                 holiday calendar (sme_registry.staff.calendar_notice)
    pr-summary                                               pull-request summary

This module is the edge: it reads options and the environment (TODAY, SITEURL, BASE_PATH,
PRODUCTION, TEMPLATE_OVERRIDES)
into a BuildContext, calls the library and prints what the library returns.
Exit codes: 0 clean, 1 problems (errors, or warnings with --strict), 2 bad usage.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sme_registry.cli_text import ChineseArgumentParser
from sme_registry.context import DEFAULT_PUBLIC_URL, ContextError, make_context, today_from
from sme_registry.heap import cyclic_gc_paused

PROG = "python -m sme_registry"
STAFF_COMMANDS = {
    "new-platform": "新增一个申报平台并列入公示",
    "new-notice": "发布公告（公示自动计算结束日）",
    "renew": "写入认定记录：公示中→认定，或到期后重新认定",
    "revoke": "撤销示范平台资格（第二十条），可同时生成撤销公告",
    "check": "校验全部数据，只报告所列文件中的问题（供 pre-commit 使用）",
}
SHEET_COMMANDS = {
    "import": "导入名单表格（xlsx/xls/et/csv）为平台文件",
    "export-xlsx": "把名录导出为 汇总表.xlsx 与 名录.xlsx",
}
CALENDAR_HELP = "由国务院办公厅节假日安排通知生成 data/calendar/<年份>.yaml"
_TODAY_HELP = "按哪一天计算状态，YYYY-MM-DD；默认取环境变量 TODAY 或上海时区今天"
_SRC_HELP = "名录所在目录（含 data/ 与 content/），默认当前目录"


def _usage_error(message: str) -> int:
    print(f"用法错误：{message}", file=sys.stderr)
    return 2


def _parser() -> ChineseArgumentParser:
    parser = ChineseArgumentParser(prog=PROG, description="聊城市中小企业公共服务示范平台名录工具")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="校验 data/ 与 content/notices/", description="校验 data/ 与 content/notices/")
    v.add_argument("--src", default=".", help=_SRC_HELP)
    v.add_argument("--format", choices=("text", "github", "json", "gitlab"), default="text", help="输出格式，默认 text")
    v.add_argument("--strict", action="store_true", help="警告也视为错误")
    v.add_argument("--today", help=_TODAY_HELP)
    v.add_argument("--base", help="与哪个 Git 版本（分支、标签或提交）比较：已发布公告的索引号不得更改或重用；"
                                  "合并请求检查时填目标分支，如 origin/main")
    b = sub.add_parser("build", help="校验并生成网站", description="校验并生成网站（原子替换输出目录）")
    b.add_argument("--src", default=".", help=_SRC_HELP)
    b.add_argument("--output", default="output", help="网站输出目录，默认 output")
    b.add_argument("--today", help=_TODAY_HELP)
    b.add_argument("--public-url", help="网站的公开地址（用于订阅和 sitemap.xml）；默认取环境变量 SITEURL")
    b.add_argument("--base-path", help="网站所在的网址路径，如 /sme/（404 页据此写 <base>）；默认取环境变量 BASE_PATH，"
                   "未设置时取 SITEURL 中的路径")
    b.add_argument("--production", action="store_true", default=None,
                   help="正式发布：必须设置 SITEURL（或 --public-url），否则不生成；也可设环境变量 PRODUCTION=1")
    b.add_argument("--template-overrides", metavar="目录",
                   help="宿主网站的页头、页脚模板目录（partials/header.html、partials/footer.html），"
                        "须在名录目录之外；默认取环境变量 TEMPLATE_OVERRIDES，见 docs/host-frame.md")
    r = sub.add_parser("report", help="列出需要处理的事项", description="列出需要工作人员处理的事项")
    r.add_argument("--src", default=".", help=_SRC_HELP)
    r.add_argument("--today", help=_TODAY_HELP)
    sub.add_parser("docs-errors", help="输出 docs/errors.md 的内容", description="输出 docs/errors.md 的内容")
    sub.add_parser("schemas", help="由规定用语重新生成 schema/*.json 的取值列表",
                   description="由 sme_registry/regulation/vocabulary.py 重新生成 schema/*.json 的取值列表")
    for name, text in STAFF_COMMANDS.items():
        sub.add_parser(name, help=text + f"（参数见 {PROG} {name} -h）", add_help=False)
    for name, text in SHEET_COMMANDS.items():
        sub.add_parser(name, help=text + f"（参数见 {PROG} {name} -h）", add_help=False)
    sub.add_parser("calendar", help=CALENDAR_HELP + f"（参数见 {PROG} calendar -h）", add_help=False)
    sub.add_parser("pr-summary", help=f"输出合并请求的名录变更摘要（Markdown；参数见 {PROG} pr-summary -h）",
                   add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in STAFF_COMMANDS:
        from sme_registry.staff import cli as staff_cli

        return staff_cli.main(argv)
    if argv and argv[0] in SHEET_COMMANDS:
        from sme_registry.spreadsheet import cli as sheets_cli

        return sheets_cli.main(argv)
    if argv and argv[0] == "calendar":
        from sme_registry.staff import calendar_notice

        return calendar_notice.main(argv[1:])
    if argv and argv[0] == "pr-summary":
        from sme_registry.staff import pr_summary

        return pr_summary.main(argv[1:])
    args = _parser().parse_args(argv)
    if args.command == "docs-errors":
        from sme_registry.validate.errors_doc import render

        sys.stdout.write(render())
        return 0
    if args.command == "schemas":
        from sme_registry.load import schema_vocab

        return schema_vocab.main()
    src = Path(args.src)
    if not (src / "data").is_dir():
        return _usage_error(f"目录 {src} 中没有 data/ 文件夹")
    try:
        today = today_from(args.today)
    except ContextError as exc:
        return _usage_error(str(exc))
    if args.command == "validate":
        from sme_registry.validate.formatters import FORMATS
        from sme_registry.validate.report import validate

        with cyclic_gc_paused():  # millions of objects, no cycles (heap.py)
            registry, report = validate(src, today)
        if args.base:
            from sme_registry.problems import sort_problems
            from sme_registry.staff.published import BaseUnreadable, against_base

            try:
                report.problems = sort_problems(report.problems + against_base(src, registry, args.base, today))
            except BaseUnreadable as exc:
                return _usage_error(str(exc))
        sys.stdout.write(FORMATS[args.format](report))
        return report.exit_code(args.strict)
    if args.command == "build":
        try:
            ctx = make_context(src, today, args.output, args.public_url, args.base_path, production=args.production,
                               template_overrides=args.template_overrides)
        except ContextError as exc:
            return _usage_error(str(exc))
        if not ctx.production and ctx.public_url == DEFAULT_PUBLIC_URL:
            print(f"提示：未设置 SITEURL，订阅和 sitemap.xml 中的网址暂用示例地址 {DEFAULT_PUBLIC_URL}"
                  "（本机预览无妨；正式发布请用 make deploy 或加 --production 并设置 SITEURL）。", file=sys.stderr)
        return _build(ctx)
    if args.command == "report":
        from sme_registry.validate.attention import attention_report

        text, code = attention_report(src, today)
        sys.stdout.write(text)
        return code
    return 2  # pragma: no cover


def _build(ctx) -> int:
    from sme_registry.site.build import build
    from sme_registry.validate import formatters

    result = build(ctx, on_wait=lambda message: print(message, file=sys.stderr))
    if result.report is not None and result.report.problems:
        sys.stderr.write(formatters.text(result.report))
    for line in result.log:
        print(line, file=sys.stderr)
    print(result.summary(), file=sys.stdout if result.built else sys.stderr)
    return result.exit_code
