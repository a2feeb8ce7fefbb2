"""The editor's Content-Security-Policy has exactly the exceptions Decap CMS needs: with
either of them removed the editor breaks (so the day a Decap release no longer needs one,
this test says to drop it). Documented in docs/editor.md."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("exception,symptoms", [
    # ajv compiles Decap's config schema with new Function
    ("'unsafe-eval'", ("Error compiling schema", "'unsafe-eval' is not an allowed source of script")),
    ("'unsafe-inline'", ("Applying inline style violates",)),  # emotion's runtime <style> elements
])
def test_each_csp_exception_is_needed(editor, page_factory, exception, symptoms):
    index = editor.src.parent / "editor-site/admin/index.html"
    html = index.read_text(encoding="utf-8")
    assert exception in html
    index.write_text(html.replace(" " + exception, "", 1), encoding="utf-8")
    watch = page_factory(1280)
    with watch.page.expect_event("console", lambda m: any(s in m.text for s in symptoms)):
        watch.page.goto(editor.url)
    assert not watch.offsite
