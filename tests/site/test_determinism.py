"""Nothing in a build reads the wall clock: the same inputs and TODAY give the same bytes,
whenever the build runs. The clock is moved with time-machine, which patches time.time,
datetime.now and date.today at the C level, so a read anywhere in the build would show."""

from __future__ import annotations

import datetime as dt
import re

import time_machine

from sme_registry.site.build import build_site
from tests.conftest import EXAMPLE_TODAY, ROOT
from tests.site.test_build import _copy_registry, _tree_digest

FAR_APART = (dt.datetime(1999, 3, 4, 5, 6, 7, tzinfo=dt.UTC), dt.datetime(2041, 10, 11, 12, 13, 14, tzinfo=dt.UTC))


def test_the_example_site_does_not_depend_on_the_clock(example_site, tmp_path):
    with time_machine.travel(FAR_APART[0], tick=False):
        assert build_site(ROOT, tmp_path / "then", EXAMPLE_TODAY) == 0
    assert _tree_digest(tmp_path / "then") == _tree_digest(example_site)


def test_empty_feeds_are_dated_today_not_by_the_clock(tmp_path):
    src = _copy_registry(tmp_path / "src")
    for folder in ("data/platforms", "content/notices"):
        for path in (src / folder).iterdir():
            path.unlink()
    digests = []
    for number, moment in enumerate(FAR_APART):
        out = tmp_path / f"out{number}"
        with time_machine.travel(moment, tick=False):
            assert build_site(src, out, EXAMPLE_TODAY) == 0
        digests.append(_tree_digest(out))
        feeds = sorted((out / "feeds").glob("*.atom.xml"))
        assert len(feeds) == 4
        for feed in feeds:
            text = feed.read_text(encoding="utf-8")
            assert "<entry>" not in text
            assert re.findall(r"<updated>([^<]+)</updated>", text) == [f"{EXAMPLE_TODAY}T00:00:00+08:00"]
    assert digests[0] == digests[1]
