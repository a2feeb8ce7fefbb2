"""Validate, then let Pelican render into a temporary folder and swap it in atomically.

If validation or rendering fails, the previous output folder is left exactly as it was.
An output folder that overlaps the source is refused before anything is touched
(output_guard); staging and old folders a killed build left behind are removed by the
next build, which holds a lock beside the output so that two builds never interleave.
The library prints nothing: `build` returns a BuildResult and the command line shows it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import glob
import logging
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sme_registry.context import BuildContext, RenderInput, make_context
from sme_registry.derive.derived import NAME as DERIVED_MEMO
from sme_registry.derive.derived import Derived
from sme_registry.derive.derived import shape as derived_shape
from sme_registry.derive.views import PLATFORM_FOLDER
from sme_registry.heap import cyclic_gc_paused, freezes_undone
from sme_registry.load.load_memo import NAME as LOAD_MEMO
from sme_registry.load.load_memo import LoadMemo, entry_shape
from sme_registry.resources import engine_path
from sme_registry.site import page_folders
from sme_registry.site.output_guard import OutputRefused, check_output, real, reason
from sme_registry.site.pelican.render_cache import RenderCache, code_digest
from sme_registry.site.site_tree import walk, write_sitemap
from sme_registry.validate.report import Report, validate

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
    refused: str | None = None  # why the output folder was refused or could not be written (exit 2)

    @property
    def built(self) -> bool:
        return (self.refused is None and self.report is not None and not self.report.errors
                and not self.render_errors)

    @property
    def exit_code(self) -> int:
        if self.refused is not None:
            return 2
        return 0 if self.built else 1

    def summary(self) -> str:
        output, today = self.context.output, self.context.today
        if self.refused is not None:
            return self.refused
        if self.report is not None and self.report.errors:
            return f"网站未生成：数据有错误，{output} 保持不变。"
        if self.render_errors:
            return f"网站未生成：渲染出错（{len(self.render_errors)} 处），{output} 保持不变。"
        return f"网站已生成：{output}（按 {today} 计算状态）"


def build(ctx: BuildContext, on_wait: Callable[[str], None] | None = None) -> BuildResult:
    """Validate `ctx.src`, render it into a temporary folder and swap that in for `ctx.output`.
    `on_wait` is told when another build holds the output's lock."""
    with freezes_undone():  # the registry and its views are frozen for the build (heap.py)
        return _build(ctx, on_wait)


def _build(ctx: BuildContext, on_wait: Callable[[str], None] | None) -> BuildResult:
    src, output = real(ctx.src), real(ctx.output)
    try:
        check_output(src, output)
    except OutputRefused as refused:
        return BuildResult(ctx, None, refused=f"用法错误：{refused}。请换一个输出目录，网站未生成，没有改动任何文件。")
    except OSError as exc:
        return BuildResult(ctx, None, refused=_cannot_write(output, exc))
    # Parsed once (on both cores); Pelican reuses this registry. Platform files whose exact
    # bytes loaded cleanly in the previous build are not parsed again (load_memo.py).
    # Likewise each platform's rule checks, view and list rows (derived.py).
    with cyclic_gc_paused(freeze=True):  # millions of objects, no cycles, kept all build (heap.py)
        loads = LoadMemo(code_digest(), RenderCache.read_sharded_memo(ctx.cache, LOAD_MEMO, entry_shape))
        derived = Derived(code_digest(), RenderCache.read_sharded_memo(ctx.cache, DERIVED_MEMO, derived_shape, lazy=True))
        registry, report = validate(src, ctx.today, loads, derived)
    if report.errors:
        return BuildResult(ctx, report)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with _build_lock(output, on_wait):
            _remove_leftovers(output)
            return _build_locked(ctx, output, registry, report, (loads, derived))
    except OSError as exc:
        return BuildResult(ctx, report, refused=_cannot_write(output, exc))


def build_site(src: Path, output: Path, today: dt.date, **options) -> int:
    """`build` for callers with plain arguments (tests, scripts); returns the exit code.
    `options` are the other BuildContext fields (public_url, base_path)."""
    return build(make_context(src, today, output, environ={}, **options)).exit_code


