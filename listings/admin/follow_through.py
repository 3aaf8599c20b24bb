"""The inquiry admin's follow-through: stage buttons, the contract and decline forms, list filters.

One-click steps (introduced, negotiation started) go through the workflow buttons; the two steps
that need an answer (which contract, which reason) have a small form page of their own. Both are
scoped like the rest of the inquiry admin (``AgencyScopedAdminMixin``): an agency editor reaches
only their own agency's inquiries and contracts.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from haidian.backoffice.base import WorkflowButton
from haidian.backoffice.scoping import scope_queryset

from .. import follow_through
from ..models import Contract, DeclineReason, InquiryStage
from ..owner_report import owner_report_path

ONE_CLICK_STAGES = {
    InquiryStage.INTRODUCTION: _("Introduced the parties"),
    InquiryStage.NEGOTIATION: _("Negotiation started"),
}


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
        target = timedelta(hours=settings.INQUIRY_RESPONSE_HOURS)
        if self.value() == "overdue":
            return queryset.past_response_target(timezone.now())
        if self.value() == "late":
            return queryset.filter(answered_at__gt=F("created_at") + target)
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


class ContractForm(forms.Form):
    contract = forms.ModelChoiceField(label=_("Signed contract"), queryset=Contract.objects.none())
    reason = forms.CharField(label=_("Reason (kept in the history)"), required=False, max_length=80)

    def __init__(self, *args, contracts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts


class FollowThroughAdminMixin:
    """For ``InquiryAdmin``: the stage buttons and the decline and contract form pages."""

    change_form_template = "admin/listings/inquiry/follow_through_change_form.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/decline/",
                self.admin_site.admin_view(self.decline_view),
                name="{}_{}_decline".format(*info),
            ),
            path(
                "<path:object_id>/contract/",
                self.admin_site.admin_view(self.contract_view),
                name="{}_{}_contract".format(*info),
            ),
            *super().get_urls(),
        ]

    def stage_buttons(self, obj) -> list[WorkflowButton]:
        """The follow-through steps open for ``obj``: one click for a stage, a form page for the
        contract and for declining (open until the contract; a negative step, shown apart)."""
        stages = follow_through.next_stages(obj)
        buttons = [
            WorkflowButton(stage, label) for stage, label in ONE_CLICK_STAGES.items() if stage in stages
        ]
        base = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        if InquiryStage.CONTRACT in stages:
            url = reverse(f"{base}_contract", args=[quote(obj.pk)])
            buttons.append(WorkflowButton("contract", _("Contract signed…"), url=url))
        if stages:
            url = reverse(f"{base}_decline", args=[quote(obj.pk)])
            buttons.append(WorkflowButton("decline", _("Decline…"), "negative", url=url))
        return buttons

    def run_stage(self, request, obj, stage, reason) -> str:
        inquiry = follow_through.inquiry_advance(inquiry=obj, stage=stage, by=request.user, reason=reason)
        return _("The inquiry from %(name)s is now at the stage “%(stage)s”.") % {
            "name": inquiry.name,
            "stage": inquiry.get_stage_display().lower(),
        }

    def _step_object(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))  # 404 outside the user's agency
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _change_url(self, obj) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[quote(obj.pk)])

    def _step_page(self, request, obj, form, title):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": title,
            "form": form,
            "change_url": self._change_url(obj),
        }
        return TemplateResponse(request, "admin/listings/inquiry/follow_through_step.html", context)

    def _run_step(self, request, obj, run, done):
        try:
            run()
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(obj))

    def decline_view(self, request, object_id):
        obj = self._step_object(request, object_id)
        form = DeclineForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            return self._run_step(
                request,
                obj,
                lambda: follow_through.inquiry_decline(
                    inquiry=obj,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                ),
                _("The inquiry from %(name)s was declined.") % {"name": obj.name},
            )
        return self._step_page(
            request, obj, form, _("Decline the inquiry from %(name)s") % {"name": obj.name}
        )

    def contract_view(self, request, object_id):
        obj = self._step_object(request, object_id)
        contracts = scope_queryset(Contract.objects.all(), request.user, "agency").order_by(
            "-signed_on", "-id"
        )
        technology = obj.technology
        contracts = contracts.filter(technology=technology) | contracts.filter(
            technology__isnull=True, agency_id=technology.agency_id
        )
        form = ContractForm(request.POST or None, contracts=contracts)
        if request.method == "POST" and form.is_valid():
            return self._run_step(
                request,
                obj,
                lambda: follow_through.inquiry_advance(
                    inquiry=obj,
                    stage=InquiryStage.CONTRACT,
                    contract=form.cleaned_data["contract"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                ),
                _("The inquiry from %(name)s led to a contract.") % {"name": obj.name},
            )
        return self._step_page(
            request, obj, form, _("Record the contract of the inquiry from %(name)s") % {"name": obj.name}
        )


def follow_through_summary(technology):
    """The listing's conversion figures and its owner's report link, for the technology change page."""
    conversion = technology.inquiries.conversion()
    if conversion.inquiries:
        figures = _(
            "%(inquiries)d inquiries → %(introductions)d introductions → %(negotiations)d negotiations → "
            "%(contracts)d contracts; %(declined)d declined."
        ) % {
            "inquiries": conversion.inquiries,
            "introductions": conversion.introductions,
            "negotiations": conversion.negotiations,
            "contracts": conversion.contracts,
            "declined": conversion.declined,
        }
    else:
        figures = _("No inquiries yet.")
    return format_html(
        '{}<br><a href="{}" target="_blank" rel="noopener">{}</a> <span class="help">{}</span>',
        figures,
        owner_report_path(technology),
        _("Owner's report"),
        _("A private link for the owner (conversion figures and decline reasons), valid %(days)d days.")
        % {"days": settings.OWNER_REPORT_LINK_DAYS},
    )
