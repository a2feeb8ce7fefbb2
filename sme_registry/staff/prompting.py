"""The interactive questions: every answer is checked when it is typed.

A question is skipped when its flag was given (or its answer is in a resumed draft);
`--yes` never asks and lists every missing flag at once. A wrong answer is asked again
with the problem; an answer that is almost right (a missing `https://`) is offered in its
corrected form for the clerk to confirm. Typed answers are kept in `answers` so that a
command that fails later can save them as a draft (`sme_registry.staff.drafts`).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable

from sme_registry.staff.answers import Proposal, check_choice
from sme_registry.staff.errors import InputError


def _as_text(value) -> str:
    """An answer as it can be typed again (and parsed again) when a draft is resumed."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


class Prompter:
    """Asks for a value unless its flag was given; in `--yes` mode it never asks."""

    def __init__(self, interactive: bool, out=None, resumed: dict[str, str] | None = None):
        self.interactive = interactive
        self.out = out or sys.stdout
        self.missing: list[tuple[str, str]] = []
        self.resumed = dict(resumed or {})
        self.answers: dict[str, str] = {}  # flag → answer, typed or taken from a draft
        self.typed = False

    def say(self, text: str = "") -> None:
        print(text, file=self.out)

    def ask(self, value, flag: str, label: str, *, default=None, choices=None,
            parse: Callable | None = None, required: bool = True, hint: str = ""):
        if parse is None:
            parse = (lambda v: check_choice(v, choices, label)) if choices else (lambda v: v.strip())
        if value is None and flag in self.resumed:
            raw = str(self.resumed.pop(flag)).strip()
            if not raw and not required:
                self.answers[flag] = ""
                return None
            try:
                return self._keep(flag, parse(raw))
            except InputError as exc:
                if not self.interactive:
                    raise InputError(f"草稿中的 {flag}：{exc}") from None
                self.say(f"  草稿中的“{label}”有问题：{exc}，请重新填写。")
        if value is not None:
            try:
                return parse(str(value))
            except Proposal as exc:
                raise InputError(f"{flag}：{exc}，是否应为“{_as_text(exc.value)}”？") from None
            except InputError as exc:
                raise InputError(f"{flag}：{exc}") from None
        if not self.interactive:
            if default is not None:
                return default
            if required:
                self.missing.append((flag, label))
            return None
        if choices:
            self.say(f"{label}可选：" + "  ".join(f"{i}) {c}" for i, c in enumerate(choices, start=1)))
        if hint:
            self.say(f"  {hint}")
        suffix = f"［默认：{_as_text(default)}］" if default not in (None, "") else ("" if required else "（可留空）")
        while True:
            try:
                answer = input(f"{label}{suffix}：").strip()
            except EOFError:
                raise InputError(f"输入已结束，仍缺少“{label}”（可改用参数 {flag}）") from None
            self.typed = True
            if not answer:
                if default is not None:
                    return self._keep(flag, default)
                if not required:
                    self.answers[flag] = ""  # answered: left empty on purpose
                    return None
                self.say(f"  “{label}”不能为空。")
                continue
            try:
                result = parse(answer)
            except Proposal as exc:
                if self.confirm(None, f"  {exc}，是否改为“{_as_text(exc.value)}”？"):
                    return self._keep(flag, exc.value)
                continue
            except InputError as exc:
                self.say(f"  {exc}")
                continue
            if isinstance(result, str) and result != answer:
                self.say(f"  → {result}")
            return self._keep(flag, result)

    def _keep(self, flag: str, value):
        self.answers[flag] = _as_text(value)
        return value

    def confirm(self, flag_value: bool | None, label: str, default: bool = True) -> bool:
        if flag_value is not None or not self.interactive:
            return default if flag_value is None else flag_value
        mark = "Y/n" if default else "y/N"
        try:
            answer = input(f"{label}［{mark}］：").strip().lower()
        except EOFError:
            return default
        self.typed = True
        return default if not answer else answer in ("y", "yes", "是", "好", "对")

    def finish(self) -> None:
        """Fail once, listing every missing flag, when running without questions."""
        if self.missing:
            listed = "\n".join(f"  {flag}  {label}" for flag, label in self.missing)
            raise InputError(f"缺少必填参数（使用了 --yes，不会逐项询问）：\n{listed}")
