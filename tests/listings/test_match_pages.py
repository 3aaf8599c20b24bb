"""Matches on the public pages and in the API: matches apart from near misses (their own labelled
section), weak candidates left out, the threshold a setting, "Available to" read as export
markets; technology and financing, in English and in Chinese."""

import pytest

from financing.models import NeedStatus
from haidian.core.models import Country
from listings.matching import technology_matches
from listings.models import TechnologyKind
from tests import factories
from tests.listings.stored import store_matches

pytestmark = pytest.mark.django_db

NEAR = {"en": "Near misses", "zh-hans": "接近的匹配"}


@pytest.fixture
def listings(db):
    """A need in IC design with a match, a near miss (a Japanese offer not available in China) and
    a weak candidate (a keyword only, TRL far short, not available: 25 points, three ✗)."""
    ic, other = factories.SectorFactory(name_en="IC design"), factories.SectorFactory()
    jp = Country.objects.get(code="JP")
    need = factories.TechnologyFactory(kind=TechnologyKind.NEED, sectors=[ic], keywords_en="sensor", trl=6)
    made = {
        "match": factories.TechnologyFactory(sectors=[ic], title_en="Good sensor", title_zh_hans="好传感器"),
        "near": factories.TechnologyFactory(
            sectors=[ic],
            title_en="Sensor not for China",
            title_zh_hans="不供中国的传感器",
            owner=factories.OrganizationFactory(country=jp),
            origin_country=jp,
            target_countries=["KR"],
        ),
        "weak": factories.TechnologyFactory(
            sectors=[other],
            title_en="Weak sensor",
            title_zh_hans="弱传感器",
            trl=2,
            owner=factories.OrganizationFactory(country=jp),
            origin_country=jp,
            target_countries=["KR"],
        ),
    }
    store_matches()  # what the worker does after these saves (the pages read the stored rows)
    return need, made


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_need_page_keeps_near_misses_apart(client, listings, language):
    need, made = listings
    html = client.get(f"/{language}/technologies/{need.slug}/").content.decode()
    matches, near = html.split(f'<h2 id="near-misses-title">{NEAR[language]}</h2>')
    matches = matches[matches.index('id="matches-title"') :]
    title = "title_en" if language == "en" else "title_zh_hans"
    assert getattr(made["match"], title) in matches and getattr(made["near"], title) not in matches
    assert getattr(made["near"], title) in near and getattr(made["match"], title) not in near
    assert getattr(made["weak"], title) not in html


def test_available_to_names_the_home_market_and_export_markets(client, listings):
    _need, made = listings
    offer = factories.TechnologyFactory(target_countries=["JP", "CN"])
    html = client.get(f"/en/technologies/{offer.slug}/").content.decode()
    assert "China (home market); export markets: Japan<" in html
    html = client.get(f"/zh-hans/technologies/{offer.slug}/").content.decode()
    assert "（本国市场）" in html or "(本国市场)" in html
    assert "出口市场：" in html


def test_threshold_is_a_setting(listings, settings):
    need, made = listings
    assert [m.technology for m in technology_matches(need).matches] == [made["match"]]
    settings.MATCH_MIN_SCORE = 95  # above the match's 90 (every rule met): now a near miss
    found = technology_matches(need)
    assert found.matches == [] and made["match"] in [m.technology for m in found.near_misses]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_api_keeps_near_misses_apart(client, listings, language):
    need, made = listings
    data = client.get(f"/api/v1/technologies/{need.slug}/matches/", HTTP_ACCEPT_LANGUAGE=language).json()
    assert [m["technology"]["slug"] for m in data["results"]] == [made["match"].slug]
    assert [m["technology"]["slug"] for m in data["near_misses"]] == [made["near"].slug]
    assert data["min_score"] == 60
    [unmet] = [r for r in data["near_misses"][0]["reasons"] if not r["met"]]
    assert unmet["hard"] is True
    assert ("not offered in China" == unmet["text"]) is (language == "en")


@pytest.fixture
def financing(db):
    need = factories.FinancingNeedFactory(title_en="Pilot line money", title_zh_hans="中试线资金")
    made = {
        "fits": factories.FinancingProductFactory(name_en="Fitting loan", name_zh_hans="合适贷款"),
        "near": factories.FinancingProductFactory(
            name_en="Short loan", name_zh_hans="短期贷款", term_min_months=1, term_max_months=6
        ),
        "type": factories.FinancingProductFactory(
            name_en="Equity instead", name_zh_hans="股权投资", product_type="equity"
        ),
    }
    return need, made


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_financing_need_page_keeps_near_misses_apart(client, financing, language):
    need, made = financing
    html = client.get(f"/{language}/financing/needs/{need.slug}/").content.decode()
    matches, near = html.split(f'<h2 id="near-misses-title">{NEAR[language]}</h2>')
    name = "name_en" if language == "en" else "name_zh_hans"
    assert getattr(made["fits"], name) in matches and getattr(made["near"], name) not in matches
    assert getattr(made["near"], name) in near
    assert getattr(made["type"], name) not in html  # another type: never even a near miss


@pytest.mark.parametrize(
    ("language", "note"),
    [
        ("en", "This need is no longer open, so it is not matched."),
        ("zh-hans", "该需求已不再开放，因此不再匹配。"),
    ],
)
@pytest.mark.parametrize("status", [NeedStatus.FUNDED, NeedStatus.MATCHED])
def test_financing_closed_needs_are_never_matched(client, financing, language, note, status):
    need, made = financing
    need.status = status
    need.save()
    html = client.get(f"/{language}/financing/needs/{need.slug}/").content.decode()
    assert note in html and "near-misses-title" not in html
    name = "name_en" if language == "en" else "name_zh_hans"
    assert getattr(made["fits"], name) not in html
    # ... nor offered to a lender, as a match or a near miss.
    for product in made.values():
        html = client.get(f"/{language}/financing/products/{product.slug}/").content.decode()
        assert (need.title_en if language == "en" else need.title_zh_hans) not in html
        data = client.get(f"/api/v1/financing/products/{product.slug}/matches/").json()
        assert data["results"] == data["near_misses"] == []
