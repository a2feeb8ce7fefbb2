"""Checks for one answer as it is typed: pure functions, no prompting, no printing.

Each returns the value to store (normalised: a phone number gets its hyphen, a credit
code its capitals) or raises InputError in words a clerk knows, with "是否应为…" where a
near miss is likely. A value that needs the clerk's consent before it is changed (a
missing `https://`) raises Proposal, an InputError that carries the suggested value.
The field formats come from the JSON Schemas, so the prompt and `make validate` agree.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

from jsonschema import Draft202012Validator

from sme_registry.load.schemas import load_schema
from sme_registry.regulation import credit_code, dates
from sme_registry.regulation import vocabulary as V
from sme_registry.staff.errors import InputError
from sme_registry.staff.vocabulary import CATEGORIES, COMPREHENSIVE_MIN_SERVICES, SERVICES


class Proposal(InputError):
    """The answer is almost right; `value` is the corrected form to offer."""

    def __init__(self, message: str, value):
        super().__init__(message)
        self.value = value


_FULL_WIDTH = str.maketrans("０１２３４５６７８９－（）：／．＠　", "0123456789-():/.@ ")
_LIST_SEPARATORS = re.compile(r"[,，、;；\s]+")


def half_width(text: str) -> str:
    """Full-width digits and the punctuation of phone numbers and addresses, as ASCII."""
    return text.translate(_FULL_WIDTH)


def split_list(text: str) -> list[str]:
    """`a, b`, `a，b`, `a、b`, `a b` → [a, b]."""
    return [part for part in _LIST_SEPARATORS.split(str(text).strip()) if part]


def parse_date(value, what: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    text = half_width(str(value)).strip()
    day = dates.parse_iso(text)
    if day is not None:
        return day
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if m:
        try:
            iso = dt.date(*map(int, m.groups())).isoformat()
        except ValueError:
            iso = None
        if iso:
            raise Proposal(f"{what}“{value}”请写成 YYYY-MM-DD", dt.date.fromisoformat(iso))
    raise InputError(f"{what}“{value}”不是有效日期，请写成 YYYY-MM-DD（例如 2026-11-23）")


def check_year(text) -> int:
    text = half_width(str(text)).strip().removesuffix("年度").removesuffix("年")
    if not (text.isdigit() and len(text) == 4):
        raise InputError(f"“{text}”不是四位年份")
    return int(text)


def check_credit_code(value: str) -> str:
    value = half_width(str(value)).strip().upper()
    problem = credit_code.shape_error(value)
    if problem:
        raise InputError(f"统一社会信用代码“{value}”格式错误：{problem}")
    expected = credit_code.check_character(value[:17])
    if value[17] != expected:
        raise InputError(f"统一社会信用代码“{value}”的校验位应为“{expected}”（GB 32100-2015），请核对营业执照")
    return value


def check_choice(text: str, choices, what: str) -> str:
    """A choice by its number or its words; a near miss gets "是否应为"."""
    text = str(text).strip()
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1]
    if text in choices:
        return text
    close = difflib.get_close_matches(text, [str(c) for c in choices], n=1, cutoff=0.5)  # 冠具 → 冠县
    if close:
        raise Proposal(f"“{text}”不是可选的{what}", close[0])
    raise InputError(f"“{text}”不是可选的{what}：" + "、".join(str(c) for c in choices))


def check_county(text: str, divisions) -> str:
    """A county, district or functional zone of data/divisions.yaml."""
    return check_choice(text, tuple(divisions), "县（市、区）或功能区")


def check_category(text: str) -> str:
    return check_choice(text, CATEGORIES, "平台类别（第七条）")


def check_services(text, category: str | None) -> list[str]:
    """Services of 第六条, by number or name, in the order given; 综合类 needs four (第十条)."""
    picked: list[str] = []
    guessed: list[str] = []
    for part in split_list(text) if isinstance(text, str) else list(text):
        try:
            service = check_choice(part, SERVICES, "服务功能（第六条）")
        except Proposal as exc:
            service = exc.value
            guessed.append(str(exc))
        if service not in picked:
            picked.append(service)
    if not picked:
        raise InputError("至少选择一项服务功能")
    if category == V.COMPREHENSIVE and len(picked) < COMPREHENSIVE_MIN_SERVICES:
        raise InputError(f"综合类平台应具有不少于 {COMPREHENSIVE_MIN_SERVICES} 项服务功能（第十条），"
                         f"目前只有 {len(picked)} 项")
    if guessed:
        raise Proposal("；".join(guessed), picked)
    return picked


_DOMAIN = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?(/\S*)?$")


def normalise_url(text: str) -> str:
    """A web address with its scheme; `www.example.org` is offered as `https://www.example.org`."""
    value = half_width(str(text)).strip()
    if not re.match(r"^https?://", value, re.IGNORECASE) and _DOMAIN.match(value):
        raise Proposal(f"网址“{value}”缺少开头的 https://", check_field(("website",), "https://" + value))
    return check_field(("website",), value)


_LANDLINE = re.compile(r"^\(?(0\d{2,3})\)?[\s-]*(\d{7,8})(?:[\s-]*(?:转|-|ext\.?)\s*(\d{1,6}))?$")
_MOBILE = re.compile(r"^1\d{2}[\s-]?\d{4}[\s-]?\d{4}$")


def normalise_phone(text: str) -> str:
    """`0635 1234567`, `(0635)1234567`, `０６３５－１２３４５６７` → `0635-1234567`; mobiles as 11 digits."""
    value = half_width(str(text)).strip()
    m = _LANDLINE.match(value)
    if m:
        area, number, extension = m.groups()
        value = f"{area}-{number}" + (f"-{extension}" if extension else "")
    elif _MOBILE.match(value):
        value = re.sub(r"[\s-]", "", value)
    elif re.fullmatch(r"\d{7,8}", value):
        raise InputError(f"电话“{value}”缺少区号，请写成“区号-号码”，例如 0635-{value}")
    return check_field(("contact", "phone"), value)


def check_email(text: str) -> str:
    return check_field(("contact", "email"), half_width(str(text)).strip())


def check_text(path: tuple, what: str):
    """A parser for a free-text field that only checks the schema's length limits."""
    return lambda text: check_field(path, " ".join(str(text).split()), what)


def _subschema(path: tuple) -> dict:
    schema = load_schema("platform")
    for key in path:
        schema = schema["properties"][key]
    return schema


def check_field(path: tuple, value, what: str = ""):
    """`value` against the platform schema's rule for `path` (pattern, length …)."""
    schema = _subschema(path)
    error = next(iter(Draft202012Validator(schema).iter_errors(value)), None)
    if error is None:
        return value
    label = what or (schema.get("description") or "").split("，")[0].rstrip("。")
    if error.validator == "maxLength":
        raise InputError(f"{label}不能超过 {error.validator_value} 个字符（现为 {len(value)} 个）")
    if error.validator == "minLength":
        raise InputError(f"{label}至少 {error.validator_value} 个字符（现为 {len(value)} 个）")
    raise InputError(f"“{value}”格式不正确：{schema.get('description', '')}")
