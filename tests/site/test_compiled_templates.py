"""CompiledTemplates: environments sharing it compile a template once; a changed source
is compiled again."""

from __future__ import annotations

import jinja2

from sme_registry.site.pelican.compiled_templates import CompiledTemplates


class _Counting(jinja2.Environment):
    compiled = 0

    def compile(self, *args, **kwargs):
        type(self).compiled += 1
        return super().compile(*args, **kwargs)


def _environment(folder, cache):
    return _Counting(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True, bytecode_cache=cache)


def test_environments_sharing_the_cache_compile_each_template_once(tmp_path):
    (tmp_path / "page.html").write_text("<p>{{ name }}</p>", encoding="utf-8")
    cache = CompiledTemplates()
    _Counting.compiled = 0
    outputs = [_environment(tmp_path, cache).get_template("page.html").render(name="<聊城>") for _ in range(3)]
    assert outputs == ["<p>&lt;聊城&gt;</p>"] * 3
    assert _Counting.compiled == 1


def test_a_changed_template_is_compiled_again(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("旧：{{ name }}", encoding="utf-8")
    cache = CompiledTemplates()
    _Counting.compiled = 0
    assert _environment(tmp_path, cache).get_template("page.html").render(name="x") == "旧：x"
    page.write_text("新：{{ name }}", encoding="utf-8")
    assert _environment(tmp_path, cache).get_template("page.html").render(name="x") == "新：x"
    assert _Counting.compiled == 2
