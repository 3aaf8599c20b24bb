"""The visible text of rich text, read by the search index and the open data."""

from haidian.core.richtext import plain_text


def test_paragraphs_stay_words_apart_entities_decoded_on_one_line():
    assert plain_text("<p>chip</p>\n<p>design &amp; <strong>test</strong></p>") == "chip design & test"


def test_script_and_style_content_dropped():
    assert plain_text("<script>alert('licence')</script><style>p{}</style>laser") == "laser"
