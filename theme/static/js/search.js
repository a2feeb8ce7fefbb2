/*
 * 搜索页客户端 — search client for <root>/search/index.html.
 *
 * Loaded after ../theme/js/search-tokenizer.js and ../theme/js/search-engine.js (planQuery and
 * highlighting; all with `defer`). This file is the page: DOM, events, rendering. The query work
 * runs in a Web Worker (search/worker.js, which the build writes: lunr + search-shards.js +
 * search-worker.js + the manifest of the sharded index, see docs/search.md), which
 * ../theme/js/search-boot.js (first in <head>) starts before this file runs and which has already
 * been asked for the address's ?q=; if no Worker can be started, the scripts are loaded into the
 * page from theme/js/ and run here. No inline script, no eval, no request outside the site.
 * The query logic (search-engine.js) mirrors sme_registry/search/engine.py.
 * When the index has loaded and the first search ran, <html data-ready="1"> is set
 * (browser tests wait for it, never for time).
 *
 * DOM CONTRACT (the template theme/templates/search.html must provide):
 *
 *   #search-app[data-root="../"]      container; data-root = path from the page to the
 *                                     site root (falls back to <body data-root>, then "../").
 *                                     Optional data-shards: URL of the sharded index's
 *                                     folder (default: the page's folder, "./").
 *   form#search-form                  the search form (method="get"; submitting it
 *                                     without JavaScript reloads the page with ?q=).
 *   input#search-q[name=q]            the query box (type="search").
 *   #search-status                    live region: role="status" aria-live="polite";
 *                                     gets "找到 N 个平台、M 条公告" etc.
 *   #search-results                   results container (emptied and filled by this file).
 *   #search-filters[hidden]           optional; un-hidden once the index has loaded.
 *   fieldset#search-filter-status     optional; checkboxes input[name=status][value=<状态>].
 *                                     Created here (有效 即将到期 已到期 已撤销 公示中 待认定)
 *                                     if the fieldset has none.
 *   select#search-filter-county       optional; first option value="" (全部区县).
 *   select#search-filter-category     optional; first option value="" (全部类别).
 *   select#search-filter-type         optional; notice type, first option value="" (全部类型).
 *                                     Missing options are appended from manifest.json.
 *   <noscript>                        a message with links to ../platforms/ and ../notices/.
 *
 * Rendered markup (for CSS):
 *   section.search-group.search-group-platforms|notices > h2 + ol.search-list >
 *     li.search-result > a.search-result-link (> span.search-result-title with <mark>s),
 *     span.status-badge.status-<valid|expiring|expired|revoked|publicity|pending>,
 *     p.search-result-meta, p.search-result-snippet
 *   div.search-empty (empty state), p.search-more (list cut to MAX_SHOWN)
 *
 * Keyboard: ArrowDown in the box moves to the first result; ArrowDown/ArrowUp move
 * between results; ArrowUp on the first result or Escape returns to the box.
 */
