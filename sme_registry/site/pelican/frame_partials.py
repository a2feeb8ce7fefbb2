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

A partial is rendered for every page, as `{% include %}` would render it, when it (or a
template it names) names a template by a value rather than a constant name; names a
template that is missing or does not parse (it may be in a branch never taken, or after
`ignore missing`); reads a function that is given the context (such as frame_partial
itself); or uses lipsum or the random filter. So a host site's own header or footer
(--template-overrides, docs/host-frame.md) is kept by the same rule, whatever it reads.
At most MAX_KEPT texts are kept per partial. The memo lives in one Pelican run (a forked
child has its copy); nothing is kept on disk.

The partial gets the page's context, not the local variables of the template that calls
frame_partial (`{% include %}` passes those too): call it at a template's top level, as
base.html does, never inside a loop, macro or `{% with %}`.
"""

from __future__ import annotations

import jinja2
from jinja2 import meta, nodes
from jinja2.compiler import CodeGenerator
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
        self._parsed: dict[str, tuple[frozenset, tuple] | None] = {}  # source -> (names read, templates named)

    def function(self):
        @jinja2.pass_context
        def frame_partial(context, name: str) -> Markup:
            return self.render(context, name)

        return frame_partial

    def render(self, context, name: str) -> Markup:
        env = context.environment
        reads = self._names_read(env, name)
        values = [] if reads is None else [context.resolve_or_missing(n) for n in reads]
        if reads is None or any(hasattr(v, "jinja_pass_arg") for v in values):
            # (a function given the context, such as frame_partial itself, may read any name)
            return Markup(env.get_template(name).render(context.get_all()))
        others = tuple(v for v in values if _plain(v) is None)  # compared by identity
        key = (id(env), name, tuple(_plain(v) or id(v) for v in values))
        for held, text in self._texts.get(key, ()):
            if all(a is b for a, b in zip(held, others, strict=True)):
                return text
        text = Markup(env.get_template(name).render(context.get_all()))
        if self._kept.get((id(env), name), 0) < MAX_KEPT:
            self._kept[(id(env), name)] = self._kept.get((id(env), name), 0) + 1
            self._texts.setdefault(key, []).append((others, text))  # held: no other object takes their identity
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
        try:  # a template that is missing or does not parse may be in a branch never taken
            source, _, _ = env.loader.get_source(env, name)
            if source not in self._parsed:
                tree = env.parse(source)
                random = "lipsum" in (names := _undeclared(tree)) or any(
                    f.name == "random" for f in tree.find_all(nodes.Filter))
                self._parsed[source] = None if random else (frozenset(names), tuple(meta.find_referenced_templates(tree)))
        except jinja2.TemplateError:
            return None
        if self._parsed[source] is None:  # different on every render
            return None
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


class _NamesRead(meta.TrackingCodeGenerator):
    """What meta.find_undeclared_variables finds, the environment's globals included (it
    leaves them out, but a page's context may give such a name another value)."""

    def enter_frame(self, frame) -> None:
        CodeGenerator.enter_frame(self, frame)
        for action, param in frame.symbols.loads.values():
            if action == "resolve":
                self.undeclared_identifiers.add(param)


def _undeclared(tree) -> set[str]:
    reader = _NamesRead(tree.environment)
    reader.visit(tree)
    return reader.undeclared_identifiers


def _plain(value) -> tuple | None:
    """A key equal for two values exactly when they are the same text, number, truth value,
    None or tuple of these, type included (1, True and 1.0 print differently); None for any
    other value."""
    kind = type(value)
    if kind is tuple:
        keys = tuple(_plain(v) for v in value)
        return None if None in keys else (kind, keys)
    return (kind, value) if kind in _PLAIN else None
