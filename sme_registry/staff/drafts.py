"""Drafts: the answers of a staff command that failed, kept so that `--resume` continues.

A draft is a small YAML file in `.drafts/` of the registry folder (git-ignored), named
after the command and the time it was saved. It holds only what was answered, flag by
flag, as text; resuming feeds each answer back through the same checks as typing it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from sme_registry.staff.errors import InputError

DRAFT_DIR = ".drafts"
MAX_DRAFT_BYTES = 64 * 1024


def save(root: Path, command: str, answers: dict[str, str], now: dt.datetime | None = None) -> Path:
    """Write the answers; return the draft's path (relative to `root` when possible)."""
    now = now or dt.datetime.now()
    folder = Path(root) / DRAFT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{command}-{now:%Y%m%d-%H%M%S}.yaml"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{command}-{now:%Y%m%d-%H%M%S}-{n}.yaml"
    head = (f"# make {command} 未完成时保存的回答（草稿）。可以直接修改下面的值，然后运行：\n"
            f"#   make {command} ARGS=\"--resume {DRAFT_DIR}/{path.name}\"\n")
    body = yaml.safe_dump({"command": command, "answers": dict(answers)}, allow_unicode=True, sort_keys=False)
    path.write_text(head + body, encoding="utf-8")
    return path


def load(path: Path, command: str) -> dict[str, str]:
    """The answers of a draft written by `save` for `command`."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError:
        raise InputError(f"找不到草稿文件 {path}") from None
    if len(raw) > MAX_DRAFT_BYTES:
        raise InputError(f"草稿文件 {path} 过大，不像是命令保存的草稿")
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError):
        raise InputError(f"草稿文件 {path} 无法读取（不是命令保存的 YAML 草稿）") from None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise InputError(f"草稿文件 {path} 的格式不对：应有 command 和 answers 两项")
    if data.get("command") != command:
        raise InputError(f"草稿文件 {path} 是 make {data.get('command')} 的草稿，不能用于 make {command}")
    return {str(flag): "" if value is None else str(value) for flag, value in data["answers"].items()}
