"""Rule: stored text is never markup. Every localized title and name is escaped where it is shown
(the ``localized`` template tag), in the active language and in the fallback one; the page, the
list, the feeds and the admin all show a title ``<script>`` as text (no stored XSS)."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests import factories

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def render_localized(obj, field="title", **options):
    template = Template("{% load site %}{% localized obj field rich=rich %}")
    return template.render(Context({"obj": obj, "field": field, "rich": options.get("rich", False)}))


def test_localized_escapes_a_title_in_the_active_language():
    html = render_localized({"title_en": SCRIPT, "title_zh_hans": "标题"})
    assert html == ESCAPED


def test_localized_escapes_a_title_shown_in_the_fallback_language():
    with translation.override("zh-hans"):
        html = render_localized({"title_en": SCRIPT, "title_zh_hans": ""})
    assert SCRIPT not in html
    assert html.startswith(f'<span lang="en">{ESCAPED}</span>')


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_technology_titled_script_renders_escaped_on_page_list_and_feeds(client, lang):
    field = "title_en" if lang == "en" else "title_zh_hans"
    technology = factories.TechnologyFactory(**{field: SCRIPT})
    pages = {
        "detail": technology.get_absolute_url(),
        "list": reverse("technologies:list"),
        "rss": reverse("technologies:rss"),
        "atom": reverse("technologies:atom"),
    }
    for name, url in pages.items():
        url = url.replace("/en/", f"/{lang}/", 1)
        body = client.get(url, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        assert SCRIPT not in body, f"{name} ({lang}) renders a stored title as markup"
        assert ESCAPED in body or ESCAPED.replace("&lt;", "&amp;lt;") in body, f"{name} ({lang})"


def test_an_agency_named_script_renders_escaped_in_the_directory_and_the_admin(client, admin_client):
    agency = factories.AgencyFactory(name_en=SCRIPT)
    for url in (agency.get_absolute_url(), reverse("agencies:list")):
        body = client.get(url).content.decode()
        assert SCRIPT not in body and ESCAPED in body, url
    changelist = admin_client.get(reverse("admin:agencies_agency_changelist")).content.decode()
    assert SCRIPT not in changelist and ESCAPED in changelist
