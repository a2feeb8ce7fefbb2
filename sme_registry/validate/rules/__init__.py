"""The regulation as checks. Each rule is a function (registry, today) -> iterable of Problems."""

from __future__ import annotations

import datetime as dt

from sme_registry.validate.rules import (
    annual_reports,
    crossref,
    disclosure,
    notice_tables,
    notices,
    pending,
    platforms,
    revocation,
    terms,
)

RULES = (
    platforms.check,
    terms.check,
    notices.check,
    notice_tables.check,  # a hand-typed name table agrees with platforms: (E732)
    revocation.check,
    crossref.check,
    annual_reports.check,
    pending.check,
    disclosure.check,
)


def check(registry, today: dt.date) -> list:
    problems = []
    for rule in RULES:
        problems.extend(rule(registry, today))
    return problems
