#!/usr/bin/env python3
"""Search benchmark: our lunr index vs Pagefind, in headless Chromium, over gzip HTTP.

Setup (once; Pagefind is not a test or runtime dependency):

    .venv/bin/pip install -r requirements-bench.txt

Run (builds the example site and synthetic registries of 1,000 and 10,000 platforms
under bench-out/search-bench/, indexes the platform pages with Pagefind, measures):

    .venv/bin/python -m scripts.search_bench [--sizes example,1000,10000] [--runs 3]
        [--reuse] [--max-load 2 --wait 300] [--write bench-out/search-bench.md]

For every site it reports the size of our sharded index (search/manifest.json and its shards)
and of Pagefind's bundle, then loads search/index.html?q=… (ours) and a minimal Pagefind JS API page
(pagefind-bench/index.html?q=…) in headless Chromium served from 127.0.0.1 by a
tiny server that gzips html/css/js/json/wasm like nginx with `gzip on` would, and
measures, per query:

* bytes transferred (CDP Network.loadingFinished encodedDataLength: compressed
  body + HTTP headers) of the requests finished before the first result appears;
* time from navigation start to the first result (ours: the first
  a.search-result-link in #search-results; Pagefind: `results[0].data()` resolved
  and its link inserted);
* ours only: keystroke → updated results: the last character of the query typed
  into #search-q, timed from its input event until #search-status is rewritten with the
  results (a full name's early first result writes "正在搜索……" first; that is not counted)
  (raw, raw minus the debounce read from search.js, and the work done after the
  debounce timer fired, found by wrapping window.setTimeout in an init script);
* ours only: an in-page profile of the sharded client (SmeShards.open, the first search()
  of each query, which fetches its shards, and the same search() again with every shard
  cached).

Run by `make bench` after scripts.bench (issue 16.5); `--write docs/search-bench.md` replaces
only the part between the `<!-- bench:start -->` and `<!-- bench:end -->` markers.

Markdown goes to stdout (and to --write), JSON to bench-out/search-bench.json.
Figures depend on the machine and its load; they are reported, never asserted.
Nothing is installed and no request leaves 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import gzip
import http.server
import json
import mimetypes
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

from sme_registry.cli_text import ChineseArgumentParser

ROOT = Path(__file__).resolve().parents[2]

PY = sys.executable
TODAY = "2026-11-25"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The same launch arguments as tests/conftest.py.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update",
]
# Any host name other than 127.0.0.1 fails to resolve, so nothing can leave the machine.
LOOPBACK_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
GZIP_SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".wasm", ".xml", ".txt"}
TARGET_BYTES_RATIO = 0.8  # our search bytes before the first result / Pagefind's, every query kind
TARGET_KEYSTROKE_MS = 50.0  # keystroke → results after the debounce


def debounce_ms() -> int:
    src = (ROOT / "theme/static/js/search.js").read_text(encoding="utf-8")
    m = re.search(r"\bDEBOUNCE_MS\s*=\s*(\d+)\s*;", src)
    if not m:
        raise SystemExit("DEBOUNCE_MS not found in theme/static/js/search.js")
    return int(m.group(1))


# ------------------------------------------------------------------ building
def run(cmd: list[str], **kw) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, **kw)
    return time.perf_counter() - start


def prepare_site(size: str, work: Path, reuse: bool) -> dict:
    site = work / f"site-{size}"
    info: dict = {"size": size, "site": str(site)}
    if size == "example":
        src = ROOT
    else:
        src = work / f"registry-{size}"
        if not (reuse and src.exists()):
            shutil.rmtree(src, ignore_errors=True)
            run([PY, "-m", "scripts.synth", size, str(src)])
    if not (reuse and (site / "search/manifest.json").exists()):
        shutil.rmtree(site, ignore_errors=True)
        info["build_s"] = round(run([PY, "-m", "sme_registry", "build", "--src", str(src),
                                     "--output", str(site), "--today", TODAY],
                                    stderr=subprocess.DEVNULL), 2)
    pf = site / "pagefind"
    if not (reuse and (pf / "pagefind.js").exists()):
        shutil.rmtree(pf, ignore_errors=True)
        # Only the platform pages, only their <main>: the same documents our index has
        # (ours also holds the notices, which makes it larger, not smaller).
        info["pagefind_s"] = round(run([PY, "-m", "pagefind", "--site", str(site),
                                        "--glob", "platforms/*/index.html",
                                        "--root-selector", "main", "--quiet"]), 2)
    write_pagefind_page(site)
    docs = site_docs(site)
    info["platforms"] = len(docs["platforms"]["rows"])
    info["notices"] = len(docs["notices"]["rows"])
    info["queries"] = pick_queries(docs)
    info["ours_files"] = {}
    data = (site / "search/manifest.json").read_bytes()
    info["ours_files"]["manifest.json"] = {"raw": len(data), "gzip9": len(gzip.compress(data, 9, mtime=0))}
    shards = list((site / "search").rglob("*.json"))
    info["ours_shards"] = {"files": len(shards), "bytes": sum(p.stat().st_size for p in shards)}
    files = [p for p in pf.rglob("*") if p.is_file()]
    info["pagefind_bundle"] = {"files": len(files), "bytes": sum(p.stat().st_size for p in files)}
    return info


def site_docs(site: Path) -> dict:
    """``{kind: {"keys": […], "rows": […]}}`` of a built site, from its search manifest and
    display chunks (search/<p|n>/d/<k>.json)."""
    manifest = json.loads((site / "search/manifest.json").read_text(encoding="utf-8"))
    out = {}
    for kind, m in manifest["kinds"].items():
        rows = []
        for k in range((m["n"] + m["chunk"] - 1) // m["chunk"]):
            rows += json.loads((site / "search" / m["path"] / "d" / f"{k}.json").read_text(encoding="utf-8"))
        out[kind] = {"keys": m["keys"], "rows": rows}
    return out


def pick_queries(docs: dict) -> list[dict]:
    """Four queries that have platform results in every registry: a 2-character
    substring, a full name, a county, and pinyin initials of the start of a name."""
    from sme_registry.search.pinyin_terms import pinyin_terms

    table = docs["platforms"]
    key = {k: i for i, k in enumerate(table["keys"])}
    names = [r[key["name"]] for r in table["rows"]]
    full = names[len(names) // 2]
    two = "检测" if any("检测" in n for n in names) else full[3:5]
    counties = [r[key["county"]] for r in table["rows"] if r[key["county"]]]
    county = "冠县" if "冠县" in counties else counties[0]
    initials = pinyin_terms(full[:5]).initials
    return [
        {"kind": "2字子串", "q": two},
        {"kind": "全称", "q": full},
        {"kind": "区县", "q": county},
        {"kind": "拼音首字母", "q": initials},
    ]







ASSETS = Path(__file__).resolve().parent / "assets"  # the bench's pages and scripts, as real files
INIT_SCRIPT = (ASSETS / "init.js").read_text(encoding="utf-8")
PROFILE_JS = (ASSETS / "profile.js").read_text(encoding="utf-8").split("\n", 1)[1]  # without the comment line


def write_pagefind_page(site: Path) -> None:
    # Our scripts without #search-app (autoStart does nothing), for PROFILE_JS.
    d = site / "search-profile"
    d.mkdir(exist_ok=True)
    shutil.copyfile(ASSETS / "search-profile.html", d / "index.html")
    d = site / "pagefind-bench"
    d.mkdir(exist_ok=True)
    shutil.copyfile(ASSETS / "pagefind-bench.html", d / "index.html")
    shutil.copyfile(ASSETS / "pagefind-bench.js", d / "bench.js")


# ------------------------------------------------------------------- serving
class GzipHandler(http.server.BaseHTTPRequestHandler):
    """GET-only static server; gzips text types and wasm (level --gzip-level, like
    nginx `gzip on; gzip_types …`). Pagefind's own .pf_* / .pagefind files are already
    gzip streams and go out as they are."""

    protocol_version = "HTTP/1.1"
    root: Path
    level: int
    cache: dict
    log: list
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 (http.server naming)
        path = unquote(urlparse(self.path).path)
        target = (self.root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(self.root) or not target.is_file():
            self.send_response(404)
            self.send_header("Content-Length", "0")
            with self.lock:
                self.log.append({"path": path, "bytes": len(b"".join(self._headers_buffer)) + 2,
                                 "wall_ms": time.time() * 1000})
            self.end_headers()
            return
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if target.suffix == ".wasm":
            ctype = "application/wasm"
        if ctype.startswith("text/") or ctype.endswith(("json", "javascript")):
            ctype += "; charset=utf-8"
        body = target.read_bytes()
        gz = target.suffix in GZIP_SUFFIXES and "gzip" in self.headers.get("Accept-Encoding", "")
        if gz:
            key = (str(target), target.stat().st_mtime_ns)
            with self.lock:
                packed = self.cache.get(key)
            if packed is None:
                packed = gzip.compress(body, self.level, mtime=0)
                with self.lock:
                    self.cache[key] = packed
            body = packed
        self.send_response(200)
        self.sent_body = len(body)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        if gz:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        # Logged before writing: under load this thread may get the GIL back only after
        # the browser has already used the body, so "sent by" times would come too late.
        with self.lock:
            self.log.append({"path": path, "bytes": self.sent_body + len(b"".join(self._headers_buffer)) + 2,
                             "wall_ms": time.time() * 1000})
        self.end_headers()
        self.wfile.write(body)


class Server:
    def __init__(self, root: Path, level: int):
        self.log: list[dict] = []
        handler = type("H", (GzipHandler,), {"root": root.resolve(), "level": level, "cache": {}, "log": self.log})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        return self

    def reset(self) -> None:
        with GzipHandler.lock:
            self.log.clear()

    def before(self, wall_ms: float) -> tuple[int, dict[str, int]]:
        """Bytes (HTTP headers + body as sent) of the responses begun before `wall_ms`,
        including those fetched by workers (Pagefind searches in a Web Worker)."""
        with GzipHandler.lock:
            done = [r for r in self.log if r["wall_ms"] <= wall_ms]
        per: dict[str, int] = {}
        for r in done:
            per[r["path"]] = per.get(r["path"], 0) + r["bytes"]
        return sum(per.values()), per

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


# ------------------------------------------------------------------ measuring





def new_page(browser):
    # A fresh context per load: empty HTTP cache. No page.route(): Playwright's request
    # interception would add a round trip through this process to every request (and
    # turn the cache off); LOOPBACK_ONLY keeps every request on 127.0.0.1 instead.
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                  viewport={"width": 1280, "height": 900})
    return context, context.new_page()


def measure_ours(browser, server: Server, q: str, debounce: int, keystroke_queries: list[str] | None) -> dict:
    context, page = new_page(browser)
    try:
        page.add_init_script(INIT_SCRIPT.replace("__DEBOUNCE__", str(debounce)))
        server.reset()
        page.goto(f"{server.base}search/index.html?q={quote(q)}", wait_until="commit")
        # (wait_for_function's string predicate would need 'unsafe-eval' under the page's CSP)
        page.wait_for_selector("#search-results a.search-result-link", state="attached", timeout=300_000)
        origin, first, mode = page.evaluate("""() => [performance.timeOrigin, window.__bench.first,
            document.documentElement.dataset.searchMode]""")
        total, done = server.before(origin + first)
        out = {
            "first_ms": first,
            "mode": mode,
            "bytes": total,
            "requests": done,
            "status": page.inner_text("#search-status"),
            "first_url": page.get_attribute("#search-results a.search-result-link", "href"),
        }
        out["search_bytes"] = sum(b for u, b in out["requests"].items() if "/search/" in u and u.endswith(".json")
                                  or "/theme/js/search" in u or "/vendor/lunr/" in u)
        if keystroke_queries:
            out["keystroke"] = {}
            for kq in keystroke_queries:
                out["keystroke"][kq] = keystroke(page, kq)
        return out
    finally:
        context.close()


def profile_ours(browser, server: Server, queries: list[str], runs: int) -> dict:
    """PROFILE_JS in fresh pages; the median of each figure."""
    outs = []
    for _ in range(runs):
        context, page = new_page(browser)
        try:
            page.goto(f"{server.base}search-profile/index.html")
            outs.append(page.evaluate(PROFILE_JS, queries))
        finally:
            context.close()
    prof = {k: median([o[k] for o in outs]) for k in outs[0] if isinstance(outs[0][k], (int, float))}
    prof["search_ms"] = {q: median([o["search_ms"][q] for o in outs]) for q in queries}
    prof["warm_ms"] = {q: median([o["warm_ms"][q] for o in outs]) for q in queries}
    prof["query_terms"] = outs[0]["query_terms"]
    return prof


def keystroke(page, q: str, repeats: int = 3) -> list[dict]:
    """Type q minus its last character, wait for results, then type the last character
    and time it. Repeated; each repeat starts from the prefix again."""
    chars = list(q)
    prefix, last = "".join(chars[:-1]), chars[-1]
    box = page.locator("#search-q")
    res = []
    for _ in range(repeats):
        page.evaluate("() => { window.__probe = window.__bench.probe(); }")
        box.fill(prefix if prefix else " ")
        page.evaluate("window.__probe")
        page.evaluate("() => { window.__probe = window.__bench.probe(); }")
        box.press("End")
        page.keyboard.type(last)
        res.append(page.evaluate("window.__probe"))
    return res


def measure_pagefind(browser, server: Server, q: str, next_q: str | None) -> dict:
    context, page = new_page(browser)
    try:
        server.reset()
        page.goto(f"{server.base}pagefind-bench/index.html?q={quote(q)}", wait_until="commit")
        page.wait_for_function("window.__pfFirst !== undefined", timeout=300_000)
        origin, r = page.evaluate("() => [performance.timeOrigin, window.__pfFirst]")
        total, done = server.before(origin + r["t1"])
        out = {
            "first_ms": r["t1"],
            "results": r["n"],
            "first_url": r["url"],
            "bytes": total,
            "requests": done,
        }
        out["search_bytes"] = sum(b for u, b in out["requests"].items() if u.startswith("/pagefind/"))
        if next_q:
            n = page.evaluate("async (q) => window.__pfNext(q)", next_q)
            out["next_query"] = {"q": next_q, "ms": n["t1"] - n["t0"], "results": n["n"]}
        return out
    finally:
        context.close()


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


# ------------------------------------------------------------------- reporting
def kb(n: float | None) -> str:
    if n is None:
        return "—"
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.1f} KB"


def ms(x: float | None) -> str:
    return "—" if x is None else (f"{x:.0f} ms" if x >= 10 else f"{x:.1f} ms")


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    pf = subprocess.run([PY, "-m", "pagefind", "--version"], capture_output=True, text=True).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "chromium": chromium, "pagefind": pf}


def label(info: dict) -> str:
    if info["size"] == "example":
        return f"示例（{info['platforms']} 个平台）"
    return f"合成 {info['platforms']:,} 个平台"


def _ratio(a, b) -> float | None:
    return a / b if a is not None and b else None


def markdown(results: list[dict], meta: dict) -> str:
    d = meta["debounce_ms"]
    lines = [
        f"测量时间 {meta['date']}；机器 {meta['machine']['cpu']}，{meta['machine']['cores']} 核；"
        f"{meta['machine']['chromium']}（headless，tests/conftest.py 的启动参数）；{meta['machine']['pagefind']}。"
        f"负载（1 分钟平均）开始 {meta['load_start']:.2f}、结束 {meta['load_end']:.2f}。"
        f"每项取 {meta['runs']} 次冷启动（新浏览器上下文、禁用缓存）的中位数；服务器 gzip 级别 {meta['gzip_level']}。",
        "",
        "### 索引文件",
        "",
        "| 站点 | 分片索引（磁盘） | manifest.json 原始 / gzip | Pagefind 包（磁盘，已压缩） |",
        "| --- | --- | --- | --- |",
    ]
    for r in results:
        f = r["info"]["ours_files"]
        sh = r["info"]["ours_shards"]
        pf = r["info"]["pagefind_bundle"]
        m = f["manifest.json"]
        lines.append(f"| {label(r['info'])} | {kb(sh['bytes'])}（{sh['files']} 个文件） | {kb(m['raw'])} / {kb(m['gzip9'])} "
                     f"| {kb(pf['bytes'])}（{pf['files']} 个文件） |")
    lines += [
        "",
        "### 首个结果之前传输的字节与耗时（各查询的中位数）",
        "",
        "“整页”是页面加载到首个结果为止的全部传输（含 HTML、CSS、HTTP 头）；“搜索部分”只算我们的 "
        "search/ 下的 JSON（manifest、分片、数据块）与 theme/js/search*.js、lunr.min.js（含 Worker 里的请求），"
        "Pagefind 的 /pagefind/ 下全部文件（比较只用这一栏）。"
        f"按键耗时为输入最后一个字到 #search-status 更新；“减去防抖”= 原始 − {d} ms（读自 search.js），"
        "“计时器后”= 防抖计时器实际触发到结果写入 DOM 的时间。",
        "",
        "| 站点 | 我们：整页 / 搜索部分 | Pagefind：整页 / 搜索部分 | 比值（搜索部分） "
        "| 首个结果：我们 / Pagefind | 按键→结果：原始 / 减去防抖 / 计时器后 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        s = r["summary"]
        ratio = _ratio(s["ours_search_bytes"], s["pf_search_bytes"])
        lines.append(
            f"| {label(r['info'])} | {kb(s['ours_bytes'])} / {kb(s['ours_search_bytes'])} "
            f"| {kb(s['pf_bytes'])} / {kb(s['pf_search_bytes'])} | {'—' if ratio is None else f'{ratio:.2f}'} "
            f"| {ms(s['ours_first_ms'])} / {ms(s['pf_first_ms'])} "
            f"| {ms(s['ks_raw_ms'])} / {ms(s['ks_minus_debounce_ms'])} / {ms(s['ks_work_ms'])} |")
    lines += ["", "### 按查询", "",
              "“search()”是剖析页里同一查询的首次 search()（取它缺的分片）/ 再次 search()（分片都已缓存）。",
              "",
              "| 站点 | 查询 | 我们：搜索部分字节 / 首个结果 / 按键（减去防抖） / search() 首次 / 再次 | "
              "Pagefind：结果数 / 搜索部分字节 / 首个结果 / 已加载页面上再查 | 字节比 / 首个结果比 |",
              "| --- | --- | --- | --- | --- |"]
    for r in results:
        for qr in r["queries"]:
            o, p = qr["ours"], qr["pagefind"]
            pf_cell = (f"{p['results']} / {kb(p['search_bytes'])} / {ms(p['first_ms'])} / {ms(p.get('warm_ms'))}"
                       if p["results"] else f"0 个结果 / {kb(p['search_bytes'])} / {ms(p['first_ms'])}（无结果）")
            br, tr = _ratio(o["search_bytes"], p["search_bytes"]), _ratio(o["first_ms"], p["first_ms"])
            lines.append(f"| {label(r['info'])} | {qr['kind']} `{qr['q'][:40]}` | {kb(o['search_bytes'])} / "
                         f"{ms(o['first_ms'])} / {ms(o['ks_minus_debounce_ms'])} / {ms(o.get('search_ms'))} / "
                         f"{ms(o.get('warm_ms'))} | {pf_cell} | {br:.2f} / {tr:.2f} |")
    lines += ["", "### 剖析页：SmeShards.open（取 manifest.json）", "",
              "| 站点 | open | 查询模式（页面） |", "| --- | --- | --- |"]
    for r in results:
        modes = sorted({q["ours"].get("mode") or "?" for q in r["queries"]})
        lines.append(f"| {label(r['info'])} | {ms(r['profile']['open_ms'])} | {'、'.join(modes)} |")
    big = [r for r in results if r["info"]["platforms"] >= 1000]
    if big:
        lines += ["", "### 目标（1,000 和 10,000 个平台，每种查询）", ""]
        for r in big:
            for q in r["queries"]:
                o, p = q["ours"], q["pagefind"]
                br, k = _ratio(o["search_bytes"], p["search_bytes"]), o["ks_minus_debounce_ms"]
                checks = [
                    f"字节 {br:.2f}× Pagefind（≤ {TARGET_BYTES_RATIO}：{'达标' if br <= TARGET_BYTES_RATIO else '未达标'}）",
                    f"首个结果 {ms(o['first_ms'])} 对 {ms(p['first_ms'])}"
                    f"（{'达标' if o['first_ms'] <= p['first_ms'] else '慢 ' + ms(o['first_ms'] - p['first_ms'])}）",
                    f"按键 {ms(k)}（≤ 50 ms：{'达标' if k <= TARGET_KEYSTROKE_MS else '超出 ' + ms(k - TARGET_KEYSTROKE_MS)}）",
                ]
                lines.append(f"- {label(r['info'])}，{q['kind']}：" + "；".join(checks) + "。")
    return "\n".join(lines) + "\n"


def write_between_markers(path: Path, text: str) -> None:
    """Replace the lines between a line ``<!-- bench:start -->`` and a line
    ``<!-- bench:end -->`` (the whole file when it has no such lines)."""
    start, end = "\n<!-- bench:start -->\n", "\n<!-- bench:end -->\n"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if start in old and end in old.split(start, 1)[1]:
        head, rest = old.split(start, 1)
        text = head + start + text + end.lstrip("\n") + rest.split(end, 1)[1]
    path.write_text(text, encoding="utf-8")


def wait_for_quiet(max_load: float, wait_s: float) -> None:
    deadline = time.time() + wait_s
    while os.getloadavg()[0] > max_load and time.time() < deadline:
        print(f"load {os.getloadavg()[0]:.2f} > {max_load}; waiting…", file=sys.stderr)
        time.sleep(20)


def main() -> int:
    ap = ChineseArgumentParser(prog="python -m scripts.search_bench",
                               description="搜索基准：我们的分片 lunr 索引与 Pagefind，同一站点、同一批查询")
    ap.add_argument("--sizes", default="example,1000,10000", help="站点：example（示例数据）或合成平台数，逗号分隔")
    ap.add_argument("--runs", type=int, default=3, help="每个查询、每个引擎冷启动加载几次，默认 3")
    ap.add_argument("--work", type=Path, default=ROOT / "bench-out/search-bench", help="工作目录")
    ap.add_argument("--json", type=Path, default=ROOT / "bench-out/search-bench.json", help="原始数据写入的 JSON 文件")
    ap.add_argument("--reuse", action="store_true", help="沿用已生成的名录、站点和 Pagefind 索引")
    ap.add_argument("--gzip-level", type=int, default=6, help="测试服务器的 gzip 级别，默认 6")
    ap.add_argument("--max-load", type=float, default=2.0, help="1 分钟平均负载高于此值时先等待")
    ap.add_argument("--wait", type=float, default=0, help="为 --max-load 最多等待的秒数")
    ap.add_argument("--write", type=Path, help="另把 Markdown 写入这个文件")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    try:
        subprocess.run([PY, "-m", "pagefind", "--version"], check=True, capture_output=True)
    except (subprocess.CalledProcessError, FileNotFoundError):
        raise SystemExit("Pagefind is missing: .venv/bin/pip install -r requirements-bench.txt") from None

    args.work.mkdir(parents=True, exist_ok=True)
    debounce = debounce_ms()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    infos = []
    for size in sizes:
        print(f"preparing {size}…", file=sys.stderr)
        infos.append(prepare_site(size, args.work, args.reuse))

    wait_for_quiet(args.max_load, args.wait)
    meta = {"date": dt.datetime.now().astimezone().isoformat(timespec="minutes"), "machine": machine(),
            "load_start": os.getloadavg()[0], "runs": args.runs, "gzip_level": args.gzip_level,
            "debounce_ms": debounce}
    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, LOOPBACK_ONLY])
        try:
            for info in infos:
                site = Path(info["site"])
                queries = [q["q"] for q in info["queries"]]
                per_query = []
                with Server(site, args.gzip_level) as server:
                    print(f"{info['size']}: profile", file=sys.stderr)
                    profile = profile_ours(browser, server, queries, args.runs)
                    for i, qd in enumerate(info["queries"]):
                        print(f"{info['size']}: {qd['kind']} {qd['q']}", file=sys.stderr)
                        ours_runs, pf_runs = [], []
                        for r in range(args.runs):
                            ours_runs.append(measure_ours(
                                browser, server, qd["q"], debounce,
                                keystroke_queries=[qd["q"]] if r == 0 else None))
                            nxt = queries[(i + 1) % len(queries)]
                            pf_runs.append(measure_pagefind(browser, server, qd["q"], nxt))
                        ks = ours_runs[0]["keystroke"][qd["q"]]
                        ours = {
                            "bytes": median([o["bytes"] for o in ours_runs]),
                            "search_bytes": median([o["search_bytes"] for o in ours_runs]),
                            "first_ms": median([o["first_ms"] for o in ours_runs]),
                            "mode": ours_runs[0]["mode"],
                            "ks_raw_ms": median([k["raw"] for k in ks]),
                            "ks_minus_debounce_ms": median([k["raw"] - debounce for k in ks]),
                            "ks_work_ms": median([k["work"] for k in ks]),
                            "ks_frame_ms": median([k["frame"] for k in ks]),
                            "status": ours_runs[0]["status"],
                            "requests": ours_runs[0]["requests"],
                            "runs": ours_runs,
                        }
                        pf = {
                            "results": pf_runs[0]["results"],
                            "bytes": median([x["bytes"] for x in pf_runs]),
                            "search_bytes": median([x["search_bytes"] for x in pf_runs]),
                            "first_ms": median([x["first_ms"] for x in pf_runs]),
                            "next": [x["next_query"] for x in pf_runs],
                            "requests": pf_runs[0]["requests"],
                            "runs": pf_runs,
                        }
                        per_query.append({**qd, "ours": ours, "pagefind": pf})
                for i, qr in enumerate(per_query):
                    qr["ours"]["search_ms"] = profile["search_ms"].get(qr["q"])
                    qr["ours"]["warm_ms"] = profile["warm_ms"].get(qr["q"])
                    # Pagefind, page already loaded with the previous query: search + data() of this one
                    warm = per_query[i - 1]["pagefind"]["next"]
                    qr["pagefind"]["warm_ms"] = median([w["ms"] for w in warm]) if warm[0]["results"] else None
                summary = {
                    "ours_bytes": median([q["ours"]["bytes"] for q in per_query]),
                    "ours_search_bytes": median([q["ours"]["search_bytes"] for q in per_query]),
                    "ours_first_ms": median([q["ours"]["first_ms"] for q in per_query]),
                    "ks_raw_ms": median([q["ours"]["ks_raw_ms"] for q in per_query]),
                    "ks_minus_debounce_ms": median([q["ours"]["ks_minus_debounce_ms"] for q in per_query]),
                    "ks_work_ms": median([q["ours"]["ks_work_ms"] for q in per_query]),
                    "ks_max_minus_debounce_ms": max(q["ours"]["ks_minus_debounce_ms"] for q in per_query),
                    # Pagefind medians over the queries it finds something for
                    "pf_bytes": median([q["pagefind"]["bytes"] for q in per_query if q["pagefind"]["results"]]),
                    "pf_search_bytes": median([q["pagefind"]["search_bytes"] for q in per_query
                                               if q["pagefind"]["results"]]),
                    "pf_first_ms": median([q["pagefind"]["first_ms"] for q in per_query if q["pagefind"]["results"]]),
                }
                results.append({"info": info, "queries": per_query, "summary": summary, "profile": profile})
        finally:
            browser.close()
    meta["load_end"] = os.getloadavg()[0]
    md = markdown(results, meta)
    print(md)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"meta": meta, "results": results}, ensure_ascii=False, indent=1),
                         encoding="utf-8")
    if args.write:
        write_between_markers(args.write, md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
