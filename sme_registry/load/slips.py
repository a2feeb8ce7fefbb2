"""The slips a clerk makes on a Chinese input method, found before YAML parsing.

libyaml reports a full-width colon one line late as "缺少冒号", reads `[信息服务，技术服务]`
as one item and three spaces before `- 技术服务` as the tail of the previous item, and
rejects a stray NUL at 1:1 in English. This pre-scan walks the lines first and names
the slip at its own line and column, with the corrected line to copy.

Full-width punctuation inside a value (Chinese prose, 聊城市（东昌府区）) is legitimate;
only the places where YAML needs ASCII syntax are checked: the key's colon, the space
after it, the indentation, list markers, the separators inside `[ ]` flow lists and the
quotes delimiting a whole value. Notice headers get the same treatment for their
`key: value` lines, plus their dates and the `platforms:` list.
"""

from __future__ import annotations

import datetime as dt
import re

from sme_registry.load.source_text import MAX_TEXT_PROBLEMS
from sme_registry.load.yaml_strict import ISO_DATE
from sme_registry.problems import Problem
from sme_registry.problems.codes import make

IDEOGRAPHIC_SPACE = "\u3000"
# Characters libyaml refuses (YAML 1.1 §5.1 "printable"), apart from the tab handled elsewhere.
_SUSPECT = re.compile("[：，；、“”‘’（）［］【】｛｝－\u3000:]")  # lines without these need no look
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*|[\u4e00-\u9fff]{2,12})([ \u3000]*)([:：])")
_TAG_OR_ANCHOR = re.compile(r"^(?:[!&]\S*\s*)+")  # reported by the parser; what follows may open a block
_BLOCK_SCALAR = re.compile(r"^[|>][-+0-9]*\s*(#.*)?$")
_SEPARATORS = {"，": "全角逗号", "；": "全角分号", "、": "顿号"}
_BRACKETS = {"［": "全角方括号", "【": "中文方括号", "（": "全角圆括号", "｛": "全角花括号"}
_CLOSING = {"［": "］", "【": "】", "（": "）", "｛": "｝"}
_QUOTES = {"“": "”", "‘": "’"}
_FIX_WIDTH = 60
NOTICE_DATE_KEYS = ("date", "publicity_start", "publicity_end", "written_on")
_LOOSE_DATE = re.compile(
    r"^([0-9０-９]{4})\s*[-/.年－／．]\s*([0-9０-９]{1,2})\s*[-/.月－／．]\s*([0-9０-９]{1,2})\s*日?$")


def _fix(line: str) -> str:
    text = line.rstrip()
    return text if len(text) <= _FIX_WIDTH else text[: _FIX_WIDTH - 1] + "…"


# --------------------------------------------------------------------------- YAML files

MAX_SLIPS_PER_LINE = 5  # more on one line are not analysed further


