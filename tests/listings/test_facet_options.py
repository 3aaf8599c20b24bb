"""The facet options of the technology list (listings.templatetags.facets): the markup a visitor and
a screen reader use, with every text escaped."""

from django.template import Context, Template
from django.utils import translation

from listings.templatetags.facets import facet_options


def option(**changes):
    return {
        "value": "jp",
        "label": "Japan",
        "count": 12,
        "selected": False,
        "fallback": None,
        "href": "?kind=need&target_country=JP",
        **changes,
    }


def test_an_option_is_a_link_with_its_label_and_count():
    assert facet_options([option()]) == (
        '<li><a class="facet-option" href="?kind=need&amp;target_country=JP">'
        '<span class="facet-label">Japan</span> <span class="count">12</span></a></li>'
    )


def test_a_chosen_option_is_marked_for_eyes_and_screen_readers_and_links_to_its_removal():
    with translation.override("zh-hans"):
        html = facet_options([option(selected=True, href="?kind=need")])
    assert html.startswith('<li><a class="facet-option selected" aria-current="true" href="?kind=need">')
    assert (
        '<span class="check" aria-hidden="true">✓</span> Japan</span> <span class="count">12</span>' in html
    )
    with translation.override("zh-hans"):
        removal = translation.gettext("(selected, select to remove)")
    assert removal != "(selected, select to remove)"  # the catalogue has it
    assert html.endswith(f'<span class="visually-hidden">{removal}</span></a></li>')


def test_a_sub_sector_is_indented_and_a_label_in_the_other_language_says_so():
    html = facet_options([option(child=True, fallback="en"), option(fallback="zh-hans", label="日本")])
    first, second = html.split("</li>")[:2]
    assert first.startswith('<li class="facet-child">')
    assert 'Japan <span class="fallback-badge">(English)</span>' in first
    assert second.startswith("<li>") and '日本 <span class="fallback-badge">(中文)</span>' in second


def test_labels_and_links_are_escaped():
    html = facet_options([option(label='<script>alert("x")</script>', href='?q="><script>')])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert 'href="?q=&quot;&gt;&lt;script&gt;"' in html


def test_the_tag_writes_every_option_of_a_facet_in_order():
    template = Template("{% load facets %}<ul>{% facet_options options %}</ul>")
    options = [option(label="Japan", count=3), option(label="Sweden", count=2, selected=True)]
    html = template.render(Context({"options": options}))
    assert html.count("<li>") == 2
    assert (
        html.index("Japan") < html.index("Sweden") and "selected" in html.split("Sweden")[0].split("<li>")[-1]
    )
