"""Per-platform rules: credit code, county, category (第六、七、八、九、十条)."""

from __future__ import annotations

from sme_registry.problems.codes import make
from sme_registry.regulation import credit_code, thresholds
from sme_registry.regulation.vocabulary import COMPREHENSIVE, COMPREHENSIVE_MIN_SERVICES
from sme_registry.validate.rules._refs import suggestion


def one(registry, p, today):
    """`registry` is a derived.PlatformScope: the registry without its other platforms."""
    yield from _credit_code(p)
    if registry.divisions and p.county not in registry.divisions:
        yield make("E401", p.path, p.pos("county"), value=p.county,
                   suggestion=suggestion(p.county, registry.divisions))
    if p.category == COMPREHENSIVE and len(p.services) < COMPREHENSIVE_MIN_SERVICES:
        yield make("E303", p.path, p.pos("services"), count=len(p.services))
    if not p.terms and p.pending is None:
        yield make("E325", p.path, p.pos("terms"))
    if p.pending and any(t.batch == p.pending.batch for t in p.terms):
        yield make("E326", p.path, p.pos("pending", "batch"), batch=p.pending.batch)
    for term in p.terms:
        if term.metrics is not None:
            yield from _metrics(p, term)


def _credit_code(p):
    expected = credit_code.check_character(p.credit_code[:17])
    if p.credit_code[17] != expected:
        yield make("E341", p.path, p.pos("operator", "credit_code"), value=p.credit_code, expected=expected)


def _metrics(p, term):
    for verdict in thresholds.evaluate(term.metrics, p.operator_kind, p.category, p.services):
        c = verdict.criterion
        if verdict.passed and not verdict.missing:
            continue
        pos = p.pos("terms", term.index, "metrics", *c.key.split("."))  # only a problem needs it
        unit = c.unit
        if verdict.missing:
            what = f"服务功能“{verdict.function}”的{c.label}" if verdict.function else f"“{c.label}”"
            yield make("E307", p.path, pos, what=what, key=c.key)
            continue
        fields = dict(op="不低于", threshold=_num(verdict.threshold), unit=unit, value=_num(verdict.value),
                      criterion=c.label)
        if c is thresholds.FIELD_EXPERIENCE:
            yield make("E304", p.path, pos, threshold=_num(verdict.threshold), value=_num(verdict.value))
        elif verdict.function:
            yield make("E306", p.path, pos, function=verdict.function, **fields)
        else:
            yield make("E305", p.path, pos, **fields)


def _num(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
