"""search-boot.js under node with a stand-in Worker: what it asks the worker before the page
does, and that the page's calls take those answers instead of asking twice."""

from __future__ import annotations

import pytest

from .nodejs import JS_DIR, READ_STDIN, run_node

BOOT_JS = JS_DIR / "search-boot.js"

# input: {q, first: the worker's answer to first(), order: "early" (the worker answers first()
# before the page asks anything) or "late" (the page asks search() before that answer)}
SCRIPT = READ_STDIN + f"""
const posted = [];
let worker = null;
class StandIn {{
  constructor(url) {{ this.url = url; worker = this; }}
  postMessage(m) {{ posted.push(m); }}
  terminate() {{}}
}}
const href = "http://127.0.0.1/search/index.html" + (input.q === null ? "" : "?q=" + encodeURIComponent(input.q));
global.self = {{ Worker: StandIn, location: new URL(href),
                 document: {{ documentElement: {{ hasAttribute: () => false }} }} }};
require({str(BOOT_JS)!r});
const boot = self.SmeSearchBoot;
const tick = () => new Promise((r) => setTimeout(r, 0));
const answer = (m, value) => worker.onmessage({{ data: {{ id: m.id, value }} }});
(async () => {{
  worker.onmessage({{ data: {{ type: "ready", lists: {{}} }} }});
  const backend = await boot.backend;
  const early = posted.filter((m) => m.method).map((m) => m.method);
  const firstMsg = posted.find((m) => m.method === "first");
  let pageSearch = null;
  if (input.order === "late" && input.q) pageSearch = backend.search(input.q);
  if (firstMsg) answer(firstMsg, input.first);
  await tick();
  const afterFirst = posted.filter((m) => m.method).map((m) => m.method);
  const pageFirst = input.q ? await backend.first(input.q) : null;
  if (input.q && !pageSearch) pageSearch = backend.search(input.q);
  const searchMsgs = posted.filter((m) => m.method === "search");
  searchMsgs.forEach((m) => answer(m, {{ platforms: [[m.id, 1]], notices: [] }}));
  const found = pageSearch ? await pageSearch : null;
  process.stdout.write(JSON.stringify({{
    url: worker.url, opened: posted[0], early, afterFirst, pageFirst, found,
    searches: searchMsgs.map((m) => m.args[0]), all: posted.filter((m) => m.method).map((m) => m.method),
  }}));
}})().catch((e) => {{ process.stderr.write(String(e.stack)); process.exit(1); }});
"""


def _run(q, first=None, order="early"):
    return run_node(SCRIPT, {"q": q, "first": first, "order": order})


def test_the_worker_is_opened_on_the_index_beside_the_page():
    got = _run(None)
    assert got["url"] == "http://127.0.0.1/search/worker.js"
    assert got["opened"] == {"type": "open", "base": "http://127.0.0.1/search/"}
    assert got["all"] == []  # no query in the address: nothing is asked ahead


def test_a_query_that_is_not_a_full_name_is_searched_ahead_and_asked_once():
    got = _run("高唐", first=None)
    assert got["early"] == ["first"]  # first() alone until its answer is in
    assert got["afterFirst"] == ["first", "search"]
    assert got["all"] == ["first", "search"]  # the page's first() and search() took those answers
    assert got["found"]["platforms"][0][0] == 2  # the answer to the second message, boot's search


@pytest.mark.parametrize("q", ["聊城市冠县中小企业公共服务平台", "高唐"])
def test_a_first_result_from_one_file_defers_the_search_to_the_page(q):
    hit = {"row": {"name": q}}
    got = _run(q, first=hit)
    assert got["afterFirst"] == ["first"]  # the term shards do not compete with the page's scripts
    assert got["pageFirst"] == hit
    assert got["all"] == ["first", "search"] and got["searches"] == [q]


def test_a_page_that_searches_before_the_early_answer_is_not_searched_twice():
    got = _run("高唐", first=None, order="late")
    assert got["all"] == ["first", "search"] and got["searches"] == ["高唐"]
