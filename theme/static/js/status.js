/* Keeps every date-dependent statement true between builds. Status is decided once, in
   Python (sme_registry/derive/status.py): the build writes each platform's status SCHEDULE — the
   days on which its status changes, each with the new status — and this script only picks
   the segment for the visitor's date in Asia/Shanghai and counts the days left. It runs only
   when that date is after the build date (data-today on <body>); otherwise the built page stands.

   Schedule rows: [from (ISO date, or null for "before every change"), status key,
   valid_until (ISO date or null), [flags: "in_publicity", "ended_early", "overdue"]];
   "in_force" is a derived flag (有效 or 即将到期) for [data-flag].
   A 公示 window is a schedule of its own: upcoming / open / closed.

   Markup it reads:
     body[data-status-labels]            JSON [[key, 中文], …] in status.py LABELS order
     [data-schedule]                     a platform holder (JSON rows); inside it, or anywhere
                                         with data-status-for="<id>", the .badge to rewrite;
                                         [data-days-left], [data-valid-until], .status-date time,
                                         [data-flag="name"] / [data-flag="!name"] (shown iff the
                                         flag is / is not set) are updated too; so is the
                                         current-term mark of table[data-terms-for="<id>"]
     [data-window-schedule]              a 公示 window holder; [data-window-state="open"] etc.
                                         inside it are shown for the picked state only
     time[data-as-of]                    the day the statuses are for ("counts": the day the
                                         counts below are for, set once they are recounted)
     [data-status-counts]                marks a page whose counts come from data/status.json:
                                         [data-count="<key>"], [data-count-in-force],
                                         table[data-stat] rows (stats page) */
