"""`python -m sme_registry import|export-xlsx …` (make import / make export-xlsx).

Exit codes: 0 done, 1 problems (nothing written), 2 bad usage.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sme_registry.cli_text import ChineseArgumentParser
from sme_registry.context import ContextError, today_from
from sme_registry.regulation import dates
from sme_registry.regulation import vocabulary as V


def _parser() -> ChineseArgumentParser:
    parser = ChineseArgumentParser(prog="python -m sme_registry",
                                   description="表格导入与导出：市局名单（xlsx/xls/et/csv）导入为平台文件；名录导出为 xlsx。")
    sub = parser.add_subparsers(dest="command", required=True)
    i = sub.add_parser("import", help="导入名单：给出 --start 为新的公示名单，否则为历史认定名单",
                       description="导入名单：给出 --start 为新的公示名单，否则为历史认定名单")
    i.add_argument("file", help="名单文件（.xlsx、.xls、.et 或 .csv）")
    i.add_argument("--start", help=f"公示开始日期 YYYY-MM-DD：名单作为新的公示（{V.PUBLICITY_WORKDAYS} 个工作日）导入")
    i.add_argument("--src", default=".", help="名录所在目录，默认当前目录")
    i.add_argument("--today", help="按哪一天校验，YYYY-MM-DD；默认取环境变量 TODAY 或上海时区今天")
    e = sub.add_parser("export-xlsx", help="把名录导出为 汇总表.xlsx 与 名录.xlsx",
                       description="把名录导出为 汇总表.xlsx 与 名录.xlsx")
    e.add_argument("--src", default=".", help="名录所在目录，默认当前目录")
    e.add_argument("--output", default="export", help="写入的文件夹，默认 export/")
    e.add_argument("--today", help="按哪一天计算状态，YYYY-MM-DD")
    return parser


def _import(args, root: Path, today) -> int:
    from sme_registry.spreadsheet.import_ import ImportProblems, apply_plan, plan_import

    start = None
    if args.start:
        start = dates.parse_iso(args.start.strip())
        if start is None:
            print(f"用法错误：START 应写成 YYYY-MM-DD（例如 2026-11-23），收到“{args.start}”", file=sys.stderr)
            return 2
    try:
        plan = plan_import(root, Path(args.file), today, start, display=args.file)
    except ImportProblems as exc:
        for p in exc.problems:
            print(p.text(), file=sys.stderr)
        print(f"没有写入任何文件：名单中有 {len(exc.problems)} 处问题（见上，格式为 文件:工作表!单元格）。"
              "改正表格后重新运行即可；错误代码说明见 docs/errors.md。", file=sys.stderr)
        return 1
    for note in plan.notes:
        print(note)
    outcome = apply_plan(root, plan, today)
    if outcome.rolled_back:  # the transaction's own check disagreed: nothing is left written
        print("没有写入任何文件：写入时校验未通过：", file=sys.stderr)
        for p in outcome.problems:
            print("  " + p.text(), file=sys.stderr)
        return 1
    print(f"已写入 {len(outcome.written)} 个文件：")
    for rel in outcome.written:
        label = plan.labels.get(rel, "")
        print(f"  {rel}" + (f"（{label}）" if label else ""))
    print(f"校验通过（按 {today} 计算）。下一步：核对这些文件，make serve 预览，然后提交合并请求。")
    return 0


def _export(args, root: Path, today) -> int:
    from sme_registry.derive.views import registry_view
    from sme_registry.site.workbooks import workbooks
    from sme_registry.validate.report import validate

    registry, report = validate(root, today)
    if report.errors:
        for p in report.errors:
            print(p.text(), file=sys.stderr)
        print("没有导出：名录数据有错误（见上），请先 make validate 并改正。", file=sys.stderr)
        return 1
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    for name, data in workbooks(registry_view(registry, today), registry.site or {}).items():
        (out / name).write_bytes(data)
        print(f"已导出 {out / name}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
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
        return _import(args, root, today) if args.command == "import" else _export(args, root, today)
    except KeyboardInterrupt:
        print("\n已取消，没有写入任何文件。", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
