"""`make editor-local`: the editor for one clerk on this machine.

Runs decap-server (npm, pinned) on 127.0.0.1 against a working copy or clone, and a
static file server for the built editor on 127.0.0.1. Nothing listens on another
interface. Ctrl+C stops both.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from sme_registry.resources import CHECKOUT

REPO = CHECKOUT
DECAP_SERVER = REPO / "node_modules/decap-server/dist/index.js"
HOST = "127.0.0.1"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".yml": "text/yaml; charset=utf-8",
                      ".json": "application/json", ".js": "text/javascript; charset=utf-8"}

    def log_message(self, *args):
        pass


def start_decap_server(repo: Path, port: int, mode: str = "fs") -> subprocess.Popen:
    """decap-server bound to 127.0.0.1 only (BIND_HOST), writing into `repo`."""
    env = dict(os.environ, PORT=str(port), BIND_HOST=HOST, MODE=mode, GIT_REPO_DIRECTORY=str(Path(repo).resolve()),
               LOG_LEVEL="warn")
    process = subprocess.Popen(["node", str(DECAP_SERVER)], env=env, cwd=str(REPO))
    url = f"http://{HOST}:{port}/api/v1"
    for _ in range(300):  # wait for the state "answers", not for a time
        if process.poll() is not None:
            raise RuntimeError(f"decap-server 已退出（代码 {process.returncode}）")
        try:
            request = urllib.request.Request(url, data=b'{"action":"info"}', headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=2):
                return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("decap-server 未能启动")


def start_static(directory: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer((HOST, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _stop(signum, frame):
    raise KeyboardInterrupt


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sme_registry.staff.editor_local", description="在本机运行表单编辑器")
    parser.add_argument("--src", default=".", help="要编辑的名录文件夹（工作副本或克隆）")
    parser.add_argument("--site", required=True, help="make editor 生成的文件夹（含 admin/）")
    parser.add_argument("--port", type=int, default=8081, help="decap-server 端口")
    parser.add_argument("--http-port", type=int, default=8082, help="编辑器页面端口")
    parser.add_argument("--mode", choices=("fs", "git"), default="fs",
                        help="fs：直接写文件；git：每次保存提交到当前分支（需为 git 仓库）")
    args = parser.parse_args(argv)
    try:
        backend = start_decap_server(Path(args.src), args.port, args.mode)
    except RuntimeError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, _stop)  # `kill` stops both servers as Ctrl+C does
    server = start_static(Path(args.site), args.http_port)
    print(f"表单编辑器：http://{HOST}:{args.http_port}/admin/ （保存写入 {Path(args.src).resolve()}；Ctrl+C 结束）")
    try:
        backend.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        backend.terminate()
        backend.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