class _Walk:
    """Line-by-line state: the open indentation levels, block scalars and flow lists."""

    def __init__(self, display: str):
        self.display = display
        self.problems: list[Problem] = []
        self._per_line: dict[int, int] = {}  # slips found on each line
        self._per_code: dict[str, int] = {}
        self.levels = [0]
        self.expect_child: tuple[int, bool] | None = None  # (parent column, parent is a key)
        self.block_parent: int | None = None  # inside `key: |` — lines deeper than this are text
        self.flow_depth = 0
        self.last_entry_line = 0  # the last structural line, to say what to align with
        self.last_was_item = False
        self.check_indent = True

    def add(self, code: str, number: int, col: int, **fields) -> None:
        """Report a slip; at most MAX_TEXT_PROBLEMS of one code per file are listed."""
        self._per_line[number] = self._per_line.get(number, 0) + 1
        self._per_code[code] = self._per_code.get(code, 0) + 1
        if self._per_code[code] <= MAX_TEXT_PROBLEMS:
            self.problems.append(make(code, self.display, (number, col), line=number, **fields))

    def line(self, number: int, raw: str) -> None:
        stripped = raw.strip(" \u3000\t")
        if self.block_parent is not None:
            indent = len(raw) - len(raw.lstrip(" "))
            if not stripped or indent > self.block_parent:
                return
            self.block_parent = None
        if self.flow_depth > 0:
            self.flow_depth = self._flow(number, raw, 0, self.flow_depth)
            return
        if not stripped or stripped.startswith("#") or stripped in ("---", "..."):
            return
        lead = raw[: len(raw) - len(raw.lstrip(" \u3000\t"))]
        if "\t" in lead:
            self.check_indent = False  # E104 reports the tab itself
            return
        if IDEOGRAPHIC_SPACE in lead:
            col = lead.index(IDEOGRAPHIC_SPACE) + 1
            fixed = " " * len(lead) + raw[len(lead):]
            self.add("E152", number, col, where="缩进里", fix=_fix(fixed))
            self.line(number, fixed)  # go on as if fixed, so one slip is reported once
            return
        indent = len(lead)
        content = raw[indent:]
        if not _SUSPECT.search(content) and not content.startswith("-"):
            self._structure(number, raw, indent, content, key_col=None, item=False, opens=False)
            return
        self._classify(number, raw, indent, content)

    # -- one structural line ------------------------------------------------------------

    def _classify(self, number: int, raw: str, indent: int, content: str) -> None:
        if self._per_line.get(number, 0) >= MAX_SLIPS_PER_LINE:
            return  # each fix re-reads the line: a line of a thousand slips must not recurse a thousand deep
        col = indent  # 0-based column of what follows the dash(es)
        item = False
        rest = content
        if rest.startswith("－"):
            fixed = raw[:col] + "- " + rest[1:].lstrip(" \u3000")
            self.add("E156", number, col + 1, fix=_fix(fixed))
            self._classify(number, fixed, indent, fixed[indent:])
            return
        while rest == "-" or rest.startswith(("- ", "-\u3000")):
            item = True
            if rest.startswith("-\u3000"):
                fixed = raw[:col] + "- " + rest[1:].lstrip(" \u3000")
                self.add("E152", number, col + 2, where="列表项的“-”后面", fix=_fix(fixed))
                self._classify(number, fixed, indent, fixed[indent:])
                return
            skip = len(rest) - len(rest[1:].lstrip(" ")) if rest != "-" else 1
            col += skip
            rest = rest[skip:]
        if not rest:  # a bare "-": the item's content follows on the next lines
            self._structure(number, raw, indent, content, key_col=None, item=True, opens=True)
            return
        m = _KEY.match(rest)
        if m and not rest.startswith(("\"", "'")):
            key, gap, colon = m.groups()
            after = rest[m.end():]
            value_col = col + m.end()
            ascii_key = key.isascii()
            if colon == "：":
                if ascii_key or (not item and self._at_level(indent)):
                    fixed = raw[:col] + key + ": " + after.lstrip(" \u3000")
                    self.add("E150", number, col + len(key) + len(gap) + 1, fix=_fix(fixed.rstrip()))
                    self._structure(number, raw, indent, content, key_col=col, item=item, opens=not after.strip())
                    return
            else:
                if after.startswith(IDEOGRAPHIC_SPACE):
                    fixed = raw[:col] + key + ": " + after.lstrip(" \u3000")
                    self.add("E152", number, value_col + 1, where="冒号后面", fix=_fix(fixed))
                    self._classify(number, fixed, indent, fixed[indent:])
                    return
                if after and not after.startswith((" ", "#")) and not (ascii_key and after.startswith("/")):
                    fixed = raw[:col] + key + ": " + after
                    self.add("E151", number, value_col + 1, fix=_fix(fixed))
                    self._classify(number, fixed, indent, fixed[indent:])
                    return
                value = _TAG_OR_ANCHOR.sub("", after.strip(" "))
                opens = not value or value.startswith("#")
                self._structure(number, raw, indent, content, key_col=col, item=item, opens=opens)
                if not opens:
                    self._value(number, raw, value_col + (len(after) - len(after.lstrip(" "))), value)
                return
        self._structure(number, raw, indent, content, key_col=None, item=item, opens=False)
        if item:
            self._value(number, raw, col, rest)

    def _at_level(self, indent: int) -> bool:
        if self.expect_child is not None:
            return indent > self.expect_child[0]
        return indent in self.levels

    def _structure(self, number, raw, indent, content, *, key_col, item, opens) -> None:
        """Check the indentation of a structural line against the open levels."""
        structural = item or key_col is not None
        if self.check_indent:
            placed = False
            if self.expect_child is not None:
                parent, parent_is_key = self.expect_child
                if indent > parent or (indent == parent and item and parent_is_key):
                    self.levels.append(indent)
                    placed = True
            if not placed:
                if indent in self.levels:
                    while self.levels[-1] > indent:
                        self.levels.pop()
                elif indent > self.levels[-1]:
                    if not structural or (item and key_col is None and not self.last_was_item):
                        return  # the continuation of a plain multi-line value
                    self._indent(number, raw, indent, self.levels[-1])
                    indent = self.levels[-1]
                else:
                    expected = min(self.levels, key=lambda lv: (abs(lv - indent), -lv))
                    self._indent(number, raw, indent, expected)
                    while self.levels[-1] > expected:
                        self.levels.pop()
                    indent = expected
        self.expect_child = None
        if item and key_col is not None and key_col > indent:
            self.levels.append(key_col)
        if opens:
            self.expect_child = (key_col if key_col is not None else indent, key_col is not None)
        self.last_entry_line = number
        self.last_was_item = item

    def _indent(self, number: int, raw: str, actual: int, expected: int) -> None:
        align = f"，与第 {self.last_entry_line} 行对齐" if self.last_entry_line else ""
        self.add("E157", number, actual + 1, actual=actual, expected=expected, column=expected + 1, align=align,
                 fix=_fix(" " * expected + raw.lstrip(" ")))

    # -- values ---------------------------------------------------------------------------

    def _value(self, number: int, raw: str, col: int, value: str) -> None:
        """`col` is the 0-based column where `value` starts in `raw`."""
        if _BLOCK_SCALAR.match(value):
            self.block_parent = len(raw) - len(raw.lstrip(" "))
            return
        head = value[0]
        if head in "[{":
            self.flow_depth = self._flow(number, raw, col, 0)
            return
        body = _strip_comment(value)
        if head in _BRACKETS and body.endswith(_CLOSING[head]) and (
                head != "（" or any(sep in body for sep in (",", *_SEPARATORS))):
            inner = body[1:-1]
            for sep in _SEPARATORS:
                inner = inner.replace(sep, ",")
            items = ", ".join(part.strip(" \u3000") for part in inner.split(","))
            self.add("E155", number, col + 1, name=_BRACKETS[head], char=head + _CLOSING[head],
                     fix=_fix(raw[:col] + "[" + items + "]"))
            return
        if head in _QUOTES and body.endswith(_QUOTES[head]) and len(body) > 1 \
                and head not in body[1:-1] and _QUOTES[head] not in body[1:-1]:
            self.add("E154", number, col + 1, char=head + "…" + _QUOTES[head],
                     fix=_fix(raw[:col] + '"' + body[1:-1] + '"'))
            return
        if head == '"' and '"' not in body[1:].replace('\\"', "") and "”" in body:
            self.add("E154", number, col + 1 + body.rindex("”"), char="”",
                     fix=_fix(raw[:col] + '"' + body[1:].replace("”", '"')))
            return
        if head in _QUOTES and body.endswith('"'):
            self.add("E154", number, col + 1, char=head, fix=_fix(raw[:col] + '"' + body[1:]))

    def _flow(self, number: int, raw: str, start: int, depth: int) -> int:
        """Scan a flow list from `start`; report full-width separators; return the open depth."""
        quote = ""
        fixed = list(raw)
        found = []
        for i in range(start, len(raw)):
            ch = raw[i]
            if quote:
                if ch == quote:
                    quote = ""
                continue
            if ch in "\"'":
                quote = ch
            elif ch in "[{":
                depth += 1
            elif ch in "]}":
                depth -= 1
                if depth <= 0:
                    break
            elif ch == "#" and i > 0 and raw[i - 1] == " ":
                break
            elif ch in _SEPARATORS and depth > 0:
                found.append((i, ch))
                fixed[i] = ", "
                if i + 1 < len(raw) and raw[i + 1] in " \u3000":
                    fixed[i + 1] = ""
        for i, ch in found:
            self.add("E153", number, i + 1, name=_SEPARATORS[ch], char=ch, fix=_fix("".join(fixed)))
        return max(depth, 0)


