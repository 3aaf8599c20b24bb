"""Transferred (closed) listings keep their page, marked transferred with the date and the public
contract record; they leave lists, search, feeds and the API list unless the ``transferred`` facet
(the shared TechnologyFilter) asks for them; the sitemap, the API detail and open data keep them."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from haidian.core.opendata import store
from listings.models import Availability, Technology, TechnologyStatus
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def transferred():
    listing = f.TechnologyFactory(
        slug="nanopore",
        title_en="Nanopore sequencer",
        title_zh_hans="纳米孔测序仪",
        keywords_en="sequencing",
        status=TechnologyStatus.CLOSED,
        availability=Availability.TRANSFERRED,
        closed_at=datetime(2025, 5, 20, 8, tzinfo=UTC),
    )
    contract = f.ContractFactory(reference="HD-2025-002", technology=listing, signed_on=date(2025, 5, 18))
    f.ContractFactory(reference="HD-2025-009", technology=listing, is_published=False)
    live = f.TechnologyFactory(slug="live-one", title_en="Live sequencer", keywords_en="sequencing")
    never = f.TechnologyFactory(slug="never-live", status=TechnologyStatus.CLOSED, published_at=None)
    return {"listing": listing, "contract": contract, "live": live, "never": never}


def test_the_queryset_methods(transferred):
    assert set(Technology.objects.transferred().values_list("slug", flat=True)) == {"nanopore"}
    assert set(Technology.objects.visible().values_list("slug", flat=True)) == {"nanopore", "live-one"}
    assert set(Technology.objects.published().values_list("slug", flat=True)) == {"live-one"}
    assert transferred["listing"].is_transferred and transferred["listing"].is_visible
    assert not transferred["never"].is_visible


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        (
            "en",
            (
                "Transferred",
                "This technology was transferred on 2025-05-20.",
                "Contract record HD-2025-002",
            ),
        ),
        ("zh-hans", ("已转让", "该技术已于2025年5月20日完成转让。", "合同记录 HD-2025-002")),
    ],
)
def test_a_transferred_listing_keeps_its_page(client, transferred, lang, texts):
    response = client.get(f"/{lang}/technologies/nanopore/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in texts:
        assert text in html, text
    # The public contract record is linked; the unpublished one is not named.
    assert f'href="/{lang}/contracts/?reference=HD-2025-002"' in html and "HD-2025-009" not in html
    # No inquiry form, no matches: the listing takes no more inquiries.
    assert 'id="inquiry"' not in html and 'id="matches-title"' not in html
    assert client.post(f"/{lang}/technologies/nanopore/", {"name": "x"}).status_code == 405
    # The contract record it links to lists that contract alone, and links back.
    record = client.get(f"/{lang}/contracts/", {"reference": "HD-2025-002"}).content.decode()
    assert "HD-2025-002" in record and "/technologies/nanopore/" in record
    # A listing closed without ever being published has no page.
    assert client.get(f"/{lang}/technologies/never-live/").status_code == 404


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_lists_and_search_leave_them_out_unless_the_facet_asks(client, transferred, lang):
    url = f"/{lang}/technologies/"

    def slugs(params):
        response = client.get(url, params)
        assert response.status_code == 200
        return {technology.slug for technology in response.context["page_obj"]}

    assert slugs({}) == {"live-one"}
    assert slugs({"q": "sequencing"}) == {"live-one"}
    assert slugs({"transferred": "include"}) == {"live-one", "nanopore"}
    assert slugs({"transferred": "only", "q": "sequencing"}) == {"nanopore"}
    response = client.get(url, {"kind": "offer"})
    html = response.content.decode()
    assert "transferred=include" in html and "transferred=only" in html  # the facet's options
    facet = next(facet for facet in response.context["facets"] if facet["name"] == "transferred")
    assert [(option["value"], option["count"]) for option in facet["options"]] == [
        ("include", 2),
        ("only", 1),
    ]
    bad = client.get(url, {"transferred": "yes"})
    assert "<code>transferred</code>" in bad.content.decode()


def test_the_api_agrees_with_the_page(client, transferred):
    def slugs(params):
        response = client.get("/api/v1/technologies/", params)
        assert response.status_code == 200
        return {row["slug"] for row in response.json()["results"]}

    assert slugs({}) == {"live-one"}
    assert slugs({"transferred": "include"}) == {"live-one", "nanopore"}
    assert slugs({"transferred": "only"}) == {"nanopore"}
    assert client.get("/api/v1/technologies/", {"transferred": "yes"}).status_code == 400
    detail = client.get("/api/v1/technologies/nanopore/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert detail.status_code == 200 and detail.json()["availability"] == "transferred"
    assert client.get("/api/v1/technologies/nanopore/matches/").status_code == 404
    contract = client.get("/api/v1/contracts/HD-2025-002/").json()
    assert "nanopore" in str(contract)


def test_sitemap_keeps_them_feeds_do_not(client, transferred):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/technologies/nanopore/" in sitemap and "/technologies/live-one/" in sitemap
    for feed in ("/en/technologies/feed/rss/", "/zh-hans/technologies/feed/atom/"):
        body = client.get(feed).content.decode()
        assert "live-one" in body and "nanopore" not in body, feed


def test_open_data_exports_them_with_their_contract(transferred):
    transferred["contract"].value = Decimal("150000000")
    transferred["contract"].save()
    call_command("export_open_data")
    folder = store.latest_export().folder
    technologies = (folder / "technologies.csv").read_text(encoding="utf-8-sig")
    assert "nanopore" in technologies and ",transferred," in technologies
    contracts = (folder / "contracts.csv").read_text(encoding="utf-8-sig")
    assert "HD-2025-002" in contracts and ",nanopore," in contracts
