"""Fixtures of the API tests: a small public world with hidden records next to it."""

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from agencies.models import AgencyStatus
from financing.models import NeedStatus, ProductStatus
from haidian.core.models import PublicationStatus
from listings.models import TechnologyKind, TechnologyStatus
from tests import factories as f
from tests.fixtures import module_rows


@pytest.fixture
def get(client):
    """GET an API path with query parameters; returns the response (``.json()`` for the body)."""

    def _get(path, params=None, **headers):
        return client.get(path, params or {}, **headers)

    return _get


def build_world():
    """Public records of every kind, plus the hidden ones that must never show."""
    biomed = f.SectorFactory(slug="biomedicine", name_en="Biomedicine", name_zh_hans="生物医药")
    genomics = f.SectorFactory(slug="genomics", name_en="Genomics", name_zh_hans="基因组学", parent=biomed)
    chips = f.SectorFactory(
        slug="ic-design", name_en="Integrated circuit design", name_zh_hans="集成电路设计"
    )
    agency = f.AgencyFactory(
        slug="zgc-transfer", name_en="ZGC Transfer", name_zh_hans="中关村转移", services=["brokerage"]
    )
    agency.sectors.set([biomed])
    suspended = f.AgencyFactory(slug="suspended-agency", status=AgencyStatus.SUSPENDED)
    university = f.OrganizationFactory(
        slug="tsinghua", name_en="Tsinghua University", name_zh_hans="清华大学"
    )
    offer = f.TechnologyFactory(
        slug="gene-sequencer",
        title_en="Portable gene sequencer",
        title_zh_hans="便携式基因测序仪",
        keywords_en="sequencing, genome",
        keywords_zh_hans="测序, 基因",
        owner=university,
        agency=agency,
        sectors=[genomics],
        trl=7,
        price_cny=Decimal("5000000"),
        transaction_types=["licence"],
        target_countries=["JP", "SE"],
    )
    need = f.TechnologyFactory(
        slug="need-sequencing",
        kind=TechnologyKind.NEED,
        title_en="Wanted: genome sequencing technology",
        title_zh_hans="求购：基因测序技术",
        keywords_en="sequencing",
        keywords_zh_hans="测序",
        sectors=[genomics],
        trl=5,
        agency=agency,
        price_cny=Decimal("2000000"),
    )
    chip = f.TechnologyFactory(
        slug="chip-design",
        title_en="Low-power chip design",
        title_zh_hans="低功耗芯片设计",
        sectors=[chips],
        trl=4,
        ip_status="pending_patent",
        price_cny=None,
        price_negotiable=True,
        origin_country=f.country("SE"),
        agency=None,
    )
    now = timezone.now()
    hidden_technologies = [
        f.TechnologyFactory(slug="draft-tech", status=TechnologyStatus.DRAFT, published_at=None),
        f.TechnologyFactory(slug="review-tech", status=TechnologyStatus.IN_REVIEW, published_at=None),
        f.TechnologyFactory(slug="withdrawn-tech", status=TechnologyStatus.WITHDRAWN),
        f.TechnologyFactory(slug="closed-tech", status=TechnologyStatus.CLOSED),
        f.TechnologyFactory(
            slug="expired-tech", published_at=now - timedelta(days=30), expires_at=now - timedelta(days=1)
        ),
        f.TechnologyFactory(slug="future-tech", published_at=now + timedelta(days=1)),
    ]
    public_contract = f.ContractFactory(
        reference="HD-2025-001",
        technology=offer,
        agency=agency,
        sectors=[genomics],
        value=Decimal("3000000000"),
        destination_country=f.country("JP"),
        signed_on=timezone.localdate().replace(year=2025, month=3, day=1),
    )
    confidential = f.ContractFactory(
        reference="HD-2024-002",
        technology=hidden_technologies[0],
        agency=agency,
        sectors=[chips],
        value=Decimal("2000000000"),
        value_is_public=False,
        destination_country=f.country("SE"),
        signed_on=timezone.localdate().replace(year=2024, month=5, day=1),
        internal_notes="secret note",
    )
    hidden_contract = f.ContractFactory(reference="HD-2024-999", is_published=False)
    lender = f.LenderFactory(slug="bank-of-beijing", name_en="Bank of Beijing", name_zh_hans="北京银行")
    product = f.FinancingProductFactory(
        slug="ip-loan", lender=lender, product_type="ip_pledge", sectors=[biomed], stages=["growth"]
    )
    inactive_product = f.FinancingProductFactory(slug="old-loan", status=ProductStatus.INACTIVE)
    fneed = f.FinancingNeedFactory(
        slug="pilot-line", financing_type="ip_pledge", amount_cny=Decimal("5000000"), sectors=[genomics]
    )
    draft_need = f.FinancingNeedFactory(slug="draft-need", status=NeedStatus.DRAFT)
    withdrawn_need = f.FinancingNeedFactory(slug="withdrawn-need", status=NeedStatus.WITHDRAWN)
    article = f.ArticleFactory(slug="launch", title_en="Center launched", title_zh_hans="中心启动")
    draft_article = f.ArticleFactory(slug="draft-news", status=PublicationStatus.DRAFT, published_at=None)
    page = f.PageFactory(slug="about", title_en="About the center", title_zh_hans="关于中心")
    draft_page = f.PageFactory(slug="draft-page", status=PublicationStatus.DRAFT)
    figure = f.KeyFigureFactory()
    hidden_figure = f.KeyFigureFactory(key="hidden", is_published=False)
    return SimpleNamespace(**locals())


@pytest.fixture
def world(db):
    return build_world()


#: The same world built once for a whole module (tests/fixtures.py), for the modules that send
#: hundreds of requests at it and write nothing that outlives a test.
shared_world = module_rows("shared_world", build_world)
