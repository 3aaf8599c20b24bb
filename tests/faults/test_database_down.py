"""Database down (every connection attempt raises OperationalError): 503 with Retry-After in the
visitor's language, JSON on the API, and the inquiry form keeps the visitor's text."""

from unittest import mock

import pytest
from django.db import OperationalError

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(client):
    client.raise_request_exception = False
    refused = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection", side_effect=refused
    ):
        yield


# The Chinese page is checked by its language attribute and links: its text is translated in the
# catalogue (haidian/locale), which is regenerated after the merge.
@pytest.mark.parametrize(
    ("path", "marker"),
    [("/en/technologies/", 'lang="en"'), ("/zh-hans/technologies/", 'lang="zh-Hans"')],
)
def test_pages_answer_503_in_the_visitors_language(client, database_down, path, marker):
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert marker in body
    assert "The site is briefly unavailable" in body or "zh-Hans" in marker


def test_the_api_answers_503_in_json(client, database_down):
    response = client.get("/api/v1/technologies/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response.json()["status"] == 503


def test_the_inquiry_form_comes_back_with_the_visitors_text(client):
    technology = factories.TechnologyFactory()
    message = "We would like to license the battery separator for our Suzhou plant."
    form = {"name": "Li Wei", "email": "li@example.org", "country": "SE", "message": message, "consent": "on"}
    client.raise_request_exception = False
    refused = OperationalError("connection refused")
    with mock.patch(
        "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection", side_effect=refused
    ):
        response = client.post(technology.get_absolute_url(), form)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    body = response.content.decode()
    assert message in body and 'value="Li Wei"' in body and 'value="SE"' in body
    assert "try again in a minute" in body
    # Posts back to the listing, landing on the focused error list (WCAG: focus is not lost).
    assert f'action="{technology.get_absolute_url()}#form-errors"' in body


def test_other_database_errors_are_still_500(client):
    """A bug (here a programming error) is not dressed up as a passing outage."""
    from django.db import ProgrammingError

    client.raise_request_exception = False
    with mock.patch("haidian.site.views._agency_growth", side_effect=ProgrammingError("no such column")):
        response = client.get("/en/")
    assert response.status_code == 500
