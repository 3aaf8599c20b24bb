"""Rules of the listing models, each tested on its own (and fast, for mutation testing): the
attachment size limit, the keyword list, an offer's export markets."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from listings.models.technologies import ATTACHMENT_MAX_BYTES, Technology, validate_attachment_size
from tests import factories


def test_an_attachment_may_be_10_mb_and_no_more():
    assert ATTACHMENT_MAX_BYTES == 10 * 1024 * 1024
    validate_attachment_size(SimpleNamespace(size=ATTACHMENT_MAX_BYTES))
    with pytest.raises(ValidationError) as refused:
        validate_attachment_size(SimpleNamespace(size=ATTACHMENT_MAX_BYTES + 1))
    assert refused.value.messages == ["The file is larger than 10 MB."]


@pytest.mark.django_db
def test_export_markets_are_the_target_countries_but_the_owners_own():
    offer = factories.TechnologyFactory(target_countries=["SE", "CN", "JP"])
    assert offer.owner.country_id == "CN"
    assert [country.code for country in offer.export_markets()] == ["JP", "SE"]


def test_keywords_split_on_ascii_and_full_width_commas():
    listing = Technology(keywords_en="芯片，传感器, AI ,，")
    assert listing.keyword_list() == ["芯片", "传感器", "AI"]
