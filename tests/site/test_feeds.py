"""One module writes every Atom feed; the pages link exactly those feeds."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from sme_registry.site.pelican.feeds import FEEDS
from tests.conftest import ROOT

ATOM = "{http://www.w3.org/2005/Atom}"


def test_every_feed_in_the_site_is_one_of_the_feeds_module(example_site):
    written = sorted(p.relative_to(example_site).as_posix() for p in example_site.rglob("*.atom.xml"))
    assert written == sorted(f.name for f in FEEDS)
    for feed in FEEDS:
        root = ET.fromstring((example_site / feed.name).read_bytes())
        self_link = next(link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "self")
        assert self_link.endswith("/" + feed.name)
        assert root.find(f"{ATOM}title").text.startswith(feed.title + " - ")
        ids = [e.find(f"{ATOM}id").text for e in root.findall(f"{ATOM}entry")]
        assert len(ids) == len(set(ids)), f"{feed.name}: entry ids must be unique"


def test_no_other_code_writes_atom():
    users = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "sme_registry").rglob("*.py")
                   if "feedgenerator" in p.read_text(encoding="utf-8"))
    assert users == ["sme_registry/site/pelican/feeds.py"]


def test_templates_link_only_feeds_that_exist_and_every_feed_is_linked():
    linked = set()
    for template in (ROOT / "theme/templates").rglob("*.html"):
        linked |= set(re.findall(r"feeds/[\w-]+\.atom\.xml", template.read_text(encoding="utf-8")))
    assert linked == {f.name for f in FEEDS}
