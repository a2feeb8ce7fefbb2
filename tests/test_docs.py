"""Docs cannot drift: every make target and every document is reachable from the README."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def _targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    for extra in sorted((ROOT / "mk").glob("*.mk")):
        text += extra.read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):.*##", text, flags=re.M))


def test_readme_opens_with_serve_and_test():
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:12]
    assert any("make serve" in line for line in head) and any("make test" in line for line in head)


def test_every_documented_make_target_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = sorted(t for t in _targets() if f"make {t}" not in readme)
    assert not missing, f"README.md 没有说明这些 make 命令：{missing}"


def test_every_document_is_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = sorted(p.name for p in (ROOT / "docs").glob("*.md") if f"docs/{p.name}" not in readme)
    assert not missing, f"README.md 没有链接这些文档：{missing}"


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci/run").read_text(encoding="utf-8")
