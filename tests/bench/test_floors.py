"""The benchmark's floors give their views' exact output (issue 20): the checks ``python -m bench``
runs before timing, here on rows the generator never makes (benefits, attachments, a listing
without an agency, text only in Chinese, machine-translated columns, a confidential contract)."""

from decimal import Decimal

import pytest
from django.test import Client, override_settings

from bench import measure
from listings.models import TechnologyKind
from tests import factories

pytestmark = pytest.mark.django_db


class Bench(measure.Bench):
    def __init__(self, language: str):
        self.client = Client(HTTP_ACCEPT_LANGUAGE=language)


@pytest.fixture
def catalogue(settings):
    settings.PUBLIC_CACHE_ENABLED = False  # the work behind a miss, as the bench measures it
    sector = factories.SectorFactory(parent=factories.SectorFactory(), machine_translated=["name_en"])
    owner = factories.OrganizationFactory(machine_translated=["name_en"])
    listing = factories.TechnologyFactory(
        sectors=[sector],
        owner=owner,
        transaction_types=["licence", "assignment"],
        target_countries=["JP", "SE"],
        machine_translated=["title_en", "summary_zh_hans"],
        price_cny=Decimal("1200000.00"),
    )
    factories.BenefitClaimFactory(technology=listing, machine_translated=["metric_en"])
    factories.AttachmentFactory(technology=listing)
    factories.TechnologyFactory(
        kind=TechnologyKind.NEED, agency=None, title_en="", summary_en="", keywords_en=""
    )
    factories.ContractFactory(sectors=[sector], value_is_public=False, machine_translated=["title_en"])
    factories.ContractFactory(technology=listing)
    factories.ArticleFactory()
    return listing


@override_settings(ROOT_URLCONF="bench.urls")
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_floor_gives_its_views_output(catalogue, language):
    bench = Bench(language)
    for url, floor in [
        ("/api/v1/technologies/", "/bench/floor/technologies/"),
        ("/api/v1/technologies/?kind=need", "/bench/floor/technologies/?kind=need"),
        ("/api/v1/contracts/", "/bench/floor/contracts/"),
    ]:
        measure.check_floor(bench, url, floor, HTTP_ACCEPT_LANGUAGE=language)
    slug = catalogue.slug
    detail = (f"/api/v1/technologies/{slug}/", f"/bench/floor/technologies/{slug}/")
    measure.check_floor(bench, *detail, key=None, HTTP_ACCEPT_LANGUAGE=language)
    measure.check_home_floor(bench, "/en/" if language == "en" else "/zh-hans/")


@override_settings(ROOT_URLCONF="bench.urls")
def test_a_floor_that_leaves_work_out_stops_the_run(catalogue, monkeypatch):
    from bench import floor

    read = floor.Translated.read
    monkeypatch.setattr(floor.Translated, "read", lambda self, row: (read(self, row)[0], []))
    with pytest.raises(measure.FloorMismatch, match="machine_translated"):
        measure.check_floor(Bench("en"), "/api/v1/technologies/", "/bench/floor/technologies/")
