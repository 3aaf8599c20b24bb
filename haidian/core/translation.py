"""Bilingual columns (en, zh-hans), then history: registered after translation so it records both."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from haidian.core.models import Article, Country, KeyFigure, Organization, Page, Sector


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)


@register(Sector)
class SectorTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "city", "description")


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "summary", "body")


@register(Article)
class ArticleTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "image_alt")


@register(KeyFigure)
class KeyFigureTranslation(TranslationOptions):
    fields = ("label", "unit", "source")


for model in (Sector, Organization, Page, Article, KeyFigure):
    register_history(model)
