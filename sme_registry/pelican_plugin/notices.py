"""Notice bodies are untrusted Markdown: sanitise the rendered HTML with the allow-list."""

from __future__ import annotations

from pelican.contents import Article

from sme_registry.sanitize import clean_html


def sanitize_notice(instance) -> None:
    if isinstance(instance, Article) and instance._content is not None:
        instance._content = clean_html(instance._content)
