"""The registry folder is a sandbox (issue 12): only regular files inside SRC are read.

These are the corpus cases that cannot live in git (symbolic links, FIFOs, sockets,
devices, unreadable and sparse files): each is built in a copy of tests/fixtures/base/
and must give exactly the expected (code, path, line, col), never quote the content of
what it refused, never hang, and the build must refuse it too.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import socket
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from sme_registry.load import source_text
from sme_registry.site.build import build_site
from sme_registry.validate.report import validate
from tests.validate.test_corpus import BASE, ROOT, TODAY

SECRET = "SECRET-MUST-NOT-LEAK-7f3a"
NOTICE = "content/notices/2023-12-11-gongshi.md"
PLATFORM = "data/platforms/t-2023-001.yaml"


@pytest.fixture
def root(tmp_path) -> Path:
    shutil.copytree(BASE, tmp_path / "registry")
    (tmp_path / "outside.yaml").write_text(f"id: {SECRET}\nname: {SECRET}\n", encoding="utf-8")
    return tmp_path / "registry"


def _replace_with_link(root: Path, rel: str, target) -> None:
    path = root / rel
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.symlink_to(target)


def link_outside(root):
    _replace_with_link(root, PLATFORM, root.parent / "outside.yaml")
    return [("E116", PLATFORM, 1, 1)]


def link_inside(root):
    """Even a link to a file inside SRC is refused: the simplest rule to check."""
    (root / "data/platforms/t-2023-009.yaml").symlink_to("t-2023-001.yaml")
    return [("E116", "data/platforms/t-2023-009.yaml", 1, 1)]


def link_dev_zero(root):
    _replace_with_link(root, NOTICE, "/dev/zero")
    return [("E116", NOTICE, 1, 1)]


def link_proc_environ(root):
    _replace_with_link(root, "data/site.yaml", "/proc/self/environ")
    return [("E116", "data/site.yaml", 1, 1)]


def link_dangling(root):
    (root / "content/notices/2026-01-05-qita.md").symlink_to(root / "nowhere.md")
    return [("E116", "content/notices/2026-01-05-qita.md", 1, 1)]


def linked_notice_folder(root):
    outside = root.parent / "notices-elsewhere"
    shutil.copytree(root / "content/notices", outside)
    _replace_with_link(root, "content/notices", outside)
    return [("E116", "content/notices", 1, 1)]


def linked_data_folder(root):
    outside = root.parent / "data-elsewhere"
    shutil.copytree(root / "data", outside)
    _replace_with_link(root, "data", outside)
    return [("E116", "data", 1, 1)]


def linked_policy(root):
    _replace_with_link(root, "content/policy/measures.zh.txt", root.parent / "outside.yaml")
    return [("E116", "content/policy/measures.zh.txt", 1, 1)]


def fifo_notice(root):
    os.mkfifo(root / "content/notices/2026-01-05-qita.md")
    return [("E116", "content/notices/2026-01-05-qita.md", 1, 1)]


def fifo_calendar(root):
    (root / "data/calendar").mkdir()
    os.mkfifo(root / "data/calendar/2027.yaml")
    return [("E116", "data/calendar/2027.yaml", 1, 1)]


def socket_platform(root):
    sock = socket.socket(socket.AF_UNIX)
    with contextlib.chdir(root / "data/platforms"):  # AF_UNIX paths are limited to 108 bytes
        sock.bind("t-2023-009.yaml")
    sock.close()
    return [("E116", "data/platforms/t-2023-009.yaml", 1, 1)]


def sparse_huge_notice(root):
    """10 GB announced by the size: refused on fstat, nothing read."""
    with open(root / NOTICE, "r+b") as f:
        f.truncate(10 * 1024**3)
    return [("E102", NOTICE, 1, 1)]


CASES = {f.__name__: f for f in (
    link_outside, link_inside, link_dev_zero, link_proc_environ, link_dangling, linked_notice_folder,
    linked_data_folder, linked_policy, fifo_notice, fifo_calendar, socket_platform, sparse_huge_notice,
)}


def _problems(report) -> Counter:
    return Counter((p.code, p.path, p.line, p.col) for p in report.problems)


@pytest.mark.parametrize("case", sorted(CASES))
def test_sandbox_case(case, root):
    expected = Counter(CASES[case](root))
    _, report = validate(root, TODAY)
    # A refused file is not parsed: its notices / platforms then go missing, which the
    # cross-reference rules report; only the refusal itself is checked here.
    refused = Counter({k: v for k, v in _problems(report).items() if k[0] in ("E116", "E117", "E102")})
    assert refused == expected, "\n".join(p.text() for p in report.problems)
    text = "\n".join(p.text() for p in report.problems)
    assert SECRET not in text and "PATH=" not in text


@pytest.mark.parametrize("case", ["fifo_notice", "link_dev_zero", "sparse_huge_notice"])
def test_cli_neither_hangs_nor_reads(case, root):
    CASES[case](root)
    result = subprocess.run(
        [sys.executable, "-m", "sme_registry", "validate", "--src", str(root), "--today", "2026-11-25"],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=60,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "E1" in result.stdout


def test_device_node_is_refused(root):
    """Creating a device needs root; where it cannot be made, /dev/null's own mode is
    checked through the same classifier the loader uses."""
    path = root / "data/platforms/t-2023-009.yaml"
    try:
        os.mknod(path, 0o644 | 0o020000, os.makedev(1, 3))  # character device, like /dev/null
    except PermissionError:
        assert source_text.kind_of(os.lstat("/dev/null").st_mode) == "设备文件"
        return
    _, report = validate(root, TODAY)
    assert ("E116", "data/platforms/t-2023-009.yaml", 1, 1) in _problems(report)


def test_unreadable_file_is_e117_not_a_traceback(root, monkeypatch):
    """Tests may run as root (chmod 000 would not stop the read), so the permission error
    is raised where the loader opens the file."""
    target = str(root / PLATFORM)
    real_open = os.open

    def refusing_open(path, flags, *args):
        if str(path) == target:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_open(path, flags, *args)

    monkeypatch.setattr(source_text.os, "open", refusing_open)
    _, report = validate(root, TODAY)
    e117 = [p for p in report.problems if p.code == "E117"]
    assert [(p.path, p.line, p.col) for p in e117] == [(PLATFORM, 1, 1)]
    assert "没有读取权限" in e117[0].message


def test_a_file_that_grows_past_the_limit_while_read_is_refused(root, monkeypatch):
    monkeypatch.setattr(source_text, "MAX_FILE_BYTES", 64)
    real_fstat = os.fstat
    monkeypatch.setattr(source_text.os, "fstat", lambda fd: os.stat_result(
        (*real_fstat(fd)[:6], 10, *real_fstat(fd)[7:])))  # claims 10 bytes, holds more
    text, problems = source_text.read_text(root / PLATFORM, PLATFORM)
    assert text is None and [p.code for p in problems] == ["E102"]


@pytest.mark.parametrize("case", ["link_outside", "fifo_notice", "linked_notice_folder"])
def test_build_refuses_what_validate_refuses(case, root, tmp_path):
    CASES[case](root)
    out = tmp_path / "output"
    assert build_site(root, out, TODAY) == 1
    assert not out.exists()
