"""The one "did you mean" helper, as every message uses it."""

from sme_registry.suggest import closest, did_you_mean


def test_closest_known_value():
    assert closest("lc-2023-01", ["lc-2023-001", "lc-2024-001"]) == "lc-2023-001"
    assert closest("zzz", ["lc-2023-001"]) is None


def test_message_tail():
    assert did_you_mean("综合", ["综合类", "专业类"]) == "，是否应为“综合类”？"
    assert did_you_mean("完全不同的词", ["综合类"]) == ""
