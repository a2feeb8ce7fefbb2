"""E732: a hand-typed Markdown table in a notice body that lists platforms (its header names
平台名称) must name the same platforms, in the same order, as `platforms:`.

序号 and 平台名称 are compared. The other columns (运营单位, 县, 类别, 测评等级 …) are a dated
record of the day the notice was published: the data may change later (a platform moves to
another 县) without making an old notice wrong.
"""

from __future__ import annotations

import re

from sme_registry.derive.notice_lists import SEQ, rows
from sme_registry.problems.codes import make

_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
# Matched against the stripped line, possessively: `\s*\|?\s*` on a line of 100,000 tabs
# used to backtrack for minutes.
_SEPARATOR = re.compile(r"\|?+\s*+:?-{3,}+:?\s*+(?:\|\s*+:?-{3,}+:?\s*+)*+\|?+")
_NAME = "平台名称"


def cells(line: str) -> list[tuple[str, int]]:
    """(text, 1-based column) of each cell of a `| a | b |` row (`\\|` is a literal bar)."""
    match = _ROW.match(line)
    inner, start = match.group(1), match.start(1)
    found, current, begin, i = [], "", start, 0
    while i < len(inner):
        char = inner[i]
        if char == "\\" and i + 1 < len(inner) and inner[i + 1] == "|":
            current += "|"
            i += 2
            continue
        if char == "|":
            found.append((current, begin))
            current, begin = "", start + i + 1
        else:
            current += char
        i += 1
    found.append((current, begin))
    return [(text.strip(), col + 1 + (len(text) - len(text.lstrip()))) for text, col in found]


def tables(body: str):
    """(header line index, header cells, [(line index, cells)]) of each table naming 平台名称."""
    lines = body.split("\n")
    i = 0
    while i + 1 < len(lines):
        if _ROW.match(lines[i]) and _SEPARATOR.fullmatch(lines[i + 1].strip()):
            head = [t for t, _ in cells(lines[i])]
            body_rows = []
            j = i + 2
            while j < len(lines) and _ROW.match(lines[j]):
                body_rows.append((j, cells(lines[j])))
                j += 1
            if _NAME in head:
                yield i, head, body_rows
            i = j
        else:
            i += 1


def check(registry, today):
    for slug in sorted(registry.notices):
        n = registry.notices[slug]
        if any(pid not in registry.platforms for pid in n.platforms):
            continue  # E403 names the unknown id
        expected = rows(registry, n)
        for head_index, head, body_rows in tables(n.body):
            problem = _first_difference(n, head, head_index, body_rows, expected)
            if problem:
                yield problem
                break


def _first_difference(n, head, head_index, body_rows, expected):
    for k, (index, row) in enumerate(body_rows):
        line = n.body_line + index
        if k >= len(expected):
            return make("E732", n.path, (line, 1), detail=f"表格第 {k + 1} 行多出来了：platforms 只列出 {len(expected)} 个平台")
        want = expected[k]
        for c, title in enumerate(head[:len(row)]):
            text, col = row[c]
            if title == SEQ and text != str(want["seq"]):
                return make("E732", n.path, (line, col), detail=f"第 {k + 1} 行的序号是“{text}”，应为 {want['seq']}")
            if title == _NAME and text != want["name"]:
                return make("E732", n.path, (line, col),
                            detail=f"第 {k + 1} 行的{title}是“{text}”，platforms 第 {k + 1} 个平台（{want['id']}）的{title}是“{want['name']}”")
    if len(body_rows) < len(expected):
        missing = expected[len(body_rows)]
        return make("E732", n.path, (n.body_line + head_index, 1),
                    detail=f"表格只有 {len(body_rows)} 行，platforms 列出 {len(expected)} 个平台（缺少 {missing['id']} {missing['name']}）")
    return None
