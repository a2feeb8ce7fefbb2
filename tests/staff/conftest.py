"""Fixtures shared by the staff-command tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def reg(tmp_path) -> Path:
    """A copy of the example registry (data/ and content/) to run staff commands on."""
    for folder in ("data", "content"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path
