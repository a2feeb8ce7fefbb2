"""One Pelican Generator per kind of page the registry adds."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import tempfile
from pathlib import Path

from markupsafe import Markup, escape
from pelican.generators import Generator
from pelican.utils import get_relative_path, path_to_url

from sme_registry.derive.views import NOTICE_TYPES, PLATFORM_FOLDER, platform_url
from sme_registry.load import schemas
from sme_registry.parallel import Background, worth_forking, yield_cpu
from sme_registry.regulation.measures import measures_of
from sme_registry.search.index_builder import NOTICE_FIELDS, PLATFORM_FIELDS
from sme_registry.search.shard_patch import patch_search_shards, valid_state
from sme_registry.search.shards import build_search_shards, document_digests, worker_sources
from sme_registry.site import exports, page_folders
from sme_registry.site.pelican.context import registry_context, render_input
from sme_registry.site.pelican.feeds import write_feeds
from sme_registry.site.pelican.render_cache import LazyShardedMemo, templates_digest, texts_digest
from sme_registry.site.pelican.template_environment import registry_environment
from sme_registry.site.sanitize import render_notice
from sme_registry.site.search_documents import search_documents
from sme_registry.site.workbooks import (
    MAKERS,
    WORKBOOK_FILES,
    platform_columns,
    workbook_inputs,
    workbook_row_text,
)

LOG = logging.getLogger("pelican.sme_registry")  # counted by build._ErrorCounter
# What a list row is rendered with in place of SITEURL; each list page puts its own site URL
# there (with_siteurl). No source text can hold it: every source file is refused C0 controls
# (sme_registry.problems.characters.REFUSED_CHAR), so only the template writes it.
ROW_SITEURL = "\x01SITEURL\x01"


def with_siteurl(text: str, siteurl: str) -> str:
    """`text` (rendered with ROW_SITEURL) as rendered with `siteurl`: what ``{{ SITEURL }}``
    prints, escaped as the autoescaping environment escapes it."""
    return text.replace(ROW_SITEURL, str(escape(siteurl)))


class RegistryGenerator(Generator):
    """Shares the validated registry (loaded once) and knows how to write pages and files."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.env = registry_environment(self.env, self.settings["JINJA_ENVIRONMENT"])

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

    def kept_texts(self, platforms: list[dict], part: str, compute) -> list[str]:
        """Each platform's text `part`, kept between builds with its view (derived.Derived.texts)
        when the build keeps per-platform results, else `compute(platform)`."""
        derived = self.context.get("SME_DERIVED")
        return [compute(p) for p in platforms] if derived is None else derived.texts(platforms, part, compute)

    def kept_encoded(self, platforms: list[dict], part: str, compute) -> list[bytes | memoryview]:
        """`kept_texts` as UTF-8 bytes (derived.Derived.encoded: kept ones are not decoded),
        for texts that are only hashed or joined."""
        derived = self.context.get("SME_DERIVED")
        if derived is None:
            return [compute(p).encode("utf-8") for p in platforms]
        return derived.encoded(platforms, part, compute)

    def page_key(self, kind: str, *parts) -> str:
        """A cache key for a page of `kind` made from `parts` and what every page reads
        (_page_globals and the site URL)."""
        return self.context["SME_CACHE"].key(kind, self.page_globals(), self.context.get("SITEURL"), *parts)

    def page_globals(self) -> list:
        """`_page_globals` of this build, made once (the deployer's template folders are read
        once per build, not once per key)."""
        found = self.context.get("SME_PAGE_GLOBALS")
        if found is None:
            found = self.context["SME_PAGE_GLOBALS"] = _page_globals(self.sme, self.settings)
        return found

    def kept_page(self, writer, save_as: str, template: str, **extra) -> None:
        """`page` for a page whose template reads nothing but `extra` (plain data) and what
        every page reads (page_key): kept between builds under a key of exactly those."""
        self.cached(self.page_key("page", save_as, template, extra), save_as,
                    lambda: self.page(writer, save_as, template, **extra))

    def cached(self, key: str, save_as: str, render) -> None:
        """The file `save_as` from the render cache under `key`; else `render()` writes it
        and it is stored there."""
        cache = self.context["SME_CACHE"]
        target = Path(self.output_path) / save_as
        if cache.fetch(key, target, link=True):
            return
        render()
        cache.store(key, target)

    def raw(self, name: str, data: bytes) -> None:
        target = Path(self.output_path) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


