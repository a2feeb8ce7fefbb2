"""Render a validation Report: text, GitHub annotations, JSON, GitLab Code Quality."""

from __future__ import annotations

import hashlib
import json

from sme_registry.problems.codes import CATALOGUE

GITHUB_CAP_PER_KIND = 10


def summary_line(report) -> str:
    e, w = len(report.errors), len(report.warnings)
    head = f"共检查 {report.platform_count} 个平台文件、{report.notice_count} 个公告（按 {report.today} 计算）："
    if not e and not w:
        return head + "没有发现问题。"
    return head + f"{e} 个错误，{w} 个警告。错误代码说明见 docs/errors.md。"


def text(report) -> str:
    lines = [p.text() + ("" if p.is_error else "（警告）") for p in report.problems]
    return "\n".join([*lines, summary_line(report)]) + "\n"


def _file_kind(path: str) -> str:
    if path.startswith("data/platforms/"):
        return "平台文件"
    if path.startswith("content/"):
        return "公告文件"
    return "其他文件"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(report) -> str:
    """Workflow commands; GitHub shows a limited number, so at most 10 per file kind."""
    out, shown, hidden = [], {}, {}
    for p in report.problems:
        kind = _file_kind(p.path)
        if shown.get(kind, 0) >= GITHUB_CAP_PER_KIND:
            hidden[kind] = hidden.get(kind, 0) + 1
            continue
        shown[kind] = shown.get(kind, 0) + 1
        level = "error" if p.is_error else "warning"
        title = f"{p.code} {CATALOGUE[p.code].title}"
        message = p.text().split(": ", 1)[1]
        out.append(
            f"::{level} file={_escape_property(p.path)},line={p.line},col={p.col},"
            f"title={_escape_property(title)}::{_escape_data(message)}"
        )
    for kind, count in sorted(hidden.items()):
        out.append(f"::notice title=更多问题::{kind}另有 {count} 个问题未逐条标注，完整列表见本步骤的日志。")
    out.append(summary_line(report))
    out.extend(p.text() for p in report.problems)  # the full list stays in the log
    return "\n".join(out) + "\n"


def as_json(report) -> str:
    data = {
        "today": report.today.isoformat(),
        "platforms": report.platform_count,
        "notices": report.notice_count,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "problems": [
            {
                "path": p.path, "line": p.line, "col": p.col, "code": p.code,
                "severity": p.severity.value, "message": p.message, "article": p.article,
                "title": CATALOGUE[p.code].title,
            }
            for p in report.problems
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def gitlab(report) -> str:
    """GitLab Code Quality report (also read by Gitee-style CI that accepts it)."""
    issues = []
    for p in report.problems:
        fingerprint = hashlib.sha256(f"{p.path}:{p.line}:{p.col}:{p.code}:{p.message}".encode()).hexdigest()
        issues.append({
            "description": p.text().split(": ", 1)[1],
            "check_name": p.code,
            "fingerprint": fingerprint,
            "severity": "major" if p.is_error else "minor",
            "location": {"path": p.path, "lines": {"begin": p.line}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"text": text, "github": github, "json": as_json, "gitlab": gitlab}
