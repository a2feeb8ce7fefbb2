"""The page frame's partials (header, footer), rendered once per build for each set of the
values they read, instead of once per page.

base.html wraps every page in partials/header.html and partials/footer.html, and at 10,000
platform pages rendering them again and again was about a fifth of the pages' rendering
time, although all the platform pages get the same two texts. So base.html calls
`frame_partial("partials/footer.html")` where it would `{% include %}` it. What a partial
reads is found in its source, as Jinja parses it (`jinja2.meta`): the names it reads from
the context, and, through the partials it includes or imports, theirs. Its text is kept
under the values of exactly those names at the page that asks for it, and another page
with the very same values gets the kept text:

- values of plain types (text, whole numbers, truth values, None and tuples of them) are
  compared by value, type included;
- any other value is compared by identity (`is`), and the kept entry holds it, so its
  identity cannot pass to another object while the entry lives. Such values are the
  build's own (the registry view, the site and frame settings), made before any page is
  written and not changed while pages are written.

A partial that names a template it includes by a value (not a constant name) is rendered
for every page, as `{% include %}` would. So a host site's own header or footer
(--template-overrides, docs/host-frame.md) is kept by the same rule, whatever it reads.
At most MAX_KEPT texts are kept per partial. The memo lives in one Pelican run (a forked
child has its copy); nothing is kept on disk.
"""

from __future__ import annotations

import jinja2
from jinja2 import meta
from markupsafe import Markup

_PLAIN = (str, int, bool, type(None))  # not float: 0.0 == -0.0, but they print differently
# Texts kept per partial: a partial that reads something of each page (a host footer
# showing the page's address) is then rendered for every page, as without this module.
MAX_KEPT = 64


class FramePartials:
    """`frame_partial(name)` for the templates of one build (a Jinja global)."""

    def __init__(self) -> None:
        self._reads: dict[tuple[int, str], tuple[str, ...] | None] = {}  # (env, name) -> names read
        self._texts: dict[tuple, list[tuple[tuple, Markup]]] = {}
        self._kept: dict[tuple[int, str], int] = {}  # (env, name) -> texts kept
        self._parsed: dict[str, tuple[frozenset, tuple]] = {}  # source -> (names read, templates named)

    def function(self):
        @jinja2.pass_context
        def frame_partial(context, name: str) -> Markup:
            return self.render(context, name)

        return frame_partial

    def render(self, context, name: str) -> Markup:
        env = context.environment
        reads = self._names_read(env, name)
        if reads is None:
            return Markup(env.get_template(name).render(context.get_all()))
        values = [context.resolve_or_missing(n) for n in reads]
        others = tuple(v for v in values if _plain(v) is None)  # compared by identity
        kept = self._texts.setdefault((id(env), name, tuple(_plain(v) or id(v) for v in values)), [])
        for held, text in kept:
            if all(a is b for a, b in zip(held, others, strict=True)):
                return text
        text = Markup(env.get_template(name).render(context.get_all()))
        if self._kept.get((id(env), name), 0) < MAX_KEPT:
            self._kept[(id(env), name)] = self._kept.get((id(env), name), 0) + 1
            kept.append((others, text))  # held, so that no other object takes their identity
        return text

    def _names_read(self, env, name: str) -> tuple[str, ...] | None:
        """The context names template `name` reads, its includes' and imports' too (sorted);
        None when it names a template by a value. Found once per environment (each Pelican
        generator has its own), each source parsed once."""
        key = (id(env), name)
        if key not in self._reads:
            self._reads[key] = self._reads_of(env, name, set())
        return self._reads[key]

    def _reads_of(self, env, name: str, seen: set[str]) -> tuple[str, ...] | None:
        seen.add(name)
        source, _, _ = env.loader.get_source(env, name)
        if source not in self._parsed:
            tree = env.parse(source)
            self._parsed[source] = (frozenset(meta.find_undeclared_variables(tree)),
                                    tuple(meta.find_referenced_templates(tree)))
        found, others = self._parsed[source]
        names = set(found)
        for other in others:
            if other is None:
                return None
            if other not in seen:
                more = self._reads_of(env, other, seen)
                if more is None:
                    return None
                names.update(more)
        return tuple(sorted(names))


def _plain(value) -> tuple | None:
    """A key equal for two values exactly when they are the same text, number, truth value,
    None or tuple of these, type included (1, True and 1.0 print differently); None for any
    other value."""
    kind = type(value)
    if kind is tuple:
        keys = tuple(_plain(v) for v in value)
        return None if None in keys else (kind, keys)
    return (kind, value) if kind in _PLAIN else None
