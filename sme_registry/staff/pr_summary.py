"""What a pull request changes in the registry, as a Chinese Markdown summary.

Compares the registry at a base Git revision with the working tree (the PR head) and
prints Markdown for `$GITHUB_STEP_SUMMARY` (or a GitLab/Gitee merge-request note):
platforms added, placed under 公示, certified or renewed, revoked; notices added,
changed or removed; and the validator's problems.

    python -m sme_registry pr-summary --base origin/main >> "$GITHUB_STEP_SUMMARY"

Exit code 0 whenever the summary could be written (the validation step fails the job).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from sme_registry.cli_text import ChineseArgumentParser
from sme_registry.context import ContextError, today_from
from sme_registry.load.loader import NOTICE_DIR, PLATFORM_DIR, load_registry
from sme_registry.regulation import dates
from sme_registry.regulation.vocabulary import PUBLICITY
from sme_registry.validate.report import validate

MAX_PROBLEM_ROWS = 50
TRACKED = ("data", "content")


def extract_base(src: Path, base: str, dest: Path) -> str | None:
    """Unpack data/ and content/ of revision `base` into dest; return an error text or None."""
    try:
        listing = subprocess.run(["git", "-C", str(src), "ls-tree", "--name-only", base, "--", *TRACKED],
                                 check=True, capture_output=True, text=True).stdout.split()
        if not listing:
            return None
        archive = subprocess.run(["git", "-C", str(src), "archive", "--format=tar", base, "--", *listing],
                                 check=True, capture_output=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        detail = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
        return f"无法读取基准版本 {base}：{detail.strip() or exc}"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return None


def outside_registry(src: Path, base: str) -> list[str]:
    """Files outside data/ and content/ that differ from `base`: program, templates,
    dependencies, CI. They run in this pull request's own CI with no secrets, but once
    merged they are trusted, so the summary asks for a code review (docs/security.md)."""
    try:
        listing = subprocess.run(["git", "-C", str(src), "diff", "--name-only", "-z", "--no-renames", base, "--", ".",
                                  *(f":(exclude){folder}" for folder in TRACKED)],
                                 check=True, capture_output=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return []  # an unknown base is already reported by extract_base
    return sorted(name.decode("utf-8", "replace") for name in listing.split(b"\0") if name)


def code_review_note(names: list[str]) -> str:
    if not names:
        return ""
    shown = [_cell(n).replace("`", "'") for n in names[:MAX_PROBLEM_ROWS]]
    lines = [f"**程序与配置**：⚠️ 本合并请求还改动了 {len(names)} 个 data/、content/ 以外的文件"
             "（程序、模板、依赖或 CI 配置）。合并前须按代码审查，不能只看名录变更：", ""]
    lines += [f"- `{n}`" for n in shown]
    if len(names) > len(shown):
        lines.append(f"- ……另有 {len(names) - len(shown)} 个")
    return "\n".join(lines) + "\n\n"


def _files(root: Path, folder: str, suffix: str) -> dict[str, bytes]:
    base = root / folder
    if not base.is_dir():
        return {}
    return {p.stem: p.read_bytes() for p in sorted(base.glob(f"*{suffix}")) if p.is_file()}


def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(head: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines + [""]


def summarize(src: Path, base_root: Path | None, today, base_note: str | None = None) -> str:
    head_registry, report = validate(src, today)
    base_registry = load_registry(base_root)[0] if base_root and (base_root / "data").is_dir() else None
    base_platforms = base_registry.platforms if base_registry else {}
    base_notices = base_registry.notices if base_registry else {}
    head_files = _files(src, PLATFORM_DIR, ".yaml")
    base_files = _files(base_root, PLATFORM_DIR, ".yaml") if base_root else {}
    head_notice_files = _files(src, NOTICE_DIR, ".md")
    base_notice_files = _files(base_root, NOTICE_DIR, ".md") if base_root else {}

    error_paths = {p.path for p in report.errors}
    rows = []  # 变更, 编号, 名称, 县区, 说明
    for pid in sorted(set(head_files) | set(base_files)):
        new, old = head_registry.platforms.get(pid), base_platforms.get(pid)
        if pid not in head_files:
            rows.append(["删除平台文件", pid, old.name if old else "", old.county if old else "",
                         "名录只增不删：到期、撤销的平台也应保留"])
            continue
        if head_files[pid] == base_files.get(pid):
            continue
        if new is None:
            rows.append(["修改（有错误）" if pid in base_files else "新增（有错误）", pid, "", "", "见下方“问题”"])
            continue
        if pid not in base_files:
            if new.pending and not new.terms:
                rows.append(["新增平台（公示中）", pid, new.name, new.county, f"{new.pending.batch} 年度，公示 {new.pending.publicity}"])
            else:
                rows.append(["新增平台（已认定）", pid, new.name, new.county,
                             "；".join(f"{t.batch} 年度，{t.certified_on} 认定" for t in new.terms)])
            continue
        notes = []
        old_terms = len(old.terms) if old else 0
        for term in new.terms[old_terms:]:
            notes.append(("认定" if term.index == 0 else "重新认定",
                          f"{term.batch} 年度，{term.certified_on} 认定，有效期至 {dates.valid_until(term.certified_on)}"))
        if new.revoked and not (old and old.revoked):
            notes.append(("撤销", f"{new.revoked.date}，第二十条第 {new.revoked.ground} 项，公告 {new.revoked.notice}"))
        if new.pending and not (old and old.pending):
            notes.append(("列入公示", f"{new.pending.batch} 年度，公示 {new.pending.publicity}"))
        if not notes:
            notes.append(("修改", "平台信息有改动"))
        flagged = "（有错误）" if new.path in error_paths else ""
        for kind, note in notes:
            rows.append([kind + flagged, pid, new.name, new.county, note])

    notice_rows = []
    for slug in sorted(set(head_notice_files) | set(base_notice_files)):
        new, old = head_registry.notices.get(slug), base_notices.get(slug)
        if slug not in head_notice_files:
            notice_rows.append(["删除", slug, old.type if old else "", old.title if old else ""])
        elif slug not in base_notice_files:
            notice_rows.append(["新增", slug, new.type if new else "（有错误）", _notice_note(new)])
        elif head_notice_files[slug] != base_notice_files[slug]:
            notice_rows.append(["修改", slug, new.type if new else "（有错误）", _notice_note(new)])

    out = ["## 名录变更摘要", ""]
    if base_note:
        out += [f"> {base_note}", ""]
    errors, warnings = len(report.errors), len(report.warnings)
    verdict = "✅ 校验通过" if not errors else "❌ 校验未通过"
    out += [f"{verdict}：{errors} 个错误，{warnings} 个警告（按 {today} 计算；共 {report.platform_count} 个平台文件、"
            f"{report.notice_count} 个公告）。", ""]
    counts = {}
    for row in rows:
        counts[row[0]] = counts.get(row[0], 0) + 1
    if rows:
        out += ["**平台**：" + "，".join(f"{k} {v}" for k, v in counts.items()), ""]
        out += _table(["变更", "编号", "平台名称", "县（市、区）", "说明"], rows)
    else:
        out += ["**平台**：没有改动。", ""]
    if notice_rows:
        out += ["**通知公告**", ""]
        out += _table(["变更", "文件", "类型", "标题与说明"], notice_rows)
    else:
        out += ["**通知公告**：没有改动。", ""]
    if report.problems:
        out += ["### 问题", ""]
        shown = report.problems[:MAX_PROBLEM_ROWS]
        out += _table(["级别", "代码", "位置", "说明"], [
            ["错误" if p.is_error else "警告", p.code, f"{p.path}:{p.line}:{p.col}",
             p.message + (f"（{p.article}）" if p.article else "")] for p in shown])
        if len(report.problems) > len(shown):
            out += [f"另有 {len(report.problems) - len(shown)} 个问题未列出，完整列表见“校验”步骤的日志。", ""]
        out += [f"每个错误代码的含义和改法见 [docs/errors.md]({_errors_link()})。", ""]
    return "\n".join(out) + "\n"


def _errors_link() -> str:
    """An absolute link on GitHub (step summaries do not resolve relative links), else relative."""
    server, repo, sha = (os.environ.get(k) for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"))
    if server and repo and sha:
        return f"{server}/{repo}/blob/{sha}/docs/errors.md"
    return "docs/errors.md"


def _notice_note(notice) -> str:
    if notice is None:
        return ""
    note = notice.title
    if notice.type == PUBLICITY.name and notice.publicity_start and notice.publicity_end:
        note += f"（公示期 {notice.publicity_start} 至 {notice.publicity_end}）"
    if notice.platforms:
        note += f"；涉及 {len(notice.platforms)} 个平台"
    return note


def main(argv: list[str] | None = None) -> int:
    parser = ChineseArgumentParser(prog="python -m sme_registry pr-summary",
                                   description="输出合并请求的名录变更摘要（Markdown）")
    parser.add_argument("--base", default="origin/main", help="对比的基准版本（分支、标签或提交），默认 origin/main")
    parser.add_argument("--src", default=".", help="名录所在目录（Git 工作区），默认当前目录")
    parser.add_argument("--today", help="按哪一天校验，YYYY-MM-DD；默认取环境变量 TODAY 或上海时区今天")
    args = parser.parse_args(argv)
    src = Path(args.src).resolve()
    try:
        today = today_from(args.today)
    except ContextError as exc:
        print(f"用法错误：{exc}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="pr-summary-") as tmp:
        note = extract_base(src, args.base, Path(tmp))
        if note:
            note += "；以下把所有文件视为新增。"
        sys.stdout.write(summarize(src, Path(tmp), today, note))
        sys.stdout.write(code_review_note(outside_registry(src, args.base)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
