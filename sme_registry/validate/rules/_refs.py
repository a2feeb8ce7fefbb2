"""Shared look-ups for rules that follow references between files."""

from __future__ import annotations

from sme_registry.problems.codes import make
from sme_registry.suggest import did_you_mean as suggestion  # noqa: F401 (used by the rules)


def resolve_notice(registry, platform, path: tuple, slug: str, expected_type: str):
    """Return (notice or None, problems) for a notice reference made by a platform file."""
    notice = registry.notices.get(slug)
    if notice is None:
        if slug in registry.notice_files:  # the file exists but has its own problems
            return None, []
        return None, [make("E402", platform.path, platform.pos(*path), field=_dotted(path), notice=slug,
                           suggestion=suggestion(slug, registry.notice_files))]
    if notice.type != expected_type:
        return None, [make("E316", platform.path, platform.pos(*path), field=_dotted(path), notice=slug,
                           actual=notice.type, expected=expected_type)]
    return notice, []


def _dotted(path: tuple) -> str:
    from sme_registry.load.schemas import field_name

    return field_name(path)
