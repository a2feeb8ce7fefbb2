"""Notice bodies: Markdown rendered with raw HTML shown as text, then an allow-list.

Policy (docs/quality.md): a notice body is Markdown only. HTML typed into it (`<style>`,
`<textarea>`, `<b>` …) is shown as the text it is, so a tag mentioned in prose can never
swallow the prose after it. The HTML that Markdown itself produces then goes through the
nh3 allow-list: structure, emphasis, lists, tables and links are kept; everything that
could run code, load something, restyle the page or impersonate it is dropped.
"""

from __future__ import annotations

import html
import re

import markdown
import nh3
from markdown.extensions import Extension

MARKDOWN_EXTENSIONS = ("markdown.extensions.extra", "markdown.extensions.sane_lists")

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "small", "span", "strong",
    "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "*": {"id"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Ids written in a notice (footnotes, {#anchor}) get this prefix, and so do links to them,
# so a body can never clash with an id of the page around it (main, h-window, …).
ID_PREFIX = "note-"
# nh3 adds rel to every <a>; an <a> whose href was removed must lose it too (rel needs href).
_ANCHOR = re.compile(r'<a((?:\s+[^\s="\'/>]+(?:="[^"]*")?)*)\s*>')
_REL = re.compile(r'\s+rel="[^"]*"')


def _attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return ID_PREFIX + "-".join(value.split())
    if attribute == "href":
        if value.startswith("#"):
            return "#" + ID_PREFIX + "-".join(value[1:].split())
        if value.startswith("/") or value.startswith("\\"):
            # Root-relative and protocol-relative links break under a sub-path or leave
            # the site unannounced; write a relative link or a full https:// address.
            return None
    return value


def clean_html(html: str) -> str:
    """Keep structure and links; drop scripts, styles, event handlers, images, forms,
    `javascript:`/`data:` URLs and root-relative links. h1 tags are unwrapped (their text
    stays) because the page title is the only h1."""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return _ANCHOR.sub(_placeholder_anchor, cleaned)


def _placeholder_anchor(match: re.Match) -> str:
    attributes = match.group(1)
    if re.search(r'\shref="', attributes):
        return match.group(0)
    return "<a" + _REL.sub("", attributes) + ">"


class _RawHtmlAsText(Extension):
    """Python-Markdown without its raw-HTML block preprocessor and inline pattern: `<`
    in the source is then plain text, escaped on output."""

    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block", strict=False)
        md.inlinePatterns.deregister("html", strict=False)


def render_notice(body: str) -> str:
    """The HTML of a notice body: `body` is the exact text the loader validated."""
    md = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, _RawHtmlAsText()], output_format="html5")
    return clean_html(md.convert(body))


def notice_text(body: str) -> str:
    """The words a reader sees in a notice body, for search and result snippets: the
    rendered HTML without its tags, so Markdown markers (`>`, `##`, `**`, `|`) never show
    as text. Runs of white space become one space."""
    text = nh3.clean(render_notice(body), tags=set(), strip_comments=True)
    return " ".join(html.unescape(text).split())
