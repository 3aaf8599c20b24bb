"""Public downloads of attachments: the only way a reader gets a listing's file.

Files are not served from MEDIA_URL: this view checks that the attachment is public and its listing
published (a withdrawn listing's files disappear with it), and sends the file as a download under
its original name with its checked content type, so a browser never renders it as a page of the
site (``nosniff``, a sandboxing CSP).
"""

from pathlib import PurePosixPath
from urllib.parse import quote

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from haidian.core.uploads import BY_CONTENT_TYPE, clean_original_name

from .models import Attachment, Technology


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the real one per RFC 6266 / RFC 5987
    (``filename*=UTF-8''…``), which every current browser prefers; Chinese names survive."""
    filename = clean_original_name(filename) or "download"
    path = PurePosixPath(filename)
    fallback = "".join(ch if ch.isascii() and ch.isalnum() or ch in "-_. " else "_" for ch in path.stem)
    fallback = (fallback.strip(" _") or "download") + "".join(
        ch for ch in path.suffix if ch.isascii() and (ch.isalnum() or ch == ".")
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download_name(attachment) -> str:
    """The original name, with the extension of the type the file was checked to be."""
    name = attachment.original_name or attachment.title or "download"
    file_type = BY_CONTENT_TYPE.get(attachment.content_type)
    if file_type and PurePosixPath(name).suffix.lower().lstrip(".") not in file_type.extensions:
        name = f"{name}.{file_type.extension}"
    return name


@require_safe
def attachment_download(request, slug, pk):
    attachment = get_object_or_404(
        Attachment.objects.filter(is_public=True, technology__in=Technology.objects.published()),
        technology__slug=slug,
        pk=pk,
    )
    try:
        file = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(file, content_type=attachment.content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition(download_name(attachment))
    response["X-Content-Type-Options"] = "nosniff"
    # Even opened in the browser, the file runs no script and reaches no origin of ours.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    # Public only while the listing is: caches may keep it briefly, never past a withdrawal for long.
    response["Cache-Control"] = "public, max-age=300"
    return response
