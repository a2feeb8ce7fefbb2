"""Open-data files (第十六条): JSON, Excel-friendly CSV and a Frictionless data package.

Field definitions live here once; the CSV writer, `datapackage.json` and the
数据下载 page all read them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

from sme_registry.regulation import vocabulary as vocab
from sme_registry.regulation.dates import iso

# How the 数据下载 page names each Frictionless field type (the page is in Chinese; the
# machine-readable type stays in datapackage.json). Every type used below must be here.
TYPE_LABELS = {"string": "文本", "date": "日期", "integer": "整数", "number": "数值", "boolean": "是否（true/false）"}



@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Frictionless type
    title: str
    description: str

    @property
    def type_label(self) -> str:
        return TYPE_LABELS[self.type]


PLATFORM_FIELDS = (
    Field("id", "string", "平台编号", "稳定编号，平台页面网址为 platforms/<编号>/"),
    Field("name", "string", "平台名称", "示范平台全称"),
    Field("operator_name", "string", "运营单位", "运营主体（法人单位）全称"),
    Field("credit_code", "string", "统一社会信用代码", "运营单位的 18 位统一社会信用代码"),
    Field("operator_kind", "string", "单位性质", "、".join(vocab.OPERATOR_KINDS[:-1]) + "或" + vocab.OPERATOR_KINDS[-1]),
    Field("county", "string", "县（市、区）", "所在县（市、区）或功能区"),
    Field("county_code", "string", "区划代码", "国家统计局 6 位区划代码，功能区为空"),
    Field("category", "string", "类别", "或".join(vocab.CATEGORIES) + "（第七条）"),
    Field("specialty", "string", "专业领域", "专业类平台的专业服务领域"),
    Field("services", "string", "服务功能", "第六条规定的服务功能，多项以“、”分隔"),
    Field("status", "string", "状态", f"有效、即将到期（{vocab.EXPIRING_WITHIN_DAYS} 天内到期）、已到期、已撤销、公示中、待认定或未认定（按状态计算日期；各状态的起止日期见 platforms.json 的 schedule）"),
    Field("status_on", "date", "状态计算日期", "状态按这一天计算"),
    Field("valid_until", "date", "有效期至", "当前或最近一次认定的有效期最后一天（认定日加三年减一天）"),
    Field("first_certified", "date", "首次认定日期", "第一次被认定的日期"),
    Field("latest_batch", "integer", "最近批次", "最近一次认定（或申报）的评审年度"),
    Field("terms", "integer", "认定次数", "被认定的次数（含重新认定）"),
    Field("revoked_on", "date", "撤销日期", "被撤销资格的日期（第二十条），未撤销为空"),
    Field("revocation_ground", "string", "撤销理由", "第二十条第（一）至（五）项"),
    Field("pending_publicity", "string", "申报所在公示", "正在公示或待认定的申报所列入的公示公告编号，没有申报为空"),
    Field("page", "string", "平台页面", "本站平台页面的相对网址"),
)

TERM_FIELDS = (
    Field("platform_id", "string", "平台编号", "对应 platforms.csv 的 id"),
    Field("platform_name", "string", "平台名称", "示范平台全称"),
    Field("batch", "integer", "批次", "评审年度（第十五条）"),
    Field("certified_on", "date", "认定日期", "认定公告日期"),
    Field("valid_until", "date", "有效期至", "认定日加三年减一天（第十八条）"),
    Field("renewal", "boolean", "是否重新认定", "该平台第二次及以后的认定为 true"),
    Field("publicity", "string", vocab.PUBLICITY.name, "公示公告编号（notices/<编号>.html）"),
    Field("announcement", "string", vocab.ANNOUNCEMENT.name, "认定公告编号"),
)


def platform_row(p: dict) -> dict:
    revoked = p["revoked"] or {}
    return {
        "id": p["id"], "name": p["name"], "operator_name": p["operator_name"],
        "credit_code": p["credit_code"], "operator_kind": p["operator_kind"], "county": p["county"],
        "county_code": p["county_code"], "category": p["category"], "specialty": p["specialty"],
        "services": "、".join(p["services"]), "status": p["status_label"], "status_on": p["status_on"],
        "valid_until": p["valid_until"], "first_certified": p["first_certified"],
        "latest_batch": p["latest_batch"] if p["latest_batch"] is not None else "",
        "terms": len(p["terms"]), "revoked_on": revoked.get("date", ""),
        "revocation_ground": revoked.get("ground_label", ""),
        "pending_publicity": p["pending"]["publicity"]["slug"] if p.get("pending") else "", "page": p["url"],
    }


def term_rows(platforms: list[dict]):
    for p in platforms:
        for t in p["terms"]:
            yield {
                "platform_id": p["id"], "platform_name": p["name"], "batch": t["batch"],
                "certified_on": t["certified_on"], "valid_until": t["valid_until"],
                "renewal": "true" if t["renewal"] else "false",
                "publicity": t["publicity"]["slug"], "announcement": t["announcement"]["slug"],
            }


def _csv_safe(value) -> str:
    """Neutralise spreadsheet formulas (a cell starting with = + - @ is prefixed with ')."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(fields, rows) -> bytes:
    """UTF-8 with BOM and CRLF, so that Excel opens Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([f.name for f in fields])
    for row in rows:
        writer.writerow([_csv_safe(row[f.name]) for f in fields])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _json(data) -> bytes:
    """Compact JSON (json's C encoder only runs without `indent`: 10× faster at 10,000 platforms)."""
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def datapackage(site: dict, today: dt.date) -> dict:
    def schema(fields):
        return {"fields": [{"name": f.name, "type": f.type, "title": f.title, "description": f.description}
                           for f in fields]}

    return {
        "name": "liaocheng-sme-service-platforms",
        "title": site.get("site_name", ""),
        "description": "聊城市中小企业公共服务示范平台名录（依据《聊城市中小企业公共服务示范平台认定管理办法》第十六条公开）。"
        + ("当前为示例数据，不代表真实认定。" if site.get("example_data") else ""),
        "version": iso(today),
        "resources": [
            {"name": "platforms", "path": "platforms.csv", "format": "csv", "mediatype": "text/csv",
             "encoding": "utf-8-sig", "schema": schema(PLATFORM_FIELDS) | {"primaryKey": ["id"]}},
            {"name": "terms", "path": "terms.csv", "format": "csv", "mediatype": "text/csv",
             "encoding": "utf-8-sig", "schema": schema(TERM_FIELDS)},
        ],
    }


def export_files(view: dict, site: dict) -> dict[str, bytes]:
    """File name (under data/) → bytes."""
    platforms = view["platforms"]
    meta = {"status_on": iso(view["today"]), "example_data": bool(site.get("example_data"))}
    public = [{k: v for k, v in p.items() if k not in ("status_on", "schedule_rows", "links")} for p in platforms]
    return {
        "platforms.json": _json(meta | {"count": len(platforms), "platforms": public}),
        "platforms.csv": to_csv(PLATFORM_FIELDS, (platform_row(p) for p in platforms)),
        "terms.csv": to_csv(TERM_FIELDS, term_rows(platforms)),
        "notices.json": _json(meta | {"count": len(view["notices"]), "notices": view["notices"]}),
        "datapackage.json": _json(datapackage(site, view["today"])),
        "status.json": _json(status_schedules(view)),
    }


def status_schedules(view: dict) -> dict:
    """What status.js needs to recount the home and 统计 pages for a later day: each
    platform's status schedule (compact rows) with the fields the figures break down by."""
    years = [int(t["certified_on"][:4]) for p in view["platforms"] for t in p["terms"]]
    return {
        "as_of": iso(view["today"]),
        "first_year": min(years) if years else None,
        "platforms": [{"id": p["id"], "county": p["county"], "category": p["category"],
                       "services": p["services"], "schedule": p["schedule_rows"]} for p in view["platforms"]],
    }