def _build_locked(ctx: BuildContext, output: Path, registry, report, kept: tuple) -> BuildResult:
    loads, derived = kept
    cache = RenderCache.open(ctx.cache)  # scanned under the lock, as it is now
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read it
        given = RenderInput(ctx, registry, cache, derived)
        try:
            errors, log = _render(ctx, staging, given)
            if not errors:  # while the second core may still write its part of the site
                for name, memo in ((LOAD_MEMO, loads), (DERIVED_MEMO, derived)):
                    cache.save_sharded_memo(name, memo.previous, memo.kept)
                cache.record_so_far()
        finally:
            failed = _finish(given.pending, cache)  # waited for even when rendering failed
        errors = errors or failed
        log = log + [f"网站未生成：{e}" for e in failed]
        if not errors:  # every part is written: one walk finds what may not be published and the pages
            tree = walk(staging)
            errors = [f"生成结果中出现了符号链接或特殊文件 {name}，不予发布。" for name in tree.not_plain]
            log = log + [f"网站未生成：{e}" for e in errors]
        if errors:
            return BuildResult(ctx, report, tuple(errors), tuple(log))
        write_sitemap(staging, tree.pages, ctx.public_url)
        cache.record()  # before the swap: until then no one else knows the staging folder
        _swap(staging, output, cache.directory)
        cache.prune()
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(ctx, report, (), tuple(log))


def _finish(pending: list, cache: RenderCache) -> list[str]:
    """Wait for the work still running for this site (RenderInput.pending), then take in the
    cache entries its children stored (one rescan for all) and claim them; the failures."""
    failed = []
    for job in pending:
        try:
            job.wait()
        except Exception as exc:  # a failed child: the site is not swapped in
            failed.append(repr(exc))
    if pending and not failed:
        cache.rescan()
        for job in pending:
            try:
                job.claim(cache)
            except Exception as exc:
                failed.append(repr(exc))
    return failed


def _cannot_write(output: Path, exc: OSError) -> str:
    where = f"（{exc.filename}）" if exc.filename else ""
    return (f"网站未生成：无法写入输出目录 {output} 或其所在目录{where}：{reason(exc)}。"
            f"请检查该目录是否存在、可写，{output} 保持不变。")


@contextlib.contextmanager
def _build_lock(output: Path, on_wait: Callable[[str], None] | None):
    """An exclusive lock beside the output, so leftovers of a live build are never taken
    for a killed build's. The lock ends with the process, however it ends."""
    with open(output.parent / f".{output.name}.lock", "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(f"另一次生成正在写入 {output}，等待它结束……")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _remove_leftovers(output: Path) -> None:
    """Staging and old folders that a killed build (or a slow detached `rm`) left behind."""
    name = glob.escape(output.name)
    for pattern in (f".{name}.building-*", f".{name}.old-*"):
        for leftover in output.parent.glob(pattern):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)


def _render(ctx: BuildContext, staging: Path, given: RenderInput) -> tuple[list[str], list[str]]:
    from pelican import Pelican
    from pelican.settings import read_settings

    from sme_registry.site.pelican.compiled_templates import CompiledTemplates
    from sme_registry.site.pelican.frame_partials import FramePartials

    settings = read_settings(
        str(SETTINGS_FILE),
        override={
            "PATH": str(ctx.src / "content"),
            "OUTPUT_PATH": str(staging),
            "SME_CONTEXT": given,
            # Page titles name the site as data/site.yaml does (pelicanconf's is only a fallback).
            **({"SITENAME": given.registry.site["site_name"]} if given.registry.site.get("site_name") else {}),
            # Pelican would compare notice dates with the wall clock when this is off.
            "WITH_FUTURE_DATES": True,
            # The deployer's header/footer partials, searched before the theme's (docs/host-frame.md).
            "THEME_TEMPLATES_OVERRIDES": [str(ctx.template_overrides)] if ctx.template_overrides else [],
        },
    )
    # One compiled copy of each template for all the generators' environments.
    settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "bytecode_cache": CompiledTemplates()}
    # The header and footer, rendered once for each set of the values they read (frame_partials).
    settings["JINJA_GLOBALS"] = {**settings["JINJA_GLOBALS"], "frame_partial": FramePartials().function()}
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


def _swap(staging: Path, output: Path, cache_dir: Path | None) -> None:
    """Replace `output` with `staging` using renames, so readers never see a half-built site.
    The previous folder is deleted by a detached `rm` so that a large site's thousands of
    files do not hold up the build; its platform page folders are kept for the next build
    in the cache's folder `cache_dir` (page_folders)."""
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-", dir=output.parent))
        old.rmdir()
        output.rename(old)
        staging.rename(output)
        page_folders.keep(old / PLATFORM_FOLDER, cache_dir)
        page_folders.remove_in_background(old)
    else:
        staging.rename(output)
