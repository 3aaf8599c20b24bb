"""The answer while the database cannot answer: 503 with ``Retry-After``, never a 500.

A request that meets ``OperationalError`` or ``InterfaceError`` (no connection, the server
restarting, a connection dropped, the ``statement_timeout`` of ``haidian.core.database``) is told
to come back in a minute: public pages get ``503.html`` in the language of the URL, the API its
JSON error body. The site's 500 handler (``haidian.site.views.server_error``) asks
``unavailable_response`` first, so this holds wherever the error is raised (a view, a middleware,
a template). Forms that must keep the visitor's text (the inquiry form) render their own 503 with
``RETRY_AFTER_SECONDS``. Other database errors (integrity, programming) are bugs: still a 500.
"""

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 60


def is_database_unavailable(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


def mark_unavailable(response: HttpResponse) -> HttpResponse:
    """A 503 that clients retry after a minute and no cache keeps."""
    response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def unavailable_response(request, error: BaseException | None) -> HttpResponse | None:
    """The 503 for ``error`` when it means the database is unavailable; None otherwise."""
    if not is_database_unavailable(error):
        return None
    language = translation.get_language_from_path(request.path_info)
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    if request.path_info.startswith("/api/"):
        detail = _("The service is briefly unavailable. Please try again in a minute.")
        return mark_unavailable(JsonResponse({"status": 503, "detail": detail}))
    try:
        body = loader.get_template("503.html").render({}, request)
    except Exception:  # noqa: BLE001 - the error page itself must not fail
        body = "<!doctype html><title>503</title><h1>Please try again in a minute / 请一分钟后重试</h1>"
    return mark_unavailable(HttpResponse(body))
