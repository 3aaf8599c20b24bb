"""The detail page's sectors, target countries, export markets and transaction types come from
the listing's keys and the small tables held per content version (listings.relations): what they
show is what the listing's relations are, in a prefetch's order, and a change shows at once."""

import pytest

from haidian.core.models import Country
from listings.models import TechnologyKind
from tests import factories

pytestmark = pytest.mark.django_db


def shown(client, listing, language="en"):
    context = client.get(f"/{language}/technologies/{listing.slug}/").context
    return {
        "sectors": [sector.slug for sector in context["sectors"]],
        "target_countries": [country.code for country in context["target_countries"]],
        "export_markets": [country.code for country in context["export_markets"]],
        "transaction_types": [kind.code for kind in context["transaction_types"]],
    }


@pytest.fixture
def offer(settings):
    settings.PUBLIC_CACHE_ENABLED = False
    owner = factories.OrganizationFactory(country=factories.country("CN"))
    return factories.TechnologyFactory(
        kind=TechnologyKind.OFFER,
        owner=owner,
        sectors=[
            factories.SectorFactory(slug="zeta", position=1),
            factories.SectorFactory(slug="alpha", position=2),
        ],
        target_countries=["SE", "CN", "JP"],
        transaction_types=["licence", "assignment"],
    )


def test_the_page_shows_the_listings_own_relations_in_a_prefetchs_order(client, offer):
    assert shown(client, offer) == {
        "sectors": ["zeta", "alpha"],  # by position, then slug
        "target_countries": ["CN", "JP", "SE"],
        "export_markets": ["JP", "SE"],  # the owner's own country is its home market
        "transaction_types": ["assignment", "licence"],
    }
    html = client.get(f"/en/technologies/{offer.slug}/").content.decode()
    assert "export markets: Japan, Sweden" in html


def test_a_change_of_the_relations_or_of_a_countrys_name_shows_at_once(client, offer):
    shown(client, offer)  # the tables are held for this content version
    offer.target_countries.remove(factories.country("JP"))
    offer.transaction_types.set(["licence"])
    offer.sectors.remove(*offer.sectors.filter(slug="zeta"))
    assert shown(client, offer) == {
        "sectors": ["alpha"],
        "target_countries": ["CN", "SE"],
        "export_markets": ["SE"],
        "transaction_types": ["licence"],
    }
    sweden = factories.country("SE")
    sweden.name_zh_hans = "瑞典王国"
    sweden.save()
    assert "出口市场： 瑞典王国" in client.get(f"/zh-hans/technologies/{offer.slug}/").content.decode()


def test_a_row_added_without_a_signal_is_read_rather_than_missed(client, offer):
    """A country and a link inserted in bulk move no content version: the held tables lack the
    country, and the page reads it instead of failing."""
    shown(client, offer)
    Country.objects.bulk_create([Country(code="XQ", name_en="Atlantis", name_zh_hans="亚特兰蒂斯")])
    offer.target_countries.through.objects.bulk_create(
        [offer.target_countries.through(technology_id=offer.pk, country_id="XQ")]
    )
    assert shown(client, offer)["target_countries"] == ["CN", "JP", "SE", "XQ"]
    assert "Atlantis" in client.get(f"/en/technologies/{offer.slug}/").content.decode()
