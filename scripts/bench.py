#!/usr/bin/env python3
"""`make bench`: the build figures at N=1000 and 10000 in one run — validation, a clean full
build against plain Pelican building the same number of plain Markdown pages with its default
theme, a no-change rebuild, rebuilds after editing one platform's description and one platform's
name, peak memory.

Writes a Markdown table to stdout and JSON to bench-out/bench.json. Not a test: the
figures depend on the machine, so they are reported, never asserted.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sme_registry.cli_text import ChineseArgumentParser

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
TODAY = "2026-11-25"


def _measured(cmd: list[str], env: dict | None = None) -> tuple[float, float, float]:
    """(wall s, peak RSS MiB, system CPU s) of `cmd`, its waited-for children included."""
    wrapper = [PY, "-c", _WRAPPER, *cmd]
    start = time.perf_counter()
    out = subprocess.run(wrapper, check=True, cwd=ROOT, env={**os.environ, **(env or {})},
                         capture_output=True, text=True)
    wall = time.perf_counter() - start
    rss, system = out.stdout.strip().splitlines()[-1].split()
    return wall, float(rss), float(system)


_WRAPPER = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(used.ru_maxrss / 1024, used.ru_stime)
"""


def _size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def _plain_pelican_site(n: int, dest: Path) -> None:
    """N plain Markdown articles of about the size of a platform page's text."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "content").mkdir(parents=True)
    for i in range(n):
        (dest / "content" / f"p{i:05d}.md").write_text(
            f"Title: 平台 {i}\nDate: 2024-01-01\nSlug: p{i:05d}\n\n"
            + "聊城市中小企业公共服务示范平台。面向中小企业提供信息、技术、培训、融资等服务。\n" * 4,
            encoding="utf-8")
    (dest / "pelicanconf.py").write_text(
        "PATH='content'\nSITENAME='bench'\nTIMEZONE='Asia/Shanghai'\nDEFAULT_LANG='zh'\n"
        "FEED_ALL_ATOM=None\nCATEGORY_FEED_ATOM=None\nAUTHOR_FEED_ATOM=None\nAUTHOR_FEED_RSS=None\n"
        "TRANSLATION_FEED_ATOM=None\nRELATIVE_URLS=True\nDEFAULT_PAGINATION=False\n", encoding="utf-8")


def _timed(runs: int, step) -> dict:
    """`step()` returns (wall s, peak RSS MiB, system s); run `runs` times and summed up."""
    return _summary([step() for _ in range(runs)])


def _summary(samples: list) -> dict:
    """Min and median wall time, peak RSS and median system time of (wall, RSS, system) samples."""
    walls, peaks, systems = zip(*samples, strict=True)
    return {"min": round(min(walls), 2), "median": round(statistics.median(list(walls)), 2), "rss": round(max(peaks)),
            "system": round(statistics.median(list(systems)), 1)}


def bench(n: int, work: Path, runs: int = 3) -> dict:
    """Every build figure at size `n`: validation, a clean full build (no cache) against plain
    Pelican (run in turn, pair by pair), a no-change rebuild, a rebuild after editing one
    platform, peak memory. Builds go through the same command as `make html`.

    `work` is a folder no earlier run used: every clean build, ours and Pelican's, writes into
    a new folder of it, and nothing is deleted until the whole bench is done (`main`). On this
    machine's file system (ext4 without a journal) a new file skips the inode numbers freed in
    the last minute or more, one check each, so a build started right after deleting the last
    one's thousands of files pays for every file it makes (sys time several times higher, and
    varying from run to run); deleting only our output, as an earlier bench did, charged that to
    our build alone, while Pelican wrote over its files in place."""
    work.mkdir(parents=True)
    src = work / f"reg{n}"
    subprocess.run([PY, "-m", "scripts.synth", str(n), str(src)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    validate = _timed(runs, lambda: _measured([PY, "-m", "sme_registry", "validate", "--src", str(src),
                                               "--today", TODAY]))
    plain = work / f"plain{n}"
    _plain_pelican_site(n, plain)

    def build(out: Path) -> list[str]:
        return [PY, "-m", "sme_registry", "build", "--src", str(src), "--output", str(out), "--today", TODAY]

    def clean_pair(k: int):
        """Our clean build and Pelican's, run `k`, each into a new folder (our cache is beside it)."""
        ours = _measured(build(work / f"full{n}-{k}" / "out"))
        pelican = _measured([str(Path(PY).parent / "pelican"), str(plain / "content"), "-s",
                             str(plain / "pelicanconf.py"), "-o", str(plain / f"output-{k}"), "-q"])
        return ours, pelican

    pairs = [clean_pair(k) for k in range(runs)]
    full, plain_s = _summary([b for b, _ in pairs]), _summary([p for _, p in pairs])
    ratio = statistics.median([b[0] / p[0] for b, p in pairs])
    out = work / f"full{n}-{runs - 1}" / "out"  # the rebuilds go on from the last clean build
    no_change = _timed(runs, lambda: _measured(build(out)))
    platforms = sorted((src / "data/platforms").glob("*.yaml"))
    edits = iter(range(2 * runs))

    def one_edit(old: str, new: str):
        """Edit a different platform each run: its description (shown on its page and in the
        exports only) or its name (also in the lists, the workbooks and the search index)."""
        edited = platforms[(n // 2 + next(edits)) % len(platforms)]
        edited.write_text(edited.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        return _measured(build(out))

    one_file = _timed(runs, lambda: one_edit("等服务。", "等服务（已更新）。"))
    renamed = _timed(runs, lambda: one_edit("\nname: ", "\nname: 新"))
    size, files = _size(out)
    return {
        "n": n, "runs": runs, "validate": validate, "full": full, "plain": plain_s,
        "full_vs_plain": round(ratio, 2), "no_change": no_change, "one_file": one_file,
        "one_file_vs_full": round(one_file["median"] / full["median"], 2),
        "renamed": renamed, "renamed_vs_full": round(renamed["median"] / full["median"], 2),
        "peak_rss_mib": max(validate["rss"], full["rss"], no_change["rss"], one_file["rss"], renamed["rss"]),
        "output_mib": round(size / 2**20, 1), "output_files": files,
        "load": os.getloadavg()[0],
    }


def _document(lines: list[str]) -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "未知")
    head = [
        "# 性能基准",
        "",
        "<!-- 由 `make bench`（scripts/bench.py）生成。 -->",
        "",
        f"测量日期 {time.strftime('%Y-%m-%d')}；处理器 {cpu}；内存 {_memory_gib()} GiB。",
        "合成名录由 `scripts/synth.py` 生成；“纯 Pelican”是同一台机器、同一次运行中，"
        "Pelican 用默认主题生成同样数量的普通 Markdown 页面。",
        "重新生成是再次 `build` 到同一输出目录（与 `make html SRC=… OUTPUT=…` 相同的命令，缓存在输出目录旁的"
        " `.<输出目录名>.cache/`）。搜索的测量见 docs/search-bench.md。",
        "",
    ]
    return "\n".join(head + lines) + "\n"


def _memory_gib() -> str:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return f"{int(line.split()[1]) / 2**20:.0f}"
    return "?"


def _cell(t: dict) -> str:
    return f"{t['median']}（{t['min']}）"


def main() -> int:
    parser = ChineseArgumentParser(prog="python -m scripts.bench",
                                   description="性能基准（make bench）：校验、完整生成与纯 Pelican 对比、不改文件与改一个平台后的重新生成、峰值内存")
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000], help="合成名录的平台数，默认 1000 10000")
    parser.add_argument("--runs", type=int, default=3, help="每条命令运行几次（报告中位数与最小值），默认 3")
    parser.add_argument("--work", type=Path, default=ROOT / "bench-out", help="工作目录，默认 bench-out/")
    parser.add_argument("--write", type=Path, help="另把表格（连同机器信息）写入这个 Markdown 文件")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    # A new folder for this run's registries and builds (see `bench`); earlier runs' folders
    # and this one's are deleted only once every figure is measured.
    run = Path(tempfile.mkdtemp(prefix="builds-", dir=args.work))
    load_before = os.getloadavg()
    try:
        rows = [bench(n, run / f"n{n}", args.runs) for n in args.sizes]
    finally:
        # (also what benches before this layout left in the work folder itself)
        for old in [run, *(p for pattern in ("builds-*", "reg*", "out*", "plain*", ".out*.cache")
                           for p in args.work.glob(pattern))]:
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
    header = ("| N | 校验 s | 完整生成 s | 纯 Pelican s | 完整生成 / 纯 Pelican | 不改文件重新生成 s "
              "| 改一个平台的描述后重新生成 s | 改描述 / 完整生成 | 改一个平台的名称后重新生成 s | 改名称 / 完整生成 "
              "| 峰值内存 MiB | 输出 MiB / 文件数 | 系统时间 s：完整生成 / 纯 Pelican |")
    lines = [header, "|" + "---|" * 13]
    for r in rows:
        lines.append(
            f"| {r['n']} | {_cell(r['validate'])} | {_cell(r['full'])} | {_cell(r['plain'])} | {r['full_vs_plain']} "
            f"| {_cell(r['no_change'])} | {_cell(r['one_file'])} | {r['one_file_vs_full']} "
            f"| {_cell(r['renamed'])} | {r['renamed_vs_full']} | {r['peak_rss_mib']} "
            f"| {r['output_mib']} / {r['output_files']} | {r['full']['system']} / {r['plain']['system']} |")
    lines.append(f"\n每个数字是 {args.runs} 次运行的中位数（括号内为最小值），墙钟秒，含进程启动。"
                 "“完整生成”没有缓存，写入一个新的空目录；纯 Pelican 也每次写入一个新目录，两者轮流运行，比值取每对之比的中位数。"
                 "本次运行的合成名录和各次生成的结果都在一个新的工作目录里，全部测完才删除："
                 "这台机器的文件系统（ext4，无日志）新建文件时要逐个跳过最近一分钟以上删除的 inode，"
                 "刚删掉上一次生成的几万个文件就再生成，每建一个文件都要多花时间（内核时间可高出数倍，且每次不同）。"
                 "此前的基准在每次完整生成前删除我们的输出目录和缓存，而纯 Pelican 直接覆盖已有文件，"
                 "这项开销只算在了我们一方。"
                 "“改一个平台后重新生成”从最后一次完整生成的结果接着生成到同一目录，每次改一个不同的平台文件：改描述文字（只在平台页和导出文件里），"
                 "或在名称前加一个字（名称还在列表、xlsx 和搜索索引里，这些也要重新生成）。"
                 "最后一列是内核为进程花的 CPU 时间（中位数，含子进程）：主要是建文件、目录和硬链接；"
                 "完整生成要建的目录项约是纯 Pelican 的五倍（文件、渲染缓存里的链接、每个平台页的目录）。")
    lines.append(f"\n运行前后的系统负载（1 分钟平均）：{load_before[0]:.1f} → {os.getloadavg()[0]:.1f}"
                 "（机器与其他任务共用时数字偏大）。")
    lines.append(f"\n机器：{platform.machine()}，{os.cpu_count()} 核，Python {platform.python_version()}。")
    print("\n".join(lines))
    if args.write:
        args.write.write_text(_document(lines), encoding="utf-8")
    (args.work / "bench.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
