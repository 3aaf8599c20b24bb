"""Follow-through of inquiries: inquiry -> introduction -> negotiation -> contract, or declined.

Each step is a keyword-only, atomic service that locks the inquiry, moves it forward only, sets
each stage's date once, and records who did it and why in the history. A step also counts as the
agency's answer to the visitor (an open inquiry becomes *answered*), so the response-time figures
see an introduction or a decline as a response. The listing's availability follows its
negotiations (see :func:`_sync_availability`). A decline is e-mailed to the listing's owner with
a signed link to the owner's report (:mod:`listings.owner_report`).
"""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from haidian.core import emails, inquiries
from haidian.core.cache import bump_content_version

from .models import (
    Availability,
    DeclineReason,
    Inquiry,
    InquiryStage,
    Technology,
    TechnologyStatus,
)
from .owner_report import owner_report_url
from .services import TransitionError, change_reason, lock_inquiry, save_change


def _sync_availability(technology_id, *, by) -> None:
    """Keep the listing's availability in step with its negotiations.

    A negotiation starting makes an available listing *under negotiation*; when the last open
    negotiation on it is declined, it is *available* again (a listing must not look taken because
    of a deal that fell through). A transfer is recorded by closing the listing, not here: a
    signed licence need not end the offer.
    """
    listing = Technology.objects.select_for_update().get(pk=technology_id)
    if listing.status in (TechnologyStatus.CLOSED, TechnologyStatus.WITHDRAWN):
        return
    negotiating = listing.inquiries.genuine().filter(stage=InquiryStage.NEGOTIATION).exists()
    if negotiating and listing.availability == Availability.AVAILABLE:
        target, why = Availability.UNDER_NEGOTIATION, _("Negotiation started on an inquiry")
    elif not negotiating and listing.availability == Availability.UNDER_NEGOTIATION:
        target, why = Availability.AVAILABLE, _("Its last negotiation was declined")
    else:
        return
    listing.availability = target
    save_change(listing, by=by, reason=change_reason(target.label, str(why)), fields=["availability"])


@transaction.atomic
def inquiry_advance(*, inquiry, stage: str, by, contract=None, reason: str = "") -> Inquiry:
    """Move an inquiry forward to ``stage``; skipped stages are dated now too (they were reached).

    ``contract`` (the signed contract) is required for the contract stage and must be a contract
    of the same listing or, when it names no listing, of the same agency.
    """
    inquiry = lock_inquiry(inquiry)
    if stage == InquiryStage.CONTRACT and stage in inquiry.next_stages():
        _check_contract(inquiry, contract)
    label, fields = inquiries.advance(inquiry, stage, by=by, contract=contract)
    save_change(inquiry, by=by, reason=change_reason(label, reason), fields=fields)
    if stage == InquiryStage.NEGOTIATION:
        _sync_availability(inquiry.technology_id, by=by)
    _figures_changed()
    return inquiry


def _check_contract(inquiry, contract) -> None:
    if contract is None:
        raise TransitionError(gettext("Choose the contract that was signed."), code="contract_required")
    technology = inquiry.technology
    same_listing = contract.technology_id == technology.pk
    same_agency = contract.technology_id is None and contract.agency_id == technology.agency_id
    if not (same_listing or same_agency):
        raise TransitionError(
            gettext("Contract %(reference)s is not about “%(title)s”.")
            % {"reference": contract.reference, "title": technology},
            code="contract_mismatch",
        )


@transaction.atomic
def inquiry_decline(*, inquiry, reason: str, by, note: str = "") -> Inquiry:
    """Decline an inquiry with a coded reason (and a note for the listing's owner).

    The owner's contact, if the owner organization has one, receives the reason, the note and a
    link to the listing's report once the transaction commits.
    """
    inquiry = lock_inquiry(inquiry)
    was_negotiating = inquiry.stage == InquiryStage.NEGOTIATION
    fields = inquiries.decline(inquiry, reason, by=by, note=note)
    label = DeclineReason(reason).label
    save_change(inquiry, by=by, reason=change_reason(_("Declined"), str(label)), fields=fields)
    if was_negotiating:
        _sync_availability(inquiry.technology_id, by=by)
    _notify_owner(inquiry)
    _figures_changed()
    return inquiry


def _figures_changed() -> None:
    # The public agency page is cached whole under the content version, and inquiries are not
    # content (a public form post must not empty the cache): a staff step bumps it explicitly.
    transaction.on_commit(bump_content_version)


def _report_url(technology, language: str) -> str:
    with translation.override(language):
        return owner_report_url(technology)


def _notify_owner(inquiry) -> None:
    technology = inquiry.technology
    recipient = technology.owner.contact_email
    if not recipient:
        return
    # The owner's language is not known: the body is in both languages, English first.
    emails.send(
        "inquiry-declined",
        to=[recipient],
        language="en",
        key=f"inquiry-declined:{inquiry.pk}",
        context={
            "inquiry": inquiry,
            "technology": technology,
            # Each language's part links to the report in that language.
            "parts": [(code, _report_url(technology, code)) for code, _name in settings.LANGUAGES],
        },
    )
