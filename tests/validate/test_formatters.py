"""Formatters over one Report: text, GitHub workflow commands, JSON, GitLab Code Quality."""

from __future__ import annotations

import datetime as dt
import json

from sme_registry.problems import Problem, Severity, sort_problems
from sme_registry.problems.codes import CATALOGUE, make
from sme_registry.validate.formatters import (
    FORMATS,
    GITHUB_CAP_PER_KIND,
    as_json,
    github,
    gitlab,
    text,
)
from sme_registry.validate.report import Report

TODAY = dt.date(2026, 11, 25)


def report(problems, platforms=3, notices=4) -> Report:
    return Report(problems=sort_problems(problems), platform_count=platforms, notice_count=notices, today=TODAY)


def platform_problem(n: int, path: str = "data/platforms/p.yaml") -> Problem:
    return make("E303", path, (n, 11), count=3)


def annotations(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("::")]


def test_text_lines_and_summary():
    r = report([platform_problem(3), make("W501", "data/platforms/p.yaml", (1, 1), year=2025)])
    lines = text(r).splitlines()
    assert lines[0] == "data/platforms/p.yaml:1:1: W501 缺少 2025 年度工作总结（第十七条、第十九条）（警告）"
    assert lines[1].startswith("data/platforms/p.yaml:3:11: E303 综合类平台应具有不少于 4 项服务功能")
    assert lines[1].endswith("（第十条）")
    assert lines[2] == "共检查 3 个平台文件、4 个公告（按 2026-11-25 计算）：1 个错误，1 个警告。错误代码说明见 docs/errors.md。"


def test_text_clean():
    assert text(report([])) == "共检查 3 个平台文件、4 个公告（按 2026-11-25 计算）：没有发现问题。\n"


def test_github_annotation_shape():
    out = github(report([platform_problem(3), make("W501", "data/platforms/p.yaml", (1, 1), year=2025)]))
    first, second = annotations(out)
    assert first.startswith("::warning file=data/platforms/p.yaml,line=1,col=1,title=W501 缺少年度工作总结::")
    assert second.startswith("::error file=data/platforms/p.yaml,line=3,col=11,title=E303 综合类平台服务功能不足::")
    assert second.endswith("目前只有 3 项（第十条）")


def test_github_escapes_data_and_properties():
    p = Problem(path="data/a:b,c%.yaml", line=2, col=3, code="E103",
                message="第一行 100%\r\n第二行: a, b", severity=Severity.ERROR)
    [line] = annotations(github(report([p])))
    assert line.startswith("::error file=data/a%3Ab%2Cc%25.yaml,line=2,col=3,title=E103 YAML 语法错误::")
    assert line.endswith("::E103 第一行 100%25%0D%0A第二行: a, b")


def test_github_title_property_escapes_colon_and_comma():
    p = Problem(path="x.yaml", line=1, col=1, code="E105", message="m")
    title = "E105 " + CATALOGUE["E105"].title
    [line] = annotations(github(report([p])))
    assert f"title={title}::" in line
    assert ":" not in line.split("title=", 1)[1].split("::", 1)[0]


def test_github_caps_annotations_per_file_kind_and_keeps_the_full_log():
    problems = [platform_problem(n) for n in range(1, GITHUB_CAP_PER_KIND + 4)]  # 13 platform problems
    problems += [make("E315", "content/notices/n.md", (n, 1)) for n in range(1, 4)]  # 3 notice problems
    problems += [make("E110", "data/site.yaml", (1, 1), detail="x")]
    out = github(report(problems))
    notes = annotations(out)
    errors = [n for n in notes if n.startswith("::error")]
    assert sum("data/platforms/" in n for n in errors) == GITHUB_CAP_PER_KIND
    assert sum("content/notices/" in n for n in errors) == 3
    assert sum("data/site.yaml" in n for n in errors) == 1
    [summary] = [n for n in notes if n.startswith("::notice")]
    assert summary == "::notice title=更多问题::平台文件另有 3 个问题未逐条标注，完整列表见本步骤的日志。"
    plain = [line for line in out.splitlines() if not line.startswith("::")]
    assert plain[0].startswith("共检查")
    assert len(plain) == 1 + len(problems)  # every problem in the log, annotated or not


def test_json_format():
    r = report([platform_problem(3), make("W501", "data/platforms/p.yaml", (1, 1), year=2025)])
    data = json.loads(as_json(r))
    assert {k: data[k] for k in ("today", "platforms", "notices", "errors", "warnings")} == {
        "today": "2026-11-25", "platforms": 3, "notices": 4, "errors": 1, "warnings": 1}
    assert data["problems"][1] == {
        "path": "data/platforms/p.yaml", "line": 3, "col": 11, "code": "E303", "severity": "error",
        "message": "综合类平台应具有不少于 4 项服务功能，目前只有 3 项", "article": "第十条",
        "title": "综合类平台服务功能不足",
    }
    assert data["problems"][0]["severity"] == "warning"
    assert "\\u" not in as_json(r)  # Chinese stays readable


def test_gitlab_code_quality_shape():
    problems = [platform_problem(n) for n in range(1, 4)] + [make("W501", "data/platforms/p.yaml", (1, 1), year=y)
                                                             for y in (2024, 2025)]
    issues = json.loads(gitlab(report(problems)))
    assert len(issues) == 5
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["location"]["path"] == "data/platforms/p.yaml"
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert len(issue["fingerprint"]) == 64
    assert len({i["fingerprint"] for i in issues}) == 5  # same place, different year → different
    assert {i["severity"] for i in issues if i["check_name"] == "W501"} == {"minor"}
    assert {i["severity"] for i in issues if i["check_name"] == "E303"} == {"major"}
    first = next(i for i in issues if i["check_name"] == "E303")
    assert first["description"].startswith("E303 综合类平台应具有不少于 4 项服务功能")
    assert first["location"]["lines"]["begin"] == 1


def test_gitlab_fingerprints_are_stable():
    r = report([platform_problem(3)])
    assert gitlab(r) == gitlab(report([platform_problem(3)]))


def test_all_formats_are_registered():
    assert set(FORMATS) == {"text", "github", "json", "gitlab"}
    for render in FORMATS.values():
        assert render(report([])).endswith("\n")


def test_exit_code_follows_severity():
    warn = report([make("W501", "p.yaml", (1, 1), year=2025)])
    assert (report([]).exit_code(), warn.exit_code(), warn.exit_code(strict=True)) == (0, 0, 1)
    assert report([platform_problem(1)]).exit_code() == 1
