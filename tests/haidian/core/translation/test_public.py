"""Readers see which text is machine-made: a "Machine translation" marker beside it, next to the
existing "not yet translated" fallback marker; one template tag does both."""

import pytest
from django.template import Context, Template
from django.utils import translation

from tests import factories

pytestmark = pytest.mark.django_db


def render(obj, field="title", **options):
    args = " ".join(f"{key}={value}" for key, value in options.items())
    return Template(f'{{% load site %}}{{% localized obj "{field}" {args} %}}').render(Context({"obj": obj}))


def test_the_marker_shows_only_in_the_language_whose_text_is_machine_made():
    technology = factories.TechnologyFactory(
        title_en="Furnace", title_zh_hans="熔炉", machine_translated=["title_zh_hans"]
    )
    assert "machine-badge" not in render(technology)
    with translation.override("zh-hans"):
        html = render(technology)
    assert html.startswith("熔炉")
    assert 'class="machine-badge"' in html and "title=" in html


def test_a_machine_made_original_shown_as_fallback_carries_both_markers():
    technology = factories.TechnologyFactory(
        title_en="Furnace", title_zh_hans="", machine_translated=["title_en"]
    )
    with translation.override("zh-hans"):
        html = render(technology)
    assert 'lang="en"' in html and "fallback-badge" in html and "machine-badge" in html


def test_rich_text_gets_the_marker_above_the_body():
    page = factories.PageFactory(body_en="<p>Body</p>", machine_translated=["body_en"])
    html = render(page, "body", rich="True")
    assert html.index("machine-badge") < html.index("<p>Body</p>")


def test_badge_false_leaves_the_text_bare():
    technology = factories.TechnologyFactory(title_en="Furnace", machine_translated=["title_en"])
    assert render(technology, badge="False") == "Furnace"


def test_a_deferred_list_is_not_loaded_per_object(django_assert_num_queries):
    from listings.models import Technology

    factories.TechnologyFactory(title_en="Furnace", machine_translated=["title_en"])
    technology = Technology.objects.defer("machine_translated").get()
    with django_assert_num_queries(0):
        assert render(technology) == "Furnace"


def test_the_listing_page_marks_machine_made_text(client):
    technology = factories.TechnologyFactory(
        summary_zh_hans="机器翻译的摘要", machine_translated=["summary_zh_hans"]
    )
    factories.BenefitClaimFactory(technology=technology, machine_translated=["metric_zh_hans"])
    english = client.get(technology.get_absolute_url()).content.decode()
    assert "machine-badge" not in english
    chinese = client.get(technology.get_absolute_url().replace("/en/", "/zh-hans/")).content.decode()
    assert chinese.count('class="machine-badge"') == 2  # the summary and the claim's metric
