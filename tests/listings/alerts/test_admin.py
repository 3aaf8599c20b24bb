"""The back office of search alerts: center staff only, read-only, searchable by e-mail, an
unsubscribe action and a CSV export for data-protection requests."""

import pytest
from django.contrib.auth.models import Group, Permission

from haidian.backoffice.scoping import CENTER_ADMIN_GROUP
from listings.models import SearchSubscription
from tests import factories
from tests.admin_users import login

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/listings/searchsubscription/"


@pytest.fixture
def subscriptions(alert):
    return [
        alert("kind=offer", email="kenji@example.org"),
        alert("sector=genomics", email="=cmd@example.org"),
    ]


def test_center_staff_list_and_search_by_email(admin_client, subscriptions):
    response = admin_client.get(CHANGELIST, {"q": "kenji"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "kenji@example.org" in html and "=cmd@example.org" not in html


def test_a_center_administrator_sees_them(subscriptions):
    user = factories.StaffUserFactory()
    user.groups.add(Group.objects.get(name=CENTER_ADMIN_GROUP))
    assert login(user).get(CHANGELIST).status_code == 200


def test_agency_editors_never_see_them(subscriptions):
    member = factories.AgencyMemberFactory()
    # Even given the model's permissions, an agency editor is refused: the data is personal.
    member.user.user_permissions.add(*Permission.objects.filter(codename__endswith="searchsubscription"))
    client = login(member.user)
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(f"{CHANGELIST}{subscriptions[0].pk}/change/").status_code == 403
    assert "searchsubscription" not in client.get("/admin/").content.decode()


def test_every_field_is_read_only_and_none_can_be_added(admin_client, subscriptions):
    page = admin_client.get(f"{CHANGELIST}{subscriptions[0].pk}/change/").content.decode()
    assert 'name="email"' not in page and "kenji@example.org" in page
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403


def test_the_unsubscribe_action(admin_client, subscriptions):
    response = admin_client.post(
        CHANGELIST, {"action": "unsubscribe", "_selected_action": [subscriptions[0].pk]}, follow=True
    )
    assert "1 alert unsubscribed." in response.content.decode()
    assert list(SearchSubscription.objects.active()) == [subscriptions[1]]


def test_the_export_for_a_data_protection_request(admin_client, subscriptions):
    response = admin_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [s.pk for s in subscriptions]}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="search-alerts-')
    text = response.content.decode("utf-8")
    assert text.startswith(
        "\ufeffemail,query,language,created_at,confirmed_at,unsubscribed_at,last_sent_at,ip_address"
    )
    assert "kenji@example.org,kind=offer,en," in text
    assert "'=cmd@example.org" in text  # no formula for a spreadsheet to run
