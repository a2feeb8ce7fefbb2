"""The one "did you mean" helper: the closest known value to a mistyped one."""

from __future__ import annotations

import difflib

CUTOFF = 0.6


def closest(value: str, candidates) -> str | None:
    """The candidate most like `value` (difflib ratio ≥ 0.6), or None."""
    close = difflib.get_close_matches(str(value), sorted(candidates), n=1, cutoff=CUTOFF)
    return close[0] if close else None


def did_you_mean(value: str, candidates) -> str:
    """"，是否应为“…”？" to append to a message, or "" when nothing is close."""
    match = closest(value, candidates)
    return f"，是否应为“{match}”？" if match else ""
