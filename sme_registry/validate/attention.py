"""What staff need to act on (`make report`): expiring terms, missing yearly work
summaries (第十七条、第十九条), open 公示 windows, and calendar years the working-day
check does not know yet. Also the list behind the expiring/ page and feed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sme_registry.regulation.vocabulary import (
    CHINESE_NUMERALS,
    EXPIRING_WITHIN_DAYS,
    PUBLICITY,
    PUBLICITY_WORKDAYS,
    TERM_YEARS,
)
from sme_registry.validate.rules.annual_reports import required_years
from sme_registry.validate.rules.pending import stale


def expiring(view: dict) -> list[dict]:
    """Platform views whose current certification ends within 90 days of the view's day,
    soonest first."""
    chosen = [p for p in view["platforms"] if p["status"] == "expiring"]
    return sorted(chosen, key=lambda p: (p["valid_until"], p["id"]))


def entered_window(p: dict) -> dt.date:
    """The day a platform's term came within EXPIRING_WITHIN_DAYS of its end."""
    end = dt.date.fromisoformat(p["valid_until"])
    return end - dt.timedelta(days=EXPIRING_WITHIN_DAYS)


@dataclass
class Attention:
    expiring: list[dict]
    missing_reports: list[tuple[str, str, list[int]]]  # (id, name, years)
    open_publicity: list[dict]
    unknown_years: list[int]
    errors: int
    warnings: int
    stale_pending: list[tuple[str, str, int, dt.date]] = ()  # (id, name, batch, due) — W510
    awaiting: list[tuple[str, str, str, list[str]]] = field(default_factory=list)  # see ended_publicity_awaiting


def collect(registry, today: dt.date, errors: int = 0, warnings: int = 0) -> Attention:
    from sme_registry.derive.views import registry_view

    view = registry_view(registry, today)
    missing = []
    for pid in sorted(registry.platforms):
        p = registry.platforms[pid]
        years = [y for y in required_years(p, today) if y not in p.annual_reports]
        if years:
            missing.append((pid, p.name, years))
    unknown = [y for y in (today.year, today.year + 1) if not registry.calendar.knows(y)]
    overdue = [(p.id, p.name, p.pending.batch, due) for p, due in stale(registry, today)]
    return Attention(expiring(view), missing, view["open_publicity"], unknown, errors, warnings, overdue,
                     awaiting=ended_publicity_awaiting(registry, today))


def ended_publicity_awaiting(registry, today: dt.date) -> list[tuple[str, str, str, list[str]]]:
    """公示 that ended before `today` whose platforms are still 待认定 (their `pending` names
    it): the 认定公告 is due (第十四条). (slug, title, end date, platform ids), oldest first."""
    found = []
    for n in sorted(registry.notices.values(), key=lambda n: (n.publicity_end or n.date, n.slug)):
        if n.type != PUBLICITY.name or n.publicity_end is None or n.publicity_end >= today:
            continue
        waiting = [pid for pid in n.platforms if pid in registry.platforms
                   and registry.platforms[pid].pending is not None
                   and registry.platforms[pid].pending.publicity == n.slug]
        if waiting:
            found.append((n.slug, n.title, n.publicity_end.isoformat(), waiting))
    return found


def _awaiting_lines(a: Attention) -> list[str]:
    lines = [f"六、公示已结束、仍待认定的平台（第十四条，应发布认定公告）：{len(a.awaiting)} 个公示"]
    for slug, title, end, ids in a.awaiting:
        lines.append(f"  - {title}（{slug}）已于 {end} 结束，{len(ids)} 个平台仍待认定：{'、'.join(ids)}。"
                     "无异议的请运行 make new-notice TYPE=认定公告；未通过的从公示名单和平台文件的 pending 中删除。")
    if not a.awaiting:
        lines.append("  无。")
    return [*lines, ""]


def render(a: Attention, today: dt.date) -> str:
    lines = [f"需要处理的事项（按 {today.isoformat()} 计算）", ""]
    if a.errors:
        lines += [f"！数据有 {a.errors} 个错误，请先运行 make validate 查看并修正；以下内容可能不完整。", ""]

    lines.append(f"一、{EXPIRING_WITHIN_DAYS} 天内到期的认定（第十八条，有效期{CHINESE_NUMERALS[TERM_YEARS]}年）：{len(a.expiring)} 个")
    for p in a.expiring:
        lines.append(f"  - {p['id']} {p['name']}：有效期至 {p['valid_until']}，剩余 {p['days_left']} 天"
                     f"（{p['county']}）。"
                     + (f"已在 {p['pending']['batch']} 年度重新申报。" if p["pending"] else "到期后可重新申请。"))
    if not a.expiring:
        lines.append("  无。")
    lines.append("")

    total = sum(len(years) for _, _, years in a.missing_reports)
    lines.append(f"二、缺少的年度工作总结（第十七条、第十九条）：{len(a.missing_reports)} 个平台，共 {total} 份")
    for pid, name, years in a.missing_reports:
        lines.append(f"  - {pid} {name}：缺 {'、'.join(str(y) for y in years)} 年度"
                     f"（在 data/platforms/{pid}.yaml 的 annual_reports 中登记）")
    if not a.missing_reports:
        lines.append("  无。")
    lines.append("")

    lines.append(f"三、正在公示的公告（第十三条，公示 {PUBLICITY_WORKDAYS} 个工作日）：{len(a.open_publicity)} 个")
    for n in a.open_publicity:
        w = n["window"]
        lines.append(f"  - {n['title']}：{w['start']} 至 {w['end']}（{w['workdays']} 个工作日），"
                     f"涉及 {len(n['platforms'])} 个平台；公示期满后登记认定结果。")
    if not a.open_publicity:
        lines.append("  无。")
    lines.append("")

    lines.append("四、工作日历（用于核对公示期）：")
    for year in a.unknown_years:
        lines.append(f"  - 缺少 {year} 年的节假日安排：请按国务院办公厅通知添加 data/calendar/{year}.yaml。")
    if not a.unknown_years:
        lines.append(f"  {today.year} 年和 {today.year + 1} 年的工作日安排均已具备。")
    lines.append("")

    lines.append(f"五、逾期未登记认定结果的申报（第十四条、第十五条，W510）：{len(a.stale_pending)} 个")
    for pid, name, batch, due in a.stale_pending:
        lines.append(f"  - {pid} {name}：{batch} 年度申报的认定结果应于 {due.isoformat()} 前公告。"
                     f"获认定的在 data/platforms/{pid}.yaml 的 terms 中新增一条并删除 pending，未获认定的删除 pending。")
    if not a.stale_pending:
        lines.append("  无。")
    lines.append("")

    lines += _awaiting_lines(a)

    count = (len(a.expiring) + len(a.missing_reports) + len(a.open_publicity) + len(a.unknown_years)
             + len(a.stale_pending) + len(a.awaiting))
    lines.append(f"合计 {count} 项需要关注。" if count else "目前没有需要处理的事项。")
    return "\n".join(lines) + "\n"


def attention_report(src: Path, today: date) -> tuple[str, int]:
    """The staff report as text, with its exit code: 1 when the data has errors (the list
    may then be incomplete), else 0 — items needing attention are not failures."""
    from sme_registry.validate.report import validate

    registry, report = validate(Path(src), today)
    try:
        a = collect(registry, today, len(report.errors), len(report.warnings))
    except Exception:  # invalid data may not even form a view
        if not report.errors:
            raise
        return f"数据有 {len(report.errors)} 个错误，无法列出需要处理的事项。请先运行 make validate 查看并修正。\n", 1
    return render(a, today), 1 if report.errors else 0
