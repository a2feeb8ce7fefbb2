"""Waiting for what a page promises, never for time.

A page script that changes the page after load (the list filters, the search page, the
self-check form) carries `data-sets-ready` on its <script> element and sets
`document.documentElement.dataset.ready = "1"` when its initialisation is done. Deferred
scripts run before the load event, so on a page without such a script `load` is the
promise. (Selectors, not wait_for_function: a string predicate needs 'unsafe-eval', which
the site's CSP forbids.)"""

from __future__ import annotations


def wait_ready(page, timeout: float = 30_000) -> None:
    page.wait_for_load_state("load")
    if page.locator("script[data-sets-ready]").count():
        page.wait_for_selector("html[data-ready='1']", state="attached", timeout=timeout)
