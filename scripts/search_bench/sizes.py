"""Shard sizes tried: bytes and requests the sharded client needs per query, in node.

    .venv/bin/python -m scripts.search_bench.sizes [--n 1000] [--notices 300]

Builds the sharded index of a synthetic registry (scripts/synth.py, in memory) once per
setting of the sizes in sme_registry/search/shards.py (the default, then each constant
halved and doubled), runs search-shards.js under node for the four query kinds of the search
bench (scripts.search_bench.pick_queries), each with an empty cache, and counts what it
fetched before it could show the first platform and first notice: requests, and bytes as
gzip level 6 plus 250 bytes of HTTP headers per response (roughly what the browser bench
counts). No browser, so the figures do not depend on the machine's load; the scripts
(about 30 KB gzip, the same for every setting) are left out. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.search_bench import ROOT, pick_queries
from scripts.synth import make_notices, make_platforms
from sme_registry.search import shards as S

HEADER_BYTES = 250
JS = ROOT / "theme/static/js"
SCRIPT = f"""
const fs = require("fs"), path = require("path"), zlib = require("zlib");
const Sh = require({str(JS / "search-shards.js")!r});
const [dir, queries] = JSON.parse(fs.readFileSync(0, "utf8"));
(async () => {{
  const out = {{}};
  for (const q of queries) {{
    const seen = new Set();
    const get = (p) => {{ seen.add(p); return Promise.resolve(JSON.parse(fs.readFileSync(path.join(dir, p), "utf8"))); }};
    const client = await Sh.open(get);
    const found = await client.search(q);
    for (const kind of ["platforms", "notices"]) {{
      if (found[kind].length) await client.rows(kind, [found[kind][0][0]]);
    }}
    let bytes = 0;
    for (const p of seen) bytes += zlib.gzipSync(fs.readFileSync(path.join(dir, p)), {{level: 6}}).length + {HEADER_BYTES};
    out[q] = {{requests: seen.size, bytes, results: found.platforms.length}};
  }}
  process.stdout.write(JSON.stringify(out));
}})();
"""
KNOBS = ("TERM_SHARD_BYTES", "BLOCK_ENTRIES", "SCAN_BUCKET_BYTES", "CHUNK_ROWS")


def measure(platforms, notices, queries, settings: dict) -> tuple[dict, int, int]:
    old = {k: getattr(S, k) for k in settings}
    try:
        for k, v in settings.items():
            setattr(S, k, v)
        files = S.build_search_shards(platforms, notices, full=True)
    finally:
        for k, v in old.items():
            setattr(S, k, v)
    tmp = Path(tempfile.mkdtemp(prefix="shard-sizes-"))
    try:
        for name, data in files.items():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp / name).write_bytes(data)
        proc = subprocess.run(["node", "-e", SCRIPT], input=json.dumps([str(tmp), queries]).encode(),
                              capture_output=True, check=True, timeout=600)
        disk = sum(len(v) for k, v in files.items() if k not in ("index.json", "docs.json"))
        return json.loads(proc.stdout), len(files) - 2, disk
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--notices", type=int, default=300)
    args = ap.parse_args()
    platforms = make_platforms(args.n)
    notices = make_notices(args.notices, platforms)
    docs = json.loads(S.build_search_shards(platforms, notices, full=True)["docs.json"])
    picked = pick_queries(docs)
    queries = [q["q"] for q in picked]
    default = {k: getattr(S, k) for k in KNOBS}
    settings = [dict(default)]
    for k in KNOBS:
        for factor in (0.5, 2):
            settings.append({**default, k: max(1, round(default[k] * factor))})
    print(f"{args.n:,} 个平台、{args.notices} 条公告；每格为 请求数 / 字节（gzip + 每个响应 {HEADER_BYTES} B 头，不含脚本）。\n")
    print("| " + " | ".join(KNOBS) + " | 磁盘 | " + " | ".join(f"{q['kind']}" for q in picked) + " |")
    print("|" + " --- |" * (len(KNOBS) + 1 + len(picked)))
    for st in settings:
        out, n_files, disk = measure(platforms, notices, queries, st)
        cells = [f"{out[q]['requests']} / {out[q]['bytes'] / 1000:.1f} KB" for q in queries]
        marks = [f"**{st[k]}**" if st[k] != default[k] else str(st[k]) for k in KNOBS]
        print("| " + " | ".join(marks) + f" | {disk / 1e6:.1f} MB / {n_files} 个文件 | " + " | ".join(cells) + " |")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
