"""The measures' text as structured data: chapters, articles with stable anchors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The measures have three attachment forms; each has its own page template
# (theme/templates/attachment-N.html), so a text listing more is refused (E125).
ATTACHMENT_PAGES = 3
_CHAPTER = re.compile(r"^\s*(第[一二三四五六七八九十]+章)\s*(.+)$")
_ARTICLE = re.compile(r"^\s*(第[一二三四五六七八九十百]+条)\s*(.*)$")


@dataclass
class Article:
    anchor: str  # e.g. 第十三条 — the page's id, so links read policy/measures.html#第十三条
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Chapter:
    title: str
    articles: list[Article] = field(default_factory=list)


@dataclass
class Measures:
    title: str
    chapters: list[Chapter]
    attachments: list[str]


def parse_measures(text: str) -> Measures:
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line] or [""]
    title = lines[0]
    chapters: list[Chapter] = []
    attachments: list[str] = []
    in_attachments = False
    for line in lines[1:]:
        if line.startswith("附件"):
            in_attachments = True
            line = line.split(":", 1)[-1].split("：", 1)[-1]
        if in_attachments:
            attachments += [re.sub(r"^\d+\.\s*", "", part).strip() for part in re.split(r"\s{2,}|(?=\d\.)", line)]
            continue
        chapter = _CHAPTER.match(line)
        if chapter:
            chapters.append(Chapter(f"{chapter.group(1)} {chapter.group(2)}"))
            continue
        article = _ARTICLE.match(line)
        if article and chapters:
            chapters[-1].articles.append(Article(article.group(1), [article.group(2)] if article.group(2) else []))
        elif chapters and chapters[-1].articles:
            chapters[-1].articles[-1].paragraphs.append(line)
    return Measures(title, chapters, [a for a in attachments if a])


def measures_of(registry) -> Measures:
    """The measures as validated and loaded with the registry (the file is read once,
    by the loader's sandboxed reader)."""
    return parse_measures(registry.measures_text)
