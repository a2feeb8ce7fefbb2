"""Hostile spreadsheets are refused before parsing, in a bounded process, with a Chinese message."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from sme_registry.spreadsheet import read
from sme_registry.spreadsheet.read import Refused, read_workbook


def _small_xlsx() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["平台名称", "运营单位", "统一社会信用代码"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _rewrite(data: bytes, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                body = change(body)
            dst.writestr(info.filename, body)
    return out.getvalue()


def test_zip_bomb_is_refused_from_its_declared_size(tmp_path):
    path = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b" " * (1024 * 1024)
            for _ in range(read.MAX_MEMBER_BYTES // len(chunk) + 8):
                member.write(chunk)
    assert path.stat().st_size < 1024 * 1024  # a small file that unpacks to more than the cap
    with pytest.raises(Refused) as caught:
        read_workbook(path)
    assert caught.value.code == "E602"
    assert "压缩炸弹" in _message(caught.value)


def test_sheet_claiming_xfd1048576_is_refused_before_parsing(tmp_path):
    path = tmp_path / "超大.xlsx"
    data = _rewrite(_small_xlsx(), lambda b: re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:XFD1048576"/>', b))
    path.write_bytes(data)
    with pytest.raises(Refused) as caught:
        read_workbook(path)
    assert caught.value.code == "E603"
    assert "A1:XFD1048576" in _message(caught.value) and "1048576 行 × 16384 列" in _message(caught.value)


def test_far_cell_without_dimension_is_stopped_by_the_memory_limit(tmp_path):
    """No declared dimension, one cell at XFD1048576: the parser would allocate the whole
    range; the child's address-space limit stops it and the parent reports it."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = "平台名称"
    wb.active["XFD1048576"] = "x"
    buffer = io.BytesIO()
    wb.save(buffer)
    path = tmp_path / "远处.xlsx"
    path.write_bytes(_rewrite(buffer.getvalue(), lambda b: re.sub(rb"<dimension[^>]*/>", b"", b)))
    with pytest.raises(Refused) as caught:
        read_workbook(path)
    assert caught.value.code in ("E603", "E604")
    assert "内存" in _message(caught.value) or "超过上限" in _message(caught.value)


def test_not_a_spreadsheet_and_too_large(tmp_path, monkeypatch):
    fake = tmp_path / "名单.xlsx"
    fake.write_text("这不是表格", encoding="utf-8")
    with pytest.raises(Refused) as caught:
        read_workbook(fake)
    assert caught.value.code == "E600"
    other = tmp_path / "名单.docx"
    other.write_bytes(_small_xlsx())
    with pytest.raises(Refused) as caught:
        read_workbook(other)
    assert caught.value.code == "E600"
    monkeypatch.setattr(read, "MAX_FILE_BYTES", 100)
    good = tmp_path / "好.xlsx"
    good.write_bytes(_small_xlsx())
    with pytest.raises(Refused) as caught:
        read_workbook(good)
    assert caught.value.code == "E601"


def test_csv_with_nul_bytes_is_refused(tmp_path):
    path = tmp_path / "名单.csv"
    path.write_bytes("平台名称,运营单位\n".encode() + b"\x00\x00")
    with pytest.raises(Refused) as caught:
        read_workbook(path)
    assert caught.value.code == "E612"


def test_the_child_runs_with_limits(tmp_path):
    """The limits really apply in the reading process (read from /proc by a child of the same kind)."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", "import resource; print(resource.getrlimit(resource.RLIMIT_AS)[0], "
                             "resource.getrlimit(resource.RLIMIT_CPU)[0])"],
                            preexec_fn=read._limits, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == [str(read.MEMORY_BYTES), str(read.CPU_SECONDS)]


def _message(exc: Refused) -> str:
    from sme_registry.problems.codes import CATALOGUE

    return CATALOGUE[exc.code].template.format(**exc.fields)


def test_cells_come_back_typed(tmp_path):
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    ws["B3"] = "平台"
    ws["C3"] = 2023
    ws["D3"] = dt.date(2023, 12, 20)
    ws.merge_cells("B1:D1")
    path = tmp_path / "x.xlsx"
    wb.save(path)
    (sheet,) = read_workbook(Path(path))
    assert sheet.name == "名单"
    assert sheet.rows[2][1:4] == ["平台", 2023, dt.date(2023, 12, 20)]
    assert sheet.merged == [(0, 1, 0, 3)]
