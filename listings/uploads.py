"""Where uploaded files are stored: under random names, never the uploader's."""

import uuid
from pathlib import PurePosixPath

from django.utils import timezone


def attachment_upload_to(instance, filename: str) -> str:
    """``attachments/2026/11/<random hex>.<extension>``; the original name is kept on the row."""
    extension = PurePosixPath(filename).suffix.lower()
    return timezone.now().strftime(f"attachments/%Y/%m/{uuid.uuid4().hex}{extension}")
