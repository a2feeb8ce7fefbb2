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
    # templates include would never load: a dead branch, `ignore missing`, a list's absent first choice
    "dead.html": '{% if x == "zz" %}{% include "missing.html" %}{% include "broken.html" %}{% endif %}'
                 '{% include "missing.html" ignore missing %}{% include ["missing.html", "inner.html"] %}{{ x }}',
    "broken.html": "{% if %}",
    "outer.html": '<div>{{ frame_partial("crumb.html") }}</div>',  # a partial calling frame_partial
    "crumb.html": "{{ page }}",
    "random.html": "{{ count() }}{{ [1, 2, 3]|random }}",
    "lipsum.html": "{{ count() }}{{ lipsum(1) }}",
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


def _both(env, name, **values):
    """What frame_partial(name) and {% include name %} give for these values."""
    fp = env.from_string(_call(name)).render(**values)
    return fp, env.from_string("{% include " + repr(name) + " %}").render(**values)


def _call(name: str) -> str:
    return "{{ frame_partial(" + repr(name) + ") }}"


def test_templates_that_include_would_not_load_change_nothing(env):
    for x in ("a", "b"):
        fp, inc = _both(env, "dead.html", x=x, site={"name": "聊城"}, nav=None)
        assert fp == inc and fp.endswith(x)


def test_a_partial_that_calls_frame_partial_itself_is_rendered_for_each_page(env):
    assert [_both(env, "outer.html", page=f"p{i}")[0] for i in range(3)] == [f"<div>p{i}</div>" for i in range(3)]


def test_random_output_is_rendered_every_time(env):
    for name in ("random.html", "lipsum.html"):
        before = env.counter["n"]
        for _ in range(3):
            env.from_string(_call(name)).render()
        assert env.counter["n"] == before + 3


def test_past_the_limit_nothing_more_is_held():
    from sme_registry.site.pelican import frame_partials

    partials = FramePartials()
    env = jinja2.Environment(loader=jinja2.DictLoader({"p.html": "{{ page }}"}), autoescape=True)
    env.globals["frame_partial"] = partials.function()
    for i in range(frame_partials.MAX_KEPT * 3):
        assert env.from_string('{{ frame_partial("p.html") }}').render(page=str(i)) == str(i)
    assert len(partials._texts) == frame_partials.MAX_KEPT


def test_a_global_that_a_page_gives_another_value_is_read_from_the_page(env):
    env.globals["brand"] = "全局"
    env.loader.mapping["brand.html"] = "{{ brand }}"
    shown = [env.from_string('{{ frame_partial("brand.html") }}').render(**values)
             for values in ({}, {"brand": "甲"}, {"brand": "乙"}, {})]
    assert shown == ["全局", "甲", "乙", "全局"]
