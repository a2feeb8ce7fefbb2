"""Run the real JS files of the search client under node (for parity tests)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
JS_DIR = ROOT / "theme" / "static" / "js"
TOKENIZER_JS = JS_DIR / "search-tokenizer.js"
SEARCH_JS = JS_DIR / "search-engine.js"  # the engine; search.js is the page script


def node_binary() -> str:
    node = shutil.which("node")
    if node is None:
        raise AssertionError("需要 node（Node.js 20）来运行 JS 一致性测试，但未找到 node 命令")
    return node


def run_node(script: str, payload: object) -> object:
    """Run ``script`` (which reads JSON from stdin and writes JSON to stdout) under node."""
    proc = subprocess.run(
        [node_binary(), "-e", script],
        input=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        capture_output=True,
        timeout=120,
        check=False,
    )
    if proc.returncode != 0:
        raise AssertionError(proc.stderr.decode("utf-8", "replace"))
    return json.loads(proc.stdout.decode("utf-8"))


READ_STDIN = "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
