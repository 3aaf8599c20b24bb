"""Uploaded files judged by their content, never by their name.

Five formats are accepted anywhere on the site: PDF, the three OOXML Office formats (DOCX, XLSX,
PPTX) and PNG and JPEG images. Each is recognised by what the bytes are:

- PDF: ``%PDF-`` at the very start (no HTML or executable in front of it) and ``%%EOF`` near the
  end (a truncated upload is refused);
- OOXML: a well-formed zip whose ``[Content_Types].xml`` declares the main part of that very type
  (a plain zip, a macro-enabled ``.docm`` or an ``.xlsx`` renamed ``.docx`` are refused); the zip's
  declared uncompressed size and entry count are bounded (zip bombs);
- PNG / JPEG: opened and fully decoded by Pillow (corrupt or truncated images are refused), with
  a pixel-count limit checked from the header before decoding (decompression bombs).

The uploader's file name must agree with the content (``report.pdf`` that is a PNG is refused), and
files are stored under the extension of the detected type. The checks are a few dozen lines of the
standard library plus Pillow, which the project already has: libmagic (python-magic) is not on
every machine, and puremagic / filetype recognise OOXML by file names inside the zip, not by the
main part's declared content type.
"""

import logging
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
#: An image larger than this is refused before it is decoded (about 8000 x 5000).
MAX_IMAGE_PIXELS = 40_000_000
#: An Office file whose parts would unpack to more than this, or with more parts, is refused.
MAX_ZIP_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 5_000
MAX_CONTENT_TYPES_BYTES = 1024 * 1024


@dataclass(frozen=True)
class FileType:
    content_type: str
    #: The extension the file is stored under; ``extensions`` are the names an uploader may use.
    extension: str
    extensions: frozenset[str]
    label: str
    is_image: bool = False


PDF = FileType("application/pdf", "pdf", frozenset({"pdf"}), "PDF")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "docx",
    frozenset({"docx"}),
    "Word (DOCX)",
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsx",
    frozenset({"xlsx"}),
    "Excel (XLSX)",
)
PPTX = FileType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pptx",
    frozenset({"pptx"}),
    "PowerPoint (PPTX)",
)
PNG = FileType("image/png", "png", frozenset({"png"}), "PNG", is_image=True)
JPEG = FileType("image/jpeg", "jpg", frozenset({"jpg", "jpeg"}), "JPEG", is_image=True)

DOCUMENT_TYPES = (PDF, DOCX, XLSX, PPTX, PNG, JPEG)
IMAGE_TYPES = (PNG, JPEG)
BY_CONTENT_TYPE = {file_type.content_type: file_type for file_type in DOCUMENT_TYPES}

# The content type [Content_Types].xml gives the main part of each OOXML format.
OOXML_MAIN_PARTS = {
    f"{DOCX.content_type}.main+xml": DOCX,
    f"{XLSX.content_type}.main+xml": XLSX,
    f"{PPTX.content_type}.main+xml": PPTX,
}
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _read_all(file) -> bytes:
    file.seek(0)
    data = file.read(MAX_UPLOAD_BYTES + 1)
    file.seek(0)
    return data


def _refuse(message, code: str):
    raise ValidationError(message, code=code)


def _detect(data: bytes, file) -> FileType | None:
    """The type the bytes are, or None when they are none of the accepted formats."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _ooxml_type(file)
    return None


def _ooxml_type(file) -> FileType | None:
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES or (
                sum(entry.file_size for entry in entries) > MAX_ZIP_UNCOMPRESSED_BYTES
            ):
                _refuse(_("The Office document unpacks to an implausible size."), "zip_bomb")
            try:
                info = archive.getinfo("[Content_Types].xml")
            except KeyError:
                return None  # a zip, but not an Office document
            if info.file_size > MAX_CONTENT_TYPES_BYTES:
                return None
            manifest = archive.read(info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, OSError):
        return None
    finally:
        file.seek(0)
    if b"<!DOCTYPE" in manifest or b"<!ENTITY" in manifest:
        return None  # no entity expansion from an uploaded file
    try:
        root = ElementTree.fromstring(manifest)  # noqa: S314 - bounded size, no DTD (checked above)
    except ElementTree.ParseError:
        return None
    main_types = {
        element.get("ContentType", "").strip().lower() for element in root.iter(f"{CONTENT_TYPES_NS}Override")
    }
    found = {OOXML_MAIN_PARTS[name] for name in main_types if name in OOXML_MAIN_PARTS}
    return found.pop() if len(found) == 1 else None


def _check_pdf(data: bytes) -> None:
    if b"%%EOF" not in data[-2048:]:
        _refuse(_("The PDF file is incomplete (it has no end marker): upload it again."), "truncated")


def _check_image(file, file_type: FileType) -> tuple[int, int]:
    from PIL import Image, UnidentifiedImageError

    try:
        file.seek(0)
        with Image.open(file, formats=[file_type.label]) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                _refuse(
                    _("The image is %(width)d × %(height)d pixels: at most %(max)d million pixels.")
                    % {"width": width, "height": height, "max": MAX_IMAGE_PIXELS // 1_000_000},
                    "too_many_pixels",
                )
            image.verify()
        # verify() checks structure and checksums but not every pixel; decoding reads the lot
        # (a truncated JPEG only shows here). verify() leaves the image unusable, hence a reopen.
        file.seek(0)
        with Image.open(file, formats=[file_type.label]) as image:
            image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        _refuse(_("The image has too many pixels to be opened safely."), "too_many_pixels")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        _refuse(_("The image is damaged or incomplete: open it, save it again and upload it."), "bad_image")
    finally:
        file.seek(0)
    return width, height


def inspect_upload(file, *, allowed=DOCUMENT_TYPES, name: str | None = None) -> FileType:
    """The type of an uploaded ``file`` (a Django ``File``), after every check; ValidationError if any fails.

    ``name`` is the uploader's file name (the file's own name by default); its extension must
    name the type the content is.
    """
    name = PurePosixPath(name if name is not None else (file.name or "")).name
    size = file.size
    if not size:
        _refuse(_("The file is empty."), "empty")
    if size > MAX_UPLOAD_BYTES:
        _refuse(
            _("The file is %(size)s: at most %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(MAX_UPLOAD_BYTES)},
            "too_large",
        )
    data = _read_all(file)
    file_type = _detect(data, file)
    accepted = ", ".join(t.label for t in allowed)
    if file_type is None or file_type not in allowed:
        _refuse(
            _("This file is not one of the accepted kinds (%(kinds)s), whatever its name says.")
            % {"kinds": accepted},
            "bad_type",
        )
    extension = PurePosixPath(name).suffix.lower().lstrip(".")
    if extension not in file_type.extensions:
        _refuse(
            _(
                "The file's content is %(kind)s, but its name ends in “.%(extension)s”: "
                "rename it to .%(expected)s."
            )
            % {"kind": file_type.label, "extension": extension, "expected": file_type.extension},
            "extension_mismatch",
        )
    if file_type is PDF:
        _check_pdf(data)
    elif file_type.is_image:
        _check_image(file, file_type)
    return file_type


def clean_original_name(name: str) -> str:
    """The uploader's file name, kept for the download: no folders, no control characters, 255 at most."""
    name = PurePosixPath(str(name).replace("\\", "/")).name
    name = "".join(ch for ch in name if ch.isprintable()).strip().strip(".")
    if len(name) > 255:
        suffix = PurePosixPath(name).suffix[:16]
        name = name[: 255 - len(suffix)] + suffix
    return name


