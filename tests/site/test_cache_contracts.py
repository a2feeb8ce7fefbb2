"""Pages kept in the render cache read nothing outside their keys.

A kept page's key names the values every page reads (generators.PAGE_VALUES of SME, the
settings, SITEURL) and what the page is given; the list pages also read _LIST_VALUES. Each
such page is rendered here a second time with SME watched, and every SME value it reads
outside those is a failure: a template that starts reading, say, SME.notices would otherwise
publish a stale page after a later edit that its key does not see."""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican.utils import get_relative_path, path_to_url

from sme_registry.site.build import build_site
from sme_registry.site.pelican import generators
from sme_registry.site.pelican.generators import _LIST_VALUES, PAGE_VALUES, RegistryGenerator
from tests.conftest import EXAMPLE_TODAY, ROOT

pytestmark = pytest.mark.slow  # a whole build

# template -> what of SME it may read besides PAGE_VALUES. The whole list reads SME.platforms
# for their number and order only, which its key holds as the rows, in order, and their count.
KEPT = {"platform": (), "platforms": (*_LIST_VALUES, "platforms"), "county": _LIST_VALUES, "stats": (),
        "expiring": (), "site-map": ()}
# context values made from SME_SITE and SME_FRAME (both in PAGE_VALUES); every other SME_*
# value is the build's own (cache, derived results, notice lists) and left out
FROM_PAGE_VALUES = ("SME_SITE", "SME_EXAMPLE", "SME_FRAME")


class _Watched(dict):
    """SME as the page reads it: every key read that is not in `allowed` goes to `outside`."""

    def __init__(self, values: dict, allowed: tuple, outside: set):
        super().__init__(values)
        self._allowed, self._outside = set(allowed), outside

    def __getitem__(self, key):
        if key not in self._allowed:
            self._outside.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        if key not in self:
            return default
        return self[key]  # recorded as any other read


def test_kept_pages_read_only_what_their_keys_hold(tmp_path, monkeypatch):
    outside: dict[str, set] = {}
    same: dict[str, bool] = {}
    original = RegistryGenerator.page

    def page(self, writer, save_as, template, **extra):
        original(self, writer, save_as, template, **extra)
        if template not in KEPT or template in same:
            return
        outside[template] = set()
        context = {k: v for k, v in self.context.items() if not k.startswith("SME")}
        context.update({k: self.context[k] for k in FROM_PAGE_VALUES}, output_file=save_as,
                       SME=_Watched(self.sme, (*PAGE_VALUES, *KEPT[template]), outside[template]),
                       SITEURL=path_to_url(get_relative_path(save_as)), localsiteurl=None, **extra)
        html = self.get_template(template).render(context)
        same[template] = html == (Path(self.output_path) / save_as).read_text(encoding="utf-8")

    monkeypatch.setattr(RegistryGenerator, "page", page)
    monkeypatch.setattr(generators, "SECOND_CORE_PAGES", 0.0)  # every page rendered here, not in a child
    assert build_site(ROOT, tmp_path / "site", EXAMPLE_TODAY) == 0
    assert same == {template: True for template in KEPT}, "rendered as the build rendered it"
    assert outside == {template: set() for template in KEPT}