(function (root) {
  "use strict";
  var SHANGHAI_OFFSET_MS = 8 * 3600 * 1000; // UTC+8 all year (no daylight saving since 1991)
  var IN_FORCE = { valid: true, expiring: true };

  function todayInShanghai(now) {
    return new Date((now === undefined ? Date.now() : now) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
  }

  function daysBetween(a, b) {
    return Math.round((Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / 86400000);
  }

  /* The row in force on ISO date `today`: the last whose start is not after it (the same
     choice as status.py pick_row). */
  function pick(rows, today) {
    var chosen = rows[0];
    for (var i = 1; i < rows.length; i += 1) {
      if (rows[i][0] > today) { break; }
      chosen = rows[i];
    }
    return chosen;
  }

  /* {key, validUntil, daysLeft, flags} of a platform schedule on ISO date `today`. */
  function statusOn(rows, today) {
    var row = pick(rows, today);
    var flags = {};
    (row[3] || []).forEach(function (f) { flags[f] = true; });
    flags.in_force = !!IN_FORCE[row[1]];
    return {
      key: row[1],
      validUntil: row[2],
      daysLeft: IN_FORCE[row[1]] ? daysBetween(today, row[2]) : null,
      flags: flags
    };
  }

  function parse(text) {
    try { return JSON.parse(text); } catch (e) { return null; }
  }

  var labels = {};
  (parse(document.body && document.body.dataset.statusLabels) || []).forEach(function (pair) {
    labels[pair[0]] = pair[1];
  });

  function labelOn(rows, today) { return labels[pick(rows, today)[1]] || ""; }

  function each(scope, selector, fn) {
    Array.prototype.forEach.call(scope.querySelectorAll(selector), fn);
  }

  function showFlags(scope, flags) {
    each(scope, "[data-flag]", function (node) {
      var name = node.dataset.flag;
      var negated = name.charAt(0) === "!";
      node.hidden = negated ? !!flags[name.slice(1)] : !flags[name];
    });
  }

  function applyPlatforms(today, built) {
    each(document, "[data-schedule]", function (el) {
      var rows = parse(el.dataset.schedule);
      if (!rows || !rows.length) { return; }
      var s = statusOn(rows, today);
      var id = el.dataset.id || el.dataset.platform;
      var badges = el.querySelectorAll(".badge[data-status-for]");
      if (!badges.length && id) { badges = document.querySelectorAll('.badge[data-status-for="' + id + '"]'); }
      Array.prototype.forEach.call(badges, function (badge) {
        badge.className = "badge badge-" + s.key;
        badge.textContent = labels[s.key] || s.key;
        badge.title = "按今天（" + today + "）重新计算；数据更新于 " + built;
        badge.dataset.recomputed = today;
      });
      each(el, "[data-days-left]", function (cell) {
        cell.textContent = s.daysLeft === null ? "—" : s.daysLeft + " 天";
      });
      each(el, "[data-valid-until]", function (cell) {
        cell.textContent = s.validUntil || "—";
        if (cell.dateTime !== undefined) { cell.dateTime = s.validUntil || ""; }
      });
      each(el, ".status-date time", function (time) {
        time.dateTime = today;
        time.textContent = today;
      });
      showFlags(el, s.flags);
      if (id) {
        each(document, '[data-terms-for="' + id + '"] tr[data-term-until]', function (tr) {
          var current = s.flags.in_force && tr.dataset.termUntil === s.validUntil;
          tr.classList.toggle("current", current);
          each(tr, "[data-current-mark]", function (mark) { mark.hidden = !current; });
        });
      }
      if (el.dataset.status) { el.dataset.status = s.key; }
      if (el.dataset.valid !== undefined) { el.dataset.valid = s.validUntil || ""; }
    });
  }

  function applyWindows(today) {
    each(document, "[data-window-schedule]", function (el) {
      var rows = parse(el.dataset.windowSchedule);
      if (!rows || !rows.length) { return; }
      var state = pick(rows, today)[1];
      if (el.classList.contains("publicity-window")) {
        el.classList.remove("window-open", "window-upcoming", "window-closed");
        el.classList.add("window-" + state);
      }
      each(el, "[data-window-text]", function (node) { node.hidden = node.dataset.windowText !== state; });
      if (el.dataset.liveWhen) { el.hidden = el.dataset.liveWhen !== state; }
    });
    each(document, "[data-live-section]", function (section) {
      section.hidden = !section.querySelector("[data-live-when]:not([hidden])");
    });
  }

  function applyAsOf(today) {
    each(document, "time[data-as-of]", function (time) {
      if (time.dataset.asOf === "counts") { return; } // set with the counts
      time.dateTime = today;
      time.textContent = today;
    });
    each(document, "[data-status-basis]", function (node) {
      node.textContent = "状态已按今天（" + today + "）重新计算";
    });
  }

  /* Counts of data/status.json's platforms on `today`, overall and by county, category,
     service; the in-force figures for each year's 31 December up to `today`. */
  function counts(platforms, today, first) {
    var out = { status: {}, inForce: 0, groups: { by_county: {}, by_category: {}, by_service: {} }, years: [] };
    platforms.forEach(function (p) {
      var key = pick(p.schedule, today)[1];
      out.status[key] = (out.status[key] || 0) + 1;
      if (IN_FORCE[key]) {
        out.inForce += 1;
        [["by_county", [p.county]], ["by_category", [p.category]], ["by_service", p.services]].forEach(function (g) {
          g[1].forEach(function (v) { out.groups[g[0]][v] = (out.groups[g[0]][v] || 0) + 1; });
        });
      }
    });
    var year = Number(today.slice(0, 4));
    for (var y = first; first && y <= year; y += 1) {
      var day = y === year ? today : y + "-12-31";
      var n = platforms.filter(function (p) { return IN_FORCE[pick(p.schedule, day)[1]]; }).length;
      out.years.push({ year: y, on: day, inForce: n });
    }
    return out;
  }

  function setText(scope, selector, value) {
    each(scope, selector, function (node) { node.textContent = String(value); });
  }

  function applyCounts(page, data, today) {
    var c = counts(data.platforms, today, data.first_year);
    Object.keys(labels).forEach(function (key) {
      setText(page, '[data-count="' + key + '"]', c.status[key] || 0);
      setText(page, 'table[data-stat="by_status"] tr[data-key="' + key + '"] td.num', c.status[key] || 0);
    });
    setText(page, "[data-count-in-force]", c.inForce);
    Object.keys(c.groups).forEach(function (group) {
      each(page, 'table[data-stat="' + group + '"] tbody tr', function (tr) {
        var cells = tr.querySelectorAll("td.num");
        if (cells.length > 1) { cells[1].textContent = String(c.groups[group][tr.dataset.key] || 0); }
      });
      each(page, 'table[data-stat="' + group + '"] tfoot td.num', function (td, i) {
        if (i === 1) { td.textContent = String(c.inForce); }
      });
    });
    each(page, 'table[data-stat="valid_by_year"] tbody', function (tbody) {
      while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
      c.years.forEach(function (r) {
        var tr = document.createElement("tr");
        tr.dataset.key = String(r.year);
        var th = document.createElement("th");
        th.scope = "row";
        th.textContent = String(r.year);
        var td = document.createElement("td");
        var time = document.createElement("time");
        time.dateTime = r.on;
        time.textContent = r.on;
        td.appendChild(time);
        var num = document.createElement("td");
        num.className = "num";
        num.textContent = String(r.inForce);
        tr.appendChild(th);
        tr.appendChild(td);
        tr.appendChild(num);
        tbody.appendChild(tr);
      });
    });
    each(page, "[data-recomputed-note]", function (node) { node.hidden = false; });
    each(page, ".stat-block:not(#s-batch) figure.chart-figure", function (fig) { fig.hidden = true; }); // drawn for the build date
    each(page, 'time[data-as-of="counts"]', function (time) {
      time.dateTime = today;
      time.textContent = today;
    });
    document.body.dataset.countsRecomputed = today;
  }

  function loadCounts(today) {
    if (!document.querySelector("[data-status-counts]") || !root.fetch) { return; }
    var url = (document.body.dataset.root || "") + "data/status.json";
    root.fetch(url).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    }).then(function (data) {
      applyCounts(document, data, today);
    }).catch(function () { /* the built figures stay, dated by the build date */ });
  }

  /* The day the page's statuses are for: the visitor's date, or the build date if that is later. */
  function day() {
    var built = document.body && document.body.dataset.today;
    var today = todayInShanghai();
    return built && today <= built ? built : today;
  }

  root.SMEStatus = {
    day: day,
    pick: pick,
    statusOn: statusOn,
    labelOn: labelOn,
    counts: counts,
    todayInShanghai: todayInShanghai,
    labels: labels
  };
  if (!document.body) { return; }
  var built = document.body.dataset.today;
  var today = todayInShanghai();
  if (!built || today <= built) { return; }
  applyPlatforms(today, built);
  applyWindows(today);
  applyAsOf(today);
  loadCounts(today);
})(window);
