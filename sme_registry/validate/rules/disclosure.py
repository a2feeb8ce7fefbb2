"""政府信息公开 checks of notices: 索引号 (shape, year, unique), 文号, 成文日期, the settings
the 异议 block needs, and bodies that restate the 异议 or 救济途径 the page already shows."""

from __future__ import annotations

import re

from sme_registry.derive.disclosure import doc_number_issue, index_scheme
from sme_registry.problems.codes import make
from sme_registry.regulation import vocabulary as V

SITE = "data/site.yaml"
_REQUIRED = (("index_no", "索引号"), ("written_on", "成文日期"), ("topic", "主题分类"))
_OBJECTION_WAYS = re.compile(r"电话|邮箱|邮件|书面|地址|信函|来信|来电")
_REMEDY_WAYS = re.compile(r"行政复议|行政诉讼")


def check(registry, today):
    scheme = index_scheme(registry.site)
    yield from _settings(registry, scheme)
    first: dict[str, object] = {}
    for n in sorted(registry.notices.values(), key=lambda n: (n.date, n.slug)):
        if scheme is not None:
            missing = [f"{label}（{key}）" for key, label in _REQUIRED if not n.doc.data.get(key)]
            if missing:
                yield make("E700", n.path, n.pos("date"), missing="、".join(missing))
        if n.index_no:
            yield from _index_number(n, scheme)
            if n.index_no in first:
                yield make("E703", n.path, n.pos("index_no"), value=n.index_no, other=first[n.index_no].path)
            else:
                first[n.index_no] = n
        if n.doc_number:
            issue = doc_number_issue(n.doc_number)
            if issue is not None and issue.code == "E705":
                yield make("E705", n.path, n.pos("doc_number"), value=n.doc_number, brackets=issue.detail, fix=issue.fix)
            elif issue is not None:
                yield make("E704", n.path, n.pos("doc_number"), value=n.doc_number, detail=issue.detail,
                           fix=f"：请写成 `{issue.fix}`" if issue.fix else "")
        if n.written_on and n.written_on > n.date:
            yield make("E706", n.path, n.pos("written_on"), written_on=n.written_on, date=n.date)
        if n.type == V.PUBLICITY.name:
            yield from _restated(n, "W700", lambda line: "异议" in line and (
                line.lstrip().startswith("#") or _OBJECTION_WAYS.search(line)))
        elif n.type == V.REVOCATION.name:
            yield from _restated(n, "W701", _REMEDY_WAYS.search)


def _settings(registry, scheme):
    doc = getattr(registry, "site_doc", None)
    pos = doc.pos if doc is not None else (lambda path: (1, 1))
    if scheme is not None and not scheme.complete:
        yield make("E710", SITE, pos(("disclosure", "index_format")), value=scheme.format)
    objections = (registry.site or {}).get("objections")
    if objections and not any(objections.get(k) for k in ("written", "phone", "email")):
        yield make("E711", SITE, doc.key_pos(("objections",)) if doc is not None else (1, 1))


def _index_number(n, scheme):
    if scheme is None or not scheme.complete:
        return
    parsed = scheme.parse(n.index_no)
    if parsed is None:
        yield make("E701", n.path, n.pos("index_no"), value=n.index_no, rule=scheme.format,
                   example=scheme.make(n.date.year, 1))
    elif parsed[0] != n.date.year:
        yield make("E702", n.path, n.pos("index_no"), value=n.index_no, year=parsed[0], date=n.date,
                   expected=n.date.year)


def _restated(n, code, matches):
    in_code = False
    for offset, line in enumerate(n.body.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if not in_code and not line.lstrip().startswith(">") and matches(line):
            yield make(code, n.path, (n.body_line + offset, 1))
            return  # one warning per notice: the paragraph, not every line of it
