"""An output folder that overlaps the source is refused before anything is touched; a
killed build's leftovers are cleaned; unwritable folders get a Chinese message."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sme_registry.context import cache_dir_for
from sme_registry.site.build import build_site
from sme_registry.site.output_guard import ENGINE_ROOT, OutputRefused, check_output
from tests.conftest import EXAMPLE_TODAY, ROOT
from tests.site.test_build import _copy_registry, _tree_digest

pytestmark = pytest.mark.slow  # whole builds / subprocesses: left out of make test-fast


def _listing(folder: Path) -> dict[str, str]:
    """Every entry under `folder` (folders too), with file digests: nothing added or removed."""
    found = _tree_digest(folder)
    found.update({p.relative_to(folder).as_posix() + "/": "dir" for p in folder.rglob("*") if p.is_dir()})
    return found


@pytest.fixture
def src(tmp_path) -> Path:
    return _copy_registry(tmp_path / "src")


def _cli_build(src: Path, output: Path | str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sme_registry", "build", "--src", str(src), "--output", str(output),
                           "--today", EXAMPLE_TODAY.isoformat()], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.parametrize("relative", ["data", "content", "content/notices", "data/platforms", "data/new-folder",
                                      ".", "..", "content/notices/sub"])
def test_output_overlapping_the_source_is_refused_and_nothing_changes(src, relative):
    before = _listing(src.parent)
    done = _cli_build(src, src / relative)
    assert done.returncode == 2, done.stderr
    assert "用法错误：输出目录" in done.stderr and "Traceback" not in done.stderr
    assert "网站未生成" in done.stderr
    assert _listing(src.parent) == before, "a refused build must not create, change or delete anything"


def test_a_symlink_to_the_data_folder_is_refused(src, tmp_path):
    link = tmp_path / "innocent-output"
    link.symlink_to(src / "data")
    before = _listing(src)
    done = _cli_build(src, link)
    assert done.returncode == 2 and "名录的 data/ 目录" in done.stderr, done.stderr
    assert _listing(src) == before
    assert link.is_symlink() and not list(tmp_path.glob(".innocent-output.*"))


def test_a_symlinked_source_folder_is_compared_by_its_real_path(tmp_path):
    """data/ may live elsewhere through a link; its real folder is protected too."""
    real_data = tmp_path / "elsewhere"
    _copy_registry(tmp_path / "copy")
    (tmp_path / "copy/data").rename(real_data)
    (tmp_path / "copy/data").symlink_to(real_data)
    with pytest.raises(OutputRefused, match="data/"):
        check_output(tmp_path / "copy", real_data / "platforms")


@pytest.mark.parametrize("target", ["", "theme", "sme_registry", "sme_registry/site/pelican", ".git", "tests"])
def test_the_engine_and_its_files_are_refused(src, target):
    with pytest.raises(OutputRefused):
        check_output(src, ENGINE_ROOT / target)


def test_root_home_and_their_ancestors_are_refused(src, tmp_path, monkeypatch):
    home = tmp_path / "home/someone"
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    for output in (Path("/"), home, home.parent, tmp_path):
        with pytest.raises(OutputRefused):
            check_output(src, output)
    check_output(src, home / "site")  # a folder inside the home folder is fine


def test_the_usual_output_inside_the_repository_is_allowed():
    check_output(ROOT, ROOT / "output")


def test_a_foreign_folder_or_a_file_is_not_overwritten(src, tmp_path):
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "letter.txt").write_text("重要文件", encoding="utf-8")
    done = _cli_build(src, foreign)
    assert done.returncode == 2 and "不像本工具生成的网站" in done.stderr, done.stderr
    assert (foreign / "letter.txt").read_text(encoding="utf-8") == "重要文件"
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    done = _cli_build(src, a_file)
    assert done.returncode == 2 and "不是目录" in done.stderr
    assert a_file.read_text(encoding="utf-8") == "x"


def test_leftovers_of_a_killed_build_are_removed(src, tmp_path):
    out = tmp_path / "output"
    stale = [tmp_path / ".output.building-k1ll3d", tmp_path / ".output.old-k1ll3d"]
    for folder in stale:
        (folder / "platforms").mkdir(parents=True)
        (folder / "platforms/index.html").write_text("half", encoding="utf-8")
    (tmp_path / ".output.building-stray-file").write_text("x", encoding="utf-8")
    keep = tmp_path / ".other.building-abc"  # another output's staging is not ours to remove
    keep.mkdir()
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    assert not [p.name for p in tmp_path.iterdir() if ".output.building-" in p.name or ".output.old-" in p.name]
    assert keep.is_dir()


def test_an_output_below_a_file_gives_a_chinese_message(src, tmp_path):
    """Root ignores permission bits, so an unwritable parent is made by a file in the way."""
    (tmp_path / "blocker").write_text("x", encoding="utf-8")
    done = _cli_build(src, tmp_path / "blocker/site")
    assert done.returncode == 2, done.stderr
    assert "无法写入输出目录" in done.stderr and "挡住了目录" in done.stderr
    assert "Traceback" not in done.stderr and "Errno" not in done.stderr


def test_an_output_in_a_folder_nobody_may_create_files_in(src):
    """/proc refuses new files even to root: a real, unwritable parent."""
    done = _cli_build(src, "/proc/sme-registry-site")
    assert done.returncode == 2, done.stderr
    assert "无法写入输出目录 /proc/sme-registry-site" in done.stderr and "Traceback" not in done.stderr


def test_an_unusable_cache_folder_does_not_stop_the_build(src, tmp_path, capsys):
    out = tmp_path / "output"
    cache_dir_for(out).write_text("这里本应是缓存目录", encoding="utf-8")
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    err = capsys.readouterr().err
    assert "提示：渲染缓存" in err and "本次不使用缓存" in err
    clean = tmp_path / "clean"
    assert build_site(src, clean, EXAMPLE_TODAY) == 0
    assert _tree_digest(out) == _tree_digest(clean)
    assert cache_dir_for(out).read_text(encoding="utf-8") == "这里本应是缓存目录"


def test_a_link_in_the_rendered_tree_is_never_published(src, tmp_path, monkeypatch, capsys):
    """Defence in depth: whatever wrote it, a symlink in the staging folder stops the swap."""
    from sme_registry.site.pelican import generators

    real_write_feeds = generators.write_feeds

    def write_feeds_and_a_link(sme, settings, output):
        real_write_feeds(sme, settings, output)
        (output / "passwd.txt").symlink_to("/etc/passwd")
        os.mkfifo(output / "feeds/pipe.xml")

    monkeypatch.setattr(generators, "write_feeds", write_feeds_and_a_link)
    out = tmp_path / "output"
    from sme_registry import cli

    assert cli.main(["build", "--src", str(src), "--output", str(out), "--today", EXAMPLE_TODAY.isoformat()]) == 1
    err = capsys.readouterr().err  # the library returns the reasons; the command line prints them
    assert "符号链接或特殊文件 passwd.txt" in err and "符号链接或特殊文件 feeds/pipe.xml" in err
    assert not out.exists() and not list(tmp_path.glob(".output.building-*"))


@pytest.fixture(params=["fork", "inline"])
def index_job(request, monkeypatch):
    """The index job forked (when no other thread runs) or run inline at the wait."""
    if request.param == "inline":
        from sme_registry import parallel

        monkeypatch.setattr(parallel, "can_fork", lambda: False)
    return request.param


def test_a_link_the_background_index_job_leaves_is_never_published(src, tmp_path, monkeypatch, capsys, index_job):
    """The site is checked once every job is done, the search child's folder included: a link
    there stops the swap as well."""
    from sme_registry.site.pelican import generators

    real_build_bundle = generators.SearchIndexGenerator._build_bundle

    def build_bundle_and_a_link(self, cache, platforms, notices, *rest):
        real_build_bundle(self, cache, platforms, notices, *rest)
        out = rest[-2]
        (out / "p" / "leak.json").symlink_to("/etc/passwd")

    monkeypatch.setattr(generators.SearchIndexGenerator, "_build_bundle", build_bundle_and_a_link)
    out = tmp_path / "output"
    from sme_registry import cli

    assert cli.main(["build", "--src", str(src), "--output", str(out), "--today", EXAMPLE_TODAY.isoformat()]) == 1
    assert "符号链接或特殊文件 search/p/leak.json" in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.glob(".output.building-*"))


def test_a_failed_background_index_job_publishes_nothing(src, tmp_path, monkeypatch, capsys, index_job):
    from sme_registry.site.pelican import generators

    def failing_build_bundle(self, *args):
        raise OSError("磁盘已满（测试）")

    out = tmp_path / "output"
    from sme_registry import cli

    assert cli.main(["build", "--src", str(src), "--output", str(out), "--today", EXAMPLE_TODAY.isoformat()]) == 0
    before = _listing(out)  # the published site, which must stay as it is
    shutil.rmtree(cache_dir_for(out))  # so that the index is built again, by a child
    monkeypatch.setattr(generators.SearchIndexGenerator, "_build_bundle", failing_build_bundle)
    assert cli.main(["build", "--src", str(src), "--output", str(out), "--today", EXAMPLE_TODAY.isoformat()]) == 1
    err = capsys.readouterr().err
    # forked, the child's failure; run inline (a thread was running, parallel.can_fork), the error itself
    assert "网站未生成" in err and ("后台子进程失败" in err or "磁盘已满（测试）" in err)
    assert _listing(out) == before and not list(tmp_path.glob(".output.building-*"))



def test_the_open_data_job_is_checked_and_waited_for_like_the_index_job(src, tmp_path, monkeypatch, capsys,
                                                                         index_job):
    """The open-data files (data/, schema/) are written by a second background job: a link it
    leaves stops the swap, a failure publishes nothing, and its temporary file of cache keys
    is removed either way."""
    import tempfile

    from sme_registry import cli
    from sme_registry.site.pelican import generators

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    real_files = generators.DownloadsGenerator._files
    out = tmp_path / "output"
    build = ["build", "--src", str(src), "--output", str(out), "--today", EXAMPLE_TODAY.isoformat()]
    assert cli.main(build) == 0
    before = _listing(out)
    assert (out / "data/platforms.xlsx").is_file() and (out / "schema").is_dir()

    def files_and_a_link(self, *args):
        real_files(self, *args)
        (Path(self.output_path) / "schema" / "leak.json").symlink_to("/etc/passwd")

    monkeypatch.setattr(generators.DownloadsGenerator, "_files", files_and_a_link)
    assert cli.main(build) == 1
    assert "符号链接或特殊文件 schema/leak.json" in capsys.readouterr().err

    def failing_files(self, *args):
        raise OSError("磁盘已满（测试）")

    monkeypatch.setattr(generators.DownloadsGenerator, "_files", failing_files)
    assert cli.main(build) == 1
    err = capsys.readouterr().err
    assert "网站未生成" in err and ("后台子进程失败" in err or "磁盘已满（测试）" in err)
    assert _listing(out) == before and not list(tmp_path.glob(".output.building-*"))
    assert not list((tmp_path / "tmp").iterdir())


def test_the_workbook_written_beside_the_open_data_job_is_waited_for_and_checked(src, tmp_path, monkeypatch,
                                                                                capsys, index_job):
    """All workbooks but the first are written by children of the open-data job: a link one
    leaves stops the swap, and its failure fails the build, which publishes nothing."""
    from sme_registry import cli
    from sme_registry.site.pelican import generators
    from sme_registry.site.workbooks import WORKBOOK_FILES

    out = tmp_path / "output"
    build = ["build", "--src", str(src), "--output", str(out), "--today", EXAMPLE_TODAY.isoformat()]
    assert cli.main(build) == 0
    before = _listing(out)
    real = generators.DownloadsGenerator._workbook

    def workbook_and_a_link(self, name, columns, key):
        real(self, name, columns, key)
        if name == WORKBOOK_FILES[-1]:
            (Path(self.output_path) / "data" / "leak.txt").symlink_to("/etc/passwd")

    monkeypatch.setattr(generators.DownloadsGenerator, "_workbook", workbook_and_a_link)
    shutil.rmtree(cache_dir_for(out))  # so that the workbooks are written again
    assert cli.main(build) == 1
    assert "符号链接或特殊文件 data/leak.txt" in capsys.readouterr().err

    def failing_workbook(self, name, columns, key):
        if name == WORKBOOK_FILES[-1]:
            raise OSError("磁盘已满（测试）")
        real(self, name, columns, key)

    monkeypatch.setattr(generators.DownloadsGenerator, "_workbook", failing_workbook)
    shutil.rmtree(cache_dir_for(out))
    assert cli.main(build) == 1
    err = capsys.readouterr().err
    assert "网站未生成" in err and ("后台子进程失败" in err or "磁盘已满（测试）" in err)
    assert _listing(out) == before and not list(tmp_path.glob(".output.building-*"))


def test_a_build_killed_while_rendering_is_cleaned_up_by_the_next(src, tmp_path):
    """A real kill -9 in the middle of rendering (waiting for the staging folder to appear,
    not for a time), then a normal build."""
    import signal

    out = tmp_path / "output"
    child = subprocess.Popen([sys.executable, "-m", "sme_registry", "build", "--src", str(src), "--output", str(out),
                              "--today", EXAMPLE_TODAY.isoformat()], cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    try:
        while child.poll() is None and not list(tmp_path.glob(".output.building-*/*")):
            time.sleep(0.01)  # polling for a state, not asserting a duration
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
    if child.returncode == -signal.SIGKILL:
        assert list(tmp_path.glob(".output.building-*")), "the killed build left its staging folder"
    assert build_site(src, out, EXAMPLE_TODAY) == 0
    assert not list(tmp_path.glob(".output.building-*")) and not list(tmp_path.glob(".output.old-*"))
