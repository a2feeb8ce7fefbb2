"""Generates docs/errors.md from the code catalogue, so the two cannot drift."""

from __future__ import annotations

from sme_registry.problems.codes import CATALOGUE

_SECTIONS = (
    ("E1", "文件与 YAML 语法"),
    ("E2", "数据格式（JSON Schema）"),
    ("E3", "《认定管理办法》规定"),
    ("E4", "相互引用"),
    ("E6", "表格导入（`make import`，位置为 `文件:工作表!单元格`）与节假日通知（`make calendar`）"),
    ("W5", "警告（不影响发布，`--strict` 时视为错误）"),
)


def render() -> str:
    out = [
        "# 错误代码说明",
        "",
        "<!-- 本文件由 `make docs`（sme_registry/validate/errors_doc.py）根据 sme_registry/problems/codes.py 生成，请勿手工修改。 -->",
        "",
        "校验程序（`make validate`）输出的每一行形如 `文件:行:列: 代码 说明（第N条）`。",
        "下面按代码列出每个问题的含义和改正方法。",
        "",
    ]
    for prefix, heading in _SECTIONS:
        out += [f"## {heading}", ""]
        for code in sorted(c for c in CATALOGUE if c.startswith(prefix)):
            entry = CATALOGUE[code]
            out.append(f"### {code} {entry.title}")
            out.append("")
            level = "错误" if entry.severity.value == "error" else "警告"
            article = f"；依据：{entry.article}" if entry.article else ""
            out.append(f"- 级别：{level}{article}")
            out.append(f"- 提示模板：{entry.template}")
            if entry.hint:
                out.append(f"- 怎么改：{entry.hint}")
            out.append("")
    return "\n".join(out)
