"""Links in API objects: reversed once per language and filled in per object, they must still be
exactly the URLs that reverse() and get_absolute_url() give, for every object and language."""

import pytest
from django.urls import reverse
from django.utils import translation

from listings.models import Technology
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_row_links_to_its_own_api_object_and_web_page(get, language):
    f.TechnologyFactory.create_batch(3)
    f.ContractFactory.create_batch(2)

    technologies = get("/api/v1/technologies/", {"lang": language}).json()["results"]
    contracts = get("/api/v1/contracts/", {"lang": language}).json()["results"]

    assert len(technologies) == 3 and len(contracts) == 2
    with translation.override(language):
        for row in technologies:
            listing = Technology.objects.get(slug=row["slug"])
            assert row["url"] == "http://testserver" + reverse("api:technology-detail", args=[listing.slug])
            assert row["web_url"] == "http://testserver" + listing.get_absolute_url()
            assert row["owner"]["url"] == "http://testserver" + reverse(
                "api:organization-detail", args=[listing.owner.slug]
            )
        for row in contracts:
            assert row["url"] == "http://testserver" + reverse("api:contract-detail", args=[row["reference"]])
    assert technologies[0]["web_url"].startswith(f"http://testserver/{language}/")


def test_links_follow_the_host_and_scheme_of_the_request(get, settings):
    settings.ALLOWED_HOSTS = ["api.example.org"]
    listing = f.TechnologyFactory()

    row = get("/api/v1/technologies/", HTTP_HOST="api.example.org", secure=True).json()["results"][0]

    assert row["url"] == f"https://api.example.org/api/v1/technologies/{listing.slug}/"
