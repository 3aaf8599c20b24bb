"""What the apps above add to the agency pages, registered from their ``AppConfig.ready()``.

The agency directory knows nothing of listings or contracts (imports point one way: agencies <-
listings); listings registers a section of the detail page (its listings, contracts and inquiry
figures) and an annotation of the list (the number of published listings).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DetailSection:
    #: Rendered inside the agency page's main column, with the page's context.
    template: str
    #: ``context(agency)``: what the template needs, added to the page's context.
    context: Callable[[Any], dict]


_DETAIL_SECTIONS: list[DetailSection] = []
_LIST_ANNOTATIONS: list[Callable[[], dict]] = []


def register_detail_section(section: DetailSection) -> None:
    if section not in _DETAIL_SECTIONS:
        _DETAIL_SECTIONS.append(section)


def register_list_annotations(annotations: Callable[[], dict]) -> None:
    """``annotations()`` gives ``QuerySet.annotate`` keyword arguments for the directory's agencies."""
    if annotations not in _LIST_ANNOTATIONS:
        _LIST_ANNOTATIONS.append(annotations)


def list_annotations() -> dict:
    merged: dict = {}
    for annotations in _LIST_ANNOTATIONS:
        merged.update(annotations())
    return merged


def detail_sections(agency) -> tuple[list[str], dict]:
    """The templates of the registered sections, and the context they need, for ``agency``."""
    context: dict = {}
    for section in _DETAIL_SECTIONS:
        context.update(section.context(agency))
    return [section.template for section in _DETAIL_SECTIONS], context
