"""Pages of the public financing-need submissions: the form, then the confirm and withdraw links."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haidian.core import submissions
from haidian.core.web import crumbs, private_page

from .models import FinancingNeedSubmission
from .submissions import NeedSubmissionForm, submission_confirm, submission_withdraw

confirm, withdraw = submissions.link_views(
    FinancingNeedSubmission, confirm=submission_confirm, withdraw=submission_withdraw
)


@require_http_methods(["GET", "HEAD", "POST"])
@private_page
def submit(request):
    title = _("Post a financing need")
    form = NeedSubmissionForm(request.POST if request.method == "POST" else None)
    return submissions.submit_page(
        request,
        form=form,
        template="haidian/submissions/form.html",
        sent_url=reverse("financing:submission_sent"),
        context={
            "title": title,
            "breadcrumbs": crumbs((_("Financing needs"), reverse("financing:needs")), (title, None)),
        },
    )
