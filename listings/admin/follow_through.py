"""The technology inquiry admin's follow-through: the contract step, and the listing's summary.

The stepper, the one-click steps and the decline page are every inquiry admin's
(:class:`haidian.backoffice.inquiries.InquiryAdminMixin`); a technology inquiry's contract stage
names a signed contract of the register, chosen on a form page of its own, scoped like the rest of
the inquiry admin (``AgencyScopedAdminMixin``): an agency editor reaches only their own agency's
inquiries and contracts.
"""

from django import forms
from django.conf import settings
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from haidian.backoffice.base import WorkflowButton
from haidian.backoffice.inquiries import InquiryAdminMixin
from haidian.backoffice.scoping import scope_queryset

from .. import follow_through, services
from ..models import Contract, InquiryStage
from ..owner_report import owner_report_path


class ContractForm(forms.Form):
    contract = forms.ModelChoiceField(label=_("Signed contract"), queryset=Contract.objects.none())
    reason = forms.CharField(label=_("Reason (kept in the history)"), required=False, max_length=80)

    def __init__(self, *args, contracts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts


class FollowThroughAdminMixin(InquiryAdminMixin):
    """For ``InquiryAdmin``: the listings' services, and the contract form page."""

    forward_service = staticmethod(services.inquiry_forward)
    answer_service = staticmethod(services.inquiry_answer)
    spam_service = staticmethod(services.inquiry_mark_spam)
    advance_service = staticmethod(follow_through.inquiry_advance)
    decline_service = staticmethod(follow_through.inquiry_decline)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/contract/",
                self.admin_site.admin_view(self.contract_view),
                name="{}_{}_contract".format(*info),
            ),
            *super().get_urls(),
        ]

    def extra_stage_buttons(self, obj, stages):
        if InquiryStage.CONTRACT not in stages:
            return []
        return [WorkflowButton("contract", _("Contract signed…"), url=self._admin_url("contract", obj))]

    def contract_view(self, request, object_id):
        obj = self.step_object(request, object_id)
        contracts = scope_queryset(Contract.objects.all(), request.user, "agency").order_by(
            "-signed_on", "-id"
        )
        technology = obj.technology
        contracts = contracts.filter(technology=technology) | contracts.filter(
            technology__isnull=True, agency_id=technology.agency_id
        )
        form = ContractForm(request.POST or None, contracts=contracts)
        if request.method == "POST" and form.is_valid():
            return self.run_step(
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
        return self.step_page(
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
