"""The thresholds of 第八、九、十条 as data.

The validator, the self-check page (exported as JSON, read by its JavaScript) and the
documentation all read these definitions; nothing else states a threshold.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sme_registry.regulation.vocabulary import (
    COMPREHENSIVE_MIN_SERVICES,
    CONSULTING,
    FINANCING,
    INFORMATION,
    LEGAL,
    RELAXED_OPERATOR_KINDS,
    SPECIALISED,
    SPECIALISED_FIELD_EXPERIENCE_PCT,
    STARTUP,
    TECHNOLOGY,
    TRAINING,
)


@dataclass(frozen=True)
class Criterion:
    key: str  # metrics key; "activities.<功能>" for per-function activity counts
    label: str
    threshold: float
    unit: str
    article: str
    relaxed: float | None = None  # for operators of RELAXED_OPERATOR_KINDS

    def threshold_for(self, operator_kind: str) -> float:
        if self.relaxed is not None and operator_kind in RELAXED_OPERATOR_KINDS:
            return self.relaxed
        return self.threshold


BASE_CRITERIA = (
    Criterion("years_operating", "运营年限", 1, "年", "第八条第（一）项"),
    Criterion("total_assets_wan", "资产总额", 200, "万元", "第八条第（一）项", relaxed=100),
    Criterion("smes_served", "年服务中小企业数", 80, "家", "第八条第（三）项"),
    Criterion("satisfaction_pct", "用户满意度", 80, "%", "第八条第（三）项"),
    Criterion("growth_pct", "近两年服务企业数量增长", 10, "%", "第八条第（三）项"),
    Criterion("partner_institutions", "集聚服务机构数", 3, "家", "第八条第（四）项"),
    Criterion("public_benefit_share_pct", "公益性或低收费服务占总服务量比例", 20, "%", "第八条第（六）项"),
    Criterion("staff", "为中小企业服务的人员数", 15, "人", "第八条第（七）项", relaxed=10),
    Criterion("qualified_staff_pct", "大专及以上学历和中级及以上技术职称人员比例", 80, "%", "第八条第（七）项"),
)

FUNCTION_CRITERIA = {
    INFORMATION: (Criterion(f"activities.{INFORMATION}", "年组织开展相关服务活动", 4, "次", "第九条第（一）项"),),
    TECHNOLOGY: (Criterion(f"activities.{TECHNOLOGY}", "年开展技术洽谈、项目推介和知识产权等服务活动", 4, "次", "第九条第（二）项"),),
    STARTUP: (Criterion(f"activities.{STARTUP}", "年开展创业项目洽谈、推介活动", 4, "次", "第九条第（三）项"),),
    TRAINING: (Criterion("training_person_times", "年培训人次", 1000, "人次", "第九条第（四）项"),),
    FINANCING: (
        Criterion("new_financing_yi", "年引导金融机构为中小企业新增融资额", 1.5, "亿元", "第九条第（五）项"),
        Criterion("bank_enterprise_events", "年组织银企对接活动", 4, "次", "第九条第（五）项"),
        Criterion("financing_lectures", "年组织融资知识讲座", 4, "次", "第九条第（五）项"),
    ),
    CONSULTING: (Criterion(f"activities.{CONSULTING}", "年组织公益性诊断咨询活动", 4, "次", "第九条第（六）项"),),
    LEGAL: (Criterion(f"activities.{LEGAL}", "年组织法律体检或法律宣讲活动", 4, "次", "第九条第（七）项"),),
}

FIELD_EXPERIENCE = Criterion(
    "field_experience_pct", "具有本专业领域相关工作经验的人员比例", SPECIALISED_FIELD_EXPERIENCE_PCT, "%", "第十条第（二）项"
)


@dataclass(frozen=True)
class Verdict:
    criterion: Criterion
    function: str | None  # None for 第八条 and 第十条 criteria
    threshold: float
    value: float | None

    @property
    def missing(self) -> bool:
        return self.value is None

    @property
    def passed(self) -> bool:
        return self.value is not None and self.value >= self.threshold


def metric_value(metrics: dict, key: str):
    if key.startswith("activities."):
        return (metrics.get("activities") or {}).get(key.split(".", 1)[1])
    return metrics.get(key)


def evaluate(metrics: dict, operator_kind: str, category: str, services) -> list[Verdict]:
    """Every criterion that applies to an application, with its verdict."""
    verdicts = [
        Verdict(c, None, c.threshold_for(operator_kind), metric_value(metrics, c.key)) for c in BASE_CRITERIA
    ]
    for function in services:
        for c in FUNCTION_CRITERIA.get(function, ()):
            verdicts.append(Verdict(c, function, c.threshold_for(operator_kind), metric_value(metrics, c.key)))
    if category == SPECIALISED:
        verdicts.append(Verdict(FIELD_EXPERIENCE, None, FIELD_EXPERIENCE.threshold, metric_value(metrics, FIELD_EXPERIENCE.key)))
    return verdicts


def export() -> dict:
    """The definitions as plain JSON data for the browser self-check."""
    return {
        "relaxed_operator_kinds": list(RELAXED_OPERATOR_KINDS),
        "comprehensive_min_services": COMPREHENSIVE_MIN_SERVICES,
        "base": [asdict(c) for c in BASE_CRITERIA],
        "functions": {name: [asdict(c) for c in items] for name, items in FUNCTION_CRITERIA.items()},
        "field_experience": asdict(FIELD_EXPERIENCE),
    }
