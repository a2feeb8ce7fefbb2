"""One reader (issue 12): Pelican publishes only what the loader accepted, read once.

Pelican's readers are all off and it is given no content folder; notice pages are
written from `Notice.body`, the exact text the validator saw. Raw HTML in a notice is
shown as text, so a tag mentioned in prose can never swallow what follows it.
"""

from __future__ import annotations

import html
import re
import shutil

import pytest
from bs4 import BeautifulSoup
from pelican.readers import Readers
from pelican.settings import read_settings

from sme_registry.site.build import SETTINGS_FILE, build_site
from sme_registry.site.sanitize import notice_text, render_notice
from sme_registry.validate.report import validate
from tests.validate.test_corpus import BASE, TODAY

SECRET = "SECRET-MUST-NOT-BE-PUBLISHED-91c2"
NOTICE = "content/notices/2023-12-11-gongshi.md"


def test_every_pelican_reader_is_off():
    settings = read_settings(str(SETTINGS_FILE))
    readers = Readers(settings).readers
    # Pelican keeps its internal "static" pseudo-reader (used only for STATIC_PATHS, empty).
    assert set(readers) == {"static"}, readers
    assert settings["ARTICLE_PATHS"] == settings["PAGE_PATHS"] == settings["STATIC_PATHS"] == []


SWALLOWERS = ["<style>", "<textarea>", "<script>", "<title>", "<xmp>", "<plaintext>", "<noscript>",
              "<iframe>", "<noembed>", "<noframes>", "<template>", "<select>", "<!--", '<a title="',
              "<svg>", "<math>", "<object>", "<table>", "<![CDATA["]


def _visible_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", fragment))


@pytest.mark.parametrize("tag", SWALLOWERS)
def test_a_tag_mentioned_in_prose_never_swallows_the_rest(tag):
    body = f"请不要在正文中写 {tag} 这样的标记。\n\n后面的段落一。\n\n| 列 |\n| --- |\n| 表格中的文字 |\n\n最后一句。\n"
    text = _visible_text(render_notice(body))
    for prose in (f"请不要在正文中写 {tag} 这样的标记。", "后面的段落一。", "表格中的文字", "最后一句。"):
        assert prose in text, (tag, render_notice(body))


def test_markdown_still_renders_and_links_are_still_cleaned():
    out = render_notice("## 小标题\n\n**加粗** [链接](javascript:alert(1)) [外链](https://example.org/)\n\n- 一\n- 二\n")
    assert "<h2>小标题</h2>" in out and "<strong>加粗</strong>" in out and "<li>一</li>" in out
    assert "javascript" not in out and '<a href="https://example.org/"' in out



def test_notice_text_is_what_a_reader_sees_without_markdown_markers():
    body = "> 示例数据：演示用。\n\n## 一、条件\n\n**加粗**与 [链接](https://example.org/)\n\n| 列 |\n| --- |\n| 格 |\n\n写 <b> 与 &amp; 的正文。\n"
    assert notice_text(body) == "示例数据：演示用。 一、条件 加粗与 链接 列 格 写 <b> 与 & 的正文。"


@pytest.mark.parametrize("tag", SWALLOWERS)
def test_notice_text_keeps_prose_after_a_mentioned_tag(tag):
    body = f"请不要在正文中写 {tag} 这样的标记。\n\n后面的段落。\n"
    assert notice_text(body) == f"请不要在正文中写 {tag} 这样的标记。 后面的段落。"

def test_only_validated_notices_are_published(tmp_path):
    src = tmp_path / "registry"
    shutil.copytree(BASE, src)
    notice = src / NOTICE
    text = notice.read_text(encoding="utf-8").replace("date: 2023-12-11", "date : 2023-12-11")
    text = text.replace("测试用公示正文。", "正文提到 <style> 和 <textarea> 两个标签。\n\n其后的段落必须保留。")
    notice.write_text(text, encoding="utf-8")
    # Files that Pelican would have read with its own readers; the loader never reads them.
    (src / "content/extra.rst").write_text(f"{SECRET}\n", encoding="utf-8")
    (src / "content/pages").mkdir()
    (src / "content/pages/about.md").write_text(f"title: {SECRET}\n\n{SECRET}\n", encoding="utf-8")
    (src / "content/notices/.hidden.md").write_text(f"title: {SECRET}\ndate: 2023-12-11\ntype: 其他\n\n{SECRET}\n",
                                                  encoding="utf-8")
    (src / "content/policy/extra.html").write_text(f"<p>{SECRET}</p>", encoding="utf-8")

    _, report = validate(src, TODAY)
    assert report.problems == [], [p.text() for p in report.problems]
    out = tmp_path / "output"
    assert build_site(src, out, TODAY) == 0
    for path in out.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    page = BeautifulSoup((out / "notices/2023-12-11-gongshi.html").read_text(encoding="utf-8"), "html.parser")
    body = page.select_one(".notice-body").get_text()
    assert "其后的段落必须保留。" in body and "<style>" in body and "<textarea>" in body
    assert "2023-12-11" in page.select_one("time").get_text()
    assert "date" not in body  # the header (with a space before its colon) is not body text
    assert sorted(p.name for p in (out / "notices").glob("2*.html")) == sorted(
        p.stem + ".html" for p in (src / "content/notices").glob("[!.]*.md"))


def test_a_notice_page_that_fails_names_its_file_and_line(tmp_path, monkeypatch, capsys):
    def broken(body):
        raise RuntimeError("boom")

    monkeypatch.setattr("sme_registry.site.pelican.generators.render_notice", broken)
    out = tmp_path / "output"
    from sme_registry import cli

    assert cli.main(["build", "--src", str(BASE), "--output", str(out), "--today", TODAY.isoformat()]) == 1
    assert "content/notices/2023-12-11-gongshi.md:9:1:" in capsys.readouterr().err
    assert not out.exists()
