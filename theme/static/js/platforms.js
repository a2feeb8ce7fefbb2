/* 平台名录: instant filters and sorting; state lives in the query string so a filtered
   list can be bookmarked. Without JavaScript the full table stays readable. */
(function () {
  "use strict";
  var form = document.getElementById("platform-filters");
  var table = document.getElementById("platform-table");
  if (!form || !table) { return; }
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var count = document.getElementById("filter-count");
  var empty = document.getElementById("filter-empty");
  var names = ["county", "category", "service", "status", "batch", "sort"];
  var collator = new Intl.Collator("zh-CN");

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var state = {};
    names.forEach(function (name) {
      var select = form.elements[name];
      var value = params.get(name) || "";
      var allowed = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
      state[name] = allowed ? value : "";
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
    if (key === "county") { return row.dataset.county; }
    if (key === "batch") { return row.dataset.batch; }
    if (key === "valid") { return row.dataset.valid || "9999"; }
    return row.dataset.id;
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
    empty.hidden = shown !== 0;
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

  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  apply(readState());
})();
