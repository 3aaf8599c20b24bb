"""Write operations on listings and inquiries: one function per business operation.

Moderation of technology listings (draft -> in review -> published -> closed / withdrawn) and the
handling of inquiries. Every function is keyword-only and atomic, re-reads the row under a lock
(so a bulk action never overwrites a concurrent edit), records who did it and why in the history,
and refuses an invalid transition with :class:`TransitionError`.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed

from haidian.core import inquiries, workflow
from haidian.core.workflow import TransitionError, change_reason, save_change

from .models import Inquiry, InquiryStatus, Technology, TechnologyStatus


def _transition(*, technology, by, name: str, reason: str) -> Technology:
    listing = workflow.transition(Technology, technology.pk, name, timezone.now(), by=by, reason=reason)
    from .submissions import tell_submitter  # it runs these services itself

    tell_submitter(listing, name=name, reason=reason)
    return listing


@transaction.atomic
def technology_submit(*, technology, by, reason: str = "") -> Technology:
    """Draft -> in review: the agency asks the center to publish the listing."""
    return _transition(technology=technology, by=by, name="submit", reason=reason)


@transaction.atomic
def technology_publish(*, technology, by, reason: str = "") -> Technology:
    """In review -> published; ``published_at`` becomes now unless a later date was scheduled."""
    return _transition(technology=technology, by=by, name="publish", reason=reason)


@transaction.atomic
def technology_return_to_draft(*, technology, by, reason: str = "") -> Technology:
    """Back to draft: a rejected submission, or a published/withdrawn listing taken back for editing."""
    return _transition(technology=technology, by=by, name="return_to_draft", reason=reason)


@transaction.atomic
def technology_close(*, technology, by, reason: str = "") -> Technology:
    """Published -> closed: the technology was transferred (or the need fulfilled)."""
    return _transition(technology=technology, by=by, name="close", reason=reason)


@transaction.atomic
def technology_withdraw(*, technology, by, reason: str = "") -> Technology:
    """-> withdrawn: no longer on offer, without a transfer. Also what expiry does."""
    return _transition(technology=technology, by=by, name="withdraw", reason=reason)


#: The services of the technology workflow's declared transitions, in the order the admin offers them.
TRANSITION_SERVICES = {
    "submit": technology_submit,
    "publish": technology_publish,
    "return_to_draft": technology_return_to_draft,
    "close": technology_close,
    "withdraw": technology_withdraw,
}


@transaction.atomic
def technology_verify(*, technology, by) -> Technology:
    """Staff confirmed the listing is still current: renews ``last_verified_at``."""
    listing = Technology.objects.select_for_update().get(pk=technology.pk)
    if listing.status in (TechnologyStatus.CLOSED, TechnologyStatus.WITHDRAWN):
        raise TransitionError(
            gettext("“%(title)s” is %(status)s: there is nothing to verify.")
            % {"title": listing, "status": listing.get_status_display().lower()},
            code="invalid_transition",
        )
    listing.last_verified_at = timezone.now()
    save_change(listing, by=by, reason=str(_("Verified as current")), fields=["last_verified_at"])
    return listing


@transaction.atomic
def technology_edits_checked(*, technology, by) -> Technology:
    """The center checked the agency's changes to a published listing: the flag is cleared."""
    listing = Technology.objects.select_for_update().get(pk=technology.pk)
    if listing.agency_edited_at is None:
        raise TransitionError(
            gettext("“%(title)s” has no agency changes to check.") % {"title": listing},
            code="invalid_transition",
        )
    listing.agency_edited_at = None
    save_change(listing, by=by, reason=str(_("Agency changes checked")), fields=["agency_edited_at"])
    return listing


@transaction.atomic
def expire_stale_listings(now=None) -> int:
    """Withdraw published listings past their expiry date; returns how many.

    Expiry means *withdrawn*, not *closed*: closed is kept for listings that were transferred,
    which the contract statistics and the agencies' track record count as a success.
    """
    now = now or timezone.now()
    count = 0
    for listing in Technology.objects.expired(now=now).select_for_update().order_by("pk"):
        fields = workflow.run(listing, "withdraw", now)
        when = listing.expires_at.date().isoformat()
        save_change(
            listing,
            by=None,
            reason=change_reason(_("Withdrawn"), gettext("expired on %(date)s") % {"date": when}),
            fields=["status", *fields],
        )
        count += 1
    return count


# --- Inquiries -----------------------------------------------------------------------------------


def lock_inquiry(inquiry) -> Inquiry:
    """The inquiry read again under a row lock, with its listing, agency and owner."""
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer join to the agency.
    return (
        Inquiry.objects.select_for_update(of=("self",))
        .select_related("technology__agency", "technology__owner")
        .get(pk=inquiry.pk)
    )


