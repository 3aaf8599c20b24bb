"""Single-line text and the visible text of rich text (haidian.core.text, haidian.core.richtext) on
their own: no database."""

import pytest
from django.core.exceptions import ValidationError

from haidian.core.richtext import plain_text
from haidian.core.text import LINE_BREAKS, single_line, validate_single_line


@pytest.mark.parametrize("brk", sorted(LINE_BREAKS))
def test_every_line_break_is_refused(brk):
    with pytest.raises(ValidationError) as refused:
        validate_single_line(f"Gene{brk}sequencer")
    assert refused.value.code == "line_break"
    assert refused.value.messages == ["Enter a single line: line breaks are not allowed here."]


@pytest.mark.parametrize("value", ["Gene sequencer\t2", "", None, 42, "基因 测序仪"])
def test_a_single_line_or_a_value_that_is_not_text_passes(value):
    assert validate_single_line(value) is None


def test_the_line_breaks_are_the_ones_splitlines_breaks_on():
    assert LINE_BREAKS == {c for c in map(chr, range(0x3000)) if len(f"a{c}b".splitlines()) == 2}


def test_single_line_collapses_every_run_of_white_space():
    assert single_line("  Re:\r\n gene\u2028sequencer\t\x0b2 ") == "Re: gene sequencer 2"
    assert single_line(42) == "42"


def test_plain_text_keeps_words_apart_and_decodes_entities():
    assert plain_text("<p>chip</p><p>design &amp;\n <em>test</em></p>") == "chip design & test"
    assert plain_text("<script>alert(1)</script>5 &lt;nm&gt;") == "5 <nm>"
    assert plain_text(None) == "" and plain_text("") == ""
