"""Page-number pagination with a hard maximum page size and strict parameters.

- ``?page=`` (1 by default) and ``?page_size=`` (20 by default, at most 100: a larger value is
  clamped to 100). A page that is not a positive whole number, or a page size that is not a
  positive whole number, is a 400 naming the parameter; a page past the end is a 404.
- ``CappedCountPagination`` (technologies, the one big table) never counts the whole table:
  it counts at most ``API_COUNT_CAP`` + 1 matching rows (``SELECT COUNT(*) FROM (... LIMIT n)``),
  reports ``count`` as that capped figure with ``count_is_exact: false`` when there are more,
  and serves pages up to the cap. Narrow the result with filters to go further. A view with a
  ``count_cap`` lowers the cap (a search: ``listings.search.RANKED``); a view with a
  ``count_memo`` (its whole collection, unfiltered) counts once per content version.
"""

from django.conf import settings
from django.core.paginator import InvalidPage
from django.core.paginator import Paginator as DjangoPaginator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from haidian.core.api.exceptions import QueryParameterError
from haidian.core.cache import versioned_value
from haidian.core.web import page_by_ids

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def _positive_int(parameter: str, raw: str) -> int:
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise QueryParameterError(parameter, _("Enter a whole number of at least 1."))
    return int(text)


class StandardPagination(PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    # DRF has no global maximum: the bound lives on the paginator class itself.
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        # A huge number is a valid request for "as many as you allow": clamp, never fail.
        return min(_positive_int(self.page_size_query_param, raw), self.max_page_size)

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        return 1 if raw is None else _positive_int(self.page_query_param, raw)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        # A view may name a count that only a change of content changes (its whole collection,
        # unfiltered): counted once per content version (``versioned_value``), whatever the page.
        memo = getattr(view, "count_memo", None)
        paginator = self.paginator_for(queryset, page_size, memo)
        page_number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage as exc:
            if memo is None:
                raise NotFound(_("Page %(page)s is past the last page.") % {"page": page_number}) from exc
            # Past the end by the memoised count: counted again, for a 404 is never decided by a
            # memo (errors are not cached; the rows may have changed without a signal).
            try:
                self.page = self.paginator_for(queryset, page_size, None).page(page_number)
            except InvalidPage as again:
                raise NotFound(_("Page %(page)s is past the last page.") % {"page": page_number}) from again
        return list(self.page)

    def paginator_for(self, queryset, page_size, memo):
        paginator = self.django_paginator_class(queryset, page_size)
        if memo is not None:
            paginator.count = versioned_value("api:count", *memo, compute=lambda: paginator.count)
        return paginator

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "in": "query",
                "required": False,
                "description": "Page number, from 1; a page past the last one answers 404.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": "Results per page: 20 by default, at most 100 (a larger value gives 100).",
                "schema": {"type": "integer", "minimum": 1},
            },
        ]

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "example": 123},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }


class CappedPaginator(DjangoPaginator):
    """Counts at most ``cap`` + 1 rows: enough to know whether there are more than ``cap``.

    With ``rows`` (the same rows and related objects, without the filters), a page is read
    in two steps within one query, a deferred join (``page_by_ids``): a subquery finds the page's
    ids in the covering index alone (OFFSET skips index entries, not table rows), then ``rows``
    reads just those.
    """

    def __init__(self, *args, cap: int, rows=None, memo: tuple | None = None, **kwargs):
        self.cap = cap
        self.rows = rows
        self.memo = memo
        super().__init__(*args, **kwargs)

    @cached_property
    def count_is_exact(self) -> bool:
        return self._limited_count <= self.cap

    @cached_property
    def _limited_count(self) -> int:
        # order_by() drops the ORDER BY and values() the annotations (a search's rank): the count
        # needs neither.
        def count() -> int:
            return self.object_list.order_by().values("pk")[: self.cap + 1].count()

        if self.memo is None:
            return count()
        return versioned_value("api:capped-count", *self.memo, self.cap, compute=count)

    @cached_property
    def count(self) -> int:
        return min(self._limited_count, self.cap)

    def page(self, number):
        page = super().page(number)
        if self.rows is not None:
            page.object_list = page_by_ids(page.object_list, self.rows)
        return page


class CappedCountPagination(StandardPagination):
    """For the technology table: no exact COUNT over the whole table on any request. A view with
    a ``page_rows()`` method (the list's rows without its filters) gets deferred-join pages."""

    view_cap = None

    @property
    def cap(self) -> int:
        return self.view_cap or settings.API_COUNT_CAP

    def paginate_queryset(self, queryset, request, view=None):
        # A view whose rows are capped already (a search ranks a bounded set) names its cap.
        self.view_cap = getattr(view, "count_cap", None)
        page_rows = getattr(view, "page_rows", None)
        self.rows = page_rows() if page_rows is not None else None
        return super().paginate_queryset(queryset, request, view)

    def paginator_for(self, queryset, page_size, memo):
        return CappedPaginator(queryset, page_size, cap=self.cap, rows=self.rows, memo=memo)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_is_exact"] = self.page.paginator.count_is_exact
        return response

    def get_paginated_response_schema(self, schema):
        result = super().get_paginated_response_schema(schema)
        result["required"] = [*result["required"], "count_is_exact"]
        result["properties"]["count"]["description"] = (
            "Matching results, counted up to a cap (10,000 by default); see count_is_exact."
        )
        result["properties"]["count_is_exact"] = {
            "type": "boolean",
            "description": "False when more results match than the cap: pages stop at the cap.",
        }
        return result
