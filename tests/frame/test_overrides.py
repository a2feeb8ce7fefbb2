"""The host site's own header and footer replace the theme's on every page
(--template-overrides → Pelican THEME_TEMPLATES_OVERRIDES; docs/host-frame.md)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from sme_registry.site.build import build_site
from tests.conftest import EXAMPLE_TODAY, ROOT
from tests.gates.pages import html_pages

pytestmark = pytest.mark.slow  # whole builds: left out of make test-fast

HEADER = """<header class="host-header" data-host-frame>
  <p><a href="{{ SITEURL }}/index.html">宿主网站页头</a> · {{ SME_SITE.bureau.name }}</p>
  {% include "partials/large-text-toggle.html" %}
</header>
"""
FOOTER = """<footer class="host-footer" data-host-frame><p>宿主网站页脚 {{ SME_FRAME.portal_name }}</p></footer>
"""


def _overrides(tmp_path):
    folder = tmp_path / "host-templates"
    (folder / "partials").mkdir(parents=True)
    (folder / "partials/header.html").write_text(HEADER, encoding="utf-8")
    (folder / "partials/footer.html").write_text(FOOTER, encoding="utf-8")
    return folder


def test_host_header_and_footer_replace_the_frame_on_every_page(tmp_path):
    out = tmp_path / "output"
    # Built once without overrides first, into the same folder: the rendered-page cache must
    # not hand back platform pages made with the theme's frame.
    assert build_site(ROOT, out, EXAMPLE_TODAY) == 0
    assert build_site(ROOT, out, EXAMPLE_TODAY, template_overrides=_overrides(tmp_path)) == 0

    def right(rel, doc):
        host = doc.select("[data-host-frame]")
        return all((
            [e.name for e in host] == ["header", "footer"],
            not doc.select(".site-header, .site-footer, .site-nav"),
            len(host) == 2 and "宿主网站页脚 中国中小企业聊城网" in host[1].get_text(),
            bool(doc.select("header [data-large-text-toggle]")),
            # the page's own content and the 示例数据 notice stay
            doc.select_one("main#main") is not None and doc.select_one(".example-banner") is not None,
        ))

    assert _pages_not(out, right) == []


def _pages_not(out, right) -> list:
    """The pages of the site in `out` (more than 60) for which right(path, parsed page) is false."""
    pages = html_pages(out)
    assert len(pages) > 60
    return [rel for rel in pages if not right(rel, BeautifulSoup((out / rel).read_text(encoding="utf-8"), "html.parser"))]


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "sme_registry", "build", *args], cwd=ROOT, capture_output=True,
                          text=True, env={"PATH": "/usr/bin:/bin", "TODAY": "2026-11-25"})


def test_overrides_inside_the_source_tree_are_refused(tmp_path):
    result = _cli("--output", str(tmp_path / "out"), "--template-overrides", "theme")
    assert result.returncode == 2
    assert "位于名录目录" in result.stderr and "模板能执行代码" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_missing_overrides_folder_is_a_usage_error(tmp_path):
    result = _cli("--output", str(tmp_path / "out"), "--template-overrides", str(tmp_path / "none"))
    assert result.returncode == 2 and "模板覆盖目录不存在" in result.stderr


def test_overrides_from_the_environment(tmp_path):
    folder = _overrides(tmp_path)
    result = subprocess.run([sys.executable, "-m", "sme_registry", "build", "--output", str(tmp_path / "out")],
                            cwd=ROOT, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "TODAY": "2026-11-25", "TEMPLATE_OVERRIDES": str(folder)})
    assert result.returncode == 0, result.stderr[-1500:]
    assert "宿主网站页头" in (tmp_path / "out/index.html").read_text(encoding="utf-8")


def test_a_host_footer_that_reads_the_page_gets_each_page_its_own(tmp_path):
    """The frame's partials are rendered once per set of values they read (frame_partials):
    a host footer that shows something of each page has it on every page."""
    folder = _overrides(tmp_path)
    (folder / "partials/footer.html").write_text(
        '<footer data-host-frame><p data-page>{{ output_file }}</p>{% include "!theme/partials/footer.html" %}</footer>\n',
        encoding="utf-8")
    out = tmp_path / "output"
    assert build_site(ROOT, out, EXAMPLE_TODAY, template_overrides=folder) == 0
    def right(rel, doc):
        shown = doc.select_one("footer[data-host-frame] [data-page]")
        return shown is not None and shown.get_text() == str(rel) and bool(doc.select("footer[data-host-frame] .site-footer"))

    assert _pages_not(out, right) == []
