"""The active language and the modeltranslation columns that hold it: one place for every app.

modeltranslation stores each language in its own column (``title_en``, ``title_zh_hans``); code that
orders, searches or reads a column itself (PITFALLS.md 2) asks here which column is the active
language's, rather than working it out again.
"""

from django.conf import settings
from django.utils.translation import get_language


def active_language() -> str:
    """The active language code (``en``, ``zh-hans``), or the site's default outside a request."""
    return get_language() or settings.LANGUAGE_CODE


def is_chinese(language: str | None = None) -> bool:
    return (language or active_language()).lower().startswith("zh")


def column_suffix(language: str | None = None) -> str:
    """The column suffix of ``language`` (default: the active one): ``en``, ``zh_hans``."""
    return (language or active_language()).lower().replace("-", "_")


def column(field: str, language: str | None = None) -> str:
    """The column of ``field`` in ``language`` (default: the active one): ``title_zh_hans``."""
    return f"{field}_{column_suffix(language)}"


def language_codes() -> list[str]:
    """The site's languages, in the order of ``settings.LANGUAGES``."""
    return [code for code, _name in settings.LANGUAGES]


def column_suffixes() -> list[str]:
    """Every language's column suffix, the active language first."""
    active = column_suffix()
    return [active, *(suffix for suffix in map(column_suffix, language_codes()) if suffix != active)]
