"""The regulation's vocabulary is defined once: in sme_registry/regulation/vocabulary.py, checked
against the measures' text, and nowhere else in the package as a literal."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from sme_registry.load import schema_vocab
from sme_registry.problems import codes
from sme_registry.regulation import vocabulary

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "sme_registry"
MEASURES = (ROOT / "content/policy/measures.zh.txt").read_text(encoding="utf-8")
# A number of the regulation written into a sentence instead of formatted from vocabulary.
NUMBER_PHRASES = re.compile(r"\d+\s*个工作日|不少于\s*\d+\s*项|\d+\s*年内")


def _vocabulary_module() -> Path:
    return Path(vocabulary.__file__).resolve()


def literal_offences(path: Path) -> list[str]:
    words, texts = vocabulary.literals()
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    docstrings = {id(body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and (body := node.body) and isinstance(body[0], ast.Expr)
                  and isinstance(body[0].value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in docstrings:
            continue
        value = node.value
        where = f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}:{node.lineno}"
        if value.strip() in words:
            found.append(f"{where}: {value!r}")
        found += [f"{where}: 第二十条的理由 {t!r}" for t in texts if t in value or t.rstrip("的") in value]
        found += [f"{where}: 数字 {m!r}" for m in NUMBER_PHRASES.findall(value)]
    return found


def test_no_vocabulary_literal_outside_the_vocabulary_module():
    offences = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.resolve() != _vocabulary_module():
            offences += literal_offences(path)
    assert not offences, "规定用语应从 vocabulary 导入：\n" + "\n".join(offences)


def test_a_planted_literal_is_found(tmp_path):
    """What a second module would plant: a kind, a ground's text, a slug, a number."""
    planted = tmp_path / "planted.py"
    planted.write_text(
        '"""Docstrings may name 公示 5 个工作日."""\nKINDS = ("企业",)\n'
        'TEXT = "存在运作不规范，被中小企业投诉3次以上的经查核实的情形"\n'
        'if x == "gongshi": pass\nMSG = f"公示 5 个工作日{y}"\n', encoding="utf-8")
    found = literal_offences(planted)
    assert sorted(f.split(": ", 1)[0] for f in found) == ["planted.py:2", "planted.py:3", "planted.py:4", "planted.py:5"], found


@pytest.mark.parametrize("ground", sorted(vocabulary.REVOCATION_GROUNDS))
def test_revocation_grounds_are_the_measures_text(ground):
    numeral = vocabulary.CHINESE_NUMERALS[ground]
    text = re.escape(vocabulary.REVOCATION_GROUNDS[ground])
    assert re.search(rf"^[（(]{numeral}[）)]{text}[；。]$", MEASURES, re.M)


def test_the_words_and_numbers_are_the_measures():
    for service in vocabulary.SERVICES:
        assert f"{service}。" in MEASURES
    assert f"分为{vocabulary.COMPREHENSIVE}、{vocabulary.SPECIALISED}两类" in MEASURES
    assert f"公示{vocabulary.PUBLICITY_WORKDAYS}个工作日" in MEASURES
    assert f"有效期为{vocabulary.CHINESE_NUMERALS[vocabulary.TERM_YEARS]}年" in MEASURES
    assert f"并在{vocabulary.REVOCATION_BAN_YEARS}年内不允许再次申报" in MEASURES
    assert f"服务功能中的{vocabulary.COMPREHENSIVE_MIN_SERVICES}项" in MEASURES
    assert f"不低于{vocabulary.SPECIALISED_FIELD_EXPERIENCE_PCT}%" in MEASURES


@pytest.mark.parametrize("kind", schema_vocab.KINDS)
def test_schema_enums_are_generated_from_the_vocabulary(kind):
    """schema/*.json equal what `make schemas` writes from the vocabulary."""
    on_disk = (schema_vocab.SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert on_disk == schema_vocab.render(kind), "请运行 make schemas"


def test_catalogue_messages_carry_the_numbers():
    assert f"不少于 {vocabulary.COMPREHENSIVE_MIN_SERVICES} 项" in codes.CATALOGUE["E303"].template
    assert f"应为 {vocabulary.PUBLICITY_WORKDAYS} 个工作日" in codes.CATALOGUE["E311"].template
    assert f"{vocabulary.REVOCATION_BAN_YEARS} 年内" in codes.CATALOGUE["E332"].template
