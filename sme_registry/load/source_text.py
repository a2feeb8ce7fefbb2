"""Reading a source file safely, and the one text grammar every source file follows.

The registry folder is a sandbox: only regular files are read, never through a symbolic
link (even one pointing inside the folder), never a device, FIFO or socket; the size is
checked on the opened descriptor before reading and the read itself is bounded. A file
that cannot be read is a coded problem, never a traceback, and no problem ever quotes
the content of a file that was refused.

Text grammar (docs/data-format.md): UTF-8, an optional BOM, lines ending in LF or CRLF.
A lone CR, U+0085, U+2028 and U+2029 are refused (E114): YAML, Markdown and editors
disagree on whether they end a line, so positions would disagree too. Control
characters other than Tab and the line ends are refused (E115), and so are the Unicode
bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069):
invisible, they reorder how the text around them is displayed, so a published name
could read differently from what the reviewer of the pull request saw ("Trojan Source").
The list of refused characters is sme_registry.problems.characters.REFUSED_CHAR.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from sme_registry.problems import Problem
from sme_registry.problems.characters import BIDI_CONTROLS, REFUSED_CHAR
from sme_registry.problems.codes import make

MAX_FILE_BYTES = 256 * 1024
MAX_TEXT_PROBLEMS = 20  # per file and code: a file full of NULs should not flood the report

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_LINE_BREAK_NAMES = {"\r": "回车符", "\x85": "下一行符", "\u2028": "行分隔符", "\u2029": "段分隔符"}
_LINE_BREAKS = {char: f"{'CR' if char == chr(13) else f'U+{ord(char):04X}'}（{name}）"
                for char, name in _LINE_BREAK_NAMES.items()}
_IS_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


def kind_of(mode: int) -> str | None:
    """None for a regular file, else what the entry is, in words for the message."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "符号链接"
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    return "特殊文件"


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "没有读取权限"
    if exc.errno == errno.EISDIR:
        return "这是一个文件夹"
    name = errno.errorcode.get(exc.errno or 0, "")
    return f"系统错误 {name}".strip()


def open_problem(path: Path, display: str) -> Problem | None:
    """Why `path` may not be read (not a regular file, or unreadable), or None."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return make("E117", display, (1, 1), reason=_reason(exc))
    kind = kind_of(mode)
    return make("E116", display, (1, 1), kind=kind) if kind else None


def read_bytes(path: Path, display: str, limit: int | None = None) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a regular file (never followed through a link), size-checked first
    (at most `limit` bytes: a source text's limit unless a caller, e.g. attachments, says)."""
    limit = MAX_FILE_BYTES if limit is None else limit
    refused = open_problem(path, display)
    if refused:
        return None, [refused]
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # replaced by a link since the lstat
            return None, [make("E116", display, (1, 1), kind="符号链接")]
        return None, [make("E117", display, (1, 1), reason=_reason(exc))]
    try:
        info = os.fstat(fd)
        kind = kind_of(info.st_mode)
        if kind:  # replaced by something else since the lstat: never read it
            return None, [make("E116", display, (1, 1), kind=kind)]
        if info.st_size > limit:
            return None, [make("E102", display, (1, 1), size=info.st_size, limit=limit)]
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, limit + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        return None, [make("E117", display, (1, 1), reason=_reason(exc))]
    finally:
        os.close(fd)
    if total > limit:  # grew while being read
        return None, [make("E102", display, (1, 1), size=total, limit=limit)]
    return b"".join(chunks), []


def read_text(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """Return the file's text (CRLF turned into LF, BOM removed), or None and the
    problems that prevent reading it."""
    raw, problems = read_bytes(path, display)
    if raw is None:
        return None, problems
    return text_of(raw, display)


def text_of(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """`read_text` for bytes already read by `read_bytes`."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        head = raw[: exc.start]
        line = head.count(b"\n") + 1
        col = len(head[head.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return None, [make("E101", display, (line, col), offset=exc.start)]
    text = text.replace("\r\n", "\n")
    problems = text_problems(text, display)
    return (None, problems) if problems else (text, [])


def position(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of `text[index]`, the column counted in characters."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


CONTROL_NAMES = {
    "\x00": "空字符 NUL", "\x07": "响铃符", "\x08": "退格符", "\x0b": "垂直制表符", "\x0c": "换页符",
    "\x1b": "转义符 ESC", "\x7f": "删除符 DEL",
}


def _control_name(char: str) -> str:
    if _IS_BIDI.match(char):
        return "双向文字控制符，会改变文字的显示顺序"
    return CONTROL_NAMES.get(char, "控制字符")


def refused_name(char: str) -> str | None:
    """What a character refused by the text grammar is, in words; None for text. For
    characters that reach a value some other way (an escape, a character reference)."""
    if not REFUSED_CHAR.match(char):
        return None
    return _LINE_BREAK_NAMES.get(char) or _control_name(char)


def text_problems(text: str, display: str) -> list[Problem]:
    """E114 for line breaks other than LF, E115 for control characters, at their position."""
    if not REFUSED_CHAR.search(text):
        return []
    problems: list[Problem] = []
    counts = {"E114": 0, "E115": 0}
    for match in REFUSED_CHAR.finditer(text):
        char = match.group()
        code = "E114" if char in _LINE_BREAKS else "E115"
        counts[code] += 1
        if counts[code] > MAX_TEXT_PROBLEMS:
            continue
        pos = position(text, match.start())
        if code == "E114":
            problems.append(make(code, display, pos, char=_LINE_BREAKS[char]))
        else:
            problems.append(make(code, display, pos, line=pos[0], col=pos[1], char=f"U+{ord(char):04X}",
                                 name=_control_name(char)))
    return problems
