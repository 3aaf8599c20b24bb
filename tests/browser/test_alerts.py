"""Search alerts in a real browser: subscribe on the technology list, confirm from the link in the
e-mail, unsubscribe with the button; screenshots of each step in both languages and on a phone."""

import re

import pytest

from listings.models import SearchSubscription
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def search():
    genomics = factories.SectorFactory(slug="genomics", name_en="Genomics", name_zh_hans="基因组学")
    factories.TechnologyFactory(
        title_en="Nanopore sequencer", title_zh_hans="纳米孔测序仪", sectors=[genomics]
    )
    return "/{lang}/technologies/?sector=genomics&kind=offer"


def link(mail) -> str:
    return re.search(r"https?://\S+/confirm/", mail.body).group(0)


@pytest.mark.parametrize(("lang", "width"), [("en", 1280), ("zh-hans", 375)])
def test_subscribe_confirm_unsubscribe(visit, search, mailoutbox, lang, width):
    visitor = visit(width=width)
    page = visitor.page
    visitor.goto(search.format(lang=lang))
    alert_link = page.locator(".alert-panel a.button")
    alert_link.scroll_into_view_if_needed()
    visitor.screenshot(f"alerts-1-list-panel-{lang}-{width}")
    alert_link.click()
    page.wait_for_url(re.compile(r"/technologies/alerts/\?"))
    form = page.locator("form", has=page.locator('input[name="email"]'))
    visitor.screenshot(f"alerts-1-subscribe-form-{lang}-{width}")
    page.fill('input[name="email"]', "reader@example.org")
    form.locator('button[type="submit"]').click()
    page.wait_for_url(re.compile(r"/technologies/alerts/sent/$"))
    visitor.screenshot(f"alerts-2-check-your-email-{lang}-{width}")

    subscription = SearchSubscription.objects.get()
    assert (subscription.email, subscription.query, subscription.language) == (
        "reader@example.org",
        "kind=offer&sector=genomics",
        lang,
    )
    assert subscription.confirmed_at is None
    (mail,) = mailoutbox
    confirm = link(mail)
    assert f"/{lang}/technologies/alerts/{subscription.token}/confirm/" in confirm

    visitor.page.goto(confirm)
    visitor.screenshot(f"alerts-3-confirm-{lang}-{width}")
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None  # opening the link alone confirms nothing
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("main h1")
    visitor.screenshot(f"alerts-4-confirmed-{lang}-{width}")
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None and SearchSubscription.objects.active().count() == 1

    page.locator(f'a[href$="/alerts/{subscription.token}/unsubscribe/"]').click()
    page.wait_for_url(re.compile(r"/unsubscribe/$"))
    visitor.screenshot(f"alerts-5-unsubscribe-{lang}-{width}")
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is None  # the page alone unsubscribes nothing
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("main h1")
    visitor.screenshot(f"alerts-6-unsubscribed-{lang}-{width}")
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None and not SearchSubscription.objects.active().exists()

    assert visitor.problems == []
    assert visitor.horizontal_overflow() <= 0


def test_alert_pages_pass_axe(visit, search, alert_token):
    visitor = visit()
    failures = {}
    for path in (
        search.format(lang="en"),
        "/en/technologies/alerts/?sector=genomics",
        f"/en/technologies/alerts/{alert_token}/confirm/",
        f"/en/technologies/alerts/{alert_token}/unsubscribe/",
    ):
        visitor.goto(path)
        violations = visitor.axe()
        if violations:
            failures[path] = violations
    assert failures == {}


@pytest.fixture
def alert_token():
    return factories.SearchSubscriptionFactory(query="sector=genomics", confirmed=False).token
