from .contracts import Contract, ContractQuerySet, Currency
from .inquiries import Inquiry, InquiryQuerySet, InquiryStatus
from .technologies import (
    Attachment,
    IPStatus,
    Technology,
    TechnologyKind,
    TechnologyQuerySet,
    TechnologyStatus,
    TransactionType,
    TransactionTypeKind,
)

__all__ = [
    "Attachment",
    "Contract",
    "ContractQuerySet",
    "Currency",
    "IPStatus",
    "Inquiry",
    "InquiryQuerySet",
    "InquiryStatus",
    "Technology",
    "TechnologyKind",
    "TechnologyQuerySet",
    "TechnologyStatus",
    "TransactionType",
    "TransactionTypeKind",
]
