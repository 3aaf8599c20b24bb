"""Attachments and article images: checked on every path, stored under random names, files removed
only once a deletion commits."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from listings.models import Attachment
from tests import factories, samples

pytestmark = pytest.mark.django_db


def test_full_clean_records_the_checked_type_and_stores_under_a_random_name():
    technology = factories.TechnologyFactory()
    attachment = Attachment(
        technology=technology,
        title_en="Patent certificate",
        file=SimpleUploadedFile("../专利 证书.JPEG", samples.image("JPEG")),
    )
    attachment.full_clean()
    attachment.save()
    attachment.refresh_from_db()
    assert attachment.original_name == "专利 证书.JPEG"
    assert attachment.content_type == "image/jpeg"
    assert attachment.size == len(samples.image("JPEG"))
    assert re.fullmatch(r"attachments/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", attachment.file.name)
    assert attachment.file.storage.exists(attachment.file.name)


def test_full_clean_reports_the_content_error_on_the_file_field():
    attachment = Attachment(
        technology=factories.TechnologyFactory(),
        title_en="Brochure",
        file=SimpleUploadedFile("brochure.pdf", b"<html><script>alert(1)</script></html>"),
    )
    with pytest.raises(ValidationError) as error:
        attachment.full_clean()
    assert list(error.value.message_dict) == ["file"]
    assert "whatever its name says" in error.value.message_dict["file"][0]


def test_save_without_full_clean_checks_too():
    """Scripts, the shell and imports that skip full_clean() cannot store an unchecked file."""
    with pytest.raises(ValidationError):
        factories.AttachmentFactory(file=ContentFile(samples.plain_zip(), name="report.docx"))
    assert not Attachment.objects.exists()


def test_the_stored_extension_comes_from_the_content():
    attachment = factories.AttachmentFactory(file=ContentFile(samples.ooxml("pptx"), name="Pitch.PPTX"))
    assert attachment.file.name.endswith(".pptx")
    assert attachment.original_name == "Pitch.PPTX"


def test_admin_inline_upload_refuses_a_renamed_file(admin_client):
    technology = factories.TechnologyFactory(status="draft", published_at=None)
    url = reverse("admin:listings_attachment_add")
    response = admin_client.post(
        url,
        {
            "technology": technology.pk,
            "title_en": "Drawing",
            "title_zh_hans": "图纸",
            "file": SimpleUploadedFile("drawing.pdf", samples.image("PNG")),
            "is_public": "on",
            "position": 0,
            "machine_translated": "[]",
        },
    )
    assert response.status_code == 200
    assert "rename it to .png" in response.content.decode()
    assert not Attachment.objects.exists()


def test_article_image_is_checked_and_renamed():
    article = factories.ArticleFactory(image=ContentFile(samples.image("PNG"), name="<b>photo</b>.png"))
    assert re.fullmatch(r"articles/\d{4}/[0-9a-f]{32}\.png", article.image.name)
    with pytest.raises(ValidationError):
        factories.ArticleFactory(image=ContentFile(samples.PDF, name="photo.png"))
    with pytest.raises(ValidationError):
        factories.ArticleFactory(image=ContentFile(samples.PDF, name="brochure.pdf"))


def test_file_removed_after_the_deletion_commits(django_capture_on_commit_callbacks):
    attachment = factories.AttachmentFactory()
    storage, name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        attachment.delete()
    assert storage.exists(name), "not before the commit"
    for callback in callbacks:
        callback()
    assert not storage.exists(name)


def test_file_kept_when_the_deletion_rolls_back(django_capture_on_commit_callbacks):
    attachment = factories.AttachmentFactory()
    pk, storage, name = attachment.pk, attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            attachment.delete()
            raise RuntimeError("rolled back")
    assert storage.exists(name)
    assert Attachment.objects.filter(pk=pk).exists()


def test_replaced_file_removed_after_commit(django_capture_on_commit_callbacks):
    attachment = factories.AttachmentFactory()
    storage, old = attachment.file.storage, attachment.file.name
    attachment.file = ContentFile(samples.image("PNG"), name="new.png")
    with django_capture_on_commit_callbacks(execute=True):
        attachment.save()
    assert not storage.exists(old)
    assert storage.exists(attachment.file.name) and attachment.content_type == "image/png"
