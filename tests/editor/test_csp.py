"""The editor's Content-Security-Policy has exactly the exceptions Decap CMS needs: with
either of them removed the editor breaks (so the day a Decap release no longer needs one,
this test says to drop it). Documented in docs/editor.md."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("exception,symptom", [
    ("'unsafe-eval'", "'unsafe-eval' is not an allowed source of script"),  # ajv compiles Decap's config schema
    ("'unsafe-inline'", "Applying inline style violates"),  # emotion's runtime <style> elements
])
def test_each_csp_exception_is_needed(editor, page_factory, exception, symptom):
    index = editor.src.parent / "editor-site/admin/index.html"
    html = index.read_text(encoding="utf-8")
    assert exception in html
    index.write_text(html.replace(" " + exception, "", 1), encoding="utf-8")
    watch = page_factory(1280)
    seen = []
    watch.page.on("console", lambda m: seen.append(m.text))
    watch.page.on("pageerror", lambda e: seen.append(str(e)))
    watch.page.goto(editor.url)
    watch.page.wait_for_function("() => document.body.children.length > 1")  # Decap mounted (or failed to)
    watch.page.wait_for_load_state("networkidle")
    assert any(symptom in text for text in seen), seen[:5]
    assert not watch.offsite
