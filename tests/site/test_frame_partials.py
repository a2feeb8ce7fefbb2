"""frame_partial(name) gives exactly what {% include name %} gives, rendering the partial
again whenever a value it (or a partial it includes) reads is not the very same."""

from __future__ import annotations

import jinja2
import pytest

from sme_registry.site.pelican.frame_partials import FramePartials

PARTIALS = {
    "header.html": '<h1>{{ title }}</h1>{{ count() }}{% include "inner.html" %}',
    "inner.html": "<p>{{ site.name }} {{ nav }}</p>",
    "dynamic.html": "{{ count() }}{% include which %}",
    "page-inc.html": '{% include "header.html" %}|{{ body }}',
    "page-fp.html": '{{ frame_partial("header.html") }}|{{ body }}',
}


@pytest.fixture
def env():
    counter = {"n": 0}

    def count():
        counter["n"] += 1
        return ""

    env = jinja2.Environment(loader=jinja2.DictLoader(PARTIALS), autoescape=True)
    env.globals.update(count=count, frame_partial=FramePartials().function())
    env.counter = counter
    return env


def _page(env, **values):
    return env.get_template("page-fp.html").render(body="正文", **values)


def test_the_text_is_what_include_gives(env):
    site = {"name": "聊城<示例>"}
    for title, nav in (("首页", "home"), ("名录 & 状态", None), ("<b>", "platforms")):
        want = env.get_template("page-inc.html").render(title=title, nav=nav, site=site, body="正文")
        assert _page(env, title=title, nav=nav, site=site) == want


def test_a_partial_is_rendered_again_only_when_a_value_it_reads_changes(env):
    site = {"name": "聊城"}
    texts = [_page(env, title="首页", nav="home", site=site, unread=i) for i in range(5)]
    assert env.counter["n"] == 1, "a value it does not read (unread) does not count"
    assert len(set(texts)) == 1
    assert "名录" in _page(env, title="名录", nav="home", site=site)
    assert "platforms" in _page(env, title="首页", nav="platforms", site=site)  # read by the included partial
    assert env.counter["n"] == 3
    _page(env, title="首页", nav="home", site=site)
    assert env.counter["n"] == 3, "the first values again: the kept text"


def test_other_values_are_the_same_only_when_they_are_the_same_object(env):
    site = {"name": "聊城"}
    _page(env, title="t", nav=None, site=site)
    _page(env, title="t", nav=None, site=site)
    assert env.counter["n"] == 1
    twin = {"name": "聊城"}  # equal, but another object: it could be changed independently
    _page(env, title="t", nav=None, site=twin)
    assert env.counter["n"] == 2
    for _ in range(50):  # objects made and dropped again: a kept entry holds its values,
        fresh = {"name": f"第{_}个"}  # so no new object can take a kept one's identity
        assert f"第{_}个" in _page(env, title="t", nav=None, site=fresh)
        del fresh
    assert env.counter["n"] == 52


def test_a_partial_that_includes_a_template_named_by_a_value_is_rendered_every_time(env):
    for _ in range(3):
        text = env.from_string('{{ frame_partial("dynamic.html") }}').render(which="inner.html", site={"name": "x"}, nav=1)
        assert text == "<p>x 1</p>"
    assert env.counter["n"] == 3


def test_a_partial_that_reads_something_of_every_page_keeps_only_so_many_texts(env):
    from sme_registry.site.pelican import frame_partials

    site = {"name": "聊城"}
    for i in range(frame_partials.MAX_KEPT + 20):
        assert f"<h1>{i}</h1>" in _page(env, title=str(i), nav=None, site=site)
    _page(env, title="0", nav=None, site=site)  # kept
    _page(env, title=str(frame_partials.MAX_KEPT + 5), nav=None, site=site)  # past the limit: rendered
    assert env.counter["n"] == frame_partials.MAX_KEPT + 21


def test_values_that_are_equal_but_print_differently_are_not_the_same(env):
    site = {"name": "聊城"}
    shown = [_page(env, title=v, nav=None, site=site) for v in (1, True, 1.0, 0.0, -0.0, (1,), (True,))]
    assert [s.split("</h1>")[0] for s in shown] == ["<h1>1", "<h1>True", "<h1>1.0", "<h1>0.0", "<h1>-0.0",
                                                    "<h1>(1,)", "<h1>(True,)"]
