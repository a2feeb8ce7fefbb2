"""Each notice's attachments (附件): listed on its page and in notices.json, written under its URL.

The clerk's files are written byte for byte as the loader read and checked them (the source
is never opened again); the 公示 / 认定公告 name lists are generated from the data
(sme_registry.site.notice_files). In generate_context, which Pelican runs for every
generator before any writes, each notice view gains `attachments` (file, title, type,
size, url …: what the page and notices.json show) and the list table is shared as
SME_NOTICE_LISTS (partials/notice-platforms.html), with a digest of each list as
SME_NOTICE_LIST_KEYS (what the notice pages' cache keys hash instead of the rows).
"""

from __future__ import annotations

from sme_registry.derive.notice_lists import page_list
from sme_registry.site import notice_files
from sme_registry.site.notice_files import list_inputs, list_meta
from sme_registry.site.pelican.generators import RegistryGenerator


class NoticeAttachmentsGenerator(RegistryGenerator):
    def generate_context(self):
        super().generate_context()
        registry = self.sme["registry"]
        cache = self.context["SME_CACHE"]
        self._made: dict[str, tuple[bytes, bytes]] = {}
        lists = {slug: shown for slug, n in registry.notices.items() if (shown := page_list(registry, n))}
        # One digest of each list stands for its rows in the keys of the list files and of
        # the notice page (at 10,000 platforms the lists hold tens of thousands of rows).
        list_keys = {slug: cache.key("notice-list", shown) for slug, shown in lists.items()}
        # Made once: the page and notices.json list them, generate_output writes them.
        self._files = {}
        for slug, notice in registry.notices.items():
            made = None
            if slug in lists:
                made = self._name_lists(list_keys[slug], registry, notice, lists[slug]["rows"])
            self._files[slug] = notice_files.files(registry, notice, made)
        for view in self.sme["notices"]:
            view["attachments"] = [notice_files.public(f) for f in self._files[view["slug"]]]
        self.context["SME_NOTICE_LISTS"] = lists
        self.context["SME_NOTICE_LIST_KEYS"] = list_keys

    def generate_output(self, writer):
        for slug in sorted(self._files):
            for entry in self._files[slug]:
                self.raw(f"notices/{slug}/{entry['file']}", entry["data"])

    def _name_lists(self, list_key: str, registry, notice, rows: list[dict]) -> tuple[bytes, bytes]:
        """A notice's name list (xlsx, csv) from the render cache when its inputs are unchanged
        (writing a thousand-row xlsx is slow); made once per build either way. `list_key`, the
        digest of the list `rows` belong to, stands for them in the key (notice_files.list_meta
        names the rest of list_inputs), so the inputs are put together only when it misses."""
        cache = self.context["SME_CACHE"]
        key = cache.key("name-list", list_key, list_meta(registry, notice))
        if key not in self._made:
            made = (cache.read(key), cache.read(cache.subkey(key, "csv")))
            if None in made:
                made = notice_files.make_lists(list_inputs(registry, notice, rows))
                cache.put(key, made[0])
                cache.put(cache.subkey(key, "csv"), made[1])
            self._made[key] = made
        return self._made[key]
