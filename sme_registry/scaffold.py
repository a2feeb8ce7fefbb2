"""The staff library under its former name; the code lives in `sme_registry.staff`.

Kept so that callers written against `scaffold.*` keep working while the package layout
settles (issue 13); new code imports from the `sme_registry.staff` modules directly.
"""

from __future__ import annotations

from sme_registry.staff.answers import check_credit_code, parse_date
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
from sme_registry.staff.queries import (
    calendar_message,
    default_recommender,
    load,
    next_platform_id,
    notice_batch,
    notice_slug,
    open_publicity,
    platform_row,
    publicity_end,
    publicity_notices,
)
from sme_registry.staff.transaction import ChangeSet, Outcome
from sme_registry.staff.vocabulary import (
    CATEGORIES,
    GROUND_NUMERALS,
    GROUNDS,
    NOTICE_TYPES,
    OPERATOR_KINDS,
    SERVICES,
    TYPE_SLUGS,
)
from sme_registry.staff.yaml_edit import add_pending, add_revocation, add_term
from sme_registry.staff.yaml_text import SCHEMA_COMMENT, PlatformInfo, render_platform, yaml_scalar

__all__ = [
    "CATEGORIES", "GROUNDS", "GROUND_NUMERALS", "NOTICE_TYPES", "OPERATOR_KINDS", "SCHEMA_COMMENT", "SERVICES",
    "TYPE_SLUGS", "ChangeSet", "InputError", "Outcome", "PlatformInfo", "ScaffoldError", "add_pending",
    "add_platform_to_notice", "add_revocation", "add_term", "announcement_body", "calendar_message",
    "check_credit_code", "cn_date", "default_recommender", "generic_body", "load", "next_platform_id",
    "notice_batch", "notice_slug", "open_publicity", "parse_date", "platform_row", "publicity_body",
    "publicity_end", "publicity_notices", "render_notice", "render_platform", "revocation_body",
    "yaml_scalar",
]
