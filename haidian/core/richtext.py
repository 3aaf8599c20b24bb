"""The visible text of stored rich text, for the search index and the open data.

Pure functions, no Django: the benchmark's data generator uses them too.
"""

import html

import nh3


def plain_text(value: str) -> str:
    """Visible text of rich text on one line: nh3 drops the tags (and the content of script and
    style), entities are decoded, runs of white space become one space. A space put before each tag
    keeps "<p>chip</p><p>design</p>" two words, at the price of splitting a word marked up inside
    ("un<em>usual</em>"), which the sanitised editor's text does not do."""
    return " ".join(html.unescape(nh3.clean((value or "").replace("<", " <"), tags=set())).split())
