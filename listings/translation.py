"""Bilingual columns (en, zh-hans), then history: registered after translation so it records both."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import Attachment, BenefitClaim, Contract, Inquiry, Technology


@register(Technology)
class TechnologyTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "keywords")


@register(Attachment)
class AttachmentTranslation(TranslationOptions):
    fields = ("title",)


@register(BenefitClaim)
class BenefitClaimTranslation(TranslationOptions):
    fields = ("metric", "unit", "compared_with")


@register(Contract)
class ContractTranslation(TranslationOptions):
    fields = ("title", "summary")


register_history(Technology, m2m_fields=["sectors", "target_countries", "transaction_types"])
register_history(Attachment)
register_history(BenefitClaim)
register_history(Contract, m2m_fields=["sectors"])
register_history(Inquiry)
