"""A large bilingual catalogue for the search and matching benchmark, written fast.

Listings are composed from pools of bilingual phrases (topics, qualifiers, sentences), so that
queries have realistic selectivity: a topic word hits a few per cent of the listings, a rare
phrase a few hundred. Search documents are precomputed with the site's own analyser (cached per
phrase) and rows go in with ``bulk_create``; 100,000 listings take about a minute on SQLite.
"""

import random
import time
from datetime import timedelta
from decimal import Decimal
from functools import cache

from django.db import transaction
from django.utils import timezone

TOPICS = [
    ("chip design", "芯片设计", "integrated circuits", "集成电路"),
    ("RISC-V processor", "RISC-V处理器", "integrated circuits", "集成电路"),
    ("wafer testing", "晶圆测试", "integrated circuits", "集成电路"),
    ("power semiconductor", "功率半导体", "integrated circuits", "集成电路"),
    ("photonic chip", "光子芯片", "integrated circuits", "集成电路"),
    ("genome sequencing", "基因测序", "biomedicine", "生物医药"),
    ("gene editing", "基因编辑", "biomedicine", "生物医药"),
    ("antibody drug", "抗体药物", "biomedicine", "生物医药"),
    ("cell therapy", "细胞治疗", "biomedicine", "生物医药"),
    ("medical imaging", "医学影像", "biomedicine", "生物医药"),
    ("vaccine adjuvant", "疫苗佐剂", "biomedicine", "生物医药"),
    ("BeiDou navigation", "北斗导航", "navigation services", "导航服务"),
    ("precision positioning", "高精度定位", "navigation services", "导航服务"),
    ("inertial sensor", "惯性传感器", "navigation services", "导航服务"),
    ("satellite remote sensing", "卫星遥感", "navigation services", "导航服务"),
    ("5G base station", "5G基站", "next-generation internet", "下一代互联网"),
    ("IPv6 router", "IPv6路由器", "next-generation internet", "下一代互联网"),
    ("edge computing", "边缘计算", "next-generation internet", "下一代互联网"),
    ("blockchain ledger", "区块链账本", "next-generation internet", "下一代互联网"),
    ("network security", "网络安全", "next-generation internet", "下一代互联网"),
    ("supercomputing scheduler", "超级计算调度", "supercomputing", "超级计算"),
    ("parallel solver", "并行求解器", "supercomputing", "超级计算"),
    ("liquid cooling", "液冷散热", "supercomputing", "超级计算"),
    ("AI accelerator", "人工智能加速器", "supercomputing", "超级计算"),
    ("large language model", "大语言模型", "supercomputing", "超级计算"),
    ("solid-state battery", "固态电池", "new energy", "新能源"),
    ("battery recycling", "电池回收", "new energy", "新能源"),
    ("hydrogen fuel cell", "氢燃料电池", "new energy", "新能源"),
    ("perovskite solar cell", "钙钛矿太阳能电池", "new energy", "新能源"),
    ("wind turbine control", "风机控制", "new energy", "新能源"),
    ("industrial robot", "工业机器人", "intelligent manufacturing", "智能制造"),
    ("machine vision", "机器视觉", "intelligent manufacturing", "智能制造"),
    ("additive manufacturing", "增材制造", "intelligent manufacturing", "智能制造"),
    ("laser welding", "激光焊接", "intelligent manufacturing", "智能制造"),
    ("digital twin", "数字孪生", "intelligent manufacturing", "智能制造"),
    ("water purification membrane", "水处理膜", "environment", "环境保护"),
    ("soil remediation", "土壤修复", "environment", "环境保护"),
    ("carbon capture", "碳捕集", "environment", "环境保护"),
    ("smart agriculture", "智慧农业", "environment", "环境保护"),
    ("graphene material", "石墨烯材料", "new materials", "新材料"),
]
QUALIFIERS = [
    ("low-power", "低功耗"), ("high-throughput", "高通量"), ("portable", "便携式"), ("modular", "模块化"),
    ("open-source", "开源"), ("automated", "自动化"), ("next-generation", "新一代"), ("compact", "紧凑型"),
    ("high-precision", "高精度"), ("cloud-based", "云端"), ("scalable", "可扩展"), ("rugged", "加固型"),
]  # fmt: skip
NOUNS = [
    ("platform", "平台"), ("system", "系统"), ("method", "方法"), ("device", "装置"), ("process", "工艺"),
    ("software", "软件"), ("kit", "试剂盒"), ("module", "模组"), ("equipment", "设备"), ("algorithm", "算法"),
]  # fmt: skip
SENTENCES = [
    (
        "The technology is protected by granted patents and ready for licensing.",
        "该技术已获授权专利，可许可使用。",
    ),
    ("A pilot line has been running for two years.", "中试线已运行两年。"),
    ("Suitable for joint development with a manufacturing partner.", "适合与制造企业联合开发。"),
    (
        "Licensed to one customer in Japan; further licences are available.",
        "已许可日本一家客户，可继续许可。",
    ),
    (
        "Cuts energy consumption by a third compared with current practice.",
        "与现有方案相比能耗降低三分之一。",
    ),
    ("Developed at a state key laboratory with 15 years of research.", "由国家重点实验室历经十五年研发。"),
    ("Field trials completed in Beijing, Shenzhen and Hong Kong.", "已在北京、深圳和香港完成现场试验。"),
    ("The team offers technical service and training after transfer.", "团队在转让后提供技术服务和培训。"),
    ("Manufacturing cost below comparable imported products.", "制造成本低于同类进口产品。"),
    ("Compliant with national and European standards.", "符合国家标准和欧洲标准。"),
    ("Looking for an equity investor to scale production.", "寻求股权投资以扩大生产。"),
    (
        "Software copyright registered; source code available to the buyer.",
        "已登记软件著作权，可向受让方提供源代码。",
    ),
    ("Validated on more than ten thousand samples.", "已在一万多个样本上验证。"),
    ("Sweden and Hong Kong partners have tested prototypes.", "瑞典和香港合作伙伴已测试样机。"),
    ("Assignment of the whole patent family is possible.", "可转让整个专利族。"),
    ("Integrates with existing production lines without retooling.", "无需改造即可接入现有生产线。"),
]
RARE = [("quantum", "量子"), ("terahertz", "太赫兹"), ("exoskeleton", "外骨骼"), ("microfluidic", "微流控")]


