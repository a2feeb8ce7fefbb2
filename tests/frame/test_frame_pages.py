"""The frame's checks and pages: filing number formats, the badge image as an untrusted
file, the 网站声明/隐私 Markdown, and the 网站地图 that lists every page."""

from __future__ import annotations

import posixpath

import pytest
from bs4 import BeautifulSoup

from sme_registry.load.site_frame import ICP, POLICE, image_kind
from sme_registry.validate.report import validate
from tests.conftest import EXAMPLE_TODAY
from tests.frame.helpers import build, jpeg, png, registry_copy, set_setting
from tests.gates.pages import html_pages


@pytest.mark.parametrize("value", ["鲁ICP备12345678号", "鲁ICP备12345678号-1", "京ICP备2023012345号-12"])
def test_icp_numbers_in_use_are_accepted(value):
    assert ICP.match(value)


@pytest.mark.parametrize("value", ["鲁ICP证12345678号", "ICP备12345678号", "鲁ICP备1234567号", "鲁ICP备12345678",
                                   "鲁B2-20080123", "鲁ICP备12345678号-", "鲁ICP备１２３４５６７８号"])
def test_malformed_icp_numbers_are_refused(value):
    assert not ICP.match(value)


@pytest.mark.parametrize("value,digits", [("鲁公网安备 37150202000123号", "37150202000123"),
                                          ("川公网安备51012402000444号", "51012402000444")])
def test_police_record_digits_are_read(value, digits):
    assert POLICE.match(value).group(1) == digits


@pytest.mark.parametrize("value", ["鲁公网安备 3715020200012号", "公网安备 37150202000123号", "鲁公网安备 37150202000123"])
def test_malformed_police_records_are_refused(value):
    assert not POLICE.match(value)


def test_image_kind_is_judged_by_content():
    assert image_kind(png()) == "png"
    assert image_kind(jpeg()) == "jpg"
    assert image_kind(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>") is None
    assert image_kind(png()[:20]) is None  # a truncated PNG
    assert image_kind(b"GIF89a" + b"\0" * 40) is None


def test_a_badge_that_is_a_link_is_refused(tmp_path):
    src = registry_copy(tmp_path)
    (tmp_path / "outside.png").write_bytes(png())
    (src / "content/site").mkdir()
    (src / "content/site/dzjg.png").symlink_to(tmp_path / "outside.png")
    set_setting(src, "gov_badge", {"image": "content/site/dzjg.png", "id": "0" * 32})
    _, report = validate(src, EXAMPLE_TODAY)
    assert [(p.code, p.path) for p in report.errors] == [("E116", "content/site/dzjg.png")]


def test_a_pages_folder_that_is_a_link_is_refused(tmp_path):
    src = registry_copy(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/statement.md").write_text("## 外部的声明\n", encoding="utf-8")
    (src / "content/pages").symlink_to(tmp_path / "elsewhere")
    _, report = validate(src, EXAMPLE_TODAY)
    assert [(p.code, p.path) for p in report.errors] == [("E116", "content/pages")]


def test_a_jpeg_badge_is_published_as_jpg(tmp_path):
    src = registry_copy(tmp_path)
    (src / "content/site").mkdir()
    (src / "content/site/标识.jpg").write_bytes(jpeg())
    set_setting(src, "gov_badge", {"image": "content/site/标识.jpg", "id": "a" * 32})
    site = build(src, tmp_path)
    img = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser").select_one(".gov-badge img")
    assert img["src"].endswith("theme/host/gov-badge.jpg")
    assert (site / "theme/host/gov-badge.jpg").read_bytes() == jpeg()
    assert "id=" + "A" * 32 in img.parent["href"]


def test_statement_and_privacy_come_from_markdown_when_written(tmp_path, example_site):
    src = registry_copy(tmp_path)
    (src / "content/pages").mkdir()
    (src / "content/pages/statement.md").write_text("## 本站声明\n\n测试声明正文<script>x</script>\n", encoding="utf-8")
    site = build(src, tmp_path)
    page = BeautifulSoup((site / "statement/index.html").read_text(encoding="utf-8"), "html.parser")
    body = page.select_one("main .notice-body")
    assert body.h2.get_text() == "本站声明" and "测试声明正文" in body.get_text()
    assert body.find("script") is None  # the Markdown is sanitised like a notice body
    default = BeautifulSoup((example_site / "statement/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "测试声明正文" not in default.get_text() and default.select_one("main h2")
    # privacy was not written: its default text stays
    assert "localStorage" in (site / "privacy/index.html").read_text(encoding="utf-8")


def test_a_page_that_fails_to_render_names_its_file_and_nothing_is_published(tmp_path, monkeypatch, caplog):
    # Validation refuses every body known to break the renderer (E126/E127); should another
    # one get through, the build fails as for a notice: the source file named, no site.
    from sme_registry.site.build import build_site
    from sme_registry.site.pelican import frame_pages

    src = registry_copy(tmp_path)
    (src / "content/pages").mkdir()
    (src / "content/pages/privacy.md").write_text("## 隐私\n\n正文。\n", encoding="utf-8")

    def broken(body):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(frame_pages, "render_notice", broken)
    out = tmp_path / "output"
    assert build_site(src, out, EXAMPLE_TODAY) == 1
    assert not out.exists()
    assert "content/pages/privacy.md:1:1: 页面生成失败：RecursionError" in caplog.text


def test_the_site_map_links_every_page_of_the_site(example_site):
    rel = "sitemap/index.html"
    doc = BeautifulSoup((example_site / rel).read_text(encoding="utf-8"), "html.parser")
    linked = set()
    for a in doc.select("main a[href]"):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), a["href"]))
        linked.add(target + "/index.html" if (example_site / target).is_dir() else target)
    pages = set(html_pages(example_site)) - {"404.html"}
    assert pages - linked == set(), "网站地图缺少这些页面"
    assert {p for p in linked if not (example_site / p).is_file()} == set(), "网站地图中有失效链接"


def test_every_page_links_the_frame_pages(example_site):
    for rel in html_pages(example_site):
        doc = BeautifulSoup((example_site / rel).read_text(encoding="utf-8"), "html.parser")
        labels = {a.get_text(strip=True) for a in doc.select("footer.site-footer a")}
        assert {"网站地图", "网站声明", "隐私政策"} <= labels, rel
