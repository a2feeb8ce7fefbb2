"""search-worker.js under node with a stand-in worker scope and fetch: a search() answer is
posted with the row the page shows first already fetched, so the page's first rows() call is
answered without a request of its own."""

from __future__ import annotations

import json

import pytest

from scripts.synth import make_notices, make_platforms
from sme_registry.search.shards import build_search_shards

from .nodejs import JS_DIR, READ_STDIN, SEARCH_JS, run_node

SHARDS_JS = JS_DIR / "search-shards.js"
WORKER_JS = JS_DIR / "search-worker.js"

# input: {files: {path: text}, q, missing: a path answered with 404}
SCRIPT = READ_STDIN + f"""
global.self = global;
global.SmeSearchEngine = require({str(SEARCH_JS)!r});
global.SmeShards = require({str(SHARDS_JS)!r});
const files = input.files;
const fetched = [];
const posted = [];
global.fetch = (url) => {{
  const path = url.slice("http://127.0.0.1/search/".length);
  fetched.push(path);
  const ok = path in files && path !== input.missing;
  return Promise.resolve({{ ok, status: ok ? 200 : 404, json: () => Promise.resolve(JSON.parse(files[path])) }});
}};
let wake = null;
global.postMessage = (m) => {{ posted.push({{ m, fetched: fetched.slice() }}); if (wake) wake(); }};
require({str(WORKER_JS)!r});
const answer = (id) => new Promise((resolve) => {{
  const look = () => {{ const p = posted.find((x) => x.m.id === id); if (p) resolve(p); else wake = look; }};
  look();
}});
(async () => {{
  self.onmessage({{ data: {{ type: "open", base: "http://127.0.0.1/search/" }} }});
  self.onmessage({{ data: {{ id: 1, method: "search", args: [input.q] }} }});
  const searched = await answer(1);
  const found = searched.m.value;
  const kind = found.platforms.length ? "platforms" : "notices";
  const before = fetched.length;
  self.onmessage({{ data: {{ id: 2, method: "rows", args: [kind, [found[kind][0][0]]] }} }});
  const rows = await answer(2);
  process.stdout.write(JSON.stringify({{
    found, kind, atAnswer: searched.fetched, rowsFetched: fetched.slice(before), rows: rows.m,
  }}));
}})().catch((e) => {{ process.stderr.write(String(e.stack)); process.exit(1); }});
"""

PLATFORMS = make_platforms(60)
NOTICES = make_notices(12, PLATFORMS)


@pytest.fixture(scope="module")
def files():
    built = build_search_shards(PLATFORMS, NOTICES)
    return {name: data.decode("utf-8") for name, data in built.items() if name.endswith(".json")}


def _chunk(files, kind, ref):
    """The path of the chunk holding row `ref` of `kind`, and that row."""
    manifest = json.loads(files["manifest.json"])["kinds"][kind]
    path = f"{manifest['path']}/d/{ref // manifest['chunk']}.json"
    return path, json.loads(files[path])[ref % manifest["chunk"]]


# 公示 finds notices only: then the first notice is what the page shows first.
@pytest.mark.parametrize(("q", "kind"), [("冠县", "platforms"), ("检测", "platforms"), ("lcgx", "platforms"),
                                         ("公示", "notices")])
def test_the_search_answer_comes_with_the_first_shown_row_fetched(files, q, kind):
    got = run_node(SCRIPT, {"files": files, "q": q, "missing": None})
    assert got["kind"] == kind and got["found"][kind], q
    path, row = _chunk(files, kind, got["found"][kind][0][0])
    assert path in got["atAnswer"]  # fetched before the answer went out
    assert got["rowsFetched"] == []  # the page's first rows() call needs no request
    assert list(got["rows"]["value"][0].values()) == row


def test_a_failed_first_row_still_answers_the_search_and_rows_reports_it(files):
    plain = run_node(SCRIPT, {"files": files, "q": "冠县", "missing": None})
    path, _ = _chunk(files, "platforms", plain["found"]["platforms"][0][0])
    got = run_node(SCRIPT, {"files": files, "q": "冠县", "missing": path})
    assert got["found"] == plain["found"]  # the search is answered all the same
    assert got["rows"]["error"] == "Error: HTTP 404"
