"""Bilingual columns (en, zh-hans), then history: registered after translation so it records both."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import FinancingInquiry, FinancingNeed, FinancingProduct, LenderMember


@register(FinancingProduct)
class FinancingProductTranslation(TranslationOptions):
    fields = ("name", "description", "collateral")


@register(FinancingNeed)
class FinancingNeedTranslation(TranslationOptions):
    fields = ("title", "purpose")


register_history(FinancingProduct, m2m_fields=["sectors", "stages"])
register_history(FinancingNeed, m2m_fields=["sectors"])
register_history(LenderMember)
register_history(FinancingInquiry)
