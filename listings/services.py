"""Write operations on listings and inquiries: one function per business operation.

Moderation of technology listings (draft -> in review -> published -> closed / withdrawn) and the
handling of inquiries. Every function is keyword-only and atomic, re-reads the row under a lock
(so a bulk action never overwrites a concurrent edit), records who did it and why in the history,
and refuses an invalid transition with :class:`TransitionError`.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from haidian.core.text import single_line

from .models import Availability, Inquiry, InquiryStatus, Technology, TechnologyStatus

REASON_MAX_LENGTH = 100  # simple_history's history_change_reason column


class TransitionError(ValidationError):
    """The requested change of status is not allowed from the record's current status."""


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset
    target: str
    label: object  # lazy translation: what happened, for messages and the history


S = TechnologyStatus
TECHNOLOGY_TRANSITIONS = {
    t.name: t
    for t in (
        Transition("submit", frozenset({S.DRAFT}), S.IN_REVIEW, _("Submitted for review")),
        Transition("publish", frozenset({S.IN_REVIEW}), S.PUBLISHED, _("Published")),
        Transition(
            "return_to_draft",
            frozenset({S.IN_REVIEW, S.PUBLISHED, S.WITHDRAWN}),
            S.DRAFT,
            _("Returned to draft"),
        ),
        Transition("close", frozenset({S.PUBLISHED}), S.CLOSED, _("Closed (transferred)")),
        Transition("withdraw", frozenset({S.DRAFT, S.IN_REVIEW, S.PUBLISHED}), S.WITHDRAWN, _("Withdrawn")),
    )
}
#: Transitions only center staff may make (the moderator's decisions).
MODERATOR_TRANSITIONS = frozenset({"publish", "return_to_draft"})


def allowed_transitions(technology) -> list[Transition]:
    """The transitions open from the listing's current status, in workflow order."""
    return [t for t in TECHNOLOGY_TRANSITIONS.values() if technology.status in t.sources]


def change_reason(label, reason: str) -> str:
    text = f"{label}: {reason}" if reason else str(label)
    return text[:REASON_MAX_LENGTH]


def save_change(instance, *, by, reason: str, fields: list[str]) -> None:
    if hasattr(instance, "stamp"):
        instance.stamp(by)
        fields = [*fields, "updated_by"]
    instance._history_user = by if by is not None and by.is_authenticated else None
    instance._change_reason = reason
    instance.save(update_fields=[*fields, "updated_at"])


def _transition(*, technology, by, name: str, reason: str) -> Technology:
    transition = TECHNOLOGY_TRANSITIONS[name]
    listing = Technology.objects.select_for_update().get(pk=technology.pk)
    if listing.status not in transition.sources:
        raise TransitionError(
            gettext("“%(title)s” is %(status)s: it cannot be %(action)s from that status.")
            % {
                "title": listing,
                "status": listing.get_status_display().lower(),
                "action": str(transition.label).lower(),
            },
            code="invalid_transition",
        )
    now = timezone.now()
    fields = ["status"]
    if name == "submit":
        listing.submitted_at = now
        fields.append("submitted_at")
    elif name == "publish":
        if listing.published_at is None or listing.published_at < now:
            listing.published_at = now
        if listing.expires_at is not None and listing.expires_at <= listing.published_at:
            raise TransitionError(
                gettext("“%(title)s” expires before it would be published: change its expiry date first.")
                % {"title": listing},
                code="expired",
            )
        listing.last_verified_at = now
        listing.closed_at = None
        fields += ["published_at", "last_verified_at", "closed_at"]
    elif name in ("close", "withdraw"):
        listing.closed_at = now
        fields.append("closed_at")
        if name == "close":
            listing.availability = Availability.TRANSFERRED
            fields.append("availability")
    elif name == "return_to_draft":
        listing.closed_at = None
        fields.append("closed_at")
    listing.status = transition.target
    save_change(listing, by=by, reason=change_reason(transition.label, reason), fields=fields)
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
    if listing.status in (S.CLOSED, S.WITHDRAWN):
        raise TransitionError(
            gettext("“%(title)s” is %(status)s: there is nothing to verify.")
            % {"title": listing, "status": listing.get_status_display().lower()},
            code="invalid_transition",
        )
    listing.last_verified_at = timezone.now()
    save_change(listing, by=by, reason=str(_("Verified as current")), fields=["last_verified_at"])
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
        listing.status = S.WITHDRAWN
        listing.closed_at = now
        when = listing.expires_at.date().isoformat()
        save_change(
            listing,
            by=None,
            reason=change_reason(_("Withdrawn"), gettext("expired on %(date)s") % {"date": when}),
            fields=["status", "closed_at"],
        )
        count += 1
    return count


# --- Inquiries -----------------------------------------------------------------------------------

OPEN_INQUIRY = frozenset({InquiryStatus.NEW, InquiryStatus.FORWARDED})


def lock_inquiry(inquiry) -> Inquiry:
    """The inquiry read again under a row lock, with its listing, agency and owner."""
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer join to the agency.
    return (
        Inquiry.objects.select_for_update(of=("self",))
        .select_related("technology__agency", "technology__owner")
        .get(pk=inquiry.pk)
    )


