"""List rows are rendered once per build with a stand-in for SITEURL that each list page
replaces with its own site URL (generators.ROW_SITEURL); a template that does more with
SITEURL than print it gets its rows rendered directly, never a wrong link."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from sme_registry.site.build import build_site
from sme_registry.site.pelican.generators import ROW_SITEURL, with_siteurl
from tests.conftest import EXAMPLE_TODAY, ROOT

pytestmark = pytest.mark.slow  # whole builds: left out of make test-fast

LINK = '<a href="{{ SITEURL }}/{{ p.url }}">{{ p.name }}</a>'


def _row_links(page) -> list[str]:
    doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [a["href"] for a in doc.select("table.platform-table tbody tr[data-id] th a")]


def _county_page(out):
    return sorted((out / "platforms/county").glob("*/index.html"))[0]


def test_the_stand_in_becomes_each_page_s_own_escaped_site_url():
    text = f'<a href="{ROW_SITEURL}/platforms/x/">x</a> {ROW_SITEURL}'
    assert with_siteurl(text, "../..") == '<a href="../../platforms/x/">x</a> ../..'
    assert with_siteurl(text, "https://a.example/?s=1&t=2") == (
        '<a href="https://a.example/?s=1&amp;t=2/platforms/x/">x</a> https://a.example/?s=1&amp;t=2')


def test_rows_link_from_the_list_and_from_a_county_page(example_site):
    for page, up in ((example_site / "platforms/index.html", ".."), (_county_page(example_site), "../../..")):
        links = _row_links(page)
        assert links, page
        assert all(href.startswith(f"{up}/platforms/") and href.endswith("/") for href in links), (page, links[:3])
        assert all((page.parent / href / "index.html").is_file() for href in links)


def test_a_template_that_filters_siteurl_gets_its_rows_rendered_directly(tmp_path):
    components = (ROOT / "theme/templates/components.html").read_text(encoding="utf-8")
    assert components.count(LINK) == 1
    folder = tmp_path / "overrides"
    folder.mkdir()
    (folder / "components.html").write_text(
        components.replace(LINK, '<a href="{{ SITEURL|replace(".", "d") }}/{{ p.url }}">{{ p.name }}</a>'),
        encoding="utf-8")
    out = tmp_path / "output"
    assert build_site(ROOT, out, EXAMPLE_TODAY, template_overrides=folder) == 0
    for page, up in ((out / "platforms/index.html", "dd"), (_county_page(out), "dd/dd/dd")):
        links = _row_links(page)
        assert links and all(href.startswith(f"{up}/platforms/") for href in links), (page, links[:3])
        assert "\x01" not in page.read_text(encoding="utf-8")
