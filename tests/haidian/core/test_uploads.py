"""Uploads are judged by their content, not by their name (haidian.core.uploads)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from haidian.core.uploads import IMAGE_TYPES, MAX_IMAGE_PIXELS, MAX_UPLOAD_BYTES, inspect_upload
from tests import samples

pytestmark = pytest.mark.django_db


def inspect(name, data, **kwargs):
    return inspect_upload(ContentFile(data, name=name), **kwargs)


@pytest.mark.parametrize(
    ("name", "data", "content_type", "extension"),
    [
        ("brochure.pdf", samples.PDF, "application/pdf", "pdf"),
        (
            "plan.docx",
            samples.ooxml("docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        (
            "figures.XLSX",
            samples.ooxml("xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        (
            "pitch.pptx",
            samples.ooxml("pptx"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "pptx",
        ),
        ("drawing.png", samples.image("PNG"), "image/png", "png"),
        ("photo.jpeg", samples.image("JPEG"), "image/jpeg", "jpg"),
        ("专利证书.jpg", samples.image("JPEG"), "image/jpeg", "jpg"),
    ],
)
def test_accepted_kinds_are_recognised_by_content(name, data, content_type, extension):
    file_type = inspect(name, data)
    assert (file_type.content_type, file_type.extension) == (content_type, extension)


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("empty.pdf", b"", "empty"),
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), "bad_type"),  # a Windows executable
        ("page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "bad_type"),
        ("polyglot.pdf", b"<html><script>alert(1)</script>" + samples.PDF, "bad_type"),
        ("script.docx", b"#!/bin/sh\nrm -rf /\n", "bad_type"),
        ("archive.docx", samples.plain_zip(), "bad_type"),
        (
            "macros.docx",
            samples.ooxml("docx", main_type="application/vnd.ms-word.document.macroEnabled.main+xml"),
            "bad_type",
        ),
        ("sheet.docx", samples.ooxml("xlsx"), "extension_mismatch"),
        ("drawing.pdf", samples.image("PNG"), "extension_mismatch"),
        ("photo.png", samples.image("JPEG"), "extension_mismatch"),
        ("brochure.exe", samples.PDF, "extension_mismatch"),
        ("brochure", samples.PDF, "extension_mismatch"),
        ("cut.pdf", samples.PDF[:80], "truncated"),
        ("cut.png", samples.image("PNG", (200, 200))[:150], "bad_image"),
        ("cut.jpg", samples.image("JPEG", (200, 200))[:400], "bad_image"),
        ("noise.png", b"\x89PNG\r\n\x1a\n" + bytes(300), "bad_image"),
    ],
)
def test_refused(name, data, code):
    with pytest.raises(ValidationError) as error:
        inspect(name, data)
    assert error.value.code == code


def test_a_package_declaring_an_entity_is_refused():
    """No entity expansion (billion laughs) from an uploaded [Content_Types].xml."""
    bomb = samples.ooxml(
        "docx",
        main_type='application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<!ENTITY a "aaaaaaaa"><Override PartName="/x" ContentType="&a;',
    )
    with pytest.raises(ValidationError):
        inspect("bomb.docx", bomb)


def test_too_large():
    file = ContentFile(samples.PDF, name="big.pdf")
    file.size = MAX_UPLOAD_BYTES + 1
    with pytest.raises(ValidationError) as error:
        inspect_upload(file)
    assert error.value.code == "too_large"


def test_decompression_bomb_is_refused_before_decoding(monkeypatch):
    """A tiny PNG that claims many pixels: refused from its header, before Pillow decodes it."""
    monkeypatch.setattr("haidian.core.uploads.MAX_IMAGE_PIXELS", 100)
    with pytest.raises(ValidationError) as error:
        inspect("wide.png", samples.image("PNG", (20, 20)))
    assert error.value.code == "too_many_pixels"
    assert MAX_IMAGE_PIXELS == 40_000_000


def test_images_only_where_images_are_asked_for():
    with pytest.raises(ValidationError) as error:
        inspect("brochure.pdf", samples.PDF, allowed=IMAGE_TYPES)
    assert error.value.code == "bad_type"
