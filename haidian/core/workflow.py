"""Declared state machines (django-fsm-2): the status columns and the transitions between their values.

A model with a workflow declares each transition once, as a method decorated with
``@transition(field=..., source=..., target=..., permission=..., custom={"label": ...})``. The
services run those methods (under a row lock, with the history's reason), and the admin's buttons and
bulk actions list the ones open to the user (``get_available_user_<field>_transitions``). No other
code assigns a status: ``tests/haidian/core/test_workflow.py`` reads the source to check it.

The fields are not ``protected``: the admin's revert, imports and restores rebuild rows with their
stored status, and the back-office field policy already keeps status read-only on every form.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django_fsm import FSMField, can_proceed


class StateField(FSMField):
    """A status column changed by the model's declared transitions.

    It stays a ``CharField`` in migrations: the state machine is behaviour, not schema, so
    declaring it altered no table.
    """

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


class TransitionError(ValidationError):
    """The requested change of status is not allowed from the record's current status."""


def declared(model, name: str):
    """The declaration of the transition method ``name`` of ``model`` (its label is ``.custom``)."""
    return next(iter(getattr(model, name)._django_fsm.transitions.values()))


def label(model, name: str):
    """What the transition does, for messages and the history (a lazy translation)."""
    return declared(model, name).custom["label"]


def may(model, name: str, user) -> bool:
    """Whether ``user`` may make the transition ``name`` where it is open (a bulk action asks this
    once, before the records' statuses are checked one by one)."""
    return declared(model, name).has_perm(None, user)


def run(instance, name: str, *args, refusal: str | None = None):
    """Run the declared transition ``name``; refuse with :class:`TransitionError` when it is not
    open from the current status (``refusal``: the message, or the standard one)."""
    method = getattr(instance, name)
    if not can_proceed(method):
        if refusal is None:
            refusal = gettext("“%(title)s” is %(status)s: it cannot be %(action)s from that status.") % {
                "title": instance,
                "status": instance.get_status_display().lower(),
                "action": str(label(type(instance), name)).lower(),
            }
        raise TransitionError(refusal, code="invalid_transition")
    return method(*args)


REASON_MAX_LENGTH = 100  # simple_history's history_change_reason column


def change_reason(label, reason: str) -> str:
    text = f"{label}: {reason}" if reason else str(label)
    return text[:REASON_MAX_LENGTH]


def save_change(instance, *, by, reason: str, fields: list[str]) -> None:
    """Save a transition's ``fields``, stamped and recorded in the history with who and why."""
    if hasattr(instance, "stamp"):
        instance.stamp(by)
        fields = [*fields, "updated_by"]
    instance._history_user = by if by is not None and by.is_authenticated else None
    instance._change_reason = reason
    instance.save(update_fields=[*fields, "updated_at"])


def transition(model, pk, name: str, *args, by, reason: str = ""):
    """The service of a declared transition: the row read again under a lock, the transition run
    (:func:`run`), the change saved with who did it and why (the history's reason: its label and
    ``reason``). Callers wrap it in a transaction."""
    instance = model.objects.select_for_update().get(pk=pk)
    fields = run(instance, name, *args)
    save_change(instance, by=by, reason=change_reason(label(model, name), reason), fields=["status", *fields])
    return instance
