"""The editor in Chromium against decap-server on a copy of the example registry, as a
clerk uses it: every file it writes must pass `validate` and build; an edit keeps the
file's comments and key order; Chinese arrives through IME composition events; the
page talks to 127.0.0.1 only and its console stays clean."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from sme_registry.regulation import credit_code
from tests.conftest import EXAMPLE_TODAY, ROOT
from tests.editor.clerk import Clerk

NAME = "聊城市澄明中小企业综合服务平台"
OPERATOR = "聊城澄明企业服务有限公司"
DESCRIPTION = "面向中小企业提供政策信息、技术对接、培训和诊断咨询服务。"
CODE_BASE = "91371502MA00009X7"
CODE = CODE_BASE + credit_code.check_character(CODE_BASE)
TITLE = "2026年度第二批示范平台拟认定名单公示"
BODY_FIRST = "根据《聊城市中小企业公共服务示范平台认定管理办法》，拟认定以下平台，现予以公示。"


def run_cli(*args: str, src) -> subprocess.CompletedProcess:
    env = dict(os.environ, TODAY=EXAMPLE_TODAY.isoformat())
    return subprocess.run([sys.executable, "-m", "sme_registry", *args, "--src", str(src)], cwd=ROOT, env=env,
                          capture_output=True, text=True)


def open_editor(page_factory, editor, width=1280):
    watch = page_factory(width)
    page = watch.page
    page.goto(editor.url)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="平台").first.wait_for()
    return watch, Clerk(page)


def test_new_platform_joins_a_new_publicity_and_validates(editor, page_factory, tmp_path):
    watch, clerk = open_editor(page_factory, editor)
    page = watch.page
    new_id = "lc-2026-004"  # the next id after lc-2026-003, as `make new-platform` would give

    # 1. the platform, through the form
    clerk.open(editor.url + "#/collections/platforms/new")
    assert clerk.control("平台编号").input_value() == new_id
    clerk.type_chinese("平台名称（全称）", NAME)
    clerk.type_chinese("运营单位全称", OPERATOR)
    clerk.fill("统一社会信用代码", CODE)
    clerk.choose("单位性质", "企业")
    clerk.choose("所在县（市、区）或功能区", "东昌府区")
    clerk.choose("平台类别", "综合类")
    clerk.choose("服务功能", "信息服务", "技术服务", "培训服务", "咨询服务")
    clerk.type_chinese("平台简介", DESCRIPTION)
    clerk.type_chinese("推荐单位", "东昌府区工业和信息化局")
    assert clerk.control("平台名称（全称）").input_value() == NAME
    assert clerk.control("平台简介").input_value() == DESCRIPTION
    clerk.publish()
    written = editor.src / f"data/platforms/{new_id}.yaml"
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/platform.schema.json\n")
    assert f"name: {NAME}\n" in text and "terms: []\n" in text

    # 2. a new 公示 naming it: the end date comes from the working-day calendar
    clerk.open(editor.url + "#/collections/notices-gongshi/new")
    clerk.type_chinese("公告标题", TITLE)
    clerk.fill("发布日期", "2026-11-25")
    clerk.choose("涉及的平台", new_id)
    clerk.fill("公示开始日期", "2026-11-28")  # a Saturday: refused with the reason
    assert page.locator("[data-publicity-end]").get_attribute("data-publicity-end") == ""
    assert "不是工作日" in page.locator("[data-publicity-end]").inner_text()
    clerk.fill("公示开始日期", "2026-11-25")
    assert page.locator("[data-publicity-end]").get_attribute("data-publicity-end") == "2026-12-01"
    clerk.fill("涉及的评审批次年度", "2026")
    clerk.type_chinese("摘要", "1家平台拟认定为2026年度示范平台。")
    body = clerk.control("正文")
    body.click()
    clerk.ime(BODY_FIRST[:6], ("gen", "genju"))
    clerk.ime(BODY_FIRST[6:], ("liao", "liaocheng"))
    expect(body).to_contain_text(BODY_FIRST)  # Slate has taken the composed text before the next key
    body.press("Enter")
    body.press("Enter")
    clerk.ime("## 公示期", ())
    clerk.publish()
    notice = (editor.src / "content/notices/2026-11-25-gongshi.md").read_text(encoding="utf-8")
    assert notice == (
        f"title: {TITLE}\ndate: 2026-11-25\ntype: 公示\nplatforms: {new_id}\npublicity_start: 2026-11-25\n"
        "publicity_end: 2026-12-01\nbatch: 2026\nsummary: 1家平台拟认定为2026年度示范平台。\n\n"
        f"{BODY_FIRST}\n\n## 公示期\n")

    # 3. back to the platform: it is under 公示 in that notice (pending)
    clerk.open(editor.url + f"#/collections/platforms/entries/{new_id}")
    clerk.control("平台名称（全称）").wait_for()
    page.get_by_text("正在评审或公示、尚未认定的申报", exact=True).locator("button").click()
    clerk.fill("申报批次（年度）", "2026")
    clerk.choose("公示公告的文件名（不含 .md）", "2026-11-25", nth=0)
    clerk.publish()
    text = written.read_text(encoding="utf-8")
    assert text.endswith("terms: []\npending:\n  batch: 2026\n  publicity: 2026-11-25-gongshi\n")

    done = run_cli("validate", src=editor.src)
    assert done.returncode == 0, done.stdout + done.stderr
    assert new_id not in done.stdout, done.stdout
    out = tmp_path / "site"
    built = run_cli("build", "--output", str(out), src=editor.src)
    assert built.returncode == 0, built.stdout + built.stderr
    page_html = (out / f"platforms/{new_id}/index.html").read_text(encoding="utf-8")
    assert NAME in page_html and OPERATOR in page_html
    watch.assert_clean()


@pytest.mark.parametrize("route,relpath,label,old,new", [
    ("platforms/entries/lc-2020-001", "data/platforms/lc-2020-001.yaml", "服务场所地址",
     "address: 山东省聊城市东昌府区澄和路 18 号（示例地址）", "address: 山东省聊城市东昌府区澄和路 20 号（示例地址）"),
    ("settings/entries/site", "data/site.yaml", "承办科室",
     "  department: 中小企业服务科（示例）", "  department: 中小企业科（示例）"),
])
def test_an_edit_keeps_comments_key_order_and_every_other_line(editor, page_factory, route, relpath, label, old, new):
    path = editor.src / relpath
    before = path.read_text(encoding="utf-8")
    assert before.count(old + "\n") == 1 and "#" in before
    watch, clerk = open_editor(page_factory, editor)
    clerk.open(editor.url + "#/collections/" + route)
    clerk.control(label).wait_for()
    clerk.type_chinese(label, new.split(": ", 1)[1])
    clerk.publish()
    assert path.read_text(encoding="utf-8") == before.replace(old + "\n", new + "\n")
    done = run_cli("validate", src=editor.src)
    assert done.returncode == 0, done.stdout + done.stderr
    watch.assert_clean()


@pytest.mark.parametrize("width", [375, 1280])
def test_editor_screens(editor, page_factory, width, tmp_path):
    """The editor at phone and desktop width: it loads, shows the collections in Chinese,
    and a platform form with its preview; screenshots for a person to look at."""
    watch, clerk = open_editor(page_factory, editor, width)
    page = watch.page
    for label in ("平台", "公告·公示", "网站设置"):
        assert page.get_by_text(label, exact=True).first.is_visible()
    page.screenshot(path=str(tmp_path / f"collections-{width}.png"))
    clerk.open(editor.url + "#/collections/platforms/entries/lc-2020-001")
    clerk.control("平台名称（全称）").wait_for()
    page.screenshot(path=str(tmp_path / f"platform-{width}.png"))
    watch.assert_clean()
