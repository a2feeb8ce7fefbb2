"""Each notice's attachments (附件): listed on its page and in notices.json, written under its URL.

The clerk's files are written byte for byte as the loader read and checked them (the source
is never opened again); the 公示 / 认定公告 name lists are generated from the data
(sme_registry.site.notice_files). In generate_context, which Pelican runs for every
generator before any writes, each notice view gains `attachments` (file, title, type,
size, url …: what the page and notices.json show) and the list table is shared as
SME_NOTICE_LISTS (partials/notice-platforms.html).
"""

from __future__ import annotations

from sme_registry.derive.notice_lists import page_list
from sme_registry.site import notice_files
from sme_registry.site.pelican.generators import RegistryGenerator


class NoticeAttachmentsGenerator(RegistryGenerator):
    def generate_context(self):
        super().generate_context()
        registry = self.sme["registry"]
        self._made: dict[str, tuple[bytes, bytes]] = {}
        # Made once: the page and notices.json list them, generate_output writes them.
        self._files = {slug: notice_files.files(registry, notice, self._name_lists)
                       for slug, notice in registry.notices.items()}
        for view in self.sme["notices"]:
            view["attachments"] = [notice_files.public(f) for f in self._files[view["slug"]]]
        lists = {slug: page_list(registry, n) for slug, n in registry.notices.items()}
        self.context["SME_NOTICE_LISTS"] = {slug: shown for slug, shown in lists.items() if shown}

    def generate_output(self, writer):
        for slug in sorted(self._files):
            for entry in self._files[slug]:
                self.raw(f"notices/{slug}/{entry['file']}", entry["data"])

    def _name_lists(self, inputs: tuple) -> tuple[bytes, bytes]:
        """A notice's name list (xlsx, csv) from the render cache when its inputs are unchanged
        (writing a thousand-row xlsx is slow); made once per build either way."""
        cache = self.context["SME_CACHE"]
        key = cache.key("name-list", inputs)
        if key not in self._made:
            made = (cache.read(key), cache.read(cache.subkey(key, "csv")))
            if None in made:
                made = notice_files.make_lists(inputs)
                cache.put(key, made[0])
                cache.put(cache.subkey(key, "csv"), made[1])
            self._made[key] = made
        return self._made[key]
