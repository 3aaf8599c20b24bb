"""The disk or the storage fails while a file is uploaded: a clear error on the form, and no row
pointing at a file that was never written."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from listings.models import Attachment
from tests import factories, samples

pytestmark = pytest.mark.django_db

DISK_FULL = OSError(28, "No space left on device")


@pytest.fixture
def storage_fails():
    with mock.patch("django.core.files.storage.FileSystemStorage._save", side_effect=DISK_FULL):
        yield


def test_admin_upload_shows_a_form_error_and_stores_no_row(admin_client, storage_fails):
    technology = factories.TechnologyFactory(status="draft", published_at=None)
    response = admin_client.post(
        reverse("admin:listings_attachment_add"),
        {
            "technology": technology.pk,
            "title_en": "Drawing",
            "title_zh_hans": "图纸",
            "file": SimpleUploadedFile("drawing.pdf", samples.PDF),
            "is_public": "on",
            "position": 0,
            "machine_translated": "[]",
        },
    )
    assert response.status_code == 200
    assert "The file could not be stored" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_script_gets_a_validation_error_not_a_half_saved_row(storage_fails):
    technology = factories.TechnologyFactory()
    attachment = Attachment(
        technology=technology, title_en="Brochure", file=SimpleUploadedFile("brochure.pdf", samples.PDF)
    )
    with pytest.raises(ValidationError) as error:
        attachment.save()
    assert list(error.value.message_dict) == ["file"]
    assert not Attachment.objects.exists()


def test_a_replaced_file_is_still_removed_after_the_commit(django_capture_on_commit_callbacks):
    """Storing at validation time must not lose track of the file the new one replaces."""
    attachment = factories.AttachmentFactory()
    storage, old_name = attachment.file.storage, attachment.file.name
    attachment.file = SimpleUploadedFile("brochure.pdf", samples.PDF)
    with django_capture_on_commit_callbacks(execute=True):
        attachment.full_clean()
        attachment.save()
    assert not storage.exists(old_name)
    assert storage.exists(attachment.file.name)
