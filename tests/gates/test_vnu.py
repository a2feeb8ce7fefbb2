"""Valid HTML and CSS: the Nu HTML Checker (vnu-jar from npm) over EVERY generated page of
the example and the hostile site in one batch (the JVM is slow to start), and once with
--css over every stylesheet. Zero errors."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.slow  # whole builds / subprocesses: left out of make test-fast


def _vnu(jar: Path, files: list[Path], *options: str) -> list[dict]:
    done = subprocess.run(["java", "-Xss8m", "-jar", str(jar), "--errors-only", "--format", "json", *options,
                           *map(str, files)], capture_output=True, text=True, timeout=600)
    # vnu writes its JSON report to stderr and exits 1 when there are errors.
    report = json.loads(done.stderr or done.stdout)
    return [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


def _describe(messages: list[dict], roots: dict[Path, str]) -> str:
    lines = []
    for m in messages:
        path = Path(unquote(urlsplit(m.get("url", "")).path))
        shown = str(path)
        for root, label in roots.items():
            if path.is_relative_to(root):
                shown = f"{label}/{path.relative_to(root).as_posix()}"
        lines.append(f"{shown}:{m.get('lastLine', '?')}: {m.get('message')} 「{(m.get('extract') or '').strip()[:80]}」")
    return "\n".join(lines[:80]) + (f"\n……另有 {len(lines) - 80} 处" if len(lines) > 80 else "")


def test_every_html_page_is_valid(vnu_jar, example_site, hostile_site):
    files = sorted(example_site.rglob("*.html")) + sorted(hostile_site.rglob("*.html"))
    assert len(files) > 60
    errors = _vnu(vnu_jar, files)
    roots = {example_site.resolve(): "示例站", hostile_site.resolve(): "敌意数据站"}
    assert not errors, f"Nu HTML Checker 在 {len(files)} 个页面中发现 {len(errors)} 处错误：\n" + _describe(errors, roots)


def test_every_stylesheet_is_valid(vnu_jar, example_site):
    files = sorted(example_site.rglob("*.css"))
    assert files, "输出中没有 CSS 文件"
    errors = _vnu(vnu_jar, files, "--css")
    assert not errors, f"CSS 检查在 {len(files)} 个文件中发现 {len(errors)} 处错误：\n" + \
        _describe(errors, {example_site.resolve(): "示例站"})
