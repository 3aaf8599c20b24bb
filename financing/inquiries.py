"""Structured inquiries from the financing pages, and their handling: one function per operation.

"Ask about this product" reaches the lender: its staff's addresses (``LenderMember``), else the
lender's contact address, else the center, which passes it on. "I can fund this" reaches the
center, which introduces the lender to the company (a company's address is not handed to whoever
fills in a form). The e-mail goes through the durable mail queue (haidian.core.emails); the inquiry
is *queued* until the worker delivers it, then *forwarded*. The status and stage steps, the
response-time target and the decline codes are every inquiry's (haidian.core.inquiries); each
service here locks the row and records who did it and why in the history.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed

from haidian.core import inquiries, workflow
from haidian.core.cache import bump_content_version
from haidian.core.inquiries import DeclineReason, InquiryStatus
from haidian.core.workflow import TransitionError, change_reason, save_change

from .models import FinancingInquiry, LenderMember

MAIL_KIND = "financing-inquiry"


def recipients(inquiry) -> list[str]:
    """Who receives the inquiry: the lender's staff or contact address, or the center."""
    center = [settings.CENTER_CONTACT["email"]]
    if inquiry.product_id is None:
        return center
    lender = inquiry.product.lender
    staff = sorted(
        set(
            LenderMember.objects.filter(lender=lender, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    return staff or ([lender.contact_email] if lender.contact_email else center)


def _lock(inquiry) -> FinancingInquiry:
    # of=("self",): PostgreSQL cannot lock the nullable side of an outer join.
    return (
        FinancingInquiry.objects.select_for_update(of=("self",))
        .select_related("product__lender", "need__company")
        .get(pk=inquiry.pk)
    )


def _queue_mail(inquiry, *, page_url: str = "", key: str | None = None) -> list[str]:
    """Queue the inquiry's e-mail to its recipients; returns them."""
    to = recipients(inquiry)
    subject = inquiry.subject
    inquiries.queue_mail(
        inquiry,
        MAIL_KIND,
        to=to,
        key=key,
        context={
            "subject": subject,
            "url": page_url or settings.SITE_URL.rstrip("/") + subject.get_absolute_url(),
        },
    )
    return to


@transaction.atomic
def inquiry_submit(
    *,
    name: str,
    email: str,
    message: str,
    product=None,
    need=None,
    organization_name: str = "",
    phone: str = "",
    amount_cny=None,
    term_months=None,
    language: str = "en",
    ip_address=None,
    page_url: str = "",
    submission_token=None,
) -> FinancingInquiry:
    """Store an inquiry about a product or a need, and queue its e-mail.

    ``submission_token``: the form's idempotency token; the same token stores one inquiry.
    """
    inquiry = FinancingInquiry(
        product=product,
        need=need,
        lender=product.lender if product is not None else None,
        name=name,
        email=email,
        message=message,
        organization_name=organization_name,
        phone=phone,
        amount_cny=amount_cny,
        term_months=term_months,
        language=language,
        ip_address=ip_address,
        submission_token=submission_token,
    )
    inquiry, created = FinancingInquiry.objects.store_once(inquiry)
    if not created:
        return inquiry
    _queue_mail(inquiry, page_url=page_url, key=f"{MAIL_KIND}:{inquiry.pk}")
    inquiry.save(update_fields=["status"])
    return inquiry


def _refusal(inquiry, action) -> str:
    return gettext("The inquiry from %(name)s is %(status)s: it cannot be %(action)s.") % {
        "name": inquiry.name,
        "status": inquiry.get_status_display().lower(),
        "action": action,
    }


def _status_step(inquiry, name: str, *, by, action, args=()) -> FinancingInquiry:
    """Run the declared status transition ``name`` on the locked inquiry and record it."""
    inquiry = _lock(inquiry)
    fields = workflow.run(inquiry, name, *args, refusal=_refusal(inquiry, action)) or []
    inquiry.handled_by = by
    label = workflow.label(FinancingInquiry, name)
    save_change(inquiry, by=by, reason=str(label), fields=["status", *fields, "handled_by"])
    return inquiry


@transaction.atomic
def inquiry_forward(*, inquiry, by) -> FinancingInquiry:
    """Queue the inquiry's e-mail again (after a failure, or to reach a lender's new staff)."""
    inquiry = _lock(inquiry)
    if inquiry.status == InquiryStatus.QUEUED:
        raise TransitionError(
            gettext("The inquiry from %(name)s is already queued.") % {"name": inquiry.name},
            code="already_queued",
        )
    if not can_proceed(inquiry.queue_mail):
        raise TransitionError(_refusal(inquiry, gettext("forwarded")), code="invalid_transition")
    to = _queue_mail(inquiry)
    inquiry.handled_by = by
    save_change(
        inquiry,
        by=by,
        reason=change_reason(_("E-mail queued"), ", ".join(to)),
        fields=["status", "handled_by"],
    )
    return inquiry


@transaction.atomic
def inquiry_answer(*, inquiry, by) -> FinancingInquiry:
    """Record that the sender got an answer; the response time counts until now."""
    return _status_step(inquiry, "answer", by=by, action=gettext("answered"), args=(timezone.now(),))


@transaction.atomic
def inquiry_mark_spam(*, inquiry, by) -> FinancingInquiry:
    return _status_step(inquiry, "mark_spam", by=by, action=gettext("marked as spam"))


@transaction.atomic
def inquiry_advance(*, inquiry, stage: str, by, reason: str = "") -> FinancingInquiry:
    """Move an inquiry forward to ``stage`` (introduction, negotiation, contract: the loan or
    investment agreement signed); it counts as the answer to the sender."""
    inquiry = _lock(inquiry)
    label, fields = inquiries.advance(inquiry, stage, by=by)
    save_change(inquiry, by=by, reason=change_reason(label, reason), fields=fields)
    transaction.on_commit(bump_content_version)
    return inquiry


@transaction.atomic
def inquiry_decline(*, inquiry, reason: str, by, note: str = "") -> FinancingInquiry:
    """Decline an inquiry with a coded reason (and a note kept with it)."""
    inquiry = _lock(inquiry)
    fields = inquiries.decline(inquiry, reason, by=by, note=note)
    label = DeclineReason(reason).label
    save_change(inquiry, by=by, reason=change_reason(_("Declined"), str(label)), fields=fields)
    transaction.on_commit(bump_content_version)
    return inquiry


#: The inquiry follows its e-mail (connected in apps.py).
inquiry_mail_changed = inquiries.mail_follower(FinancingInquiry, MAIL_KIND)
