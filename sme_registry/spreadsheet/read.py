"""Reading an untrusted spreadsheet (xlsx, xls, WPS .et, csv) in a bounded child process.

The parent never parses the file. A child (`python -m sme_registry.spreadsheet.read FILE`)
runs under resource limits (address space, CPU seconds, a wall-clock timeout) and first
checks, BEFORE any parser sees the file: the file size; for zip-based files the number of
members, each member's and the total uncompressed size; and each worksheet's declared
dimension (`<dimension ref="A1:XFD1048576"/>`). Only then does python-calamine read it.
The child prints the cells as JSON; the parent turns a refusal or a killed child into a
coded problem. python-calamine was chosen from measurements (scripts/sheet_bench.py):
more than 10x faster than openpyxl at 10,000 rows, at a third of the memory (docs/spreadsheets.md).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 128 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLS = 200
MEMORY_BYTES = 1024 * 1024 * 1024
CPU_SECONDS = 30
TIMEOUT_SECONDS = 60
MAX_OUTPUT_BYTES = 256 * 1024 * 1024

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".csv")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref\s*=\s*[\"']([A-Za-z]{1,4})?(\d{1,8})?(?::([A-Za-z]{1,4})(\d{1,8}))?[\"']")
_SHEET_MEMBER = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.I)


class Refused(Exception):
    """The file is not read: (code, fields for the catalogue message)."""

    def __init__(self, code: str, **fields):
        super().__init__(code)
        self.code = code
        self.fields = fields


@dataclass
class Sheet:
    name: str
    rows: list[list]  # row-major cells from A1: str, int, float, bool, dt.date; "" when empty
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row0, col0, row1, col1), 0-based


# --------------------------------------------------------------------------- parent side


def read_workbook(path: Path) -> list[Sheet]:
    """Every sheet of the file, or Refused. Reading happens in a bounded child process."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise Refused("E600", detail=f"不支持的文件类型“{path.suffix or '（无扩展名）'}”，请另存为 .xlsx、.xls、.et 或 .csv")
    if not path.is_file():
        raise Refused("E600", detail="文件不存在")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise Refused("E601", size=size, limit=MAX_FILE_BYTES)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        result = subprocess.run(
            [sys.executable, "-E", "-B", "-m", "sme_registry.spreadsheet.read", str(path.resolve())],
            capture_output=True, timeout=TIMEOUT_SECONDS, preexec_fn=_limits, env=env,
            cwd=str(Path(__file__).resolve().parents[2]),
        )
    except subprocess.TimeoutExpired:
        raise Refused("E604", detail=f"读取超过 {TIMEOUT_SECONDS} 秒") from None
    if result.returncode != 0 or len(result.stdout) > MAX_OUTPUT_BYTES:
        raise Refused("E604", detail=_death(result))
    answer = json.loads(result.stdout.decode("utf-8"))
    if "refused" in answer:
        raise Refused(answer["refused"], **answer["fields"])
    return [Sheet(s["name"], [[_cell_in(c) for c in row] for row in s["rows"]], [tuple(m) for m in s["merged"]])
            for s in answer["sheets"]]


def _limits() -> None:  # runs in the child before exec
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _death(result) -> str:
    import signal

    memory = f"读取所需内存超过上限 {MEMORY_BYTES // 1024 // 1024} MB，已终止（文件可能声明或含有极大的单元格区域）"
    if b"memory allocation" in result.stderr or b"MemoryError" in result.stderr:
        return memory
    if result.returncode == -signal.SIGXCPU:
        return f"读取超过 {CPU_SECONDS} 秒 CPU 时间，已终止"
    if result.returncode in (-signal.SIGABRT, -signal.SIGKILL, -signal.SIGSEGV):
        return memory
    if result.returncode < 0:
        return f"读取进程被终止（信号 {-result.returncode}）"
    return "文件已损坏或不是有效的表格文件"


def _cell_in(value):
    if isinstance(value, dict):
        return dt.date.fromisoformat(value["date"])
    return value


# --------------------------------------------------------------------------- child side


