"""Registry-wide identity: one credit code, one platform at a time."""

from __future__ import annotations

from sme_registry.problems.codes import make


def check(registry, today):
    by_code: dict[str, list] = {}
    for p in registry.platforms.values():
        by_code.setdefault(p.credit_code, []).append(p)
    for group in by_code.values():
        for i, a in enumerate(group):
            for b in group[:i]:
                if _overlap(a, b):
                    yield make("E405", a.path, a.pos("operator", "credit_code"), value=a.credit_code, other=b.id)


def _overlap(a, b) -> bool:
    return any(
        ta.certified_on <= tb.valid_until and tb.certified_on <= ta.valid_until for ta in a.terms for tb in b.terms
    )
