"""Spreadsheet reader benchmark: python-calamine vs openpyxl (+defusedxml) on generated lists.

Usage: .venv/bin/python scripts/sheet_bench.py [ROWS ...]   (default 1000 10000)
Each reader runs in its own child process; the figures are that whole process's wall time
and peak resident memory (ru_maxrss), so interpreter start-up and imports are included.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

READERS = {
    "python-calamine": """
from python_calamine import CalamineWorkbook
wb = CalamineWorkbook.from_path(PATH)
sheet = wb.get_sheet_by_index(0)
rows = sheet.to_python(skip_empty_area=False)
merged = sheet.merged_cell_ranges
print(len(rows))
""",
    "openpyxl (read_only)": """
import openpyxl
wb = openpyxl.load_workbook(PATH, read_only=True, data_only=True)
rows = [tuple(c for c in r) for r in wb.worksheets[0].iter_rows(values_only=True)]
print(len(rows))
""",
    "openpyxl (full, merged cells)": """
import openpyxl
wb = openpyxl.load_workbook(PATH, data_only=True)
ws = wb.worksheets[0]
rows = [r for r in ws.iter_rows(values_only=True)]
merged = list(ws.merged_cells.ranges)
print(len(rows))
""",
}


def make_sheet(path: Path, rows: int) -> None:
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("名单")
    ws.append(["2026年度聊城市中小企业公共服务示范平台申报汇总表"])
    ws.append(["序号", "平台名称", "运营单位", "统一社会信用代码", "所在县（市、区）", "类别", "服务功能", "认定年度", "认定日期"])
    for i in range(rows):
        ws.append([i + 1, f"聊城市第{i}号中小企业综合服务平台", f"聊城第{i}号企业服务有限公司", "91371502MA0000119D",
                   "东昌府区", "综合类", "信息服务、技术服务、培训服务、咨询服务", 2023, dt.date(2023, 12, 20)])
    wb.save(path)


def measure(code: str, path: Path) -> tuple[float, float]:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"PATH = {str(path)!r}\n" + code], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, peak_kb / 1024


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [1000, 10000]
    print("| 行数 | 文件大小 | 读取方式 | 用时（整个进程） | 峰值内存 |")
    print("| ---: | ---: | --- | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"list-{n}.xlsx"
            make_sheet(path, n)
            for name in READERS:
                # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: measure each reader in a fresh parent.
                out = subprocess.run([sys.executable, __file__, "--one", name, str(path)], check=True,
                                     capture_output=True, text=True).stdout.split()
                print(f"| {n:,} | {path.stat().st_size / 1024:.0f} KB | {name} | {float(out[0]):.2f} s | {float(out[1]):.0f} MB |")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        wall, mb = measure(READERS[sys.argv[2]], Path(sys.argv[3]))
        print(wall, mb)
        sys.exit(0)
    sys.exit(main(sys.argv[1:]))
