from .cms import Article, ArticleQuerySet, KeyFigure, KeyFigureQuerySet, Page, PublicationStatus
from .common import AuditedModel, TranslationProvenance
from .directory import Country, Organization, OrganizationKind, OrganizationQuerySet, Sector, SectorQuerySet
from .mail import MessageStatus, OutboundMessage, OutboundMessageQuerySet

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
    "OrganizationQuerySet",
    "OutboundMessage",
    "OutboundMessageQuerySet",
    "Page",
    "PublicationStatus",
    "Sector",
    "SectorQuerySet",
    "TranslationProvenance",
]
