"""Hostile data (tests/fixtures/hostile/): names, operators, descriptions and notice bodies
holding <script>, attribute break-outs, javascript: links, zero-width characters and
emoji. The registry validates and builds; in the browser no script of the data runs,
nothing overflows at 375 px and the markup shows as text. A 5,000-character name is
refused with E206 at the right line; bidirectional controls (which reorder what a reader
sees) are refused where they stand, written directly (E115) or as an escape (E128)."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

from sme_registry.site.build import build_site
from sme_registry.site.sanitize import clean_html
from sme_registry.validate.report import validate
from tests.conftest import EXAMPLE_TODAY
from tests.gates.conftest import HOSTILE_SRC
from tests.gates.pages import html_pages

SCRIPT_NAME = '<script>alert("name")</script>综合服务平台'
# Pages that show the hostile platform name or notice title as text.
SHOWS_MARKUP_AS_TEXT = {
    "platforms/h-2023-001/index.html": SCRIPT_NAME,
    "platforms/index.html": SCRIPT_NAME,
    "notices/2023-12-11-gongshi.html": '<script>alert("title")</script>',
    "notices/index.html": '<script>alert("title")</script>',
    "index.html": '"><svg onload=alert(8)>',
    "platforms/h-2023-002/index.html": '=HYPERLINK("https://evil.example/","点我")',
}


def test_hostile_registry_validates(hostile_site):
    registry, report = validate(HOSTILE_SRC, EXAMPLE_TODAY)
    assert not report.errors, [p.text() for p in report.errors]
    assert (hostile_site / "platforms/h-2023-001/index.html").exists()


def test_no_script_runs_nothing_overflows_and_markup_is_text(page_factory, hostile_url, hostile_site):
    pages = html_pages(hostile_site)
    watch = page_factory(375)
    page = watch.page
    failures = []
    for rel in pages:
        page.goto(hostile_url + rel, wait_until="load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            culprit = page.evaluate("""() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > 376).slice(-1).map(e => e.outerHTML.slice(0, 120))[0]""")
            failures.append(f"{rel}: 页面宽 {width}px > 375px（{culprit}）")
        # Only the site's own scripts exist in the DOM; the data's never became elements.
        own = page.evaluate("[...document.scripts].map(s => s.getAttribute('src') || s.type)")
        strays = [s for s in own if not ("theme/" in s and "://" not in s or s == "application/json")]
        if strays:
            failures.append(f"{rel}: 多出的 <script>：{strays}")
        if page.locator("img, iframe, svg:not([aria-hidden]) script, object, embed, form[action*=evil]").count():
            failures.append(f"{rel}: 数据中的 img/iframe/object/表单变成了元素")
        expected = SHOWS_MARKUP_AS_TEXT.get(rel)
        if expected is not None:
            text = page.evaluate("document.body.textContent")
            if expected not in text:
                failures.append(f"{rel}: 页面文字中没有原样显示 {expected!r}")
            # any occurrence: on a clock after the build, status.js hides a closed 公示 card (issue 13)
            if not any(match.is_visible() for match in page.get_by_text(expected, exact=False).all()):
                failures.append(f"{rel}: {expected!r} 不可见")
    watch.assert_clean()  # no dialog (alert), no console error, no page error, no off-site request
    assert not failures, f"敌意数据（{len(pages)} 个页面）：\n" + "\n".join(failures)


def test_hostile_exports_stay_data(hostile_site):
    rows = list(csv.DictReader(io.StringIO((hostile_site / "data/platforms.csv").read_text(encoding="utf-8-sig"))))
    by_id = {r["id"]: r for r in rows}
    assert by_id["h-2023-001"]["name"] == SCRIPT_NAME + "\u200b"
    # A cell that a spreadsheet would run as a formula is defused with a leading apostrophe.
    assert by_id["h-2023-002"]["operator_name"].startswith("'=")
    data = json.loads((hostile_site / "data/platforms.json").read_text(encoding="utf-8"))
    assert {p["id"] for p in data["platforms"]} == set(by_id)


def _replace_line(path, key: str, new_line: str) -> int:
    """Replace the top-level line `key: …` of `path` with `new_line`; its line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    line_no = next(i for i, line in enumerate(lines, start=1) if line.startswith(f"{key}:"))
    lines[line_no - 1] = new_line + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    return line_no


