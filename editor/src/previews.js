/* Preview panes: the platform and the notice roughly as the public site shows them,
   styled with the site's own CSS (admin/preview.css is copied from theme/static/css).
   The platform preview also checks each term's metrics against 第八、九、十条 with the
   thresholds generated from sme_registry/regulation/thresholds.py (the self-check page reads the
   same data). */

import React from "react";
import { prune } from "./formats.js";
import { publicityEnd } from "./widgets.js";

const h = React.createElement;

function plain(entry, order) {
  const data = entry.get("data");
  return prune(data && data.toJS ? data.toJS() : {}, order); // empty sub-forms are not shown
}

export function criteriaFor(T, operatorKind, category, services) {
  const relaxed = T.relaxed_operator_kinds.includes(operatorKind);
  const pick = (c, service) => ({ ...c, service, limit: c.relaxed !== null && c.relaxed !== undefined && relaxed ? c.relaxed : c.threshold });
  const list = T.base.map((c) => pick(c, null));
  for (const service of services || []) for (const c of T.functions[service] || []) list.push(pick(c, service));
  if (category === "专业类") list.push(pick(T.field_experience, null));
  return list;
}

function metricValue(metrics, key) {
  if (key.startsWith("activities.")) return ((metrics || {}).activities || {})[key.slice("activities.".length)];
  return (metrics || {})[key];
}

export function verdicts(T, p, metrics) {
  const kind = (p.operator || {}).kind;
  return criteriaFor(T, kind, p.category, p.services).map((c) => {
    const value = metricValue(metrics, c.key);
    const missing = value === undefined || value === null || value === "";
    return { ...c, value: missing ? null : Number(value), state: missing ? "missing" : Number(value) >= c.limit ? "pass" : "fail" };
  });
}

const VERDICT = { pass: "达标", fail: "未达标", missing: "未填写" };

function SelfCheck({ T, p, term }) {
  const rows = verdicts(T, p, term.metrics);
  const failed = rows.filter((r) => r.state === "fail").length;
  const missing = rows.filter((r) => r.state === "missing").length;
  const few = p.category === "综合类" && (p.services || []).length < T.comprehensive_min_services;
  return h("div", { className: "table-wrap" },
    h("table", null,
      h("caption", null, `${term.batch || ""} 年度申报指标：${failed ? `${failed} 项未达标` : "已填写的指标均达标"}${missing ? `，${missing} 项未填写` : ""}`),
      h("thead", null, h("tr", null, ["依据", "指标", "要求", "填写", "结论"].map((t) => h("th", { scope: "col", key: t }, t)))),
      h("tbody", null, rows.map((r, i) => h("tr", { key: i, className: `verdict-${r.state}` },
        h("td", null, r.article + (r.service ? `（${r.service}）` : "")),
        h("td", null, r.label),
        h("td", null, `≥ ${r.limit} ${r.unit}`),
        h("td", null, r.value === null ? "—" : `${r.value} ${r.unit}`),
        h("td", null, VERDICT[r.state]))))),
    few ? h("p", { className: "verdict-fail" }, `综合类平台的服务功能不少于 ${T.comprehensive_min_services} 项（第六条、第八条）。`) : null);
}

function ExampleNote({ data }) {
  return data.example_data ? h("p", { className: "example-banner" }, "示例数据：本页内容为演示用虚构数据。") : null;
}

function fact(label, value) {
  if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return null;
  return [h("dt", { key: `t${label}` }, label), h("dd", { key: `d${label}` }, Array.isArray(value) ? value.join("、") : String(value))];
}

function makePlatformPreview(data) {
  return function PlatformPreview({ entry }) {
    const p = plain(entry, data.orders.platform);
    const op = p.operator || {};
    const contact = p.contact || {};
    const code = data.divisions[p.county];
    const terms = p.terms || [];
    return h("main", { className: "editor-preview" },
      h(ExampleNote, { data }),
      h("h1", { className: "platform-name" }, p.name || "（平台名称）"),
      p.pending ? h("p", { className: "status-box" }, `${p.pending.batch || ""} 年度申报正在公示：${p.pending.publicity || ""}`) : null,
      p.revoked ? h("p", { className: "revoked" }, `已于 ${p.revoked.date || ""} 被撤销示范平台资格（第二十条第 ${p.revoked.ground || ""} 项）。`) : null,
      h("section", null,
        h("h2", null, "基本信息"),
        h("dl", { className: "facts" },
          fact("平台编号", p.id),
          fact("运营单位", op.name ? `${op.name}${op.kind ? `（${op.kind}）` : ""}` : ""),
          fact("统一社会信用代码", op.credit_code),
          fact("所在县（市、区）", p.county ? `${p.county}${code ? `（区划代码 ${code}）` : ""}` : ""),
          fact("类别", p.category ? `${p.category}${p.specialty ? `：${p.specialty}` : ""}` : ""),
          fact("服务功能", p.services),
          fact("推荐单位", p.recommended_by),
          fact("服务地址", p.address),
          fact("服务电话", contact.phone),
          fact("服务邮箱", contact.email),
          fact("网站", p.website)),
        p.description ? h("p", { className: "description" }, p.description) : null),
      h("section", null,
        h("h2", null, "认定记录"),
        terms.length
          ? h("div", { className: "table-wrap" }, h("table", null,
              h("thead", null, h("tr", null, ["批次", "认定日期", "公示", "认定公告"].map((t) => h("th", { scope: "col", key: t }, t)))),
              h("tbody", null, terms.map((t, i) => h("tr", { key: i },
                h("th", { scope: "row" }, t.batch), h("td", null, t.certified_on), h("td", null, t.publicity), h("td", null, t.announcement))))))
          : h("p", null, "尚未认定。")),
      h("section", { className: "self-check-preview" },
        h("h2", null, "申报指标自评（第八、九、十条）"),
        terms.filter((t) => t.metrics).length
          ? terms.filter((t) => t.metrics).map((t, i) => h(SelfCheck, { key: i, T: data.thresholds, p, term: t }))
          : h("p", null, "认定记录中尚未填写申报指标（metrics）。填写后这里逐项核对办法的要求。")));
  };
}

function makeNoticePreview(data) {
  return function NoticePreview({ entry, widgetFor }) {
    const n = plain(entry, data.orders.notice);
    const ids = Array.isArray(n.platforms) ? n.platforms : [];
    return h("main", { className: "editor-preview" },
      h(ExampleNote, { data }),
      h("article", { className: "notice" },
        h("h1", null, n.title || "（公告标题）"),
        h("p", { className: "notice-meta" }, `${n.type || ""} · 发布日期 ${n.date || "—"}`),
        n.type === "公示" ? h("p", { className: "status-box" }, `公示期：${n.publicity_start || "—"} 至 ${publicityEnd(data, n.publicity_start).end || "—"}（${data.publicity_workdays} 个工作日）`) : null,
        n.summary ? h("p", { className: "summary" }, n.summary) : null,
        ids.length ? h("p", null, `涉及平台：${ids.join("、")}`) : null,
        h("div", { className: "notice-body" }, widgetFor("body"))));
  };
}

export function registerPreviews(CMS, data) {
  CMS.registerPreviewStyle("preview.css");
  CMS.registerPreviewStyle("editor.css");
  CMS.registerPreviewTemplate("platforms", makePlatformPreview(data));
  for (const slug of Object.values(data.notice_types)) CMS.registerPreviewTemplate(`notices-${slug}`, makeNoticePreview(data));
}
