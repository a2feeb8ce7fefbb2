/* Keeps status badges true between builds: recomputes each platform's status from its
   term dates for the visitor's date in Asia/Shanghai (第十八条: valid through D+3y−1d). */
(function () {
  "use strict";
  var LABELS = { valid: "有效", expiring: "即将到期", expired: "已到期", revoked: "已撤销", publicity: "公示中", pending: "待认定" };
  var EXPIRING_DAYS = 90;

  function todayInShanghai() {
    var parts = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date());
    var get = function (type) { return parts.filter(function (p) { return p.type === type; })[0].value; };
    return get("year") + "-" + get("month") + "-" + get("day");
  }

  function daysBetween(a, b) {
    return Math.round((Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / 86400000);
  }

  function statusFor(el, today) {
    if (el.dataset.revoked && el.dataset.revoked <= today) { return "revoked"; }
    var terms = (el.dataset.terms || "").split(",").filter(Boolean).map(function (t) { return t.split("/"); });
    for (var i = 0; i < terms.length; i += 1) {
      if (terms[i][0] <= today && today <= terms[i][1]) {
        return daysBetween(today, terms[i][1]) <= EXPIRING_DAYS ? "expiring" : "valid";
      }
    }
    if (el.dataset.publicity) {
      var w = el.dataset.publicity.split("/");
      if (w[0] <= today && today <= w[1]) { return "publicity"; }
    }
    var certified = terms.some(function (t) { return t[0] <= today; });
    return el.dataset.pending || !certified ? "pending" : "expired";
  }

  var built = document.body.dataset.today;
  var today = todayInShanghai();
  if (!built || today <= built) { return; }
  var holders = document.querySelectorAll("[data-terms]");
  Array.prototype.forEach.call(holders, function (el) {
    var key = statusFor(el, today);
    var id = el.dataset.id || el.dataset.platform;
    var badges = el.querySelectorAll(".badge[data-status-for]");
    if (!badges.length && id) { badges = document.querySelectorAll('.badge[data-status-for="' + id + '"]'); }
    Array.prototype.forEach.call(badges, function (badge) {
      badge.className = "badge badge-" + key;
      badge.textContent = LABELS[key];
      badge.title = "按今天（" + today + "）重新计算；数据更新于 " + built;
    });
    if (el.dataset.status) { el.dataset.status = key; }
  });
})();
