"""Problems are data: every check yields them, formatters render them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity = Severity.ERROR
    article: str = ""

    def text(self) -> str:
        suffix = f"（{self.article}）" if self.article else ""
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}{suffix}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def sort_problems(problems) -> list[Problem]:
    """Stable, natural order: by file, then position, then code."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.col, p.code, p.message))
