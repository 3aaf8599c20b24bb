"""gzip for the text the site generates: pages, API JSON, feeds, CSV (docs/operations.md, "Compression").

Static files are not this module's: whitenoise serves them pre-compressed (gzip and Brotli) and
answers before this middleware runs.
"""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE_TYPES = frozenset(
    {
        "text/html",
        "text/plain",
        "text/csv",
        "text/xml",
        "application/xml",
        "application/json",
        "application/problem+json",
        "application/vnd.oai.openapi",  # drf-spectacular's schema (YAML by default)
        "application/vnd.oai.openapi+json",
        "application/rss+xml",
        "application/atom+xml",
    }
)


def echoes_input_beside_a_secret(request, response) -> bool:
    """True when the body holds a CSRF token and may repeat what the client sent (a query string,
    a posted form): the case BREACH attacks, where the size of the compressed body tells an
    attacker whether a guess matches the secret. Such a response goes out uncompressed.
    Django masks the token anew in every response and pads gzip output at random ("Heal the
    Breach"), which already blunts the attack; this rule keeps the secret out of reach altogether.
    """
    # Django sets the CSRF cookie again on every response that used the token.
    token_in_body = settings.CSRF_COOKIE_NAME in response.cookies
    return bool(token_in_body and (request.GET or request.method == "POST"))


class TextCompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for text only (not attachments, images or ZIP files already
    compressed), and never for a response BREACH could read."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type not in COMPRESSIBLE_TYPES or echoes_input_beside_a_secret(request, response):
            return response
        return super().process_response(request, response)
