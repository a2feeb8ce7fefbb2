"""Fixtures of the editor tests: the esbuild bundle (built once), a temporary copy of the
example registry, and the editor served against decap-server on that copy (127.0.0.1)."""

from __future__ import annotations

import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from sme_registry.staff import editor_config, editor_local
from tests.conftest import EXAMPLE_TODAY, ROOT, serve

ESBUILD = ROOT / "node_modules/.bin/esbuild"
HINT = "请先运行 `npm ci`（package-lock.json 固定了 decap-cms-app、decap-server、esbuild 等版本）。"


def node_modules_ready() -> None:
    for tool in (ESBUILD, editor_local.DECAP_SERVER, ROOT / "node_modules/decap-cms-app/package.json"):
        if not tool.exists():
            pytest.fail(f"缺少 {tool.relative_to(ROOT)}。" + HINT)


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Path:
    """admin/cms.js bundled from editor/src with the pinned npm packages."""
    node_modules_ready()
    out = tmp_path_factory.mktemp("bundle") / "cms.js"
    done = subprocess.run(
        [str(ESBUILD), "editor/src/main.js", "--bundle", "--minify", "--format=iife", "--target=es2020",
         "--define:process.env.NODE_ENV=\"production\"", "--define:global=window", "--log-level=warning",
         f"--outfile={out}"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


def copy_registry(target: Path) -> Path:
    for part in ("data", "content"):
        shutil.copytree(ROOT / part, target / part)
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Editor:
    src: Path  # the registry copy decap-server writes into
    url: str  # the editor page


@pytest.fixture
def editor(tmp_path, bundle):
    src = copy_registry(tmp_path / "registry")
    site = tmp_path / "editor-site"
    port = free_port()
    settings = editor_config.Settings(backend="local", local_port=port)
    editor_config.write(src, site / "admin", settings, EXAMPLE_TODAY, bundle)
    server = editor_local.start_decap_server(src, port)
    try:
        with serve(site) as base:
            yield Editor(src=src, url=base + "admin/")
    finally:
        server.terminate()
        server.wait()
