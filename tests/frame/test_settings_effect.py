"""Every setting data/site.yaml's schema allows changes the built site (issue 15, item 3).

One case per schema leaf: the setting is changed in a temporary copy of the example
registry, the site is built, and the visible effect is asserted; the same assertion must
fail on the unchanged example site, so the effect comes from the setting. A new key in
schema/site.schema.json without a case here fails test_every_setting_has_a_case."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from sme_registry.load.site_frame import BADGE_URL, ICP_URL, POLICE_URL
from tests.conftest import ROOT
from tests.frame.helpers import build, png, registry_copy, set_setting

pytestmark = pytest.mark.slow  # whole builds: left out of make test-fast

PLATFORM_PAGE = "platforms/lc-2023-001/index.html"  # a cached page kind: the cache must see the change
BADGE_ID = "0D48A84D75CF6974E053012819AC263F"


def _page(site, rel="index.html") -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def _footer_text(site, rel="index.html") -> str:
    footer = _page(site, rel).select_one("footer.site-footer")
    return footer.get_text(" ", strip=True) if footer else ""


def _footer_has(text):
    return lambda site: all(text in _footer_text(site, rel) for rel in ("index.html", PLATFORM_PAGE))


def _footer_link(href, text=None):
    def check(site):
        for rel in ("index.html", PLATFORM_PAGE):
            links = [a for a in _page(site, rel).select("footer.site-footer a[href]") if a["href"] == href]
            if not links or (text is not None and not any(a.get_text(strip=True) == text for a in links)):
                return False
        return True
    return check


def _site_name(site):
    return all(_page(site, rel).select_one(".site-name").get_text(strip=True) == "测试网站名称甲"
               and "测试网站名称甲" in _page(site, rel).title.get_text() for rel in ("index.html", PLATFORM_PAGE))


def _no_example_banner(site):
    return all(_page(site, rel).select_one(".example-banner") is None for rel in ("index.html", PLATFORM_PAGE))


def _portal_name(site):
    text = _page(site, "apply/index.html").get_text()
    return text.count("测试门户网乙") == 2 and "中国中小企业聊城网" not in text


def _badge_image(site):
    ok = True
    for rel in ("index.html", PLATFORM_PAGE):
        img = _page(site, rel).select_one("footer .gov-badge img")
        ok = ok and img is not None and (site / rel).parent.joinpath(img["src"]).resolve().read_bytes() == BADGE_PNG
    return ok


GONGSHI = "notices/2026-11-23-gongshi.html"  # the example's open 公示
CHEXIAO = "notices/2025-06-10-chexiao.html"  # a 撤销公告
ORG_CODE = "11371500MB28500000"  # the example's disclosure.org_code


def _text_on(rel, *texts):
    return lambda site: all(t in _page(site, rel).get_text(" ", strip=True) for t in texts)


def _index_no(rel, value):
    """The metadata table's 索引号 cell (it may hold <wbr> break points) reads `value`."""
    return lambda site: any(td.get_text("", strip=True) == value for td in _page(site, rel).select("table.disclosure-meta td"))


def _renumber(transform):
    """Rewrites every example notice's index_no line (the scheme changed, so must the numbers)."""
    def write(src):
        for path in sorted((src / "content/notices").glob("*.md")):
            lines = path.read_text(encoding="utf-8").split("\n")
            lines = [("index_no: " + transform(line[len("index_no: "):])) if line.startswith("index_no: ") else line
                     for line in lines]
            path.write_text("\n".join(lines), encoding="utf-8")
    return write


BADGE_PNG = png(5, 6)
BADGE = {"image": "content/site/dzjg.png", "id": BADGE_ID}

