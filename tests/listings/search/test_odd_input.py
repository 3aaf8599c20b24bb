"""Search never fails on what a visitor may type or paste."""

import pytest

from listings.models import Technology
from listings.search import search_technologies
from listings.text import MAX_QUERY_TOKENS, query_terms
from tests import factories

pytestmark = pytest.mark.django_db

ODD = [
    "\x00",
    "chip\x00design",
    "x" * 10_000,
    "芯片 " * 3_000,
    "!!!",
    "'\"\\;--",
    "' OR 1=1 --",
    "a & b | !c",
    "licens:* & (x",
    "%_%",
    "<script>alert(1)</script>",
    "🙂🚀",
    "\u200b\u00a0\t\n",
    "ＡＢＣ１２３",
    "-1",
    "9" * 400,
    "سلام дружба",
]


@pytest.mark.parametrize("query", ODD, ids=range(len(ODD)))
def test_odd_input_returns_a_result(query):
    factories.TechnologyFactory(title_en="Chip design", title_zh_hans="芯片设计")
    result = list(search_technologies(query, Technology.objects.published()))
    assert isinstance(result, list)


def test_nul_bytes_are_spaces():
    technology = factories.TechnologyFactory(title_en="Chip design")
    assert list(search_technologies("chip\x00design")) == [technology]


def test_punctuation_only_is_an_empty_query():
    queryset = Technology.objects.all()
    assert search_technologies("!!! ？。", queryset) is queryset


def test_long_queries_are_cut_to_a_few_terms():
    assert len(query_terms(" ".join(f"word{i}" for i in range(1000)))) == MAX_QUERY_TOKENS
    assert len(query_terms("芯片设计" * 2000)) <= MAX_QUERY_TOKENS


def test_non_string_queries():
    technology = factories.TechnologyFactory(title_en="Model 2049 reactor")
    assert list(search_technologies(2049)) == [technology]
