#!/usr/bin/env python3
"""Write a valid, deterministic synthetic registry of N platforms into DEST.

    python scripts/synth.py 1000 /tmp/reg1000 [--seed 7]

Batches 2017–2025, one 申报通知 / 公示 (5 working days) / 认定公告 per year, renewals,
revocations with 撤销公告, annual reports and application metrics in proportion, and
Chinese names of varied length. Same N and seed → the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sme_registry.credit_code import check_character  # noqa: E402
from sme_registry.dates import valid_until  # noqa: E402
from sme_registry.views import SERVICES  # noqa: E402
from sme_registry.workdays import WorkCalendar  # noqa: E402

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
    kind = rng.choices(["企业", "事业单位", "社会团体", "民办非企业单位"], [80, 10, 6, 4])[0]
    prefix = {"企业": "91", "事业单位": "12", "社会团体": "51", "民办非企业单位": "52"}[kind]
    first17 = f"{prefix}{code}MA{index:07d}"
    category = "综合类" if rng.random() < 0.6 else "专业类"
    services = sorted(rng.sample(SERVICES, rng.randint(4, 7) if category == "综合类" else rng.randint(1, 3)),
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
    relaxed = p["kind"] in ("事业单位", "社会团体")
    lines = ["    metrics:", "      years_operating: 3", f"      total_assets_wan: {150 if relaxed else 400}",
             "      smes_served: 150", "      satisfaction_pct: 90", "      growth_pct: 12",
             "      partner_institutions: 5", "      public_benefit_share_pct: 25",
             f"      staff: {12 if relaxed else 20}", "      qualified_staff_pct: 85"]
    if p["category"] == "专业类":
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


def main() -> int:
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
