"""The editor's file formats (editor/src/formats.js) run in node against the real files:
loading and saving unchanged is byte-identical for every example file; what they write
loads with the strict loader exactly as meant; scalars are quoted exactly when the
strict loader would misread them."""

from __future__ import annotations

import json
import subprocess

import pytest

from sme_registry.load.yaml_strict import parse as strict_parse
from sme_registry.staff import editor_config
from sme_registry.staff.notices import render_notice
from sme_registry.staff.yaml_text import yaml_scalar
from tests.conftest import EXAMPLE_TODAY, ROOT
from tests.editor.conftest import ESBUILD, node_modules_ready

DRIVER = """
import { yamlFormat, noticeFormat } from "./editor/src/formats.js";
import fs from "fs";
const job = JSON.parse(fs.readFileSync(0, "utf8"));
const d = job.data;
const formats = {
  platform: () => yamlFormat(d.orders.platform, d.scalar_rules, { headComment: d.platform_schema_comment, keyOf: (x) => String(x.id ?? "") }),
  site: () => yamlFormat(d.orders.site, d.scalar_rules, { keyOf: () => "site" }),
  notice: () => noticeFormat(d.orders.notice, d.notice_header_line),
};
const out = job.cases.map((c) => {
  const f = formats[c.format]();
  try {
    if (c.op === "roundtrip") return f.toFile(f.fromFile(c.text));
    if (c.op === "edit") { const v = f.fromFile(c.text); Object.assign(v, c.changes); return f.toFile(v); }
    if (c.op === "fresh") return f.toFile(c.value);
  } catch (e) { return "ERROR " + e.message; }
});
process.stdout.write(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    node_modules_ready()
    folder = tmp_path_factory.mktemp("formats")
    entry = folder / "driver.mjs"
    entry.write_text(DRIVER.replace("./editor/src/formats.js", str(ROOT / "editor/src/formats.js")), encoding="utf-8")
    bundle = folder / "driver.bundle.cjs"
    done = subprocess.run([str(ESBUILD), str(entry), "--bundle", "--platform=node", "--format=cjs",
                           f"--outfile={bundle}", "--log-level=warning"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    data = editor_config.build_data(ROOT, EXAMPLE_TODAY)

    def run(cases):
        result = subprocess.run(["node", str(bundle)], input=json.dumps({"data": data, "cases": cases}),
                                capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return run


def test_every_example_file_round_trips_byte_for_byte(run):
    files = [("platform", p) for p in sorted((ROOT / "data/platforms").glob("*.yaml"))]
    files += [("site", ROOT / "data/site.yaml")]
    files += [("notice", p) for p in sorted((ROOT / "content/notices").glob("*.md"))]
    texts = [p.read_text(encoding="utf-8") for _, p in files]
    out = run([{"format": f, "op": "roundtrip", "text": t} for (f, _), t in zip(files, texts, strict=True)])
    for (_, path), text, written in zip(files, texts, out, strict=True):
        assert written == text, path.name


def test_an_edit_changes_only_its_lines(run):
    path = ROOT / "data/platforms/lc-2020-001.yaml"
    text = path.read_text(encoding="utf-8")
    [written] = run([{"format": "platform", "op": "edit", "text": text,
                      "changes": {"website": "no", "specialty": "0123", "address": None}}])
    doc, problems = strict_parse(written, "x.yaml")
    assert problems == []
    assert doc.data["website"] == "no" and doc.data["specialty"] == "0123" and "address" not in doc.data
    assert list(doc.data) == [k for k in load_keys() if k in doc.data]  # schema order: specialty before services
    removed = [line for line in text.split("\n") if line not in written.split("\n")]
    assert removed == [line for line in text.split("\n") if line.startswith(("address:", "website:"))]
    assert "# 虚构的示例代码，校验位符合 GB 32100-2015" in written and "  # 有效期至 2026-12-19" in written


def load_keys():
    from sme_registry.load.schemas import load_schema

    return list(load_schema("platform")["properties"])


TRICKY = ["yes", "No", "on", "true", "null", "~", " lead", "trail ", "0123", "0635-0000101", "123", "1.5",
          "2026-11-23", "2026/11/23", "2026年11月23日", "a: b", "a #b", "#x", "- x", "[x]", "{x}", "&a", "*a",
          "!x", "|", ">", "'q'", '"q"', "%x", "@x", "`x`", "普通文字", "数字 1: 2", "http://example.org/a#b",
          "line\nbreak", "12:30", "0x1F", "+1", "-1", ".5", "1e3", "NaN", ".inf", "lc-2026-001"]


def test_quoting_matches_the_scaffold_rule(run):
    cases = [{"format": "platform", "op": "fresh", "value": {"id": "x", "name": s}} for s in TRICKY]
    out = run(cases)
    for value, written in zip(TRICKY, out, strict=True):
        assert not written.startswith("ERROR"), (value, written)
        doc, problems = strict_parse(written, "x.yaml")
        assert problems == [], (value, written)
        assert doc.data["name"] == value, (value, written)
        line = next(line for line in written.split("\n") if line.startswith("name:"))
        plain = yaml_scalar(value) == value
        if not plain:  # quoted wherever the scaffolds quote
            assert line.startswith('name: "'), (value, line)
        elif line.startswith('name: "'):  # and beyond that only where YAML 1.2 reads a number
            assert value in {"1e3", ".inf", "NaN"}, (value, line)


def test_notices_write_the_pelican_header(run):
    value = {"title": "  关于  公示的\n公告 ", "date": "2026-11-25", "type": "公示", "platforms": ["lc-2026-001", "lc-2026-002"],
             "publicity_start": "2026-11-25", "publicity_end": "2026-12-01", "batch": "2026", "summary": "",
             "body": "\n\n正文第一段。\n\n## 小标题\n\n"}
    [written] = run([{"format": "notice", "op": "fresh", "value": value}])
    assert written == ("title: 关于 公示的 公告\ndate: 2026-11-25\ntype: 公示\nplatforms: lc-2026-001, lc-2026-002\n"
                       "publicity_start: 2026-11-25\npublicity_end: 2026-12-01\nbatch: 2026\n\n"
                       "正文第一段。\n\n## 小标题\n")
    assert written == render_notice({k: (", ".join(v) if isinstance(v, list) else v)
                                              for k, v in value.items() if k != "body"}, value["body"])
