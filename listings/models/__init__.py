from .alerts import SearchSubscription, SearchSubscriptionQuerySet
from .benefits import BenefitClaim
from .contracts import Contract, ContractQuerySet, Currency
from .inquiries import Conversion, DeclineReason, Inquiry, InquiryQuerySet, InquiryStage, InquiryStatus
from .stored_matches import StoredComparable, StoredMatch
from .submissions import TechnologySubmission
from .technologies import (
    Attachment,
    Availability,
    IPStatus,
    Technology,
    TechnologyKind,
    TechnologyQuerySet,
    TechnologyStatus,
    TransactionType,
    TransactionTypeKind,
)

__all__ = [
    "StoredComparable",
    "StoredMatch",
    "Attachment",
    "Availability",
    "BenefitClaim",
    "Contract",
    "Conversion",
    "ContractQuerySet",
    "Currency",
    "DeclineReason",
    "IPStatus",
    "Inquiry",
    "InquiryQuerySet",
    "InquiryStage",
    "InquiryStatus",
    "SearchSubscription",
    "SearchSubscriptionQuerySet",
    "Technology",
    "TechnologyKind",
    "TechnologyQuerySet",
    "TechnologyStatus",
    "TechnologySubmission",
    "TransactionType",
    "TransactionTypeKind",
]