def _locked_inquiry(inquiry, *, action) -> Inquiry:
    locked = lock_inquiry(inquiry)
    if locked.status not in OPEN_INQUIRY:
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


def _response_target(inquiry) -> str:
    """The line of the agency's e-mail that states the response-time target the visitor was told."""
    due = timezone.localtime(inquiry.response_due).strftime("%Y-%m-%d %H:%M")
    return "\n\n" + gettext("The center's target: an answer within %(hours)d hours, by %(due)s.") % {
        "hours": settings.INQUIRY_RESPONSE_HOURS,
        "due": due,
    }


@transaction.atomic
def inquiry_forward(*, inquiry, by) -> Inquiry:
    """E-mail the inquiry to the brokering agency (again, if it was forwarded before)."""
    inquiry = _locked_inquiry(inquiry, action=gettext("forwarded"))
    recipient = inquiry_recipient(inquiry)
    if not recipient:
        raise TransitionError(
            gettext("“%(title)s” has no brokering agency with an e-mail address to forward to.")
            % {"title": inquiry.technology},
            code="no_recipient",
        )
    technology = inquiry.technology
    body = gettext(
        "An inquiry about “%(title)s” (%(kind)s) reached the Haidian International Technology "
        "Transfer Center.\n\nFrom: %(name)s\nOrganization: %(organization)s\nE-mail: %(email)s\n"
        "Phone: %(phone)s\nCountry or region: %(country)s\nReceived: %(received)s\n\n%(message)s\n\n"
        "Reply to this e-mail to answer the visitor, then tell the center so it can record the answer."
    ) % {
        "title": technology.title,
        "kind": technology.get_kind_display(),
        "name": inquiry.name,
        "organization": inquiry.organization_name or "-",
        "email": inquiry.email,
        "phone": inquiry.phone or "-",
        "country": inquiry.country or "-",
        "received": timezone.localtime(inquiry.created_at).strftime("%Y-%m-%d %H:%M"),
        "message": inquiry.message,
    }
    body += _response_target(inquiry)
    subject = single_line(gettext("Inquiry about “%(title)s”") % {"title": technology.title})
    # Sent after commit: a rolled-back forward must not have e-mailed anyone.
    message = EmailMessage(subject=subject, body=body, to=[recipient], reply_to=[inquiry.email])
    transaction.on_commit(message.send)
    inquiry.status = InquiryStatus.FORWARDED
    inquiry.forwarded_at = timezone.now()
    inquiry.handled_by = by
    save_change(
        inquiry,
        by=by,
        reason=change_reason(_("Forwarded"), recipient),
        fields=["status", "forwarded_at", "handled_by"],
    )
    return inquiry


@transaction.atomic
def inquiry_answer(*, inquiry, by) -> Inquiry:
    """Record that the visitor got an answer; the response time counts until now."""
    inquiry = _locked_inquiry(inquiry, action=gettext("answered"))
    inquiry.status = InquiryStatus.ANSWERED
    inquiry.answered_at = timezone.now()
    inquiry.handled_by = by
    save_change(inquiry, by=by, reason=str(_("Answered")), fields=["status", "answered_at", "handled_by"])
    return inquiry


@transaction.atomic
def inquiry_mark_spam(*, inquiry, by) -> Inquiry:
    inquiry = _locked_inquiry(inquiry, action=gettext("marked as spam"))
    inquiry.status = InquiryStatus.SPAM
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
) -> Inquiry:
    """Store a visitor's inquiry about a published listing and e-mail it to the brokering agency.

    The e-mail goes to the agency's inquiry address (or its public contact address) once the
    transaction commits, with the visitor as Reply-To; a listing without a reachable agency keeps
    the inquiry as *new* for the center's staff to handle in the admin. An inquiry e-mailed here
    is *forwarded*. ``listing_url``: the absolute address of the listing page, for the e-mail.
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
    )
    inquiry.full_clean()
    recipient = inquiry_recipient(inquiry)
    if recipient:
        inquiry.status = InquiryStatus.FORWARDED
        inquiry.forwarded_at = timezone.now()
    inquiry.save()
    if recipient:
        url = listing_url or technology.get_absolute_url()
        body = gettext(
            "A visitor sent an inquiry about “%(title)s” (%(kind)s) through the website of the Haidian "
            "International Technology Transfer Center.\n\nFrom: %(name)s\nOrganization: %(organization)s\n"
            "E-mail: %(email)s\nPhone: %(phone)s\nCountry or region: %(country)s\nListing: %(url)s\n\n"
            "%(message)s\n\nReply to this e-mail to answer the visitor, then tell the center so it can "
            "record the answer."
        ) % {
            "title": technology.title,
            "kind": technology.get_kind_display(),
            "name": name,
            "organization": organization_name or "-",
            "email": email,
            "phone": phone or "-",
            "country": country or "-",
            "url": url,
            "message": message,
        }
        body += _response_target(inquiry)
        subject = single_line(gettext("Inquiry about “%(title)s”") % {"title": technology.title})
        mail = EmailMessage(subject=subject, body=body, to=[recipient], reply_to=[email])
        # Sent after commit: a rolled-back inquiry must not have e-mailed anyone.
        transaction.on_commit(mail.send)
    return inquiry
