"""The regulation's words the staff commands offer as choices.

Issue 13 item 3 moves these into the one regulation module; until then they are stated
here once and imported by the rest of `sme_registry.staff`.
"""

from __future__ import annotations

PUBLICITY_WORKDAYS = 5
ID_PREFIX = "lc"
NOTICE_TYPES = ("申报通知", "公示", "认定公告", "撤销公告", "测评结果", "其他")
TYPE_SLUGS = {
    "申报通知": "shenbao-tongzhi",
    "公示": "gongshi",
    "认定公告": "rending",
    "撤销公告": "chexiao",
    "测评结果": "ceping-jieguo",
    "其他": "tongzhi",
}
OPERATOR_KINDS = ("企业", "事业单位", "社会团体", "民办非企业单位")
CATEGORIES = ("综合类", "专业类")
SERVICES = ("信息服务", "技术服务", "创业服务", "培训服务", "融资服务", "咨询服务", "法律服务")
COMPREHENSIVE_MIN_SERVICES = 4  # 第十条
GROUNDS = {  # 第二十条
    1: "受到有关行政主管机关处分的",
    2: "被司法机关处罚的",
    3: "1年内无正当理由不参加由中小企业主管部门组织的中小企业服务活动的",
    4: "运作不规范，被中小企业投诉3次以上的经查核实的",
    5: "不向中小企业主管部门报送示范平台建设工作总结报告的",
}
GROUND_NUMERALS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五"}
