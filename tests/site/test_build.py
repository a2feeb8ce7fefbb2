"""The build is deterministic, atomic, and works from a sub-path."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlparse

from bs4 import BeautifulSoup

from sme_registry.cli import main as cli_main
from sme_registry.site.build import build_site
from tests.conftest import EXAMPLE_TODAY, ROOT, serve


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _copy_registry(dest: Path) -> Path:
    for part in ("data", "content"):
        shutil.copytree(ROOT / part, dest / part)
    return dest


def test_two_builds_are_byte_identical(example_site, tmp_path):
    again = tmp_path / "again"
    assert build_site(ROOT, again, EXAMPLE_TODAY) == 0
    assert _tree_digest(again) == _tree_digest(example_site)


def test_broken_data_leaves_previous_output_untouched(tmp_path, capsys):
    src = _copy_registry(tmp_path / "src")
    out = tmp_path / "output"
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    before = _tree_digest(out)
    target = src / "data/platforms/lc-2023-001.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("category: 综合类", "category: 综合"),
                      encoding="utf-8")
    capsys.readouterr()
    assert build_site(src, out, EXAMPLE_TODAY) == 1
    assert capsys.readouterr() == ("", ""), "the library prints nothing; the command line does"
    assert cli_main(["build", "--src", str(src), "--output", str(out), "--today", EXAMPLE_TODAY.isoformat()]) == 1
    err = capsys.readouterr().err
    assert "data/platforms/lc-2023-001.yaml:" in err and "E302" in err and "网站未生成" in err
    assert _tree_digest(out) == before
    assert not [p for p in tmp_path.iterdir() if ".building-" in p.name], "staging folder left behind"


def test_broken_template_leaves_previous_output_untouched(tmp_path, monkeypatch):
    out = tmp_path / "output"
    assert build_site(ROOT, out, EXAMPLE_TODAY) == 0
    before = _tree_digest(out)
    monkeypatch.setattr("sme_registry.derive.views.platform_url", lambda pid: 1 / 0)
    assert build_site(ROOT, out, EXAMPLE_TODAY) == 1
    assert _tree_digest(out) == before


def test_every_link_resolves_when_served_from_a_sub_path(example_site):
    with serve(example_site, mount="sme") as base:
        assert urlparse(base).path == "/sme/"
        checked = set()
        for page in sorted(example_site.rglob("*.html")):
            rel = page.relative_to(example_site).as_posix()
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            page_url = urljoin(base, rel)
            for tag in soup.find_all(["a", "link", "script"]):
                ref = tag.get("href") or tag.get("src")
                if not ref or ref.startswith(("mailto:", "tel:", "#")):
                    continue
                if "external" in (tag.get("rel") or []) and ref.startswith(("https://", "http://")):
                    continue  # a platform's own website (rel="external"), opened only by a click
                assert not ref.startswith("/"), f"{rel}: 绝对路径 {ref}"
                target = urljoin(page_url, ref).split("#")[0].split("?")[0]
                assert urlparse(target).netloc == urlparse(base).netloc, f"{rel}: 站外链接 {ref}"
                if target in checked:
                    continue
                try:
                    with urllib.request.urlopen(target) as response:
                        assert response.status == 200
                except urllib.error.HTTPError as exc:
                    raise AssertionError(f"{rel}: {ref} → {exc.code}") from None
                checked.add(target)
        assert len(checked) > 100


def test_command_line_build_equals_in_process_build(example_site, tmp_path):
    """The CLI forks (search index on the second core); in pytest, with threads alive, the
    same work runs inline. Both must write the same bytes."""
    out = tmp_path / "cli"
    done = subprocess.run([sys.executable, "-m", "sme_registry", "build", "--src", str(ROOT), "--output", str(out),
                           "--today", EXAMPLE_TODAY.isoformat()], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert _tree_digest(out) == _tree_digest(example_site)
