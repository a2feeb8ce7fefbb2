"""The layering contracts (pyproject.toml [tool.importlinter]) hold, and they do bite.

A copy of the package with one forbidden import planted must fail lint-imports: a contract
that nothing can break would prove nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

LINT = Path(sys.executable).with_name("lint-imports")


def _lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--no-cache", "--config", str(root / "pyproject.toml")],
                          capture_output=True, text=True, cwd=root, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "sme_registry", tmp_path / "sme_registry", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_package_keeps_its_layers(tmp_path):
    done = _lint(_copy(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "broken" not in done.stdout.lower().replace("0 broken", "")


@pytest.mark.parametrize("module, planted, contract", [
    ("load/model.py", "import sme_registry.validate.report", "layers"),
    ("regulation/vocabulary.py", "import sme_registry.derive.status", "layers"),
    ("derive/views.py", "import sme_registry.site.exports", "layers"),
    ("site/exports.py", "import sme_registry.staff.queries", "layers"),
    ("derive/stats.py", "import pelican", "Pelican"),
    ("search/tokenizer.py", "import sme_registry.load.model", "search/"),
    ("context.py", "import sme_registry.load.loader", "shared helpers"),
])
def test_a_planted_forbidden_import_fails(tmp_path, module, planted, contract):
    root = _copy(tmp_path)
    target = root / "sme_registry" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{planted}  # planted\n", encoding="utf-8")
    done = _lint(root)
    assert done.returncode == 1, done.stdout + done.stderr
    broken = done.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken and planted.split()[-1] in broken, done.stdout
