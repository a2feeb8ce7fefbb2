"""Validate, then let Pelican render into a temporary folder and swap it in atomically.

If validation or rendering fails, the previous output folder is left exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sme_registry.context import BuildContext, RenderInput, make_context
from sme_registry.loader import ParseMemo
from sme_registry.pelican_plugin.render_cache import RenderCache
from sme_registry.report import Report, validate
from sme_registry.resources import engine_path

SETTINGS_FILE = engine_path("pelicanconf.py")


class _LogCollector(logging.Handler):
    """Pelican's warnings and errors, kept for the caller to show."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.errors: list[str] = []
        self.lines: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            self.errors.append(message)
        self.lines.append(f"pelican: {record.levelname}: {message}")


@dataclass(frozen=True)
class BuildResult:
    """What a build did; the command line prints it (the library prints nothing)."""

    context: BuildContext
    report: Report | None  # the validation report (None if validation did not run)
    render_errors: tuple[str, ...] = ()
    log: tuple[str, ...] = ()  # Pelican's warnings and errors, one line each

    @property
    def built(self) -> bool:
        return self.report is not None and not self.report.errors and not self.render_errors

    @property
    def exit_code(self) -> int:
        return 0 if self.built else 1

    def summary(self) -> str:
        output, today = self.context.output, self.context.today
        if self.report is not None and self.report.errors:
            return f"网站未生成：数据有错误，{output} 保持不变。"
        if self.render_errors:
            return f"网站未生成：渲染出错（{len(self.render_errors)} 处），{output} 保持不变。"
        return f"网站已生成：{output}（按 {today} 计算状态）"


def build(ctx: BuildContext) -> BuildResult:
    """Validate `ctx.src`, render it into a temporary folder and swap that in for `ctx.output`."""
    output = ctx.output
    cache = RenderCache(ctx.cache)
    memo = ParseMemo(cache.load_memo("parsed-yaml") or {})
    registry, report = validate(ctx.src, ctx.today, memo)  # parsed once; Pelican reuses this registry
    if report.errors:
        return BuildResult(ctx, report)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read it
    try:
        cache.save_memo("parsed-yaml", memo, keep=memo.used)
        errors, log = _render(ctx, staging, registry, cache)
        if errors:
            return BuildResult(ctx, report, tuple(errors), tuple(log))
        _swap(staging, output)
        cache.prune()
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return BuildResult(ctx, report, (), tuple(log))


def build_site(src: Path, output: Path, today: dt.date, **options) -> int:
    """`build` for callers with plain arguments (tests, scripts); returns the exit code.
    `options` are the other BuildContext fields (public_url, base_path)."""
    return build(make_context(src, today, output, environ={}, **options)).exit_code


def _render(ctx: BuildContext, staging: Path, registry, cache) -> tuple[list[str], list[str]]:
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(
        str(SETTINGS_FILE),
        override={
            "PATH": str(ctx.src / "content"),
            "OUTPUT_PATH": str(staging),
            "SME_CONTEXT": RenderInput(ctx, registry, cache),
        },
    )
    collector = _LogCollector()
    logger = logging.getLogger("pelican")
    logger.addHandler(collector)
    try:
        Pelican(settings).run()
    except Exception as exc:  # any crash in rendering must not touch the output folder
        collector.errors.append(repr(exc))
        collector.lines.append(f"pelican: ERROR: {exc!r}")
    finally:
        logger.removeHandler(collector)
    return collector.errors, collector.lines


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
