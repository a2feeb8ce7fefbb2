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


# 通知公告 as 政府信息公开 items (sme_registry/derive/disclosure.py): one row per notice.
NOTICE_FIELDS = (
    Field("index_no", "string", "索引号", "政府信息公开索引号：机构代码/发布年份-流水号，发布后不变"),
    Field("title", "string", "标题", "公告标题"),
    Field("type", "string", "公告类型", "、".join(t.name for t in vocab.NOTICE_TYPES)),
    Field("doc_number", "string", "文号", "发文字号，例如 聊民营发〔2026〕3号；没有文号为空"),
    Field("publisher", "string", "发布机构", "发布公告的机关"),
    Field("written_on", "date", "成文日期", "公文成文的日期"),
    Field("date", "date", "发布日期", "在本站发布的日期"),
    Field("topic", "string", "主题分类", "政府信息公开主题分类"),
    Field("publicity_start", "date", "公示开始日期", f"仅{vocab.PUBLICITY.name}"),
    Field("publicity_end", "date", "公示结束日期", f"仅{vocab.PUBLICITY.name}；异议受理截止到这一天"),
    Field("objection_time", "string", "异议截止时刻", f"仅{vocab.PUBLICITY.name}：公示期最后一天（publicity_end）受理异议截止的时刻，如 17:00"),
    Field("platforms", "string", "涉及平台", "平台编号，多个以“、”分隔"),
    Field("page", "string", "公告页面", "本站公告页面的相对网址"),
)


def notice_row(n: dict) -> dict:
    window = n.get("window") or {}
    return {
        "index_no": n["index_no"], "title": n["title"], "type": n["type"], "doc_number": n["doc_number"],
        "publisher": n["publisher"], "written_on": n["written_on"], "date": n["date"], "topic": n["topic"],
        "publicity_start": window.get("start", ""), "publicity_end": window.get("end", ""),
        "objection_time": (n.get("objections") or {}).get("deadline_time", ""),
        "platforms": "、".join(p["id"] for p in n["platforms"]), "page": n["url"],
    }


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
    return _csv_file(fields, [_csv_lines(fields, rows).encode("utf-8")])


def _csv_lines(fields, rows) -> str:
    """The CSV lines (CRLF) of `rows`, formulas neutralised; a file is the header and these."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_safe(row[f.name]) for f in fields])
    return buffer.getvalue()


def _csv_file(fields, lines: list) -> bytes:
    """The file of CSV `lines` (their UTF-8 bytes) under the header of `fields`."""
    header = io.StringIO()
    csv.writer(header, lineterminator="\r\n").writerow([f.name for f in fields])
    return b"".join([("\ufeff" + header.getvalue()).encode("utf-8"), *lines])


def json_text(data) -> str:
    """Compact JSON with sorted keys: the open-data files' form, and that of the JSON texts
    kept between builds (json's C encoder only runs without `indent`: 10× faster at 10,000 platforms)."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def json_file(data) -> bytes:
    return (json_text(data) + "\n").encode("utf-8")


def _json_with_list(data: dict, key: str, items: list) -> bytes:
    """json_file(data | {key: the list of the values whose JSON texts' UTF-8 bytes are
    `items`}), byte for byte: the members in sorted order, as json.dumps(sort_keys=True)
    writes them."""
    members = {k: [json_text(v).encode("utf-8")] for k, v in data.items()}
    # The list goes in as its items' bytes, joined once with the rest: at 10,000 platforms
    # the items are 20 MB of text, which joining as str and then encoding copied four times.
    members[key] = [b"[", b",".join(items), b"]"]
    parts = [b"{"]
    for k in sorted(members):
        parts += [b"," if len(parts) > 1 else b"", json_text(k).encode("utf-8"), b":", *members[k]]
    return b"".join([*parts, b"}\n"])


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
            {"name": "notices", "path": "notices.csv", "format": "csv", "mediatype": "text/csv",
             "encoding": "utf-8-sig", "schema": schema(NOTICE_FIELDS)},
        ],
    }


# What each platform contributes to a file, from its view alone (so a build may keep it
# with the view's inputs, like the platform's page: Derived.encoded).
PLATFORM_PIECES = {
    "platforms.json": lambda p: json_text({k: v for k, v in p.items() if k not in ("status_on", "schedule_rows", "links")}),
    "platforms.csv": lambda p: _csv_lines(PLATFORM_FIELDS, [platform_row(p)]),
    "terms.csv": lambda p: _csv_lines(TERM_FIELDS, term_rows([p])),
    "status.json": lambda p: json_text(_status_schedule(p)),
}


def platform_pieces(platforms: list[dict], kept=None) -> dict[str, list]:
    """Each file's pieces (PLATFORM_PIECES) of `platforms` as UTF-8 bytes, in their order.
    `kept(platforms, part, make)` (Derived.encoded), when given, may return pieces kept from
    an earlier build instead of `make(platform)` encoded; the pieces are the same either way."""
    if kept is None:
        return {name: [make(p).encode("utf-8") for p in platforms] for name, make in PLATFORM_PIECES.items()}
    return {name: kept(platforms, f"export:{name}", make) for name, make in PLATFORM_PIECES.items()}


def export_files(view: dict, site: dict, kept=None, pieces: dict[str, list] | None = None) -> dict[str, bytes]:
    """File name (under data/) → bytes; `pieces` are the platforms' (platform_pieces, made
    here with `kept` when not given)."""
    platforms = view["platforms"]
    made = pieces if pieces is not None else platform_pieces(platforms, kept)
    meta = {"status_on": iso(view["today"]), "example_data": bool(site.get("example_data"))}
    years = [int(t["certified_on"][:4]) for p in platforms for t in p["terms"]]
    return {
        "platforms.json": _json_with_list(meta | {"count": len(platforms)}, "platforms", made["platforms.json"]),
        "platforms.csv": _csv_file(PLATFORM_FIELDS, made["platforms.csv"]),
        "terms.csv": _csv_file(TERM_FIELDS, made["terms.csv"]),
        "notices.json": json_file(meta | {"count": len(view["notices"]), "notices": view["notices"]}),
        "notices.csv": to_csv(NOTICE_FIELDS, (notice_row(n) for n in view["notices"])),
        "datapackage.json": json_file(datapackage(site, view["today"])),
        # What status.js needs to recount the home and 统计 pages for a later day: each
        # platform's status schedule (compact rows) with the fields the figures break down by.
        "status.json": _json_with_list({"as_of": iso(view["today"]), "first_year": min(years) if years else None},
                                       "platforms", made["status.json"]),
    }


def _status_schedule(p: dict) -> dict:
    return {"id": p["id"], "county": p["county"], "category": p["category"], "services": p["services"],
            "schedule": p["schedule_rows"]}
