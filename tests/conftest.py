"""Shared fixtures: the example site built once per test session, a loopback web server
and a headless Debian Chromium that refuses every request not aimed at 127.0.0.1."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from hypothesis import settings

from sme_registry.site.build import build_site

# Property tests judge behaviour, not speed: no per-example deadline (a loaded 2-core CI
# machine would make timing flaky), and a fixed seed so CI runs are reproducible.
settings.register_profile("project", deadline=None, derandomize=True)
settings.load_profile("project")

BROWSER_FIXTURES = {"browser", "page_factory"}


def pytest_collection_modifyitems(config, items):
    """Every test that drives Chromium (through the `browser` fixture, directly or via another
    fixture) carries the `browser` marker, so `make test-fast` (-m "not browser") leaves
    it out without each module having to remember a decorator."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_TODAY = dt.date(2026, 11, 25)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update",
]


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The repository's example data built for TODAY=2026-11-25."""
    out = tmp_path_factory.mktemp("site") / "output"
    assert build_site(ROOT, out, EXAMPLE_TODAY) == 0
    return out


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, quietly; a missing path gets the site's 404.html with status 404, as
    nginx does with `error_page 404`."""

    site_root: Path

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        page = self.site_root / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class QuietServer(http.server.ThreadingHTTPServer):
    """A threading HTTP server that does not print a traceback when the browser closes a
    connection mid-response (a test that ends, or a page left, while fetches are in flight):
    that is the browser's choice, not an error of the site. Other errors are printed."""

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: Path, mount: str = ""):
    """Serve a built site on 127.0.0.1 (a free port) at `/`, or under `/<mount>/` as on a
    sub-path of an existing web site. Yields the site's base URL."""
    directory = Path(directory).resolve()
    root = directory
    if mount:
        holder = directory.parent / f"mount-{mount}"
        holder.mkdir(exist_ok=True)
        link = holder / mount
        if not link.exists():
            link.symlink_to(directory, target_is_directory=True)
        root = holder
    handler_class = type("Handler", (_SiteHandler,), {"site_root": directory})
    handler = functools.partial(handler_class, directory=str(root))
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/" + (f"{mount}/" if mount else "")
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(example_site):
    with serve(example_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class PageWatch:
    """Collects console errors, page errors, dialogs and off-site requests of one page."""

    def __init__(self, page):
        self.page = page
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.dialogs: list[str] = []
        self.offsite: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("dialog", self._dialog)
        page.route("**/*", self._route)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route):
        host = urlparse(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:
            self.offsite.append(route.request.url)
            route.abort()

    def assert_clean(self):
        assert not self.offsite, f"请求了站外地址：{self.offsite}"
        assert not self.page_errors, f"脚本错误：{self.page_errors}"
        assert not self.dialogs, f"弹出了对话框：{self.dialogs}"
        assert not self.console_errors, f"控制台错误：{self.console_errors}"


@pytest.fixture
def page_factory(browser):
    """new_page(width=1280, javascript=True) -> PageWatch; closed after the test."""
    contexts = []

    def new_page(width: int = 1280, javascript: bool = True, **options) -> PageWatch:
        context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript,
                                      locale="zh-CN", timezone_id="Asia/Shanghai", **options)
        contexts.append(context)
        return PageWatch(context.new_page())

    yield new_page
    for context in contexts:
        context.close()
