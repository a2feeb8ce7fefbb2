"""Staff commands: `python -m sme_registry.staff_cli new-platform|new-notice|renew|revoke|check`.

Interactive in Chinese; every question is also a flag, and `--yes` runs without questions
(it fails with a list of the missing flags instead of asking). Exit codes: 0 done,
1 the change was refused (it would not validate, or the regulation forbids it),
2 bad usage or input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path

from sme_registry import dates, scaffold
from sme_registry import vocabulary as V
from sme_registry.cli_text import ChineseArgumentParser
from sme_registry.context import ContextError, today_from
from sme_registry.loader import NOTICE_DIR, PLATFORM_DIR
from sme_registry.scaffold import InputError, ScaffoldError
from sme_registry.suggest import did_you_mean

# --------------------------------------------------------------------------- prompting


class Prompter:
    """Asks for a value unless its flag was given; in `--yes` mode it never asks."""

    def __init__(self, interactive: bool, out=None):
        self.interactive = interactive
        self.out = out or sys.stdout
        self.missing: list[tuple[str, str]] = []

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def ask(self, value, flag: str, label: str, *, default=None, choices=None,
            parse: Callable | None = None, required: bool = True, hint: str = ""):
        parse = parse or (lambda v: v.strip())
        if choices:
            parse = _choice_parser(choices, parse)
        if value is not None:
            try:
                return parse(str(value))
            except InputError as exc:
                raise InputError(f"{flag}：{exc}") from None
        if not self.interactive:
            if default is not None:
                return default
            if required:
                self.missing.append((flag, label))
            return None
        if choices:
            self.say(f"{label}可选：" + "  ".join(f"{i}) {c}" for i, c in enumerate(choices, start=1)))
        if hint:
            self.say(f"  {hint}")
        suffix = f"［默认：{default}］" if default not in (None, "") else ("" if required else "（可留空）")
        while True:
            try:
                answer = input(f"{label}{suffix}：").strip()
            except EOFError:
                raise InputError(f"输入已结束，仍缺少“{label}”（可改用参数 {flag}）") from None
            if not answer:
                if default is not None:
                    return default
                if not required:
                    return None
                self.say(f"  “{label}”不能为空。")
                continue
            try:
                return parse(answer)
            except InputError as exc:
                self.say(f"  {exc}")

    def confirm(self, flag_value: bool | None, label: str, default: bool = True) -> bool:
        if flag_value is not None or not self.interactive:
            return default if flag_value is None else flag_value
        mark = "Y/n" if default else "y/N"
        try:
            answer = input(f"{label}［{mark}］：").strip().lower()
        except EOFError:
            return default
        return default if not answer else answer in ("y", "yes", "是", "好")

    def finish(self) -> None:
        """Fail once, listing every missing flag, when running without questions."""
        if self.missing:
            listed = "\n".join(f"  {flag}  {label}" for flag, label in self.missing)
            raise InputError(f"缺少必填参数（使用了 --yes，不会逐项询问）：\n{listed}")


def _choice_parser(choices, parse):
    def inner(text: str):
        text = text.strip()
        if text.isdigit() and 1 <= int(text) <= len(choices):
            return parse(choices[int(text) - 1])
        if text in choices:
            return parse(text)
        names = [str(c) for c in choices]
        hint = did_you_mean(text, names)
        raise InputError(f"“{text}”不是可选项" + (f"{hint}可选：" if hint else "：") + "、".join(names))
    return inner


def _services_parser(category_getter):
    def inner(text: str):
        parts = [p for p in text.replace("，", ",").replace("、", ",").replace(" ", ",").split(",") if p]
        picked = []
        for part in parts:
            if part.isdigit() and 1 <= int(part) <= len(scaffold.SERVICES):
                part = scaffold.SERVICES[int(part) - 1]
            if part not in scaffold.SERVICES:
                raise InputError(f"“{part}”不是第六条规定的服务功能：" + "、".join(scaffold.SERVICES))
            if part not in picked:
                picked.append(part)
        if not picked:
            raise InputError("至少选择一项服务功能")
        if category_getter() == V.COMPREHENSIVE and len(picked) < V.COMPREHENSIVE_MIN_SERVICES:
            raise InputError(f"{V.COMPREHENSIVE}平台应具有不少于 {V.COMPREHENSIVE_MIN_SERVICES} 项服务功能（第十条），目前只有 {len(picked)} 项")
        return picked
    return inner


def _date_parser(what: str):
    return lambda text: scaffold.parse_date(text, what)


def _slug_parser(registry, notice_type: str):
    def inner(text: str):
        slug = text.strip().removesuffix(".md").split("/")[-1]
        notice = registry.notices.get(slug)
        if notice is None:
            raise InputError(f"找不到公告 {NOTICE_DIR}/{slug}.md（或该文件有错误，请先 make validate）")
        if notice.type != notice_type:
            raise InputError(f"公告“{slug}”的类型是“{notice.type}”，这里需要“{notice_type}”")
        return slug
    return inner


def _ids_parser(registry):
    def inner(text: str):
        ids = [p for p in text.replace("，", ",").replace(" ", ",").split(",") if p]
        for pid in ids:
            if pid not in registry.platforms:
                where = "有错误，请先 make validate" if pid in registry.platform_files else "不存在"
                raise InputError(f"平台 {PLATFORM_DIR}/{pid}.yaml {where}")
        return ids
    return inner


# --------------------------------------------------------------------------- output


def _report(prompter: Prompter, changes: scaffold.ChangeSet, outcome: scaffold.Outcome, today, next_steps,
            commit_message: str) -> int:
    if outcome.rolled_back:
        print("没有写入任何文件：生成的内容未通过校验。问题如下：", file=sys.stderr)
        for p in outcome.problems:
            print("  " + p.text(), file=sys.stderr)
        print("请按提示修改输入后重试；错误代码说明见 docs/errors.md。", file=sys.stderr)
        return 1
    prompter.say("已写入：")
    for rel in outcome.written:
        label = changes.labels.get(rel, "")
        prompter.say(f"  {rel}" + (f"（{label}）" if label else ""))
    warnings = [p for p in outcome.problems if not p.is_error]
    if warnings:
        prompter.say("校验通过，但有以下警告（不阻止合并）：")
        for p in warnings:
            prompter.say("  " + p.text())
    else:
        prompter.say(f"校验通过（按 {today} 计算）。")
    others = [p for p in outcome.report.errors if p not in outcome.problems]
    if others:
        prompter.say(f"注意：名录中其他文件另有 {len(others)} 个错误（与本次修改无关），make validate 可查看。")
    prompter.say("")
    prompter.say("下一步：")
    steps = [*next_steps,
             "本地预览（可选）：make serve，然后在浏览器中查看；",
             "提交并发起合并请求：git switch -c <分支名> && git add " + " ".join(outcome.written)
             + f' && git commit -m "{commit_message}" && git push -u origin HEAD，'
             "再在代码托管网站上创建合并请求（Pull Request），CI 会再次校验。"]
    for i, step in enumerate(steps, start=1):
        prompter.say(f"  {i}. {step}")
    return 0


# --------------------------------------------------------------------------- commands


def cmd_new_platform(args, prompter: Prompter, root: Path, today: dt.date) -> int:
    registry = scaffold.load(root)
    open_notice = scaffold.open_publicity(registry, today)
    if args.publicity is None and open_notice is None:
        raise ScaffoldError(
            f"没有尚未结束的公示（按 {today} 计算）。新平台须先列入公示：请先运行 make new-notice TYPE=公示，"
            "或用 --publicity 指定公示文件名。")
    if prompter.interactive and args.publicity is None:
        prompter.say("新平台将列入公示（第十三条），公示结束后再发布认定公告、运行 make renew。")
    publicity = prompter.ask(args.publicity, "--publicity", "所列入的公示（文件名）",
                             default=open_notice.slug if open_notice else None,
                             parse=_slug_parser(registry, V.PUBLICITY.name))
    prompter.finish()
    notice = registry.notices[publicity]
    if notice.publicity_end < today:
        prompter.say(f"提示：公示“{publicity}”已于 {notice.publicity_end} 结束；确认该平台确实在这次公示的名单中。")
    batch = scaffold.notice_batch(notice)
    name = prompter.ask(args.name, "--name", "平台名称（全称）")
    operator = prompter.ask(args.operator, "--operator", "运营单位全称")
    code = prompter.ask(args.credit_code, "--credit-code", "运营单位统一社会信用代码（18 位）",
                        parse=scaffold.check_credit_code)
    if code:
        same = [p.id for p in registry.platforms.values() if p.credit_code == code]
        if same:
            prompter.say(f"  提示：该统一社会信用代码已用于平台 {'、'.join(same)}（同一单位的另一个平台？请核对）。")
    kind = prompter.ask(args.operator_kind, "--operator-kind", "单位性质", default=V.ENTERPRISE,
                        choices=scaffold.OPERATOR_KINDS)
    counties = tuple(registry.divisions) or None
    county = prompter.ask(args.county, "--county", "所在县（市、区）或功能区", choices=counties)
    category = prompter.ask(args.category, "--category", "平台类别（第七条）", choices=scaffold.CATEGORIES)
    specialty = ""
    if category == V.SPECIALISED:
        specialty = prompter.ask(args.specialty, "--specialty", "专业服务领域（如 检验检测）", required=False) or ""
    services = prompter.ask(args.services, "--services", "服务功能（第六条，用逗号分隔，可填序号）",
                            choices=None, parse=_services_parser(lambda: category),
                            hint="可选：" + "  ".join(f"{i}) {s}" for i, s in enumerate(scaffold.SERVICES, start=1))
                            + f"；{V.COMPREHENSIVE}不少于 {V.COMPREHENSIVE_MIN_SERVICES} 项")
    recommender = prompter.ask(args.recommended_by, "--recommended-by", "推荐单位（县级中小企业主管部门）",
                               default=scaffold.default_recommender(registry, county) if county else None,
                               required=bool(county))
    optional = {}
    for key, flag, label in (("description", "--description", "平台简介（300 字以内）"),
                             ("address", "--address", "服务场所地址"),
                             ("website", "--website", "平台网站（https://…）"),
                             ("phone", "--phone", "服务电话（如 0635-8888888）"),
                             ("email", "--email", "服务邮箱")):
        optional[key] = prompter.ask(getattr(args, key), flag, label, required=False) or ""
    prompter.finish()
    platform_id = args.id or scaffold.next_platform_id(root, batch)
    if (root / PLATFORM_DIR / f"{platform_id}.yaml").exists():
        raise InputError(f"平台编号 {platform_id} 已存在")
    info = scaffold.PlatformInfo(
        name=name, operator_name=operator, credit_code=code, operator_kind=kind, county=county,
        category=category, services=services, recommended_by=recommender, specialty=specialty, **optional)
    changes = scaffold.ChangeSet(root)
    platform_rel = f"{PLATFORM_DIR}/{platform_id}.yaml"
    changes.put(platform_rel, scaffold.render_platform(platform_id, info, batch, publicity), "新平台，公示中")
    notice_rel = notice.path
    changes.put(notice_rel, scaffold.add_platform_to_notice(
        changes.text(notice_rel), platform_id, (name, operator, county, category)), f"已把 {platform_id} 加入公示名单")
    outcome = changes.apply(today)
    steps = [f"核对 {platform_rel}，可补充申报指标 metrics（第八、九、十条）等选填项；",
             f"公示期 {notice.publicity_start} 至 {notice.publicity_end}；期满无异议后发布认定公告："
             f"make new-notice TYPE=认定公告（会同时为名单中的平台写入认定记录），或单独运行 make renew ID={platform_id}；"]
    return _report(prompter, changes, outcome, today, steps, f"新增平台 {platform_id}（{name}），列入公示 {publicity}")


def cmd_new_notice(args, prompter: Prompter, root: Path, today: dt.date) -> int:
    registry = scaffold.load(root)
    notice_type = prompter.ask(args.type, "--type", "公告类型", choices=scaffold.NOTICE_TYPES)
    prompter.finish()
    if notice_type == V.REVOCATION.name:
        raise InputError("撤销公告请用 make revoke ID=<平台编号>：它会同时写入平台文件的 revoked 并生成撤销公告。")
    if notice_type == V.PUBLICITY.name:
        return _new_publicity(args, prompter, root, today, registry)
    if notice_type == V.ANNOUNCEMENT.name:
        return _new_announcement(args, prompter, root, today, registry)
    return _new_other(args, prompter, root, today, registry, notice_type)


def _new_publicity(args, prompter, root, today, registry) -> int:
    start = prompter.ask(args.start, "--start", "公示开始日期（YYYY-MM-DD，须为工作日）",
                         default=args.date, parse=_date_parser("公示开始日期"))
    prompter.finish()
    if isinstance(start, str):
        start = scaffold.parse_date(start, "公示开始日期")
    end = scaffold.publicity_end(registry.calendar, start)
    prompter.say(f"公示期：{start} 至 {end}（{V.PUBLICITY_WORKDAYS} 个工作日，按法定节假日和调休安排计算）。")
    day = scaffold.parse_date(args.date, "--date") if args.date else start
    batch = prompter.ask(args.batch, "--batch", "评审批次（年度）", default=start.year, parse=_year)
    ids = prompter.ask(args.platforms, "--platforms", "列入公示的已有平台编号（重新申报的，逗号分隔；新平台以后用 make new-platform 加入）",
                       required=False, parse=_ids_parser(registry)) or []
    prompter.finish()
    changes = scaffold.ChangeSet(root)
    slug = scaffold.notice_slug(root, day, V.PUBLICITY.name)
    rows = []
    for pid in ids:
        p = registry.platforms[pid]
        if p.pending is not None:
            raise ScaffoldError(f"平台 {pid} 已在公示“{p.pending.publicity}”中（pending），不能同时列入两个公示。")
        if p.revoked and p.revoked.date <= day <= dates.ban_end(p.revoked.date):
            raise ScaffoldError(f"平台 {pid} 于 {p.revoked.date} 被撤销资格，{V.REVOCATION_BAN_YEARS} 年内（至 {dates.ban_end(p.revoked.date)}）"
                                "不得再次申报（第二十条）。")
        rows.append(scaffold.platform_row(p))
        changes.put(p.path, scaffold.add_pending(changes.text(p.path), batch, slug), f"写入 pending：列入公示 {slug}")
    title = args.title or f"{batch}年度聊城市中小企业公共服务示范平台拟认定名单公示"
    header = {
        "title": title, "date": day.isoformat(), "type": V.PUBLICITY.name, "platforms": ", ".join(ids),
        "publicity_start": start.isoformat(), "publicity_end": end.isoformat(), "batch": str(batch),
        "summary": args.summary or f"{batch}年度示范平台拟认定名单公示，公示期{scaffold.cn_date(start)}至{scaffold.cn_date(end)}（{V.PUBLICITY_WORKDAYS}个工作日）。",
    }
    rel = f"{NOTICE_DIR}/{slug}.md"
    changes.files = {rel: scaffold.render_notice(header, scaffold.publicity_body(registry, batch, start, end, rows, day)),
                     **changes.files}
    changes.labels[rel] = f"公示，{start} 至 {end}"
    outcome = changes.apply(today)
    steps = [f"新平台逐个加入本公示：make new-platform（会默认选择本公示 {slug}）；",
             f"核对 {rel} 的正文（名单表格由命令维护）；",
             f"公示期满（{end}）无异议后：make new-notice TYPE=认定公告。"]
    return _report(prompter, changes, outcome, today, steps, f"发布{batch}年度公示 {slug}")


def _new_announcement(args, prompter, root, today, registry) -> int:
    day = prompter.ask(args.date, "--date", "认定公告日期（YYYY-MM-DD）", default=today, parse=_date_parser("公告日期"))
    prompter.finish()
    ended = [n for n in scaffold.publicity_notices(registry) if n.publicity_end < day]
    default = ended[-1].slug if ended else None
    publicity_slug = prompter.ask(args.publicity, "--publicity", "对应的公示（文件名）", default=default,
                                  parse=_slug_parser(registry, V.PUBLICITY.name))
    prompter.finish()
    publicity = registry.notices[publicity_slug]
    if publicity.publicity_end >= day:
        raise ScaffoldError(f"公示“{publicity_slug}”于 {publicity.publicity_end} 结束，认定公告日期 {day} 应晚于公示结束日（第十三、十四条）。")
    used = {pid for pid, p in registry.platforms.items() if any(t.publicity == publicity_slug for t in p.terms)}
    candidates = [pid for pid in publicity.platforms if pid in registry.platforms and pid not in used]
    ids = prompter.ask(args.platforms, "--platforms", "认定的平台编号（逗号分隔；公示后未通过的请去掉）",
                       default=candidates or None, parse=_ids_parser(registry))
    prompter.finish()
    not_listed = [pid for pid in ids if pid not in publicity.platforms]
    if not_listed:
        raise InputError(f"平台 {'、'.join(not_listed)} 不在公示“{publicity_slug}”的名单中，不能认定（第十三条）。")
    batch = scaffold.notice_batch(publicity)
    certify = prompter.confirm(args.certify, f"同时为这 {len(ids)} 个平台写入认定记录（terms）？")
    changes = scaffold.ChangeSet(root)
    slug = scaffold.notice_slug(root, day, V.ANNOUNCEMENT.name)
    rows = [scaffold.platform_row(registry.platforms[pid]) for pid in ids]
    header = {
        "title": args.title or f"关于认定{batch}年度聊城市中小企业公共服务示范平台的公告",
        "date": day.isoformat(), "type": V.ANNOUNCEMENT.name, "platforms": ", ".join(ids), "batch": str(batch),
        "summary": args.summary or f"认定{len(ids)}家平台为{batch}年度聊城市中小企业公共服务示范平台，有效期三年。",
    }
    rel = f"{NOTICE_DIR}/{slug}.md"
    changes.put(rel, scaffold.render_notice(header, scaffold.announcement_body(registry, batch, publicity, rows, day)),
                f"认定公告，{len(ids)} 个平台")
    if certify:
        for pid in ids:
            _certify_into(changes, registry, registry.platforms[pid], batch, day, publicity_slug, slug)
    outcome = changes.apply(today)
    steps = [f"核对 {rel} 的正文；"]
    if not certify:
        steps.append("为每个平台写入认定记录：make renew ID=\"" + " ".join(ids) + "\"；")
    return _report(prompter, changes, outcome, today, steps, f"发布{batch}年度认定公告 {slug}")


def _new_other(args, prompter, root, today, registry, notice_type) -> int:
    day = prompter.ask(args.date, "--date", "发布日期（YYYY-MM-DD）", default=today, parse=_date_parser("发布日期"))
    prompter.finish()
    defaults = {
        V.CALL.name: f"关于组织开展{day.year}年度聊城市中小企业公共服务示范平台认定工作的通知",
        V.EVALUATION.name: f"{day.year - 1}年度聊城市中小企业公共服务示范平台运营情况测评结果",
    }
    title = prompter.ask(args.title, "--title", "标题", default=defaults.get(notice_type))
    batch = prompter.ask(args.batch, "--batch", "涉及的评审批次（年度，可留空）", required=False, parse=_year,
                         default=day.year if notice_type == V.CALL.name else None)
    ids = prompter.ask(args.platforms, "--platforms", "涉及的平台编号（逗号分隔，可留空）", required=False,
                       parse=_ids_parser(registry)) or []
    summary = prompter.ask(args.summary, "--summary", "摘要（300 字以内，可留空）", required=False) or ""
    prompter.finish()
    slug = scaffold.notice_slug(root, day, notice_type)
    header = {"title": title, "date": day.isoformat(), "type": notice_type, "platforms": ", ".join(ids),
              "batch": str(batch) if batch else "", "summary": summary}
    rel = f"{NOTICE_DIR}/{slug}.md"
    changes = scaffold.ChangeSet(root)
    changes.put(rel, scaffold.render_notice(header, scaffold.generic_body(registry, notice_type, day)), notice_type)
    outcome = changes.apply(today)
    return _report(prompter, changes, outcome, today, [f"打开 {rel}，把正文占位文字换成正式内容；"],
                   f"发布{notice_type} {slug}")


def _year(text) -> int:
    text = str(text).strip()
    if not (text.isdigit() and len(text) == 4):
        raise InputError(f"“{text}”不是四位年份")
    return int(text)


def _certify_into(changes, registry, platform, batch, certified_on, publicity_slug, announcement_slug) -> None:
    """Add a term for `platform`, refusing early (with the catalogue's words) what the rules forbid."""
    from sme_registry.codes import CATALOGUE

    previous = platform.latest_term
    if previous is not None and certified_on <= previous.valid_until:
        raise ScaffoldError(f"{platform.id}：" + CATALOGUE["E322"].template.format(
            certified_on=certified_on, previous_end=previous.valid_until) + "（E322，第十八条）")
    r = platform.revoked
    if r is not None and r.date < certified_on <= dates.ban_end(r.date):
        raise ScaffoldError(f"{platform.id}：" + CATALOGUE["E332"].template.format(
            revoked=r.date, ban_end=dates.ban_end(r.date), certified_on=certified_on) + "（E332，第二十条）")
    text = changes.text(platform.path)
    changes.put(platform.path, scaffold.add_term(text, batch, certified_on, publicity_slug, announcement_slug),
                f"新增认定记录：{batch} 年度，{certified_on} 认定，有效期至 {dates.valid_until(certified_on)}")


def cmd_renew(args, prompter: Prompter, root: Path, today: dt.date) -> int:
    registry = scaffold.load(root)
    ids = prompter.ask(" ".join(args.ids) if args.ids else None, "ID", "平台编号（可多个，空格分隔）",
                       parse=_ids_parser(registry))
    prompter.finish()
    changes = scaffold.ChangeSet(root)
    summary = []
    for pid in ids:
        p = registry.platforms[pid]
        used_publicity = {t.publicity for t in p.terms}
        used_announcement = {t.announcement for t in p.terms}
        if args.publicity:
            publicity_slug = _slug_parser(registry, V.PUBLICITY.name)(args.publicity)
        elif p.pending is not None:
            publicity_slug = p.pending.publicity
        else:
            fresh = [n for n in scaffold.publicity_notices(registry, pid) if n.slug not in used_publicity]
            if not fresh:
                raise ScaffoldError(
                    f"{pid}：没有找到列出本平台、且尚未用于认定的公示。重新认定须先公示 {V.PUBLICITY_WORKDAYS} 个工作日（第十三条）："
                    f"请先运行 make new-notice TYPE=公示 ARGS=\"--platforms {pid}\"。")
            publicity_slug = fresh[-1].slug
        publicity = registry.notices.get(publicity_slug)
        if publicity is None:
            raise ScaffoldError(f"{pid}：公示“{publicity_slug}”不存在或有错误，请先 make validate。")
        if args.announcement:
            announcement_slug = _slug_parser(registry, V.ANNOUNCEMENT.name)(args.announcement)
        else:
            fresh = sorted((n for n in registry.notices.values()
                            if n.type == V.ANNOUNCEMENT.name and pid in n.platforms and n.slug not in used_announcement
                            and n.date > publicity.publicity_end), key=lambda n: (n.date, n.slug))
            if not fresh:
                raise ScaffoldError(
                    f"{pid}：公示“{publicity_slug}”之后还没有列出本平台的认定公告。请在公示期满后先运行 "
                    "make new-notice TYPE=认定公告（它会同时写入认定记录），或用 --announcement 指定。")
            announcement_slug = fresh[-1].slug
        announcement = registry.notices[announcement_slug]
        certified_on = scaffold.parse_date(args.certified_on, "--certified-on") if args.certified_on else announcement.date
        batch = args.batch or (p.pending.batch if p.pending and p.pending.publicity == publicity_slug
                               else scaffold.notice_batch(publicity))
        _certify_into(changes, registry, p, batch, certified_on, publicity_slug, announcement_slug)
        summary.append(f"{pid}：{batch} 年度，{certified_on} 认定（公示 {publicity_slug}，公告 {announcement_slug}），"
                       f"有效期至 {dates.valid_until(certified_on)}")
    outcome = changes.apply(today)
    for line in summary:
        prompter.say(line)
    return _report(prompter, changes, outcome, today, ["核对新增的认定记录；"], "写入认定记录：" + "、".join(ids))


def cmd_revoke(args, prompter: Prompter, root: Path, today: dt.date) -> int:
    registry = scaffold.load(root)
    pid = prompter.ask(args.id, "ID", "平台编号", parse=lambda t: _ids_parser(registry)(t)[0])
    prompter.finish()
    p = registry.platforms[pid]
    if p.revoked is not None:
        raise ScaffoldError(f"{pid} 已于 {p.revoked.date} 被撤销（公告 {p.revoked.notice}），不能重复撤销。")
    existing = sorted((n for n in registry.notices.values() if n.type == V.REVOCATION.name and pid in n.platforms),
                      key=lambda n: (n.date, n.slug))
    day = prompter.ask(args.date, "--date", "撤销日期（YYYY-MM-DD）",
                       default=existing[-1].date if existing else (today if prompter.interactive else None),
                       parse=_date_parser("撤销日期"))
    ground_choices = tuple(f"{n} 第（{scaffold.GROUND_NUMERALS[n]}）项 {text}" for n, text in scaffold.GROUNDS.items())
    ground = prompter.ask(args.ground, "--ground", "撤销理由（第二十条，填 1–5）",
                          parse=_ground_parser(ground_choices))
    prompter.finish()
    if not any(t.certified_on <= day <= t.valid_until for t in p.terms):
        raise ScaffoldError(f"{pid}：撤销日期 {day} 不在任何一次认定的有效期内（E331，第二十条）。")
    changes = scaffold.ChangeSet(root)
    if args.notice:
        notice_slug = _slug_parser(registry, V.REVOCATION.name)(args.notice)
    elif existing:
        notice_slug = existing[-1].slug
        prompter.say(f"使用已有的撤销公告 {notice_slug}。")
    else:
        notice_slug = scaffold.notice_slug(root, day, V.REVOCATION.name)
        header = {
            "title": f"关于撤销{p.name}示范平台资格的公告", "date": day.isoformat(), "type": V.REVOCATION.name,
            "platforms": pid,
            "summary": f"依据《办法》第二十条第（{scaffold.GROUND_NUMERALS[ground]}）项撤销该平台示范平台资格，{V.REVOCATION_BAN_YEARS}年内不得再次申报。",
        }
        changes.put(f"{NOTICE_DIR}/{notice_slug}.md",
                    scaffold.render_notice(header, scaffold.revocation_body(registry, p, day, ground)), V.REVOCATION.name)
    changes.put(p.path, scaffold.add_revocation(changes.text(p.path), day, ground, notice_slug),
                f"写入 revoked：{day}，第二十条第（{scaffold.GROUND_NUMERALS[ground]}）项")
    outcome = changes.apply(today)
    steps = [f"核对撤销公告 {notice_slug} 的正文（事实经过请按核查结论补充）；",
             f"该单位 {V.REVOCATION_BAN_YEARS} 年内（至 {dates.ban_end(day)}）不得再次申报，校验会拦截此期间的新认定。"]
    return _report(prompter, changes, outcome, today, steps, f"撤销平台 {pid} 的示范平台资格")


def _ground_parser(choices):
    def inner(text: str):
        text = text.strip()
        if text.isdigit() and 1 <= int(text) <= 5:
            return int(text)
        for n, choice in enumerate(choices, start=1):
            if text == choice:
                return n
        raise InputError(f"撤销理由“{text}”不正确，应为第二十条第（一）至（五）项之一（填 1 至 5）")
    return inner


def cmd_check(args, prompter: Prompter, root: Path, today: dt.date) -> int:
    """Validate the whole registry; report (and fail on) problems in the given files only."""
    from sme_registry.report import validate

    _, report = validate(root, today)
    wanted = {Path(f).resolve() for f in args.files}
    problems = [p for p in report.problems if not wanted or (root / p.path).resolve() in wanted]
    for p in problems:
        print(p.text() + ("" if p.is_error else "（警告）"))
    errors = [p for p in problems if p.is_error]
    scope = f"所改的 {len(wanted)} 个文件" if wanted else "全部文件"
    print(f"{scope}：{len(errors)} 个错误，{len(problems) - len(errors)} 个警告（按 {today} 计算）。" +
          ("错误代码说明见 docs/errors.md。" if errors else ""))
    return 1 if errors else 0


# --------------------------------------------------------------------------- parser


def _parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="python -m sme_registry",
                                     description="工作人员用命令：新增平台、发布公告、认定（续期）、撤销。")
    common = ChineseArgumentParser(add_help=False)
    common.add_argument("--src", default=".", help="名录所在目录（含 data/ 与 content/），默认当前目录")
    common.add_argument("--today", help="按哪一天校验，YYYY-MM-DD；默认取环境变量 TODAY 或上海时区今天")
    common.add_argument("-y", "--yes", action="store_true", help="不提问：缺少的必填项直接报错（用于脚本）")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("new-platform", parents=[common], help="新增一个申报平台并列入公示")
    p.add_argument("--publicity", help="公示文件名，如 2026-11-23-gongshi；默认为尚未结束的最新公示")
    p.add_argument("--id", help="平台编号；默认自动取 lc-<批次年度>-<下一个序号>")
    p.add_argument("--name", help="平台名称")
    p.add_argument("--operator", help="运营单位全称")
    p.add_argument("--credit-code", help="统一社会信用代码")
    p.add_argument("--operator-kind", help="单位性质：" + " / ".join(scaffold.OPERATOR_KINDS) + "（默认 企业）")
    p.add_argument("--county", help="所在县（市、区）或功能区")
    p.add_argument("--category", help=" / ".join(V.CATEGORIES))
    p.add_argument("--specialty", help="专业类的专业服务领域")
    p.add_argument("--services", help="服务功能，逗号分隔，如 信息服务,技术服务,培训服务,咨询服务")
    p.add_argument("--recommended-by", help="推荐单位；默认“<县区>工业和信息化局”")
    for flag in ("description", "address", "website", "phone", "email"):
        p.add_argument(f"--{flag}")

    n = sub.add_parser("new-notice", parents=[common], help=f"发布公告（公示会自动计算 {V.PUBLICITY_WORKDAYS} 个工作日的结束日）")
    n.add_argument("--type", help="公告类型：" + " / ".join(scaffold.NOTICE_TYPES))
    n.add_argument("--date", help="发布日期；公示默认为开始日期，其他默认今天")
    n.add_argument("--start", help="公示开始日期（仅公示）")
    n.add_argument("--batch", help="评审批次年度")
    n.add_argument("--publicity", help="认定公告对应的公示文件名（仅认定公告）")
    n.add_argument("--platforms", help="涉及的平台编号，逗号分隔")
    n.add_argument("--title", help="标题（多数类型可自动生成）")
    n.add_argument("--summary", help="摘要")
    n.add_argument("--certify", dest="certify", action="store_true", default=None,
                   help="认定公告：同时为名单中的平台写入认定记录（默认）")
    n.add_argument("--no-certify", dest="certify", action="store_false", help="认定公告：只写公告")

    r = sub.add_parser("renew", parents=[common], help="写入认定记录：公示中的平台转为认定，或到期平台重新认定")
    r.add_argument("ids", nargs="*", help="平台编号，可多个")
    r.add_argument("--publicity", help="公示文件名；默认取 pending 或最新列出本平台的公示")
    r.add_argument("--announcement", help="认定公告文件名；默认取公示之后最新列出本平台的认定公告")
    r.add_argument("--certified-on", help="认定日期；默认为认定公告日期")
    r.add_argument("--batch", type=int, help="评审批次年度；默认取自公示")

    v = sub.add_parser("revoke", parents=[common], help="撤销示范平台资格（第二十条），可同时生成撤销公告")
    v.add_argument("id", nargs="?", help="平台编号")
    v.add_argument("--date", help="撤销日期")
    v.add_argument("--ground", help="撤销理由：第二十条第几项，1–5")
    v.add_argument("--notice", help="已有撤销公告的文件名；不填则自动生成")

    c = sub.add_parser("check", parents=[common], help="校验全部数据，只报告所列文件中的问题（供 pre-commit 使用）")
    c.add_argument("files", nargs="*")
    return parser


COMMANDS = {"new-platform": cmd_new_platform, "new-notice": cmd_new_notice, "renew": cmd_renew,
            "revoke": cmd_revoke, "check": cmd_check}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = Path(args.src)
    if not (root / "data").is_dir():
        print(f"用法错误：目录 {root} 中没有 data/ 文件夹", file=sys.stderr)
        return 2
    try:
        today = today_from(args.today)
    except ContextError as exc:
        print(f"用法错误：{exc}", file=sys.stderr)
        return 2
    prompter = Prompter(interactive=not args.yes)
    try:
        return COMMANDS[args.command](args, prompter, root, today)
    except InputError as exc:
        print(f"输入错误：{exc}", file=sys.stderr)
        return 2
    except ScaffoldError as exc:
        print(f"无法完成：{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\n已取消，没有写入任何文件。", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like; the files are written already
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep the interpreter's final flush quiet
        return 0


if __name__ == "__main__":
    sys.exit(main())
