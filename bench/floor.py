"""The floor: the least work any implementation of a list or page must do.

Bare Django views that give the API's exact output (``python -m bench`` checks it value for value,
and stops when a floor no longer matches its view) with the best indexed query — keyset pagination
(no OFFSET), no COUNT — reading plain values (no model instances), encoded with orjson. They run
behind the same middleware as the site, so a ratio against them is the cost of the framework layers
(DRF, serializers, filters, templates) and of the choices those make.

What the API shows, the floor works out too: translated text in modeltranslation's fallback order,
which of it was machine-translated, times in the site's time zone, absolute links.
"""

from collections.abc import Callable
from datetime import datetime

import orjson
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation

from agencies.models import Agency
from haidian.core.models import Article, KeyFigure
from listings import statistics
from listings.models import Attachment, BenefitClaim, Contract, Technology, TechnologyKind
from listings.models.benefits import format_benefit_value

PAGE_SIZE = 20
HOME_LATEST = 6
# Plain columns of a listing, shown under their own names.
LIST_FIELDS = (
    "slug",
    "kind",
    "origin_country_id",
    "trl",
    "ip_status",
    "price_cny",
    "price_negotiable",
    "availability",
    "published_at",
    "expires_at",
    "last_verified_at",
    "updated_at",
)
TIMES = ("published_at", "expires_at", "last_verified_at", "updated_at")


def _languages() -> tuple[str, str]:
    """Language column suffixes in modeltranslation's fallback order for the active language."""
    return ("zh_hans", "en") if (translation.get_language() or "en").startswith("zh") else ("en", "zh_hans")


def _json(data) -> HttpResponse:
    return HttpResponse(orjson.dumps(data), content_type="application/json")


def _time(value: datetime | None) -> str | None:
    return None if value is None else timezone.localtime(value).isoformat()


def _link(request, view_name: str, lookup: str = "slug") -> Callable[[object], str]:
    """The absolute URL of ``view_name`` for a lookup value: reversed once, filled in per row."""
    marker = "lookup-marker"
    head, _marker, tail = request.build_absolute_uri(reverse(view_name, kwargs={lookup: marker})).rpartition(
        marker
    )
    return lambda value: f"{head}{value}{tail}"


class Translated:
    """The text columns of ``names`` (with a column prefix such as ``owner__``) and the reading of a
    row: each name's text from the first language with a value, and the names whose text shown is
    machine-made (the row's ``machine_translated`` column)."""

    def __init__(self, prefix: str, names: tuple[str, ...], languages: tuple[str, str], provenance=True):
        self.prefix = prefix
        self.provenance = provenance  # False: the model records no machine translation (countries)
        self.columns = {name: [f"{name}_{code}" for code in languages] for name in names}

    def select(self) -> list[str]:
        texts = [f"{self.prefix}{column}" for columns in self.columns.values() for column in columns]
        return [f"{self.prefix}machine_translated", *texts] if self.provenance else texts

    def read(self, row: dict) -> tuple[dict, list[str]]:
        made = (row[f"{self.prefix}machine_translated"] or ()) if self.provenance else ()
        texts, machine = {}, []
        for name, columns in self.columns.items():
            shown = next((column for column in columns if row[f"{self.prefix}{column}"]), None)
            texts[name] = row[f"{self.prefix}{shown}"] if shown else ""
            if shown in made:
                machine.append(name)
        return texts, machine


def _rows(queryset, columns: list[str]) -> list[dict]:
    """Rows as dicts keyed by column (modeltranslation rewrites plain field names in ``values()``)."""
    return [dict(zip(columns, values, strict=True)) for values in queryset.values_list(*columns)]


def _decimal(value) -> str | None:
    return None if value is None else str(value)


