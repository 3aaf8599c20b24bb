"""Markup rules of docs/accessibility.md that need no browser: every ARIA reference names an element
that exists, forms post where focus stays, no empty form actions, <time datetime> values HTML accepts."""

import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db

# HTML's global date and time string: at most three digits of a fraction of a second.
VALID_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2}))?$")


class Markup(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.ids, self.references, self.actions, self.datetimes = set(), [], [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("aria-describedby", "aria-labelledby", "aria-controls"):
            self.references += [(name, ref) for ref in (attrs.get(name) or "").split()]
        if tag == "form":
            self.actions.append(attrs.get("action"))
        if tag == "time" and "datetime" in attrs:
            self.datetimes.append(attrs["datetime"])

    def dangling(self):
        return [(name, ref) for name, ref in self.references if ref not in self.ids]


@pytest.fixture
def listing():
    # Microseconds in the time stamps: Django's "c" format would have written six digits.
    verified = timezone.now().replace(microsecond=123456)
    return factories.TechnologyFactory(title_en="Wafer inspection optics", last_verified_at=verified)


def test_a_failed_inquiry_points_at_its_help_and_errors_and_keeps_focus_on_them(client, listing):
    response = client.post(listing.get_absolute_url(), {"name": "Kenji", "email": "nope", "message": "Short"})
    assert response.status_code == 400  # the form again, with its errors
    html = response.content.decode()
    markup = Markup(html)
    assert markup.dangling() == []
    assert ("aria-describedby", "id_message_helptext") in markup.references
    assert ("aria-describedby", "id_email_error") in markup.references
    # The fragment the form posts to is the error list itself, so the jump does not move focus away.
    assert markup.actions == [f"{listing.get_absolute_url()}#form-errors"]
    assert 'id="form-errors"' in html


def test_public_pages_have_no_empty_form_action_and_valid_time_stamps(client, listing):
    factories.ArticleFactory(published_at=timezone.now().replace(microsecond=654321))
    failures = []
    for path in (
        "/en/",
        "/en/technologies/",
        listing.get_absolute_url(),
        "/en/technologies/alerts/",
        "/en/agencies/",
        "/en/financing/products/",
        "/en/financing/needs/",
        "/en/news/",
    ):
        markup = Markup(client.get(path).content.decode())
        failures += [f"{path}: action={action!r}" for action in markup.actions if action == ""]
        failures += [
            f"{path}: datetime={value}" for value in markup.datetimes if not VALID_DATETIME.match(value)
        ]
        failures += [f"{path}: {name}={ref}" for name, ref in markup.dangling()]
    assert not failures
    assert "6543" not in client.get("/en/news/").content.decode()


def test_an_alert_form_error_describes_the_field(client):
    response = client.post("/en/technologies/alerts/", {"email": "not-an-address"})
    markup = Markup(response.content.decode())
    assert ("aria-describedby", "id_email_error") in markup.references
    assert markup.dangling() == []
