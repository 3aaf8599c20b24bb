"""No path sets a workflow status directly: only the transitions declared on the models do."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from haidian.core.workflow import StateField, save_change, transition
from listings.models import Technology, TechnologyStatus
from tests import factories

ROOT = Path(__file__).resolve().parents[3]
SOURCES = ("haidian", "agencies", "listings", "financing")
#: Files that assign an attribute named like a workflow field, and why that is not a workflow.
NOT_WORKFLOWS = {
    "haidian/core/emails.py": "the mail queue's own Message.status, set by its worker",
}


def workflow_fields() -> set[str]:
    return {
        field.name
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, StateField)
    }


def assignments(tree, names):
    """(line, attribute) of every ``x.<name> = ...``, ``x.<name> += ...`` and ``setattr(x, "<name>", ...)``."""
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for element in ast.walk(target):
                if isinstance(element, ast.Attribute) and element.attr in names:
                    yield node.lineno, element.attr
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "setattr"
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value in names
        ):
            yield node.lineno, node.args[1].value


def test_the_workflows_are_declared():
    from listings.models import Inquiry, Technology

    assert {t.name for t in Technology._meta.get_field("status").get_all_transitions(Technology)} == {
        "submit",
        "publish",
        "return_to_draft",
        "close",
        "withdraw",
    }
    assert {t.name for t in Inquiry._meta.get_field("status").get_all_transitions(Inquiry)} == {
        "queue_mail",
        "mail_delivered",
        "mail_failed",
        "answer",
        "mark_spam",
    }
    assert {t.name for t in Inquiry._meta.get_field("stage").get_all_transitions(Inquiry)} == {
        "introduce",
        "start_negotiation",
        "sign_contract",
        "decline",
    }


def test_no_code_assigns_a_workflow_status():
    names = workflow_fields()
    assert {"status", "stage"} <= names
    found = []
    for package in SOURCES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or relative in NOT_WORKFLOWS:
                continue
            for line, attribute in assignments(ast.parse(path.read_text(), relative), names):
                found.append(f"{relative}:{line} sets .{attribute}")
    assert found == [], "Run the model's declared transition instead:\n" + "\n".join(found)


def test_a_state_field_is_a_plain_char_field_in_migrations():
    """Declaring a state machine altered no table: migrations see the CharField it was."""
    field = Technology._meta.get_field("status")
    name, path, args, kwargs = field.deconstruct()
    assert (name, path, args) == ("status", "django.db.models.CharField", [])
    assert kwargs["max_length"] == field.max_length and kwargs["default"] == field.default


@pytest.mark.django_db
def test_a_transition_records_who_made_it_and_why_in_the_row_and_its_history():
    """Stamped with the user (``updated_by``) and in the history with the user and the label alone
    when no reason is given."""
    editor = factories.UserFactory()
    draft = factories.TechnologyFactory(status=TechnologyStatus.DRAFT, published_at=None)
    transition(Technology, draft.pk, "submit", timezone.now(), by=editor)
    draft.refresh_from_db()
    latest = draft.history.latest()
    assert draft.status == TechnologyStatus.IN_REVIEW
    assert (draft.updated_by, latest.history_user) == (editor, editor)
    assert latest.history_change_reason == "Submitted for review"


@pytest.mark.django_db
def test_a_change_saved_by_a_visitor_is_recorded_without_a_user():
    """A public path passes the anonymous user: no one is recorded, in the row or its history."""
    listing = factories.TechnologyFactory(updated_by=factories.UserFactory())
    save_change(listing, by=AnonymousUser(), reason="Expired", fields=["status"])
    listing.refresh_from_db()
    assert listing.updated_by is None and listing.history.latest().history_user is None


@pytest.mark.django_db
def test_a_change_saves_only_its_own_fields():
    """What else the instance holds is not written: a concurrent editor's change to it stays."""
    listing = factories.TechnologyFactory(title_en="Before")
    Technology.objects.filter(pk=listing.pk).update(title_en="Edited meanwhile")
    listing.summary_en = "Not part of this change"
    save_change(listing, by=None, reason="", fields=["status"])
    listing.refresh_from_db()
    assert (listing.title_en, listing.summary_en) == ("Edited meanwhile", "A technology ready for transfer.")
