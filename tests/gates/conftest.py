"""Fixtures of the quality gates: the npm tools (Nu HTML Checker, axe-core), the hostile
registry built once per session, and a loopback server that answers unknown paths with
404.html as nginx does with `error_page 404`."""

from __future__ import annotations

import fcntl
import shutil
import subprocess
from pathlib import Path

import pytest

from sme_registry.site.build import build_site
from tests.conftest import EXAMPLE_TODAY, ROOT, serve

HOSTILE_SRC = ROOT / "tests/fixtures/hostile"
NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar/build/dist/vnu.jar"
AXE_JS = NODE_MODULES / "axe-core/axe.min.js"
HINT = "请先运行 `make test` 或 `bash scripts/ensure-test-tools.sh`（需要 node/npm 与 Java 17+）。"


def _npm_ci() -> None:
    """`npm ci` once, even with several pytest-xdist workers starting together."""
    with open(ROOT / "package-lock.json", "rb") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            if VNU_JAR.exists() and AXE_JS.exists():
                return
            npm = shutil.which("npm")
            if npm is None:
                pytest.fail("缺少 npm，无法安装 vnu-jar 与 axe-core。" + HINT)
            done = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=ROOT,
                                  capture_output=True, text=True)
            if done.returncode != 0:
                pytest.fail(f"npm ci 失败：{done.stderr[-2000:]}\n" + HINT)
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    if shutil.which("java") is None:
        pytest.fail("缺少 java，Nu HTML Checker（vnu.jar）需要 Java 11 及以上。" + HINT)
    _npm_ci()
    return VNU_JAR


@pytest.fixture(scope="session")
def axe_source() -> str:
    _npm_ci()
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """tests/fixtures/hostile built for TODAY=2026-11-25 (it must build)."""
    out = tmp_path_factory.mktemp("hostile") / "output"
    assert build_site(HOSTILE_SRC, out, EXAMPLE_TODAY) == 0, "敌意数据的名录应能生成网站"
    return out


@pytest.fixture(scope="session")
def gate_url(example_site):
    with serve(example_site) as url:
        yield url


@pytest.fixture(scope="session")
def gate_sub_url(example_site):
    with serve(example_site, mount="sme") as url:
        yield url


@pytest.fixture(scope="session")
def hostile_url(hostile_site):
    with serve(hostile_site) as url:
        yield url
