from .cms import Article, ArticleQuerySet, KeyFigure, KeyFigureQuerySet, Page, PublicationStatus
from .common import AuditedModel, SingleLineCharFields, TranslationProvenance
from .directory import Country, Organization, OrganizationKind, OrganizationQuerySet, Sector, SectorQuerySet

__all__ = [
    "Article",
    "ArticleQuerySet",
    "AuditedModel",
    "Country",
    "KeyFigure",
    "KeyFigureQuerySet",
    "Organization",
    "OrganizationKind",
    "OrganizationQuerySet",
    "Page",
    "PublicationStatus",
    "Sector",
    "SectorQuerySet",
    "SingleLineCharFields",
    "TranslationProvenance",
]
