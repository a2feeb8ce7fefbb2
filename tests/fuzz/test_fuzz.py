"""Fuzzing the input side of the trust boundary (issue 12, item 9).

Hypothesis mutates a copy of the example registry (tests/fixtures/base/): byte flips,
inserted control and line-separator characters, line-ending changes, deep nesting, huge
numbers, random Unicode, renamed, moved and symlinked files. For every mutated registry:

- validation never raises (no traceback) and the CLI exits 0 or 1 only;
- every problem's position lies inside its file (1 ≤ line ≤ number of lines,
  1 ≤ col ≤ length of that line + 1, counted in characters);
- on a sample, the build agrees with validation (exit 0 exactly when validate found no
  error) and publishes nothing from outside the registry.

`make test` runs FUZZ_EXAMPLES=300 validations and FUZZ_BUILDS=6 builds;
`make fuzz` runs many more (see the Makefile).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme_registry import cli
from sme_registry.site.build import build_site
from sme_registry.validate.report import validate
from tests.validate.test_corpus import BASE, TODAY

pytestmark = pytest.mark.slow  # whole builds / subprocesses: left out of make test-fast

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
BUILDS = max(1, int(os.environ.get("FUZZ_BUILDS", "6")))
SECRET = "FUZZ-OUTSIDE-SECRET-5be1"
FILES = sorted(p.relative_to(BASE).as_posix() for p in BASE.rglob("*") if p.is_file())
TEXT_FILES = [f for f in FILES if f.endswith((".yaml", ".md"))]
ODD_CHARS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f", "\r", "\u2028", "\u2029",
             "\ufeff", "\u200b", "\u202e", "\u3000", "：", "\t", "\n", "#", ":", "- ", "[", "{", "'", '"', "&a ", "*a",
             "!!python/object ", "%YAML 1.1\n", "---\n", "...\n", "<style>", "<textarea>", "<!--", "\\"]
NAMES = ["²⁰²⁷.yaml", "T-2023-001.yaml", "x.yml", "x.rst", "x.html", "x.md", "2027.yaml", "a b.md", ".hidden.yaml",
         "sub/x.md", "sub/x.yaml", "sub/sub/x.rst", "x", "x.yaml.bak", "é.md", "--.md", "a--b.yaml"]
FOLDERS = ["data/platforms", "content/notices", "data/calendar", "content", "data", "content/policy"]


# ---- mutations: each takes (root, data) and changes the copy in place ------------------

def _pick_text(root: Path, data) -> Path | None:
    candidates = [root / f for f in TEXT_FILES + ["content/policy/measures.zh.txt"] if (root / f).is_file()
                  and not (root / f).is_symlink()]
    return data.draw(st.sampled_from(candidates)) if candidates else None


def _edit_bytes(root, data, edit):
    path = _pick_text(root, data)
    if path is not None:
        raw = path.read_bytes()
        path.write_bytes(edit(raw, data.draw(st.integers(0, max(len(raw), 1)))))


def flip_byte(root, data):
    value = data.draw(st.integers(0, 255))
    _edit_bytes(root, data, lambda raw, i: raw[:i] + bytes([value]) + raw[i + 1:])


def insert_char(root, data):
    char = data.draw(st.sampled_from(ODD_CHARS)).encode("utf-8")
    _edit_bytes(root, data, lambda raw, i: raw[:i] + char + raw[i:])


def insert_unicode(root, data):
    text = data.draw(st.text(min_size=1, max_size=12)).encode("utf-8", "surrogatepass")
    _edit_bytes(root, data, lambda raw, i: raw[:i] + text + raw[i:])


def delete_span(root, data):
    size = data.draw(st.integers(1, 40))
    _edit_bytes(root, data, lambda raw, i: raw[:i] + raw[i + size:])


def line_endings(root, data):
    path = _pick_text(root, data)
    if path is not None:
        ending = data.draw(st.sampled_from([b"\r\n", b"\r", b"\n\r", b"\r\r\n"]))
        raw = path.read_bytes()
        if data.draw(st.booleans()):
            path.write_bytes(raw.replace(b"\n", ending))
        else:
            lines = raw.split(b"\n")
            n = data.draw(st.integers(0, len(lines) - 1))
            path.write_bytes(b"\n".join(lines[:n]) + ending + b"\n".join(lines[n:]))


def deep_nesting(root, data):
    depth = data.draw(st.sampled_from([19, 20, 21, 22, 60, 150, 5000, 40000]))
    opener = data.draw(st.sampled_from(["[", "{a: ", "- ", "[{x: "]))
    closer = {"[": "]", "{a: ": "}", "- ": "", "[{x: ": "}]"}[opener]
    nested = opener * depth + "x" + closer * depth
    _edit_bytes(root, data, lambda raw, i: raw[:i] + nested.encode() + raw[i:])


def huge_number(root, data):
    number = data.draw(st.sampled_from(["9" * 16, "9" * 5001, "1e999", "-1.0e400", "1" + "0" * 15 + ".5",
                                        "4.0", "0.0", "-0", "+7", "1_000", "0x1F", "0o17", ".inf", "nan"]))
    path = _pick_text(root, data)
    if path is not None:
        text = path.read_bytes().decode("utf-8", "replace")
        digits = [i for i, c in enumerate(text) if c.isdigit() and (i == 0 or not text[i - 1].isdigit())]
        if digits:
            i = data.draw(st.sampled_from(digits))
            j = i
            while j < len(text) and text[j].isdigit():
                j += 1
            path.write_bytes((text[:i] + number + text[j:]).encode("utf-8"))


def rename_file(root, data):
    source = root / data.draw(st.sampled_from(FILES))
    if source.is_file():
        target = root / data.draw(st.sampled_from(FOLDERS)) / data.draw(st.sampled_from(NAMES))
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            source.rename(target)


def symlink_file(root, data):
    link = root / data.draw(st.sampled_from(FOLDERS)) / data.draw(st.sampled_from(NAMES + ["t-2023-009.yaml"]))
    target = data.draw(st.sampled_from([root.parent / "outside.yaml", Path("/dev/zero"), Path("/proc/self/environ"),
                                        root / "data/site.yaml", root / "nowhere", root / "content/notices"]))
    link.parent.mkdir(parents=True, exist_ok=True)
    if not link.exists() and not link.is_symlink():
        link.symlink_to(target)
    elif data.draw(st.booleans()) and link.is_file():
        link.unlink()
        link.symlink_to(target)


def fifo_file(root, data):
    path = root / data.draw(st.sampled_from(FOLDERS)) / data.draw(st.sampled_from(NAMES))
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        os.mkfifo(path)


MUTATIONS = [flip_byte, insert_char, insert_unicode, delete_span, line_endings, deep_nesting, huge_number,
             rename_file, symlink_file, fifo_file]


# ---- the properties ------------------------------------------------------------------

def _mutated(data, tmp: Path) -> Path:
    root = tmp / "registry"
    shutil.copytree(BASE, root)
    (tmp / "outside.yaml").write_text(f"id: {SECRET}\nname: {SECRET}\n", encoding="utf-8")
    for mutation in data.draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        mutation(root, data)
    return root


def _lines_of(path: Path) -> list[str] | None:
    """The file's lines as the loader counts them, or None for what it does not read."""
    if path.is_symlink() or not path.is_file():
        return None
    raw = path.read_bytes()
    text = raw.decode("utf-8", "replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").split("\n")