class HomeGenerator(RegistryGenerator):
    def generate_output(self, writer):
        self.page(writer, "index.html", "home", nav="home")


class SecondCoreWork:
    """A generator's share of the site written by a forked child (parallel.Background) while
    the main process renders the rest. `start` registers it in RenderInput.pending; once
    Pelican is done the build calls `wait()` on every such job, takes in the cache entries
    their children stored (one RenderCache.rescan) and then calls `claim(cache)`, so that
    this build keeps them. Only then is the site checked and its sitemap written (site_tree)."""

    job = None

    def start(self, fn, *args) -> None:
        self.job = Background(fn, *args)
        render_input(self.settings).pending.append(self)

    def wait(self) -> None:
        job, self.job = self.job, None
        if job is not None:
            job.wait()

    def claim(self, cache) -> None:
        """Claim the entries the child stored (after `wait` and the rescan)."""


# The share of the platform pages to render that a forked child takes. The main process has
# more to do after its share (the other generators' pages, the memos): in timelines at 2,000 and
# 10,000 platforms that was about a quarter of the time the platform pages take, so an even
# finish gives the child (1 + 1/4) / 2 of them.
SECOND_CORE_PAGES = 0.6


class PlatformPagesGenerator(SecondCoreWork, RegistryGenerator):
    """The list and one page per platform; unchanged platform pages come from the cache.

    A platform page may read only its own `platform` and the site-wide values in
    `_page_globals`; a list page only its rows and those values, `_LIST_VALUES` and its
    county: anything else their templates start to use must be added there."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._row_modules: dict = {}
        self._row_texts: dict[str, str] = {}
        self._row_check: dict[str, bool] = {}  # site URL -> do the substituted rows equal the template's

    def generate_output(self, writer):
        cache, derived = self.context["SME_CACHE"], self.context.get("SME_DERIVED")
        platforms = self.sme["platforms"]
        by_county: dict[str, list] = {}
        for platform in platforms:
            by_county.setdefault(platform["county"], []).append(platform)
        # Before anything is written there: the last site's page folders, emptied (page_folders).
        kept = page_folders.take(cache.directory, Path(self.output_path) / PLATFORM_FOLDER, {p["id"] for p in platforms})
        cache.folders_exist(kept)
        listing = self.page_key("platform-list", [self.sme[name] for name in _LIST_VALUES])
        self._list_page(writer, listing, f"{PLATFORM_FOLDER}/index.html", "platforms", platforms)
        for county in self.sme["county_pages"]:
            chosen = by_county.get(county["name"], [])
            self._list_page(writer, listing, county["url"], "county", chosen, county=county, platforms=chosen)
        shared = cache.key("platform-page", self.page_globals())
        missing = []
        for platform in platforms:
            save_as = f"{platform_url(platform['id'])}index.html"
            # A page is made from its platform's view and the site-wide values: keyed by the
            # inputs of the view (derived.py) when they are known, else by the view itself.
            key = (cache.subkey(shared, derived.key(platform["id"])) if derived is not None
                   else cache.key(shared, platform))
            target = Path(self.output_path) / save_as
            # the last site's page left in its folder (page_folders.take): kept if it is this
            # page's entry, else removed before the page is written
            present = kept.get(os.path.dirname(target)) if kept else None
            if not cache.fetch(key, target, link=True, present=present):
                if present is not None:
                    os.unlink(target)
                missing.append((save_as, key, platform))
        # Pages not in the cache are rendered on both cores (each page is written by the
        # process that renders it; their cache entries are stored there and kept here). The
        # child's share is not waited for here: the build waits for it with the other jobs.
        cache.claim(*(key for _, key, _ in missing))
        cut = round(len(missing) * (1 - SECOND_CORE_PAGES)) if worth_forking(len(missing)) else len(missing)
        if cut < len(missing):
            self.start(self._platform_pages, writer, cache, missing[cut:])
        self._platform_pages(writer, cache, missing[:cut])

    def _platform_pages(self, writer, cache, items: list) -> None:
        for item in items:
            self._platform_page(writer, cache, item)

    def _list_page(self, writer, listing: str, save_as: str, template: str, chosen: list, **extra) -> None:
        """A list of platforms (the whole list, a county's): made from the rows of `chosen`
        in order, the site-wide values (`listing`) and `extra`, and kept between builds
        under a key of exactly these (an edit that no row shows reuses the page). The key
        hashes the rows' texts before the page's site URL is put in (save_as, in the key,
        decides it), so a page taken from the cache never has its rows made."""
        cache = self.context["SME_CACHE"]
        siteurl = self._siteurl(save_as)
        texts = self.row_texts(chosen)
        rows = None if self._substitutes(siteurl, chosen, texts) else self._direct_rows(siteurl, chosen)
        shown = rows.values() if rows is not None else (texts[p["id"]] for p in chosen)  # in the table's order
        key = cache.subkey(listing, cache.key(save_as, extra.get("county"), len(chosen), rows is None,
                                              texts_digest(shown)))

        def render():
            shown = rows if rows is not None else {p["id"]: Markup(with_siteurl(texts[p["id"]], siteurl)) for p in chosen}
            self.page(writer, save_as, template, nav="platforms", rows=shown, **extra)

        self.cached(key, save_as, render)

    def _siteurl(self, save_as: str) -> str:
        """What SITEURL is on the page `save_as`."""
        return path_to_url(get_relative_path(save_as)) if self.settings["RELATIVE_URLS"] else self.context["SITEURL"]

    def _substitutes(self, siteurl: str, platforms: list, texts: dict[str, str]) -> bool:
        """Whether the rows of a page whose SITEURL is `siteurl` are their texts (`row_texts`)
        with it put in. Checked once per site URL on the page's first row as the template
        renders it with the real SITEURL: if the template ever does more with SITEURL than
        print it, the rows are rendered directly (`_direct_rows`) and nothing wrong is published."""
        if platforms and siteurl not in self._row_check:
            direct = str(self._row_module(siteurl).platform_row(platforms[0]))
            self._row_check[siteurl] = direct == with_siteurl(texts[platforms[0]["id"]], siteurl)
        return self._row_check.get(siteurl, True)

    def _direct_rows(self, siteurl: str, platforms: list) -> dict:
        module = self._row_module(siteurl)
        return {p["id"]: module.platform_row(p) for p in platforms}

    def row_texts(self, platforms: list) -> dict[str, str]:
        """Each platform's list row with ROW_SITEURL where its page's site URL goes: rendered
        once per build for every list page at any depth, kept between builds (derived.py).
        Texts, not bytes (kept_encoded): each page checks its first row (_substitutes), and a
        kept row that does not decode is made again rather than failing the page."""
        texts = self._row_texts
        missing = [p for p in platforms if p["id"] not in texts]
        if missing:
            module = self._row_module(ROW_SITEURL)
            made = self.kept_texts(missing, "row", lambda p: str(module.platform_row(p)))
            texts.update(zip((p["id"] for p in missing), made, strict=True))
        return texts

    def _row_module(self, siteurl: str):
        module = self._row_modules.get(siteurl)
        if module is None:
            module = self.get_template("components").make_module(vars={**self.context, "SITEURL": siteurl})
            self._row_modules[siteurl] = module
        return module

    def _platform_page(self, writer, cache, item) -> None:
        save_as, key, platform = item
        self.page(writer, save_as, "platform", nav="platforms", platform=platform)
        cache.store(key, Path(self.output_path) / save_as)


class NoticePagesGenerator(RegistryGenerator):
    """One page per validated notice, rendered from the body text the loader checked
    (Pelican's own readers are off: no second parser decides what is published)."""

    def generate_output(self, writer):
        registry = self.sme["registry"]
        cache = self.context["SME_CACHE"]
        # What a notice page reads: its body, its view (SME.notice_by_slug), its name list
        # (SME_NOTICE_LISTS, by its digest) and the site-wide values every page reads.
        shared = cache.key("notice-page", self.page_globals())
        lists = self.context.get("SME_NOTICE_LIST_KEYS") or {}
        for slug in sorted(registry.notices):
            notice = registry.notices[slug]
            save_as = f"notices/{slug}.html"
            key = cache.key(shared, slug, notice.body, self.sme["notice_by_slug"][slug], lists.get(slug))
            if cache.fetch(key, Path(self.output_path) / save_as, link=True):
                continue
            try:
                self.page(writer, save_as, "article", nav=None,
                          article={"slug": slug, "content": render_notice(notice.body)})
            except Exception as exc:  # a failed page names its source file and line
                LOG.error("%s:%d:1: 公告页面生成失败：%r", notice.path, notice.body_line, exc)
                continue
            cache.store(key, Path(self.output_path) / save_as)


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


class DownloadsGenerator(SecondCoreWork, RegistryGenerator):
    """data/index.html and the open-data files it offers (exports, workbooks, schemas). The
    files are written on the second core while the other pages render (at 10,000 platforms
    they are tens of megabytes, and an edit to a list row makes new workbooks); the build
    waits for them (SecondCoreWork) before it checks and swaps in the site."""

    def generate_output(self, writer):
        # Started when every generator's context is made (the notice views have their
        # attachments), before the other pages render: second in GENERATORS.
        derived = self.context.get("SME_DERIVED")
        # Kept pieces are looked up here, in the process whose memo is saved for the next build.
        pieces = exports.platform_pieces(self.sme["platforms"], self.kept_encoded)
        handle, self._claims = tempfile.mkstemp(prefix="sme-downloads-", suffix=".json")
        os.close(handle)
        rebuild = derived is not None and bool(derived.previous)
        keys, fetched = self._workbooks()
        try:
            # After an edit that the workbooks do not show, the main process is what the build
            # waits for: these files take the time it leaves (yield_cpu). When the workbooks
            # are to be made (a name or status edit), the child is what the build waits for
            # last, so it keeps its priority, as in a clean build, which keeps both cores busy.
            self.start(self._files, pieces, keys, fetched, rebuild and fetched)
        except BaseException:
            os.unlink(self._claims)
            raise
        self.page(writer, "data/index.html", "downloads", nav="data",
                  platform_fields=exports.PLATFORM_FIELDS, term_fields=exports.TERM_FIELDS,
                  notice_fields=exports.NOTICE_FIELDS,
                  schema_files=sorted(p.name for p in schemas.SCHEMA_DIR.glob("*.schema.json")))

    def _files(self, pieces: dict[str, list], keys: dict[str, str], fetched: bool, yielding: bool) -> None:
        if yielding:
            yield_cpu()
        jobs = [] if fetched else self._make_workbooks(keys)
        for name, data in exports.export_files(self.sme, self.sme["site"], pieces=pieces).items():
            self.raw(f"data/{name}", data)
        for schema_file in sorted(schemas.SCHEMA_DIR.glob("*.schema.json")):
            self.raw(f"schema/{schema_file.name}", schema_file.read_bytes())
        self.raw("data/thresholds.json", exports.json_file(self.sme["thresholds"]))
        for job in jobs:
            job.wait()
        Path(self._claims).write_text(json.dumps(sorted(keys.values())), encoding="utf-8")

    def _workbooks(self) -> tuple[dict[str, str], bool]:
        """The xlsx downloads' cache keys, and whether they came from the cache (writing them
        is the slow part). Looked up here, in the main process: each platform's part of the
        key is kept with its view (kept_encoded), and this process's memo is the one saved."""
        cache = self.context["SME_CACHE"]
        texts = self.kept_encoded(self.sme["platforms"], "workbook-row", workbook_row_text)
        base = cache.key("xlsx", *workbook_inputs(self.sme, self.sme["site"], len(texts), texts_digest(texts)))
        keys = {name: cache.key(base, name) for name in WORKBOOK_FILES}
        folder = Path(self.output_path) / "data"
        return keys, all(cache.fetch(keys[name], folder / name) for name in WORKBOOK_FILES)

    def _make_workbooks(self, keys: dict[str, str]) -> list[Background]:
        """Write the workbooks at once, all but the first by forked children (this process
        runs no other thread), while this one also writes the other files; the children."""
        columns = platform_columns(self.sme)
        first, *others = WORKBOOK_FILES
        jobs = [Background(self._workbook, name, columns, keys[name]) for name in others]
        self._workbook(first, columns, keys[first])
        return jobs

    def _workbook(self, name: str, columns, key: str) -> None:
        self.raw(f"data/{name}", MAKERS[name](self.sme, self.sme["site"], columns))
        self.context["SME_CACHE"].store(key, Path(self.output_path) / "data" / name)

    def wait(self) -> None:
        """Wait for the files and take the workbooks' cache keys the child wrote down."""
        if self.job is None:
            return
        try:
            super().wait()
            self._keys = json.loads(Path(self._claims).read_text(encoding="utf-8"))
        finally:
            os.unlink(self._claims)

    def claim(self, cache) -> None:
        cache.claim(*self._keys)


class FeedsGenerator(RegistryGenerator):
    def generate_output(self, writer):
        write_feeds(self.sme, self.context["SME_BUILD"], Path(self.output_path))


class SearchIndexGenerator(SecondCoreWork, RegistryGenerator):
    """search/index.html and the prebuilt index it loads, built on the second core. First of
    the generators, so that the child starts before the others read and render; the build
    waits for it (SecondCoreWork) after Pelican is done, so that the memos are saved while
    the index is still written."""

    def generate_context(self):
        super().generate_context()
        cache = self.context["SME_CACHE"]
        out = Path(self.output_path) / "search"
        for name in [*cache.sharded_names(_TERMS_MEMO), _LAST_MEMO]:  # kept for the next edit even when unused now
            cache.claim_memo(name)
        worker = worker_sources(Path(self.settings["THEME"]) / "static" / "js")
        # Even the documents are made in the child: nothing of the index is on the main
        # process's way (which renders everything else meanwhile).
        self.start(self._index, cache, out, worker)

    def _index(self, cache, out: Path, worker: list[bytes]) -> None:
        """The search files in `out`: linked from the cache when an earlier build made them
        from the same documents, else patched or built (`_build_bundle`); the memo
        _LAST_MEMO names their listing for `claim` and the next build."""
        platforms, notices = search_documents(self.sme)
        digests = document_digests(platforms, notices)
        key = cache.subkey(cache.key("search-bundle", digests, [hashlib.sha256(b).hexdigest() for b in worker]),
                           "files")
        if not _fetch_files(cache, key, out):
            self._build_bundle(cache, platforms, notices, digests, key, out, worker)
        cache.save_memo(_LAST_MEMO, {"last": key})

    def _build_bundle(self, cache, platforms, notices, digests, key: str, out: Path, worker: list[bytes]) -> None:
        """The sharded index of search-shards.js and worker.js (the search page's Web Worker
        with the manifest): the last build's index patched when an edit allows it
        (shard_patch), else built from scratch. Each file is a cache entry keyed by its bytes,
        so a file an edit did not change is linked, not written again; the entry under `key`
        lists them by name, the one under its subkey "state" is the patch's state."""
        made = _patched(cache, platforms, notices, digests, out, worker)
        if made is None:
            # Each document's term counts, keyed by its digest: only the shards of the memo
            # that gained or lost a document are written again.
            memo, used = cache.load_sharded_memo(_TERMS_MEMO, valid=_term_counts), set()
            previous = dict(memo or {})
            state: dict = {}
            files = build_search_shards(platforms, notices, memo, used, worker=worker, state=state, digests=digests)
            listing = _write_files(cache, out, files, {})
            del files
            if memo is not None:
                cache.save_sharded_memo(_TERMS_MEMO, previous, {k: memo[k] for k in sorted(used)})
        else:
            listing, state = made
        cache.put(key, json.dumps(listing, sort_keys=True, separators=(",", ":")).encode())
        cache.put(cache.subkey(key, "state"), json.dumps(state, sort_keys=True, separators=(",", ":")).encode())

    def generate_output(self, writer):
        self.page(writer, "search/index.html", "search", nav=None)  # made from the view only, not the index

    def claim(self, cache) -> None:
        """The index's files (the child's cache entries), as the listing it left names them."""
        key = (cache.load_memo(_LAST_MEMO, _is_key) or {}).get("last")
        if key:
            cache.claim(key, cache.subkey(key, "state"), *_listed_keys(cache, key))


_TERMS_MEMO = "search-terms"
_LAST_MEMO = "search-last"  # the listing key of the last index built (its shard_patch state: subkey "state")
_FILE_NAME = re.compile(r"[a-z0-9_-]+(/[a-z0-9_-]+)*\.(json|js)")
_HEX64 = re.compile(r"[0-9a-f]{64}")


def _patched(cache, platforms, notices, digests, out: Path, worker) -> tuple[dict[str, str], dict] | None:
    """(listing, state) of the last build's index patched for these documents and written to
    `out`; None (and nothing left in `out`) when it has to be built from scratch."""
    if not cache.directory:
        return None
    last = (cache.load_memo(_LAST_MEMO, _is_key) or {}).get("last")
    old = _listing(cache, last) if last else None
    state = _json_value(cache.read(cache.subkey(last, "state"))) if old else None
    if not valid_state(state):
        return None
    memo, used = LazyShardedMemo(cache, _TERMS_MEMO, _term_counts), set()
    result = patch_search_shards(platforms, notices, digests, memo, used, state,
                                 lambda name: cache.read(old[name]) if name in old else None, worker)
    if result is None:
        return None
    files, gone, state = result
    kept = {name: entry for name, entry in old.items() if name not in gone and name not in files}
    listing = _write_files(cache, out, files, kept)
    if listing is None:
        _remove_files(out, [*files, *kept])
        return None
    memo.save(used)
    return listing, state


def _is_key(value) -> bool:
    return isinstance(value, str) and bool(_HEX64.fullmatch(value))


def _json_value(data: bytes | None):
    try:
        return None if data is None else json.loads(data)
    except ValueError:
        return None


def _write_files(cache, out: Path, files: dict[str, bytes], kept: dict[str, str]) -> dict[str, str] | None:
    """Write `files` (name -> bytes) under `out` through the cache and link the `kept` ones
    (name -> entry); their listing, or None when a kept entry is gone."""
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    listing = {name: cache.subkey("search-file", digest) for name, digest in digests.items()}
    made = set()
    for name, data in files.items():
        target = out / name
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if not cache.fetch(listing[name], target, link=True):
            target.write_bytes(data)
            cache.store(listing[name], target, data, digests[name])
    for name, entry in kept.items():
        if not cache.fetch(entry, out / name, link=True):
            return None
        listing[name] = entry
    return listing


def _listing(cache, key: str) -> dict[str, str] | None:
    """{name: entry key} of the search files listed under `key`; None when the listing is
    missing or not one (then the index is built again)."""
    data = cache.read(key)
    if data is None:
        return None
    try:
        listing = json.loads(data)
    except ValueError:
        return None
    if not (isinstance(listing, dict) and listing
            and all(_FILE_NAME.fullmatch(n) and isinstance(k, str) and _HEX64.fullmatch(k)
                    for n, k in listing.items())):
        return None
    return listing


def _listed_keys(cache, key: str) -> list[str]:
    return list((_listing(cache, key) or {}).values())


def _fetch_files(cache, key: str, out: Path) -> bool:
    """Link every search file of the listing under `key` into `out`; False (and nothing
    left in `out`) when any is missing or damaged."""
    listing = _listing(cache, key)
    if listing is None:
        return False
    if _write_files(cache, out, {}, listing) is not None:
        return True
    _remove_files(out, listing)
    return False


def _remove_files(out: Path, names) -> None:
    """Take back the files `names` (and the folders left empty) from `out`, where the search
    page search/index.html is written meanwhile."""
    folders = set()
    for name in names:
        (out / name).unlink(missing_ok=True)
        folders.update((out / name).parents)
    for folder in sorted((f for f in folders if f.is_relative_to(out) and f != out), key=lambda f: -len(f.parts)):
        with contextlib.suppress(OSError):  # not empty
            folder.rmdir()


class NotFoundGenerator(RegistryGenerator):
    def generate_output(self, writer):
        self.page(writer, "404.html", "404", nav=None, base_path=self.context["SME_BUILD"].base_path)


# What a list page reads of the site-wide values besides _page_globals (platforms.html,
# county.html and the components they call).
_LIST_VALUES = ("counties", "categories", "services", "batches", "county_pages")


# What of SME every page may read (base.html and the components every page calls): a page
# kept in the render cache reads SME only through these and the values its key names besides
# (tests/site/test_cache_contracts.py renders those pages with nothing else).
PAGE_VALUES = ("today", "site", "notice_types", "status_labels", "county_url", "frame", "gov_meta")


def _page_globals(sme: dict, settings: dict) -> list:
    return [*(sme[name] for name in PAGE_VALUES), settings.get("SITENAME"), settings.get("RELATIVE_URLS"),
            templates_digest(settings.get("THEME_TEMPLATES_OVERRIDES") or ())]


def _term_counts(value) -> bool:
    """The shape of a search-terms memo value: one {term: count} per field of a document."""
    return (isinstance(value, list) and len(value) in {len(PLATFORM_FIELDS), len(NOTICE_FIELDS)}
            and all(isinstance(field, dict) and all(isinstance(t, str) and type(n) is int and n > 0
                                                    for t, n in field.items()) for field in value))


GENERATORS = (
    SearchIndexGenerator,
    DownloadsGenerator,
    HomeGenerator,
    PlatformPagesGenerator,
    NoticePagesGenerator,
    NoticeListsGenerator,
    PolicyGenerator,
    FeedsGenerator,
    NotFoundGenerator,
)


def _with_attachments():
    # Imported here: the attachments generator subclasses RegistryGenerator above.
    from sme_registry.site.pelican.attachments import NoticeAttachmentsGenerator

    return (*GENERATORS, NoticeAttachmentsGenerator)


GENERATORS = _with_attachments()
