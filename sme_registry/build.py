"""Validate, then let Pelican render into a temporary folder and swap it in atomically.

If validation or rendering fails, the previous output folder is left exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sme_registry import formatters
from sme_registry.loader import ParseMemo
from sme_registry.pelican_plugin.render_cache import RenderCache
from sme_registry.report import validate

ENGINE_ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = ENGINE_ROOT / "pelicanconf.py"


class _ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.errors: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            self.errors.append(message)
        print(f"pelican: {record.levelname}: {message}", file=sys.stderr)


def build_site(src: Path, output: Path, today: dt.date) -> int:
    src, output = Path(src).resolve(), Path(output).resolve()
    cache = RenderCache(cache_dir_for(output))
    memo = ParseMemo(cache.load_memo("parsed-yaml") or {})
    registry, report = validate(src, today, memo)  # parsed once; Pelican reuses this registry
    if report.errors:
        sys.stderr.write(formatters.text(report))
        print(f"网站未生成：数据有错误，{output} 保持不变。", file=sys.stderr)
        return 1
    if report.warnings:
        sys.stderr.write(formatters.text(report))
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read it
    try:
        cache.save_memo("parsed-yaml", memo, keep=memo.used)
        errors = _render(src, staging, registry, today, cache)
        if errors:
            print(f"网站未生成：渲染出错（{len(errors)} 处），{output} 保持不变。", file=sys.stderr)
            return 1
        _swap(staging, output)
        cache.prune()
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    print(f"网站已生成：{output}（按 {today} 计算状态）")
    return 0


def cache_dir_for(output: Path) -> Path:
    """Rendered-page cache of one output folder, kept beside it (the swap replaces the folder)."""
    return output.parent / f".{output.name}.cache"


def _render(src: Path, staging: Path, registry, today: dt.date, cache) -> list[str]:
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(
        str(SETTINGS_FILE),
        override={
            "PATH": str(src / "content"),
            "OUTPUT_PATH": str(staging),
            "SME_SRC": str(src),
            "SME_TODAY": today.isoformat(),
            "SME_PRELOADED": (registry, today),
            "SME_CACHE": cache,
        },
    )
    counter = _ErrorCounter()
    logger = logging.getLogger("pelican")
    logger.addHandler(counter)
    try:
        Pelican(settings).run()
    except Exception as exc:  # any crash in rendering must not touch the output folder
        counter.errors.append(repr(exc))
        print(f"pelican: ERROR: {exc!r}", file=sys.stderr)
    finally:
        logger.removeHandler(counter)
    return counter.errors


def _swap(staging: Path, output: Path) -> None:
    """Replace `output` with `staging` using renames, so readers never see a half-built site.
    The previous folder is deleted by a detached `rm` so that a large site's thousands of
    files do not hold up the build."""
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
        old.rmdir()
        output.rename(old)
        staging.rename(output)
        subprocess.Popen(["rm", "-rf", "--", str(old)], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        staging.rename(output)
