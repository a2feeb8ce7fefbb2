/*
 * 搜索 Web Worker — runs the query work of the search page (SmeShards: fetching shards,
 * assembling and querying lunr indexes) off the main thread, so typing never waits for it.
 * search.js starts it as search/worker.js (CSP worker-src 'self') and falls back to
 * running the same code on the main thread when a Worker cannot be started.
 *
 * Messages in:  {type: "open", base: "<absolute URL of search/>"}, then
 *               {id, method: "search" | "first" | "rows" | "facets", args: [...]}.
 * Messages out: {type: "ready", lists} or {type: "fail", error}; {id, value} or {id, error}.
 * A search() answer is posted once the row the page shows first is fetched (withFirstRow).
 */
/* global importScripts, SmeShards, SmeSearchEngine */
// The build writes search/worker.js: lunr, the three scripts below and the manifest
// (self.SME_SEARCH_MANIFEST) followed by this file, so nothing needs importing; loaded as
// theme/js/search-worker.js on its own, it imports them.
if (!self.SmeShards) {
  importScripts("../vendor/lunr/lunr.min.js", "search-tokenizer.js", "search-engine.js", "search-shards.js");
}

(function () {
  "use strict";
  var opening = null;
  SmeSearchEngine.installTokenizer();
  self.onmessage = function (e) {
    var m = e.data || {};
    if (m.type === "open") {
      var base = String(m.base);
      opening = SmeShards.open(function (path) {
        return fetch(base + path, { credentials: "same-origin" }).then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.json();
        });
      }, self.SME_SEARCH_MANIFEST);
      opening.then(
        function (client) {
          self.postMessage({ type: "ready", lists: client.manifest.lists });
        },
        function (err) {
          self.postMessage({ type: "fail", error: String(err) });
        }
      );
      return;
    }
    if (!opening || ["search", "first", "rows", "facets"].indexOf(m.method) < 0) return;
    opening
      .then(function (client) {
        var answer = client[m.method].apply(client, m.args || []);
        return m.method === "search" ? answer.then(client.withFirstRow.bind(client)) : answer;
      })
      .then(
        function (value) {
          self.postMessage({ id: m.id, value: value });
        },
        function (err) {
          self.postMessage({ id: m.id, error: String(err) });
        }
      );
  };
})();
