#!/usr/bin/env bash
# Move sme_registry's flat modules into the pipeline layout and rewrite every reference.
# (Issue 13 item 6, planned: not yet run on main. Run it, then add the import-linter contracts.)
#
#   cd <checkout root> && bash scripts/relayout.sh
#
# Works on a tree with extra files from other branches: modules are moved by name (a
# module missing from the tree is skipped), imports and dotted/path references are
# rewritten by a module-name mapping over every text file that can name them, and any
# top-level module the mapping does not know is listed at the end (it stays where it is).
# Idempotent: a second run finds nothing to move and nothing to rewrite.
set -euo pipefail
test -f pyproject.toml && test -d sme_registry || { echo "run from the checkout root" >&2; exit 2; }

python3 - <<'PY'
import re
import subprocess
import sys
from pathlib import Path

# ------------------------------------------------------------------ the mapping
# old module (under sme_registry.) -> new module. Packages move as a whole.
MODULES = {
    # regulation/: the measures' words, numbers and rules of time
    "vocabulary": "regulation.vocabulary",
    "dates": "regulation.dates",
    "thresholds": "regulation.thresholds",
    "workdays": "regulation.workdays",
    "credit_code": "regulation.credit_code",
    "policy": "regulation.measures",
    # problems/: the catalogue of problem codes (below load/, which reports problems)
    "codes": "problems.codes",
    # load/: files into a Registry
    "source_text": "load.source_text",
    "yaml_strict": "load.yaml_strict",
    "notice_source": "load.notice_source",
    "schemas": "load.schemas",
    "schema_vocab": "load.schema_vocab",
    "model": "load.model",
    "loader": "load.loader",
    "slips": "load.slips",
    # validate/: the rules and how problems are shown
    "rules": "validate.rules",
    "report": "validate.report",
    "formatters": "validate.formatters",
    "errors_doc": "validate.errors_doc",
    # derive/: what the registry means on a day
    "status": "derive.status",
    "views": "derive.views",
    "changes": "derive.changes",
    "stats": "derive.stats",
    "attention": "validate.attention",
    "contact_links": "derive.contact_links",
    # site/: the static site
    "build": "site.build",
    "exports": "site.exports",
    "charts": "site.charts",
    "sanitize": "site.sanitize",
    "pelican_plugin": "site.pelican",
    "county_pages": "site.county_pages",
    "output_guard": "site.output_guard",
    "spreadsheet.export": "site.workbooks",
    # staff/: the staff's commands
    "staff_cli": "staff.cli",  # the former shim: only its references are rewritten
    "derive.attention": "validate.attention",  # (for branches made between the two moves)
    "pr_summary": "staff.pr_summary",
    "calendar_notice": "staff.calendar_notice",
    "editor_config": "staff.editor_config",
    "editor_local": "staff.editor_local",
}
# modules that become packages (old module file -> package __init__)
PACKAGE_MODULES = {"problems": "problems"}
KEEP = {"__init__", "__main__", "cli", "cli_text", "context", "resources", "suggest", "parallel", "search",
        "regulation", "load", "validate", "derive", "site", "staff", "problems", "spreadsheet"}
