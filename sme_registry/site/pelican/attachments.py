"""Writes each notice's attachments (附件) under its URL and shares its name list with the page.

The clerk's files are written byte for byte as the loader read and checked them (the
source is never opened again); the 公示 / 认定公告 name lists are generated from the data
(sme_registry.notice_lists).
"""

from __future__ import annotations

from sme_registry import notice_lists
from sme_registry.pelican_plugin.generators import RegistryGenerator


class NoticeAttachmentsGenerator(RegistryGenerator):
    def generate_context(self):
        super().generate_context()
        registry = self.sme["registry"]
        # The list table of each 公示 / 认定公告 page: partials/notice-platforms.html.
        self.context["SME_NOTICE_LISTS"] = {
            slug: {"name": notice_lists.list_name(n), "rows": notice_lists.rows(registry, n),
                   "columns": [c.title for c in notice_lists.PAGE_COLUMNS]}
            for slug, n in registry.notices.items() if notice_lists.list_name(n)
        }

    def generate_output(self, writer):
        registry = self.sme["registry"]
        for slug in sorted(registry.notices):
            for entry in notice_lists.files(registry, registry.notices[slug]):
                self.raw(f"notices/{slug}/{entry['file']}", entry["data"])
