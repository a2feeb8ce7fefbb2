"""Deterministic synthetic registries for search tests and size measurements.

``python -m sme_registry.search.synthetic`` prints index sizes and build times
for an example-sized registry (40 platforms, 30 notices) and for 1,000 platforms.
"""

from __future__ import annotations

import gzip
import random
import sys
import time

from sme_registry.vocabulary import CATEGORIES, PUBLICITY, PUBLICITY_WORKDAYS, SERVICES

COUNTIES = (
    "东昌府区",
    "茌平区",
    "阳谷县",
    "莘县",
    "东阿县",
    "冠县",
    "高唐县",
    "临清市",
    "聊城经济技术开发区",
    "聊城高新技术产业开发区",
    "聊城江北水城旅游度假区",
)
STATUSES = ("有效", "有效", "有效", "即将到期", "已到期", "已撤销", "公示中", "待认定")
INDUSTRIES = (
    "轴承", "电线电缆", "钢管", "阿胶", "农产品", "食品加工", "纺织服装", "木业", "玻璃钢",
    "汽车零部件", "生物医药", "新材料", "新能源", "化工", "机械装备", "有色金属", "电动车",
    "家具", "光伏", "葫芦工艺", "中医药", "畜牧", "棉纺", "铜材", "造纸", "肉牛", "蔬菜",
    "工程机械", "环保装备", "数字经济", "跨境电商", "文化创意", "物流", "冷链", "检验检测",
)
KINDS = (
    "中小企业公共服务平台", "公共技术服务平台", "创业创新服务中心", "产业技术研究院",
    "企业服务中心", "人才培训基地", "融资服务中心", "知识产权服务中心", "检验检测中心",
    "信息化服务平台", "创业孵化基地", "科技企业孵化器",
)
ORG_WORDS = (
    "鲁西", "水城", "运河", "金泰", "华信", "瑞丰", "东岳", "泰和", "恒通", "宏达", "博远", "启航",
    "诚信", "天元", "信发", "祥光", "鑫源", "中通", "润泽", "凤凰", "光明", "卓越", "海川", "景阳",
    "古楼", "光岳", "昌润", "铭德", "汇智", "聚力", "嘉禾", "新科", "万通", "同创", "远大", "康华",
)
ORG_KINDS = (
    "科技有限公司", "信息技术有限公司", "企业管理咨询有限公司", "孵化器管理有限公司",
    "行业协会", "商会", "职业培训学校", "检测技术有限公司", "科技服务中心",
)
PHRASES = (
    "围绕区域主导产业", "为中小企业提供", "政策咨询与申报辅导", "技术研发与成果转化",
    "检验检测与质量提升", "人才招聘与技能培训", "融资对接与担保服务", "法律咨询与知识产权保护",
    "年服务企业三百余家", "组织银企对接活动", "开展创业辅导讲座", "建设线上服务平台",
    "联合高校和科研院所", "推动数字化转型", "提供公益性服务", "累计培训一千余人次",
)
NOTICE_TYPES = (PUBLICITY.name, "公告", "通知", "政策解读")


def make_platforms(n: int, seed: int = 5) -> list[dict]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        county = COUNTIES[i % len(COUNTIES)]
        prefix = county if rnd.random() < 0.7 else "聊城市"
        industry = rnd.choice(INDUSTRIES)
        name = f"{prefix}{industry}{rnd.choice(KINDS)}"
        batch = 2015 + i % 10
        operator = (
            f"{rnd.choice(('山东', '聊城', county[:2]))}{rnd.choice(ORG_WORDS)}"
            f"{rnd.choice(ORG_WORDS)}{rnd.choice(ORG_KINDS)}"
        )
        services = sorted(rnd.sample(SERVICES, rnd.randint(1, 5)), key=SERVICES.index)
        code = "9137" + "".join(rnd.choice("0123456789") for _ in range(4))
        code += "".join(rnd.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(10))
        description = "".join(rnd.sample(PHRASES, 6))
        out.append(
            {
                "id": f"lc-{batch}-{i + 1:04d}",
                "name": name,
                "operator": operator,
                "credit_code": code,
                "county": county,
                "category": CATEGORIES[0] if len(services) >= 4 else CATEGORIES[1],
                "services": services,
                "batch": batch,
                "status": rnd.choice(STATUSES),
                "valid_until": f"{batch + 3}-12-07",
                "description": description,
                "url": f"platforms/lc-{batch}-{i + 1:04d}/",
            }
        )
    return out


def make_notices(n: int, platforms: list[dict], seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        year = 2015 + i % 10
        kind = NOTICE_TYPES[i % len(NOTICE_TYPES)]
        linked = rnd.sample(platforms, min(len(platforms), rnd.randint(0, 4)))
        title = f"关于{year}年度聊城市中小企业公共服务示范平台认定名单的{kind}"
        if i % 3 == 1:
            title = f"关于开展{year}年度示范平台复核工作的{kind}"
        body = "根据《聊城市中小企业公共服务示范平台认定管理办法》，" + "、".join(
            p["name"] for p in linked
        )
        body += f"等平台拟认定为聊城市中小企业公共服务示范平台，现予以公示，公示期为{PUBLICITY_WORKDAYS}个工作日。"
        date = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        slug = f"{date}-{i:03d}"
        out.append(
            {
                "slug": slug,
                "title": title,
                "type": kind,
                "date": date,
                "text": body,
                "platforms": [p["id"] for p in linked],
                "url": f"notices/{slug}.html",
            }
        )
    return out


def measure(n_platforms: int, n_notices: int, naive: bool = False) -> dict[str, float]:
    from .index_builder import build_search_bundle

    platforms = make_platforms(n_platforms)
    notices = make_notices(n_notices, platforms)
    t0 = time.perf_counter()
    bundle = build_search_bundle(platforms, notices)
    seconds = time.perf_counter() - t0
    out: dict[str, float] = {"build_seconds": round(seconds, 2)}
    for name, data in sorted(bundle.items()):
        out[f"{name} raw"] = len(data)
        out[f"{name} gzip"] = len(gzip.compress(data, 9, mtime=0))
    if naive:
        # The standard lunr serialisation of the same platform index, for comparison.
        import json

        from .index_builder import PLATFORM_FIELDS, build_lunr_builder

        builder = build_lunr_builder(platforms, PLATFORM_FIELDS)
        data = json.dumps(builder.build().serialize(), ensure_ascii=False).encode()
        out["platforms as plain lunr JSON raw"] = len(data)
        out["platforms as plain lunr JSON gzip"] = len(gzip.compress(data, 9, mtime=0))
    return out


def main(argv: list[str]) -> int:
    sizes = [(40, 30), (1000, 30), (1000, 300)]
    if argv:
        sizes = [(int(argv[0]), int(argv[1]) if len(argv) > 1 else 30)]
    for n_p, n_n in sizes:
        print(f"{n_p} 个平台、{n_n} 条公告：", measure(n_p, n_n, naive=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
