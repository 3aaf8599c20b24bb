"""A small bilingual catalogue whose expected search results are known, built once per module
(tests/fixtures.py): the relevance tests only read it."""

import copy
from types import SimpleNamespace

import pytest
from django.db import connection

from listings.models import TechnologyKind
from tests import factories
from tests.fixtures import module_rows

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only (set DATABASE_URL=postgres://...; CI runs the suite on PostgreSQL too)",
)


def build_sectors() -> SimpleNamespace:
    biomedicine = factories.SectorFactory(slug="biomedicine", name_en="Biomedicine", name_zh_hans="生物医药")
    return SimpleNamespace(
        biomedicine=biomedicine,
        genomics=factories.SectorFactory(
            slug="genomics", name_en="Genomics", name_zh_hans="基因组学", parent=biomedicine
        ),
        ic=factories.SectorFactory(
            slug="ic-design", name_en="Integrated circuit design", name_zh_hans="集成电路设计"
        ),
        navigation=factories.SectorFactory(
            slug="navigation", name_en="Navigation services", name_zh_hans="导航服务"
        ),
        energy=factories.SectorFactory(slug="new-energy", name_en="New energy", name_zh_hans="新能源"),
        computing=factories.SectorFactory(
            slug="supercomputing", name_en="Supercomputing", name_zh_hans="超级计算"
        ),
    )


def build_catalogue() -> SimpleNamespace:
    """Seven published listings; each relevance case names the ones it expects first."""
    sectors = build_sectors()
    make = factories.TechnologyFactory
    listings = SimpleNamespace(
        chip=make(
            slug="chip",
            title_en="RISC-V chip design licensing",
            title_zh_hans="RISC-V芯片设计授权",
            summary_en="A low-power processor core, ready to license.",
            summary_zh_hans="低功耗处理器内核，可授权使用。",
            keywords_en="chip, EDA, RISC-V",
            keywords_zh_hans="芯片, 处理器",
            owner=factories.OrganizationFactory(
                name_en="Zhongguancun Microelectronics", name_zh_hans="中关村微电子有限公司"
            ),
            sectors=[sectors.ic],
        ),
        genome=make(
            slug="genome",
            title_en="High-throughput genome sequencing platform",
            title_zh_hans="高通量基因测序平台",
            summary_en="Sequencing a human genome in a day.",
            summary_zh_hans="一天完成人类全基因组测序。",
            keywords_en="sequencing, genomics",
            keywords_zh_hans="测序, 基因组",
            sectors=[sectors.genomics],
        ),
        editing=make(
            slug="editing",
            title_en="CRISPR gene editing for crop breeding",
            title_zh_hans="基因编辑作物育种技术",
            summary_en="Faster breeding of drought-tolerant wheat.",
            summary_zh_hans="培育耐旱小麦。",
            sectors=[sectors.biomedicine],
        ),
        navigation=make(
            slug="navigation",
            title_en="BeiDou navigation receiver for precision farming",
            title_zh_hans="北斗导航精准农业接收机",
            summary_en="Centimetre positioning for tractors.",
            summary_zh_hans="厘米级定位，用于农机自动驾驶。",
            sectors=[sectors.navigation],
        ),
        battery=make(
            slug="battery",
            title_en="Solid-state battery, licensed to two carmakers",
            title_zh_hans="固态电池技术",
            summary_en="Energy density of 400 Wh/kg.",
            summary_zh_hans="能量密度400瓦时每公斤。",
            description_en="<p>A further <strong>licence</strong> is available for Europe.</p>",
            description_zh_hans="<p>欧洲地区可另行许可。</p>",
            sectors=[sectors.energy],
        ),
        scheduler=make(
            slug="scheduler",
            title_en="Supercomputing cloud job scheduler",
            title_zh_hans="超级计算云作业调度软件",
            summary_en="Schedules jobs across data centres.",
            summary_zh_hans="跨数据中心调度计算任务。",
            sectors=[sectors.computing],
        ),
        tester=make(
            slug="tester",
            kind=TechnologyKind.NEED,
            title_en="Wafer test equipment wanted",
            title_zh_hans="求购晶圆测试设备",
            summary_en="For a new packaging line.",
            summary_zh_hans="用于新建封装线。",
            description_en="<p>The equipment must handle every chip we make, down to 28 nm.</p>",
            description_zh_hans="<p>设备须能测试我们生产的各类芯片。</p>",
            sectors=[sectors.ic],
        ),
    )
    return SimpleNamespace(sectors=sectors, listings=listings)


_catalogue_rows = module_rows("_catalogue_rows", build_catalogue)


@pytest.fixture
def _catalogue(_catalogue_rows, db):
    return copy.deepcopy(_catalogue_rows)


@pytest.fixture
def sectors(_catalogue):
    return _catalogue.sectors


@pytest.fixture
def catalogue(_catalogue):
    return _catalogue.listings