NEW_PACKAGES = ["regulation", "problems", "load", "validate", "derive", "site", "staff"]
PACKAGE_DOCS = {
    "regulation": "The measures' vocabulary, numbers, thresholds, working days and credit codes.",
    "problems": "Problems and the catalogue of their codes (every message a user reads).",
    "load": "Registry files into model objects: strict YAML, notice headers, schemas, the loader.",
    "validate": "The regulation's rules over a loaded registry, and how problems are reported.",
    "derive": "What the registry means on a day: statuses, views, changes, statistics, staff to-do.",
    "site": "The static site: build, exports, charts, the notice sanitiser and the Pelican plugin.",
    "staff": "Staff commands: scaffolding, round-trip edits, the pull-request summary, the form editor, the holiday calendar.",
}
# tests: old test file -> new place (by name; files not listed stay where they are)
TESTS = {
    "tests/core/test_vocabulary.py": "tests/regulation/test_vocabulary.py",
    "tests/core/test_credit_code.py": "tests/regulation/test_credit_code.py",
    "tests/core/test_dates.py": "tests/regulation/test_dates.py",
    "tests/core/test_thresholds.py": "tests/regulation/test_thresholds.py",
    "tests/core/test_workdays.py": "tests/regulation/test_workdays.py",
    "tests/core/test_loader.py": "tests/load/test_loader.py",
    "tests/core/test_notice_source.py": "tests/load/test_notice_source.py",
    "tests/core/test_schemas.py": "tests/load/test_schemas.py",
    "tests/core/test_source_text.py": "tests/load/test_source_text.py",
    "tests/core/test_yaml_strict.py": "tests/load/test_yaml_strict.py",
    "tests/core/test_sandbox.py": "tests/load/test_sandbox.py",
    "tests/core/test_slips.py": "tests/load/test_slips.py",
    "tests/core/test_annual_reports.py": "tests/validate/test_annual_reports.py",
    "tests/core/test_corpus.py": "tests/validate/test_corpus.py",
    "tests/core/test_errors_doc.py": "tests/validate/test_errors_doc.py",
    "tests/core/test_formatters.py": "tests/validate/test_formatters.py",
    "tests/core/test_status.py": "tests/derive/test_status.py",
    "tests/core/test_status_oracle.py": "tests/derive/test_status_oracle.py",
    "tests/core/test_contact_links.py": "tests/derive/test_contact_links.py",
    "tests/attention/test_attention.py": "tests/validate/test_attention.py",
    "tests/stats/test_stats.py": "tests/derive/test_stats.py",
    "tests/build/test_build.py": "tests/site/test_build.py",
    "tests/build/test_pages.py": "tests/site/test_pages.py",
    "tests/build/test_ci_boundary.py": "tests/site/test_ci_boundary.py",
    "tests/build/test_determinism.py": "tests/site/test_determinism.py",
    "tests/build/test_output_safety.py": "tests/site/test_output_safety.py",
    "tests/build/test_stale_pending.py": "tests/site/test_stale_pending.py",
    "tests/core/test_county_pages.py": "tests/site/test_county_pages.py",
    "tests/pelican_plugin/test_render_cache.py": "tests/site/test_render_cache.py",
    "tests/pelican_plugin/test_feeds.py": "tests/site/test_feeds.py",
    "tests/pelican_plugin/test_notice_pages.py": "tests/site/test_notice_pages.py",
    "tests/core/test_cli.py": "tests/cli/test_cli.py",
    "tests/core/test_suggest.py": "tests/cli/test_suggest.py",
    "tests/test_install.py": "tests/cli/test_install.py",
}


def git(*args):
    subprocess.run(["git", *args], check=True)


def tracked(path: Path) -> bool:
    return subprocess.run(["git", "ls-files", "--error-unmatch", str(path)], capture_output=True).returncode == 0


def move(src: Path, dst: Path):
    dst.parent.mkdir(parents=True, exist_ok=True)
    if tracked(src):
        git("mv", str(src), str(dst))
    else:
        src.rename(dst)


PKG = Path("sme_registry")
for name in NEW_PACKAGES:
    init = PKG / name / "__init__.py"
    if not init.exists() and not (PKG / f"{name}.py").exists():
        init.parent.mkdir(parents=True, exist_ok=True)
        init.write_text(f'"""{PACKAGE_DOCS[name]}"""\n', encoding="utf-8")
        git("add", str(init))
for old, new in PACKAGE_MODULES.items():
    src = PKG / f"{old}.py"
    if src.exists():
        move(src, PKG / new / "__init__.py")
for old, new in MODULES.items():
    target = PKG / Path(*new.split("."))
    if (PKG / old).is_dir() and (PKG / old / "__init__.py").exists():
        if not target.exists():
            for cache in (PKG / old).rglob("__pycache__"):
                subprocess.run(["rm", "-rf", str(cache)], check=True)
            move(PKG / old, target)
    elif (PKG / f"{old}.py").exists():
        move(PKG / f"{old}.py", target.with_suffix(".py"))
for cache in PKG.glob("__pycache__"):
    subprocess.run(["rm", "-rf", str(cache)], check=True)

# tests
for old, new in TESTS.items():
    if Path(old).exists():
        move(Path(old), Path(new))
for folder in sorted({Path(n).parent for n in TESTS.values()}):
    init = folder / "__init__.py"
    if not init.exists():
        init.write_text("", encoding="utf-8")
        git("add", str(init))
for folder in ("tests/core", "tests/attention", "tests/stats", "tests/build", "tests/pelican_plugin"):
    f = Path(folder)
    if f.is_dir():
        left = [p for p in f.iterdir() if p.name not in ("__init__.py", "__pycache__")]
        if not left:
            if (f / "__init__.py").exists() and tracked(f / "__init__.py"):
                git("rm", "-q", str(f / "__init__.py"))
            subprocess.run(["rm", "-rf", str(f)], check=True)

