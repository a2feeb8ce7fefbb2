/* 申报自评: evaluates the applicant's figures against 第八、九、十条 in the browser.
   Thresholds are read from the JSON data block the build writes from the same rule
   definitions the validator uses (sme_registry/regulation/thresholds.py); none is written here.
   Nothing entered leaves the page. */
(function () {
  "use strict";
  var form = document.getElementById("self-check");
  var source = document.getElementById("sc-thresholds");
  var result = document.getElementById("sc-result");
  if (!form || !source || !result) { return; }
  var T = JSON.parse(source.textContent);
  var table = document.getElementById("sc-table");
  var summary = document.getElementById("sc-summary");
  var profile = document.getElementById("sc-profile");
  var VERDICT = { pass: "达标", fail: "未达标", missing: "未填写", invalid: "不是有效数字" };
  var inputs = {};
  var notes = {};
  Array.prototype.forEach.call(form.querySelectorAll("[data-metric]"), function (el) { inputs[el.dataset.metric] = el; });
  Array.prototype.forEach.call(form.querySelectorAll("[data-verdict-for]"), function (el) { notes[el.dataset.verdictFor] = el; });

  function todayInShanghai() {
    var parts = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date());
    var get = function (type) { return parts.filter(function (p) { return p.type === type; })[0].value; };
    return get("year") + "-" + get("month") + "-" + get("day");
  }

  function num(x) { return String(x); }

  function operatorKind() { return form.elements.operator_kind.value; }
  function category() {
    var checked = form.querySelector('input[name="category"]:checked');
    return checked ? checked.value : "";
  }
  function chosenServices() {
    return Object.keys(T.functions).filter(function (f) {
      var box = form.querySelector('input[name="services"][value="' + f + '"]');
      return box && box.checked;
    });
  }
  function isRelaxed(kind) { return T.relaxed_operator_kinds.indexOf(kind) >= 0; }
  function thresholdFor(c, kind) {
    return c.relaxed !== null && c.relaxed !== undefined && isRelaxed(kind) ? c.relaxed : c.threshold;
  }

  function read(key) {
    var el = inputs[key];
    if (!el) { return { state: "missing", value: null }; }
    if (el.validity && el.validity.badInput) { return { state: "invalid", value: null }; }
    var text = el.value.trim();
    if (text === "") { return { state: "missing", value: null }; }
    var n = Number(text);
    if (!isFinite(n)) { return { state: "invalid", value: null }; }
    return { state: "ok", value: n };
  }

  function verdict(c, kind) {
    var threshold = thresholdFor(c, kind);
    var v = read(c.key);
    var state = v.state === "ok" ? (v.value >= threshold ? "pass" : "fail") : v.state;
    var el = inputs[c.key];
    if (el) { el.setAttribute("aria-invalid", v.state === "invalid" ? "true" : "false"); }
    var note = notes[c.key];
    if (note) {
      note.className = "field-verdict verdict-" + state;
      note.textContent = state === "missing" ? "" : (state === "pass" ? "✓ " : state === "fail" ? "✗ " : "？") + VERDICT[state] +
        (state === "invalid" ? "" : "（门槛 ≥ " + num(threshold) + " " + c.unit + (threshold !== c.threshold ? "，已按放宽条件" : "") + "）");
    }
    return {
      key: c.key, label: c.label, article: c.article, unit: c.unit, threshold: threshold,
      relaxedApplied: threshold !== c.threshold, value: v.value, verdict: state
    };
  }

  function evaluate() {
    var kind = operatorKind();
    var services = chosenServices();
    var base = T.base.map(function (c) { return verdict(c, kind); });
    var functions = [];
    var passingFunctions = [];
    var failingFunctions = [];
    services.forEach(function (f) {
      var rows = T.functions[f].map(function (c) {
        var r = verdict(c, kind);
        r.label = f + "：" + r.label;
        r.fn = f;
        return r;
      });
      functions = functions.concat(rows);
      if (rows.every(function (r) { return r.verdict === "pass"; })) { passingFunctions.push(f); } else { failingFunctions.push(f); }
    });
    var basePass = base.every(function (r) { return r.verdict === "pass"; });
    var comprehensive = {
      key: "comprehensive_min_services", label: "综合类：达到第九条条件的服务功能项数", article: "第十条第（一）项",
      unit: "项", threshold: T.comprehensive_min_services, relaxedApplied: false, value: passingFunctions.length,
      verdict: passingFunctions.length >= T.comprehensive_min_services ? "pass" : "fail"
    };
    var field = verdict(T.field_experience, kind);
    field.label = "专业类：" + field.label;
    var eligible = [];
    if (basePass && comprehensive.verdict === "pass") { eligible.push("综合类"); }
    if (basePass && passingFunctions.length >= 1 && field.verdict === "pass") { eligible.push("专业类"); }
    return {
      kind: kind, category: category(), services: services, base: base, functions: functions,
      category_rows: [comprehensive, field], passing: passingFunctions, failing: failingFunctions,
      basePass: basePass, eligible: eligible
    };
  }

  function cell(tag, text, label) {
    var el = document.createElement(tag);
    el.textContent = text;
    if (label) { el.setAttribute("data-label", label); }
    return el;
  }

  function group(title, rows) {
    var body = document.createElement("tbody");
    var head = document.createElement("tr");
    head.className = "group";
    var th = cell("th", title);
    th.colSpan = 5;
    th.scope = "colgroup";
    head.appendChild(th);
    body.appendChild(head);
    rows.forEach(function (r) {
      var tr = document.createElement("tr");
      tr.dataset.criterion = r.fn ? r.fn + "/" + r.key : r.key;
      tr.dataset.verdict = r.verdict;
      tr.className = "verdict-" + r.verdict;
      var name = cell("th", r.label);
      name.scope = "row";
      tr.appendChild(name);
      tr.appendChild(cell("td", r.article, "条款"));
      tr.appendChild(cell("td", "≥ " + num(r.threshold) + " " + r.unit + (r.relaxedApplied ? "（放宽）" : ""), "门槛"));
      tr.appendChild(cell("td", r.value === null ? "—" : num(r.value) + " " + r.unit, "填写值"));
      var v = cell("td", "", "结论");
      var mark = document.createElement("strong");
      mark.className = "verdict";
      mark.textContent = (r.verdict === "pass" ? "✓ " : r.verdict === "fail" ? "✗ " : "？") + VERDICT[r.verdict];
      v.appendChild(mark);
      tr.appendChild(v);
      body.appendChild(tr);
    });
    return body;
  }

  function summaryLines(e) {
    var lines = [];
    if (e.eligible.length) {
      lines.push("可申报类别：" + e.eligible.join("、") + "。");
    } else {
      lines.push("可申报类别：暂不符合任何类别的申报条件。");
    }
    if (e.category) {
      lines.push("所选类别（" + e.category + "）：" + (e.eligible.indexOf(e.category) >= 0 ? "符合条件。" : "不符合条件。"));
    }
    var failed = e.base.filter(function (r) { return r.verdict === "fail" || r.verdict === "invalid"; });
    var missing = e.base.filter(function (r) { return r.verdict === "missing"; });
    if (!failed.length && !missing.length) {
      lines.push("第八条基本条件：全部达标。");
    } else {
      lines.push("第八条基本条件：" + (failed.length ? failed.map(function (r) { return r.label; }).join("、") + " 未达标" : "") +
        (failed.length && missing.length ? "；" : "") + (missing.length ? missing.length + " 项未填写" : "") + "。");
    }
    if (!e.services.length) {
      lines.push("第九条：尚未选择服务功能。");
    } else if (e.failing.length) {
      lines.push("第九条：" + e.failing.join("、") + " 未达到相应条件，不宜列为申报的服务功能。");
    } else {
      lines.push("第九条：所选 " + e.services.length + " 项服务功能全部达标。");
    }
    return lines;
  }

  var latest = null;

  function render() {
    var e = evaluate();
    latest = e;
    Array.prototype.forEach.call(form.querySelectorAll(".function-group"), function (fs) {
      fs.hidden = e.services.indexOf(fs.dataset.function) < 0;
    });
    Array.prototype.forEach.call(form.querySelectorAll("[data-hint-for]"), function (p) {
      p.classList.toggle("relaxed-active", isRelaxed(e.kind));
    });
    Array.prototype.forEach.call(table.querySelectorAll("tbody"), function (b) { b.parentNode.removeChild(b); });
    table.appendChild(group("第八条 基本条件", e.base));
    if (e.functions.length) { table.appendChild(group("第九条 服务功能条件", e.functions)); }
    table.appendChild(group("第十条 类别条件", e.category_rows));

    summary.textContent = "";
    summary.className = "sc-summary " + (e.eligible.length ? "sc-ok" : "sc-no");
    summaryLines(e).forEach(function (line, i) {
      var p = document.createElement(i === 0 ? "strong" : "p");
      p.textContent = line;
      if (i === 0) { p.id = "sc-eligible"; p.dataset.eligible = e.eligible.join("|"); }
      summary.appendChild(p);
    });
    profile.textContent = "";
    [["运营单位性质", e.kind + (isRelaxed(e.kind) ? "（适用放宽条件）" : "")], ["申报类别", e.category || "—"],
      ["服务功能", e.services.join("、") || "未选择"]].forEach(function (pair) {
      profile.appendChild(cell("dt", pair[0]));
      profile.appendChild(cell("dd", pair[1]));
    });
  }

  function asText(e) {
    var out = ["聊城市中小企业公共服务示范平台 申报自评结果", "自评日期：" + todayInShanghai(), ""];
    out.push("运营单位性质：" + e.kind, "申报类别：" + (e.category || "—"), "服务功能：" + (e.services.join("、") || "未选择"), "");
    out = out.concat(summaryLines(e), [""]);
    [["第八条 基本条件", e.base], ["第九条 服务功能条件", e.functions], ["第十条 类别条件", e.category_rows]].forEach(function (g) {
      if (!g[1].length) { return; }
      out.push("【" + g[0] + "】");
      g[1].forEach(function (r) {
        out.push(r.label + "｜" + r.article + "｜门槛 ≥ " + num(r.threshold) + " " + r.unit + (r.relaxedApplied ? "（放宽）" : "") +
          "｜填写 " + (r.value === null ? "—" : num(r.value) + " " + r.unit) + "｜" + VERDICT[r.verdict]);
      });
      out.push("");
    });
    out.push("本结果由申报单位自行填写计算，仅供参考，以县级推荐和市局评审结论为准。");
    return out.join("\r\n") + "\r\n";
  }

  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  form.addEventListener("input", render);
  form.addEventListener("change", render);
  form.addEventListener("reset", function () { window.setTimeout(render, 0); });
  document.getElementById("sc-print").addEventListener("click", function () { window.print(); });
  document.getElementById("sc-save").addEventListener("click", function () {
    var blob = new Blob(["\ufeff" + asText(latest || evaluate())], { type: "text/plain;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "申报自评结果-" + todayInShanghai() + ".txt";
    document.body.appendChild(a);
    a.click();
    window.setTimeout(function () { URL.revokeObjectURL(a.href); a.parentNode.removeChild(a); }, 0);
  });
  document.getElementById("sc-date").textContent = todayInShanghai();
  result.hidden = false;
  Array.prototype.forEach.call(document.querySelectorAll(".js-only"), function (el) { el.hidden = false; });
  render();
  document.documentElement.dataset.ready = "1";
})();
