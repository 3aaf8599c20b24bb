"""Abuse: floods of inquiries answer 429 in the visitor's language; repeated failed sign-ins lock
that account from that address with a clear page; CSRF is enforced on the admin, the language
switch and every public form. (API throttling: tests/haidian/site/api/test_bad_input.py.)"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from listings.models import Inquiry
from tests import factories

from .targets import concrete_paths, post_forms

pytestmark = pytest.mark.django_db
LOGIN = reverse("admin:login")
PASSWORD = "correct horse battery staple"  # tests/factories.py
INQUIRY = {
    "name": "Kenji Sato",
    "email": "kenji@minato.example",
    "message": "We would like to discuss a licence for our Osaka fab.",
    "consent": "on",
}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "You have sent several inquiries in a short time. Please try again in an hour."),
        ("zh-hans", "您在短时间内发送了多条咨询，请一小时后再试。"),
    ],
    ids=["en", "zh-hans"],
)
def test_an_inquiry_flood_answers_429_in_the_visitors_language(client, settings, language, message):
    settings.INQUIRY_RATE_LIMIT = 3
    listing = factories.TechnologyFactory()
    path = f"/{language}/technologies/{listing.slug}/"
    statuses = [client.post(path, INQUIRY, REMOTE_ADDR="198.51.100.20").status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    response = client.post(path, INQUIRY, REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 429
    html = response.content.decode()
    assert message in html and 'role="alert"' in html
    assert 'value="Kenji Sato"' in html  # what was typed is kept for later
    assert Inquiry.objects.count() == 3


@pytest.fixture
def axes(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    return factories.StaffUserFactory(username="clerk")


def _sign_in(client, password, address="198.51.100.7", username="clerk"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_repeated_failed_sign_ins_lock_the_account_with_a_clear_page(client, axes):
    for _ in range(2):
        assert _sign_in(client, "wrong").status_code == 200  # the form again, with its error
    locked = _sign_in(client, "wrong")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Sign-in is locked after 3 failed attempts." in html
    assert "Try again in 60 minutes, or ask a center administrator to unlock your account." in html
    assert 'class="errornote" role="alert"' in html and "<title>Sign-in locked" in html
    # Locked even with the right password, and the session stays anonymous.
    assert _sign_in(client, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_holds_one_account_at_one_address(client, axes):
    """An attacker cannot lock the staff out from elsewhere, nor others from that address."""
    factories.StaffUserFactory(username="other")
    for _ in range(3):
        _sign_in(client, "wrong")
    assert _sign_in(client, PASSWORD).status_code == 429
    assert _sign_in(Client(), PASSWORD, address="203.0.113.5").status_code == 302
    assert _sign_in(Client(), PASSWORD, username="other").status_code == 302


def test_behind_a_proxy_the_lockout_holds_the_real_client_and_not_the_proxy(client, axes, settings):
    """With one proxy, the address it appended to X-Forwarded-For counts: a forged left part
    does not escape the lock, and another visitor through the same proxy is not locked."""
    settings.TRUSTED_PROXY_COUNT = 1

    def through_proxy(password, forwarded):
        return client.post(
            LOGIN,
            {"username": "clerk", "password": password},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for n in range(3):
        through_proxy("wrong", f"192.0.2.{n}, 198.51.100.7")
    assert through_proxy(PASSWORD, "192.0.2.99, 198.51.100.7").status_code == 429
    assert (
        Client()
        .post(
            LOGIN,
            {"username": "clerk", "password": PASSWORD},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
        .status_code
        == 302
    )


def _token(client, path):
    response = client.get(path)
    return TOKEN.search(response.content.decode())[1]


def test_csrf_is_enforced_on_admin_sign_in():
    factories.StaffUserFactory(username="clerk", is_superuser=True)
    client = Client(enforce_csrf_checks=True)
    assert client.post(LOGIN, {"username": "clerk", "password": PASSWORD}).status_code == 403
    assert "_auth_user_id" not in client.session
    token = _token(client, LOGIN)
    data = {"username": "clerk", "password": PASSWORD, "csrfmiddlewaretoken": token}
    assert client.post(LOGIN, data).status_code == 302


def test_csrf_is_enforced_on_an_admin_change_form():
    user = get_user_model().objects.create_superuser("chief", "chief@example.org", "x")
    sector = factories.SectorFactory(name_en="Genomics")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    url = reverse("admin:haidian_sector_change", args=[sector.pk])
    data = {"name_en": "Hijacked", "slug": sector.slug, "position": 0}
    assert client.post(url, data).status_code == 403
    sector.refresh_from_db()
    assert sector.name_en == "Genomics"
    assert client.post(url, {**data, "csrfmiddlewaretoken": _token(client, url)}).status_code != 403


def test_csrf_is_enforced_on_the_language_switch():
    client = Client(enforce_csrf_checks=True)
    data = {"language": "zh-hans", "next": "/en/technologies/"}
    assert client.post(reverse("set_language"), data).status_code == 403
    token = _token(client, factories.TechnologyFactory().get_absolute_url())  # a page with a form
    response = client.post(reverse("set_language"), {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response.url == "/zh-hans/technologies/"


def test_csrf_is_enforced_on_every_public_form(world, no_rate_limits):
    """Every public POST form carries a CSRF token and is refused without it. The one form without
    a token (the search-alert form on the cached technology list, see listings/alert_views.py)
    refuses a post whose Origin is another site."""
    client = Client(enforce_csrf_checks=True)
    checked = set()
    for paths in concrete_paths(Client()).values():
        for form in post_forms(paths[0], client.get(paths[0]).content.decode()):
            data = dict.fromkeys(form.fields, "x") | INQUIRY
            if form.has_csrf_token:
                assert client.post(form.action, data).status_code == 403, form.action
            else:
                forged = client.post(form.action, data, HTTP_ORIGIN="https://evil.example.net")
                assert forged.status_code == 403, form.action
            checked.add((form.action, form.has_csrf_token))
    assert sum(has_token for _action, has_token in checked) >= 2  # inquiry forms, both languages
    assert Inquiry.objects.count() == 0