def _strip_comment(value: str) -> str:
    """The value without a trailing ` # comment` (outside quotes, roughly)."""
    quote = ""
    for i, ch in enumerate(value):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'" and i == 0:
            quote = ch
        elif ch == "#" and i > 0 and value[i - 1] in " \t":
            return value[:i].rstrip()
    return value.rstrip()


# The common lines (`  key: value`, `  - 信息服务`) with nothing to look at take a fast path.
_FAST_KEY = re.compile(r"( *)(- +)?([A-Za-z_][A-Za-z0-9_]*|[\u4e00-\u9fff]{2,12}):(?: +(.*))?")
_FAST_ITEM = re.compile(r"( *)- +(?:[^\s|>\[{!&*\"'#:－“‘［【（｛][^:]*|\{[^{}\[\]\"'，；、#]*\})")
_SPECIAL_VALUE = tuple("|>[{!&*\"'“‘［【（｛\u3000")
_PLAIN_FLOW = re.compile(r"[\[{][^{}\[\]\"'，；、#]*[\]}]")  # one-line flow list, nothing to look at


def scan_yaml(text: str, display: str) -> list[Problem]:
    """Slips in a YAML file (platform, site, divisions, calendar). Empty when none."""
    walk = _Walk(display)
    for number, raw in enumerate(text.split("\n"), start=1):
        if walk.block_parent is None and not walk.flow_depth:
            m = _FAST_KEY.fullmatch(raw)
            if m and (not (m.group(4) or "").startswith(_SPECIAL_VALUE) or _PLAIN_FLOW.fullmatch(m.group(4))):
                indent, dash, value = len(m.group(1)), m.group(2), m.group(4)
                walk._structure(number, raw, indent, None, key_col=indent + len(dash or ""), item=dash is not None,
                                opens=not value or value.startswith("#"))
                continue
            m = _FAST_ITEM.fullmatch(raw)
            if m:
                walk._structure(number, raw, len(m.group(1)), None, key_col=None, item=True, opens=False)
                continue
        walk.line(number, raw)
    return walk.problems


