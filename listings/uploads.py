"""Where uploaded files are stored: under random names, never the uploader's."""

import uuid
from pathlib import PurePosixPath

from django.utils import timezone

from haidian.core.uploads import BY_CONTENT_TYPE


def attachment_upload_to(instance, filename: str) -> str:
    """``attachments/2026/11/<random hex>.<extension>``; the original name is kept on the row.

    The extension is the one of the type the content was found to be (see ``haidian.core.uploads``).
    """
    file_type = BY_CONTENT_TYPE.get(instance.content_type)
    extension = f".{file_type.extension}" if file_type else PurePosixPath(filename).suffix.lower()
    return timezone.now().strftime(f"attachments/%Y/%m/{uuid.uuid4().hex}{extension}")
