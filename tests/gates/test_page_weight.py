"""Page weight: a size gate, not a timing. The home page and the platform list of the
example site stay under 50 KB gzip (HTML + CSS + JS they load; no search index)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

LIMIT = 50 * 1024


def test_home_and_list_stay_under_50_kb_gzip(example_site):
    done = subprocess.run([sys.executable, "-m", "scripts.page_weight", str(example_site), "--json"],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    weights = json.loads(done.stdout)
    for page in ("index.html", "platforms/index.html"):
        w = weights[page]
        assert 0 < w["gzip"] < LIMIT, f"{page}: {w['gzip'] / 1024:.1f} KB gzip（{w['files']}）超过 50 KB"
        assert any(f.endswith(".css") for f in w["files"]) and any(f.endswith(".js") for f in w["files"])
    assert weights["notices/<公告>.html"]["pages"] == len(list((example_site / "notices").glob("*.html"))) - 1
    table = subprocess.run([sys.executable, "-m", "scripts.page_weight", str(example_site)],
                           capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert "platforms/<id>/index.html" in table and "gzip" in table
