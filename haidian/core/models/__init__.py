from haidian.core.models.cms import (
    Article,
    ArticleQuerySet,
    KeyFigure,
    KeyFigureQuerySet,
    Page,
    PublicationStatus,
)
from haidian.core.models.common import AuditedModel, SingleLineCharFields, TranslationProvenance
from haidian.core.models.directory import (
    Country,
    Organization,
    OrganizationKind,
    Sector,
    SectorQuerySet,
)
from haidian.core.models.mail import MessageStatus, OutboundMessage, OutboundMessageQuerySet

__all__ = [
    "Article",
    "ArticleQuerySet",
    "AuditedModel",
    "Country",
    "KeyFigure",
    "KeyFigureQuerySet",
    "MessageStatus",
    "Organization",
    "OrganizationKind",
    "OutboundMessage",
    "OutboundMessageQuerySet",
    "Page",
    "PublicationStatus",
    "Sector",
    "SectorQuerySet",
    "SingleLineCharFields",
    "TranslationProvenance",
]
