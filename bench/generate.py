"""The large data set: ``python -m bench.generate [--scale 1.0] [--force]``.

Creates (at scale 1) 100,000 technologies, 5,000 organizations, 100 agencies, 10,000 contracts,
2,000 financing products and 20,000 financing needs, bilingual, with their many-to-many rows
(sectors, target countries, transaction types, services, stages), plus news and key figures for the
home page. Rows are built in memory and written with ``bulk_create`` in batches; signals, history and
``save()`` are bypassed, so the fields ``save()`` would compute are computed here:

- ``Technology.search_document`` comes from the search helper's own ``build_search_document``
  (``listings.search``), with the text analyser memoised for the run (texts repeat across rows).
- Rich text is sanitised by the field's ``pre_save`` as in a normal save.

The target is ``BENCH_DATABASE_URL`` (default ``bench/data/bench.sqlite3``), never ``db.sqlite3``.
``--force`` recreates that database (SQLite file removed, PostgreSQL database dropped and created
with a UTF-8 ctype); without it an already-filled database is left as it is.
"""

import argparse
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

BATCH = 2000
# Language columns marked machine-translated on some rows (the API and the floors say which text shown
# is machine-made): in each language one column is by a machine.
MACHINE_MADE = {
    "name": ["name_en"],
    "technology": ["title_en", "summary_zh_hans", "keywords_en"],
    "contract": ["title_en", "summary_zh_hans"],
}
SEED = 20250607

# Counts at scale 1.
COUNTS = {
    "organizations": 5_000,
    "agencies": 100,
    "technologies": 100_000,
    "contracts": 10_000,
    "products": 2_000,
    "needs": 20_000,
    "articles": 300,
}

SECTORS = [
    (
        "biomedicine",
        "Biomedicine",
        "生物医药",
        [
            ("genomics", "Genome sequencing", "基因测序"),
            ("medical-devices", "Medical devices", "医疗器械"),
            ("innovative-drugs", "Innovative drugs", "创新药物"),
        ],
    ),
    (
        "integrated-circuits",
        "Integrated circuits",
        "集成电路",
        [
            ("ic-design", "Integrated-circuit design", "集成电路设计"),
            ("ic-manufacture", "Integrated-circuit manufacture", "集成电路制造"),
            ("packaging-test", "Packaging and test", "封装测试"),
        ],
    ),
    (
        "navigation",
        "Navigation services",
        "导航服务",
        [
            ("beidou", "BeiDou applications", "北斗应用"),
            ("precision-positioning", "Precision positioning", "精准定位"),
        ],
    ),
    (
        "next-gen-internet",
        "Next-generation internet",
        "下一代互联网",
        [
            ("ipv6", "IPv6 networks", "IPv6网络"),
            ("industrial-internet", "Industrial internet", "工业互联网"),
            ("cybersecurity", "Cybersecurity", "网络安全"),
        ],
    ),
    (
        "supercomputing",
        "Supercomputing",
        "超级计算",
        [
            ("hpc-cloud", "HPC cloud", "高性能计算云"),
            ("ai-computing", "AI computing", "人工智能算力"),
        ],
    ),
    (
        "new-energy",
        "New energy",
        "新能源",
        [
            ("batteries", "Batteries", "电池"),
            ("hydrogen", "Hydrogen", "氢能"),
            ("solar", "Solar power", "光伏"),
        ],
    ),
    (
        "advanced-materials",
        "Advanced materials",
        "先进材料",
        [
            ("graphene", "Graphene", "石墨烯"),
            ("composites", "Composites", "复合材料"),
        ],
    ),
    (
        "intelligent-manufacturing",
        "Intelligent manufacturing",
        "智能制造",
        [
            ("robotics", "Robotics", "机器人"),
            ("machine-vision", "Machine vision", "机器视觉"),
        ],
    ),
]

