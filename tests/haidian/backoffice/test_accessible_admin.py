"""The back office's own accessibility hooks (docs/accessibility.md), without a browser: the
widget-naming script on every page, labelled date and time inputs, no label for the hidden token."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_a_change_form_labels_what_people_see_and_nothing_else(center_client):
    technology = factories.TechnologyFactory()
    html = center_client.get(f"/admin/listings/technology/{technology.pk}/change/").content.decode()
    # The split date/time widget: "Date:" and "Time:" are labels of their inputs.
    assert '<label for="id_expires_at_0">' in html and '<label for="id_expires_at_1">' in html
    # The concurrency token is in the form, but no label points at it.
    assert 'name="concurrency_token"' in html
    assert 'for="id_concurrency_token"' not in html
    assert "admin/haidian/accessible-widgets.js" in html


def test_every_back_office_page_loads_the_stylesheet_and_the_script_once(center_client):
    for path in ("/admin/", "/admin/listings/technology/", "/admin/translations/missing/"):
        html = center_client.get(path).content.decode()
        assert html.count("admin/haidian/back-office.css") == 1, path
        assert html.count("admin/haidian/accessible-widgets.js") == 1, path
