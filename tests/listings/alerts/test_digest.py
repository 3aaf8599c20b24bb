"""send_search_alerts: each active alert gets the listings published since its last digest that its
search finds (the list page's own search), in its language, with a one-click unsubscribe."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haidian.core.models import MessageStatus, OutboundMessage
from listings.alerts import digest_listings
from listings.models import SearchSubscription, TechnologyKind, TechnologyStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def genomics():
    parent = factories.SectorFactory(slug="biomedicine", name_en="Biomedicine")
    return factories.SectorFactory(
        slug="genomics", name_en="Genomics", name_zh_hans="基因组学", parent=parent
    )


def run(**kwargs):
    # The job queues the digests; the worker (here: the immediate backend) delivers them on commit.
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_search_alerts", base_url="https://ittc.example.org", **kwargs)


def test_a_digest_lists_new_matching_listings_only(alert, genomics, mailoutbox):
    subscription = alert("kind=offer&sector=biomedicine")
    factories.TechnologyFactory(title_en="Nanopore sequencer", sectors=[genomics])  # child sector: in
    factories.TechnologyFactory(title_en="Wanted sequencer", kind=TechnologyKind.NEED, sectors=[genomics])
    factories.TechnologyFactory(title_en="Lidar", sectors=[factories.SectorFactory()])
    factories.TechnologyFactory(
        title_en="Old sequencer", sectors=[genomics], published_at=timezone.now() - timedelta(days=5)
    )
    factories.TechnologyFactory(
        title_en="Draft sequencer", sectors=[genomics], status=TechnologyStatus.DRAFT, published_at=None
    )
    run()
    (mail,) = mailoutbox
    assert mail.to == [subscription.email]
    assert "Nanopore sequencer" in mail.body
    for absent in ("Wanted sequencer", "Lidar", "Old sequencer", "Draft sequencer"):
        assert absent not in mail.body
    unsubscribe = f"https://ittc.example.org/en/technologies/alerts/{subscription.token}/unsubscribe/"
    assert mail.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in mail.body
    assert "https://ittc.example.org/en/technologies/?kind=offer&sector=biomedicine" in mail.body
    assert "https://ittc.example.org/en/technologies/technology-" in mail.body


def test_words_are_searched_as_on_the_list_page(alert, client, mailoutbox):
    alert("q=sequencer")
    factories.TechnologyFactory(title_en="Nanopore sequencer")
    factories.TechnologyFactory(title_en="Lidar scanner")
    run()
    assert "Nanopore sequencer" in mailoutbox[0].body and "Lidar" not in mailoutbox[0].body
    page = client.get("/en/technologies/?q=sequencer").content.decode()
    assert "Nanopore sequencer" in page and "Lidar scanner" not in page


def test_the_digest_and_the_list_page_agree(alert, client, genomics):
    """One search for both: every listing of the digest is on the list page of the same search."""
    subscription = alert("q=sequencer&sector=genomics&trl=6")
    factories.TechnologyFactory(title_en="Nanopore sequencer", sectors=[genomics])
    factories.TechnologyFactory(title_en="Nanopore sequencer, mature", sectors=[genomics], trl=9)
    factories.TechnologyFactory(title_en="Sequencer elsewhere", sectors=[factories.SectorFactory()])
    digest = [t.title_en for t in digest_listings(subscription, until=timezone.now(), limit=20)]
    assert digest == ["Nanopore sequencer"]
    assert "1 technology" in client.get(f"/en/technologies/?{subscription.query}").content.decode()


def test_only_active_alerts_get_digests_and_empty_ones_are_skipped(alert, mailoutbox):
    alert(confirmed=False, email="pending@example.org")
    left = alert(email="left@example.org")
    SearchSubscription.objects.filter(pk=left.pk).update(unsubscribed_at=timezone.now())
    alert("kind=need", email="nothing-new@example.org")
    active = alert(email="active@example.org")
    factories.TechnologyFactory()
    run()
    assert [mail.to for mail in mailoutbox] == [[active.email]]


def test_running_again_sends_nothing_new(alert, mailoutbox):
    subscription = alert()
    factories.TechnologyFactory(title_en="First")
    run()
    subscription.refresh_from_db()
    assert subscription.last_sent_at is not None
    run()
    assert len(mailoutbox) == 1
    factories.TechnologyFactory(title_en="Second", published_at=timezone.now())
    run()
    assert len(mailoutbox) == 2 and "Second" in mailoutbox[1].body and "First" not in mailoutbox[1].body


def test_nothing_published_before_the_confirmation(alert, mailoutbox):
    alert(days=0)
    factories.TechnologyFactory()  # a day old
    run()
    assert not mailoutbox


def test_a_chinese_alert_gets_chinese_titles_and_links(alert, genomics, mailoutbox):
    alert("sector=genomics", language="zh-hans")
    factories.TechnologyFactory(
        title_en="Nanopore sequencer", title_zh_hans="纳米孔测序仪", sectors=[genomics]
    )
    run()
    body = mailoutbox[0].body
    assert "纳米孔测序仪" in body and "基因组学" in body and "Nanopore" not in body
    assert "https://ittc.example.org/zh-hans/technologies/" in body


def test_a_long_digest_stops_with_a_link_to_the_rest(alert, mailoutbox, settings):
    settings.SEARCH_ALERT_DIGEST_ITEMS = 2
    alert()
    for n in range(3):
        factories.TechnologyFactory(
            title_en=f"Listing {n}", published_at=timezone.now() - timedelta(hours=n + 1)
        )
    run()
    body = mailoutbox[0].body
    assert "Listing 0" in body and "Listing 1" in body and "Listing 2" not in body
    assert "More new listings match" in body


def test_a_failed_send_is_retried_by_the_worker_and_never_queued_twice(alert, mailoutbox, monkeypatch):
    subscription = alert()
    factories.TechnologyFactory()

    def fail(self, *args, **kwargs):
        raise OSError("mail server down")

    from django.core.mail.backends.locmem import EmailBackend

    monkeypatch.setattr(EmailBackend, "send_messages", fail)
    run()  # the job itself does not fail: the e-mail waits in the queue
    (message,) = OutboundMessage.objects.filter(kind="alert-digest")
    assert message.status == MessageStatus.QUEUED and "mail server down" in message.last_error
    assert message.next_attempt_at is not None
    subscription.refresh_from_db()
    assert subscription.last_sent_at is not None
    monkeypatch.undo()
    run()
    assert OutboundMessage.objects.filter(kind="alert-digest").count() == 1
    OutboundMessage.objects.update(next_attempt_at=timezone.now())  # its backoff has passed
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("mail_queue", "--requeue", stdout=StringIO())
    assert len(mailoutbox) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and message.attempts == 2


def queries():
    cache.clear()  # the sectors are read once per run (then cached)
    with CaptureQueriesContext(connection) as captured, TestCase.captureOnCommitCallbacks(execute=False):
        call_command("send_search_alerts", base_url="https://ittc.example.org")
    return len(captured)


def test_queries_per_alert_are_bounded(alert, genomics):
    """1 the alerts long unconfirmed (none to delete); 2 the active alerts; 3 the sectors; then
    per alert: its new listings (with owners; on PostgreSQL after a LIMITed count of the exact
    matches, which decides whether typo-tolerant ones join, and the read of the ranked matches,
    listings.search), the country and the agency named by
    its search (for the e-mail), its last_sent_at; and queuing its e-mail: a savepoint around the
    alert (2), the message's key looked up, its row stored in a savepoint (3). The same for one
    listing found or ten."""
    per_alert = 12 if connection.vendor == "postgresql" else 10
    agency = factories.AgencyFactory(slug="bio-agency")
    query = "agency=bio-agency&country=CN&q=sequencer&sector=genomics"
    alert(query)
    factories.TechnologyFactory(title_en="Sequencer 0", sectors=[genomics], agency=agency)
    assert queries() == 3 + per_alert
    SearchSubscription.objects.update(last_sent_at=None)
    for n in range(1, 10):
        factories.TechnologyFactory(title_en=f"Sequencer {n}", sectors=[genomics], agency=agency)
    alert(query, email="second@example.org")
    alert(query, email="third@example.org")
    assert queries() == 3 + 3 * per_alert
    messages = list(OutboundMessage.objects.order_by("pk"))
    assert len(messages) == 4 and all("Sequencer 9" in message.body_text for message in messages[1:])


def test_alerts_never_confirmed_are_deleted_after_a_month(alert, settings):
    settings.SEARCH_ALERT_UNCONFIRMED_DAYS = 30
    old = alert(confirmed=False, days=31, email="old@example.org")
    recent = alert(confirmed=False, days=29, email="recent@example.org")
    left_long_ago = alert(days=60, email="left@example.org")
    SearchSubscription.objects.filter(pk=left_long_ago.pk).update(unsubscribed_at=timezone.now())
    run()
    assert not SearchSubscription.objects.filter(pk=old.pk).exists()
    assert set(SearchSubscription.objects.values_list("email", flat=True)) == {
        recent.email,
        left_long_ago.email,
    }