# ------------------------------------------------------------------ rewriting
DOTTED = {f"sme_registry.{o}": f"sme_registry.{n}" for o, n in MODULES.items()}
DOTTED.update({"sme_registry.codes": "sme_registry.problems.codes"})
TEST_DOTTED = {}
for old, new in TESTS.items():
    o, n = old[:-3].replace("/", "."), new[:-3].replace("/", ".")
    TEST_DOTTED[o] = n
DOTTED.update(TEST_DOTTED)
PATHS = {}
for o, n in MODULES.items():
    PATHS[f"sme_registry/{o}.py"] = f"sme_registry/{n.replace('.', '/')}.py"
    PATHS[f"sme_registry/{o}/"] = f"sme_registry/{n.replace('.', '/')}/"
PATHS["sme_registry/problems.py"] = "sme_registry/problems/__init__.py"
PATHS.update(TESTS)

dotted_re = re.compile(r"(?<![\w.])(" + "|".join(re.escape(k) for k in sorted(DOTTED, key=len, reverse=True))
                       + r")(?![\w])")
path_re = re.compile(r"(?<![\w/.-])(" + "|".join(re.escape(k) for k in sorted(PATHS, key=len, reverse=True))
                     + r")(?![\w])" )
# `from <package> import a, b as c` (one line or parenthesised) where <package>.a is a moved
# module -> one import per new parent package
FROM_PACKAGES = {"sme_registry"} | {k.rsplit(".", 1)[0] for k in DOTTED}
from_pkg_re = re.compile(r"^(?P<indent>[ \t]*)from (?P<pkg>" + "|".join(re.escape(p) for p in sorted(FROM_PACKAGES, key=len, reverse=True))
                         + r") import (?P<names>\([^)]*\)|[^\n#(]*?)(?P<comment>[ \t]*#[^\n]*)?$", re.M)


def split_from_import(match):
    indent, pkg, names, comment = match["indent"], match["pkg"], match["names"], match["comment"] or ""
    items = [n.strip() for n in names.strip("()").replace("\n", " ").split(",") if n.strip()]
    if any("#" in item for item in items):
        return match.group(0)  # comments inside the parentheses: leave it to the dotted rewrite
    groups: dict[str, list[str]] = {}
    for item in items:
        name = item.split(" as ")[0].strip()
        alias = item[len(name):]
        new = DOTTED.get(f"{pkg}.{name}")
        if new:
            parent, leaf = new.rsplit(".", 1)
            groups.setdefault(parent, []).append(leaf + (alias if alias else (f" as {name}" if leaf != name else "")))
        else:
            groups.setdefault(pkg, []).append(item)
    if list(groups) == [pkg]:
        return match.group(0)
    lines = [f"{indent}from {mod} import {', '.join(sorted(v))}" for mod, v in groups.items()]
    if comment:
        lines[0] += comment
    return "\n".join(lines)


def rewrite(text: str, python: bool) -> str:
    if python:
        text = from_pkg_re.sub(split_from_import, text)
    text = dotted_re.sub(lambda m: DOTTED[m.group(1)], text)
    text = path_re.sub(lambda m: PATHS[m.group(1)], text)
    return text


files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], check=True, capture_output=True,
                       text=True).stdout.split("\n")
SUFFIXES = {".py", ".md", ".toml", ".cfg", ".ini", ".mk", ".yml", ".yaml", ".sh", ".txt", ".html", ".js", ".json"}
changed = 0
for name in files:
    path = Path(name)
    if not name or not path.is_file() or name.startswith(("tests/fixtures/", "node_modules/", ".venv/")) or name == "scripts/relayout.sh":
        continue
    if path.suffix not in SUFFIXES and path.name not in ("Makefile", "Dockerfile", "pelicanconf.py"):
        continue
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        continue
    new = rewrite(text, path.suffix == ".py")
    if new != text:
        path.write_text(new, encoding="utf-8")
        changed += 1
print(f"relayout: rewrote references in {changed} files", file=sys.stderr)

left = sorted(p.stem for p in PKG.glob("*.py") if p.stem not in KEEP)
left += sorted(p.name for p in PKG.iterdir() if p.is_dir() and p.name not in KEEP and p.name != "__pycache__")
if left:
    print("relayout: modules the mapping does not place (left at sme_registry/): " + ", ".join(left), file=sys.stderr)
PY

# Imports were split per package: let ruff put them back in order.
if [ -x .venv/bin/python ]; then
  .venv/bin/python -m ruff check --select I --fix --quiet sme_registry tests scripts pelicanconf.py || true
fi
git add -A sme_registry tests
echo "relayout: done" >&2