class CheckedUploadsMixin:
    """A model whose file fields accept only the types named in ``checked_uploads``, checked by content.

    The check runs in ``full_clean()`` (forms, the admin, imports: errors show on the field) and
    again in ``save()`` for a file nobody checked (scripts, the shell, fixtures), so no path stores
    an unchecked file. A checked file is stored under a random name with the extension of its
    detected type; ``upload_checked`` lets the model record what it needs.
    """

    checked_uploads: dict[str, tuple[FileType, ...]] = {}

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field_name in self.checked_uploads:
            if field_name not in errors and field_name not in (exclude or ()):
                try:
                    self.check_upload(field_name)
                except ValidationError as error:
                    errors.setdefault(field_name, []).extend(error.error_list)
        if errors:
            raise ValidationError(errors)

    def full_clean(self, *args, **kwargs):
        super().full_clean(*args, **kwargs)
        # Valid: store the files now, so a storage failure is an error on the form, not a 500.
        self.store_uploads()

    def save(self, *args, **kwargs):
        self.store_uploads()
        replaced = []
        if self.pk is not None:
            for field_name in self._new_uploads():
                rows = type(self)._base_manager.filter(pk=self.pk)
                old_name = rows.values_list(field_name, flat=True).first()
                if old_name != getattr(self, field_name).name:
                    replaced.append((getattr(self, field_name).storage, old_name))
        super().save(*args, **kwargs)
        self._new_uploads().clear()
        for storage, name in replaced:
            delete_file_on_commit(storage, name)

    def _new_uploads(self) -> set[str]:
        """The fields whose file was stored for this instance and not yet saved with its row."""
        if "_stored_uploads" not in self.__dict__:
            self._stored_uploads = set()
        return self._stored_uploads

    def store_uploads(self) -> None:
        """Write the new files to storage before any row refers to them; ValidationError on the
        field when storage fails (disk full, read-only, unreachable). A row whose save then fails
        leaves an orphan file, which ``delete_orphan_uploads`` removes; no row points at a missing file."""
        for field_name in self.checked_uploads:
            upload = getattr(self, field_name)
            if not upload or upload._committed:
                continue
            self.check_upload(field_name)
            try:
                # What FileField.pre_save would do at the INSERT: the name gets its upload_to folder.
                upload.save(upload.name, upload.file, save=False)
                self._new_uploads().add(field_name)
            except OSError as error:
                logger.exception("storing the upload of %s.%s failed", type(self).__name__, field_name)
                raise ValidationError(
                    {
                        field_name: _(
                            "The file could not be stored: the server's file storage failed. "
                            "Nothing was saved; please try again in a few minutes."
                        )
                    },
                    code="storage_failed",
                ) from error

    def check_upload(self, field_name: str) -> None:
        upload = getattr(self, field_name)
        if not upload or upload._committed or getattr(upload, "checked_type", None) is not None:
            return
        original_name = clean_original_name(upload.name or "")
        file_type = inspect_upload(upload.file, allowed=self.checked_uploads[field_name], name=original_name)
        upload.checked_type = file_type
        upload.name = f"{uuid.uuid4().hex}.{file_type.extension}"
        self.upload_checked(field_name, upload, file_type, original_name)

    def upload_checked(self, field_name: str, upload, file_type: FileType, original_name: str) -> None:
        """Called once a new file passed its checks, before it is stored."""


def delete_file_on_commit(storage, name: str | None) -> None:
    """Remove a stored file once the transaction commits: a rolled-back change keeps it."""
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def delete_files_of_deleted_row(sender, instance, **kwargs):
    """``post_delete`` receiver of the models with checked uploads (connected in the apps' ``ready``)."""
    for field_name in sender.checked_uploads:
        fieldfile = getattr(instance, field_name)
        delete_file_on_commit(fieldfile.storage, fieldfile.name)
