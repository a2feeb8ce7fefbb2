"""The regulation as checks.

Per-platform rules are functions (scope, platform, today) -> Problems, where the scope is a
derived.PlatformScope (the registry without its other platforms): their results can be kept
between builds, keyed by what they read (derived.py). Cross-file rules, (registry, today) ->
Problems, compare platforms with each other or with the notices and run in full every time.
"""

from __future__ import annotations

import datetime as dt

from sme_registry.derive.derived import PlatformScope
from sme_registry.parallel import fork_map
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

PER_PLATFORM = (
    platforms.one,
    terms.one,
    revocation.one,
    annual_reports.one,
    pending.one,
)
CROSS = (
    notices.check,
    notice_tables.check,  # a hand-typed name table agrees with platforms: (E732)
    crossref.check,
    annual_reports.cross,
    disclosure.check,
)


def platform_problems(scope: PlatformScope, platform, today: dt.date) -> list:
    return [problem for rule in PER_PLATFORM for problem in rule(scope, platform, today)]


def check(registry, today: dt.date, derived=None) -> list:
    """Every rule's problems; `derived` (a derived.Derived bound to this registry and day)
    supplies the per-platform problems of platforms whose inputs did not change. The others
    are checked on both cores (parallel.fork_map): each platform's checks read only its scope."""
    scope = PlatformScope(registry)
    ids = list(registry.platforms)

    def one(pid):
        return platform_problems(scope, registry.platforms[pid], today)

    found = derived.problems(ids, one) if derived is not None else dict(zip(ids, fork_map(one, ids), strict=True))
    problems = [problem for pid in ids for problem in found[pid]]
    for rule in CROSS:
        problems.extend(rule(registry, today))
    return problems
