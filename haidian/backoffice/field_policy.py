"""Which fields each back-office role may see and change: declared once per model, read by every path.

A model admin (or inline) declares ``field_policy = FieldPolicy(...)``; the back-office base classes
(:mod:`haidian.backoffice.base`) read it for change forms and inlines, list columns, list_editable,
filters and search, history lists, diffs, version pages and revert, and hand it to the import/export
resources (a column the role may not change is a row error, a column it may not see is not
exported). Center staff are not named in policies today: they see and change every field the
admin itself does not make read-only. A lender's staff (``LENDER_STAFF``) is one more key.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from haidian.backoffice.scoping import is_center_staff, is_lender_staff

CENTER = "center"
AGENCY_EDITOR = "agency_editor"
LENDER_STAFF = "lender_staff"


def role_of(user) -> str:
    """The back-office role whose field policy applies to ``user``."""
    if is_center_staff(user):
        return CENTER
    return LENDER_STAFF if is_lender_staff(user) else AGENCY_EDITOR


@dataclass(frozen=True)
class FieldPolicy:
    """The fields of one model that each role may not change (``readonly``) or not see (``hidden``).

    ``workflow`` names the fields that only the workflow services change (status and the state
    machine's own dates): restoring an old version never touches them, whoever reverts. Hidden
    fields are also not changeable; a field a role may neither see nor change goes in ``hidden``.
    """

    readonly: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    hidden: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    workflow: tuple[str, ...] = ()

    def hidden_for(self, role: str) -> tuple[str, ...]:
        return tuple(self.hidden.get(role, ()))

    def readonly_for(self, role: str) -> tuple[str, ...]:
        return tuple(self.readonly.get(role, ()))


def without(names: Iterable[str], dropped: Iterable[str]) -> list[str]:
    """``names`` in their order, less ``dropped``; a name is matched on its first part, so hiding
    ``internal_notes`` also drops ``internal_notes__startswith``."""
    dropped = set(dropped)
    return [name for name in names if name.split("__", 1)[0] not in dropped]