# --------------------------------------------------------------------------- notice headers

_HEADER_KEY = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)([ \u3000]*)([:：])([ \u3000]*)(.*)$")


def _iso(value: str) -> str | None:
    m = _LOOSE_DATE.match(value.strip())
    if not m:
        return None
    year, month, day = (int(part.translate(_FULLWIDTH_DIGITS)) for part in m.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:  # no such day: do not offer it as the fix
        return None


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def scan_notice(text: str, display: str) -> list[Problem]:
    """Slips in a notice's header lines (up to the first blank line)."""
    lines = text.split("\n")
    header_end = next((i for i, line in enumerate(lines) if not line.strip(" \u3000\t")), len(lines))
    problems: list[Problem] = []
    for number, raw in enumerate(lines[:header_end], start=1):
        if raw.startswith(IDEOGRAPHIC_SPACE):
            problems.append(make("E152", display, (number, 1), line=number, where="行首",
                                 fix=_fix(raw.lstrip(" \u3000"))))
            continue
        m = _HEADER_KEY.match(raw)
        if not m:
            continue
        key, gap, colon, space, value = m.groups()
        if colon == "：":
            problems.append(make("E150", display, (number, len(key) + len(gap) + 1), line=number,
                                 fix=_fix(f"{key}: {value}")))
            continue
        value_col = m.start(5) + 1
        value = value.rstrip()
        if key in NOTICE_DATE_KEYS and value and not ISO_DATE.match(value):
            iso = _iso(value)
            fix = f"{key}: {iso}" if iso else f"{key}: YYYY-MM-DD"
            problems.append(make("E159", display, (number, value_col), line=number, value=value, fix=fix))
        elif key == "platforms":
            seps = [(i, ch) for i, ch in enumerate(value) if ch in _SEPARATORS or ch == IDEOGRAPHIC_SPACE]
            if seps:
                i, ch = seps[0]
                parts = re.split("[,，；、\u3000 ]+", value)
                name = _SEPARATORS.get(ch, "全角空格")
                problems.append(make("E160", display, (number, value_col + i), line=number, name=name, char=ch,
                                     fix=_fix("platforms: " + ", ".join(p for p in parts if p))))
    return problems


def pre_scan(text: str, display: str, problems: list, kind: str = "yaml") -> bool:
    """The loader's hook: append the slips to `problems`; True when there were any (then
    the file is not parsed further — its other problems show once the slips are fixed)."""
    found = scan_notice(text, display) if kind == "notice" else scan_yaml(text, display)
    problems.extend(found)
    return bool(found)
