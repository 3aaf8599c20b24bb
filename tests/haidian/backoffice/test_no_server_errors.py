"""No admin URL answers 5xx: every URL pattern of every registered model, with real, malformed and
missing ids, malformed filters, dates and pages, as superuser, center administrator and agency editor.
One test per role and model (so that xdist spreads them), on records built once for the module."""

import copy
import re
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.admin.filters import SimpleListFilter
from django.test import Client
from django.urls import URLPattern, reverse

from tests import factories
from tests.admin_users import editor_of
from tests.fixtures import module_rows

pytestmark = [pytest.mark.django_db, pytest.mark.sweep]

BAD_IDS = ["abc", "99999999999999999999"]
BAD_VALUES = ["2024-13-45", "99999999999999999999"]


def build_records():
    """One record of every registered model, most of them in the editor's own agency."""
    agency = factories.AgencyFactory()
    technology = factories.TechnologyFactory(agency=agency)
    made = [
        agency,
        technology,
        factories.AttachmentFactory(technology=technology),
        factories.BenefitClaimFactory(technology=technology),
        factories.InquiryFactory(technology=technology),
        factories.ContractFactory(agency=agency, technology=technology),
        factories.FinancingProductFactory(),
        factories.FinancingNeedFactory(),
        factories.PageFactory(),
        factories.ArticleFactory(),
        factories.KeyFigureFactory(),
        factories.SearchSubscriptionFactory(),
        factories.SectorFactory(),
    ]
    editor = editor_of(agency)
    made.append(editor.agency_memberships.get())
    return {type(obj): obj for obj in made}, editor


_records = module_rows("_records", build_records)


@pytest.fixture
def records(_records, db):
    return copy.deepcopy(_records)


def object_paths(model_admin, obj):
    """Every URL of ``model_admin`` below its changelist, with each id slot filled in several ways."""
    good_id = str(obj.pk) if obj is not None else "1"
    history = getattr(obj, "history", None)
    good_version = str(history.first().history_id) if history is not None else "1"
    paths = set()
    for pattern in model_admin.get_urls():
        if not isinstance(pattern, URLPattern):
            continue
        route = str(pattern.pattern).lstrip("^").rstrip("$")
        slots = len(re.findall(r"<[^>]+>|\([^)]*\)", route))
        if slots == 0:
            paths.add(route)
            continue
        fillings = [[good_id] * slots] + [[bad] * slots for bad in BAD_IDS]
        if slots == 2:
            fillings += [[good_id, bad] for bad in BAD_IDS] + [[good_id, good_version]]
        for values in fillings:
            path = route
            for value in values:
                path = re.sub(r"<[^>]+>|\([^)]*\)", value, path, count=1)
            paths.add(path)
    return sorted(paths)


def changelist_queries(model_admin, request_user_admin_filters):
    """Malformed filter values, dates, pages, orderings and lookups on hidden or unlisted fields."""
    queries = [
        {"p": "abc"},
        {"p": "99999"},
        {"o": "abc"},
        {"o": "99.-99"},
        {"q": "\x00"},
        {"internal_notes__startswith": "D"},
        {"id__gt": "abc"},
        {"_to_field": "internal_notes"},
        {"all": ""},
    ]
    if model_admin.date_hierarchy:
        field = model_admin.date_hierarchy
        queries += [
            {f"{field}__year": "99999"},
            {f"{field}__year": "0"},
            {f"{field}__year": "abc"},
            {f"{field}__year": "2024", f"{field}__month": "13"},
            {f"{field}__year": "2024", f"{field}__month": "2", f"{field}__day": "30"},
        ]
    for list_filter in request_user_admin_filters:
        if isinstance(list_filter, type) and issubclass(list_filter, SimpleListFilter):
            queries += [{list_filter.parameter_name: value} for value in BAD_VALUES]
            continue
        path = list_filter[0] if isinstance(list_filter, tuple | list) else list_filter
        for suffix in ("__exact", "__id__exact", "__gte"):
            queries += [{f"{path}{suffix}": value} for value in BAD_VALUES]
    return queries


ROLES = ["superuser", "center", "editor"]
MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label_lower)


def client_of(role, records, admin_user, center_admin) -> Client:
    user = {"superuser": admin_user, "center": center_admin, "editor": records[1]}[role]
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label_lower)
@pytest.mark.parametrize("role", ROLES)
def test_no_admin_url_answers_a_server_error(role, model, records, admin_user, center_admin):
    by_model, _ = records
    client = client_of(role, records, admin_user, center_admin)
    failures = []

    def check(method, url, **data):
        response = getattr(client, method)(url, data or {})
        if response.status_code >= 500:
            failures.append(f"{method.upper()} {url} {data or ''} -> {response.status_code}")

    model_admin = admin.site._registry[model]
    base = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    for path in object_paths(model_admin, by_model.get(model)):
        url = base + path
        check("get", url)
        if any(bad in path for bad in BAD_IDS) or path.endswith("workflow/"):
            check("post", url, workflow="no-such-step")
    filters = model_admin.list_filter
    for query in changelist_queries(model_admin, filters):
        check("get", f"{base}?{urlencode(query)}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_index_answers(role, records, admin_user, center_admin):
    response = client_of(role, records, admin_user, center_admin).get(reverse("admin:index"))
    assert response.status_code < 500
