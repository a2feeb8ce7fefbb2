"""Several files written and validated as one change; restored when it adds an error."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sme_registry.staff.errors import ScaffoldError
from sme_registry.validate.report import validate


@dataclass
class Outcome:
    written: list[str]
    problems: list  # problems in the touched files after the change
    report: object
    rolled_back: bool = False
    notes: list[str] = field(default_factory=list)


class ChangeSet:
    """Files to write (path relative to root → new text), applied and validated together."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.files: dict[str, str] = {}
        self.labels: dict[str, str] = {}

    def put(self, relpath: str, text: str, label: str = "", *, first: bool = False) -> None:
        """Stage `text` for `relpath`; `first` lists it before the files staged so far."""
        if first:
            self.files = {relpath: text, **{k: v for k, v in self.files.items() if k != relpath}}
        else:
            self.files[relpath] = text
        if label:
            self.labels[relpath] = label

    def text(self, relpath: str) -> str:
        """The staged text of `relpath`, else the file's current text."""
        if relpath in self.files:
            return self.files[relpath]
        return (self.root / relpath).read_text(encoding="utf-8")

    def apply(self, today: dt.date, allowed: frozenset[str] = frozenset()) -> Outcome:
        """Write, validate, and restore every file when a touched file gains an error —
        except errors with a code in `allowed` (a step a later command completes)."""
        _, before = validate(self.root, today)
        old_errors = {(p.path, p.code) for p in before.errors if p.path in self.files}
        originals: dict[str, str | None] = {}
        try:
            for rel, text in self.files.items():
                path = self.root / rel
                originals[rel] = path.read_text(encoding="utf-8") if path.exists() else None
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        except OSError as exc:
            self._restore(originals)
            raise ScaffoldError(f"无法写入 {rel}（{exc.strerror or exc}），已恢复原状，没有写入任何文件。") from None
        _, report = validate(self.root, today)
        touched = [p for p in report.problems if p.path in self.files]
        new_errors = [p for p in touched if p.is_error and (p.path, p.code) not in old_errors
                      and p.code not in allowed]
        outcome = Outcome(written=list(self.files), problems=touched, report=report)
        if new_errors:
            self._restore(originals)
            outcome.rolled_back = True
        return outcome

    def _restore(self, originals: dict[str, str | None]) -> None:
        for rel, text in originals.items():
            path = self.root / rel
            if text is None:
                path.unlink(missing_ok=True)
            else:
                path.write_text(text, encoding="utf-8")
