#!/usr/bin/env python3
"""Write a valid, deterministic synthetic registry of N platforms into DEST.

    python -m scripts.synth 1000 /tmp/reg1000 [--seed 7]

Batches 2017–2025, one 申报通知 / 公示 (5 working days) / 认定公告 per year, renewals,
revocations with 撤销公告, annual reports and application metrics in proportion, and
Chinese names of varied length. Same N and seed → the same bytes.

The one synthetic-registry generator (kept out of the runtime package): `write_registry`
writes registry files; `make_platforms` / `make_notices` give search-index records
(the shape of views.platform_view) for the search tests and size measurements.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import random
import shutil
import sys
import time
from pathlib import Path

from sme_registry.regulation import vocabulary as V
from sme_registry.regulation.credit_code import check_character
from sme_registry.regulation.dates import valid_until
from sme_registry.regulation.vocabulary import SERVICES
from sme_registry.regulation.workdays import WorkCalendar

ROOT = Path(__file__).resolve().parent.parent

YEARS = range(2017, 2026)
DIVISIONS = [
    ("东昌府区", "371502"), ("茌平区", "371503"), ("阳谷县", "371521"), ("莘县", "371522"),
    ("东阿县", "371524"), ("冠县", "371525"), ("高唐县", "371526"), ("临清市", "371581"),
    ("聊城经济技术开发区", "371500"), ("聊城高新技术产业开发区", "371500"), ("聊城江北水城旅游度假区", "371500"),
]
TRADE = "瑞丰华泰鼎盛恒通汇智启航众创博远金桥鲁信运河水城凤凰光岳景阳东昌临清茌山文轩宏图新元德润正和"
FIELDS = ["科技", "数字", "智造", "质检", "创业", "金融", "法律", "培训", "咨询", "物流", "电商", "工业设计",
          "知识产权", "检验检测", "人力资源", "信息化", "节能环保", "农产品加工", "轴承", "钢管", "纺织"]
SUFFIX = ["中小企业公共服务平台", "中小企业综合服务平台", "技术服务中心", "创新创业服务平台", "企业服务中心",
          "产业公共服务平台", "专业服务平台"]
OPERATOR_SUFFIX = ["有限公司", "服务有限公司", "科技有限公司", "研究院", "服务中心", "促进会"]
PHRASES = ["面向辖区中小企业提供", "政策解读与申报辅导", "检验检测与质量提升", "融资对接和信用评价", "创业辅导与孵化",
           "管理咨询与诊断", "法律体检和风险防范", "技能培训与人才服务", "信息化改造与数字化转型", "知识产权运营"]


def _name(rng: random.Random) -> tuple[str, str, str]:
    county, code = rng.choice(DIVISIONS)
    trade = "".join(rng.sample(TRADE, rng.choice((2, 2, 3, 4))))
    field = rng.choice(FIELDS)
    place = county if rng.random() < 0.5 else "聊城市"
    return f"{place}{trade}{field}{rng.choice(SUFFIX)}", county, code


def _workday_on_or_after(cal: WorkCalendar, day: dt.date) -> dt.date:
    while not cal.is_workday(day):
        day += dt.timedelta(days=1)
    return day


def _schedule(cal: WorkCalendar) -> dict[int, dict]:
    out = {}
    for year in YEARS:
        start = _workday_on_or_after(cal, dt.date(year, 12, 1))
        end = cal.add_workdays(start, 5)
        out[year] = {"call": dt.date(year, 6, 1), "start": start, "end": end,
                     "certified": end + dt.timedelta(days=3)}
    return out


def _platform(rng, index: int, year: int, schedule, cal) -> dict:
    name, county, code = _name(rng)
    kind = rng.choices(V.OPERATOR_KINDS, [80, 10, 6, 4])[0]
    prefix = dict(zip(V.OPERATOR_KINDS, ("91", "12", "51", "52"), strict=True))[kind]
    first17 = f"{prefix}{code}MA{index:07d}"
    category = V.COMPREHENSIVE if rng.random() < 0.6 else V.SPECIALISED
    services = sorted(rng.sample(SERVICES, rng.randint(4, 7) if category == V.COMPREHENSIVE else rng.randint(1, 3)),
                      key=SERVICES.index)
    terms = [year]
    if rng.random() < 0.35:
        later = next((y for y in YEARS if y > year and schedule[y]["certified"] > valid_until(schedule[year]["certified"])), None)
        if later:
            terms.append(later)
    revoked = None
    if len(terms) == 1 and rng.random() < 0.05 and year + 1 in schedule:
        revoked = dt.date(year + 1, 6, 1)
    return {
        "id": f"syn-{year}-{index:05d}", "name": name, "operator": f"{name[:-2]}运营{rng.choice(OPERATOR_SUFFIX)}",
        "credit": first17 + check_character(first17), "kind": kind, "county": county, "category": category,
        "services": services, "terms": terms, "revoked": revoked,
        "description": "，".join(rng.sample(PHRASES, 3)) + "等服务。",
        "metrics": rng.random() < 0.3,
    }


def _reports(p, schedule, until_year=2025) -> list[int]:
    years = set()
    for batch in p["terms"]:
        end = valid_until(schedule[batch]["certified"])
        if p["revoked"]:
            end = min(end, p["revoked"])
        last = end.year if (end.month, end.day) == (12, 31) else end.year - 1
        years.update(range(batch + 1, min(last, until_year) + 1))
    return sorted(years)


def _metrics_yaml(p) -> list[str]:
    relaxed = p["kind"] in V.RELAXED_OPERATOR_KINDS
    lines = ["    metrics:", "      years_operating: 3", f"      total_assets_wan: {150 if relaxed else 400}",
             "      smes_served: 150", "      satisfaction_pct: 90", "      growth_pct: 12",
             "      partner_institutions: 5", "      public_benefit_share_pct: 25",
             f"      staff: {12 if relaxed else 20}", "      qualified_staff_pct: 85"]
    if p["category"] == V.SPECIALISED:
        lines.append("      field_experience_pct: 90")
    acts = [s for s in p["services"] if s in ("信息服务", "技术服务", "创业服务", "咨询服务", "法律服务")]
    if acts:
        lines.append("      activities:")
        lines += [f"        {s}: 6" for s in acts]
    if "培训服务" in p["services"]:
        lines.append("      training_person_times: 1200")
    if "融资服务" in p["services"]:
        lines += ["      new_financing_yi: 2", "      bank_enterprise_events: 5", "      financing_lectures: 5"]
    return lines


def _platform_yaml(p, schedule) -> str:
    out = ["# yaml-language-server: $schema=../../schema/platform.schema.json",
           "# 合成数据：由 scripts/synth.py 生成，仅用于测试和性能基准。",
           f"id: {p['id']}", f"name: {p['name']}", "operator:", f"  name: {p['operator']}",
           f"  credit_code: \"{p['credit']}\"", f"  kind: {p['kind']}", f"county: {p['county']}",
           f"category: {p['category']}", f"services: [{', '.join(p['services'])}]",
           f"description: {p['description']}", "terms:"]
    for i, batch in enumerate(p["terms"]):
        s = schedule[batch]
        out += [f"  - batch: {batch}", f"    certified_on: {s['certified'].isoformat()}",
                f"    publicity: {batch}-gongshi", f"    announcement: {batch}-rending"]
        if i == 0 and p["metrics"]:
            out += _metrics_yaml(p)
    reports = _reports(p, schedule)
    if reports:
        out.append("annual_reports:")
        out += [f"  - {{year: {y}, submitted_on: {y + 1}-01-15}}" for y in reports]
    if p["revoked"]:
        out += ["revoked:", f"  date: {p['revoked'].isoformat()}", "  ground: 5",
                f"  notice: {p['revoked'].year}-chexiao"]
    return "\n".join(out) + "\n"


def _notice(title: str, date: dt.date, kind: str, ids: list[str], extra: list[str], body: str) -> str:
    head = [f"title: {title}", f"date: {date.isoformat()}", f"type: {kind}"]
    if ids:
        head.append("platforms: " + ", ".join(ids))
    return "\n".join(head + extra) + "\n\n> 合成数据：仅用于测试和性能基准。\n\n" + body + "\n"


def write_registry(n: int, dest: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    cal = WorkCalendar()
    schedule = _schedule(cal)
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "data/platforms").mkdir(parents=True)
    (dest / "content/notices").mkdir(parents=True)
    (dest / "content/policy").mkdir(parents=True)
    for name in ("data/divisions.yaml", "data/site.yaml", "content/policy/measures.zh.txt"):
        shutil.copyfile(ROOT / name, dest / name)
    years = list(YEARS)
    platforms = [_platform(rng, i, years[i % len(years)], schedule, cal) for i in range(1, n + 1)]
    publicised = {y: [] for y in YEARS}
    revoked = {}
    for p in platforms:
        (dest / f"data/platforms/{p['id']}.yaml").write_text(_platform_yaml(p, schedule), encoding="utf-8")
        for batch in p["terms"]:
            publicised[batch].append(p["id"])
        if p["revoked"]:
            revoked.setdefault(p["revoked"].year, []).append(p["id"])
    for year, s in schedule.items():
        ids = sorted(publicised[year])
        files = {
            f"{year}-shenbao": _notice(f"关于开展{year}年度示范平台申报工作的通知", s["call"], "申报通知", [], [],
                                       "请符合条件的单位按要求申报。"),
            f"{year}-gongshi": _notice(f"{year}年度示范平台评审结果公示", s["start"], "公示", ids,
                                       [f"publicity_start: {s['start'].isoformat()}",
                                        f"publicity_end: {s['end'].isoformat()}"],
                                       "公示期内如有异议，请向市局书面反映。"),
            f"{year}-rending": _notice(f"关于认定{year}年度示范平台的公告", s["certified"], "认定公告", ids, [],
                                       "经评审和公示，认定以上平台为示范平台。"),
        }
        for slug, text in files.items():
            (dest / f"content/notices/{slug}.md").write_text(text, encoding="utf-8")
    for year, ids in revoked.items():
        (dest / f"content/notices/{year}-chexiao.md").write_text(
            _notice(f"{year}年撤销示范平台资格的公告", dt.date(year, 6, 1), "撤销公告", sorted(ids), [],
                    "依据第二十条第（五）项，撤销以上平台的示范平台资格。"), encoding="utf-8")


# --------------------------------------------------------------------------- search-index records

COUNTIES = (
    "东昌府区",
    "茌平区",
    "阳谷县",
    "莘县",
    "东阿县",
    "冠县",
    "高唐县",
    "临清市",
    "聊城经济技术开发区",
    "聊城高新技术产业开发区",
    "聊城江北水城旅游度假区",
)
STATUSES = ("有效", "有效", "有效", "即将到期", "已到期", "已撤销", "公示中", "待认定")
INDUSTRIES = (
    "轴承", "电线电缆", "钢管", "阿胶", "农产品", "食品加工", "纺织服装", "木业", "玻璃钢",
    "汽车零部件", "生物医药", "新材料", "新能源", "化工", "机械装备", "有色金属", "电动车",
    "家具", "光伏", "葫芦工艺", "中医药", "畜牧", "棉纺", "铜材", "造纸", "肉牛", "蔬菜",
    "工程机械", "环保装备", "数字经济", "跨境电商", "文化创意", "物流", "冷链", "检验检测",
)
KINDS = (
    "中小企业公共服务平台", "公共技术服务平台", "创业创新服务中心", "产业技术研究院",
    "企业服务中心", "人才培训基地", "融资服务中心", "知识产权服务中心", "检验检测中心",
    "信息化服务平台", "创业孵化基地", "科技企业孵化器",
)
ORG_WORDS = (
    "鲁西", "水城", "运河", "金泰", "华信", "瑞丰", "东岳", "泰和", "恒通", "宏达", "博远", "启航",
    "诚信", "天元", "信发", "祥光", "鑫源", "中通", "润泽", "凤凰", "光明", "卓越", "海川", "景阳",
    "古楼", "光岳", "昌润", "铭德", "汇智", "聚力", "嘉禾", "新科", "万通", "同创", "远大", "康华",
)
ORG_KINDS = (
    "科技有限公司", "信息技术有限公司", "企业管理咨询有限公司", "孵化器管理有限公司",
    "行业协会", "商会", "职业培训学校", "检测技术有限公司", "科技服务中心",
)
SEARCH_PHRASES = (
    "围绕区域主导产业", "为中小企业提供", "政策咨询与申报辅导", "技术研发与成果转化",
    "检验检测与质量提升", "人才招聘与技能培训", "融资对接与担保服务", "法律咨询与知识产权保护",
    "年服务企业三百余家", "组织银企对接活动", "开展创业辅导讲座", "建设线上服务平台",
    "联合高校和科研院所", "推动数字化转型", "提供公益性服务", "累计培训一千余人次",
)
SEARCH_NOTICE_TYPES = (V.PUBLICITY.name, "公告", "通知", "政策解读")


def make_platforms(n: int, seed: int = 5) -> list[dict]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        county = COUNTIES[i % len(COUNTIES)]
        prefix = county if rnd.random() < 0.7 else "聊城市"
        industry = rnd.choice(INDUSTRIES)
        name = f"{prefix}{industry}{rnd.choice(KINDS)}"
        batch = 2015 + i % 10
        operator = (
            f"{rnd.choice(('山东', '聊城', county[:2]))}{rnd.choice(ORG_WORDS)}"
            f"{rnd.choice(ORG_WORDS)}{rnd.choice(ORG_KINDS)}"
        )
        services = sorted(rnd.sample(SERVICES, rnd.randint(1, 5)), key=SERVICES.index)
        code = "9137" + "".join(rnd.choice("0123456789") for _ in range(4))
        code += "".join(rnd.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(10))
        description = "".join(rnd.sample(SEARCH_PHRASES, 6))
        out.append(
            {
                "id": f"lc-{batch}-{i + 1:04d}",
                "name": name,
                "operator": operator,
                "credit_code": code,
                "county": county,
                "category": V.CATEGORIES[0] if len(services) >= 4 else V.CATEGORIES[1],
                "services": services,
                "batch": batch,
                "years": [batch],
                "status": rnd.choice(STATUSES),
                "valid_until": f"{batch + 3}-12-07",
                "description": description,
                "url": f"platforms/lc-{batch}-{i + 1:04d}/",
            }
        )
    return out


def make_notices(n: int, platforms: list[dict], seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        year = 2015 + i % 10
        kind = SEARCH_NOTICE_TYPES[i % len(SEARCH_NOTICE_TYPES)]
        linked = rnd.sample(platforms, min(len(platforms), rnd.randint(0, 4)))
        title = f"关于{year}年度聊城市中小企业公共服务示范平台认定名单的{kind}"
        if i % 3 == 1:
            title = f"关于开展{year}年度示范平台复核工作的{kind}"
        body = "根据《聊城市中小企业公共服务示范平台认定管理办法》，" + "、".join(
            p["name"] for p in linked
        )
        body += f"等平台拟认定为聊城市中小企业公共服务示范平台，现予以公示，公示期为{V.PUBLICITY_WORKDAYS}个工作日。"
        date = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        slug = f"{date}-{i:03d}"
        out.append(
            {
                "slug": slug,
                "title": title,
                "type": kind,
                "date": date,
                "text": body,
                "platforms": [p["id"] for p in linked],
                "url": f"notices/{slug}.html",
            }
        )
    return out


def measure(n_platforms: int, n_notices: int, naive: bool = False) -> dict[str, float]:
    from sme_registry.search.index_builder import build_search_bundle

    platforms = make_platforms(n_platforms)
    notices = make_notices(n_notices, platforms)
    t0 = time.perf_counter()
    bundle = build_search_bundle(platforms, notices)
    seconds = time.perf_counter() - t0
    out: dict[str, float] = {"build_seconds": round(seconds, 2)}
    for name, data in sorted(bundle.items()):
        out[f"{name} raw"] = len(data)
        out[f"{name} gzip"] = len(gzip.compress(data, 9, mtime=0))
    if naive:
        # The standard lunr serialisation of the same platform index, for comparison.
        import json

        from sme_registry.search.index_builder import PLATFORM_FIELDS, build_lunr_builder

        builder = build_lunr_builder(platforms, PLATFORM_FIELDS)
        data = json.dumps(builder.build().serialize(), ensure_ascii=False).encode()
        out["platforms as plain lunr JSON raw"] = len(data)
        out["platforms as plain lunr JSON gzip"] = len(gzip.compress(data, 9, mtime=0))
    return out



def main() -> int:
    if sys.argv[1:2] == ["--measure-search"]:  # index sizes and build times (docs/search.md)
        for n_p, n_n in [(40, 30), (1000, 30), (1000, 300)]:
            print(f"{n_p} 个平台、{n_n} 条公告：", measure(n_p, n_n, naive=True))
        return 0
    parser = argparse.ArgumentParser(description="生成合成名录（测试与性能基准用）")
    parser.add_argument("n", type=int)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    write_registry(args.n, args.dest, args.seed)
    print(f"已生成 {args.n} 个平台：{args.dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
