"""统一社会信用代码 (GB 32100-2015): structure and check character."""

from __future__ import annotations

import re

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_SHAPE = re.compile(r"^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}$")


def check_character(first17: str) -> str:
    """The 18th character for the given first 17 characters."""
    total = sum(CHARSET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def shape_error(code: str) -> str | None:
    """A Chinese explanation of what is wrong with the code's shape, or None."""
    if len(code) != 18:
        return f"应为 18 位，实际 {len(code)} 位"
    bad = sorted({ch for ch in code if ch not in CHARSET})
    if bad:
        return "含有不允许的字符：" + "、".join(bad)
    if not _SHAPE.match(code):
        return "第 3–8 位应为数字（登记管理机关行政区划码）"
    return None


def is_valid(code: str) -> bool:
    return shape_error(code) is None and check_character(code[:17]) == code[17]
