"""The regulation's words and numbers, defined once (《聊城市中小企业公共服务示范平台认定管理办法》).

Every other module imports these names; a test fails when one of these words or slugs is
written out as a string literal anywhere else in the package. The JSON Schemas' enums are
generated from here (`make schemas`), the catalogue's messages are formatted from here, and
the browser gets them as generated data. The thresholds of 第八、九、十条 are data in
`thresholds.py`, built on the names below.
"""

from __future__ import annotations

from dataclasses import dataclass

# --------------------------------------------------------------------------- 第六条: the seven functions
INFORMATION = "信息服务"
TECHNOLOGY = "技术服务"
STARTUP = "创业服务"
TRAINING = "培训服务"
FINANCING = "融资服务"
CONSULTING = "咨询服务"
LEGAL = "法律服务"
SERVICES = (INFORMATION, TECHNOLOGY, STARTUP, TRAINING, FINANCING, CONSULTING, LEGAL)

# --------------------------------------------------------------------------- 第七条: two categories
COMPREHENSIVE = "综合类"
SPECIALISED = "专业类"
CATEGORIES = (COMPREHENSIVE, SPECIALISED)

# --------------------------------------------------------------------------- operator kinds (第八条 relaxes two)
ENTERPRISE = "企业"
PUBLIC_INSTITUTION = "事业单位"
SOCIAL_ORGANISATION = "社会团体"
PRIVATE_NON_ENTERPRISE = "民办非企业单位"
OPERATOR_KINDS = (ENTERPRISE, PUBLIC_INSTITUTION, SOCIAL_ORGANISATION, PRIVATE_NON_ENTERPRISE)
# Operators of these kinds meet the lower asset and staff figures of 第八条.
RELAXED_OPERATOR_KINDS = (PUBLIC_INSTITUTION, SOCIAL_ORGANISATION)

# --------------------------------------------------------------------------- 第二十条: revocation grounds
# Verbatim from the measures (a test compares them with content/policy/measures.zh.txt).
REVOCATION_GROUNDS = {
    1: "受到有关行政主管机关处分的",
    2: "被司法机关处罚的",
    3: "1年内无正当理由不参加由中小企业主管部门组织的中小企业服务活动的",
    4: "运作不规范，被中小企业投诉3次以上的经查核实的",
    5: "不向中小企业主管部门报送示范平台建设工作总结报告的",
}
REVOCATION_ARTICLE = "第二十条"
CHINESE_NUMERALS = "零一二三四五六七八九十"


def ground_label(ground: int) -> str:
    """第二十条第（三）项"""
    return f"{REVOCATION_ARTICLE}第（{CHINESE_NUMERALS[ground]}）项"


# --------------------------------------------------------------------------- notice types


@dataclass(frozen=True)
class NoticeType:
    name: str  # the `type:` value in a notice header
    key: str  # URL key of its listing page (notices/<key>.html) and of the site's filters
    file_slug: str  # the tail of a new notice's file name, e.g. 2026-11-23-gongshi.md


CALL = NoticeType("申报通知", "shenbao", "shenbao-tongzhi")
PUBLICITY = NoticeType("公示", "gongshi", "gongshi")  # 第十三条
ANNOUNCEMENT = NoticeType("认定公告", "rending", "rending")  # 第十四条
REVOCATION = NoticeType("撤销公告", "chexiao", "chexiao")  # 第二十条
EVALUATION = NoticeType("测评结果", "cepingjieguo", "ceping-jieguo")
OTHER = NoticeType("其他", "qita", "tongzhi")
NOTICE_TYPES = (CALL, PUBLICITY, ANNOUNCEMENT, REVOCATION, EVALUATION, OTHER)
NOTICE_TYPE = {t.name: t for t in NOTICE_TYPES}
NOTICE_TYPE_NAMES = tuple(t.name for t in NOTICE_TYPES)

# --------------------------------------------------------------------------- the numbers
PUBLICITY_WORKDAYS = 5  # 第十三条: 公示 5 个工作日
TERM_YEARS = 3  # 第十八条: 每次认定有效期为三年
REVOCATION_BAN_YEARS = 3  # 第二十条: 3 年内不允许再次申报
EXPIRING_WITHIN_DAYS = 90  # DESIGN §2: 即将到期 in the last 90 days of a term
COMPREHENSIVE_MIN_SERVICES = 4  # 第十条第（一）项
SPECIALISED_FIELD_EXPERIENCE_PCT = 80  # 第十条第（二）项


def literals() -> tuple[set[str], set[str]]:
    """(words that must not be written as a whole string literal elsewhere, texts that must
    not appear inside any literal elsewhere)."""
    words = set(SERVICES) | set(CATEGORIES) | set(OPERATOR_KINDS)
    for t in NOTICE_TYPES:
        words |= {t.name, t.key, t.file_slug}
    return words, set(REVOCATION_GROUNDS.values())
