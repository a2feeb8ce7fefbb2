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
import subprocess
import sys
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


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _timed(runs: int, step) -> dict:
    """`step()` returns (wall s, peak RSS MiB, system s); `runs` times, min and median kept."""
    walls, peaks, _ = zip(*(step() for _ in range(runs)), strict=True)
    return {"min": round(min(walls), 2), "median": round(_median(list(walls)), 2), "rss": round(max(peaks))}


def bench(n: int, work: Path, runs: int = 3) -> dict:
    """Every build figure at size `n`: validation, a clean full build (no cache) against plain
    Pelican (run in turn, pair by pair), a no-change rebuild, a rebuild after editing one
    platform, peak memory. Builds go through the same command as `make html`."""
    src, out = work / f"reg{n}", work / f"out{n}"
    cache = out.parent / f".{out.name}.cache"  # sme_registry.context.cache_dir_for
    subprocess.run([PY, "-m", "scripts.synth", str(n), str(src)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    validate = _timed(runs, lambda: _measured([PY, "-m", "sme_registry", "validate", "--src", str(src),
                                               "--today", TODAY]))
    build = [PY, "-m", "sme_registry", "build", "--src", str(src), "--output", str(out), "--today", TODAY]
    plain = work / f"plain{n}"
    _plain_pelican_site(n, plain)
    pelican = [str(Path(PY).parent / "pelican"), str(plain / "content"), "-s", str(plain / "pelicanconf.py"),
               "-o", str(plain / "output"), "-q"]

    def clean_build():
        for folder in (out, cache):
            shutil.rmtree(folder, ignore_errors=True)
        return _measured(build)

    pairs = [(clean_build(), _measured(pelican)) for _ in range(runs)]
    full = {"min": round(min(b[0] for b, _ in pairs), 2), "median": round(_median([b[0] for b, _ in pairs]), 2),
            "rss": round(max(b[1] for b, _ in pairs)), "system": round(_median([b[2] for b, _ in pairs]), 1)}
    plain_s = {"min": round(min(p[0] for _, p in pairs), 2), "median": round(_median([p[0] for _, p in pairs]), 2),
               "rss": round(max(p[1] for _, p in pairs)), "system": round(_median([p[2] for _, p in pairs]), 1)}
    ratio = _median([b[0] / p[0] for b, p in pairs])
    no_change = _timed(runs, lambda: _measured(build))
    platforms = sorted((src / "data/platforms").glob("*.yaml"))
    edits = iter(range(2 * runs))

    def one_edit(old: str, new: str):
        """Edit a different platform each run: its description (shown on its page and in the
        exports only) or its name (also in the lists, the workbooks and the search index)."""
        edited = platforms[(n // 2 + next(edits)) % len(platforms)]
        edited.write_text(edited.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        return _measured(build)

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
    load_before = os.getloadavg()
    rows = [bench(n, args.work, args.runs) for n in args.sizes]
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
                 "“完整生成”在每次运行前删除输出目录和缓存；它与纯 Pelican 轮流运行，比值取每对之比的中位数。"
                 "“改一个平台后重新生成”每次改一个不同的平台文件：改描述文字（只在平台页和导出文件里），"
                 "或在名称前加一个字（名称还在列表、xlsx 和搜索索引里，这些也要重新生成）。"
                 "最后一列是内核为进程花的 CPU 时间（中位数，含子进程）：主要是建文件、目录和硬链接。"
                 "这台机器上建同样多的文件，前后几次可相差近十倍，完整生成要建的目录项约是纯 Pelican 的五倍"
                 "（文件、渲染缓存里的链接、每个平台页的目录），所以它的墙钟时间随之起伏最大。")
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
