#!/usr/bin/env python3
"""`make bench`: build synthetic registries of growing size and measure them against
plain Pelican building the same number of plain Markdown pages with its default theme.

Writes a Markdown table to stdout and JSON to bench-out/bench.json. Not a test: the
figures depend on the machine, so they are reported, never asserted.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
TODAY = "2026-11-25"


def _measured(cmd: list[str], env: dict | None = None) -> tuple[float, float]:
    wrapper = [PY, "-c", _WRAPPER, *cmd]
    start = time.perf_counter()
    out = subprocess.run(wrapper, check=True, cwd=ROOT, env={**os.environ, **(env or {})},
                         capture_output=True, text=True)
    wall = time.perf_counter() - start
    return wall, float(out.stdout.strip().splitlines()[-1])


_WRAPPER = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def _size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


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


def bench(n: int, work: Path) -> dict:
    src, out = work / f"reg{n}", work / f"out{n}"
    subprocess.run([PY, "-m", "scripts.synth", str(n), str(src)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    validate_s, validate_rss = _measured([PY, "-m", "sme_registry", "validate", "--src", str(src), "--today", TODAY])
    if out.exists():
        shutil.rmtree(out)
    build = [PY, "-m", "sme_registry", "build", "--src", str(src), "--output", str(out), "--today", TODAY]
    build_s, build_rss = _measured(build)
    edited = sorted((src / "data/platforms").glob("*.yaml"))[n // 2]
    edited.write_text(edited.read_text(encoding="utf-8").replace("等服务。", "等服务（已更新）。"), encoding="utf-8")
    rebuild_s, _ = _measured(build)
    size, files = _size(out)
    index = out / "search/index.json"
    docs = out / "search/docs.json"
    plain = work / f"plain{n}"
    _plain_pelican_site(n, plain)
    plain_s, plain_rss = _measured([str(Path(PY).parent / "pelican"), str(plain / "content"), "-s",
                                    str(plain / "pelicanconf.py"), "-o", str(plain / "output"), "-q"])
    return {
        "n": n, "validate_s": round(validate_s, 2), "validate_rss_mib": round(validate_rss),
        "build_s": round(build_s, 2), "build_rss_mib": round(build_rss), "rebuild_s": round(rebuild_s, 2),
        "output_mib": round(size / 2**20, 1), "output_files": files,
        "index_kib": round((index.stat().st_size + docs.stat().st_size) / 1024),
        "index_gzip_kib": round((_gzip_size(index) + _gzip_size(docs)) / 1024),
        "plain_pelican_s": round(plain_s, 2), "plain_pelican_rss_mib": round(plain_rss),
        "build_vs_plain": round(build_s / plain_s, 2),
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
        "“改一个文件后重新生成”是修改一个平台文件后再次 `build` 到同一输出目录（使用渲染缓存）。",
        "",
    ]
    return "\n".join(head + lines) + "\n"


def _memory_gib() -> str:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return f"{int(line.split()[1]) / 2**20:.0f}"
    return "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 10000])
    parser.add_argument("--work", type=Path, default=ROOT / "bench-out")
    parser.add_argument("--write", type=Path, help="also write the table, with the machine, to this Markdown file")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = [bench(n, args.work) for n in args.sizes]
    header = ("| N | 校验 s | 完整生成 s | 改一个文件后重新生成 s | 峰值内存 MiB | 输出 MiB / 文件数 | 搜索索引 KiB（gzip） "
              "| 纯 Pelican s（内存 MiB） | 生成 / 纯 Pelican |")
    lines = [header, "|" + "---|" * 9]
    for r in rows:
        lines.append(
            f"| {r['n']} | {r['validate_s']} | {r['build_s']} | {r['rebuild_s']} | {r['build_rss_mib']} "
            f"| {r['output_mib']} / {r['output_files']} | {r['index_kib']}（{r['index_gzip_kib']}） "
            f"| {r['plain_pelican_s']}（{r['plain_pelican_rss_mib']}） | {r['build_vs_plain']} |")
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        slope = (b["build_s"] - a["build_s"]) / (b["n"] - a["n"]) * 1000
        lines.append(f"\n完整生成的增长斜率：约 {slope:.2f} 秒 / 千个平台（由 N={a['n']} 与 N={b['n']} 计算）。")
    lines.append(f"\n机器：{platform.machine()}，{os.cpu_count()} 核，Python {platform.python_version()}。")
    print("\n".join(lines))
    if args.write:
        args.write.write_text(_document(lines), encoding="utf-8")
    (args.work / "bench.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
