"""The build context: what one run is about, made once at the command-line edge.

The command line reads its options and the environment (TODAY, SITEURL, BASE_PATH) into
one frozen BuildContext and passes it down; nothing below reads the environment.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sme_registry.regulation import dates

DEFAULT_PUBLIC_URL = "https://example.org/sme"


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
                 environ: Mapping[str, str] = os.environ) -> BuildContext:
    src = Path(src).resolve()
    output = Path(output).resolve() if output is not None else None
    url = public_url if public_url is not None else environ.get("SITEURL") or DEFAULT_PUBLIC_URL
    base = base_path if base_path is not None else environ.get("BASE_PATH", "")
    return BuildContext(src=src, today=today, output=output, public_url=url.rstrip("/"), base_path=base,
                        cache=cache_dir_for(output) if output is not None else None)


@dataclass(frozen=True)
class RenderInput:
    """The one object Pelican's settings carry (`SME_CONTEXT`): the build context, the
    registry validated for it, and the rendered-page cache."""

    context: BuildContext
    registry: object  # model.Registry
    cache: object  # site.pelican.render_cache.RenderCache
    derived: object = None  # derive.derived.Derived: per-platform results kept between builds