class Briefs:
    """The nested objects of the API's rows: organizations, agencies, sectors, countries."""

    def __init__(self, request, languages: tuple[str, str]):
        self.organization_url = _link(request, "api:organization-detail")
        self.agency_url = _link(request, "api:agency-detail")
        self.languages = languages

    def organization_columns(self, prefix: str) -> tuple[Translated, list[str]]:
        text = Translated(prefix, ("name",), self.languages)
        return text, [f"{prefix}slug", f"{prefix}kind", f"{prefix}country_id", *text.select()]

    def organization(self, row: dict, prefix: str, text: Translated) -> dict:
        texts, machine = text.read(row)
        slug = row[f"{prefix}slug"]
        return {
            "slug": slug,
            "name": texts["name"],
            "kind": row[f"{prefix}kind"],
            "country": row[f"{prefix}country_id"],
            "url": self.organization_url(slug),
            "machine_translated": machine,
        }

    def agency_columns(self, prefix: str) -> tuple[Translated, list[str]]:
        text = Translated(prefix, ("name",), self.languages)
        return text, [f"{prefix}slug", *text.select()]

    def agency(self, row: dict, prefix: str, text: Translated) -> dict | None:
        slug = row[f"{prefix}slug"]
        if slug is None:
            return None
        texts, machine = text.read(row)
        return {
            "slug": slug,
            "name": texts["name"],
            "url": self.agency_url(slug),
            "machine_translated": machine,
        }

    def sectors(self, field, owner_column: str, ids: list[int]) -> dict[int, list[dict]]:
        """The sectors of each object (one query), in the sectors' order, with their parents' slugs."""
        text = Translated("sector__", ("name",), self.languages)
        columns = [owner_column, "sector__slug", "sector__parent__slug", *text.select()]
        rows = field.through.objects.filter(**{f"{owner_column}__in": ids}).order_by(
            owner_column, "sector__position", "sector__slug"
        )
        sectors: dict[int, list[dict]] = {}
        for row in _rows(rows, columns):
            texts, machine = text.read(row)
            sectors.setdefault(row[owner_column], []).append(
                {
                    "slug": row["sector__slug"],
                    "name": texts["name"],
                    "parent": row["sector__parent__slug"],
                    "machine_translated": machine,
                }
            )
        return sectors


def _codes_by_technology(field, column: str, ids: list[int]) -> dict[int, list[str]]:
    codes: dict[int, list[str]] = {}
    rows = field.through.objects.filter(technology_id__in=ids).order_by("technology_id", column)
    for technology_id, code in rows.values_list("technology_id", column):
        codes.setdefault(technology_id, []).append(code)
    return codes


def technology_rows(request, queryset, limit: int = PAGE_SIZE, extra: tuple[str, ...] = ()) -> list[dict]:
    """``limit`` listings of ``queryset`` as the API lists them (``extra`` translated texts too): the
    page (owner and agency joined), then one query each for sectors, target countries and
    transaction types. Each row keeps its ``id`` (the caller drops it)."""
    languages = _languages()
    briefs = Briefs(request, languages)
    text = Translated("", ("title", "summary", *extra, "keywords"), languages)
    owner_text, owner_columns = briefs.organization_columns("owner__")
    agency_text, agency_columns = briefs.agency_columns("agency__")
    columns = ["id", *LIST_FIELDS, *text.select(), *owner_columns, *agency_columns]
    url = _link(request, "api:technology-detail")
    web_url = _link(request, "technologies:detail")
    rows = []
    for values in _rows(queryset[:limit], columns):
        texts, machine = text.read(values)
        keywords = texts.pop("keywords")
        row = {"id": values["id"], "slug": values["slug"], "kind": values["kind"], **texts}
        row["keywords"] = [word.strip() for word in keywords.replace("，", ",").split(",") if word.strip()]
        row["sectors"] = []
        row["owner"] = briefs.organization(values, "owner__", owner_text)
        row["agency"] = briefs.agency(values, "agency__", agency_text)
        row["origin_country"] = values["origin_country_id"]
        row["target_countries"] = []
        row["trl"] = values["trl"]
        row["ip_status"] = values["ip_status"]
        row["transaction_types"] = []
        row["price_cny"] = _decimal(values["price_cny"])
        row["price_negotiable"] = values["price_negotiable"]
        row["availability"] = values["availability"]
        for name in TIMES:
            row[name] = _time(values[name])
        row["url"] = url(values["slug"])
        row["web_url"] = web_url(values["slug"])
        row["machine_translated"] = machine
        rows.append(row)
    ids = [row["id"] for row in rows]
    sectors = briefs.sectors(Technology.sectors, "technology_id", ids)
    countries = _codes_by_technology(Technology.target_countries, "country_id", ids)
    types = _codes_by_technology(Technology.transaction_types, "transactiontype_id", ids)
    for row in rows:
        row["sectors"] = sectors.get(row["id"], [])
        row["target_countries"] = countries.get(row["id"], [])
        row["transaction_types"] = types.get(row["id"], [])
    return rows


