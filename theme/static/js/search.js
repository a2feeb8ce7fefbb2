/*
 * 搜索页客户端 — search client for <root>/search/index.html.
 *
 * Loaded after ../theme/vendor/lunr/lunr.min.js, ../theme/js/search-tokenizer.js and
 * ../theme/js/search-engine.js (the engine: index loading, querying, highlighting; all
 * with `defer`). This file is the page: DOM, events, rendering. No inline script, no eval, no request outside the site:
 * it fetches only search/index.json and search/docs.json (relative to the page).
 * The query logic (search-engine.js) mirrors sme_registry/search/engine.py.
 * When the index has loaded and the first search ran, <html data-ready="1"> is set
 * (browser tests wait for it, never for time).
 *
 * DOM CONTRACT (the template theme/templates/search.html must provide):
 *
 *   #search-app[data-root="../"]      container; data-root = path from the page to the
 *                                     site root (falls back to <body data-root>, then "../").
 *                                     Optional data-index / data-docs override the
 *                                     JSON URLs (default "index.json", "docs.json").
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
 *                                     Missing options are appended from docs.json.
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
  // Status words and their CSS classes come from the page (status.py LABELS via base.html),
  // never retyped here: key → 中文 label, class "status-<key>".
  var LABELS = (function () {
    try {
      return JSON.parse((root.document && root.document.body.dataset.statusLabels) || "{}");
    } catch (e) {
      return {};
    }
  })();
  var STATUSES = Object.keys(LABELS).map(function (k) {
    return LABELS[k];
  });
  var STATUS_CLASS = {};
  Object.keys(LABELS).forEach(function (k) {
    STATUS_CLASS[LABELS[k]] = k;
  });
  // status (issue 13): a result's status is picked from its status schedule by status.js
  // (window.SMEStatus) for the day the other pages show; the built label is the fallback.
  function statusOf(p) {
    var S = root && root.SMEStatus;
    return S && p.schedule ? S.labelOn(p.schedule, S.day()) || p.status : p.status;
  }
  var installTokenizer = Engine.installTokenizer;
  var loadBundle = Engine.loadBundle;
  var planQuery = Engine.planQuery;
  var search = Engine.search;
  var highlightSegments = Engine.highlightSegments;

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
    this.bundle = null;
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
    var indexUrl = this.container.getAttribute("data-index") || "index.json";
    var docsUrl = this.container.getAttribute("data-docs") || "docs.json";
    function getJson(url) {
      return root.fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      });
    }
    Promise.all([getJson(indexUrl), getJson(docsUrl)])
      .then(function (data) {
        installTokenizer();
        self.bundle = loadBundle(data[0], data[1]);
        self.setUpFilters(params);
        self.bindEvents();
        self.run();
        self.ready();
      })
      .catch(function () {
        self.say("搜索索引加载失败，请刷新页面重试。");
        self.results.textContent = "";
        var p = el("p", "search-empty", "暂时无法搜索。您可以");
        var a = el("a", null, "浏览平台名录");
        a.href = self.root + "platforms/";
        p.appendChild(a);
        p.appendChild(document.createTextNode("。"));
        self.results.appendChild(p);
        self.ready();
      });
  };

  App.prototype.ready = function () {
    document.documentElement.dataset.ready = "1";
  };

  App.prototype.setUpFilters = function (params) {
    var bundle = this.bundle;
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
    function distinct(rows, key) {
      var seen = {};
      rows.forEach(function (r) {
        if (r[key]) seen[r[key]] = true;
      });
      return Object.keys(seen).sort();
    }
    var prows = bundle.platforms.rows;
    fillSelect(this.county, distinct(prows, "county"), params.get("county"));
    fillSelect(this.category, distinct(prows, "category"), params.get("category"));
    fillSelect(this.type, distinct(bundle.notices.rows, "type"), params.get("type"));
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

  // Runs the search and then records the query it showed results for on
  // #search-results[data-query] (what tests wait for instead of the debounce time).
  App.prototype.run = function () {
    root.clearTimeout(this.timer);
    if (!this.bundle) return;
    this.render();
    this.results.setAttribute("data-query", this.input ? this.input.value : "");
  };

  App.prototype.render = function () {
    var query = this.input ? this.input.value : "";
    var f = this.filters();
    this.updateUrl(query, f);
    this.results.textContent = "";
    if (!Tok.tokenizeQuery(query).length) {
      if (query.trim()) this.renderEmpty(query, f);
      else this.say("请输入关键词，例如平台名称、运营单位、区县或服务内容。");
      return;
    }
    var found;
    try {
      found = search(this.bundle, query);
    } catch (err) {
      found = { platforms: [], notices: [] };
    }
    var prows = this.bundle.platforms.rows;
    var nrows = this.bundle.notices.rows;
    var platforms = found.platforms.filter(function (r) {
      var p = prows[r[0]];
      return (
        (!f.status.length || f.status.indexOf(statusOf(p)) >= 0) &&
        (!f.county || p.county === f.county) &&
        (!f.category || p.category === f.category)
      );
    });
    var notices = found.notices.filter(function (r) {
      return !f.type || nrows[r[0]].type === f.type;
    });
    if (!platforms.length && !notices.length) {
      this.renderEmpty(query, f);
      return;
    }
    this.say("找到 " + platforms.length + " 个平台、" + notices.length + " 条公告");
    var needles = planQuery(query).reduce(function (acc, v) {
      return acc.concat(v);
    }, []);
    if (platforms.length) this.renderPlatforms(platforms, needles);
    if (notices.length) this.renderNotices(notices, needles);
  };

  App.prototype.group = function (kind, title, count) {
    var section = el("section", "search-group search-group-" + kind);
    var h = el("h2", "search-group-title", title + "（" + count + "）");
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

  App.prototype.renderPlatforms = function (list, needles) {
    var rows = this.bundle.platforms.rows;
    var ol = this.group("platforms", "平台", list.length);
    var self = this;
    list.slice(0, MAX_SHOWN).forEach(function (r) {
      var p = rows[r[0]];
      var li = el("li", "search-result");
      li.appendChild(self.link(p.url, p.name, needles));
      li.appendChild(document.createTextNode(" "));
      // STATUS BADGE CALL SITE: the result's status badge (built-day status from docs.json).
      // Issue 13.1 makes it follow the visitor's date through status.js; change it here only.
      li.appendChild(
        el("span", "status-badge status-" + (STATUS_CLASS[statusOf(p)] || "other"), statusOf(p))
      );
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
      if (p.description) {
        li.appendChild(highlighted("p", "search-result-snippet", p.description, needles));
      }
      ol.appendChild(li);
    });
    this.more(ol, list.length);
  };

  App.prototype.renderNotices = function (list, needles) {
    var rows = this.bundle.notices.rows;
    var ol = this.group("notices", "公告", list.length);
    var self = this;
    list.slice(0, MAX_SHOWN).forEach(function (r) {
      var n = rows[r[0]];
      var li = el("li", "search-result");
      li.appendChild(self.link(n.url, n.title, needles));
      li.appendChild(el("p", "search-result-meta", [n.type, n.date].filter(Boolean).join(" · ")));
      if (n.summary) li.appendChild(highlighted("p", "search-result-snippet", n.summary, needles));
      ol.appendChild(li);
    });
    this.more(ol, list.length);
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

  // The engine's functions stay reachable as window.SmeSearch (benchmarks, tests).
  var api = { autoStart: autoStart };
  Object.keys(Engine).forEach(function (k) {
    api[k] = Engine[k];
  });
  return api;
});