TOPICS = [
    ("gene sequencing platform", "基因测序平台"),
    ("CRISPR editing kit", "基因编辑试剂盒"),
    ("antibody drug", "抗体药物"),
    ("cardiac stent", "心脏支架"),
    ("ultrasound probe", "超声探头"),
    ("RISC-V processor core", "RISC-V处理器内核"),
    ("power semiconductor", "功率半导体"),
    ("photolithography process", "光刻工艺"),
    ("chiplet packaging", "芯粒封装"),
    ("wafer tester", "晶圆测试设备"),
    ("BeiDou receiver", "北斗接收机"),
    ("centimetre positioning service", "厘米级定位服务"),
    ("IPv6 router", "IPv6路由器"),
    ("edge computing gateway", "边缘计算网关"),
    ("intrusion detection", "入侵检测"),
    ("job scheduler", "作业调度软件"),
    ("AI accelerator", "人工智能加速器"),
    ("weather model", "气象模型"),
    ("solid-state battery", "固态电池"),
    ("hydrogen fuel cell", "氢燃料电池"),
    ("perovskite solar cell", "钙钛矿太阳能电池"),
    ("graphene coating", "石墨烯涂层"),
    ("carbon fibre composite", "碳纤维复合材料"),
    ("collaborative robot arm", "协作机械臂"),
    ("defect inspection camera", "缺陷检测相机"),
    ("water purification membrane", "水处理膜"),
    ("soil remediation agent", "土壤修复剂"),
    ("digital twin platform", "数字孪生平台"),
    ("quantum key distribution", "量子密钥分发"),
    ("lidar sensor", "激光雷达传感器"),
]
QUALIFIERS = [
    ("Low-power", "低功耗"),
    ("High-throughput", "高通量"),
    ("Portable", "便携式"),
    ("Open-source", "开源"),
    ("Modular", "模块化"),
    ("Low-cost", "低成本"),
    ("High-precision", "高精度"),
    ("Self-calibrating", "自校准"),
    ("Cloud-native", "云原生"),
    ("Energy-efficient", "节能型"),
    ("Fast-charging", "快充"),
    ("Ruggedised", "加固型"),
    ("Miniaturised", "微型化"),
    ("Intelligent", "智能"),
    ("Second-generation", "第二代"),
    ("Scalable", "可扩展"),
]
APPLICATIONS = [
    ("hospitals", "医院"),
    ("precision farming", "精准农业"),
    ("smart cities", "智慧城市"),
    ("electric vehicles", "电动汽车"),
    ("data centres", "数据中心"),
    ("factories", "工厂"),
    ("logistics", "物流"),
    ("power grids", "电网"),
    ("laboratories", "实验室"),
    ("telecom operators", "电信运营商"),
    ("mines", "矿山"),
    ("ports", "港口"),
]
SUMMARIES = [
    (
        "Proven in pilot production with two customers; ready for licensing.",
        "已在两家客户完成中试，可授权使用。",
    ),
    (
        "Cuts operating cost by a third compared with imported equipment.",
        "与进口设备相比运行成本降低三分之一。",
    ),
    (
        "Developed at a state key laboratory; patents granted in China and Europe.",
        "由国家重点实验室研发，已获中国和欧洲专利。",
    ),
    ("Looking for a partner to scale up manufacturing.", "寻求合作伙伴扩大生产规模。"),
    (
        "Meets international safety standards; field-tested for two years.",
        "符合国际安全标准，已现场测试两年。",
    ),
    (
        "Wanted: a mature solution that can be integrated within six months.",
        "求购：可在六个月内集成的成熟方案。",
    ),
]
PARAGRAPHS = [
    (
        "The technology has been validated on a production line and comes with full documentation.",
        "该技术已在生产线上验证，并提供完整的技术文档。",
    ),
    (
        "The team offers training, on-site support and joint development of new versions.",
        "团队提供培训、现场支持以及新版本的联合开发。",
    ),
    (
        "Licences are available for a region or worldwide; assignment of the patents may be negotiated.",
        "可按地区或全球授权，专利转让可以协商。",
    ),
    ("Key indicators exceed those of comparable imported products.", "主要指标优于同类进口产品。"),
]
KEYWORDS = [
    ("chip, semiconductor", "芯片, 半导体"),
    ("genome, sequencing", "基因组, 测序"),
    ("battery, energy storage", "电池, 储能"),
    ("navigation, BeiDou", "导航, 北斗"),
    ("robot, automation", "机器人, 自动化"),
    ("AI, computing", "人工智能, 算力"),
    ("network, security", "网络, 安全"),
    ("materials, coating", "材料, 涂层"),
]
ORG_WORDS = [
    ("Zhongguancun", "中关村"),
    ("Haidian", "海淀"),
    ("Tsinghua", "清华"),
    ("Yanyuan", "燕园"),
    ("Shangdi", "上地"),
    ("Xibeiwang", "西北旺"),
    ("Wudaokou", "五道口"),
    ("Xueyuan", "学院路"),
    ("Yongfeng", "永丰"),
    ("Cuihu", "翠湖"),
]
ORG_TRADES = [
    ("Microelectronics", "微电子"),
    ("Biotech", "生物科技"),
    ("Navigation", "导航"),
    ("Energy", "能源"),
    ("Robotics", "机器人"),
    ("Networks", "网络"),
    ("Materials", "材料"),
    ("Computing", "计算"),
]
CITIES = [
    ("Beijing", "北京"),
    ("Shanghai", "上海"),
    ("Shenzhen", "深圳"),
    ("Tokyo", "东京"),
    ("Stockholm", "斯德哥尔摩"),
    ("Hong Kong", "香港"),
    ("Munich", "慕尼黑"),
    ("Boston", "波士顿"),
]
COUNTRY_CODES = ["CN", "CN", "CN", "CN", "JP", "SE", "HK", "DE", "US", "GB", "FR", "KR", "SG"]