def test_5000_character_name_is_refused_with_e206_at_its_line(tmp_path):
    src = tmp_path / "registry"
    shutil.copytree(HOSTILE_SRC, src)
    line_no = _replace_line(src / "data/platforms/h-2023-002.yaml", "name", "name: " + "长" * 4998 + "平台")

    _, report = validate(src, EXAMPLE_TODAY)
    found = [p for p in report.errors if p.code == "E206"]
    assert [(p.path, p.line, p.col) for p in found] == [("data/platforms/h-2023-002.yaml", line_no, 7)], \
        [p.text() for p in report.errors]
    assert "80" in found[0].message, found[0].message
    out = tmp_path / "output"
    assert build_site(src, out, EXAMPLE_TODAY) == 1
    assert not out.exists(), "数据有错时不应生成网站"


def test_bidirectional_controls_are_refused_written_or_escaped(tmp_path):
    src = tmp_path / "registry"
    shutil.copytree(HOSTILE_SRC, src)
    name_line = _replace_line(src / "data/platforms/h-2023-002.yaml", "name", "name: 冠县\u202egnp.exe综合服务平台")
    category_line = _replace_line(src / "data/platforms/h-2026-003.yaml", "category", 'category: "专业\\u202e类"')
    notice = src / "content/notices/2026-11-23-gongshi.md"
    notice.write_text(notice.read_text(encoding="utf-8") + "\n倒序&#x202E;文字\n", encoding="utf-8")
    notice_lines = notice.read_text(encoding="utf-8").count("\n")

    _, report = validate(src, EXAMPLE_TODAY)
    # The escaped category also fails the vocabulary check; only the character codes matter here.
    found = sorted((p.path, p.line, p.col, p.code) for p in report.errors if p.code in {"E115", "E128"})
    assert found == sorted([
        ("data/platforms/h-2023-002.yaml", name_line, 9, "E115"),
        ("data/platforms/h-2026-003.yaml", category_line, 14, "E128"),
        ("content/notices/2026-11-23-gongshi.md", notice_lines, 3, "E128"),
    ]), [p.text() for p in report.errors]
    out = tmp_path / "output"
    assert build_site(src, out, EXAMPLE_TODAY) == 1
    assert not out.exists(), "数据有错时不应生成网站"


# The HTML-in-notices policy (docs/quality.md): what survives the allow-list.
@pytest.mark.parametrize("raw,expected", [
    ("<p>段落 <strong>加粗</strong> <em>强调</em></p>", "<p>段落 <strong>加粗</strong> <em>强调</em></p>"),
    ('<table><tr><th scope="col">表头</th></tr></table>', '<table><tbody><tr><th scope="col">表头</th></tr></tbody></table>'),
    ('<a href="https://example.org/">外链</a>', '<a href="https://example.org/" rel="noopener noreferrer nofollow">外链</a>'),
    ('<a href="../platforms/x/">站内</a>', '<a href="../platforms/x/" rel="noopener noreferrer nofollow">站内</a>'),
    ('<a href="mailto:a@example.org">邮件</a>', '<a href="mailto:a@example.org" rel="noopener noreferrer nofollow">邮件</a>'),
    ('<h2 id="x">标题</h2><a href="#x">跳转</a>',
     '<h2 id="note-x">标题</h2><a href="#note-x" rel="noopener noreferrer nofollow">跳转</a>'),
])
def test_notice_html_policy_keeps(raw, expected):
    assert clean_html(raw) == expected


@pytest.mark.parametrize("raw,expected", [
    ("<script>alert(1)</script>文字", "文字"),
    ("<style>body{display:none}</style>文字", "文字"),
    ('<img src="x" onerror="alert(1)">', ""),
    ('<p onclick="alert(1)" style="color:red">文字</p>', "<p>文字</p>"),
    ('<a href="javascript:alert(1)">链接</a>', "<a>链接</a>"),
    ('<a href="JaVaScRiPt:alert(1)">链接</a>', "<a>链接</a>"),
    ('<a href="data:text/html,x">链接</a>', "<a>链接</a>"),
    ('<a href="//evil.example/">链接</a>', "<a>链接</a>"),
    ('<a href="/root.html">链接</a>', "<a>链接</a>"),
    ('<iframe src="https://evil.example/"></iframe>文字', "文字"),
    ('<form action="https://evil.example/"><input name="p"></form>', ""),
    ("<h1>第二个标题</h1>", "第二个标题"),
    ('<div class="x" role="alert" aria-hidden="true">文字</div>', "<div>文字</div>"),
    ("<!-- 注释 -->文字", "文字"),
])
def test_notice_html_policy_drops(raw, expected):
    assert clean_html(raw) == expected
