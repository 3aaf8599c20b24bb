"""One error format for the whole API.

Every error answers JSON ``{"status": <code>, "detail": "<message>", "errors": {...}}``;
``errors`` is present on a 400 and maps each offending query parameter to its messages.
"""

from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.views import exception_handler as drf_exception_handler


class QueryParameterError(exceptions.ValidationError):
    """A bad query parameter: a 400 whose ``errors`` names the parameter."""

    def __init__(self, parameter: str, message: str):
        super().__init__({parameter: [message]})


def api_exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    body = {"status": response.status_code}
    if isinstance(exc, exceptions.ValidationError):
        body["detail"] = _("Invalid query parameters.")
        if isinstance(data, dict):
            body["errors"] = {key: _messages(value) for key, value in data.items()}
        else:
            body["errors"] = {"non_field_errors": _messages(data)}
    else:
        body["detail"] = str(data.get("detail", "")) if isinstance(data, dict) else str(data)
    response.data = body
    if response.status_code >= 400:
        # Errors are about one request: never store them in a shared cache.
        response["Cache-Control"] = "no-store"
    return response


def _messages(value) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, dict):
        return [f"{key}: {message}" for key, item in value.items() for message in _messages(item)]
    return [str(value)]


class ErrorSerializer(serializers.Serializer):
    """The body of every error response (for the schema)."""

    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="What went wrong, in the request's language.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="On a 400: each offending query parameter with its messages.",
    )


class ValidationErrorSerializer(ErrorSerializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Each offending query parameter with its messages.",
    )


def not_found_body() -> dict:
    return {"status": status.HTTP_404_NOT_FOUND, "detail": _("Not found.")}