def _locked_inquiry(inquiry, *, name: str, action) -> Inquiry:
    """The inquiry under a row lock, if its declared transition ``name`` is open from its status."""
    locked = lock_inquiry(inquiry)
    if not can_proceed(getattr(locked, name)):
        raise TransitionError(
            gettext("The inquiry from %(name)s is %(status)s: it cannot be %(action)s.")
            % {"name": locked.name, "status": locked.get_status_display().lower(), "action": action},
            code="invalid_transition",
        )
    return locked


def inquiry_recipient(inquiry) -> str:
    agency = inquiry.technology.agency
    if agency is None:
        return ""
    return agency.inquiry_email or agency.contact_email


def _queue_inquiry_mail(inquiry, *, recipient: str, listing_url: str = "", key: str | None = None) -> None:
    """Queue the inquiry's e-mail to the agency (haidian.core.inquiries.queue_mail)."""
    technology = inquiry.technology
    inquiries.queue_mail(
        inquiry,
        "inquiry",
        to=[recipient],
        key=key,
        context={
            "technology": technology,
            "url": listing_url or settings.SITE_URL.rstrip("/") + technology.get_absolute_url(),
        },
    )


@transaction.atomic
def inquiry_forward(*, inquiry, by) -> Inquiry:
    """Queue the inquiry's e-mail to the brokering agency (again, if it was forwarded or failed before);
    it is *forwarded* once the worker delivers it."""
    inquiry = _locked_inquiry(inquiry, name="queue_mail", action=gettext("forwarded"))
    if inquiry.status == InquiryStatus.QUEUED:
        raise TransitionError(
            gettext("The inquiry from %(name)s is already queued for the agency.") % {"name": inquiry.name},
            code="already_queued",
        )
    recipient = inquiry_recipient(inquiry)
    if not recipient:
        raise TransitionError(
            gettext("“%(title)s” has no brokering agency with an e-mail address to forward to.")
            % {"title": inquiry.technology},
            code="no_recipient",
        )
    _queue_inquiry_mail(inquiry, recipient=recipient)
    inquiry.handled_by = by
    save_change(
        inquiry,
        by=by,
        reason=change_reason(_("E-mail queued"), recipient),
        fields=["status", "handled_by"],
    )
    return inquiry


#: The inquiry follows its e-mail to the agency (connected in apps.py).
inquiry_mail_changed = inquiries.mail_follower(Inquiry, "inquiry")


@transaction.atomic
def inquiry_answer(*, inquiry, by) -> Inquiry:
    """Record that the visitor got an answer; the response time counts until now."""
    inquiry = _locked_inquiry(inquiry, name="answer", action=gettext("answered"))
    fields = inquiry.answer(timezone.now())
    inquiry.handled_by = by
    save_change(inquiry, by=by, reason=str(_("Answered")), fields=["status", *fields, "handled_by"])
    return inquiry


@transaction.atomic
def inquiry_mark_spam(*, inquiry, by) -> Inquiry:
    inquiry = _locked_inquiry(inquiry, name="mark_spam", action=gettext("marked as spam"))
    inquiry.mark_spam()
    inquiry.handled_by = by
    save_change(inquiry, by=by, reason=str(_("Marked as spam")), fields=["status", "handled_by"])
    return inquiry


# --- Inquiry intake (the public inquiry form) ----------------------------------------------------


@transaction.atomic
def inquiry_submit(
    *,
    technology,
    name: str,
    email: str,
    message: str,
    organization_name: str = "",
    phone: str = "",
    country=None,
    language: str = "en",
    ip_address=None,
    listing_url: str = "",
    submission_token=None,
) -> Inquiry:
    """Store a visitor's inquiry about a published listing and queue its e-mail to the agency.

    The e-mail to the agency's inquiry address (or its public contact address) is queued, and the
    inquiry is *queued* until the worker delivers it (then *forwarded*); a listing without a
    reachable agency keeps the inquiry as *new* for the center's staff to handle in the admin.
    ``listing_url``: the absolute address of the listing page, for the e-mail.
    ``submission_token``: the form's idempotency token; the same token stores one inquiry.
    """
    inquiry = Inquiry(
        technology=technology,
        name=name,
        email=email,
        message=message,
        organization_name=organization_name,
        phone=phone,
        country=country,
        language=language,
        ip_address=ip_address,
        submission_token=submission_token,
    )
    inquiry, created = Inquiry.objects.store_once(inquiry)
    if not created:
        return inquiry
    recipient = inquiry_recipient(inquiry)
    if recipient:
        _queue_inquiry_mail(
            inquiry, recipient=recipient, listing_url=listing_url, key=f"inquiry:{inquiry.pk}"
        )
        inquiry.save(update_fields=["status"])
    return inquiry
