"""Header injection: single-line fields refuse line breaks on every write path (admin form, inline,
import, public form, model), and e-mail subjects are built from single-line text, so a title stored
with CR/LF before the rule can no longer make inquiries fail with BadHeaderError."""

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from haidian.core.models import Organization, SingleLineCharFields
from listings.models import Inquiry, Technology
from tests import factories
from tests.admin_forms import change_form_data
from tests.haidian.backoffice.test_import_export import CSV, csv_bytes, run_import

pytestmark = pytest.mark.django_db
INJECTED = "Wafer optics\r\nBcc: victim@example.org"
REFUSED = "Enter a single line: line breaks are not allowed here."
INQUIRY = {
    "name": "Kenji Sato",
    "email": "kenji@minato.example",
    "message": "We would like to discuss a licence for our Osaka fab.",
    "consent": "on",
}
# Models whose CharFields are built by code, never typed by a person.
# The query string of a search and a random token; an e-mail rendered from templates, its subject collapsed to
# one line by haidian.core.emails.
GENERATED = {"listings.SearchSubscription", "haidian.OutboundMessage"}


def test_every_model_with_typed_single_line_text_refuses_line_breaks():
    unguarded = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in {"haidian", "agencies", "listings", "financing"}
        and not model._meta.auto_created
        and not model.__name__.startswith("Historical")  # written by the history, from the record
        and model._meta.label not in GENERATED
        and not issubclass(model, SingleLineCharFields)
        and any(
            isinstance(field, models.CharField) and field.editable and not field.choices
            for field in model._meta.concrete_fields
        )
    ]
    assert unguarded == []


@pytest.mark.parametrize("text", ["a\nb", "a\rb", "a\u2028b", "a\x85b", "a\x0bb"])
def test_full_clean_refuses_any_line_break_in_a_char_field(text):
    organization = factories.OrganizationFactory()
    organization.city_en = text
    with pytest.raises(Exception) as raised:
        organization.full_clean()
    assert raised.value.message_dict["city_en"] == [REFUSED]


def test_an_admin_change_form_refuses_a_title_with_a_line_break(admin_client):
    technology = factories.TechnologyFactory(title_en="Wafer optics")
    url = reverse("admin:listings_technology_change", args=[technology.pk])
    data = {**change_form_data(admin_client.get(url)), "title_en": INJECTED}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["title_en"] == [REFUSED]
    technology.refresh_from_db()
    assert technology.title_en == "Wafer optics"


def test_an_inline_refuses_a_line_break(admin_client):
    member = factories.AgencyMemberFactory(title="Broker")
    url = reverse("admin:agencies_agency_change", args=[member.agency.pk])
    data = change_form_data(admin_client.get(url))
    (title,) = [name for name in data if name.endswith("-0-title")]
    response = admin_client.post(url, {**data, title: "Broker\nX-Injected: 1"})
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    member.refresh_from_db()
    assert member.title == "Broker"


def test_an_import_refuses_a_line_break(admin_client):
    headers = ["slug", "name_en", "name_zh_hans", "kind", "country", "city_en", "city_zh_hans"]
    rows = [["tsinghua", "Tsinghua\r\nUniversity", "清华大学", "university", "CN", "Beijing", "北京"]]
    preview, result = run_import(admin_client, "haidian_organization", csv_bytes(headers, rows), "o.csv", CSV)
    assert result is None  # no confirm button when a row is invalid
    assert REFUSED in preview.content.decode()
    assert not Organization.objects.filter(slug="tsinghua").exists()


def test_the_public_inquiry_form_refuses_a_name_with_a_line_break(client):
    technology = factories.TechnologyFactory()
    response = client.post(f"/en/technologies/{technology.slug}/", {**INQUIRY, "name": "Kenji\r\nBcc: x@y.z"})
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert not Inquiry.objects.exists()


def test_a_title_stored_with_a_line_break_still_mails_the_inquiry(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """A title written before the rule (or by a data migration) reaches the subject as one line."""
    technology = factories.TechnologyFactory()
    Technology.objects.filter(pk=technology.pk).update(title_en=INJECTED)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/technologies/{technology.slug}/", INQUIRY)
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert mail.subject == "Inquiry about “Wafer optics Bcc: victim@example.org”"
    assert mail.message()["Bcc"] is None
