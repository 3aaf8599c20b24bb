"""Bilingual columns (en, zh-hans), then history: registered after translation so it records both."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import Agency, AgencyMember


@register(Agency)
class AgencyTranslation(TranslationOptions):
    fields = ("name", "description", "address")


register_history(Agency, m2m_fields=["services", "sectors", "countries"])
register_history(AgencyMember)