def _without_ids(rows: list[dict]) -> list[dict]:
    for row in rows:
        del row["id"]
    return rows


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
    return f"{last['published_at']}|{last['id']}"


def technologies(request):
    """Published listings newest first; ``?cursor=``, ``?kind=`` and ``?q=`` (search)."""
    queryset = Technology.objects.published()
    kind = request.GET.get("kind")
    if kind in TechnologyKind.values:
        queryset = queryset.filter(kind=kind)
    query = request.GET.get("q")
    if query:
        from listings.search import search_technologies

        # A page and no count: the matches are found and ranked inside the page's query.
        rows = technology_rows(request, search_technologies(query, queryset, one_query=True))
        return _json({"results": _without_ids(rows)})
    rows = technology_rows(request, keyset(queryset, request.GET.get("cursor")))
    cursor = next_cursor(rows)
    return _json({"next": cursor, "results": _without_ids(rows)})


def technology(request, slug):
    """A listing as the API's detail gives it: one query for the listing, then one each for its
    sectors, target countries, transaction types, quantified benefits and public attachments."""
    languages = _languages()
    rows = technology_rows(
        request, Technology.objects.published().filter(slug=slug), limit=1, extra=("description",)
    )
    if not rows:
        raise Http404
    row = rows[0]
    pk = row.pop("id")
    row["patent_numbers"] = Technology.objects.filter(pk=pk).values_list("patent_numbers", flat=True)[0]
    benefit_text = Translated("", ("metric", "unit", "compared_with"), languages)
    row["benefits"] = []
    for values in _rows(BenefitClaim.objects.filter(technology_id=pk), ["value", *benefit_text.select()]):
        texts, machine = benefit_text.read(values)
        row["benefits"].append(
            {
                "metric": texts["metric"],
                "value": format_benefit_value(values["value"]),
                "unit": texts["unit"],
                "compared_with": texts["compared_with"],
                "machine_translated": machine,
            }
        )
    attachment_text = Translated("", ("title",), languages)
    download_path = reverse("technologies:attachment", kwargs={"slug": slug, "pk": 0})
    row["attachments"] = []
    attachments = Attachment.objects.filter(technology_id=pk, is_public=True)
    for values in _rows(attachments, ["id", "content_type", "size", *attachment_text.select()]):
        texts, machine = attachment_text.read(values)
        row["attachments"].append(
            {
                "title": texts["title"],
                "file": request.build_absolute_uri(
                    download_path.replace("/attachments/0/", f"/attachments/{values['id']}/")
                ),
                "content_type": values["content_type"],
                "size": values["size"],
                "machine_translated": machine,
            }
        )
    row["matches_url"] = _link(request, "api:technology-matches")(slug)
    row["comparable_contracts_url"] = _link(request, "api:technology-comparable-contracts")(slug)
    return _json(row)


def _cards(request, queryset) -> list[dict]:
    """The home page's listing cards: the listings (owner and origin joined), then their sectors."""
    languages = _languages()
    briefs = Briefs(request, languages)
    text = Translated("", ("title", "summary"), languages)
    owner = Translated("owner__", ("name",), languages)
    origin = Translated("origin_country__", ("name",), languages, provenance=False)
    columns = [
        "id",
        "slug",
        "kind",
        "trl",
        "price_cny",
        "price_negotiable",
        "last_verified_at",
        *text.select(),
        *owner.select(),
        *origin.select(),
    ]
    rows = _rows(queryset.order_by("-published_at", "-id")[:HOME_LATEST], columns)
    sectors = briefs.sectors(Technology.sectors, "technology_id", [row["id"] for row in rows])
    return [
        {
            "slug": row["slug"],
            "kind": row["kind"],
            **text.read(row)[0],
            "trl": row["trl"],
            "price_cny": _decimal(row["price_cny"]),
            "price_negotiable": row["price_negotiable"],
            "owner": owner.read(row)[0]["name"],
            "origin": origin.read(row)[0]["name"],
            "last_verified_at": _time(row["last_verified_at"]),
            "sectors": [sector["name"] for sector in sectors.get(row["id"], [])],
        }
        for row in rows
    ]


