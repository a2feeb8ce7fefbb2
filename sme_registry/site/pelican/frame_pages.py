"""The host frame's pages: 网站地图 (every section and page), 网站声明, 隐私政策, and the
党政机关网站标识 image the footer shows (copied from the source tree as validated)."""

from __future__ import annotations

from sme_registry.derive.views import NOTICE_TYPES
from sme_registry.load.site_frame import PAGE_FILES
from sme_registry.regulation.measures import measures_of
from sme_registry.site.pelican.generators import LOG, RegistryGenerator
from sme_registry.site.sanitize import render_notice

PAGES = {"statement": ("statement/index.html", "网站声明"), "privacy": ("privacy/index.html", "隐私政策")}
SITE_MAP = "sitemap/index.html"


def site_map(sme: dict, attachments: list[str]) -> list[dict]:
    """The 网站地图's sections, each {title, url, pages: [{title, url}]}: the menu's sections
    first, then every page under its section."""
    notices = [{"title": label, "url": f"notices/{key}/index.html"} for label, key in NOTICE_TYPES.items()]
    menu = [("首页", "index.html"), ("平台名录", "platforms/index.html"), ("通知公告", "notices/index.html"),
            ("政策文件", "policy/index.html"), ("统计", "stats/index.html"), ("申报指南", "apply/index.html"),
            ("数据下载", "data/index.html"), ("搜索", "search/index.html")]
    return [
        {"title": "主要栏目", "url": None, "pages": [{"title": title, "url": url} for title, url in menu]},
        {"title": "平台名录", "url": "platforms/index.html",
         "pages": [{"title": "即将到期的认定", "url": "expiring/index.html"}]
         + [{"title": c["name"], "url": c["url"]} for c in sme["county_pages"]]},
        {"title": "示范平台", "url": None,
         "pages": [{"title": p["name"], "url": p["url"]} for p in sme["platforms"]]},
        {"title": "通知公告", "url": "notices/index.html", "pages": notices},
        {"title": "公告全文", "url": None,
         "pages": [{"title": n["title"], "url": n["url"]} for n in sme["notices"]]},
        {"title": "政策文件", "url": "policy/index.html",
         "pages": [{"title": title, "url": f"policy/attachment-{n}.html"} for n, title in enumerate(attachments, 1)]},
        {"title": "申报指南", "url": "apply/index.html",
         "pages": [{"title": "申报条件自评", "url": "apply/self-check/index.html"}]},
        {"title": "关于本站", "url": None,
         "pages": [{"title": title, "url": url} for url, title in PAGES.values()]
         + [{"title": "网站地图", "url": SITE_MAP}]},
    ]


class FramePagesGenerator(RegistryGenerator):
    def generate_output(self, writer):
        registry = self.sme["registry"]
        frame = registry.frame
        if frame is not None and frame.badge is not None:
            self.raw(*frame.badge)
        for key, (save_as, title) in PAGES.items():
            body = frame.pages.get(key) if frame is not None else None
            try:
                html = render_notice(body) if body is not None else None
            except Exception as exc:  # a failed page names its source file, as notice pages do
                LOG.error("%s:1:1: 页面生成失败：%r", PAGE_FILES[key], exc)
                continue
            self.page(writer, save_as, f"site-{key}", nav=None, page_title=title, body=html)
        attachments = list(measures_of(registry).attachments)
        self.kept_page(writer, SITE_MAP, "site-map", nav=None, page_title="网站地图",
                       sections=site_map(self.sme, attachments))


FRAME_GENERATORS = (FramePagesGenerator,)
