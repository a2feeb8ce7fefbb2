"""Validation as one call: load, check, and a report that formatters render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sme_registry.load.loader import load_registry
from sme_registry.problems import Problem, sort_problems
from sme_registry.validate import rules


@dataclass
class Report:
    problems: list[Problem]
    platform_count: int
    notice_count: int
    today: dt.date

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def exit_code(self, strict: bool = False) -> int:
        return 1 if self.errors or (strict and self.warnings) else 0


def validate(root: Path, today: dt.date, loads=None, derived=None):
    """Return (registry, report). The registry is usable only when the report has no errors.
    A build passes what it kept from the previous build: `loads` (load_memo.LoadMemo) and
    `derived` (derived.Derived, bound here to this registry and day)."""
    registry, problems = load_registry(Path(root), loads)
    if derived is not None:
        derived.bind(registry, today)
    problems += rules.check(registry, today, derived)
    report = Report(
        problems=sort_problems(problems),
        platform_count=len(registry.platform_files),
        notice_count=len(registry.notice_files),
        today=today,
    )
    return registry, report
