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

__all__ = [
    "Article",
    "ArticleQuerySet",
    "AuditedModel",
    "Country",
    "KeyFigure",
    "KeyFigureQuerySet",
    "Organization",
    "OrganizationKind",
    "Page",
    "PublicationStatus",
    "Sector",
    "SectorQuerySet",
    "SingleLineCharFields",
    "TranslationProvenance",
]