(function (root, factory) {
  "use strict";
  var api = factory(root.SmeSearchEngine, root.SmeTokenizer, root);
  root.SmeSearch = api;
  api.autoStart();
})(typeof self !== "undefined" ? self : this, function (Engine, Tok, root) {
  "use strict";

  var DEBOUNCE_MS = 150;
  var MAX_SHOWN = 50;
  var GROUP_TITLES = { platforms: "平台", notices: "公告" }; // listed in Engine.GROUP_ORDER
  // Status words and their CSS classes come from the page (status.py LABELS via base.html),
  // never retyped here: [[key, 中文 label], …] in status.py's order, class "status-<key>".
  var PAIRS = (function () {
    try {
      var pairs = JSON.parse((root.document && root.document.body.dataset.statusLabels) || "[]");
      return Array.isArray(pairs) ? pairs : [];
    } catch (e) {
      return [];
    }
  })();
  var STATUSES = PAIRS.map(function (pair) {
    return pair[1];
  });
  var STATUS_CLASS = {};
  PAIRS.forEach(function (pair) {
    STATUS_CLASS[pair[1]] = pair[0];
  });
  // status (issue 13): a result's status is picked from its status schedule by status.js
  // (window.SMEStatus) for the day the other pages show; the built label is the fallback.
  function statusOf(p) {
    var S = root && root.SMEStatus;
    return S && p.schedule ? S.labelOn(p.schedule, S.day()) || p.status : p.status;
  }
  var planQuery = Engine.planQuery;
  var highlightSegments = Engine.highlightSegments;

  // ------------------------------------------------------------ query backends
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  // The main-thread fallback: the worker's scripts loaded into the page. Like the worker's
  // (search-boot.js), it gives {mode, lists, search(query), first(query), rows(kind, refs),
  // facets(kind)}, every method a promise.
  function openMain(base, js) {
    var ready = root.lunr ? Promise.resolve() : loadScript(js + "../vendor/lunr/lunr.min.js");
    return ready
      .then(function () {
        return root.SmeShards ? null : loadScript(js + "search-shards.js");
      })
      .then(function () {
        Engine.installTokenizer();
        return root.SmeShards.open(function (path) {
          return root.fetch(base + path, { credentials: "same-origin" }).then(function (r) {
            if (!r.ok) throw new Error("HTTP " + r.status);
            return r.json();
          });
        });
      })
      .then(function (client) {
        return {
          mode: "main",
          lists: client.manifest.lists,
          search: client.search.bind(client),
          first: client.first.bind(client),
          rows: client.rows.bind(client),
          facets: client.facets.bind(client)
        };
      });
  }

  // The worker search-boot.js started while the page loaded (it has already asked for ?q=),
  // or one started here for another index folder; without a worker, the main thread.
  function openBackend(base, js) {
    var boot = root.SmeSearchBoot;
    var noWorker = root.document && root.document.documentElement.hasAttribute("data-search-no-worker");
    if (!root.Worker || noWorker || !boot) return openMain(base, js);
    var started;
    try {
      started = boot.backend && boot.base === base ? boot.backend : boot.openWorker(base);
    } catch (err) {
      return openMain(base, js);
    }
    return started.catch(function () {
      return openMain(base, js);
    });
  }

  // ------------------------------------------------------------------ the page
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function highlighted(tag, className, text, needles) {
    var e = el(tag, className);
    highlightSegments(text, needles).forEach(function (seg) {
      if (seg.mark) e.appendChild(el("mark", null, seg.text));
      else e.appendChild(document.createTextNode(seg.text));
    });
    return e;
  }

  function App(container) {
    this.container = container;
    this.root =
      container.getAttribute("data-root") || document.body.getAttribute("data-root") || "../";
    this.form = document.getElementById("search-form");
    this.input = document.getElementById("search-q");
    this.status = document.getElementById("search-status");
    this.results = document.getElementById("search-results");
    this.filtersBox = document.getElementById("search-filters");
    this.statusBox = document.getElementById("search-filter-status");
    this.county = document.getElementById("search-filter-county");
    this.category = document.getElementById("search-filter-category");
    this.type = document.getElementById("search-filter-type");
    this.backend = null;
    this.timer = null;
  }

  App.prototype.say = function (text) {
    if (this.status) this.status.textContent = text;
  };

  App.prototype.start = function () {
    var self = this;
    var params = new URLSearchParams(root.location.search);
    // Text typed before this script ran is kept; otherwise the box shows ?q=.
    if (this.input && !this.input.value) this.input.value = params.get("q") || "";
    this.say("正在加载搜索索引…");
    var base = new URL(this.container.getAttribute("data-shards") || "./", root.location.href).href;
    var js = new URL(this.root + "theme/js/", root.location.href).href;
    openBackend(base, js)
      .then(function (backend) {
        self.backend = backend;
        root.document.documentElement.dataset.searchMode = backend.mode;
        self.setUpFilters(params, backend.lists);
        self.bindEvents();
        return self.run();
      })
      .then(function () {
        self.ready();
      })
      .catch(function () {
        self.failed();
        self.ready();
      });
  };

  App.prototype.failed = function () {
    this.say("搜索索引加载失败，请刷新页面重试。");
    this.results.textContent = "";
    var p = el("p", "search-empty", "暂时无法搜索。您可以");
    var a = el("a", null, "浏览平台名录");
    a.href = this.root + "platforms/";
    p.appendChild(a);
    p.appendChild(document.createTextNode("。"));
    this.results.appendChild(p);
  };

  App.prototype.ready = function () {
    document.documentElement.dataset.ready = "1";
  };

  App.prototype.setUpFilters = function (params, lists) {
    function fillSelect(select, values, current) {
      if (!select) return;
      var have = {};
      Array.from(select.options).forEach(function (o) {
        have[o.value] = true;
      });
      values.forEach(function (v) {
        if (v && !have[v]) {
          have[v] = true;
          select.appendChild(new Option(v, v));
        }
      });
      if (current && have[current]) select.value = current;
    }
    fillSelect(this.county, lists.county || [], params.get("county"));
    fillSelect(this.category, lists.category || [], params.get("category"));
    fillSelect(this.type, lists.type || [], params.get("type"));
    if (this.statusBox && !this.statusBox.querySelector("input[type=checkbox]")) {
      var box = this.statusBox;
      STATUSES.forEach(function (s, i) {
        var label = el("label", "search-filter-option");
        var cb = document.createElement("input");
        cb.type = "checkbox";
        cb.name = "status";
        cb.value = s;
        cb.id = "search-filter-status-" + i;
        label.htmlFor = cb.id;
        // The box inside its label: the pair never splits across lines on a phone.
        label.appendChild(cb);
        label.appendChild(document.createTextNode(s));
        box.appendChild(label);
      });
    }
    var wanted = params.getAll("status");
    if (this.statusBox) {
      Array.from(this.statusBox.querySelectorAll("input[type=checkbox]")).forEach(function (cb) {
        cb.checked = wanted.indexOf(cb.value) >= 0;
      });
    }
    if (this.filtersBox) this.filtersBox.hidden = false;
  };

  App.prototype.filters = function () {
    var statuses = [];
    if (this.statusBox) {
      Array.from(this.statusBox.querySelectorAll("input[type=checkbox]")).forEach(function (cb) {
        if (cb.checked) statuses.push(cb.value);
      });
    }
    return {
      status: statuses,
      county: this.county ? this.county.value : "",
      category: this.category ? this.category.value : "",
      type: this.type ? this.type.value : ""
    };
  };

  App.prototype.bindEvents = function () {
    var self = this;
    if (this.form) {
      this.form.addEventListener("submit", function (e) {
        e.preventDefault();
        self.run();
      });
    }
    if (this.input) {
      this.input.addEventListener("input", function () {
        root.clearTimeout(self.timer);
        self.timer = root.setTimeout(function () {
          self.run();
        }, DEBOUNCE_MS);
      });
      this.input.addEventListener("keydown", function (e) {
        if (e.key === "ArrowDown") {
          var links = self.links();
          if (links.length) {
            e.preventDefault();
            links[0].focus();
          }
        }
      });
    }
    [this.county, this.category, this.type].forEach(function (s) {
      if (s) {
        s.addEventListener("change", function () {
          self.run();
        });
      }
    });
    if (this.statusBox) {
      this.statusBox.addEventListener("change", function () {
        self.run();
      });
    }
    this.results.addEventListener("keydown", function (e) {
      var links = self.links();
      var i = links.indexOf(document.activeElement);
      if (i < 0) return;
      if (e.key === "ArrowDown" && i + 1 < links.length) {
        e.preventDefault();
        links[i + 1].focus();
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        if (i > 0) links[i - 1].focus();
        else if (self.input) self.input.focus();
      } else if (e.key === "Escape" && self.input) {
        e.preventDefault();
        self.input.focus();
      }
    });
  };

  App.prototype.links = function () {
    return Array.from(this.results.querySelectorAll("a.search-result-link"));
  };

  App.prototype.updateUrl = function (query, f) {
    var params = new URLSearchParams();
    var q = Array.from(query).slice(0, Tok.MAX_INPUT_CHARS).join("");
    if (q) params.set("q", q);
    f.status.forEach(function (s) {
      params.append("status", s);
    });
    ["county", "category", "type"].forEach(function (k) {
      if (f[k]) params.set(k, f[k]);
    });
    var qs = params.toString();
    try {
      root.history.replaceState(null, "", qs ? "?" + qs : root.location.pathname);
    } catch (err) {
      // Some embedded browsers refuse replaceState; the search still works.
    }
  };

  function filterKey(f) {
    return [f.status.join("|"), f.county, f.category, f.type].join("/");
  }

  // Runs the search and then records the query and filters it showed results for on
  // #search-results[data-query][data-filters] (what tests wait for instead of the debounce time).
  App.prototype.run = function () {
    root.clearTimeout(this.timer);
    if (!this.backend) return Promise.resolve();
    var self = this;
    var seq = (this.seq = (this.seq || 0) + 1);
    var query = this.input ? this.input.value : "";
    var f = this.filters();
    this.updateUrl(query, f);
    return this.render(seq, query, f)
      .catch(function (err) {
        if (root.console) root.console.error("search:", err && err.message);
        if (seq === self.seq) self.failed();
      })
      .then(function () {
        if (seq !== self.seq) return;
        self.results.setAttribute("data-query", query);
        self.results.setAttribute("data-filters", filterKey(f));
      });
  };

  App.prototype.render = function (seq, query, f) {
    var self = this;
    var backend = this.backend;
    function current() {
      return seq === self.seq;
    }
    if (!Tok.tokenizeQuery(query).length) {
      this.results.textContent = "";
      if (query.trim()) this.renderEmpty(query, f);
      else this.say("请输入关键词，例如平台名称、运营单位、区县或服务内容。");
      return Promise.resolve();
    }
    var byPlatform = f.status.length || f.county || f.category;
    var needles = planQuery(query).reduce(function (acc, v) {
      return acc.concat(v);
    }, []);
    var settled = false;
    if (!byPlatform && backend.first) {
      // A full name's platform is shown from one small file while the rest is on its way
      // (SmeShards first(): it is the first result search() gives); replaced by the complete
      // results when they are here.
      backend.first(query).then(
        function (hit) {
          if (!hit || settled || !current()) return;
          self.results.textContent = "";
          self.say("正在搜索……");
          self.appendRows("platforms", self.group("platforms", GROUP_TITLES.platforms, null), [hit.row], needles);
        },
        function () {}
      );
    }
    var shown = false;
    var searched = backend.search(query);
    searched.then(null, function () {
      settled = true; // a failed search shows its message; no early row may replace it
    });
    return Promise.all([
      searched,
      byPlatform ? backend.facets("platforms") : null,
      f.type ? backend.facets("notices") : null
    ]).then(function (got) {
      settled = true;
      if (!current()) return null;
      var found = got[0];
      var pf = got[1];
      var nf = got[2];
      var platforms = found.platforms.filter(function (r) {
        if (!pf) return true;
        var p = pf[r[0]];
        return (
          (!f.status.length || f.status.indexOf(statusOf(p)) >= 0) &&
          (!f.county || p.county === f.county) &&
          (!f.category || p.category === f.category)
        );
      });
      var notices = found.notices.filter(function (r) {
        return !nf || nf[r[0]].type === f.type;
      });
      if (!platforms.length && !notices.length) {
        self.results.textContent = "";
        self.renderEmpty(query, f);
        return null;
      }
      // Each result is shown as soon as its row (and every row before it) is here: the first
      // one needs a single small chunk; rows are asked for all at once and cached by chunk.
      var kept = { platforms: platforms, notices: notices };
      var lists = [];
      Engine.GROUP_ORDER.forEach(function (kind) {
        if (kept[kind].length) lists.push([kind, kept[kind], GROUP_TITLES[kind]]);
      });
      function show() {
        if (shown) return;
        shown = true;
        self.results.textContent = "";
        self.say("找到 " + platforms.length + " 个平台、" + notices.length + " 条公告");
        lists.forEach(function (g) {
          g.push(self.group(g[0], g[2], g[1].length));
        });
      }
      return Promise.all(
        lists.map(function (g, gi) {
          var wanted = g[1].slice(0, MAX_SHOWN).map(function (r) {
            return backend.rows(g[0], [r[0]]);
          });
          return wanted
            .reduce(function (chain, rowPromise) {
              return chain.then(function () {
                return rowPromise.then(function (rows) {
                  if (!current()) return;
                  // the page appears with the first group's first row, so groups never swap places
                  if (gi === 0) show();
                  if (!shown) {
                    g.pending = (g.pending || []).concat(rows);
                    return;
                  }
                  if (g.pending) self.appendRows(g[0], g[3], g.pending, needles);
                  g.pending = null;
                  self.appendRows(g[0], g[3], rows, needles);
                });
              });
            }, Promise.resolve())
            .then(function () {
              if (!current()) return;
              show();
              if (g.pending) self.appendRows(g[0], g[3], g.pending, needles);
              self.more(g[3], g[1].length);
            });
        })
      );
    });
  };

  App.prototype.group = function (kind, title, count) {
    var section = el("section", "search-group search-group-" + kind);
    var h = el("h2", "search-group-title", count === null ? title : title + "（" + count + "）");
    h.id = "search-group-" + kind;
    section.setAttribute("aria-labelledby", h.id);
    section.appendChild(h);
    var ol = el("ol", "search-list");
    section.appendChild(ol);
    this.results.appendChild(section);
    return ol;
  };

  App.prototype.more = function (ol, total) {
    if (total > MAX_SHOWN) {
      ol.parentNode.appendChild(
        el("p", "search-more", "仅显示前 " + MAX_SHOWN + " 项，请输入更多关键词或使用筛选缩小范围。")
      );
    }
  };

  App.prototype.link = function (url, text, needles) {
    var a = el("a", "search-result-link");
    a.href = this.root + url;
    a.appendChild(highlighted("span", "search-result-title", text, needles));
    return a;
  };

  App.prototype.appendRows = function (kind, ol, rows, needles) {
    var self = this;
    rows.forEach(function (row) {
      ol.appendChild(kind === "platforms" ? self.platformItem(row, needles) : self.noticeItem(row, needles));
    });
  };

  App.prototype.platformItem = function (p, needles) {
    var li = el("li", "search-result");
    li.appendChild(this.link(p.url, p.name, needles));
    li.appendChild(document.createTextNode(" "));
    // STATUS BADGE CALL SITE: the result's status badge, for the visitor's date (status.js).
    li.appendChild(el("span", "status-badge status-" + (STATUS_CLASS[statusOf(p)] || "other"), statusOf(p)));
    var meta = el("p", "search-result-meta");
    [
      ["区县：", p.county],
      ["类别：", p.category],
      ["运营单位：", p.operator],
      ["统一社会信用代码：", p.credit_code],
      ["服务：", (p.services || []).join("、")]
    ].forEach(function (pair, i) {
      if (!pair[1]) return;
      if (i) meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(document.createTextNode(pair[0]));
      meta.appendChild(highlighted("span", null, pair[1], needles));
    });
    li.appendChild(meta);
    if (p.description) li.appendChild(highlighted("p", "search-result-snippet", p.description, needles));
    return li;
  };

  App.prototype.noticeItem = function (n, needles) {
    var li = el("li", "search-result");
    li.appendChild(this.link(n.url, n.title, needles));
    li.appendChild(el("p", "search-result-meta", [n.type, n.date].filter(Boolean).join(" · ")));
    if (n.summary) li.appendChild(highlighted("p", "search-result-snippet", n.summary, needles));
    return li;
  };

  App.prototype.renderEmpty = function (query, f) {
    var shown = Array.from(query.trim()).slice(0, 30).join("");
    var filtered = f.status.length || f.county || f.category || f.type;
    this.say("没有找到结果");
    var box = el("div", "search-empty");
    box.appendChild(el("p", null, "没有找到与“" + shown + "”相关的平台或公告。"));
    var tip = el(
      "p",
      null,
      "试试：缩短关键词（如只输入“高唐”或“技术服务”），使用拼音或拼音首字母（如 gaotang、lcgx），输入统一社会信用代码" +
        (filtered ? "，或清除筛选条件" : "") +
        "；也可以"
    );
    var a = el("a", null, "浏览全部平台");
    a.href = this.root + "platforms/";
    tip.appendChild(a);
    tip.appendChild(document.createTextNode("。"));
    box.appendChild(tip);
    this.results.appendChild(box);
  };

  function autoStart() {
    if (typeof document === "undefined") return;
    function go() {
      var container = document.getElementById("search-app");
      if (!container || !document.getElementById("search-results")) return;
      new App(container).start();
    }
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", go);
    else go();
  }

  // The engine's functions stay reachable as window.SmeSearch (benchmarks, tests), with
  // openBackend(base, js) for running queries the way the page does.
  var api = { autoStart: autoStart, openBackend: openBackend };
  Object.keys(Engine).forEach(function (k) {
    api[k] = Engine[k];
  });
  return api;
});