def _assert_positions_inside(root: Path, report) -> None:
    for p in report.problems:
        assert p.line >= 1 and p.col >= 1, p.text()
        lines = _lines_of(root / p.path)
        if lines is None:
            assert (p.line, p.col) == (1, 1), p.text()
            continue
        assert p.line <= len(lines), f"{p.text()} — 文件只有 {len(lines)} 行"
        if p.code != "E101":  # E101's column is counted in the bytes decoded so far
            assert p.col <= len(lines[p.line - 1]) + 1, f"{p.text()} — 该行只有 {len(lines[p.line - 1])} 个字符"


def _validate_cli(root: Path) -> int:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        return cli.main(["validate", "--src", str(root), "--today", TODAY.isoformat()])


@contextlib.contextmanager
def _validated(data):
    """A mutated registry in a temporary folder, validated, its positions checked."""
    with tempfile.TemporaryDirectory() as tmp:
        root = _mutated(data, Path(tmp))
        _, report = validate(root, TODAY)
        _assert_positions_inside(root, report)
        assert SECRET not in "\n".join(p.text() for p in report.problems)
        yield Path(tmp), root, report


@settings(max_examples=EXAMPLES, suppress_health_check=list(HealthCheck), deadline=None)
@given(st.data())
def test_mutated_registry_validates_without_traceback(data):
    with _validated(data) as (_, root, _report):
        assert _validate_cli(root) in (0, 1)


@settings(max_examples=BUILDS, suppress_health_check=list(HealthCheck), deadline=None)
@given(st.data())
def test_mutated_registry_builds_exactly_when_it_validates(data):
    with _validated(data) as (tmp, root, report):
        out = tmp / "output"
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
            code = build_site(root, out, TODAY)
        assert code == (1 if report.errors else 0), err.getvalue()
        if code == 0:
            for path in out.rglob("*"):
                if path.is_file():
                    assert SECRET.encode() not in path.read_bytes(), path
        else:
            assert not out.exists()
