/* Keeps status badges true between builds: recomputes each platform's status from its
   term dates for the visitor's date in Asia/Shanghai (第十八条: valid through D+3y−1d),
   with the same rules as sme_registry/status.py. Runs only when the visitor's date is
   after the build date (data-today on <body>); otherwise the built badges stand.

   Markup it reads (components.html term_data): data-terms="start/end,…", data-revoked,
   data-pending, data-publicity="start/end" on a holder; inside it, or anywhere with
   data-status-for="<id>", the .badge to rewrite; optional [data-days-left] and
   .status-date time inside the holder are updated too. */
(function () {
  "use strict";
  var LABELS = { valid: "有效", expiring: "即将到期", expired: "已到期", revoked: "已撤销", publicity: "公示中", pending: "待认定" };
  var EXPIRING_DAYS = 90;
  var SHANGHAI_OFFSET_MS = 8 * 3600 * 1000; // UTC+8 all year (no daylight saving since 1991)

  function todayInShanghai(now) {
    return new Date((now === undefined ? Date.now() : now) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
  }

  function daysBetween(a, b) {
    return Math.round((Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / 86400000);
  }

  function parseTerms(text) {
    return (text || "").split(",").filter(Boolean).map(function (t) { return t.split("/"); });
  }

  /* {key, daysLeft} for a holder's data-* attributes on ISO date `today`. */
  function statusFor(data, today) {
    if (data.revoked && data.revoked <= today) { return { key: "revoked", daysLeft: null }; }
    var terms = parseTerms(data.terms);
    for (var i = 0; i < terms.length; i += 1) {
      if (terms[i][0] <= today && today <= terms[i][1]) {
        var left = daysBetween(today, terms[i][1]);
        return { key: left <= EXPIRING_DAYS ? "expiring" : "valid", daysLeft: left };
      }
    }
    if (data.publicity && data.pending) {
      var w = data.publicity.split("/");
      if (w[0] <= today && today <= w[1]) { return { key: "publicity", daysLeft: null }; }
    }
    var certified = terms.some(function (t) { return t[0] <= today; });
    return { key: data.pending || !certified ? "pending" : "expired", daysLeft: null };
  }

  function apply(today, built) {
    var holders = document.querySelectorAll("[data-terms]");
    Array.prototype.forEach.call(holders, function (el) {
      var s = statusFor(el.dataset, today);
      var id = el.dataset.id || el.dataset.platform;
      var badges = el.querySelectorAll(".badge[data-status-for]");
      if (!badges.length && id) { badges = document.querySelectorAll('.badge[data-status-for="' + id + '"]'); }
      Array.prototype.forEach.call(badges, function (badge) {
        badge.className = "badge badge-" + s.key;
        badge.textContent = LABELS[s.key];
        badge.title = "按今天（" + today + "）重新计算；数据更新于 " + built;
        badge.dataset.recomputed = today;
      });
      Array.prototype.forEach.call(el.querySelectorAll("[data-days-left]"), function (cell) {
        cell.textContent = s.daysLeft === null ? "—" : s.daysLeft + " 天";
      });
      Array.prototype.forEach.call(el.querySelectorAll(".status-date time"), function (time) {
        time.dateTime = today;
        time.textContent = today;
      });
      if (el.dataset.status) { el.dataset.status = s.key; }
    });
  }

  window.SMEStatus = { statusFor: statusFor, todayInShanghai: todayInShanghai, labels: LABELS };
  var built = document.body.dataset.today;
  var today = todayInShanghai();
  if (!built || today <= built) { return; }
  apply(today, built);
})();
