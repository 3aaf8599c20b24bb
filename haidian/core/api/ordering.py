"""``?ordering=``: only the fields a view documents; anything else is a 400 naming ``ordering``.

Views declare ``ordering_fields`` as ``{"api name": "model field or annotation"}``; ``{lang}``
in a field stands for the response language's column suffix (``name_{lang}`` -> ``name_zh_hans``). Several fields
may be given, comma-separated, each optionally prefixed with ``-`` for descending. Empty values
sort last in both directions on every database, and the primary key breaks ties so pages never overlap.
Without ``?ordering=`` the view's own order stands (search results stay ranked by relevance).
"""

from django.db.models import F
from django.utils.translation import gettext as _
from rest_framework.filters import BaseFilterBackend

from haidian.core.api.exceptions import QueryParameterError
from haidian.core.i18n import column_suffix

ORDERING_PARAMETER = "ordering"


class StrictOrderingFilter(BaseFilterBackend):
    def get_fields(self, view) -> dict[str, str]:
        return dict(getattr(view, "ordering_fields", None) or {})

    def get_ordering(self, request, view):
        raw = request.query_params.get(ORDERING_PARAMETER)
        if raw is None or raw == "":
            return None
        fields = self.get_fields(view)
        names = [name.strip() for name in raw.split(",")]
        unknown = [name for name in names if name.removeprefix("-") not in fields]
        if unknown or not names:
            raise QueryParameterError(
                ORDERING_PARAMETER,
                _("Unknown ordering field %(field)s; choose from: %(choices)s.")
                % {"field": ", ".join(unknown) or '""', "choices": ", ".join(fields) or "-"},
            )
        ordering = []
        lang = column_suffix()
        for name in dict.fromkeys(names):
            expression = F(fields[name.removeprefix("-")].format(lang=lang))
            ordering.append(
                expression.desc(nulls_last=True) if name.startswith("-") else expression.asc(nulls_last=True)
            )
        if not any(fields[name.removeprefix("-")] in ("id", "pk") for name in names):
            ordering.append(F("pk").desc())
        return ordering

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, view)
        return queryset if ordering is None else queryset.order_by(*ordering)

    def get_schema_operation_parameters(self, view):
        fields = list(self.get_fields(view))
        if not fields:
            return []
        choices = [value for name in fields for value in (name, f"-{name}")]
        return [
            {
                "name": ORDERING_PARAMETER,
                "required": False,
                "in": "query",
                "description": (
                    "Sort by these fields, comma-separated; prefix with `-` for descending. "
                    f"Default: {getattr(view, 'default_ordering_description', 'newest first')}."
                ),
                "schema": {"type": "array", "items": {"type": "string", "enum": choices}},
                "style": "form",
                "explode": False,
            }
        ]
