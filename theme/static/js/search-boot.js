/*
 * 搜索页启动 — starts the search page's Web Worker while the page is still loading.
 *
 * Loaded first in the search page's <head> (theme/templates/search.html), before the
 * stylesheets and without async or defer: it is fetched alongside them, does not wait for
 * them, and has always run before the page's deferred scripts (search.js needs it). It starts
 * search/worker.js (see search-worker.js for the messages) and, when the
 * address has ?q=, already asks the worker for that query's first() and, unless that is the
 * first result already (a full name), its search(): the worker fetches the query's shards
 * while the page is still being parsed. search.js adopts this worker
 * and takes those two answers instead of asking again (`take`).
 *
 * window.SmeSearchBoot = {
 *   base,              the URL of the index folder this worker opened (the page's folder)
 *   backend,           promise of {mode: "worker", lists, search, first, rows, facets}
 *   openWorker(base)   the same for another folder (search.js, when #search-app[data-shards])
 * }
 * Nothing is started when the page has no Worker or <html data-search-no-worker>; search.js
 * then runs the queries on the main thread.
 */
(function (root) {
  "use strict";

  function ignore() {}

  // Resolves to the query backend search.js uses: {mode, lists, search(q), first(q),
  // rows(kind, refs), facets(kind)}, every method a promise of the worker's answer.
  // With `query`, its first() is asked at once and, unless that gives the first result, its
  // search() right after; the answers are kept for the page's first identical call (only that one).
  function openWorker(base, query) {
    var worker = new root.Worker(base + "worker.js");
    var pending = new Map();
    var kept = new Map();
    var early = query || null; // the query asked ahead, until the page searches by itself
    var next = 0;
    var ready = false;
    function failAll(err) {
      pending.forEach(function (p) {
        p.reject(err);
      });
      pending.clear();
    }
    function post(method, args) {
      return new Promise(function (res, rej) {
        next += 1;
        pending.set(next, { resolve: res, reject: rej });
        worker.postMessage({ id: next, method: method, args: args });
      });
    }
    function call(method, args) {
      var key = JSON.stringify([method, args]);
      var got = kept.get(key);
      if (got) {
        kept.delete(key);
        return got;
      }
      if (method === "search") early = null;
      return post(method, args);
    }
    function ahead(method, args) {
      var answer = post(method, args);
      answer.then(null, ignore); // a failed early call is reported to whoever takes it
      kept.set(JSON.stringify([method, args]), answer);
      return answer;
    }
    var backend = new Promise(function (resolve, reject) {
      worker.onmessage = function (e) {
        var m = e.data || {};
        if (m.type === "ready") {
          ready = true;
          resolve({
            mode: "worker",
            lists: m.lists,
            search: function (q) {
              return call("search", [q]);
            },
            first: function (q) {
              return call("first", [q]);
            },
            rows: function (kind, refs) {
              return call("rows", [kind, refs]);
            },
            facets: function (kind) {
              return call("facets", [kind]);
            }
          });
          return;
        }
        if (m.type === "fail") {
          worker.terminate();
          reject(new Error(m.error));
          return;
        }
        var p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        if (m.error !== undefined) p.reject(new Error(m.error));
        else p.resolve(m.value);
      };
      worker.onerror = function (e) {
        if (e && e.preventDefault) e.preventDefault();
        if (!ready) {
          worker.terminate();
          reject(new Error("worker"));
        } else failAll(new Error("worker"));
      };
    });
    // The worker answers calls in the order they come, after "open" (search-worker.js).
    worker.postMessage({ type: "open", base: base });
    if (early) {
      ahead("first", [early]).then(function (hit) {
        // A full name's first result is in that one file; its twenty-odd term shards would
        // only hold up the page's own scripts (six connections per host) until the page asks.
        if (!hit && early === query) ahead("search", [query]);
      }, ignore);
    }
    return backend;
  }

  var boot = { openWorker: openWorker, base: null, backend: null };
  root.SmeSearchBoot = boot;
  var doc = root.document;
  if (!root.Worker || (doc && doc.documentElement.hasAttribute("data-search-no-worker"))) return;
  var q = "";
  try {
    q = new URLSearchParams(root.location.search).get("q") || "";
  } catch (err) {
    q = "";
  }
  boot.base = new URL("./", root.location.href).href;
  try {
    boot.backend = openWorker(boot.base, q.trim() ? q : null);
    boot.backend.then(null, ignore); // search.js sees the failure when it adopts it
  } catch (err) {
    boot.backend = null; // no worker here (a sandboxed frame): search.js decides
  }
})(typeof self !== "undefined" ? self : this);
