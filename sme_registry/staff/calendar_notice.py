"""`make calendar FILE=通知.txt`: the State Council's holiday notice → data/calendar/<year>.yaml.

Reads the text of 《国务院办公厅关于 YYYY 年部分节假日安排的通知》 as saved from the
government site, parses every 放假 / 调休 / 补休 / 上班 sentence, cross-checks what the notice
states about itself (共N天, the weekday in brackets, 上班 only on weekends), prints the year as
a month grid and writes the file. A sentence it cannot parse completely is a coded problem at
its line and column, and nothing is written: it never guesses.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sme_registry.problems.codes import make

MAX_BYTES = 64 * 1024
TITLE = re.compile(r"^国务院办公厅关于\s*(\d{4})\s*年部分节假日安排的通知$")
NUMBER = re.compile(r"^国办发(?:明电)?\s*[〔\[［(]\s*\d{4}\s*[〕\]］)]\s*\d+\s*号$")
SIGNED = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
ITEM = re.compile(r"^([一二三四五六七八九十]+)、([^:]{1,30}):(.*)$")
DATE = re.compile(r"\s*(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日\s*(?:\(([^()]*)\))?\s*")
DATE_WORD = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日")
ARRANGEMENT_WORD = re.compile(r"放假|调休|补休|上班")
WEEKDAY = re.compile(r"^(?:周|星期)([一二三四五六日天])$")
WEEKDAY_NAMES = "一二三四五六日"


@dataclass
class Parsed:
    year: int | None = None
    title: str = ""
    number: str = ""
    signed: dt.date | None = None
    holidays: dict = field(default_factory=dict)  # date → holiday name
    workdays: dict = field(default_factory=dict)  # date → holiday name
    outside: list = field(default_factory=list)  # dates of another year the notice names
    problems: list = field(default_factory=list)


def _fold(text: str) -> str:
    """Full-width forms folded one character at a time, so columns stay where they were."""
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch)
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


def decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None  # pragma: no cover - gb18030 decodes nearly anything


def parse(text: str, display: str) -> Parsed:
    result = Parsed()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    folded = [_fold(line) for line in lines]

    def problem(code: str, line: int, col: int, **fields) -> None:
        result.problems.append(make(code, display, (line + 1, col + 1), **fields))

    filled = [i for i, line in enumerate(folded) if line.strip()]
    if not filled:
        problem("E620", 0, 0, detail="文件是空的")
        return result
    first = filled[0]
    title = re.sub(r"\s+", "", folded[first])
    match = TITLE.match(title)
    if not match:
        problem("E620", first, 0, detail=f"第一行应为《国务院办公厅关于 YYYY 年部分节假日安排的通知》的标题，实际为“{lines[first].strip()[:40]}”")
        return result
    result.year, result.title = int(match.group(1)), lines[first].strip()
    signed_line = None
    for i in reversed(filled):
        found = SIGNED.match(re.sub(r"\s+", "", folded[i]))
        if found:
            try:
                result.signed = dt.date(*(int(g) for g in found.groups()))
                signed_line = i
            except ValueError:
                problem("E622", i, 0, text=lines[i].strip(), year=found.group(1))
            break
    if signed_line is None and not result.problems:
        problem("E625", filled[-1], 0)
    last_item_line, current = -2, ""
    for i in filled[1:]:
        line = folded[i]
        if i == signed_line:
            continue
        if NUMBER.match(re.sub(r"\s+", "", line)) and not result.number:
            result.number = lines[i].strip()
            continue
        item = ITEM.match(line.strip())
        offset = len(line) - len(line.lstrip())
        if item:
            current = item.group(2).strip()
            _item(result, i, offset + item.start(3), current, item.group(3), problem)
            last_item_line = i
        elif last_item_line == i - 1 and DATE_WORD.search(line) and ARRANGEMENT_WORD.search(line):
            # An item's paragraph wrapped onto the next line by the clerk's editor: same item.
            _item(result, i, offset, current, line.strip(), problem)
            last_item_line = i
        elif DATE_WORD.search(line) and ARRANGEMENT_WORD.search(line):
            col = DATE_WORD.search(line).start()
            problem("E621", i, col, text=lines[i].strip()[:60])
    if not result.problems and not result.holidays:
        problem("E628", first, 0)
    if not result.problems:
        _cross_check(result, problem, first)
    return result


def _split(text: str, seps: str, start: int):
    """Pieces of `text` split at any of `seps` outside brackets, with their offsets."""
    depth, piece_start = 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch in seps and depth == 0:
            yield start + piece_start, text[piece_start:i]
            piece_start = i + 1
    yield start + piece_start, text[piece_start:]


def _item(result: Parsed, line: int, start: int, name: str, body: str, problem) -> None:
    days_before = len(result.holidays) + len(result.workdays)
    for s_start, sentence in _split(body, "。", start):
        if not sentence.strip():
            continue
        last_range = None
        for c_start, clause in _split(sentence, ",;", s_start):
            stripped = clause.strip()
            col = c_start + (len(clause) - len(clause.lstrip()))
            if not stripped:
                problem("E621", line, col, text=sentence.strip())
                return
            outcome = _clause(result, line, col, stripped, name, last_range, problem)
            if outcome is False:
                return
            if isinstance(outcome, list):
                last_range = outcome
    if len(result.holidays) + len(result.workdays) == days_before:
        problem("E621", line, start, text=body.strip()[:60])


def _clause(result, line, col, clause, name, last_range, problem):
    """Apply one clause. Returns the off-day list of a 放假 clause, True, or False on a problem."""
    tokens, seps, i = [], [], 0
    while True:
        m = DATE.match(clause, i)
        if not m or m.end() == i:
            break
        tokens.append(m)
        i = m.end()
        if i < len(clause) and clause[i] in "至、":
            seps.append(clause[i])
            i += 1
            continue
        break
    tail = clause[i:].strip()
    if not tokens:
        count = re.fullmatch(r"共\s*(\d+)\s*天", tail)
        if count and last_range is not None:
            return _count(last_range, int(count.group(1)), clause, line, col, problem)
        if tail in ("与周末连休", "不调休") and last_range is not None:
            return True
        problem("E621", line, col, text=clause)
        return False
    if seps and seps[-1] in "至、" and len(seps) == len(tokens):
        problem("E621", line, col, text=clause)
        return False
    days = _dates(result, tokens, line, col, clause, problem)
    if days is None:
        return False
    off = re.fullmatch(r"放假(?:调休)?(?:\s*(\d+)\s*天)?", tail)
    if off and (seps == [] or seps == ["至"]):
        if seps == ["至"]:
            first, last = days
            if last < first:
                problem("E621", line, col, text=clause)
                return False
            days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
        if off.group(1) and _count(days, int(off.group(1)), clause, line, col, problem) is False:
            return False
        _add(result, result.holidays, days, name)
        return days
    if tail in ("上班", "补休") and all(s == "、" for s in seps):
        _add(result, result.workdays if tail == "上班" else result.holidays, days, name)
        return True
    problem("E621", line, col, text=clause)
    return False


def _count(days, stated, clause, line, col, problem):
    if len(days) != stated:
        problem("E623", line, col, text=clause, actual=len(days), stated=stated)
        return False
    return True


def _dates(result, tokens, line, col, clause, problem):
    out, month, year = [], None, result.year
    for m in tokens:
        year = int(m.group(1)) if m.group(1) else year
        month = int(m.group(2)) if m.group(2) else month
        if month is None:
            problem("E621", line, col + m.start(), text=clause)
            return None
        try:
            day = dt.date(year, month, int(m.group(3)))
        except ValueError:
            problem("E622", line, col + m.start(), text=m.group(0).strip(), year=year)
            return None
        if m.group(4) is not None:
            for part in m.group(4).split("、"):
                part = part.strip()
                weekday = WEEKDAY.match(part)
                if weekday:
                    stated = WEEKDAY_NAMES.index(weekday.group(1).replace("天", "日"))
                    if stated != day.weekday():
                        problem("E624", line, col + m.start(), text=m.group(0).strip(), stated=part, date=day,
                                actual="星期" + WEEKDAY_NAMES[day.weekday()])
                        return None
                elif not part.startswith("农历") or len(part) > 12:
                    problem("E621", line, col + m.start(), text=clause)
                    return None
        out.append(day)
    return out


def _add(result: Parsed, target: dict, days, name: str) -> None:
    for day in days:
        if day.year != result.year:
            result.outside.append(day)
        else:
            target.setdefault(day, name)


def _cross_check(result: Parsed, problem, line: int) -> None:
    for day in sorted(set(result.holidays) & set(result.workdays)):
        problem("E626", line, 0, date=day, detail="同一天不能既放假又上班")
    for day in sorted(result.workdays):
        if day.weekday() < 5:
            problem("E626", line, 0, date=day, detail=f"星期{WEEKDAY_NAMES[day.weekday()]}本来就是工作日")


# --------------------------------------------------------------------------- output


def render_yaml(result: Parsed) -> str:
    from sme_registry.staff.yaml_text import yaml_scalar

    lines = [
        "# yaml-language-server: $schema=../../schema/calendar.schema.json",
        "# 由 make calendar 根据国务院办公厅通知生成；请与通知原文逐日核对。",
        f"year: {result.year}",
        "source:",
        f"  title: {yaml_scalar(result.title)}",
    ]
    if result.number:
        lines.append(f"  number: {yaml_scalar(result.number)}")
    lines.append(f"  date: {result.signed.isoformat()}")
    lines.append("holidays:  # 放假日（含周末与调休放假）")
    lines += [f"  - {day.isoformat()}  # {name}" for day, name in sorted(result.holidays.items())]
    if result.workdays:
        lines.append("workdays:  # 调休上班的周末")
        lines += [f"  - {day.isoformat()}  # {name}调休上班" for day, name in sorted(result.workdays.items())]
    else:
        lines.append("workdays: []")
    return "\n".join(lines) + "\n"


def month_grid(result: Parsed) -> str:
    """The year as 12 month grids, three across: 休 = 放假, 班 = 调休上班."""
    blocks = []
    for month in range(1, 13):
        rows = [f"{result.year}年{month}月".center(26 - 4), " 一  二  三  四  五  六  日 "]
        for week in calendar.Calendar().monthdatescalendar(result.year, month):
            cells = []
            for day in week:
                if day.month != month:
                    cells.append("    ")
                    continue
                mark = "休" if day in result.holidays else ("班" if day in result.workdays else "  ")
                cells.append(f"{day.day:>2}{mark}")
            rows.append("".join(cells))
        blocks.append(rows)
    out = []
    for start in range(0, 12, 3):
        trio = blocks[start:start + 3]
        height = max(len(b) for b in trio)
        for r in range(height):
            out.append("    ".join(_pad(b[r] if r < len(b) else "") for b in trio).rstrip())
        out.append("")
    out.append("图例：休 = 放假（含周末和调休放假），班 = 调休上班（周末上班）。")
    return "\n".join(out)


def _pad(text: str, width: int = 28) -> str:
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - shown, 0)


def main(argv: list[str] | None = None) -> int:
    from sme_registry.cli_text import ChineseArgumentParser

    parser = ChineseArgumentParser(prog="python -m sme_registry calendar",
                                   description="由国务院办公厅节假日安排通知生成 data/calendar/<年份>.yaml"
                                               "（make calendar FILE=通知.txt [FORCE=1]）")
    parser.add_argument("file", help="通知全文（从政府网复制保存的 .txt，UTF-8 或 GB18030）")
    parser.add_argument("--src", default=".", help="名录所在目录，默认当前目录")
    parser.add_argument("--force", action="store_true", help="覆盖已存在且内容不同的年份文件")
    args = parser.parse_args(argv)
    path, root = Path(args.file), Path(args.src)
    display = args.file
    if not path.is_file():
        print(f"用法错误：找不到通知文件 {display}", file=sys.stderr)
        return 2
    data = path.open("rb").read(MAX_BYTES + 1)
    text = decode(data) if len(data) <= MAX_BYTES else None
    if text is None:
        print(make("E620", display, (1, 1), detail=f"文件超过 {MAX_BYTES} 字节或无法识别编码；请只保存通知全文").text(),
              file=sys.stderr)
        return 1
    result = parse(text, display)
    if result.problems:
        for p in result.problems:
            print(p.text(), file=sys.stderr)
        print("没有写入任何文件：通知中有无法确认的内容（见上）。请与政府网原文核对后重试；不会猜测。", file=sys.stderr)
        return 1
    target = root / "data" / "calendar" / f"{result.year}.yaml"
    rel = f"data/calendar/{result.year}.yaml"
    new = render_yaml(result)
    print(month_grid(result))
    print(f"共 {len(result.holidays)} 天放假、{len(result.workdays)} 天调休上班（{result.title}，{result.signed}）。")
    if result.outside:
        print("注意：通知还提到其他年份的日期（" + "、".join(d.isoformat() for d in sorted(result.outside))
              + "），它们属于那一年的安排，未写入本文件。")
    if target.is_file():
        old = target.read_text(encoding="utf-8", errors="replace")
        if old == new:
            print(f"{rel} 已是这份通知的内容，无需修改。")
            return 0
        if not args.force:
            print(make("E627", display, (1, 1), path=rel).text(), file=sys.stderr)
            return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(new, encoding="utf-8")
    print(f"已写入 {rel}。请对照上面的月历与通知原文逐日核对，然后 make validate 并提交合并请求。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
