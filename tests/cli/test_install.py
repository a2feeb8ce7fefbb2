"""`pip install .` into a fresh virtual environment gives a working `sme-registry` command.

Offline and quick: the package is installed without dependencies or build isolation, and
the new environment borrows the dependencies of the project's .venv through a .pth file.
The source is copied first so that the build leaves nothing behind in the checkout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # whole builds / subprocesses: left out of make test-fast

SHIPPED = ("pyproject.toml", "README.md", "pelicanconf.py", "sme_registry", "schema", "theme")


def test_pip_install_gives_a_working_validate_and_build(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in SHIPPED:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, src / name, **({"ignore": shutil.ignore_patterns("__pycache__")}
                                          if (ROOT / name).is_dir() else {}))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin/python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    (Path(site) / "project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--disable-pip-version-check", "--no-index", str(src)], check=True, cwd=tmp_path)
    command = venv / "bin/sme-registry"
    validate = subprocess.run([str(command), "validate", "--src", str(ROOT), "--today", "2026-11-25"],
                              capture_output=True, text=True, cwd=tmp_path)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert "0 个错误" in validate.stdout
    out = tmp_path / "site"
    build = subprocess.run([str(command), "build", "--src", str(ROOT), "--output", str(out), "--today", "2026-11-25"],
                           capture_output=True, text=True, cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    assert (out / "index.html").is_file() and (out / "theme/js/status.js").is_file()
