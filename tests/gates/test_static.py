"""Static gates over EVERY generated HTML page of the example site and the hostile site:
language, Content-Security-Policy, nothing inline that CSP would have to allow, and a link
check (every href/src resolves to a file, every #fragment to an id, nothing absolute)."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.gates.pages import html_pages, soup

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "cite", "background", "ping", "xlink:href",
                  "data")
# Elements whose href/src the browser fetches (a resource, not a navigation).
RESOURCE_TAGS = {"link", "script", "img", "iframe", "source", "audio", "video", "track", "embed", "object", "input"}
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


@pytest.fixture(params=["example", "hostile"])
def site(request) -> Path:
    return request.getfixturevalue("example_site" if request.param == "example" else "hostile_site")


def _failures_message(title: str, failures: list[str], pages: int) -> str:
    shown = "\n".join(failures[:60])
    more = f"\n……另有 {len(failures) - 60} 处" if len(failures) > 60 else ""
    return f"{title}（检查了 {pages} 个页面，{len(failures)} 处问题）：\n{shown}{more}"


def test_every_page_has_lang_and_csp(site):
    failures = []
    pages = html_pages(site)
    for rel in pages:
        doc = soup(site, rel)
        if doc.html is None or doc.html.get("lang") != "zh-CN":
            failures.append(f"{rel}: <html> 缺少 lang=\"zh-CN\"")
        metas = doc.find_all("meta", attrs={"http-equiv": re.compile("^content-security-policy$", re.I)})
        if len(metas) != 1:
            failures.append(f"{rel}: 应有且只有一个 Content-Security-Policy meta，实有 {len(metas)} 个")
            continue
        policy = {}
        for directive in metas[0].get("content", "").split(";"):
            parts = directive.split()
            if parts:
                policy[parts[0].lower()] = parts[1:]
        if "unsafe-" in metas[0].get("content", ""):
            failures.append(f"{rel}: CSP 含 'unsafe-…'")
        if policy.get("script-src") != ["'self'"]:
            failures.append(f"{rel}: CSP script-src 应只有 'self'，实为 {policy.get('script-src')}")
        if policy.get("default-src") != ["'self'"]:
            failures.append(f"{rel}: CSP default-src 应为 'self'")
        if policy.get("object-src") != ["'none'"]:
            failures.append(f"{rel}: CSP object-src 应为 'none'")
    assert not failures, _failures_message("lang / CSP", failures, len(pages))


def test_nothing_inline_that_csp_would_block(site):
    """No inline script (except JSON data blocks), no on*= handlers, no style= attributes or
    <style> elements, no javascript: URLs — so the CSP needs no 'unsafe-inline'/'unsafe-eval'."""
    failures = []
    pages = html_pages(site)
    for rel in pages:
        doc = soup(site, rel)
        for script in doc.find_all("script"):
            if not script.get("src") and (script.get("type") or "").strip().lower() != "application/json":
                failures.append(f"{rel}: 内联 <script>：{str(script)[:80]}")
        for style in doc.find_all("style"):
            failures.append(f"{rel}: 内联 <style>：{str(style)[:80]}")
        for element in doc.find_all(True):
            for name, value in element.attrs.items():
                lowered = name.lower()
                if lowered.startswith("on"):
                    failures.append(f"{rel}: <{element.name} {name}=…> 事件属性")
                if lowered == "style":
                    failures.append(f"{rel}: <{element.name} style=…> 行内样式")
                if lowered in URL_ATTRIBUTES and isinstance(value, str) \
                        and _CONTROL.sub("", value).lower().startswith(("javascript:", "vbscript:", "data:text")):
                    failures.append(f"{rel}: <{element.name} {name}=\"{value[:60]}\"> 脚本网址")
    assert not failures, _failures_message("内联脚本/样式", failures, len(pages))


def _ids(site: Path, rel: str) -> set[str]:
    doc = soup(site, rel)
    return {e["id"] for e in doc.find_all(id=True)} | {e["name"] for e in doc.find_all("a", attrs={"name": True})}


def _check_url(site: Path, rel: str, element, attribute: str, value: str, base_dir: str) -> str | None:
    where = f"{rel}: <{element.name} {attribute}=\"{value[:100]}\">"
    value = value.strip()
    if not value:
        return f"{where} 空网址"
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme in ("mailto", "tel"):
        return None
    if scheme in ("http", "https") or value.startswith("//"):
        # Only authors' links inside a notice body may point elsewhere, and only as links:
        # nothing the browser would fetch by itself.
        if element.name == "a" and element.find_parent(class_="notice-body") is not None \
                and not value.startswith("//"):
            return None
        # A platform's own website (its 网站 field, http(s) only, marked rel="external").
        if element.name == "a" and "external" in (element.get("rel") or []) \
                and element.find_parent(class_="facts") is not None and not value.startswith("//"):
            return None
        return f"{where} 指向站外"
    if scheme:
        return f"{where} 不允许的网址协议"
    if value.startswith("/"):
        return f"{where} 根路径网址在子路径部署时会失效"
    path = unquote(parts.path)
    if path:
        target = posixpath.normpath(posixpath.join(base_dir, path))
        if target == ".." or target.startswith("../"):
            return f"{where} 超出网站根目录"
        file = site / target
        if file.is_dir():
            file = file / "index.html"
            target = posixpath.join(target, "index.html")
        if not file.is_file():
            return f"{where} 文件不存在：{target}"
    else:
        target = rel
    if parts.fragment or value.endswith("#"):
        fragment = unquote(parts.fragment)
        if not fragment:
            return f"{where} 空片段“#”"
        if not target.endswith(".html"):
            return f"{where} 片段指向非网页"
        if fragment not in _ids(site, target):
            return f"{where} {target} 中没有 id=\"{fragment}\""
    return None


def test_every_link_resolves(site):
    failures = []
    pages = html_pages(site)
    checked = 0
    for rel in pages:
        doc = soup(site, rel)
        base_dir = posixpath.dirname(rel)
        base = doc.find("base", href=True)
        if base is not None:
            # Only 404.html may carry <base>, and only when BASE_PATH is set at build time.
            failures.append(f"{rel}: 有 <base href=\"{base['href']}\">（默认构建不应有）")
        for element in doc.find_all(True):
            for attribute in URL_ATTRIBUTES:
                value = element.get(attribute)
                if not isinstance(value, str) or (attribute == "data" and element.name != "object"):
                    continue
                if element.name in RESOURCE_TAGS or attribute in ("href", "src", "action"):
                    checked += 1
                    problem = _check_url(site, rel, element, attribute, value, base_dir)
                    if problem:
                        failures.append(problem)
    assert checked > len(pages), "链接检查没有找到链接"
    assert not failures, _failures_message("链接检查", failures, len(pages))


def test_pages_cover_every_page_kind(example_site):
    pages = set(html_pages(example_site))
    for required in ("index.html", "404.html", "platforms/index.html", "notices/index.html", "policy/index.html",
                     "policy/attachment-1.html", "policy/attachment-2.html", "policy/attachment-3.html",
                     "data/index.html"):
        assert required in pages
    assert len([p for p in pages if p.startswith("platforms/") and p != "platforms/index.html"
                and not p.startswith("platforms/county/")]) == 38
