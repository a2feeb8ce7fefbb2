"""第八、九、十条 thresholds as data: boundaries pass, just below fails, relaxed kinds."""

from __future__ import annotations

import json

import pytest

from sme_registry.regulation import thresholds as t

PASSING = {
    "years_operating": 1, "total_assets_wan": 200, "smes_served": 80, "satisfaction_pct": 80,
    "growth_pct": 10, "partner_institutions": 3, "public_benefit_share_pct": 20, "staff": 15,
    "qualified_staff_pct": 80, "field_experience_pct": 80,
    "activities": {f: 4 for f in ("信息服务", "技术服务", "创业服务", "咨询服务", "法律服务")},
    "training_person_times": 1000, "new_financing_yi": 1.5, "bank_enterprise_events": 4, "financing_lectures": 4,
}
ALL = ["信息服务", "技术服务", "创业服务", "培训服务", "融资服务", "咨询服务", "法律服务"]


def failed(metrics, kind="企业", category="综合类", services=ALL):
    return sorted(v.criterion.key for v in t.evaluate(metrics, kind, category, services) if not v.passed)


def test_exact_thresholds_pass():
    assert failed(PASSING) == []
    assert failed(PASSING, category="专业类") == []


@pytest.mark.parametrize("criterion", [c for c in t.BASE_CRITERIA])
def test_each_base_threshold_just_missed(criterion):
    metrics = dict(PASSING)
    metrics[criterion.key] = criterion.threshold - (0.1 if isinstance(PASSING[criterion.key], float) or
                                                    criterion.unit in ("%", "年", "万元") else 1)
    assert failed(metrics) == [criterion.key]


def test_relaxed_operators_pass_at_100_wan_and_10_staff_and_fail_below():
    metrics = dict(PASSING, total_assets_wan=100, staff=10)
    for kind in t.RELAXED_OPERATOR_KINDS:
        assert failed(metrics, kind=kind) == []
        assert failed(dict(metrics, total_assets_wan=99, staff=9), kind=kind) == ["staff", "total_assets_wan"]
    assert failed(metrics, kind="企业") == ["staff", "total_assets_wan"]
    assert failed(metrics, kind="民办非企业单位") == ["staff", "total_assets_wan"]


def test_function_thresholds_only_for_chosen_functions():
    metrics = dict(PASSING, training_person_times=999, new_financing_yi=1.49)
    assert failed(metrics) == ["new_financing_yi", "training_person_times"]
    assert failed(metrics, services=["信息服务", "技术服务"]) == []


def test_activity_counts_per_function():
    metrics = dict(PASSING, activities=dict(PASSING["activities"], 法律服务=3))
    assert failed(metrics) == ["activities.法律服务"]


def test_field_experience_only_for_specialised():
    metrics = dict(PASSING, field_experience_pct=79)
    assert failed(metrics, category="专业类") == ["field_experience_pct"]
    assert failed(metrics, category="综合类") == []


def test_missing_values_are_reported_as_missing():
    verdicts = t.evaluate({}, "企业", "专业类", ["技术服务"])
    assert all(v.missing and not v.passed for v in verdicts)
    assert len(verdicts) == len(t.BASE_CRITERIA) + 1 + 1


def test_export_is_json_and_complete():
    data = json.loads(json.dumps(t.export(), ensure_ascii=False))
    assert [c["key"] for c in data["base"]] == [c.key for c in t.BASE_CRITERIA]
    assert set(data["functions"]) == set(ALL)
    assert data["comprehensive_min_services"] == 4
    assert data["field_experience"]["threshold"] == 80
