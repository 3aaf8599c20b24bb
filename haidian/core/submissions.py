"""Public submissions without an account: a technology need or offer, a financing need.

A visitor posts a form; what they posted is kept on a submission row (the app's concrete model of
:class:`Submission`) and nothing else is created until they follow the signed confirmation link
e-mailed to them (``django.core.signing``, valid ``SUBMISSION_CONFIRM_DAYS``). Confirming builds the
record (a listing, a need) in the app's moderation queue, where staff edit and publish it through
the record's declared workflow; the submitter hears the outcome by e-mail, in their language, and
may withdraw through a second signed link. Unconfirmed submissions are deleted after the same
number of days (``purge_unconfirmed_submissions``).

The apps keep their own model, form and confirmation service; this module holds what they share:
the columns, the links, the e-mails, the pages and the clean-up registry.
"""

import secrets
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape, linebreaks
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from haidian.core import emails
from haidian.core.i18n import column
from haidian.core.models import Organization, SingleLineCharFields
from haidian.core.web import client_ip, crumbs, private_page, rate_limited

CONFIRM = "confirm"
WITHDRAW = "withdraw"


class Outcome(models.TextChoices):
    PUBLISHED = "published", gettext_lazy("Published")
    DECLINED = "declined", gettext_lazy("Declined")


class SubmissionQuerySet(models.QuerySet):
    def confirmed(self):
        """What the moderation queue shows: submissions whose address was confirmed."""
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self, *, days: int, now=None):
        """Never confirmed and older than ``days``: the clean-up deletes them."""
        cutoff = (now or timezone.now()) - timedelta(days=days)
        return self.filter(confirmed_at__isnull=True, created_at__lt=cutoff)