def _django_setup(database_url: str | None) -> None:
    if database_url:
        os.environ["BENCH_DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from haidian.core.database import use_command_limits

    use_command_limits()  # a batch job: the long statement timeout, not a web request's


def database_url_from_env() -> str | None:
    return os.environ.get("BENCH_DATABASE_URL")


def recreate_database() -> None:
    """Remove the SQLite file, or drop and create the PostgreSQL database (UTF-8 ctype, PITFALLS 11)."""
    from django.conf import settings
    from django.db import connections

    db = settings.DATABASES["default"]
    connections.close_all()
    if "sqlite3" in db["ENGINE"]:
        path = Path(db["NAME"])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg

    params = {
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "dbname": "postgres",
    }
    name = db["NAME"]
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(
            f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
            "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        )


def database_exists() -> bool:
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError:
        return False
    return True


def migrate() -> bool:
    """Apply pending migrations; True when there were any."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    call_command("migrate", verbosity=0, interactive=False)
    return bool(pending)


def is_filled(scale: float) -> bool:
    from django.db.utils import DatabaseError

    from listings.models import Technology

    try:
        return Technology.objects.count() >= int(COUNTS["technologies"] * scale)
    except DatabaseError:
        return False


class Generator:
    def __init__(self, scale: float, progress: bool = True, copies: int = 1):
        self.scale = scale
        # Technologies built in Python, each then copied ``copies - 1`` times in SQL (``copy_technologies``).
        self.copies = max(1, copies)
        self.rng = random.Random(SEED)
        self.now = datetime.now().astimezone()
        self.progress = progress
        self.counts = {name: max(1, int(count * scale)) for name, count in COUNTS.items()}
        self.counts["agencies"] = COUNTS["agencies"] if scale >= 0.1 else max(10, self.counts["agencies"])

    # -- helpers ---------------------------------------------------------------------------------
    def bar(self, total: int, desc: str):
        from tqdm import tqdm

        return tqdm(
            total=total,
            desc=f"{desc:<14}",
            unit="row",
            disable=not self.progress,
            leave=True,
            file=sys.stderr,
            mininterval=0.5,
        )

    def bulk(self, model, rows, bar=None):
        model.objects.bulk_create(rows, batch_size=500)
        if bar is not None:
            bar.update(len(rows))

    def through(self, field, pairs):
        """Bulk-insert many-to-many rows ``(source_id, target_id)`` for ``field`` (a ManyToManyField)."""
        through = field.remote_field.through
        source = field.m2m_field_name() + "_id"
        target = field.m2m_reverse_field_name() + "_id"
        rows = [through(**{source: a, target: b}) for a, b in pairs]
        through.objects.bulk_create(rows, batch_size=2000)

    def moment(self, days_back: int) -> datetime:
        return self.now - timedelta(days=self.rng.randint(0, days_back), seconds=self.rng.randint(0, 86_399))

    # -- the data set ----------------------------------------------------------------------------
    def run(self) -> dict[str, float]:
        from django.db import connection, transaction

        timings: dict[str, float] = {}
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode=WAL")
        for step in (
            "reference",
            "organizations",
            "agencies",
            "technologies",
            "contracts",
            "financing",
            "cms",
        ):
            started = time.perf_counter()
            with transaction.atomic():
                getattr(self, f"make_{step}")()
            timings[step] = time.perf_counter() - started
        started = time.perf_counter()
        self.analyze()
        timings["analyze"] = time.perf_counter() - started
        return timings

    @staticmethod
    def analyze() -> None:
        """Statistics for the planners and, on PostgreSQL, a VACUUM: what autovacuum does to a
        freshly loaded table in production. Without it (this machine's server runs with
        ``autovacuum = off``) no page is marked all-visible, and every index-only scan (the capped
        count, the ids of a deferred-join page) reads the table row by row as well."""
        from django.db import connection

        with connection.cursor() as cursor:
            # PostgreSQL: VACUUM too, as autovacuum would after a bulk load (this server runs with
            # autovacuum off): until the visibility map is set, every index-only scan (the capped
            # counts, the list page's facets over the covering indexes) reads the table as well.
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")

    @staticmethod
    def needs_vacuum() -> bool:
        """PostgreSQL: the technology table was never vacuumed (under 90 % of its pages all-visible)."""
        from django.db import connection

        if connection.vendor != "postgresql":
            return False
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relallvisible, relpages FROM pg_class WHERE oid = 'listings_technology'::regclass"
            )
            visible, pages = cursor.fetchone()
        return visible < 0.9 * pages

    def make_reference(self) -> None:
        from agencies.models import Service
        from financing.models import CompanyStage
        from haidian.core.models import Country, Sector
        from listings.models import TransactionType

        position = 0
        for slug, name_en, name_zh, children in SECTORS:
            parent = Sector.objects.create(
                slug=slug, name_en=name_en, name_zh_hans=name_zh, position=position
            )
            for child_slug, child_en, child_zh in children:
                position += 1
                Sector.objects.create(
                    slug=child_slug,
                    name_en=child_en,
                    name_zh_hans=child_zh,
                    parent=parent,
                    position=position,
                    machine_translated=MACHINE_MADE["name"] if position % 3 == 0 else [],
                )
            position += 1
        self.sectors = list(Sector.objects.select_related("parent"))
        self.leaf_sectors = [s for s in self.sectors if s.parent_id]
        known = set(Country.objects.values_list("code", flat=True))
        self.countries = [code for code in COUNTRY_CODES if code in known] or sorted(known)[:10]
        self.unique_countries = sorted(set(self.countries))
        self.transaction_types = list(TransactionType.objects.values_list("code", flat=True))
        self.services = list(Service.objects.values_list("code", flat=True))
        self.stages = list(CompanyStage.objects.values_list("code", flat=True))

    def make_organizations(self) -> None:
        from haidian.core.models import Organization, OrganizationKind

        kinds = [OrganizationKind.COMPANY] * 14 + [
            OrganizationKind.UNIVERSITY,
            OrganizationKind.STATE_LAB,
            OrganizationKind.INSTITUTE,
            OrganizationKind.LENDER,
            OrganizationKind.INVESTOR,
            OrganizationKind.GOVERNMENT,
        ]
        total = self.counts["organizations"]
        bar = self.bar(total, "organizations")
        rows = []
        for n in range(total):
            word_en, word_zh = ORG_WORDS[n % len(ORG_WORDS)]
            trade_en, trade_zh = ORG_TRADES[(n // len(ORG_WORDS)) % len(ORG_TRADES)]
            city_en, city_zh = self.rng.choice(CITIES)
            kind = kinds[n % len(kinds)]
            rows.append(
                Organization(
                    slug=f"org-{n}",
                    name_en=f"{word_en} {trade_en} No. {n} Co., Ltd.",
                    name_zh_hans=f"{word_zh}{trade_zh}{n}号有限公司",
                    kind=kind,
                    country_id=self.rng.choice(self.countries),
                    city_en=city_en,
                    city_zh_hans=city_zh,
                    website=f"https://org-{n}.example.com",
                    is_high_tech=kind == OrganizationKind.COMPANY and n % 4 == 0,
                    machine_translated=MACHINE_MADE["name"] if n % 5 == 0 else [],
                )
            )
            if len(rows) == BATCH:
                self.bulk(Organization, rows, bar)
                rows = []
        self.bulk(Organization, rows, bar)
        bar.close()
        self.organizations = list(Organization.objects.only("id", "kind", "name_en", "name_zh_hans"))
        self.lenders = [
            o for o in self.organizations if o.kind in (OrganizationKind.LENDER, OrganizationKind.INVESTOR)
        ]
        self.companies = [o for o in self.organizations if o.kind == OrganizationKind.COMPANY]

    def make_agencies(self) -> None:
        from agencies.models import Agency, AgencyStatus

        total = self.counts["agencies"]
        rows = []
        for n in range(total):
            word_en, word_zh = ORG_WORDS[n % len(ORG_WORDS)]
            rows.append(
                Agency(
                    slug=f"agency-{n}",
                    name_en=f"{word_en} Technology Transfer Services {n}",
                    name_zh_hans=f"{word_zh}技术转移服务{n}",
                    description_en=f"<p>{PARAGRAPHS[n % 4][0]}</p>",
                    description_zh_hans=f"<p>{PARAGRAPHS[n % 4][1]}</p>",
                    contact_email=f"contact{n}@agency.example.com",
                    inquiry_email=f"inquiries{n}@agency.example.com",
                    joined_on=date(2016, 1, 1) + timedelta(days=n * 30),
                    status=AgencyStatus.ACTIVE if n % 10 else AgencyStatus.SUSPENDED,
                    machine_translated=MACHINE_MADE["name"] if n % 3 == 0 else [],
                )
            )
        self.bulk(Agency, rows)
        self.agency_ids = list(Agency.objects.values_list("id", flat=True))
        rng = self.rng
        self.through(
            Agency._meta.get_field("services"),
            [(a, s) for a in self.agency_ids for s in rng.sample(self.services, 3)],
        )
        self.through(
            Agency._meta.get_field("sectors"),
            [(a, s.id) for a in self.agency_ids for s in rng.sample(self.sectors, 3)],
        )
        self.through(
            Agency._meta.get_field("countries"),
            [(a, c) for a in self.agency_ids for c in rng.sample(self.unique_countries, 2)],
        )

    def make_technologies(self) -> None:
        import listings.search as search
        from listings.models import IPStatus, Technology, TechnologyKind, TechnologyStatus
        from listings.search import build_search_document

        # Texts repeat across rows: analyse each distinct text once (jieba is the slow part).
        original = search.document_tokens
        search.document_tokens = lru_cache(maxsize=None)(original)
        total = self.counts["technologies"]
        self.counts["technologies"] = total // self.copies
        try:
            self._make_technologies(
                Technology, TechnologyKind, TechnologyStatus, IPStatus, build_search_document
            )
        finally:
            search.document_tokens = original
            self.counts["technologies"] = total
        if self.copies > 1:
            self.copy_technologies(Technology)

    def copy_technologies(self, Technology) -> None:
        """Fill the rest of the technologies with copies of those built (new ids and slugs, the same
        text, sectors, countries and types), in SQL: building a listing's search document in Python
        is the generator's slow part. The database's own search columns and triggers index the copies."""
        from django.db import connection

        first, built = self.technology_ids[0], len(self.technology_ids)
        quote = connection.ops.quote_name
        fields = [f.column for f in Technology._meta.concrete_fields]
        bar = self.bar((self.copies - 1) * built, "copies")
        with connection.cursor() as cursor:
            for copy in range(1, self.copies):
                offset = copy * built
                values = [
                    f"{quote(c)} + {offset}"
                    if c == "id"
                    else f"{quote(c)} || '-c{copy}'"
                    if c == "slug"
                    else quote(c)
                    for c in fields
                ]
                cursor.execute(
                    f"INSERT INTO {quote(Technology._meta.db_table)} ({', '.join(map(quote, fields))}) "  # noqa: S608
                    f"SELECT {', '.join(values)} FROM {quote(Technology._meta.db_table)} "
                    f"WHERE id BETWEEN %s AND %s",
                    [first, first + built - 1],
                )
                for name in ("sectors", "target_countries", "transaction_types"):
                    field = Technology._meta.get_field(name)
                    table = quote(field.remote_field.through._meta.db_table)
                    source, target = quote(field.m2m_column_name()), quote(field.m2m_reverse_name())
                    cursor.execute(
                        f"INSERT INTO {table} ({source}, {target}) SELECT {source} + {offset}, {target} "  # noqa: S608
                        f"FROM {table} WHERE {source} BETWEEN %s AND %s",
                        [first, first + built - 1],
                    )
                bar.update(built)
        bar.close()
        self.technology_ids = list(range(first, first + self.copies * built))
        self._reset_sequence(Technology)

    def _make_technologies(self, Technology, TechnologyKind, TechnologyStatus, IPStatus, build_document):
        rng = self.rng
        total = self.counts["technologies"]
        statuses = (
            [TechnologyStatus.PUBLISHED] * 80
            + [TechnologyStatus.DRAFT] * 8
            + [TechnologyStatus.IN_REVIEW] * 5
            + [TechnologyStatus.CLOSED] * 5
            + [TechnologyStatus.WITHDRAWN] * 2
        )
        ip_statuses = list(IPStatus.values)
        sectors_field = Technology._meta.get_field("sectors")
        countries_field = Technology._meta.get_field("target_countries")
        types_field = Technology._meta.get_field("transaction_types")
        bar = self.bar(total, "technologies")
        first_id = (Technology.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        next_id = first_id
        rows, sector_pairs, country_pairs, type_pairs = [], [], [], []
        for _ in range(total):
            kind = TechnologyKind.OFFER if rng.random() < 0.7 else TechnologyKind.NEED
            status = rng.choice(statuses)
            topic = rng.choice(TOPICS)
            qualifier = rng.choice(QUALIFIERS)
            application = rng.choice(APPLICATIONS)
            summary = rng.choice(SUMMARIES)
            paragraphs = rng.sample(PARAGRAPHS, 2)
            keywords = rng.choice(KEYWORDS)
            owner = rng.choice(self.organizations)
            sectors = rng.sample(self.leaf_sectors, rng.choice((1, 1, 2)))
            published_at = expires_at = None
            if status in (TechnologyStatus.PUBLISHED, TechnologyStatus.CLOSED, TechnologyStatus.WITHDRAWN):
                published_at = self.moment(5 * 365)
                roll = rng.random()
                if roll < 0.5:
                    expires_at = None
                elif roll < 0.97:
                    expires_at = self.now + timedelta(days=rng.randint(30, 720))
                else:
                    expires_at = published_at + timedelta(days=rng.randint(1, 30))
                    if expires_at > self.now:
                        expires_at = None
            negotiable = rng.random() < 0.4
            prefix_en = "Wanted: " if kind == TechnologyKind.NEED else ""
            prefix_zh = "求购" if kind == TechnologyKind.NEED else ""
            technology = Technology(
                id=next_id,
                kind=kind,
                slug=f"tech-{next_id}",
                title_en=f"{prefix_en}{qualifier[0]} {topic[0]} for {application[0]}",
                title_zh_hans=f"{prefix_zh}面向{application[1]}的{qualifier[1]}{topic[1]}",
                summary_en=summary[0],
                summary_zh_hans=summary[1],
                description_en="".join(f"<p>{p[0]}</p>" for p in paragraphs),
                description_zh_hans="".join(f"<p>{p[1]}</p>" for p in paragraphs),
                keywords_en=keywords[0],
                keywords_zh_hans=keywords[1],
                owner=owner,
                agency_id=rng.choice(self.agency_ids) if rng.random() < 0.8 else None,
                origin_country_id=rng.choice(self.countries),
                trl=rng.randint(1, 9),
                ip_status=rng.choice(ip_statuses),
                patent_numbers=f"CN{rng.randint(100000000, 999999999)}.X" if rng.random() < 0.5 else "",
                price_cny=None if negotiable else Decimal(rng.randint(10, 50_000) * 1000),
                price_negotiable=negotiable,
                status=status,
                submitted_at=published_at,
                published_at=published_at,
                expires_at=expires_at,
                closed_at=self.now
                if status in (TechnologyStatus.CLOSED, TechnologyStatus.WITHDRAWN)
                else None,
                last_verified_at=self.moment(400) if rng.random() < 0.7 else None,
                machine_translated=MACHINE_MADE["technology"] if next_id % 7 == 0 else [],
            )
            technology.search_document = build_document(technology, sectors=sectors)
            rows.append(technology)
            sector_pairs += [(next_id, s.id) for s in sectors]
            country_pairs += [(next_id, c) for c in rng.sample(self.unique_countries, rng.randint(0, 3))]
            type_pairs += [(next_id, t) for t in rng.sample(self.transaction_types, rng.randint(1, 2))]
            next_id += 1
            if len(rows) == BATCH:
                self._flush_technologies(
                    Technology,
                    rows,
                    sectors_field,
                    sector_pairs,
                    countries_field,
                    country_pairs,
                    types_field,
                    type_pairs,
                    bar,
                )
                rows, sector_pairs, country_pairs, type_pairs = [], [], [], []
        self._flush_technologies(
            Technology,
            rows,
            sectors_field,
            sector_pairs,
            countries_field,
            country_pairs,
            types_field,
            type_pairs,
            bar,
        )
        bar.close()
        self.technology_ids = list(range(first_id, next_id))
        self._reset_sequence(Technology)

    def _flush_technologies(self, Technology, rows, sf, sp, cf, cp, tf, tp, bar):
        self.bulk(Technology, rows, bar)
        self.through(sf, sp)
        self.through(cf, cp)
        self.through(tf, tp)

    def _reset_sequence(self, model) -> None:
        from django.core.management.color import no_style
        from django.db import connection

        statements = connection.ops.sequence_reset_sql(no_style(), [model])
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def make_contracts(self) -> None:
        from listings.models import Contract, Currency, TransactionTypeKind

        rng = self.rng
        total = self.counts["contracts"]
        rates = {"CNY": 1, "USD": 7.2, "EUR": 7.8, "JPY": 0.048, "SEK": 0.68, "HKD": 0.92, "GBP": 9.1}
        currencies = [Currency.CNY] * 6 + [
            Currency.USD,
            Currency.EUR,
            Currency.JPY,
            Currency.SEK,
            Currency.HKD,
        ]
        bar = self.bar(total, "contracts")
        rows = []
        for n in range(total):
            seller, buyer = rng.sample(self.organizations, 2)
            topic = rng.choice(TOPICS)
            currency = rng.choice(currencies)
            value = Decimal(rng.randint(100, 500_000) * 1000)
            rows.append(
                Contract(
                    reference=f"HD-{2015 + n % 11}-{n:05d}",
                    title_en=f"Transfer of the {topic[0]}",
                    title_zh_hans=f"{topic[1]}技术转让",
                    technology_id=rng.choice(self.technology_ids) if rng.random() < 0.6 else None,
                    seller_id=seller.id,
                    buyer_id=buyer.id,
                    agency_id=rng.choice(self.agency_ids) if rng.random() < 0.9 else None,
                    contract_type=rng.choice(TransactionTypeKind.values),
                    destination_country_id=rng.choice(self.countries),
                    value=value,
                    currency=currency,
                    value_cny=(value * Decimal(str(rates[currency]))).quantize(Decimal("0.01")),
                    value_is_public=rng.random() < 0.85,
                    signed_on=(self.now - timedelta(days=rng.randint(0, 10 * 365))).date(),
                    summary_en="Signed with the help of the center.",
                    summary_zh_hans="在中心协助下签订。",
                    is_published=rng.random() < 0.95,
                    machine_translated=MACHINE_MADE["contract"] if n % 4 == 0 else [],
                )
            )
            if len(rows) == BATCH:
                self.bulk(Contract, rows, bar)
                rows = []
        self.bulk(Contract, rows, bar)
        bar.close()
        ids = list(Contract.objects.values_list("id", flat=True))
        self.through(
            Contract._meta.get_field("sectors"), [(c, rng.choice(self.leaf_sectors).id) for c in ids]
        )

    def make_financing(self) -> None:
        from financing.models import FinancingNeed, FinancingProduct, FinancingType, NeedStatus, ProductStatus

        rng = self.rng
        types = FinancingType.values
        total = self.counts["products"]
        bar = self.bar(total, "products")
        rows = []
        for n in range(total):
            low = rng.randint(1, 500) * 10_000
            rows.append(
                FinancingProduct(
                    slug=f"product-{n}",
                    lender_id=rng.choice(self.lenders).id,
                    name_en=f"{rng.choice(QUALIFIERS)[0]} technology loan {n}",
                    name_zh_hans=f"{rng.choice(QUALIFIERS)[1]}科技贷{n}",
                    description_en=f"<p>{PARAGRAPHS[n % 4][0]}</p>",
                    description_zh_hans=f"<p>{PARAGRAPHS[n % 4][1]}</p>",
                    product_type=rng.choice(types),
                    amount_min_cny=Decimal(low),
                    amount_max_cny=Decimal(low * rng.randint(2, 50)),
                    term_min_months=6,
                    term_max_months=rng.choice((12, 24, 36, 60)),
                    rate_min_pct=Decimal("3.10"),
                    rate_max_pct=Decimal("6.50"),
                    collateral_en="Patents or receivables",
                    collateral_zh_hans="专利或应收账款",
                    status=ProductStatus.ACTIVE if n % 8 else ProductStatus.INACTIVE,
                )
            )
        self.bulk(FinancingProduct, rows, bar)
        bar.close()
        ids = list(FinancingProduct.objects.values_list("id", flat=True))
        self.through(
            FinancingProduct._meta.get_field("sectors"),
            [(p, s.id) for p in ids for s in rng.sample(self.sectors, rng.randint(0, 3))],
        )
        self.through(
            FinancingProduct._meta.get_field("stages"),
            [(p, s) for p in ids for s in rng.sample(self.stages, rng.randint(0, 3))],
        )

        statuses = [NeedStatus.OPEN] * 6 + [
            NeedStatus.MATCHED,
            NeedStatus.FUNDED,
            NeedStatus.DRAFT,
            NeedStatus.WITHDRAWN,
        ]
        total = self.counts["needs"]
        bar = self.bar(total, "needs")
        rows = []
        for n in range(total):
            topic = rng.choice(TOPICS)
            rows.append(
                FinancingNeed(
                    slug=f"need-{n}",
                    company_id=rng.choice(self.companies).id,
                    title_en=f"Financing for a {topic[0]} line",
                    title_zh_hans=f"{topic[1]}产线融资",
                    purpose_en="Scale up production and hire engineers.",
                    purpose_zh_hans="扩大生产并招聘工程师。",
                    financing_type=rng.choice(types),
                    amount_cny=Decimal(rng.randint(10, 5_000) * 10_000),
                    term_months=rng.choice((None, 12, 24, 36)),
                    stage=rng.choice(self.stages),
                    deadline=(self.now + timedelta(days=rng.randint(-60, 365))).date()
                    if rng.random() < 0.7
                    else None,
                    status=rng.choice(statuses),
                )
            )
            if len(rows) == BATCH:
                self.bulk(FinancingNeed, rows, bar)
                rows = []
        self.bulk(FinancingNeed, rows, bar)
        bar.close()
        ids = list(FinancingNeed.objects.values_list("id", flat=True))
        self.through(
            FinancingNeed._meta.get_field("sectors"),
            [(need, s.id) for need in ids for s in rng.sample(self.leaf_sectors, rng.randint(1, 2))],
        )
        # created_at is auto_now_add: spread it over two years so "newest first" means something.
        self._spread_created_at(FinancingNeed, ids)

    def _spread_created_at(self, model, ids) -> None:
        step = 500
        rng = self.rng
        for start in range(0, len(ids), step):
            chunk = ids[start : start + step]
            objs = [model(id=pk, created_at=self.moment(730)) for pk in chunk]
            model.objects.bulk_update(objs, ["created_at"], batch_size=step)
        del rng

    def make_cms(self) -> None:
        from haidian.core.models import Article, KeyFigure, PublicationStatus

        rows = []
        for n in range(self.counts["articles"]):
            topic = TOPICS[n % len(TOPICS)]
            rows.append(
                Article(
                    slug=f"news-{n}",
                    title_en=f"Center signs a {topic[0]} transfer",
                    title_zh_hans=f"中心促成{topic[1]}技术转移",
                    summary_en="Another contract brokered by a member agency.",
                    summary_zh_hans="成员机构促成又一份合同。",
                    body_en=f"<p>{PARAGRAPHS[n % 4][0]}</p>",
                    body_zh_hans=f"<p>{PARAGRAPHS[n % 4][1]}</p>",
                    status=PublicationStatus.PUBLISHED if n % 10 else PublicationStatus.DRAFT,
                    published_at=self.moment(3 * 365),
                )
            )
        self.bulk(Article, rows)
        figures = [
            ("tech-companies", "Technology companies", "科技企业", "16000", "companies", "家"),
            ("high-tech", "High-tech enterprises", "高新技术企业", "4100", "companies", "家"),
            ("colleges", "Partner colleges", "合作高校", "33", "", "所"),
            ("state-labs", "State-level labs", "国家级实验室", "50", "", "个"),
            ("revenue", "High-tech revenue", "高新技术收入", "877", "billion yuan", "亿元"),
        ]
        rows = []
        for position, (key, label_en, label_zh, value, unit_en, unit_zh) in enumerate(figures):
            for year in (2022, 2023, 2024):
                rows.append(
                    KeyFigure(
                        key=key,
                        label_en=label_en,
                        label_zh_hans=label_zh,
                        value=Decimal(value) * Decimal(str(1 - (2024 - year) * 0.05)),
                        unit_en=unit_en,
                        unit_zh_hans=unit_zh,
                        period_start=date(year, 1, 1),
                        period_end=date(year, 12, 31),
                        source_en="Haidian district statistics",
                        source_zh_hans="海淀区统计",
                        position=position,
                    )
                )
        self.bulk(KeyFigure, rows)


def generate(
    scale: float = 1.0, force: bool = False, progress: bool = True, copies: int = 1
) -> dict[str, float] | None:
    """Fill the bench database (Django must be set up with ``bench.settings``); None when already filled."""
    if force or not database_exists():
        recreate_database()
    migrated = migrate()
    if is_filled(scale) and not force:
        # New indexes need statistics, or the planners ignore or misjudge them; a table loaded
        # before the generator vacuumed needs its visibility map (``Generator.analyze``).
        if migrated or Generator.needs_vacuum():
            Generator.analyze()
        return None
    if not force:
        # Partly filled (an interrupted run) or filled at another scale: start again from empty.
        from haidian.core.models import Sector

        if Sector.objects.exists():  # the first rows generated: an earlier run stopped part-way
            recreate_database()
            migrate()
    started = time.perf_counter()
    timings = Generator(scale, progress=progress, copies=copies).run()
    timings["total"] = time.perf_counter() - started
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale",
        type=float,
        default=float(os.environ.get("BENCH_SCALE", "1")),
        help="fraction of the full data set (1 = 100,000 technologies)",
    )
    parser.add_argument("--force", action="store_true", help="recreate the database first")
    parser.add_argument(
        "--copies",
        type=int,
        default=int(os.environ.get("BENCH_COPIES", "1")),
        help="build 1/COPIES of the technologies and copy them in SQL (faster on a busy machine)",
    )
    parser.add_argument(
        "--database-url",
        default=database_url_from_env(),
        help="default: BENCH_DATABASE_URL, else bench/data/bench.sqlite3",
    )
    args = parser.parse_args(argv)
    _django_setup(args.database_url)
    from django.conf import settings

    db = settings.DATABASES["default"]
    print(
        f"Generating at scale {args.scale} into {db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}",
        file=sys.stderr,
    )
    timings = generate(args.scale, force=args.force, copies=args.copies)
    if timings is None:
        print("Already filled; use --force to recreate.", file=sys.stderr)
    else:
        print("Done in " + ", ".join(f"{k} {v:.1f}s" for k, v in timings.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