def column_letters(n: int) -> str:
    """0-based column index → A, B, …, Z, AA …"""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def check_zip(data: bytes) -> None:
    """Refuse a zip whose declared sizes or sheet dimensions exceed the caps (before parsing)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise Refused("E600", detail="文件已损坏（不是有效的 xlsx 压缩包）") from None
    if len(members) > MAX_MEMBERS:
        raise Refused("E602", detail=f"压缩包内有 {len(members)} 个文件，超过上限 {MAX_MEMBERS}")
    total = 0
    for info in members:
        if info.file_size > MAX_MEMBER_BYTES:
            raise Refused("E602", detail=f"其中“{info.filename[:60]}”解压后 {info.file_size} 字节，超过单个上限 {MAX_MEMBER_BYTES}")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise Refused("E602", detail=f"解压后共 {total} 字节，超过上限 {MAX_TOTAL_BYTES}")
    for info in members:
        if not _SHEET_MEMBER.match(info.filename):
            continue
        with archive.open(info) as stream:
            head = _read_limited(stream, 256 * 1024)
        match = _DIMENSION.search(head)
        if match is None:
            continue
        last_col, last_row = match.group(3) or match.group(1), match.group(4) or match.group(2)
        rows = int(last_row) if last_row else 1
        cols = _column_number(last_col.decode()) if last_col else 1
        if rows > MAX_ROWS or cols > MAX_COLS:
            ref = match.group(0).split(b"ref", 1)[1].strip(b" =\"'").decode("ascii", "replace")
            raise Refused("E603", ref=ref, rows=rows, cols=cols, max_rows=MAX_ROWS, max_cols=MAX_COLS)


def _read_limited(stream, limit: int) -> bytes:
    """At most `limit` decompressed bytes; a lying size header cannot make this read more."""
    try:
        return stream.read(limit)
    except (zipfile.BadZipFile, OSError, EOFError):
        raise Refused("E600", detail="文件已损坏（压缩数据无法解开）") from None


def _read_csv(data: bytes) -> list[Sheet]:
    import csv

    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly any byte string
        raise Refused("E612")
    if "\x00" in text:
        raise Refused("E612")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    _check_shape(len(rows), max((len(r) for r in rows), default=0), "CSV")
    return [Sheet("CSV", [[c.strip("\ufeff") for c in row] for row in rows])]


def _check_shape(rows: int, cols: int, ref: str) -> None:
    if rows > MAX_ROWS or cols > MAX_COLS:
        raise Refused("E603", ref=ref, rows=rows, cols=cols, max_rows=MAX_ROWS, max_cols=MAX_COLS)


def _read_spreadsheet(data: bytes) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    if data[:4] == b"PK\x03\x04":
        check_zip(data)
    elif data[:8] != bytes.fromhex("D0CF11E0A1B11AE1"):
        raise Refused("E600", detail="文件内容不是 Excel/WPS 表格（可能只是改了扩展名）")
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for index, name in enumerate(book.sheet_names):
            sheet = book.get_sheet_by_index(index)
            _check_shape(sheet.total_height, sheet.total_width, f"工作表“{name}”")
            rows = sheet.to_python(skip_empty_area=False)
            start = sheet.start or (0, 0)
            if rows and start != (0, 0) and _starts_offset(sheet, rows):
                rows = [[""] * start[1] + list(r) for r in rows]
                rows = [[""] * len(rows[0]) for _ in range(start[0])] + rows
            merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
            sheets.append(Sheet(name, [list(r) for r in rows], merged))
        return sheets
    except Refused:
        raise
    except Exception as exc:  # calamine raises its own error types for broken files
        raise Refused("E600", detail=f"文件已损坏或格式不受支持（{type(exc).__name__}）") from None


def _starts_offset(sheet, rows) -> bool:
    """Whether to_python() left out the empty area before sheet.start (versions differ)."""
    return len(rows) < (sheet.end[0] + 1) if sheet.end else False


def _cell_out(value):
    if isinstance(value, dt.datetime):
        return {"date": value.date().isoformat()} if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    return value


def child_main(path: str) -> int:
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise Refused("E601", size=len(data), limit=MAX_FILE_BYTES)
        sheets = _read_csv(data) if path.lower().endswith(".csv") else _read_spreadsheet(data)
        answer = {"sheets": [{"name": s.name, "rows": [[_cell_out(c) for c in r] for r in s.rows],
                              "merged": s.merged} for s in sheets]}
    except Refused as exc:
        answer = {"refused": exc.code, "fields": exc.fields}
    sys.stdout.write(json.dumps(answer, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1]))