class Submission(SingleLineCharFields):
    """What a visitor posted through a public form, and where it stands.

    ``data``: the form's fields as posted (lists of strings), validated again by the same form when
    the submitter confirms, so a record is only ever built from input the form accepts.
    Subclasses add the link to the record that confirmation creates and name their URLs.
    """

    contact_name = models.CharField(gettext_lazy("contact name"), max_length=120)
    email = models.EmailField(gettext_lazy("e-mail"))
    organization_name = models.CharField(gettext_lazy("organization"), max_length=200)
    language = models.CharField(
        gettext_lazy("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    data = models.JSONField(gettext_lazy("submitted form"), default=dict, editable=False)
    ip_address = models.GenericIPAddressField(
        gettext_lazy("IP address"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(gettext_lazy("submitted at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(gettext_lazy("confirmed at"), null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(
        gettext_lazy("withdrawn by the submitter at"), null=True, blank=True, editable=False
    )
    outcome = models.CharField(
        gettext_lazy("outcome"), max_length=10, choices=Outcome.choices, blank=True, editable=False
    )
    outcome_reason = models.CharField(
        gettext_lazy("reason given"), max_length=100, blank=True, editable=False
    )

    objects = SubmissionQuerySet.as_manager()

    #: URL names of the app's confirm and withdraw pages (each takes ``token``).
    confirm_url_name = ""
    withdraw_url_name = ""
    #: The subclass's link to the record that confirmation creates.
    record_field = ""

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organization_name} <{self.email}>"

    def posted(self) -> QueryDict:
        """The form's data as posted, for validating it again."""
        data = QueryDict(mutable=True)
        for key, values in self.data.items():
            data.setlist(key, values)
        return data

    def delete_files(self) -> None:
        """Remove the files the submission holds from storage (before the row is deleted)."""
        for field in self._meta.concrete_fields:
            if isinstance(field, models.FileField) and getattr(self, field.attname):
                getattr(self, field.name).delete(save=False)

    @classmethod
    def salt(cls, purpose: str) -> str:
        return f"{cls._meta.label_lower}.{purpose}"

    def token(self, purpose: str) -> str:
        return signing.dumps(self.pk, salt=self.salt(purpose))

    def link(self, purpose: str) -> str:
        """The absolute address of the confirm or withdraw page, for e-mails."""
        name = self.confirm_url_name if purpose == CONFIRM else self.withdraw_url_name
        with translation.override(self.language):
            return absolute(reverse(name, kwargs={"token": self.token(purpose)}))


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def link_days(purpose: str) -> int:
    return settings.SUBMISSION_CONFIRM_DAYS if purpose == CONFIRM else settings.SUBMISSION_WITHDRAW_DAYS


class LinkError(Exception):
    def __init__(self, expired: bool):
        super().__init__()
        self.expired = expired


def from_token(model, token: str, purpose: str):
    """The submission a valid, unexpired link names; :class:`LinkError` for anything else."""
    try:
        pk = signing.loads(token, salt=model.salt(purpose), max_age=link_days(purpose) * 86400)
    except signing.SignatureExpired:
        raise LinkError(expired=True) from None
    except signing.BadSignature:
        raise LinkError(expired=False) from None
    submission = model.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if submission is None:
        raise LinkError(expired=False)
    return submission


class SubmissionForm:
    """The public form's save, mixed into the app's ModelForm of its submission model.

    ``details_form``: the form of the record's own fields, which the ModelForm also inherits; what
    the visitor posted for them is kept (``Submission.data``) and validated again on confirmation.
    ``what``: what the e-mails call the submission (lazy, rendered in the submitter's language).
    """

    details_form: type = forms.Form
    what = ""

    def save(self, *, language: str, ip_address):
        submission = self.instance
        submission.language = language
        submission.ip_address = ip_address
        submission.data = {name: self.data.getlist(name) for name in self.details_form.base_fields}
        with transaction.atomic():
            submission.save()
            send_confirmation(submission, what=self.what)
        return submission


@transaction.atomic
def confirm(submission, *, details_form, build):
    """The submitter followed the confirmation link: ``build(submission, cleaned_data)`` creates the
    record from the posted data, validated again, and it is linked here. Confirming again, or after
    withdrawing, changes nothing; data that no longer validates is refused with ``ValidationError``."""
    submission = type(submission).objects.select_for_update().get(pk=submission.pk)
    if submission.confirmed_at is not None or submission.withdrawn_at is not None:
        return submission
    form = details_form(submission.posted())
    if not form.is_valid():
        raise ValidationError(_("The submission is no longer valid: please post it again."))
    setattr(submission, submission.record_field, build(submission, form.cleaned_data))
    submission.confirmed_at = timezone.now()
    submission.save(update_fields=[submission.record_field, "confirmed_at"])
    return submission


@transaction.atomic
def withdraw(submission, *, withdraw_record):
    """The submitter followed the withdraw link: ``withdraw_record(record)`` takes the record off the
    site and out of the queue (the app's workflow decides from which statuses). Twice changes nothing."""
    submission = type(submission).objects.select_for_update().get(pk=submission.pk)
    if submission.withdrawn_at is not None:
        return submission
    submission.withdrawn_at = timezone.now()
    submission.save(update_fields=["withdrawn_at"])
    record = getattr(submission, submission.record_field)
    if record is not None:
        withdraw_record(record)
    return submission


def submitter_organization(submission, *, kind: str, country) -> Organization:
    """A new directory entry for the submitter's organization, named in their language; staff merge
    it with an existing one if it is already listed (a visitor's word does not attach a record to
    an organization the center knows)."""
    return Organization.objects.create(
        slug=unique_slug(submission.organization_name),
        kind=kind,
        country=country,
        contact_email=submission.email,
        **{column("name", submission.language): submission.organization_name},
    )


def unique_slug(text: str) -> str:
    """A slug from ``text`` (Chinese gives none) with a random tail: never the slug of another row."""
    return "-".join(filter(None, [slugify(text)[:100].strip("-"), secrets.token_hex(4)]))


def as_html(text: str) -> str:
    """Plain text typed in a public form, as the paragraphs of a rich-text column (escaped)."""
    return linebreaks(escape(text)) if text else ""


# --- E-mails -------------------------------------------------------------------------------------


def send_confirmation(submission, *, what: str) -> None:
    """E-mail the confirmation link to the address the visitor gave."""
    emails.send(
        "submission-confirm",
        to=[submission.email],
        language=submission.language,
        context={
            "submission": submission,
            "what": what,
            "confirm_url": submission.link(CONFIRM),
            "days": settings.SUBMISSION_CONFIRM_DAYS,
        },
    )


def record_outcome(submission, *, outcome: str, what: str, url: str = "", reason: str = "") -> None:
    """Store the moderator's decision on the submission and e-mail it, once, to the submitter, in
    their language: published with its link, or declined with the reason."""
    if submission.withdrawn_at is not None or submission.outcome == outcome:
        return
    submission.outcome = outcome
    submission.outcome_reason = reason[:100]
    submission.save(update_fields=["outcome", "outcome_reason"])
    emails.send(
        f"submission-{outcome}",
        to=[submission.email],
        language=submission.language,
        key=f"submission-{outcome}:{submission._meta.label_lower}:{submission.pk}",
        context={
            "submission": submission,
            "what": what,
            "url": url,
            "reason": reason,
            "withdraw_url": submission.link(WITHDRAW),
        },
    )


def after_transition(model, record, *, name: str, what: str, reason: str) -> None:
    """Called by the record's workflow services after each transition: if the record came from a
    submission (of ``model``), publishing tells the submitter it is live (with the record's page in
    their language); withdrawing a record that was never published is declining it."""
    submission = model.objects.filter(**{model.record_field: record}).first()
    if submission is None:
        return
    if name == "publish":
        with translation.override(submission.language):
            url = absolute(record.get_absolute_url())
        record_outcome(submission, outcome=Outcome.PUBLISHED, what=what, url=url)
    elif name == "withdraw" and submission.outcome != Outcome.PUBLISHED:
        record_outcome(submission, outcome=Outcome.DECLINED, what=what, reason=reason)


# --- Clean-up ------------------------------------------------------------------------------------

_models: list = []


def register(model) -> None:
    """Called by each app's ``ready()`` with its submission model, so the clean-up finds it."""
    if model not in _models:
        _models.append(model)


def purge_unconfirmed(*, now=None) -> int:
    """Delete submissions nobody confirmed within ``SUBMISSION_CONFIRM_DAYS`` (their files too):
    an address someone typed in is not kept without its owner's consent. The number deleted."""
    deleted = 0
    for model in _models:
        for submission in model.objects.unconfirmed(days=settings.SUBMISSION_CONFIRM_DAYS, now=now):
            submission.delete_files()
            submission.delete()
            deleted += 1
    return deleted


# --- Pages ---------------------------------------------------------------------------------------


def submit_page(request, *, form, template: str, sent_url: str, context: dict):
    """The public form: a bot (the honeypot filled in) is answered as if all went well and nothing
    is stored; past ``SUBMISSION_RATE_LIMIT`` posts per address an hour, the form says so (429).
    ``form.save(language=..., ip_address=...)`` stores a valid submission and mails the link."""
    status = 200
    if request.method == "POST":
        if form.is_bot:
            return redirect(sent_url)
        if rate_limited(
            request,
            "submission",
            limit=settings.SUBMISSION_RATE_LIMIT,
            window=settings.SUBMISSION_RATE_WINDOW,
        ):
            form.is_valid()
            form.add_error(
                None, _("You have sent several submissions in a short time. Please try again in an hour.")
            )
            status = 429
        elif form.is_valid():
            form.save(language=get_language() or settings.LANGUAGE_CODE, ip_address=client_ip(request))
            return redirect(sent_url)
        else:
            status = 400
    context = {"form": form, "confirm_days": settings.SUBMISSION_CONFIRM_DAYS, **context}
    return render(request, template, context, status=status)


@require_safe
@private_page
def sent_page(request):
    """After a valid post: "check your e-mail" (a bot that filled the honeypot is sent here too)."""
    title = _("Check your e-mail")
    return render(
        request,
        "haidian/submissions/sent.html",
        {"title": title, "days": settings.SUBMISSION_CONFIRM_DAYS, "breadcrumbs": crumbs((title, None))},
    )


def link_page(request, token: str, *, model, purpose: str, act, title: str):
    """The page a confirm or withdraw link opens: a button on GET (mail scanners open links, and
    their visit is not the submitter's consent), the action on POST; doing it twice changes nothing.
    ``act(submission)`` returns the template context of the done page (``done_message``, ``url``)."""
    try:
        submission = from_token(model, token, purpose)
    except LinkError as error:
        return render(
            request,
            "haidian/submissions/invalid.html",
            {"expired": error.expired, "title": title, "breadcrumbs": crumbs((title, None))},
            status=400,
        )
    context = {
        "submission": submission,
        "purpose": purpose,
        "title": title,
        "breadcrumbs": crumbs((title, None)),
    }
    if request.method == "POST":
        context.update(act(submission))
        context["done"] = True
    return render(request, "haidian/submissions/link.html", context)


def link_views(model, *, confirm, withdraw):
    """The pages of ``model``'s confirm and withdraw links, running the app's services
    (``confirm(submission=...)``, which may refuse with ``ValidationError``, and ``withdraw``)."""

    def confirmed(submission):
        try:
            submission = confirm(submission=submission)
        except ValidationError as error:
            return {"error": error.messages[0]}
        return {"withdrawn": submission.withdrawn_at is not None}

    def withdrawn(submission):
        withdraw(submission=submission)
        return {}

    @require_http_methods(["GET", "HEAD", "POST"])
    @private_page
    def confirm_view(request, token):
        title = _("Confirm your submission")
        return link_page(request, token, model=model, purpose=CONFIRM, act=confirmed, title=title)

    @require_http_methods(["GET", "HEAD", "POST"])
    @private_page
    def withdraw_view(request, token):
        title = _("Withdraw your submission")
        return link_page(request, token, model=model, purpose=WITHDRAW, act=withdrawn, title=title)

    return confirm_view, withdraw_view