@cache
def _tokens(text: str) -> tuple[str, ...]:
    from listings.text import document_tokens

    return tuple(document_tokens(text))


def _line(*texts: str) -> str:
    """Same layout as ``listings.search._line``, with per-phrase caching."""
    tokens = [token for text in texts if text for token in _tokens(text)]
    return f" {' '.join(tokens)} " if tokens else " "


def _listing_texts(rng: random.Random, index: int) -> dict:
    topic_en, topic_zh, _sector_en, _sector_zh = rng.choice(TOPICS)
    qual_en, qual_zh = rng.choice(QUALIFIERS)
    noun_en, noun_zh = rng.choice(NOUNS)
    title_en = f"{qual_en.capitalize()} {topic_en} {noun_en}"
    title_zh = f"{qual_zh}{topic_zh}{noun_zh}"
    if index % 250 == 1:  # a rare word in 0.4 % of the listings
        rare_en, rare_zh = RARE[(index // 250) % len(RARE)]
        title_en, title_zh = f"{title_en} for {rare_en} sensing", f"{rare_zh}{title_zh}"
    sentences = rng.sample(SENTENCES, 4)
    other = rng.choice(TOPICS)
    return {
        "topic": topic_en,
        "title_en": title_en,
        "title_zh_hans": title_zh,
        "summary_en": f"{qual_en.capitalize()} {topic_en} for {other[0]}. {sentences[0][0]}",
        "summary_zh_hans": f"面向{other[1]}的{qual_zh}{topic_zh}。{sentences[0][1]}",
        "description_en": "".join(f"<p>{en}</p>" for en, _zh in sentences[1:]),
        "description_zh_hans": "".join(f"<p>{zh}</p>" for _en, zh in sentences[1:]),
        "keywords_en": f"{topic_en}, {noun_en}, {qual_en}",
        "keywords_zh_hans": f"{topic_zh}, {noun_zh}",
    }


def _document(texts: dict, owner, sectors) -> str:
    from haidian.core.richtext import plain_text

    names = []
    for sector in sectors:
        for node in (sector, sector.parent):
            if node is not None:
                names += [node.name_en, node.name_zh_hans]
    return "\n".join(
        [
            _line(texts["title_en"], texts["title_zh_hans"]),
            _line(
                texts["keywords_en"],
                texts["keywords_zh_hans"],
                *dict.fromkeys(names),
                owner.name_en,
                owner.name_zh_hans,
            ),
            _line(texts["summary_en"], texts["summary_zh_hans"]),
            _line(plain_text(texts["description_en"]), plain_text(texts["description_zh_hans"])),
        ]
    )


def generate(listings: int, products: int, *, seed: int = 7, log=print) -> None:
    """Fill an empty, migrated database with ``listings`` listings and ``products`` products."""
    from financing.models import CompanyStage, FinancingNeed, FinancingProduct
    from haidian.core.models import Country, Organization, Sector
    from listings.models import Technology, TransactionType

    rng = random.Random(seed)
    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        parents = {}
        children = {}
        for _topic_en, _topic_zh, sector_en, sector_zh in TOPICS:
            if sector_en not in parents:
                parents[sector_en] = Sector.objects.create(
                    slug=sector_en.replace(" ", "-"), name_en=sector_en.title(), name_zh_hans=sector_zh
                )
        for topic_en, topic_zh, sector_en, _zh in TOPICS:
            children[topic_en] = Sector.objects.create(
                slug=topic_en.lower().replace(" ", "-"),
                name_en=topic_en.title(),
                name_zh_hans=topic_zh,
                parent=parents[sector_en],
            )
        countries = list(Country.objects.filter(code__in=["CN", "HK", "JP", "SE", "DE", "US"]))
        china = next(c for c in countries if c.code == "CN")
        owners = Organization.objects.bulk_create(
            Organization(
                slug=f"bench-org-{i}",
                name_en=f"Bench Technology Company {i}",
                name_zh_hans=f"基准科技{i}号有限公司",
                kind="company" if i % 5 else "university",
                country=china if i % 7 else rng.choice(countries),
            )
            for i in range(2000)
        )
        lenders = Organization.objects.bulk_create(
            Organization(
                slug=f"bench-lender-{i}",
                name_en=f"Bench Bank {i}",
                name_zh_hans=f"基准银行{i}",
                kind="lender",
                country=china,
            )
            for i in range(50)
        )
        log(f"  reference rows: {time.perf_counter() - started:.1f} s")

        through = Technology.sectors.through
        types_through = Technology.transaction_types.through
        type_codes = list(TransactionType.objects.values_list("code", flat=True))
        batch = 2000
        for start in range(0, listings, batch):
            rows, sector_rows = [], []
            for index in range(start, min(start + batch, listings)):
                texts = _listing_texts(rng, index)
                owner = owners[index % len(owners)]
                sector = children[texts.pop("topic")]
                rows.append(
                    Technology(
                        kind="offer" if index % 4 else "need",
                        slug=f"bench-{index}",
                        owner=owner,
                        origin_country=owner.country,
                        trl=1 + index % 9,
                        ip_status="granted_patent",
                        price_cny=Decimal(100_000 * (1 + index % 200)),
                        status="published" if index % 10 else "draft",
                        published_at=now - timedelta(minutes=index),
                        search_document=_document(texts, owner, [sector]),
                        **texts,
                    )
                )
                sector_rows.append(sector)
            created = Technology.objects.bulk_create(rows)
            through.objects.bulk_create(
                through(technology_id=t.pk, sector_id=s.pk) for t, s in zip(created, sector_rows, strict=True)
            )
            types_through.objects.bulk_create(
                types_through(technology_id=t.pk, transactiontype_id=type_codes[t.pk % len(type_codes)])
                for t in created
            )
            if (start // batch) % 10 == 9:
                log(f"  {start + batch} listings: {time.perf_counter() - started:.1f} s")

        stages = list(CompanyStage.objects.all())
        sector_list = list(children.values())
        product_rows = []
        for i in range(products):
            low = Decimal(rng.choice([100_000, 500_000, 1_000_000, 2_000_000, 5_000_000]))
            product_rows.append(
                FinancingProduct(
                    slug=f"bench-product-{i}",
                    lender=lenders[i % len(lenders)],
                    name_en=f"Bench loan {i}",
                    name_zh_hans=f"基准科技贷{i}",
                    product_type=rng.choice(
                        ["bank_loan", "ip_pledge", "equity", "venture_debt", "guarantee"]
                    ),
                    amount_min_cny=low,
                    amount_max_cny=low * rng.choice([5, 10, 20, 50]),
                    term_min_months=rng.choice([None, 3, 6, 12]),
                    term_max_months=rng.choice([None, 36, 60]),
                )
            )
        created = FinancingProduct.objects.bulk_create(product_rows)
        FinancingProduct.sectors.through.objects.bulk_create(
            FinancingProduct.sectors.through(financingproduct_id=p.pk, sector_id=s.pk)
            for p in created
            if p.pk % 3
            for s in rng.sample(sector_list, 3)
        )
        FinancingProduct.stages.through.objects.bulk_create(
            FinancingProduct.stages.through(financingproduct_id=p.pk, companystage_id=s.pk)
            for p in created
            if p.pk % 2
            for s in rng.sample(stages, 2)
        )
        need = FinancingNeed.objects.create(
            slug="bench-need",
            company=owners[1],
            title_en="Working capital for a chip pilot line",
            title_zh_hans="芯片中试线流动资金",
            financing_type="bank_loan",
            amount_cny=Decimal(5_000_000),
            term_months=24,
            stage="growth",
        )
        need.sectors.set([children["chip design"]])
    log(f"  generated {listings} listings and {products} products in {time.perf_counter() - started:.1f} s")
