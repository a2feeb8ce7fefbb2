"""Registry changes (the 名录变动 feed): the newest `limit` are the full list cut after `limit`."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from sme_registry.derive.changes import registry_changes
from sme_registry.load.loader import load_registry
from tests.conftest import EXAMPLE_TODAY, ROOT


@pytest.fixture(scope="module")
def registries(tmp_path_factory):
    dest = tmp_path_factory.mktemp("changes") / "reg"
    subprocess.run([sys.executable, "-m", "scripts.synth", "300", str(dest), "--seed", "11"],
                   cwd=ROOT, check=True, capture_output=True)
    return [load_registry(ROOT)[0], load_registry(dest)[0]]


DAYS = [EXAMPLE_TODAY, dt.date(2019, 1, 1), dt.date(2022, 12, 31), dt.date(2030, 6, 30)]


@pytest.mark.parametrize("day", DAYS)
def test_newest_changes_are_the_full_list_cut(registries, day):
    for registry in registries:
        every = registry_changes(registry, day)
        assert all(c.day <= day for c in every)
        keys = [(c.day, c.platform_id, c.kind) for c in every]
        assert keys == sorted(keys, reverse=True)
        for limit in (0, 1, 7, 200, len(every) + 5):
            assert registry_changes(registry, day, limit) == every[:limit]


def test_every_term_certification_and_revocation_is_a_change(registries):
    registry = registries[0]
    day = dt.date(2030, 6, 30)
    kinds = {(c.platform_id, c.day, c.kind) for c in registry_changes(registry, day)}
    for p in registry.platforms.values():
        for term in p.terms:
            assert (p.id, term.certified_on, "重新认定" if term.index else "认定") in kinds
        if p.revoked:
            assert (p.id, p.revoked.date, "撤销") in kinds