# schema leaf → (value to set, extra files to write, the visible effect)
CASES = {
    "site_name": ("测试网站名称甲", {}, _site_name),
    "example_data": (False, {}, _no_example_banner),
    "portal_name": ("测试门户网乙", {}, _portal_name),
    "bureau.name": ("测试发布机关丙", {}, _footer_has("发布机关：测试发布机关丙")),
    "bureau.department": ("测试科室丁", {}, _footer_has("测试科室丁")),
    "bureau.address": ("测试地址戊", {}, _footer_has("地址：测试地址戊")),
    "bureau.phone": ("0635-1234567", {}, _footer_has("电话：0635-1234567")),
    "bureau.email": ("bureau@test.example.cn", {}, _footer_link("mailto:bureau@test.example.cn", "bureau@test.example.cn")),
    "bureau.website": ("https://bureau.test.example.cn/", {}, _footer_link("https://bureau.test.example.cn/")),
    "sponsor": ("测试主办单位己", {}, _footer_has("主办单位：测试主办单位己")),
    "organizer": ("测试承办单位庚", {}, _footer_has("承办单位：测试承办单位庚")),
    "contact.phone": ("0635-7654321", {}, _footer_has("电话 0635-7654321")),
    "contact.email": ("web@test.example.cn", {}, _footer_link("mailto:web@test.example.cn", "web@test.example.cn")),
    "site_id_code": ("3715009999", {}, _footer_has("网站标识码：3715009999")),
    "icp": ("鲁ICP备87654321号-2", {}, _footer_link(ICP_URL, "鲁ICP备87654321号-2")),
    "police_record": ("鲁公网安备 37150202009999号", {},
                      _footer_link(POLICE_URL.format(digits="37150202009999"), "鲁公网安备 37150202009999号")),
    "gov_badge.image": (BADGE, {"content/site/dzjg.png": BADGE_PNG}, _badge_image),
    "gov_badge.id": (BADGE, {"content/site/dzjg.png": BADGE_PNG}, _footer_link(BADGE_URL.format(id=BADGE_ID))),
    # 政府信息公开 (the notices' index numbers follow the scheme, so the files change with it)
    "disclosure.org_code": ("11371500MB2850000X", _renumber(lambda v: v.replace(ORG_CODE, "11371500MB2850000X")),
                            _index_no(GONGSHI, "11371500MB2850000X/2026-00003")),
    "disclosure.index_format": ("{org_code}-{year}-{serial}", _renumber(lambda v: v.replace("/", "-")),
                                _index_no(GONGSHI, f"{ORG_CODE}-2026-00003")),
    "disclosure.serial_digits": (6, _renumber(lambda v: v.replace("-", "-0")), _index_no(GONGSHI, f"{ORG_CODE}/2026-000003")),
    # the one 异议 block of every 公示
    "objections.office": ("测试受理科室辛", {}, _text_on(GONGSHI, "向测试受理科室辛提出")),
    "objections.deadline_time": ("16:30", {}, _text_on(GONGSHI, "16:30")),
    "objections.written.address": ("测试邮寄地址壬", {}, _text_on(GONGSHI, "邮寄或递交至：测试邮寄地址壬")),
    "objections.written.postcode": ("252099", {}, _text_on(GONGSHI, "邮政编码 252099")),
    "objections.written.recipient": ("测试收件人癸", {}, _text_on(GONGSHI, "收件：测试收件人癸")),
    "objections.phone": ("0635-2223333", {}, _text_on(GONGSHI, "0635-2223333")),
    "objections.phone_hours": ("测试受理时间子", {}, _text_on(GONGSHI, "测试受理时间子")),
    "objections.email": ("objection@test.example.cn", {}, _text_on(GONGSHI, "objection@test.example.cn")),
    # the 救济途径 of a 撤销公告
    "remedies.review_body": ("测试复议机关丑", {}, _text_on(CHEXIAO, "向测试复议机关丑申请行政复议")),
    "remedies.court": ("测试人民法院寅", {}, _text_on(CHEXIAO, "向测试人民法院寅提起行政诉讼")),
}


def _leaves(schema: dict, prefix: str = "") -> set[str]:
    found = set()
    for key, sub in schema.get("properties", {}).items():
        name = prefix + key
        found |= _leaves(sub, name + ".") if sub.get("type") == "object" else {name}
    return found


def test_every_setting_has_a_case():
    schema = json.loads((ROOT / "schema/site.schema.json").read_text(encoding="utf-8"))
    leaves = _leaves(schema)
    assert leaves - set(CASES) == set(), "这些设置没有“改动后页面可见”的测试：请在 CASES 中补上"
    assert set(CASES) - leaves == set(), "CASES 中有 schema 里没有的设置"


@pytest.mark.parametrize("setting", sorted(CASES))
def test_setting_changes_the_built_site(setting, example_site, tmp_path):
    value, files, effect = CASES[setting]
    assert not effect(example_site), f"{setting}：未改动的示例网站上不应已有这一效果"
    src = registry_copy(tmp_path)
    if callable(files):
        files(src)
    else:
        for rel, data in files.items():
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            (src / rel).write_bytes(data)
    set_setting(src, setting.split(".")[0] if setting.startswith("gov_badge.") else setting, value)
    site = build(src, tmp_path)
    assert effect(site), f"{setting} 改为 {value!r} 后，页面上看不到效果"
