"""OpenAPI schema generation: every read operation documents its error answers and ``lang``."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from haidian.core.api.exceptions import ErrorSerializer, ValidationErrorSerializer
from haidian.core.api.language import lang_openapi_parameter

ERROR_RESPONSES = {
    "400": OpenApiResponse(
        ValidationErrorSerializer,
        description="A query parameter is invalid; `errors` names it (also an unknown `lang`).",
    ),
    "404": OpenApiResponse(
        ErrorSerializer, description="No such public object, or a page past the last one."
    ),
    "429": OpenApiResponse(
        ErrorSerializer, description="Too many requests; retry after the seconds in `Retry-After`."
    ),
}


class ApiAutoSchema(AutoSchema):
    def get_override_parameters(self):
        return [*super().get_override_parameters(), lang_openapi_parameter()]

    def _get_filter_parameters(self):
        """Filters whose schema is given explicitly (bounds, patterns) keep their help text too."""
        parameters = super()._get_filter_parameters()
        filterset_class = getattr(self.view, "filterset_class", None)
        if filterset_class is not None:
            for parameter in parameters:
                found = filterset_class.base_filters.get(parameter["name"])
                if found is not None and not parameter.get("description") and found.extra.get("help_text"):
                    parameter["description"] = str(found.extra["help_text"])
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method in ("GET", "HEAD"):
            for code, response in ERROR_RESPONSES.items():
                if code not in responses:
                    responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses
