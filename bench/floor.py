"""The floor: the least work any implementation of a list or page must do.

Bare Django views that fetch the same rows as the API and pages with the best indexed query —
keyset pagination (no OFFSET), no COUNT — read plain values (no model instances) and encode them with
orjson. They run behind the same middleware as the site, so a ratio against them is the cost of
the framework layers (DRF, serializers, filters, templates) and of the choices those make.
"""

from datetime import datetime

import orjson
from django.http import Http404, HttpResponse
from django.utils import timezone, translation

from financing.models import FinancingNeed
from haidian.core.models import Article, KeyFigure
from listings.models import Contract, Technology, TechnologyKind

PAGE_SIZE = 20
LIST_FIELDS = (
    "id",
    "slug",
    "kind",
    "trl",
    "ip_status",
    "price_cny",
    "price_negotiable",
    "availability",
    "origin_country_id",
    "published_at",
    "expires_at",
    "last_verified_at",
    "updated_at",
)


def _lang() -> str:
    return "zh_hans" if (translation.get_language() or "en").startswith("zh") else "en"


def _json(data) -> HttpResponse:
    return HttpResponse(orjson.dumps(data), content_type="application/json")


def _sectors_by_technology(ids: list[int], lang: str) -> dict[int, list[dict]]:
    through = Technology.sectors.through
    rows = through.objects.filter(technology_id__in=ids).values_list(
        "technology_id", "sector__slug", f"sector__name_{lang}"
    )
    sectors: dict[int, list[dict]] = {}
    for technology_id, slug, name in rows:
        sectors.setdefault(technology_id, []).append({"slug": slug, "name": name})
    return sectors


def _codes_by_technology(field, column: str, ids: list[int]) -> dict[int, list[str]]:
    codes: dict[int, list[str]] = {}
    for technology_id, code in field.through.objects.filter(technology_id__in=ids).values_list(
        "technology_id", column
    ):
        codes.setdefault(technology_id, []).append(code)
    return codes


def technology_rows(queryset, limit: int = PAGE_SIZE) -> list[dict]:
    """``limit`` listings of ``queryset`` as dicts with the fields the API lists: the page (owner
    and agency joined), then one query each for sectors, target countries and transaction types."""
    lang = _lang()
    names = (*LIST_FIELDS, "title", "summary", "keywords")
    columns = (
        *LIST_FIELDS,
        f"title_{lang}",
        f"summary_{lang}",
        f"keywords_{lang}",
        "owner__slug",
        f"owner__name_{lang}",
        "agency__slug",
        f"agency__name_{lang}",
    )
    rows = []
    for values in queryset.values_list(*columns)[:limit]:
        row = dict(zip(names, values, strict=False))
        row["keywords"] = [word.strip() for word in row["keywords"].split(",") if word.strip()]
        row["owner"] = {"slug": values[-4], "name": values[-3]}
        row["agency"] = {"slug": values[-2], "name": values[-1]} if values[-2] else None
        row["price_cny"] = None if row["price_cny"] is None else str(row["price_cny"])
        rows.append(row)
    ids = [row["id"] for row in rows]
    sectors = _sectors_by_technology(ids, lang)
    countries = _codes_by_technology(Technology.target_countries, "country_id", ids)
    types = _codes_by_technology(Technology.transaction_types, "transactiontype_id", ids)
    for row in rows:
        row["sectors"] = sectors.get(row["id"], [])
        row["target_countries"] = countries.get(row["id"], [])
        row["transaction_types"] = types.get(row["id"], [])
    return rows


def _values(queryset, **columns) -> list[dict]:
    """``values()`` under names of our own (modeltranslation rewrites plain field names)."""
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in queryset.values_list(*columns.values())]


def keyset(queryset, cursor: str | None):
    """Rows after ``cursor`` ("<published_at ISO>|<id>") in (-published_at, -id) order."""
    queryset = queryset.order_by("-published_at", "-id")
    if not cursor:
        return queryset
    stamp, _sep, pk = cursor.partition("|")
    published_at = datetime.fromisoformat(stamp)
    return queryset.filter(published_at__lte=published_at).exclude(published_at=published_at, id__gte=int(pk))


def next_cursor(rows: list[dict]) -> str | None:
    if len(rows) < PAGE_SIZE:
        return None
    last = rows[-1]
    return f"{last['published_at'].isoformat()}|{last['id']}"


def technologies(request):
    """Published listings newest first; ``?cursor=``, ``?kind=`` and ``?q=`` (search)."""
    queryset = Technology.objects.published()
    kind = request.GET.get("kind")
    if kind in TechnologyKind.values:
        queryset = queryset.filter(kind=kind)
    query = request.GET.get("q")
    if query:
        from listings.search import search_technologies

        rows = technology_rows(search_technologies(query, queryset))
        return _json({"results": rows})
    rows = technology_rows(keyset(queryset, request.GET.get("cursor")))
    return _json({"next": next_cursor(rows), "results": rows})


def technology(request, slug):
    lang = _lang()
    rows = _values(
        Technology.objects.published().filter(slug=slug)[:1],
        **{name: name for name in (*LIST_FIELDS, "ip_status", "patent_numbers", "expires_at")},
        title=f"title_{lang}",
        summary=f"summary_{lang}",
        description=f"description_{lang}",
        keywords=f"keywords_{lang}",
        owner_slug="owner__slug",
        owner_name=f"owner__name_{lang}",
        agency_slug="agency__slug",
        agency_name=f"agency__name_{lang}",
    )
    if not rows:
        raise Http404
    row = rows[0]
    pk = row["id"]
    row["sectors"] = _sectors_by_technology([pk], lang).get(pk, [])
    row["target_countries"] = list(
        Technology.target_countries.through.objects.filter(technology_id=pk).values_list(
            "country_id", flat=True
        )
    )
    row["transaction_types"] = list(
        Technology.transaction_types.through.objects.filter(technology_id=pk).values_list(
            "transactiontype_id", flat=True
        )
    )
    row["price_cny"] = None if row["price_cny"] is None else str(row["price_cny"])
    return _json(row)


def home(request):
    """What the home page lists: latest offers and needs, news, key figures, latest contracts and
    financing needs. One query each, values only."""
    lang = _lang()
    published = Technology.objects.published().order_by("-published_at", "-id")
    data = {
        "offers": technology_rows(published.filter(kind=TechnologyKind.OFFER), 6),
        "needs": technology_rows(published.filter(kind=TechnologyKind.NEED), 6),
        "news": _values(
            Article.objects.published()[:3], slug="slug", published_at="published_at", title=f"title_{lang}"
        ),
        "figures": [
            {**row, "value": str(row["value"])}
            for row in _values(
                KeyFigure.objects.published().latest_per_key(),
                key="key",
                value="value",
                period_end="period_end",
                label=f"label_{lang}",
                unit=f"unit_{lang}",
            )
        ],
        "contracts": _values(
            Contract.objects.published()[:5],
            reference="reference",
            signed_on="signed_on",
            title=f"title_{lang}",
        ),
        "financing_needs": [
            {**row, "amount_cny": str(row["amount_cny"])}
            for row in _values(
                FinancingNeed.objects.published()[:5],
                slug="slug",
                amount_cny="amount_cny",
                title=f"title_{lang}",
            )
        ],
        "now": timezone.now(),
    }
    return _json(data)


def contracts(request):
    lang = _lang()
    rows = _values(
        Contract.objects.published().order_by("-signed_on", "-id")[:PAGE_SIZE],
        id="id",
        reference="reference",
        signed_on="signed_on",
        contract_type="contract_type",
        title=f"title_{lang}",
    )
    return _json({"results": rows})
