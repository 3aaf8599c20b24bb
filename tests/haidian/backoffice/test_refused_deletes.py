"""Records others depend on are never deleted: refused with a reason a clerk understands."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from agencies.models import Agency
from haidian.core.models import Organization
from listings.models import Contract, Technology, TechnologyStatus
from tests import factories

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Agencies and organizations named by contracts, listings, financing ------------------------


@pytest.fixture
def contract():
    return factories.ContractFactory(reference="HD-2025-007")


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_agency_with_contracts_delete_page_explains(admin_client, contract, lang):
    url = reverse("admin:agencies_agency_delete", args=[contract.agency.pk])
    admin_client.cookies["django_language"] = lang
    response = admin_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "HD-2025-007" in html  # the contract is named, with a link to it
    assert 'type="submit"' not in html.split('id="content"')[1]  # no button that would try
    assert f'lang="{lang}"' in html
    if lang == "en":  # the Chinese text arrives with the merged translations
        assert "cannot be deleted: the records below refer to it" in html
        assert "set its status to “Suspended” instead" in html
    admin_client.post(url, {"post": "yes"})
    assert Agency.objects.filter(pk=contract.agency.pk).exists()


def test_agency_bulk_delete_explains_and_keeps_them(admin_client, contract):
    spare = factories.AgencyFactory()
    url = reverse("admin:agencies_agency_changelist")
    selection = {"action": "delete_selected", "_selected_action": [contract.agency.pk, spare.pk]}
    html = admin_client.post(url, selection).content.decode()
    assert "The selected service agencies cannot be deleted" in html
    assert "HD-2025-007" in html and "Suspended" in html
    admin_client.post(url, {**selection, "post": "yes"})
    assert Agency.objects.filter(pk__in=[contract.agency.pk, spare.pk]).count() == 2


@pytest.mark.parametrize(
    "make",
    [
        lambda: factories.ContractFactory().seller,
        lambda: factories.ContractFactory().buyer,
        lambda: factories.TechnologyFactory().owner,
        lambda: factories.FinancingProductFactory().lender,
        lambda: factories.FinancingNeedFactory().company,
    ],
    ids=["seller", "buyer", "listing-owner", "lender", "financing-company"],
)
def test_organization_in_use_is_not_deleted(admin_client, make):
    organization = make()
    url = reverse("admin:haidian_organization_delete", args=[organization.pk])
    html = admin_client.get(url).content.decode()
    assert "cannot be deleted: the records below refer to it" in html
    assert "Correct the organization" in html and "give those records the right organization" in html
    admin_client.post(url, {"post": "yes"})
    bulk = reverse("admin:haidian_organization_changelist")
    admin_client.post(
        bulk, {"action": "delete_selected", "_selected_action": [organization.pk], "post": "yes"}
    )
    assert Organization.objects.filter(pk=organization.pk).exists()


def test_unused_agency_and_organization_can_still_be_deleted(admin_client):
    agency, organization = factories.AgencyFactory(), factories.OrganizationFactory()
    admin_client.post(reverse("admin:agencies_agency_delete", args=[agency.pk]), {"post": "yes"})
    admin_client.post(reverse("admin:haidian_organization_delete", args=[organization.pk]), {"post": "yes"})
    assert not Agency.objects.filter(pk=agency.pk).exists()
    assert not Organization.objects.filter(pk=organization.pk).exists()


def test_the_database_refuses_too(contract):
    """PROTECT holds whatever path tries (a script, a service): the contract stays."""
    with pytest.raises(ProtectedError):
        contract.agency.delete()
    with pytest.raises(ProtectedError):
        contract.seller.delete()
    assert Contract.objects.filter(pk=contract.pk).exists()


@pytest.mark.parametrize("path", ["agencies", "organizations", "technologies", "contracts"])
def test_the_api_deletes_nothing(client, contract, path):
    slug = {
        "agencies": contract.agency.slug,
        "organizations": contract.seller.slug,
        "technologies": factories.TechnologyFactory().slug,
        "contracts": contract.reference,
    }[path]
    assert client.delete(f"/api/v1/{path}/{slug}/").status_code in (403, 405)
    assert Contract.objects.filter(pk=contract.pk).exists()


# --- Published listings are withdrawn, not deleted ---------------------------------------------


@pytest.fixture
def published():
    return factories.TechnologyFactory(title_en="Gene chip")


def test_published_listing_has_no_delete_and_is_sent_to_withdraw(admin_client, published):
    change = reverse("admin:listings_technology_change", args=[published.pk])
    page = admin_client.get(change).content.decode()
    assert reverse("admin:listings_technology_delete", args=[published.pk]) not in page
    assert 'value="withdraw"' in page  # the workflow button
    response = admin_client.post(
        reverse("admin:listings_technology_delete", args=[published.pk]), {"post": "yes"}, follow=True
    )
    assert response.redirect_chain[-1][0] == change
    [message] = messages_of(response)
    assert "“Gene chip” has been published, so it is withdrawn rather than deleted" in message
    assert Technology.objects.filter(pk=published.pk).exists()


@pytest.mark.parametrize(
    "status", [TechnologyStatus.WITHDRAWN, TechnologyStatus.CLOSED, TechnologyStatus.DRAFT]
)
def test_once_published_is_never_deleted(admin_client, status):
    """Withdrawn, closed or returned to draft after publication: it may be cited and linked."""
    listing = factories.TechnologyFactory(status=status)  # published_at in the past
    admin_client.post(reverse("admin:listings_technology_delete", args=[listing.pk]), {"post": "yes"})
    assert Technology.objects.filter(pk=listing.pk).exists()


def test_bulk_delete_with_a_published_listing_deletes_nothing(admin_client, published):
    draft = factories.TechnologyFactory(status=TechnologyStatus.DRAFT, published_at=None)
    url = reverse("admin:listings_technology_changelist")
    for step in ({}, {"post": "yes"}):
        response = admin_client.post(
            url,
            {"action": "delete_selected", "_selected_action": [published.pk, draft.pk], **step},
            follow=True,
        )
        assert "withdrawn rather than deleted" in " ".join(messages_of(response))
    assert Technology.objects.filter(pk__in=[published.pk, draft.pk]).count() == 2


def test_withdraw_action_is_offered_and_works(admin_client, published):
    url = reverse("admin:listings_technology_changelist")
    assert "withdraw_selected" in admin_client.get(url).content.decode()
    admin_client.post(url, {"action": "withdraw_selected", "_selected_action": [published.pk]})
    published.refresh_from_db()
    assert published.status == TechnologyStatus.WITHDRAWN
    assert not Technology.objects.published().filter(pk=published.pk).exists()


def test_drafts_never_published_can_be_deleted(admin_client):
    single = factories.TechnologyFactory(status=TechnologyStatus.DRAFT, published_at=None)
    batch = factories.TechnologyFactory.create_batch(2, status=TechnologyStatus.IN_REVIEW, published_at=None)
    admin_client.post(reverse("admin:listings_technology_delete", args=[single.pk]), {"post": "yes"})
    admin_client.post(
        reverse("admin:listings_technology_changelist"),
        {"action": "delete_selected", "_selected_action": [t.pk for t in batch], "post": "yes"},
    )
    assert not Technology.objects.exists()


def test_ever_published_and_was_published_agree():
    from django.utils import timezone

    rows = [
        factories.TechnologyFactory(),
        factories.TechnologyFactory(status=TechnologyStatus.WITHDRAWN),
        factories.TechnologyFactory(status=TechnologyStatus.DRAFT, published_at=None),
        factories.TechnologyFactory(
            status=TechnologyStatus.DRAFT, published_at=timezone.now() + timezone.timedelta(days=3)
        ),
    ]
    ever = set(Technology.objects.ever_published().values_list("pk", flat=True))
    assert ever == {row.pk for row in rows if row.was_published} == {rows[0].pk, rows[1].pk}
