"""New platform files, written as text the strict reader reads back unchanged."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sme_registry.load.yaml_strict import parse as strict_parse

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schema/platform.schema.json"


def yaml_scalar(value) -> str:
    """A scalar as the strict reader will read it back unchanged: plain if safe, else quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text and text == text.strip() and "\n" not in text and not text.startswith(("'", '"', "`", "%", "@")):
        doc, problems = strict_parse(f"k: {text}\n", "-")
        if not problems and doc is not None and doc.data == {"k": text}:
            return text
    return json.dumps(text, ensure_ascii=False)


@dataclass
class PlatformInfo:
    name: str
    operator_name: str
    credit_code: str
    operator_kind: str
    county: str
    category: str
    services: list[str]
    recommended_by: str
    specialty: str = ""
    description: str = ""
    address: str = ""
    website: str = ""
    phone: str = ""
    email: str = ""


def render_platform(platform_id: str, info: PlatformInfo, batch: int, publicity: str) -> str:
    """A new applicant's file: `terms: []` and `pending` under the 公示 it is listed in."""
    s = yaml_scalar
    lines = [
        SCHEMA_COMMENT,
        f"id: {platform_id}",
        f"name: {s(info.name)}",
        "operator:",
        f"  name: {s(info.operator_name)}",
        f'  credit_code: "{info.credit_code}"  # 统一社会信用代码',
        f"  kind: {s(info.operator_kind)}",
        f"county: {s(info.county)}",
        f"category: {s(info.category)}",
    ]
    if info.specialty:
        lines.append(f"specialty: {s(info.specialty)}")
    lines.append("services:")
    lines += [f"  - {s(item)}" for item in info.services]
    for key in ("description", "address", "website"):
        if getattr(info, key):
            lines.append(f"{key}: {s(getattr(info, key))}")
    if info.phone or info.email:
        lines.append("contact:")
        if info.phone:
            lines.append(f"  phone: {s(info.phone)}")
        if info.email:
            lines.append(f"  email: {s(info.email)}")
    lines += [
        f"recommended_by: {s(info.recommended_by)}",
        "terms: []  # 尚未认定；认定公告发布后运行 make renew ID=" + platform_id,
        f"pending:  # {batch} 年度申报，正在公示；认定后由 make renew 改为 terms 中的一条",
        f"  batch: {batch}",
        f"  publicity: {publicity}",
    ]
    return "\n".join(lines) + "\n"
