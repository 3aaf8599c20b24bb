"""What every inquiry shares, whatever it asks about (a technology, a financing product or need).

The status of its e-mail and answer, its stage on the path from interest to a signed contract,
the decline codes, the response-time target (``INQUIRY_RESPONSE_HOURS``) and the conversion
figures live here once; listings' ``Inquiry`` and financing's ``FinancingInquiry`` are concrete
models of :class:`AbstractInquiry` and add what they are about. The follow-through steps that
every kind of inquiry takes the same way (:func:`advance`, :func:`decline`) are here too; each app's
service locks the row, records the history and does what else the step means for its records.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import can_proceed, transition

from haidian.core import emails, workflow
from haidian.core.models import MessageStatus, SingleLineCharFields
from haidian.core.workflow import StateField, TransitionError, change_reason, save_change


class InquiryStatus(models.TextChoices):
    NEW = "new", _("New")
    QUEUED = "queued", _("E-mail to the agency queued")
    FORWARDED = "forwarded", _("Forwarded to the agency")
    MAIL_FAILED = "mail_failed", _("E-mail to the agency failed")
    ANSWERED = "answered", _("Answered")
    SPAM = "spam", _("Spam")


#: Waiting for an answer: whether or not the e-mail has gone out yet.
OPEN_INQUIRY = frozenset(
    {InquiryStatus.NEW, InquiryStatus.QUEUED, InquiryStatus.FORWARDED, InquiryStatus.MAIL_FAILED}
)


#: Characters of the visitor's message quoted in a reply: mail programs cut longer mailto links.
REPLY_QUOTE_CHARS = 1500


class InquiryStage(models.TextChoices):
    """How far an inquiry has gone on the path from interest to a signed contract."""

    INQUIRY = "inquiry", _("Inquiry")
    INTRODUCTION = "introduction", _("Introduction")
    NEGOTIATION = "negotiation", _("Negotiation")
    CONTRACT = "contract", _("Contract")
    DECLINED = "declined", _("Declined")


#: The stages on the way to a contract, in order (the admin's stepper); a decline leaves the path.
INQUIRY_PATH = (
    InquiryStage.INQUIRY,
    InquiryStage.INTRODUCTION,
    InquiryStage.NEGOTIATION,
    InquiryStage.CONTRACT,
)

#: The path in order, with the date each stage sets when it is first reached.
PATH_DATES = (
    (InquiryStage.INQUIRY, "created_at"),
    (InquiryStage.INTRODUCTION, "introduced_at"),
    (InquiryStage.NEGOTIATION, "negotiation_at"),
    (InquiryStage.CONTRACT, "contracted_at"),
)
ORDER = {stage: index for index, (stage, _field) in enumerate(PATH_DATES)}
#: The declared transition (the stage machine of :class:`AbstractInquiry`) that moves forward to each stage.
ADVANCE = {
    InquiryStage.INTRODUCTION: "introduce",
    InquiryStage.NEGOTIATION: "start_negotiation",
    InquiryStage.CONTRACT: "sign_contract",
}


class DeclineReason(models.TextChoices):
    TOO_EARLY = "too_early", _("Too early")
    BENEFIT_UNCLEAR = "benefit_unclear", _("Benefit unclear")
    ROUTE_UNCLEAR = "route_unclear", _("Route to market unclear")
    DESCRIPTION_VAGUE = "description_vague", _("Description vague")
    OTHER = "other", _("Other")


@dataclass(frozen=True)
class Conversion:
    """How many inquiries reached each stage of the path to a contract, and the rate of each step.

    A stage counts as reached once its date is set, so an inquiry declined during negotiation
    still counts as introduced and as negotiated: each count includes the next one.
    """

    inquiries: int
    introductions: int
    negotiations: int
    contracts: int
    declined: int
    #: Inquiries that are answered or past the response-time target, and those answered within it.
    due: int = 0
    answered_in_time: int = 0

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        return round(100 * part / whole) if whole else None

    @property
    def introduction_rate(self) -> float | None:
        return self._rate(self.introductions, self.inquiries)

    @property
    def negotiation_rate(self) -> float | None:
        return self._rate(self.negotiations, self.introductions)

    @property
    def contract_rate(self) -> float | None:
        return self._rate(self.contracts, self.negotiations)

    @property
    def overall_rate(self) -> float | None:
        """Inquiries that ended in a contract, in percent."""
        return self._rate(self.contracts, self.inquiries)

    @property
    def in_time_rate(self) -> float | None:
        """Of the inquiries answered or already due, the share answered within the target."""
        return self._rate(self.answered_in_time, self.due)

    @property
    def is_public(self) -> bool:
        """Whether the sample is large enough (``CONVERSION_MIN_SAMPLE`` inquiries) for the
        rates to be shown to the public; the agency and the owner always see them."""
        return self.inquiries >= settings.CONVERSION_MIN_SAMPLE

    @property
    def response_is_public(self) -> bool:
        """The same threshold for the response record, counted on the inquiries it is computed from."""
        return self.due >= settings.CONVERSION_MIN_SAMPLE

    @property
    def min_sample(self) -> int:
        return settings.CONVERSION_MIN_SAMPLE


def response_target() -> timedelta:
    """The response-time target: every inquiry should be answered within it."""
    return timedelta(hours=settings.INQUIRY_RESPONSE_HOURS)


class InquiryQuerySet(models.QuerySet):
    def submitted(self, token) -> bool:
        """Whether the form carrying this idempotency token (as posted) was stored already: a
        double click or a retry, which shows the thank-you page again without counting against
        the rate limit."""
        try:
            token = uuid.UUID(str(token))
        except ValueError:
            return False
        return self.filter(submission_token=token).exists()

    def store_once(self, inquiry):
        """Validate and save a new inquiry from a public form, once per submission token: the same
        form sent twice (a double click, a retry, two requests at once) stores one inquiry.
        Returns the stored inquiry and whether it is new."""
        token = inquiry.submission_token
        if token is not None and (existing := self.filter(submission_token=token).first()):
            return existing, False
        inquiry.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                inquiry.save()
        except IntegrityError:
            if token is None:
                raise
            return self.get(submission_token=token), False  # the other request stored it
        return inquiry, True

    def open(self):
        """Inquiries still waiting for an answer."""
        return self.filter(status__in=OPEN_INQUIRY)

    def genuine(self):
        """Everything but spam: what conversion figures and response times count."""
        return self.exclude(status=InquiryStatus.SPAM)

    def past_response_target(self, now=None):
        """Open inquiries older than the response-time target (``INQUIRY_RESPONSE_HOURS``)."""
        return self.open().filter(created_at__lt=(now or timezone.now()) - response_target())

    def answered_late(self):
        """Inquiries answered after the response-time target."""
        return self.filter(answered_at__gt=models.F("created_at") + response_target())

    def conversion(self, now=None) -> Conversion:
        """Counts of genuine inquiries that reached each stage, and the response-time figures:
        one aggregate query."""
        target = response_target()
        counts = self.genuine().aggregate(
            inquiries=models.Count("pk"),
            introductions=models.Count("pk", filter=Q(introduced_at__isnull=False)),
            negotiations=models.Count("pk", filter=Q(negotiation_at__isnull=False)),
            contracts=models.Count("pk", filter=Q(contracted_at__isnull=False)),
            declined=models.Count("pk", filter=Q(stage=InquiryStage.DECLINED)),
            due=models.Count(
                "pk", filter=Q(answered_at__isnull=False) | Q(created_at__lt=(now or timezone.now()) - target)
            ),
            answered_in_time=models.Count("pk", filter=Q(answered_at__lte=models.F("created_at") + target)),
        )
        return Conversion(**counts)


class AbstractInquiry(SingleLineCharFields):
    """Someone's expression of interest, sent from a public page; private, never shown publicly.

    A concrete model adds what the inquiry is about, an index for the open-inquiry queue, and
    :meth:`about_title`.
    """

    name = models.CharField(_("name"), max_length=120)
    organization_name = models.CharField(_("organization"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True, editable=False)
    status = StateField(_("status"), max_length=12, choices=InquiryStatus.choices, default=InquiryStatus.NEW)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    stage = StateField(_("stage"), max_length=12, choices=InquiryStage.choices, default=InquiryStage.INQUIRY)
    introduced_at = models.DateTimeField(_("introduced at"), null=True, blank=True, editable=False)
    negotiation_at = models.DateTimeField(_("negotiation started at"), null=True, blank=True, editable=False)
    contracted_at = models.DateTimeField(_("contract signed at"), null=True, blank=True, editable=False)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True, editable=False)
    decline_reason = models.CharField(
        _("decline reason"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    decline_note = models.TextField(_("decline note"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    internal_notes = models.TextField(_("internal notes"), blank=True)
    submission_token = models.UUIDField(
        _("submission token"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("From the inquiry form: the same form sent twice stores one inquiry."),
    )

    objects = InquiryQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(answered_at__gte=models.F("created_at")),
                name="%(class)s_answered_after_received",
            ),
            models.CheckConstraint(
                condition=~Q(status=InquiryStatus.ANSWERED) | Q(answered_at__isnull=False),
                name="%(class)s_answered_has_date",
            ),
            models.CheckConstraint(
                condition=(Q(stage=InquiryStage.DECLINED) & ~Q(decline_reason=""))
                | (~Q(stage=InquiryStage.DECLINED) & Q(decline_reason="")),
                name="%(class)s_declined_has_reason",
            ),
        ]

    def about_title(self) -> str:
        """The title of what the inquiry is about, in the active language (for the reply's subject)."""
        raise NotImplementedError

    # --- Its status: open (new, e-mail queued, forwarded, e-mail failed) until answered or spam ----
    # Each app's services run these under a row lock and record the history.

    @transition(
        field=status,
        source=list(OPEN_INQUIRY),
        target=InquiryStatus.QUEUED,
        custom={"label": _("E-mail queued")},
    )
    def queue_mail(self) -> list[str]:
        """Its e-mail is queued (first, or again after a failure or a resend)."""
        return []

    @transition(
        field=status,
        source=list(OPEN_INQUIRY),
        target=InquiryStatus.FORWARDED,
        custom={"label": _("Forwarded")},
    )
    def mail_delivered(self, sent_at) -> list[str]:
        self.forwarded_at = sent_at
        return ["forwarded_at"]

    @transition(
        field=status,
        source=list(OPEN_INQUIRY),
        target=InquiryStatus.MAIL_FAILED,
        custom={"label": _("E-mail failed")},
    )
    def mail_failed(self) -> list[str]:
        return []

    @transition(
        field=status,
        source=list(OPEN_INQUIRY),
        target=InquiryStatus.ANSWERED,
        custom={"label": _("Answered")},
    )
    def answer(self, now) -> list[str]:
        """The visitor got an answer; the response time counts until ``now``."""
        self.answered_at = now
        return ["answered_at"]

    @transition(
        field=status,
        source=list(OPEN_INQUIRY),
        target=InquiryStatus.SPAM,
        custom={"label": _("Marked as spam")},
    )
    def mark_spam(self) -> list[str]:
        return []

    # --- Its stage on the path to a contract: forward only, or declined ---------------------------
    # advance() and decline() below run these; the apps' services lock the row and record the history.

    def _not_spam(self) -> bool:
        return self.status != InquiryStatus.SPAM

    @transition(
        field=stage,
        source=InquiryStage.INQUIRY,
        target=InquiryStage.INTRODUCTION,
        conditions=[_not_spam],
        custom={"label": _("Introduced")},
    )
    def introduce(self) -> None:
        pass

    @transition(
        field=stage,
        source=[InquiryStage.INQUIRY, InquiryStage.INTRODUCTION],
        target=InquiryStage.NEGOTIATION,
        conditions=[_not_spam],
        custom={"label": _("Negotiation started")},
    )
    def start_negotiation(self) -> None:
        pass

    @transition(
        field=stage,
        source=[InquiryStage.INQUIRY, InquiryStage.INTRODUCTION, InquiryStage.NEGOTIATION],
        target=InquiryStage.CONTRACT,
        conditions=[_not_spam],
        custom={"label": _("Contract signed")},
    )
    def sign_contract(self, contract=None) -> list[str]:
        """``contract``: the signed contract's record, where the model keeps one."""
        if contract is None:
            return []
        self.contract = contract
        return ["contract"]

    @transition(
        field=stage,
        source=[InquiryStage.INQUIRY, InquiryStage.INTRODUCTION, InquiryStage.NEGOTIATION],
        target=InquiryStage.DECLINED,
        conditions=[_not_spam],
        custom={"label": _("Declined")},
    )
    def decline(self, now, reason: str, note: str) -> list[str]:
        self.declined_at = now
        self.decline_reason = reason
        self.decline_note = note
        return ["declined_at", "decline_reason", "decline_note"]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_INQUIRY

    @property
    def response_time(self):
        if self.answered_at:
            return self.answered_at - self.created_at
        return None

    @property
    def response_due(self):
        """When it should have been answered: ``INQUIRY_RESPONSE_HOURS`` after it arrived."""
        return self.created_at + response_target()

    def next_stages(self) -> list[str]:
        """The stages the inquiry may still move to, as its state machine declares them."""
        open_ = {transition.name for transition in self.get_available_stage_transitions()}
        return [stage for stage, name in ADVANCE.items() if name in open_]

    def stage_steps(self) -> list[dict]:
        """The path to a contract as steps for the admin's stepper: each stage with its state
        (``done``, ``current`` or ``todo``) and the date it was reached; a declined inquiry ends
        in a step of state ``declined`` (its current one) after the stages it had reached."""
        dates = {stage: getattr(self, field) for stage, field in PATH_DATES}
        declined = self.stage == InquiryStage.DECLINED
        steps = []
        for stage in INQUIRY_PATH:
            if stage == self.stage:
                state = "current"
            elif dates[stage] and (declined or INQUIRY_PATH.index(stage) < INQUIRY_PATH.index(self.stage)):
                state = "done"
            else:
                state = "todo"
            if declined and state == "todo":
                continue
            steps.append({"stage": stage, "label": stage.label, "state": state, "date": dates[stage]})
        if declined:
            steps.append(
                {
                    "stage": self.stage,
                    "label": InquiryStage.DECLINED.label,
                    "state": "declined",
                    "date": self.declined_at,
                }
            )
        return steps

    def reply_mailto(self) -> str:
        """A ``mailto:`` link answering the visitor in their language: a subject naming what they
        asked about and their message quoted below an attribution line."""
        message = self.message.strip()
        if len(message) > REPLY_QUOTE_CHARS:
            message = message[:REPLY_QUOTE_CHARS].rstrip() + " …"
        quoted = "\n".join(f"> {line}".rstrip() for line in message.splitlines())
        with translation.override(self.language):
            subject = gettext("Re: your inquiry about “%(title)s”") % {"title": self.about_title()}
            attribution = gettext("On %(date)s, %(name)s wrote:") % {
                "date": formats.date_format(timezone.localtime(self.created_at), "DATE_FORMAT"),
                "name": self.name,
            }
        body = f"\n\n{attribution}\n{quoted}\n"
        return f"mailto:{quote(self.email, safe='@')}?subject={quote(subject)}&body={quote(body)}"


# --- Follow-through steps, the same for every kind of inquiry -------------------------------------


def stage_refusal(inquiry, action) -> str:
    return gettext("The inquiry from %(name)s is at the stage “%(stage)s”: it cannot be %(action)s.") % {
        "name": inquiry.name,
        "stage": inquiry.get_stage_display().lower(),
        "action": action,
    }


def _answer(inquiry, now, fields: list[str], by) -> None:
    """A step along the path is the answer to the visitor, if none was recorded yet: the
    response-time figures see an introduction or a decline as a response."""
    if can_proceed(inquiry.answer):
        fields += ["status", *inquiry.answer(now)]
    inquiry.handled_by = by
    fields.append("handled_by")


def advance(inquiry, stage: str, *, by, contract=None) -> tuple[str, list[str]]:
    """Move a locked inquiry forward to ``stage``; skipped stages are dated now too (they were
    reached). Returns the step's label and the changed fields, for the caller to save."""
    name = ADVANCE.get(stage)
    if name is None:
        raise TransitionError(stage_refusal(inquiry, str(stage).lower()), code="invalid_transition")
    label = workflow.label(type(inquiry), name)
    now = timezone.now()
    arguments = (contract,) if contract is not None else ()
    fields = [
        "stage",
        *(workflow.run(inquiry, name, *arguments, refusal=stage_refusal(inquiry, str(label).lower())) or []),
    ]
    for _stage, field in PATH_DATES[1 : ORDER[stage] + 1]:
        if getattr(inquiry, field) is None:
            setattr(inquiry, field, now)
            fields.append(field)
    _answer(inquiry, now, fields, by)
    return label, fields


def decline(inquiry, reason: str, *, by, note: str = "") -> list[str]:
    """Decline a locked inquiry with a coded reason (and a note); returns the changed fields."""
    if reason not in DeclineReason.values:
        raise TransitionError(gettext("Choose a reason for the decline."), code="reason_required")
    now = timezone.now()
    fields = [
        "stage",
        *workflow.run(
            inquiry, "decline", now, reason, note.strip(), refusal=stage_refusal(inquiry, gettext("declined"))
        ),
    ]
    _answer(inquiry, now, fields, by)
    return fields


# --- The inquiry's e-mail -------------------------------------------------------------------------


def queue_mail(inquiry, kind: str, *, to: list[str], context: dict, key: str | None = None) -> None:
    """Queue the e-mail ``kind`` about the inquiry to ``to``, in the sender's language, with the
    sender as Reply-To and the response-time target in its context. The inquiry is *queued* until
    the worker delivers it (see :func:`mail_follower`)."""
    emails.send(
        kind,
        to=to,
        reply_to=[inquiry.email],
        language=inquiry.language,
        key=key,
        object_id=inquiry.pk,
        context={
            "inquiry": inquiry,
            "response_hours": settings.INQUIRY_RESPONSE_HOURS,
            "due": timezone.localtime(inquiry.response_due).strftime("%Y-%m-%d %H:%M"),
            **context,
        },
    )
    inquiry.queue_mail()


#: What the worker's report on an inquiry's e-mail does to the inquiry.
MAIL_STEPS = {
    MessageStatus.SENT: "mail_delivered",
    MessageStatus.FAILED: "mail_failed",
    MessageStatus.QUEUED: "queue_mail",
}


def follow_mail(model, kind: str, message) -> None:
    """Move ``model``'s inquiry after the worker's report on its e-mail ``message`` of ``kind``:
    *forwarded* (with the date) once delivered, *e-mail failed* when it failed for good, *queued*
    again when it is sent again. A staff decision taken meanwhile (answered, spam) stays."""
    name = MAIL_STEPS.get(message.status)
    if message.kind != kind or message.object_id is None or name is None:
        return
    with transaction.atomic():
        inquiry = model.objects.select_for_update().filter(pk=message.object_id).first()
        if inquiry is None or not inquiry.is_open:
            return
        args = (message.sent_at,) if name == "mail_delivered" else ()
        fields = workflow.run(inquiry, name, *args)
        label = workflow.label(model, name)
        save_change(
            inquiry,
            by=None,
            reason=change_reason(label, ", ".join(message.to)),
            fields=["status", *fields],
        )


def mail_follower(model, kind: str):
    """A receiver of :data:`haidian.core.emails.message_changed` for the e-mails ``kind`` about
    ``model``'s inquiries (:func:`follow_mail`). Made once, at import: the rule itself runs in
    ``follow_mail`` at each report, where a test (and mutation testing) can reach it."""

    # Called at import (each app's receiver), where mutmut cannot apply a mutant; the tests that send
    # a report through each app's receiver fail when it changes (docs/mutants.md).
    # pragma: no mutate block
    def receiver(sender, *, message, **kwargs) -> None:
        follow_mail(model, kind, message)

    return receiver
