/* 平台名录: instant filters and sorting; state lives in the query string so a filtered
   list can be bookmarked. Without JavaScript the full table stays readable.

   A choice made before this script ran (a slow phone: the visitor picks a county while
   the page loads) is kept: the form's own state wins over the address for every select
   the visitor has moved off its default. The caption and the count say what is shown;
   "下载当前筛选结果（CSV）" exports exactly the visible rows, in their order, as the
   build's own data/platforms.csv records (fetched, never retyped). When done, the script
   sets <html data-ready="1"> (tests wait for it, not for time). */
(function () {
  "use strict";
  var form = document.getElementById("platform-filters");
  var table = document.getElementById("platform-table");
  if (!form || !table) { return; }
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var count = document.getElementById("filter-count");
  var empty = document.getElementById("filter-empty");
  var caption = table.caption;
  var download = document.getElementById("download-filtered");
  var names = ["county", "category", "service", "status", "batch", "sort"];
  var collator = new Intl.Collator("zh-CN");

  function allowed(select, value) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }

  function isDefault(select) {
    var chosen = select.options[select.selectedIndex];
    var initial = Array.prototype.filter.call(select.options, function (o) { return o.defaultSelected; })[0] ||
      select.options[0];
    return !chosen || chosen === initial;
  }

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var state = {};
    names.forEach(function (name) {
      var select = form.elements[name];
      if (!isDefault(select)) {
        state[name] = select.value; // chosen before the script ran: keep it
        return;
      }
      var value = params.get(name) || "";
      state[name] = allowed(select, value) ? value : "";
      select.value = state[name];
    });
    return state;
  }

  function matches(row, s) {
    var d = row.dataset;
    return (!s.county || d.county === s.county) &&
      (!s.category || d.category === s.category) &&
      (!s.service || d.services.split("|").indexOf(s.service) >= 0) &&
      (!s.status || d.status === s.status) &&
      (!s.batch || d.batches.split("|").indexOf(s.batch) >= 0);
  }

  function sortKey(row, key) {
    if (key === "name") { return row.cells[0].textContent; }
    if (key === "county") { return row.dataset.countyOrder || row.dataset.county; }
    if (key === "batch") { return row.dataset.batch; }
    if (key === "valid") { return row.dataset.valid || "9999"; }
    return row.dataset.id;
  }

  function visibleRows() {
    return Array.prototype.filter.call(tbody.rows, function (row) { return !row.hidden; });
  }

  function apply(state) {
    var shown = 0;
    var ordered = rows.slice();
    if (state.sort) {
      ordered.sort(function (a, b) {
        var r = collator.compare(sortKey(a, state.sort), sortKey(b, state.sort));
        return state.sort === "batch" ? -r : r;
      });
    }
    ordered.forEach(function (row) {
      var ok = matches(row, state);
      row.hidden = !ok;
      if (ok) { shown += 1; }
      tbody.appendChild(row);
    });
    var active = names.some(function (n) { return n !== "sort" && state[n]; });
    count.textContent = active ? "筛选出 " + shown + " 个平台（共 " + rows.length + " 个）" : "显示全部 " + rows.length + " 个平台";
    if (caption) {
      caption.textContent = caption.dataset.caption +
        (active ? "（筛选出 " + shown + " 个，共 " + rows.length + " 个）" : "（" + rows.length + " 个）");
    }
    empty.hidden = shown !== 0;
    if (download) {
      download.hidden = false;
      download.disabled = shown === 0;
      download.textContent = active ? "下载当前筛选结果（CSV，" + shown + " 个）" : "下载当前筛选结果（CSV，全部 " + shown + " 个）";
    }
  }

  function currentState() {
    var state = {};
    names.forEach(function (name) { state[name] = form.elements[name].value; });
    return state;
  }

  function update() {
    var state = currentState();
    var params = new URLSearchParams();
    names.forEach(function (name) { if (state[name]) { params.set(name, state[name]); } });
    var query = params.toString();
    window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
    apply(state);
  }

  /* Records of an RFC 4180 CSV text: [{id, raw}] where raw is the record's exact text. */
  function csvRecords(text) {
    var out = [];
    var i = 0;
    while (i < text.length) {
      var start = i;
      var first = null;
      var field = "";
      var quoted = false;
      for (; i < text.length; i += 1) {
        var ch = text.charAt(i);
        if (quoted) {
          if (ch === '"' && text.charAt(i + 1) === '"') { field += '"'; i += 1; }
          else if (ch === '"') { quoted = false; }
          else { field += ch; }
        } else if (ch === '"') { quoted = true; }
        else if (ch === "," && first === null) { first = field; }
        else if (ch === "\r" || ch === "\n") { break; }
        else if (first === null) { field += ch; }
      }
      var raw = text.slice(start, i);
      if (text.charAt(i) === "\r" && text.charAt(i + 1) === "\n") { i += 2; } else { i += 1; }
      if (raw) { out.push({ id: first === null ? field : first, raw: raw }); }
    }
    return out;
  }

  function saveFiltered() {
    var wanted = visibleRows().map(function (row) { return row.dataset.id; });
    download.disabled = true;
    window.fetch(download.dataset.csv, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.text(); })
      .then(function (text) {
        var records = csvRecords(text.replace(/^\ufeff/, ""));
        var byId = {};
        records.slice(1).forEach(function (rec) { byId[rec.id] = rec.raw; });
        var lines = [records[0].raw].concat(wanted.filter(function (id) { return id in byId; })
          .map(function (id) { return byId[id]; }));
        var blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = "platforms-filtered.csv";
        document.body.appendChild(link);
        link.click();
        document.body.removeChild(link);
        window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 0);
      })
      .catch(function () { count.textContent = "下载失败，请改用数据下载页的 platforms.csv。"; })
      .then(function () { download.disabled = visibleRows().length === 0; });
  }

  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  if (download) { download.addEventListener("click", saveFiltered); }
  readState();
  update();
  document.documentElement.dataset.ready = "1";
})();
