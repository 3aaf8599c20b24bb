"""The back office of inquiries, whatever they are about: the queue, the stepper and the steps.

A model admin of an :class:`~haidian.core.inquiries.AbstractInquiry` model mixes in
:class:`InquiryAdminMixin` and names its app's services (forward, answer, spam, advance, decline,
each keyword-only with ``inquiry=`` and ``by=``). It gets the same list columns and response-time
filter, the same buttons ("Reply by e-mail" first, spam and decline apart, last), the stepper of
the path to a contract, the decline form page and the bulk actions. One-click steps go through the
workflow buttons; a step that needs an answer (which reason, which contract) has a form page.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from haidian.backoffice.base import WorkflowButton
from haidian.core.inquiries import DeclineReason, InquiryStage, InquiryStatus


def run_bulk(modeladmin, request, queryset, service, *, done, keyword=None, **kwargs):
    """Apply ``service`` to each selected record (each recorded in the history); report how many
    changed and why the others did not. ``keyword``: the service's argument naming the record
    (the model's name unless given).

    One transaction: a refused record (``ValidationError``) is undone alone (the service's own
    atomic block is a savepoint), an unexpected failure undoes the whole selection.
    """
    keyword = keyword or queryset.model._meta.model_name
    changed, refused = 0, []
    with transaction.atomic(using=router.db_for_write(queryset.model)):
        for obj in queryset:
            try:
                service(by=request.user, **{keyword: obj}, **kwargs)
            except ValidationError as error:
                refused.append(" ".join(error.messages))
            else:
                changed += 1
    if changed:
        modeladmin.message_user(request, done(changed), messages.SUCCESS)
    if refused:
        shown = "; ".join(refused[:5]) + ("…" if len(refused) > 5 else "")
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d record was left unchanged: %(why)s",
                "%(count)d records were left unchanged: %(why)s",
                len(refused),
            )
            % {"count": len(refused), "why": shown},
            messages.WARNING,
        )


class ResponseTargetFilter(admin.SimpleListFilter):
    title = _("response-time target")
    parameter_name = "response"

    def lookups(self, request, model_admin):
        hours = settings.INQUIRY_RESPONSE_HOURS
        return [
            ("overdue", _("Open past %(hours)d hours") % {"hours": hours}),
            ("late", _("Answered after %(hours)d hours") % {"hours": hours}),
        ]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.past_response_target(timezone.now())
        if self.value() == "late":
            return queryset.answered_late()
        return queryset


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=DeclineReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note for the listing's owner"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("The owner reads the reason and this note in their report, never who inquired."),
    )


# The read-only fields every kind of inquiry shows, in their order on the change form; each admin puts
# what its inquiries are about (and their own fields) around them.
VISITOR_FIELDS = ("name", "organization_name", "email_link", "phone")
HANDLING_FIELDS = (
    "message",
    "language",
    "ip_address",
    "status",
    "created_at",
    "forwarded_at",
    "answered_at",
    "response_time",
    "handled_by",
    # Changed only through the follow-through steps (haidian.core.inquiries).
    "stage",
    "introduced_at",
    "negotiation_at",
    "contracted_at",
)
DECLINE_FIELDS = ("declined_at", "decline_reason", "decline_note")


class InquiryAdminMixin:
    """For the admin of an inquiry model: list columns, buttons, stepper, decline page, bulk actions.

    Subclasses name their services (each a plain function, wrapped in ``staticmethod``) and may add
    stage buttons (``extra_stage_buttons``), e.g. a form page for the contract.
    """

    change_form_template = "admin/haidian/inquiry/follow_through_change_form.html"
    actions = ["forward_selected", "answer_selected", "mark_selected_spam"]
    #: The path's steps taken with one click.
    one_click_stages = {
        InquiryStage.INTRODUCTION: _("Introduced the parties"),
        InquiryStage.NEGOTIATION: _("Negotiation started"),
    }
    #: Whom the inquiry is forwarded to, on its button and in the bulk action's message.
    forward_label = _("Forward to the agency")
    forward_done = ngettext_lazy(
        "%(n)d inquiry queued for its agency.", "%(n)d inquiries queued for their agency.", "n"
    )
    decline_form_class = DeclineForm
    forward_service = answer_service = spam_service = advance_service = decline_service = None

    def has_add_permission(self, request):
        return False  # inquiries come from the public site

    # --- List columns -----------------------------------------------------------------------------

    @admin.display(description=_("from"), ordering="name")
    def visitor(self, obj):
        return format_html('{}<div class="list-detail">{}</div>', obj.name, obj.organization_name or "—")

    @admin.display(description=_("response time"), ordering="answered_at")
    def response_time(self, obj):
        if obj.answered_at:
            return timesince(obj.created_at, obj.answered_at, depth=2)
        if obj.is_open:
            waiting = _("waiting %(time)s") % {"time": timesince(obj.created_at, depth=1)}
            if timezone.now() > obj.response_due:
                return format_html(
                    '<span class="errornote-inline" title="{}">⚠ {}</span>',
                    _("past the response-time target of %(hours)d hours")
                    % {"hours": settings.INQUIRY_RESPONSE_HOURS},
                    waiting,
                )
            return format_html('<span title="{}">{}</span>', _("still waiting"), waiting)
        return "—"

    @admin.display(description=_("e-mail"))
    def email_link(self, obj):
        """The visitor's address as a reply link (subject and quoted message), recording nothing."""
        return format_html('<a href="{}">{}</a>', obj.reply_mailto(), obj.email)

    # --- Buttons ------------------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/decline/",
                self.admin_site.admin_view(self.decline_view),
                name="{}_{}_decline".format(*info),
            ),
            *super().get_urls(),
        ]

    def _admin_url(self, name: str, obj) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=[quote(obj.pk)])

    def extra_stage_buttons(self, obj, stages) -> list[WorkflowButton]:
        return []

    def stage_buttons(self, obj) -> list[WorkflowButton]:
        """The follow-through steps open for ``obj``: one click for a stage, a form page for
        declining (open until the contract; a negative step, shown apart)."""
        stages = obj.next_stages()
        buttons = [
            WorkflowButton(stage, label) for stage, label in self.one_click_stages.items() if stage in stages
        ]
        buttons += self.extra_stage_buttons(obj, stages)
        if stages:
            buttons.append(
                WorkflowButton("decline", _("Decline…"), "negative", url=self._admin_url("decline", obj))
            )
        return buttons

    def get_workflow_buttons(self, request, obj):
        """One main step, "Reply by e-mail", while the visitor waits for an answer; the other
        steps after it; spam and decline apart, last."""
        stage_buttons = self.stage_buttons(obj)
        if not obj.is_open:
            return stage_buttons
        forward_label = (
            _("Forward again")
            if obj.status in (InquiryStatus.FORWARDED, InquiryStatus.MAIL_FAILED)
            else self.forward_label
        )
        # While its e-mail is queued, forwarding again would only queue a second copy.
        forward = [] if obj.status == InquiryStatus.QUEUED else [WorkflowButton("forward", forward_label)]
        return [
            WorkflowButton("reply", _("Reply by e-mail"), "default"),
            *forward,
            WorkflowButton("answer", _("Mark answered (replied another way)")),
            *[button for button in stage_buttons if not button.negative],
            WorkflowButton("spam", _("Mark as spam"), "negative"),
            *[button for button in stage_buttons if button.negative],
        ]

    def run_workflow(self, request, obj, name, reason):
        if name in self.one_click_stages:
            inquiry = self.advance_service(inquiry=obj, stage=name, by=request.user, reason=reason)
            return _("The inquiry from %(name)s is now at the stage “%(stage)s”.") % {
                "name": inquiry.name,
                "stage": inquiry.get_stage_display().lower(),
            }
        service = {
            "reply": self.answer_service,
            "forward": self.forward_service,
            "answer": self.answer_service,
            "spam": self.spam_service,
        }[name]
        inquiry = service(inquiry=obj, by=request.user)
        if name == "reply":
            # The link opens the mail program at once (inquiry-reply.js, data-open-now); it
            # stays in the message for a browser that does not.
            return format_html(
                '{} <a href="{}" data-open-now>{}</a>',
                _("Recorded as answered."),
                inquiry.reply_mailto(),
                _("Write the reply to %(email)s") % {"email": inquiry.email},
            )
        return _("The inquiry from %(name)s is now %(status)s.") % {
            "name": inquiry.name,
            "status": inquiry.get_status_display().lower(),
        }

    # --- Step pages ---------------------------------------------------------------------------------

    def step_object(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))  # 404 outside the user's scope
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def step_page(self, request, obj, form, title):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": title,
            "form": form,
            "change_url": self._admin_url("change", obj),
        }
        return TemplateResponse(request, "admin/haidian/inquiry/follow_through_step.html", context)

    def run_step(self, request, obj, run, done):
        try:
            run()
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(self._admin_url("change", obj))

    def decline_view(self, request, object_id):
        obj = self.step_object(request, object_id)
        form = self.decline_form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            return self.run_step(
                request,
                obj,
                lambda: self.decline_service(
                    inquiry=obj,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                ),
                _("The inquiry from %(name)s was declined.") % {"name": obj.name},
            )
        return self.step_page(request, obj, form, _("Decline the inquiry from %(name)s") % {"name": obj.name})

    # --- Bulk actions -------------------------------------------------------------------------------

    def _bulk(self, request, queryset, service, done):
        run_bulk(self, request, queryset, service, done=done, keyword="inquiry")

    @admin.action(description=_("Forward selected inquiries"), permissions=["change"])
    def forward_selected(self, request, queryset):
        self._bulk(request, queryset, self.forward_service, lambda n: self.forward_done % {"n": n})

    @admin.action(description=_("Mark selected inquiries answered"), permissions=["change"])
    def answer_selected(self, request, queryset):
        self._bulk(
            request,
            queryset,
            self.answer_service,
            lambda n: (
                ngettext("%(n)d inquiry marked answered.", "%(n)d inquiries marked answered.", n) % {"n": n}
            ),
        )

    @admin.action(description=_("Mark selected inquiries as spam"), permissions=["change"])
    def mark_selected_spam(self, request, queryset):
        self._bulk(
            request,
            queryset,
            self.spam_service,
            lambda n: (
                ngettext("%(n)d inquiry marked as spam.", "%(n)d inquiries marked as spam.", n) % {"n": n}
            ),
        )
