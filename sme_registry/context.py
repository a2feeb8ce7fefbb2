"""The build context: what one run is about, made once at the command-line edge.

The command line reads its options and the environment (TODAY, SITEURL, BASE_PATH,
PRODUCTION, TEMPLATE_OVERRIDES) into one frozen BuildContext and passes it down; nothing
below reads the environment.

A production build (`--production` or PRODUCTION=1: `make deploy`, `make docker`, the publish
workflows) must be told the public address (SITEURL): feeds, sitemap.xml and robots.txt carry
it, and 404.html takes its base path from it. Local builds and tests fall back to an
example address.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from sme_registry.regulation import dates

DEFAULT_PUBLIC_URL = "https://example.org/sme"
_PUBLIC_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(/[^\s?#<>\"']*)?$")
_BASE_PATH = re.compile(r"^/(?:[^\s?#<>\"'/]+/)*$")
_TRUE = ("1", "true", "yes")


class ContextError(ValueError):
    """An option or environment value is malformed (the message is for the user)."""


@dataclass(frozen=True)
class BuildContext:
    src: Path  # a folder holding data/ and content/
    today: dt.date  # the day statuses are computed for
    output: Path | None = None  # the site folder (build only)
    public_url: str = DEFAULT_PUBLIC_URL  # absolute address of the published site (feeds, sitemap)
    base_path: str = ""  # URL path the site is served under, e.g. /sme/ (404.html's <base>)
    cache: Path | None = None  # the rebuild cache folder beside the output
    production: bool = False  # a build to publish: SITEURL is required
    template_overrides: Path | None = None  # the deployer's partials (THEME_TEMPLATES_OVERRIDES)


def today_from(value: str | None, environ: Mapping[str, str] = os.environ) -> dt.date:
    """`--today`, else $TODAY, else today in Asia/Shanghai."""
    text = value or environ.get("TODAY") or None
    try:
        return dates.today_in_shanghai(text)
    except ValueError:
        raise ContextError(f"TODAY 的格式应为 YYYY-MM-DD：{text}") from None


def cache_dir_for(output: Path) -> Path:
    """Rendered-page cache of one output folder, kept beside it (the swap replaces the folder)."""
    return output.parent / f".{output.name}.cache"


def make_context(src, today: dt.date, output=None, public_url: str | None = None, base_path: str | None = None,
                 environ: Mapping[str, str] = os.environ, production: bool | None = None,
                 template_overrides=None) -> BuildContext:
    src = Path(src).resolve()
    output = Path(output).resolve() if output is not None else None
    if production is None:
        production = environ.get("PRODUCTION", "").strip().lower() in _TRUE
    given = public_url if public_url is not None else environ.get("SITEURL") or None
    if given is None and production:
        raise ContextError(
            "正式发布必须设置网站的公开地址 SITEURL，例如 SITEURL=https://www.example.gov.cn/sme "
            "（也可用 --public-url）。订阅、sitemap.xml、robots.txt 中的网址和 404 页的路径都由它决定；"
            f"不设置会指向示例地址 {DEFAULT_PUBLIC_URL}，所以网站未生成。本机预览（make html）不需要设置。")
    url = (given or DEFAULT_PUBLIC_URL).rstrip("/")
    if not _PUBLIC_URL.match(url):
        raise ContextError(f"SITEURL 应是以 http:// 或 https:// 开头的完整网址（不含 ? 和 #），例如 "
                           f"https://www.example.gov.cn/sme：{given}")
    base = base_path if base_path is not None else environ.get("BASE_PATH") or None
    if base is None:
        # 404.html is served at any depth: its <base> comes from the public address's path.
        base = (urlsplit(url).path.rstrip("/") + "/") if given is not None else ""
    elif base and not _BASE_PATH.match(base):
        raise ContextError(f"BASE_PATH 应以 / 开头并以 / 结尾，例如 /sme/：{base}")
    overrides = template_overrides if template_overrides is not None else environ.get("TEMPLATE_OVERRIDES") or None
    return BuildContext(src=src, today=today, output=output, public_url=url, base_path=base,
                        cache=cache_dir_for(output) if output is not None else None, production=production,
                        template_overrides=overrides_folder(overrides, src) if overrides else None)


def overrides_folder(value, src: Path) -> Path:
    """The deployer's template folder. Templates are code (Jinja reaches Python attributes), so
    they are taken only from the command line or the deployer's environment, never from the
    registry: a folder inside the source tree, which pull requests change, is refused."""
    folder = Path(value).expanduser().resolve()
    if not folder.is_dir():
        raise ContextError(f"模板覆盖目录不存在或不是文件夹：{value}")
    if folder == src or src in folder.parents:
        raise ContextError(f"模板覆盖目录 {value} 位于名录目录 {src} 之内：合并请求可以修改其中的文件，而模板能执行代码。"
                           "请把宿主网站的页头、页脚模板放在名录目录之外（例如 /etc/sme-registry/templates），"
                           "见 docs/host-frame.md。")
    return folder


@dataclass(frozen=True)
class RenderInput:
    """The one object Pelican's settings carry (`SME_CONTEXT`): the build context, the
    registry validated for it, and the rendered-page cache."""

    context: BuildContext
    registry: object  # model.Registry
    cache: object  # site.pelican.render_cache.RenderCache
    derived: object = None  # derive.derived.Derived: per-platform results kept between builds
    # Work a generator started on the second core that may still be writing when Pelican is
    # done (the search index, the open-data files, a share of the platform pages): each has
    # `wait()` and `claim(cache)` (site.pelican.generators.SecondCoreWork); the build waits
    # for them before it checks the output and swaps it in.
    pending: list = field(default_factory=list, compare=False)
