"""“发布后不得更改或重用”: the 索引号 of published notices compared with a base revision.

A pull request is checked against the branch it merges into (its base): every notice that
the base already published (its date on or before TODAY) keeps its 索引号, and no other
notice may take a number the base published. The base is read through git
(`pr_summary.extract_base`); its notices are read header-only, so a base written under an
older schema still counts.

    python -m sme_registry validate --base origin/main
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sme_registry.load.loader import NOTICE_DIR, SLUG
from sme_registry.load.notice_source import parse_header
from sme_registry.load.source_text import read_text
from sme_registry.problems.codes import make
from sme_registry.regulation import dates


@dataclass(frozen=True)
class Published:
    slug: str
    index_no: str
    date: dt.date


class BaseUnreadable(Exception):
    """The base revision could not be read (the message is Chinese)."""


def base_notices(base_root: Path, today: dt.date) -> dict[str, Published]:
    """slug → the base's published notice that carries a 索引号."""
    folder = Path(base_root) / NOTICE_DIR
    found = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.md")):
        if not (SLUG.match(path.stem) and path.is_file() and not path.is_symlink()):
            continue
        text, _ = read_text(path, path.name)
        if text is None:
            continue
        doc = parse_header(text, path.name)[0]
        day, number = dates.parse_iso(doc.data.get("date")), doc.data.get("index_no", "").strip()
        if day is not None and day <= today and number:
            found[path.stem] = Published(path.stem, number, day)
    return found


def problems(registry, published: dict[str, Published], base_name: str) -> list:
    """E707 for a changed or removed 索引号, E708 for a published number on another notice."""
    owner = {p.index_no: p for p in published.values()}
    out = []
    for slug in sorted(registry.notices):
        n = registry.notices[slug]
        before = published.get(slug)
        if before is not None and n.index_no != before.index_no:
            where = n.pos("index_no") if n.index_no else n.pos("date")
            out.append(make("E707", n.path, where, base=base_name, old=before.index_no, new=n.index_no or "（已删除）"))
        other = owner.get(n.index_no)
        if n.index_no and other is not None and other.slug != slug:
            out.append(make("E708", n.path, n.pos("index_no"), value=n.index_no, base=base_name,
                            other=f"{NOTICE_DIR}/{other.slug}.md"))
    return out


def against_base(src: Path, registry, base: str, today: dt.date) -> list:
    """The problems of `registry` (the working tree at `src`) against git revision `base`."""
    from sme_registry.staff.pr_summary import extract_base

    with tempfile.TemporaryDirectory(prefix="sme-base-") as tmp:
        error = extract_base(Path(src), base, Path(tmp))
        if error:
            raise BaseUnreadable(error)
        return problems(registry, base_notices(Path(tmp), today), base)
