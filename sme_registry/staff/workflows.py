"""The staff commands: ask, check against the regulation early, stage files, apply.

Each command takes the parsed flags, a Prompter, the registry folder and TODAY, and returns
the exit code (0 written, 1 refused). Domain refusals raise ScaffoldError with the
catalogue's words; malformed answers raise InputError. Nothing is written before the
ChangeSet validates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sme_registry.load.loader import NOTICE_DIR, PLATFORM_DIR
from sme_registry.problems.codes import CATALOGUE
from sme_registry.regulation import dates
from sme_registry.regulation import vocabulary as V
from sme_registry.staff import answers, queries
from sme_registry.staff.errors import InputError, ScaffoldError
from sme_registry.staff.notices import (
    add_platform_to_notice,
    announcement_body,
    cn_date,
    generic_body,
    publicity_body,
    render_notice,
    revocation_body,
)
from sme_registry.staff.prompting import Prompter
from sme_registry.staff.summary import report
from sme_registry.staff.transaction import ChangeSet
from sme_registry.staff.vocabulary import (
    CATEGORIES,
    COMPREHENSIVE_MIN_SERVICES,
    GROUND_NUMERALS,
    GROUNDS,
    NOTICE_TYPES,
    OPERATOR_KINDS,
    PUBLICITY_WORKDAYS,
    SERVICES,
)
from sme_registry.staff.yaml_edit import add_pending, add_revocation, add_term
from sme_registry.staff.yaml_text import PlatformInfo, render_platform

# --------------------------------------------------------------------------- answer parsers


def _date_parser(what: str):
    return lambda text: answers.parse_date(text, what)


def _slug_parser(registry, notice_type: str):
    def inner(text: str):
        slug = text.strip().removesuffix(".md").split("/")[-1]
        notice = registry.notices.get(slug)
        if notice is None:
            from sme_registry.validate.rules._refs import suggestion

            hint = suggestion(slug, registry.notice_files)
            raise InputError(f"找不到公告 {NOTICE_DIR}/{slug}.md" + (hint or "（或该文件有错误，请先 make validate）"))
        if notice.type != notice_type:
            raise InputError(f"公告“{slug}”的类型是“{notice.type}”，这里需要“{notice_type}”")
        return slug
    return inner


def _ids_parser(registry):
    def inner(text: str):
        from sme_registry.validate.rules._refs import suggestion

        ids = answers.split_list(text)
        for pid in ids:
            if pid not in registry.platforms:
                if pid in registry.platform_files:
                    raise InputError(f"平台 {PLATFORM_DIR}/{pid}.yaml 有错误，请先 make validate")
                raise InputError(f"平台 {PLATFORM_DIR}/{pid}.yaml 不存在" + suggestion(pid, registry.platform_files))
        if not ids:
            raise InputError("至少填写一个平台编号")
        return ids
    return inner


def _title_parser(registry):
    def inner(text: str):
        title = " ".join(text.split())
        taken = queries.notice_with_title(registry, title)
        if taken is not None:
            raise InputError(f"标题“{title}”已被 {taken.path} 使用（E161），请换一个能区分的标题，"
                             "例如加上“（第二批）”")
        return title
    return inner


def _ground_parser(choices):
    def inner(text: str):
        text = text.strip()
        if text.isdigit() and 1 <= int(text) <= len(GROUNDS):
            return int(text)
        for n, choice in enumerate(choices, start=1):
            if text == choice:
                return n
        raise InputError(f"撤销理由“{text}”不正确，应为第二十条第（一）至（五）项之一（填 1 至 5）")
    return inner


def _title(prompter, registry, args, default: str) -> str:
    """The notice's title: the flag, else the usual title — with “（第二批）” … when a notice
    already carries it (E161: titles must tell notices apart)."""
    free = queries.free_title(registry, default)
    if free != default and args.title is None and free:
        prompter.say(f"已有公告使用标题“{default}”，本公告默认标题为“{free}”。")
    return prompter.ask(args.title, "--title", "标题", default=free, parse=_title_parser(registry))


# --------------------------------------------------------------------------- new-platform


def new_platform(args, prompter: Prompter, root: Path, today: dt.date) -> int:
    registry = queries.load(root)
    open_notice = queries.open_publicity(registry, today)
    if args.publicity is None and open_notice is None and "--publicity" not in prompter.resumed:
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
    batch = queries.notice_batch(notice)
    if args.id and (root / PLATFORM_DIR / f"{args.id}.yaml").exists():
        raise InputError(f"平台编号 {args.id} 已存在（{PLATFORM_DIR}/{args.id}.yaml）")
    name = prompter.ask(args.name, "--name", "平台名称（全称）", parse=answers.check_text(("name",), "平台名称"))
    operator = prompter.ask(args.operator, "--operator", "运营单位全称",
                            parse=answers.check_text(("name",), "运营单位名称"))
    code = prompter.ask(args.credit_code, "--credit-code", "运营单位统一社会信用代码（18 位）",
                        parse=answers.check_credit_code)
    if code:
        same = [p.id for p in registry.platforms.values() if p.credit_code == code]
        if same:
            prompter.say(f"  提示：该统一社会信用代码已用于平台 {'、'.join(same)}（同一单位的另一个平台？请核对）。")
    kind = prompter.ask(args.operator_kind, "--operator-kind", "单位性质", default=V.ENTERPRISE, choices=OPERATOR_KINDS)
    counties = tuple(registry.divisions)
    county = prompter.ask(args.county, "--county", "所在县（市、区）或功能区", choices=counties or None,
                          parse=(lambda t: answers.check_county(t, counties)) if counties else None)
    category = prompter.ask(args.category, "--category", "平台类别（第七条）", choices=CATEGORIES,
                            parse=answers.check_category)
    specialty = ""
    if category == V.SPECIALISED:
        specialty = prompter.ask(args.specialty, "--specialty", "专业服务领域（如 检验检测）", required=False,
                                 parse=answers.check_text(("specialty",), "专业服务领域")) or ""
    services = prompter.ask(args.services, "--services", "服务功能（第六条，用逗号分隔，可填序号）",
                            parse=lambda t: answers.check_services(t, category),
                            hint="可选：" + "  ".join(f"{i}) {s}" for i, s in enumerate(SERVICES, start=1))
                            + f"；综合类不少于 {COMPREHENSIVE_MIN_SERVICES} 项")
    recommender = prompter.ask(args.recommended_by, "--recommended-by", "推荐单位（县级中小企业主管部门）",
                               default=queries.default_recommender(registry, county) if county else None,
                               required=bool(county), parse=answers.check_text(("recommended_by",), "推荐单位"))
    optional = {}
    for key, flag, label, parse in (
            ("description", "--description", "平台简介（300 字以内）", answers.check_text(("description",), "平台简介")),
            ("address", "--address", "服务场所地址", answers.check_text(("address",), "服务场所地址")),
            ("website", "--website", "平台网站（https://…）", answers.normalise_url),
            ("phone", "--phone", "服务电话（如 0635-8888888）", answers.normalise_phone),
            ("email", "--email", "服务邮箱", answers.check_email)):
        optional[key] = prompter.ask(getattr(args, key), flag, label, required=False, parse=parse) or ""
    prompter.finish()
    platform_id = args.id or queries.next_platform_id(root, batch)
    if (root / PLATFORM_DIR / f"{platform_id}.yaml").exists():
        raise InputError(f"平台编号 {platform_id} 已存在")
    info = PlatformInfo(
        name=name, operator_name=operator, credit_code=code, operator_kind=kind, county=county,
        category=category, services=services, recommended_by=recommender, specialty=specialty, **optional)
    changes = ChangeSet(root)
    platform_rel = f"{PLATFORM_DIR}/{platform_id}.yaml"
    changes.put(platform_rel, render_platform(platform_id, info, batch, publicity), "新平台，公示中")
    changes.put(notice.path, add_platform_to_notice(
        changes.text(notice.path), platform_id, (name, operator, county, category)), f"已把 {platform_id} 加入公示名单")
    outcome = changes.apply(today)
    steps = [f"核对 {platform_rel}，可补充申报指标 metrics（第八、九、十条）等选填项；",
             f"公示期 {notice.publicity_start} 至 {notice.publicity_end}；期满无异议后发布认定公告："
             f"make new-notice TYPE=认定公告（会同时为名单中的平台写入认定记录），或单独运行 make renew ID={platform_id}；"]
    return report(prompter, changes, outcome, today, steps, f"新增平台 {platform_id}（{name}），列入公示 {publicity}")


# --------------------------------------------------------------------------- new-notice


def new_notice(args, prompter: Prompter, root: Path, today: dt.date) -> int:
    registry = queries.load(root)
    notice_type = prompter.ask(args.type, "--type", "公告类型", choices=NOTICE_TYPES)
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
    start = answers.parse_date(start, "公示开始日期")
    end = queries.publicity_end(registry.calendar, start)
    prompter.say(f"公示期：{start} 至 {end}（{PUBLICITY_WORKDAYS} 个工作日，按法定节假日和调休安排计算）。")
    day = answers.parse_date(args.date, "--date") if args.date else start
    batch = prompter.ask(args.batch, "--batch", "评审批次（年度）", default=start.year, parse=answers.check_year)
    ids = prompter.ask(args.platforms, "--platforms", "列入公示的已有平台编号（重新申报的，逗号分隔；新平台以后用 make new-platform 加入）",
                       required=False, parse=_ids_parser(registry)) or []
    title = _title(prompter, registry, args, f"{batch}年度聊城市中小企业公共服务示范平台拟认定名单公示")
    prompter.finish()
    changes = ChangeSet(root)
    slug = queries.notice_slug(root, day, V.PUBLICITY.name)
    rows = []
    for pid in ids:
        p = registry.platforms[pid]
        if p.pending is not None:
            raise ScaffoldError(f"平台 {pid} 已在公示“{p.pending.publicity}”中（pending），不能同时列入两个公示。")
        if p.revoked and p.revoked.date <= day <= dates.ban_end(p.revoked.date):
            raise ScaffoldError(f"平台 {pid} 于 {p.revoked.date} 被撤销资格，{dates.REVOCATION_BAN_YEARS} 年内"
                                f"（至 {dates.ban_end(p.revoked.date)}）不得再次申报（第二十条）。")
        rows.append(queries.platform_row(p))
        changes.put(p.path, add_pending(changes.text(p.path), batch, slug), f"写入 pending：列入公示 {slug}")
    header = {
        "title": title, "date": day.isoformat(), "type": V.PUBLICITY.name, "platforms": ", ".join(ids),
        "publicity_start": start.isoformat(), "publicity_end": end.isoformat(), "batch": str(batch),
        "summary": args.summary or f"{batch}年度示范平台拟认定名单公示，公示期{cn_date(start)}至{cn_date(end)}"
                                   f"（{PUBLICITY_WORKDAYS}个工作日）。",
    }
    rel = f"{NOTICE_DIR}/{slug}.md"
    changes.put(rel, render_notice(header, publicity_body(registry, batch, start, end, rows, day)),
                f"公示，{start} 至 {end}", first=True)
    # A 公示 made before its new platforms lists none yet (E162): make new-platform adds them.
    outcome = changes.apply(today, allowed=frozenset() if ids else frozenset({"E162"}))
    steps = [f"新平台逐个加入本公示：make new-platform（会默认选择本公示 {slug}）；",
             f"核对 {rel} 的正文（名单表格由命令维护）；",
             f"公示期满（{end}）无异议后：make new-notice TYPE=认定公告。"]
    return report(prompter, changes, outcome, today, steps, f"发布{batch}年度公示 {slug}")


def _choose_publicity(args, prompter, registry, day: dt.date, ids: list[str] | None) -> str:
    """The 公示 this 认定公告 follows: the one still listing the platforms as 待认定 and ended
    before `day`; asked when several qualify; refused, with the reason, when none does."""
    if args.publicity is not None or "--publicity" in prompter.resumed:
        return prompter.ask(args.publicity, "--publicity", "对应的公示（文件名）", parse=_slug_parser(registry, V.PUBLICITY.name))
    ended, running = queries.publicity_for_announcement(registry, day, ids)
    if len(ended) == 1:
        prompter.say(f"对应的公示：{ended[0].slug}（{ended[0].title}）。")
        return ended[0].slug
    if ended:
        choices = tuple(n.slug for n in ended)
        prompter.say("有多个已结束、名单中仍有待认定平台的公示：")
        for i, n in enumerate(ended, start=1):
            waiting = "、".join(queries.awaiting_certification(registry, n))
            prompter.say(f"  {i}) {n.slug}（{n.publicity_start} 至 {n.publicity_end}，待认定：{waiting}）")
        slug = prompter.ask(None, "--publicity", "对应的公示（填序号或文件名）", choices=None,
                            parse=lambda t: answers.check_choice(t, choices, V.PUBLICITY.name))
        prompter.finish()
        return slug
    who = f"平台 {'、'.join(ids)} " if ids else ""
    if running:
        n = running[-1]
        raise ScaffoldError(f"{who}所在的公示“{n.slug}”到 {n.publicity_end} 才结束；认定公告日期 {day} 应晚于"
                            f"公示结束日（第十三、十四条）。请在 {n.publicity_end} 之后再运行，或用 --date 指定公告日期。")
    raise ScaffoldError(f"没有找到列出{who or '待认定平台'}、且尚未用于认定的公示。请先运行 make new-notice TYPE=公示。")


def _new_announcement(args, prompter, root, today, registry) -> int:
    day = prompter.ask(args.date, "--date", "认定公告日期（YYYY-MM-DD）", default=today, parse=_date_parser("公告日期"))
    given = _ids_parser(registry)(args.platforms) if args.platforms else None
    prompter.finish()
    publicity_slug = _choose_publicity(args, prompter, registry, day, given)
    publicity = registry.notices[publicity_slug]
    if publicity.publicity_end >= day:
        raise ScaffoldError(f"公示“{publicity_slug}”于 {publicity.publicity_end} 结束，认定公告日期 {day} 应晚于公示结束日（第十三、十四条）。")
    candidates = queries.awaiting_certification(registry, publicity)
    ids = prompter.ask(args.platforms, "--platforms", "认定的平台编号（逗号分隔；公示后未通过的请去掉）",
                       default=candidates or None, parse=_ids_parser(registry))
    prompter.finish()
    not_listed = [pid for pid in ids if pid not in publicity.platforms]
    if not_listed:
        raise InputError(f"平台 {'、'.join(not_listed)} 不在公示“{publicity_slug}”的名单中，不能认定（第十三条）。")
    batch = queries.notice_batch(publicity)
    title = _title(prompter, registry, args, f"关于认定{batch}年度聊城市中小企业公共服务示范平台的公告")
    certify = prompter.confirm(args.certify, f"同时为这 {len(ids)} 个平台写入认定记录（terms）？")
    changes = ChangeSet(root)
    slug = queries.notice_slug(root, day, V.ANNOUNCEMENT.name)
    rows = [queries.platform_row(registry.platforms[pid]) for pid in ids]
    header = {
        "title": title, "date": day.isoformat(), "type": V.ANNOUNCEMENT.name, "platforms": ", ".join(ids), "batch": str(batch),
        "summary": args.summary or f"认定{len(ids)}家平台为{batch}年度聊城市中小企业公共服务示范平台，有效期三年。",
    }
    rel = f"{NOTICE_DIR}/{slug}.md"
    changes.put(rel, render_notice(header, announcement_body(registry, batch, publicity, rows, day)),
                f"认定公告，{len(ids)} 个平台")
    if certify:
        for pid in ids:
            _certify_into(changes, registry, registry.platforms[pid], batch, day, publicity_slug, slug)
    outcome = changes.apply(today)
    steps = [f"核对 {rel} 的正文；"]
    if not certify:
        steps.append("为每个平台写入认定记录：make renew ID=\"" + " ".join(ids) + "\"；")
    return report(prompter, changes, outcome, today, steps, f"发布{batch}年度认定公告 {slug}")


def _new_other(args, prompter, root, today, registry, notice_type) -> int:
    day = prompter.ask(args.date, "--date", "发布日期（YYYY-MM-DD）", default=today, parse=_date_parser("发布日期"))
    prompter.finish()
    defaults = {
        V.CALL.name: f"关于组织开展{day.year}年度聊城市中小企业公共服务示范平台认定工作的通知",
        V.EVALUATION.name: f"{day.year - 1}年度聊城市中小企业公共服务示范平台运营情况测评结果",
    }
    title = (_title(prompter, registry, args, defaults[notice_type]) if notice_type in defaults
             else prompter.ask(args.title, "--title", "标题", parse=_title_parser(registry)))
    batch = prompter.ask(args.batch, "--batch", "涉及的评审批次（年度，可留空）", required=False, parse=answers.check_year,
                         default=day.year if notice_type == V.CALL.name else None)
    ids = prompter.ask(args.platforms, "--platforms", "涉及的平台编号（逗号分隔，可留空）", required=False,
                       parse=_ids_parser(registry)) or []
    summary = prompter.ask(args.summary, "--summary", "摘要（300 字以内，可留空）", required=False) or ""
    prompter.finish()
    slug = queries.notice_slug(root, day, notice_type)
    header = {"title": title, "date": day.isoformat(), "type": notice_type, "platforms": ", ".join(ids),
              "batch": str(batch) if batch else "", "summary": summary}
    rel = f"{NOTICE_DIR}/{slug}.md"
    changes = ChangeSet(root)
    changes.put(rel, render_notice(header, generic_body(registry, notice_type, day)), notice_type)
    outcome = changes.apply(today)
    return report(prompter, changes, outcome, today, [f"打开 {rel}，把正文占位文字换成正式内容；"],
                  f"发布{notice_type} {slug}")


# --------------------------------------------------------------------------- renew, revoke, check


def _certify_into(changes, registry, platform, batch, certified_on, publicity_slug, announcement_slug) -> None:
    """Add a term for `platform`, refusing early (with the catalogue's words) what the rules forbid."""
    previous = platform.latest_term
    if previous is not None and certified_on <= previous.valid_until:
        raise ScaffoldError(f"{platform.id}：" + CATALOGUE["E322"].template.format(
            certified_on=certified_on, previous_end=previous.valid_until) + "（E322，第十八条）")
    r = platform.revoked
    if r is not None and r.date < certified_on <= dates.ban_end(r.date):
        raise ScaffoldError(f"{platform.id}：" + CATALOGUE["E332"].template.format(
            revoked=r.date, ban_end=dates.ban_end(r.date), certified_on=certified_on) + "（E332，第二十条）")
    text = changes.text(platform.path)
    changes.put(platform.path, add_term(text, batch, certified_on, publicity_slug, announcement_slug),
                f"新增认定记录：{batch} 年度，{certified_on} 认定，有效期至 {dates.valid_until(certified_on)}")


def renew(args, prompter: Prompter, root: Path, today: dt.date) -> int:
    registry = queries.load(root)
    ids = prompter.ask(" ".join(args.ids) if args.ids else None, "ID", "平台编号（可多个，空格分隔）",
                       parse=_ids_parser(registry))
    prompter.finish()
    changes = ChangeSet(root)
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
            fresh = [n for n in queries.publicity_notices(registry, pid) if n.slug not in used_publicity]
            if not fresh:
                raise ScaffoldError(
                    f"{pid}：没有找到列出本平台、且尚未用于认定的公示。重新认定须先公示 {PUBLICITY_WORKDAYS} 个工作日"
                    f"（第十三条）：请先运行 make new-notice TYPE=公示 ARGS=\"--platforms {pid}\"。")
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
        certified_on = (answers.parse_date(args.certified_on, "--certified-on") if args.certified_on
                        else announcement.date)
        batch = args.batch or (p.pending.batch if p.pending and p.pending.publicity == publicity_slug
                               else queries.notice_batch(publicity))
        _certify_into(changes, registry, p, batch, certified_on, publicity_slug, announcement_slug)
        summary.append(f"{pid}：{batch} 年度，{certified_on} 认定（公示 {publicity_slug}，公告 {announcement_slug}），"
                       f"有效期至 {dates.valid_until(certified_on)}")
    outcome = changes.apply(today)
    for line in summary:
        prompter.say(line)
    return report(prompter, changes, outcome, today, ["核对新增的认定记录；"], "写入认定记录：" + "、".join(ids))


def revoke(args, prompter: Prompter, root: Path, today: dt.date) -> int:
    registry = queries.load(root)
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
    ground_choices = tuple(f"{n} 第（{GROUND_NUMERALS[n]}）项 {text}" for n, text in GROUNDS.items())
    if prompter.interactive and args.ground is None:
        prompter.say("撤销理由（第二十条）：" + "  ".join(ground_choices))
    ground = prompter.ask(args.ground, "--ground", "撤销理由（第二十条，填 1–5）", parse=_ground_parser(ground_choices))
    prompter.finish()
    if not any(t.certified_on <= day <= t.valid_until for t in p.terms):
        raise ScaffoldError(f"{pid}：撤销日期 {day} 不在任何一次认定的有效期内（E331，第二十条）。")
    changes = ChangeSet(root)
    if args.notice:
        notice_slug = _slug_parser(registry, V.REVOCATION.name)(args.notice)
    elif existing:
        notice_slug = existing[-1].slug
        prompter.say(f"使用已有的撤销公告 {notice_slug}。")
    else:
        notice_slug = queries.notice_slug(root, day, V.REVOCATION.name)
        header = {
            "title": f"关于撤销{p.name}示范平台资格的公告", "date": day.isoformat(), "type": V.REVOCATION.name,
            "platforms": pid,
            "summary": f"依据《办法》第二十条第（{GROUND_NUMERALS[ground]}）项撤销该平台示范平台资格，"
                       f"{dates.REVOCATION_BAN_YEARS}年内不得再次申报。",
        }
        changes.put(f"{NOTICE_DIR}/{notice_slug}.md", render_notice(header, revocation_body(registry, p, day, ground)),
                    V.REVOCATION.name)
    changes.put(p.path, add_revocation(changes.text(p.path), day, ground, notice_slug),
                f"写入 revoked：{day}，第二十条第（{GROUND_NUMERALS[ground]}）项")
    outcome = changes.apply(today)
    steps = [f"核对撤销公告 {notice_slug} 的正文（事实经过请按核查结论补充）；",
             f"该单位 {dates.REVOCATION_BAN_YEARS} 年内（至 {dates.ban_end(day)}）不得再次申报，校验会拦截此期间的新认定。"]
    return report(prompter, changes, outcome, today, steps, f"撤销平台 {pid} 的示范平台资格")


def check(args, prompter: Prompter, root: Path, today: dt.date) -> int:
    """Validate the whole registry; report (and fail on) problems in the given files only."""
    from sme_registry.validate.report import validate

    _, result = validate(root, today)
    wanted = {Path(f).resolve() for f in args.files}
    problems = [p for p in result.problems if not wanted or (root / p.path).resolve() in wanted]
    for p in problems:
        print(p.text() + ("" if p.is_error else "（警告）"))
    errors = [p for p in problems if p.is_error]
    scope = f"所改的 {len(wanted)} 个文件" if wanted else "全部文件"
    print(f"{scope}：{len(errors)} 个错误，{len(problems) - len(errors)} 个警告（按 {today} 计算）。" +
          ("错误代码说明见 docs/errors.md。" if errors else ""))
    return 1 if errors else 0


COMMANDS = {"new-platform": new_platform, "new-notice": new_notice, "renew": renew, "revoke": revoke,
            "check": check}
DRAFTED = ("new-platform", "new-notice", "renew", "revoke")  # commands whose answers a draft keeps
