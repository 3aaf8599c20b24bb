"""The helpers of the site's template tags that choose and mark a localized text
(haidian.core.templatetags.site), on dicts and stand-in objects: no database."""

from types import SimpleNamespace

from django.utils import translation
from django.utils.html import escape

from haidian.core import provenance
from haidian.core.templatetags import site


def test_localized_text_prefers_the_active_language_then_falls_back():
    both = {"title_en": "Sequencer", "title_zh_hans": "测序仪"}
    assert site.localized_text(both, "title") == ("Sequencer", None)
    with translation.override("zh-hans"):
        assert site.localized_text(both, "title") == ("测序仪", None)
        assert site.localized_text({"title_en": "Sequencer", "title_zh_hans": ""}, "title") == (
            "Sequencer",
            "en",
        )
    assert site.localized_text({"title_en": None, "title_zh_hans": "测序仪"}, "title") == (
        "测序仪",
        "zh_hans",
    )
    assert site.localized_text({}, "title") == ("", None)


def test_localized_text_reads_attributes_of_objects_too():
    record = SimpleNamespace(name_en="", name_zh_hans="北京银行")
    assert site.localized_text(record, "name") == ("北京银行", "zh_hans")
    assert site.localized_text(SimpleNamespace(), "name") == ("", None)


def test_the_fallback_badge_names_the_language_it_shows():
    badge = site.fallback_badge("zh_hans")
    assert badge.startswith(' <span class="fallback-badge" lang="zh-Hans" title="')
    assert badge.endswith(">(中文)</span>")
    assert ' title="Not yet translated: shown in the original language">' in badge
    assert 'lang="en"' in site.fallback_badge("en") and "(English)" in site.fallback_badge("en")


def test_the_machine_badge_says_so():
    title, label = escape(provenance.MACHINE_TRANSLATION_TITLE), provenance.MACHINE_TRANSLATION_LABEL
    assert site.machine_badge() == f' <span class="machine-badge" title="{title}">{label}</span>'


def test_localized_marks_the_fallback_and_machine_text():
    row = {"title_en": "Sequencer", "title_zh_hans": "", "machine_translated": ["title_en"]}
    with translation.override("zh-hans"):
        html = site.localized(row, "title")
        plain = site.localized(row, "title", badge=False)
    assert html.startswith('<span lang="en">Sequencer</span> <span class="fallback-badge"')
    assert 'class="machine-badge"' in html
    assert plain == '<span lang="en">Sequencer</span>'
    assert site.localized({"title_en": ""}, "title") == ""
