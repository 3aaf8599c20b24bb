"""Every public page answers in both languages with its head metadata; only published content."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from agencies.models import AgencyStatus
from financing.models import NeedStatus, ProductStatus
from haidian.core.models import PublicationStatus
from listings.models import TechnologyKind, TechnologyStatus
from tests import factories
from tests.listings.stored import store_matches

from .conftest import head_links

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    sector = factories.SectorFactory(slug="biomedicine")
    offer = factories.TechnologyFactory(sectors=[sector], transaction_types=["licence"])
    need = factories.TechnologyFactory(kind=TechnologyKind.NEED, sectors=[sector])
    factories.ContractFactory(technology=offer, agency=offer.agency, sectors=[sector])
    return {
        "offer": offer,
        "need": need,
        "agency": offer.agency,
        "product": factories.FinancingProductFactory(),
        "financing_need": factories.FinancingNeedFactory(),
        "article": factories.ArticleFactory(),
        "page": factories.PageFactory(slug="about"),
        "figure": factories.KeyFigureFactory(),
    }


def page_paths(content):
    return {
        "home": "/{lang}/",
        "technologies": "/{lang}/technologies/",
        "offer": f"/{{lang}}/technologies/{content['offer'].slug}/",
        "need": f"/{{lang}}/technologies/{content['need'].slug}/",
        "agencies": "/{lang}/agencies/",
        "agency": f"/{{lang}}/agencies/{content['agency'].slug}/",
        "contracts": "/{lang}/contracts/",
        "stats": "/{lang}/contracts/statistics/",
        "products": "/{lang}/financing/products/",
        "product": f"/{{lang}}/financing/products/{content['product'].slug}/",
        "needs": "/{lang}/financing/needs/",
        "financing_need": f"/{{lang}}/financing/needs/{content['financing_need'].slug}/",
        "news": "/{lang}/news/",
        "article": f"/{{lang}}/news/{content['article'].slug}/",
        "page": "/{lang}/pages/about/",
    }


DETAIL_PAGES = {"offer", "need", "agency", "product", "financing_need", "article", "page"}


@pytest.mark.parametrize("lang, html_lang", [("en", "en"), ("zh-hans", "zh-Hans")])
def test_every_page_has_lang_title_description_canonical_and_hreflang(client, content, lang, html_lang):
    for name, template in page_paths(content).items():
        path = template.format(lang=lang)
        response = client.get(path)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert f'<html lang="{html_lang}">' in html, name
        title = re.search(r"<title>(.+?)</title>", html, re.S).group(1).strip()
        assert title, name
        description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
        assert description.strip(), name
        links = head_links(html)
        assert links["canonical"] == [f"http://testserver{path}"], name
        assert links["en"] == f"http://testserver{template.format(lang='en')}"
        assert links["zh-Hans"] == f"http://testserver{template.format(lang='zh-hans')}"
        assert links["x-default"] == links["en"]
        if name in DETAIL_PAGES:
            assert '<meta property="og:title" content="' in html, name
            assert '<meta property="og:url" content="http://testserver' in html, name
            assert '<meta property="og:description" content="' in html, name


def test_root_redirects_by_accept_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").url == "/zh-hans/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="sv-SE,en;q=0.8").url == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE").url == "/en/"


def test_content_shows_in_the_chosen_language(client, content):
    offer = content["offer"]
    html = client.get(f"/zh-hans/technologies/{offer.slug}/").content.decode()
    assert offer.title_zh_hans in html
    assert "fallback-badge" not in html


def test_untranslated_content_falls_back_with_a_visible_marker(client):
    only_english = factories.TechnologyFactory(title_en="Quantum key distribution", title_zh_hans="")
    only_chinese = factories.TechnologyFactory(title_en="", title_zh_hans="北斗短报文模块")
    html = client.get(f"/zh-hans/technologies/{only_english.slug}/").content.decode()
    assert '<span lang="en">Quantum key distribution</span>' in html
    assert '<span class="fallback-badge" lang="en"' in html and "(English)</span>" in html
    html = client.get(f"/en/technologies/{only_chinese.slug}/").content.decode()
    assert '<span lang="zh-Hans">北斗短报文模块</span>' in html
    assert "(中文)</span>" in html
    # In a list too.
    html = client.get("/en/technologies/").content.decode()
    assert "(中文)</span>" in html


def test_language_switch_links_to_the_same_page_in_the_other_language(client, content):
    slug = content["offer"].slug
    html = client.get(f"/en/technologies/{slug}/?ref=feed").content.decode()
    assert f'<a href="/zh-hans/technologies/{slug}/?ref=feed" hreflang="zh-Hans"' in html


@pytest.mark.parametrize(
    "status",
    [TechnologyStatus.DRAFT, TechnologyStatus.IN_REVIEW, TechnologyStatus.CLOSED, TechnologyStatus.WITHDRAWN],
)
def test_a_listing_that_is_not_published_answers_404(client, status):
    # A closed listing that was published is a transferred one: it keeps its page
    # (tests/listings/test_transferred.py); one never published has none.
    listing = factories.TechnologyFactory(status=status, published_at=None)
    assert client.get(f"/en/technologies/{listing.slug}/").status_code == 404
    assert listing.title_en not in client.get("/en/technologies/").content.decode()


def test_scheduled_and_expired_listings_are_not_shown(client):
    scheduled = factories.TechnologyFactory(published_at=timezone.now() + timedelta(days=2))
    expired = factories.TechnologyFactory(expires_at=timezone.now() - timedelta(minutes=1))
    for listing in (scheduled, expired):
        assert client.get(f"/en/technologies/{listing.slug}/").status_code == 404
    html = client.get("/en/technologies/").content.decode()
    assert scheduled.title_en not in html and expired.title_en not in html


def test_other_unpublished_content_answers_404(client):
    paths = [
        f"/en/news/{factories.ArticleFactory(status=PublicationStatus.DRAFT, published_at=None).slug}/",
        f"/en/news/{factories.ArticleFactory(published_at=timezone.now() + timedelta(days=1)).slug}/",
        f"/en/pages/{factories.PageFactory(status=PublicationStatus.DRAFT).slug}/",
        f"/en/agencies/{factories.AgencyFactory(status=AgencyStatus.SUSPENDED).slug}/",
        f"/en/financing/products/{factories.FinancingProductFactory(status=ProductStatus.INACTIVE).slug}/",
        f"/en/financing/needs/{factories.FinancingNeedFactory(status=NeedStatus.DRAFT).slug}/",
        f"/en/financing/needs/{factories.FinancingNeedFactory(status=NeedStatus.WITHDRAWN).slug}/",
    ]
    for path in paths:
        assert client.get(path).status_code == 404, path


def test_lists_show_published_rows_only(client):
    factories.ArticleFactory(title_en="Draft news", status=PublicationStatus.DRAFT, published_at=None)
    factories.AgencyFactory(name_en="Suspended agency", status=AgencyStatus.SUSPENDED)
    factories.ContractFactory(title_en="Unpublished contract", is_published=False)
    factories.FinancingProductFactory(name_en="Inactive product", status=ProductStatus.INACTIVE)
    factories.FinancingNeedFactory(title_en="Draft need", status=NeedStatus.DRAFT)
    pages = {
        "/en/news/": "Draft news",
        "/en/agencies/": "Suspended agency",
        "/en/contracts/": "Unpublished contract",
        "/en/financing/products/": "Inactive product",
        "/en/financing/needs/": "Draft need",
        "/en/": "Draft news",
    }
    for path, hidden in pages.items():
        assert hidden not in client.get(path).content.decode(), path


def test_confidential_contract_values_are_not_shown(client):
    factories.ContractFactory(title_en="Secret deal", value_cny=777_000_000, value_is_public=False)
    html = client.get("/en/contracts/").content.decode()
    assert "Secret deal" in html and "¥777 M" not in html and "confidential" in html
    html = client.get("/en/contracts/statistics/").content.decode()
    assert "777" not in html and "1 contract has a confidential value" in html


@pytest.mark.parametrize("path", ["/en/contracts/", "/zh-hans/contracts/", "/en/contracts/statistics/"])
@pytest.mark.parametrize("year", ["0000", "99999999999999999999", "-1", "abc", "2025\x00"])
def test_a_bad_year_is_a_400_naming_it(client, path, year):
    factories.ContractFactory(title_en="Public deal")
    response = client.get(path, {"year": year})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<code>year</code>" in html and "Public deal" not in html


def test_the_year_is_read_as_a_number(client):
    factories.ContractFactory(title_en="Deal of 2025", signed_on=date(2025, 3, 1))
    factories.ContractFactory(title_en="Deal of 2024", signed_on=date(2024, 3, 1))
    for year in ("2025", "٢٠٢٥", "２０２５"):  # Arabic-Indic and full-width digits are digits too
        html = client.get("/en/contracts/", {"year": year}).content.decode()
        assert "Deal of 2025" in html and "Deal of 2024" not in html, year
    stats = client.get("/en/contracts/statistics/", {"year": "2024"})
    assert stats.context["total"]["count"] == 1


def test_pages_past_the_end_answer_404(client):
    factories.TechnologyFactory()
    assert client.get("/en/technologies/?page=2").status_code == 404
    assert client.get("/en/technologies/?page=abc").status_code == 404


def test_odd_search_parameters_do_not_break_the_list(client):
    factories.TechnologyFactory(title_en="Lidar odometry")
    for query in [
        "?q=%00",
        "?trl=99",
        "?kind=both",
        "?sector=../../x",
        "?country=zzz",
        "?sort=evil",
        "?q=" + "x" * 500,
    ]:
        assert client.get("/en/technologies/" + query).status_code == 200, query


def test_technology_detail_shows_every_fact(client):
    listing = factories.TechnologyFactory(
        trl=7,
        patent_numbers="CN202310000001.2",
        price_cny=None,
        price_negotiable=True,
        transaction_types=["licence", "assignment"],
        target_countries=["JP", "SE"],
    )
    factories.AttachmentFactory(technology=listing, title_en="Patent certificate")
    factories.AttachmentFactory(technology=listing, title_en="Internal drawing", is_public=False)
    html = client.get(f"/en/technologies/{listing.slug}/").content.decode()
    for fact in [
        "TRL 7 of 9",
        "Granted patent",
        "CN202310000001.2",
        "Licence",
        "Assignment",
        "Negotiable",
        listing.owner.name_en,
        listing.agency.name_en,
        "Japan",
        "Sweden",
        "Patent certificate",
        "Last verified",
    ]:
        assert fact in html, fact
    assert "Internal drawing" not in html


def test_matches_and_comparable_contracts_are_shown(client):
    sector = factories.SectorFactory()
    need = factories.TechnologyFactory(kind=TechnologyKind.NEED, sectors=[sector], title_en="Wanted: assay")
    offer = factories.TechnologyFactory(
        sectors=[sector], title_en="Assay platform", transaction_types=["licence"]
    )
    factories.ContractFactory(title_en="Earlier assay licence", sectors=[sector], contract_type="licence")
    store_matches(need, offer)
    html = client.get(f"/en/technologies/{need.slug}/").content.decode()
    assert "Assay platform" in html and "shared sectors" in html
    html = client.get(f"/en/technologies/{offer.slug}/").content.decode()
    assert "Wanted: assay" in html and "Earlier assay licence" in html


def test_financing_pages_show_matches_with_reasons(client):
    product = factories.FinancingProductFactory(name_en="Pilot line loan")
    need = factories.FinancingNeedFactory(title_en="Money for a pilot line")
    html = client.get(f"/en/financing/needs/{need.slug}/").content.decode()
    assert "Pilot line loan" in html and "reason-met" in html and "fits" in html
    html = client.get(f"/en/financing/products/{product.slug}/").content.decode()
    assert "Money for a pilot line" in html


def test_financing_product_filters(client):
    loan = factories.FinancingProductFactory(
        name_en="Small loan", amount_min_cny=100_000, amount_max_cny=1_000_000
    )
    grant = factories.FinancingProductFactory(
        name_en="Big grant", product_type="grant", amount_min_cny=5_000_000, amount_max_cny=50_000_000
    )
    html = client.get("/en/financing/products/?amount=500000").content.decode()
    assert loan.name_en in html and grant.name_en not in html
    html = client.get("/en/financing/products/?type=grant").content.decode()
    assert loan.name_en not in html and grant.name_en in html


def test_agency_directory_filters_and_detail(client):
    sector = factories.SectorFactory(slug="ic")
    ip = factories.AgencyFactory(name_en="IP Counsel", services=["ip_legal"])
    ip.sectors.set([sector])
    factories.AgencyFactory(name_en="Incubator", services=["incubation"])
    html = client.get("/en/agencies/?service=ip_legal").content.decode()
    assert "IP Counsel" in html and "Incubator" not in html
    html = client.get("/en/agencies/?sector=ic").content.decode()
    assert "IP Counsel" in html and "Incubator" not in html
    factories.TechnologyFactory(agency=ip, title_en="Brokered chip IP")
    factories.ContractFactory(agency=ip, title_en="Chip IP licence")
    html = client.get(f"/en/agencies/{ip.slug}/").content.decode()
    assert "Brokered chip IP" in html and "Chip IP licence" in html and "IP and legal services" in html


def test_a_withheld_value_is_ranked_last_not_by_its_size(client):
    big, small = (
        factories.SectorFactory(name_en="Big sector"),
        factories.SectorFactory(name_en="Small sector"),
    )
    secret = factories.SectorFactory(name_en="Secret sector")
    factories.ContractFactory(value_cny=500_000_000, sectors=[big])
    factories.ContractFactory(value_cny=100_000_000, sectors=[small])
    factories.ContractFactory(value_cny=300_000_000, sectors=[secret], value_is_public=False)
    html = client.get("/en/contracts/statistics/").content.decode()
    table = html.split('id="by-sector-title"', 1)[1].split("</table>", 1)[0]
    assert table.index("Big sector") < table.index("Small sector") < table.index("Secret sector")


def test_a_page_without_summary_is_described_by_its_body_as_text(client):
    page = factories.PageFactory(summary_en="", body_en="<p>R&amp;D</p><p>for chips</p>")
    html = client.get(f"/en/pages/{page.slug}/").content.decode()
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    assert description == "R&amp;D for chips"  # escaped once, paragraphs apart
