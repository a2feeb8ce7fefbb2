"""RegistryEnvironment: `x.name` gives exactly what Jinja's own environment gives, for plain
dicts (keys that are also dict attributes, missing keys), other objects and dict subclasses;
and the generators render with it, keeping what Pelican put in their environment."""

from __future__ import annotations

from collections import OrderedDict
from types import SimpleNamespace

import jinja2
import pytest

from sme_registry.site.pelican.template_environment import RegistryEnvironment, registry_environment

TEMPLATES = [
    "{{ p.name }}",
    "{{ p.items is defined }} {{ p.get('name') }} {{ p.keys()|list|length }}",  # dict's own attributes first
    "[{{ p.missing }}] {{ p.missing is defined }} {{ p.missing.deeper is defined }}",
    "{{ p.nested.inner }} {{ p['name'] }} {{ p.count }}",
    "{% for k, v in p.items() %}{{ k }}={{ v }};{% endfor %}",
    "{{ p.update is defined }} {{ p.values is defined }}",
]
VALUES = [
    {"name": "聊城<平台>", "nested": {"inner": 1}, "count": 3},
    {"name": "a", "items": "the key, not the method", "get": 5, "update": 0, "values": [1]},
    OrderedDict(name="subclass", nested={"inner": 2}),  # not exactly a dict: Jinja's own path
    SimpleNamespace(name="object", nested={"inner": 3}, count=4),
    {},
]


@pytest.mark.parametrize("source", TEMPLATES)
@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_same_output_as_jinja(source, value):
    def render(cls, undefined=jinja2.Undefined):
        try:
            return cls(autoescape=True, undefined=undefined).from_string(source).render(p=value)
        except Exception as exc:  # the same error, if any
            return repr(exc)

    assert render(RegistryEnvironment) == render(jinja2.Environment)
    assert render(RegistryEnvironment, jinja2.StrictUndefined) == render(jinja2.Environment, jinja2.StrictUndefined)


def test_a_copy_keeps_loader_options_filters_tests_and_globals(tmp_path):
    (tmp_path / "t.html").write_text("{{ x|shout }} {{ g }} {{ 1 is odd2 }}\n", encoding="utf-8")
    options = {"autoescape": True, "trim_blocks": True, "keep_trailing_newline": True}
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), **options)
    env.filters["shout"] = lambda s: s.upper()
    env.tests["odd2"] = lambda n: n % 2 == 1
    env.globals["g"] = "全局"
    made = registry_environment(env, options)
    assert isinstance(made, RegistryEnvironment)
    assert made.get_template("t.html").render(x="<a>") == env.get_template("t.html").render(x="<a>") \
        == "&lt;A&gt; 全局 True\n"


def test_the_generators_render_with_it(tmp_path):
    from pelican.settings import read_settings

    from sme_registry.site.build import SETTINGS_FILE
    from sme_registry.site.pelican.generators import GENERATORS

    settings = read_settings(str(SETTINGS_FILE), override={"PATH": str(tmp_path), "OUTPUT_PATH": str(tmp_path)})
    for cls in GENERATORS:
        generator = cls(context={}, settings=settings, path=str(tmp_path), theme=settings["THEME"],
                        output_path=str(tmp_path))
        assert isinstance(generator.env, RegistryEnvironment), cls.__name__
        assert "strftime" in generator.env.filters  # what Pelican's Generator.__init__ added
        assert generator.env.autoescape is True and generator.env.trim_blocks is True