def home(request):
    """What the home page shows: key figures (every period, for the trend), active agencies by year
    joined, contract totals and value by year, the latest offers and needs, the latest news."""
    languages = _languages()
    published = Technology.objects.published()
    contracts = Contract.objects.published()
    figure = Translated("", ("label", "unit", "source"), languages)
    news = Translated("", ("title", "summary"), languages)
    data = {
        "figures": [
            {**figure.read(row)[0], "key": row["key"], "value": str(row["value"]), "end": row["period_end"]}
            for row in _rows(
                KeyFigure.objects.published().order_by("position", "key", "-period_end"),
                ["key", "value", "period_end", "source_url", *figure.select()],
            )
        ],
        "agencies": list(
            Agency.objects.active()
            .annotate(year=ExtractYear("joined_on"))
            .values("year")
            .annotate(count=Count("id"))
            .order_by("year")
            .values_list("year", "count")
        ),
        "contracts": {
            **{key: str(value) for key, value in statistics.totals(contracts).items()},
            "by_year": [[row["key"], str(row["value_cny"])] for row in statistics.by_year(contracts)],
        },
        "offers": _cards(request, published.filter(kind=TechnologyKind.OFFER)),
        "needs": _cards(request, published.filter(kind=TechnologyKind.NEED)),
        "news": [
            {"slug": row["slug"], "published_at": _time(row["published_at"]), **news.read(row)[0]}
            for row in _rows(Article.objects.published()[:3], ["slug", "published_at", *news.select()])
        ],
    }
    return _json(data)


def contracts(request):
    """Published contracts, most recently signed first, as the API lists them: the page (seller,
    buyer, agency and destination joined), then the page's sectors and its public listings' slugs."""
    languages = _languages()
    briefs = Briefs(request, languages)
    text = Translated("", ("title", "summary"), languages)
    country_text = Translated("destination_country__", ("name",), languages, provenance=False)
    seller_text, seller_columns = briefs.organization_columns("seller__")
    buyer_text, buyer_columns = briefs.organization_columns("buyer__")
    agency_text, agency_columns = briefs.agency_columns("agency__")
    columns = [
        "id",
        "reference",
        "contract_type",
        "technology_id",
        "value",
        "currency",
        "value_cny",
        "value_is_public",
        "signed_on",
        "destination_country_id",
        *text.select(),
        *country_text.select(),
        *seller_columns,
        *buyer_columns,
        *agency_columns,
    ]
    url = _link(request, "api:contract-detail", "reference")
    page = _rows(Contract.objects.published().order_by("-signed_on", "-id")[:PAGE_SIZE], columns)
    ids = [row["id"] for row in page]
    sectors = briefs.sectors(Contract.sectors, "contract_id", ids)
    listings = dict(
        Technology.objects.published()
        .filter(id__in={row["technology_id"] for row in page if row["technology_id"]})
        .values_list("id", "slug")
    )
    results = []
    for row in page:
        texts, machine = text.read(row)
        country = row["destination_country_id"]
        public = row["value_is_public"]
        results.append(
            {
                "reference": row["reference"],
                **texts,
                "contract_type": row["contract_type"],
                "technology": listings.get(row["technology_id"]),
                "seller": briefs.organization(row, "seller__", seller_text),
                "buyer": briefs.organization(row, "buyer__", buyer_text),
                "agency": briefs.agency(row, "agency__", agency_text),
                "sectors": sectors.get(row["id"], []),
                "destination_country": None
                if country is None
                else {"code": country, "name": country_text.read(row)[0]["name"]},
                "value": f"{row['value']:.2f}" if public and row["value"] is not None else None,
                "currency": row["currency"],
                "value_cny": f"{row['value_cny']:.2f}" if public and row["value_cny"] is not None else None,
                "value_is_public": public,
                "signed_on": row["signed_on"].isoformat(),
                "url": url(row["reference"]),
                "machine_translated": machine,
            }
        )
    return _json({"results": results})
