"""Pages of the public technology submissions: the form, then the confirm and withdraw links."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haidian.core import submissions
from haidian.core.web import crumbs, private_page

from .models import TechnologyKind, TechnologySubmission
from .submissions import TechnologySubmissionForm, submission_confirm, submission_withdraw

confirm, withdraw = submissions.link_views(
    TechnologySubmission, confirm=submission_confirm, withdraw=submission_withdraw
)


@require_http_methods(["GET", "HEAD", "POST"])
@private_page
def submit(request, kind):
    if kind not in TechnologyKind.values:
        raise Http404
    title = _("Offer a technology") if kind == TechnologyKind.OFFER else _("Post a technology need")
    form = TechnologySubmissionForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        kind=kind,
    )
    return submissions.submit_page(
        request,
        form=form,
        template="haidian/submissions/form.html",
        sent_url=reverse("technologies:submission_sent"),
        context={
            "title": title,
            "breadcrumbs": crumbs((_("Technologies"), reverse("technologies:list")), (title, None)),
        },
    )
