"""One Pelican Generator per kind of page the registry adds."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import tempfile
from pathlib import Path

from pelican.generators import Generator

from sme_registry.derive.views import NOTICE_TYPES
from sme_registry.load import schemas
from sme_registry.parallel import Background
from sme_registry.regulation.measures import measures_of
from sme_registry.search.index_builder import NOTICE_FIELDS, PLATFORM_FIELDS
from sme_registry.search.shards import build_search_shards, worker_sources
from sme_registry.site import exports
from sme_registry.site.pelican.context import registry_context
from sme_registry.site.pelican.feeds import write_feeds
from sme_registry.site.pelican.render_cache import templates_digest
from sme_registry.site.sanitize import render_notice
from sme_registry.site.workbooks import WORKBOOK_FILES, workbook_inputs, workbooks

_LOG = logging.getLogger("pelican.sme_registry")  # counted by build._ErrorCounter


class RegistryGenerator(Generator):
    """Shares the validated registry (loaded once) and knows how to write pages and files."""

    def generate_context(self):
        self.sme = registry_context(self.context, self.settings)

    def page(self, writer, save_as: str, template: str, **extra) -> None:
        writer.write_file(
            save_as,
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            page_name=save_as,
            **extra,
        )

    def raw(self, name: str, data: bytes) -> None:
        target = Path(self.output_path) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


class HomeGenerator(RegistryGenerator):
    def generate_output(self, writer):
        self.page(writer, "index.html", "home", nav="home")


class PlatformPagesGenerator(RegistryGenerator):
    """The list and one page per platform; unchanged platform pages come from the cache.

    A platform page may read only its own `platform` and the site-wide values in
    `_page_globals`; anything else its templates start to use must be added there."""

    def generate_output(self, writer):
        self.page(writer, "platforms/index.html", "platforms", nav="platforms")
        for county in self.sme["county_pages"]:
            chosen = [p for p in self.sme["platforms"] if p["county"] == county["name"]]
            self.page(writer, county["url"], "county", nav="platforms", county=county, platforms=chosen)
        cache = self.context["SME_CACHE"]
        shared = _page_globals(self.sme, self.settings)
        for platform in self.sme["platforms"]:
            save_as = f"platforms/{platform['id']}/index.html"
            key = cache.key("platform-page", shared, platform)
            target = Path(self.output_path) / save_as
            if not cache.fetch(key, target):
                self.page(writer, save_as, "platform", nav="platforms", platform=platform)
                cache.store(key, target)


class NoticePagesGenerator(RegistryGenerator):
    """One page per validated notice, rendered from the body text the loader checked
    (Pelican's own readers are off: no second parser decides what is published)."""

    def generate_output(self, writer):
        registry = self.sme["registry"]
        for slug in sorted(registry.notices):
            notice = registry.notices[slug]
            try:
                self.page(writer, f"notices/{slug}.html", "article", nav=None,
                          article={"slug": slug, "content": render_notice(notice.body)})
            except Exception as exc:  # a failed page names its source file and line
                _LOG.error("%s:%d:1: 公告页面生成失败：%r", notice.path, notice.body_line, exc)


class NoticeListsGenerator(RegistryGenerator):
    def generate_output(self, writer):
        notices = self.sme["notices"]
        self.page(writer, "notices/index.html", "notices", nav="notices", notices=notices, notice_type=None)
        for notice_type, key in NOTICE_TYPES.items():
            chosen = [n for n in notices if n["type"] == notice_type]
            self.page(writer, f"notices/{key}/index.html", "notices", nav="notices", notices=chosen,
                      notice_type=notice_type)


class PolicyGenerator(RegistryGenerator):
    def generate_output(self, writer):
        measures = measures_of(self.sme["registry"])
        self.page(writer, "policy/index.html", "policy", nav="policy", measures=measures)
        for number, title in enumerate(measures.attachments, start=1):
            self.page(writer, f"policy/attachment-{number}.html", f"attachment-{number}", nav="policy",
                      attachment_title=title, attachment_number=number)


class DownloadsGenerator(RegistryGenerator):
    def generate_output(self, writer):
        for name, data in exports.export_files(self.sme, self.sme["site"]).items():
            self.raw(f"data/{name}", data)
        self._workbooks()
        for schema_file in sorted(schemas.SCHEMA_DIR.glob("*.schema.json")):
            self.raw(f"schema/{schema_file.name}", schema_file.read_bytes())
        self.raw("data/thresholds.json", _json(self.sme["thresholds"]))
        self.page(writer, "data/index.html", "downloads", nav="data",
                  platform_fields=exports.PLATFORM_FIELDS, term_fields=exports.TERM_FIELDS,
                  notice_fields=exports.NOTICE_FIELDS,
                  schema_files=sorted(p.name for p in schemas.SCHEMA_DIR.glob("*.schema.json")))


    def _workbooks(self) -> None:
        """The xlsx downloads; writing them is the slow part, so unchanged ones come from the cache."""
        cache = self.context["SME_CACHE"]
        base = cache.key("xlsx", *workbook_inputs(self.sme, self.sme["site"]))
        targets = {name: Path(self.output_path) / "data" / name for name in WORKBOOK_FILES}
        if all(cache.fetch(cache.key(base, name), target) for name, target in targets.items()):
            return
        for name, data in workbooks(self.sme, self.sme["site"]).items():
            self.raw(f"data/{name}", data)
            cache.store(cache.key(base, name), targets[name])


class FeedsGenerator(RegistryGenerator):
    def generate_output(self, writer):
        write_feeds(self.sme, self.context["SME_BUILD"], Path(self.output_path))


class SearchGenerator(RegistryGenerator):
    """search/index.html plus its prebuilt index (loaded only by that page). The index is
    built on the second core while the other generators render pages."""

    def generate_context(self):
        super().generate_context()
        registry = self.sme["registry"]
        platforms = [
            {"id": p["id"], "name": p["name"], "operator": p["operator_name"], "credit_code": p["credit_code"],
             "county": p["county"], "category": p["category"], "services": p["services"],
             "batch": p["latest_batch"], "status": p["status_label"], "valid_until": p["valid_until"] or None,
             "schedule": p["schedule_rows"],
             "description": p["description"], "url": p["url"],
             "years": sorted({t["batch"] for t in p["terms"]} | {t["certified_on"][:4] for t in p["terms"]}
                             | ({p["pending"]["batch"]} if p["pending"] else set()), key=str)}
            for p in self.sme["platforms"]
        ]
        notices = [
            {"slug": n["slug"], "title": n["title"], "type": n["type"], "date": n["date"],
             "text": registry.notices[n["slug"]].body, "platforms": [x["id"] for x in n["platforms"]],
             "url": n["url"]}
            for n in self.sme["notices"]
        ]
        cache = self.context["SME_CACHE"]
        worker = worker_sources(Path(self.settings["THEME"]) / "static" / "js")
        key = cache.key("search-bundle", platforms, notices, [hashlib.sha256(b).hexdigest() for b in worker])
        self.job = None
        cache.claim_memo("search-terms")  # kept for the next edit even when unused now
        out = Path(self.output_path) / "search"
        self.key = cache.subkey(key, "pack")
        with tempfile.TemporaryDirectory() as tmp:
            pack = Path(tmp) / "pack"
            files = _unpack(pack.read_bytes()) if cache.fetch(self.key, pack) else None
        if files is not None:
            _write_files(out, files)
            return
        self.job = Background(self._build_bundle, cache, platforms, notices, self.key, out, worker)

    def _build_bundle(self, cache, platforms, notices, key, out: Path, worker: list[bytes]) -> None:
        """index.json and docs.json (the whole index), the sharded index of search-shards.js
        and worker.js (the search page's Web Worker with the manifest). All of them are one
        cache entry (a pack): they change together, and thousands of entries would crowd out
        the pages'."""
        memo, used = cache.load_memo("search-terms", valid=_term_counts), set()
        files = build_search_shards(platforms, notices, memo, used, full=True, worker=worker)
        cache.save_memo("search-terms", memo or {}, keep=used)
        _write_files(out, files)
        with tempfile.TemporaryDirectory() as tmp:
            pack = Path(tmp) / "pack"
            pack.write_bytes(_pack(files))
            cache.store(key, pack)

    def generate_output(self, writer):
        if self.job is not None:
            self.job.wait()
            self.context["SME_CACHE"].claim(self.key)  # stored by the child; kept at this prune
        self.page(writer, "search/index.html", "search", nav=None)


_PACK_NAME = re.compile(r"[a-z0-9_-]+(/[a-z0-9_-]+)*\.(json|js)")


def _pack(files: dict[str, bytes]) -> bytes:
    """Files as one blob: a JSON line of [name, size] pairs, then the bytes in that order."""
    head = json.dumps([[name, len(data)] for name, data in files.items()], separators=(",", ":"))
    return head.encode("utf-8") + b"\n" + b"".join(files.values())


def _unpack(blob: bytes) -> dict[str, bytes] | None:
    """The files of a pack; None when it is not one (then the index is built again)."""
    try:
        head, _, body = blob.partition(b"\n")
        items = json.loads(head)
        files, at = {}, 0
        for name, size in items:
            if not (isinstance(name, str) and _PACK_NAME.fullmatch(name) and type(size) is int and size >= 0):
                return None
            files[name] = body[at : at + size]
            at += size
        return files if at == len(body) else None
    except (ValueError, TypeError):
        return None


def _write_files(out: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


class NotFoundGenerator(RegistryGenerator):
    def generate_output(self, writer):
        self.page(writer, "404.html", "404", nav=None, base_path=self.context["SME_BUILD"].base_path)


def _page_globals(sme: dict, settings: dict) -> list:
    return [sme["today"], sme["site"], sme["notice_types"], sme["status_labels"], sme["county_url"],
            settings.get("SITENAME"), settings.get("RELATIVE_URLS"), sme["frame"], sme["gov_meta"],
            templates_digest(settings.get("THEME_TEMPLATES_OVERRIDES") or ())]


def _term_counts(value) -> bool:
    """The shape of a search-terms memo value: one {term: count} per field of a document."""
    return (isinstance(value, list) and len(value) in {len(PLATFORM_FIELDS), len(NOTICE_FIELDS)}
            and all(isinstance(field, dict) and all(isinstance(t, str) and type(n) is int and n > 0
                                                    for t, n in field.items()) for field in value))


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


GENERATORS = (
    HomeGenerator,
    PlatformPagesGenerator,
    NoticePagesGenerator,
    NoticeListsGenerator,
    PolicyGenerator,
    DownloadsGenerator,
    FeedsGenerator,
    SearchGenerator,
    NotFoundGenerator,
)


def _with_attachments():
    # Imported here: the attachments generator subclasses RegistryGenerator above.
    from sme_registry.site.pelican.attachments import NoticeAttachmentsGenerator

    return (*GENERATORS, NoticeAttachmentsGenerator)


GENERATORS = _with_attachments()
