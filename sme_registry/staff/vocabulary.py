"""The regulation's words the staff commands offer as choices, in the shapes the staff
modules use. Every word and number comes from `sme_registry.regulation.vocabulary` (the one place)."""

from __future__ import annotations

from sme_registry.regulation.vocabulary import (  # noqa: F401 (re-exported for sme_registry.staff)
    CATEGORIES,
    CHINESE_NUMERALS,
    COMPREHENSIVE_MIN_SERVICES,
    NOTICE_TYPE_NAMES,
    OPERATOR_KINDS,
    PUBLICITY_WORKDAYS,
    REVOCATION_GROUNDS,
    SERVICES,
)
from sme_registry.regulation.vocabulary import NOTICE_TYPES as _NOTICE_TYPES

ID_PREFIX = "lc"
NOTICE_TYPES = NOTICE_TYPE_NAMES
TYPE_SLUGS = {t.name: t.file_slug for t in _NOTICE_TYPES}  # new notice files: <date>-<slug>.md
GROUNDS = REVOCATION_GROUNDS  # 第二十条
GROUND_NUMERALS = {n: CHINESE_NUMERALS[n] for n in GROUNDS}
