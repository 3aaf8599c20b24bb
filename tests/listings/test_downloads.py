"""Attachments reach the public only through the download view, and only while public."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from listings.downloads import content_disposition
from listings.models import TechnologyStatus
from tests import factories, samples

pytestmark = pytest.mark.django_db


def url(attachment, lang="en"):
    return f"/{lang}/technologies/{attachment.technology.slug}/attachments/{attachment.pk}/"


def test_public_attachment_of_a_published_listing_downloads(client):
    attachment = factories.AttachmentFactory(file=ContentFile(samples.PDF, name="技术简介 2025.pdf"))
    assert attachment.get_absolute_url() == url(attachment)
    response = client.get(url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"2025.pdf\"; filename*=UTF-8''%E6%8A%80%E6%9C%AF%E7%AE%80%E4%BB%8B%202025.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_head_and_chinese_site(client):
    attachment = factories.AttachmentFactory(file=ContentFile(samples.image("PNG"), name="图纸.png"))
    response = client.head(url(attachment, "zh-hans"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    "hide",
    [
        lambda a: setattr(a, "is_public", False) or a.save(),
        lambda a: (
            type(a.technology).objects.filter(pk=a.technology_id).update(status=TechnologyStatus.WITHDRAWN)
        ),
        lambda a: type(a.technology).objects.filter(pk=a.technology_id).update(status=TechnologyStatus.DRAFT),
        lambda a: (
            type(a.technology)
            .objects.filter(pk=a.technology_id)
            .update(expires_at=timezone.now() - timedelta(minutes=1))
        ),
    ],
    ids=["private", "withdrawn", "draft", "expired"],
)
def test_not_public_is_404(client, hide):
    attachment = factories.AttachmentFactory()
    hide(attachment)
    assert client.get(url(attachment)).status_code == 404


def test_wrong_listing_or_missing_file_is_404(client):
    attachment = factories.AttachmentFactory()
    other = factories.TechnologyFactory()
    assert client.get(f"/en/technologies/{other.slug}/attachments/{attachment.pk}/").status_code == 404
    attachment.file.storage.delete(attachment.file.name)
    assert client.get(url(attachment)).status_code == 404


def test_post_is_refused(client):
    attachment = factories.AttachmentFactory()
    assert client.post(url(attachment)).status_code == 405


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("brochure.pdf", "attachment; filename=\"brochure.pdf\"; filename*=UTF-8''brochure.pdf"),
        ('a"b;c\r\n.pdf', "attachment; filename=\"a_b_c.pdf\"; filename*=UTF-8''a%22b%3Bc.pdf"),
        (
            "C:\\fakepath\\brochure.pdf",
            "attachment; filename=\"brochure.pdf\"; filename*=UTF-8''brochure.pdf",
        ),
        ("../../etc/passwd.pdf", "attachment; filename=\"passwd.pdf\"; filename*=UTF-8''passwd.pdf"),
        ("", "attachment; filename=\"download\"; filename*=UTF-8''download"),
    ],
)
def test_content_disposition_is_safe(name, expected):
    assert content_disposition(name) == expected


def test_detail_page_and_api_link_the_view_not_media(client):
    attachment = factories.AttachmentFactory()
    factories.AttachmentFactory(technology=attachment.technology, title_en="Internal", is_public=False)
    html = client.get(attachment.technology.get_absolute_url()).content.decode()
    assert f'href="{url(attachment)}"' in html
    assert "/media/" not in html
    data = client.get(f"/api/v1/technologies/{attachment.technology.slug}/").json()
    [shown] = data["attachments"]
    assert shown["title"] == "Brochure"
    assert shown["file"] == f"http://testserver{url(attachment)}"
    assert (shown["content_type"], shown["size"]) == ("application/pdf", len(samples.PDF))
