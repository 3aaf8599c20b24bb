from datetime import timedelta

import pytest
from django.utils import timezone

from listings.models import SearchSubscription
from tests import factories


@pytest.fixture
def alert(db):
    """``alert(query, days=2, **fields)``: an alert confirmed ``days`` ago (listings the factory
    publishes a day ago are new to it)."""

    def make(query="", *, days=2, **fields):
        subscription = factories.SearchSubscriptionFactory(query=query, **fields)
        past = timezone.now() - timedelta(days=days)
        confirmed = past if subscription.confirmed_at else None
        SearchSubscription.objects.filter(pk=subscription.pk).update(created_at=past, confirmed_at=confirmed)
        subscription.refresh_from_db()
        return subscription

    return make
