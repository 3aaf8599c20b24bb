"""The moderation queue of technologies posted from the public site: the center sees every
submission, an agency editor those sent to their agency."""

from django.contrib import admin

from haidian.backoffice.scoping import AgencyScopedAdminMixin
from haidian.backoffice.submissions import SubmissionAdmin

from ..models import TechnologySubmission


@admin.register(TechnologySubmission)
class TechnologySubmissionAdmin(AgencyScopedAdminMixin, SubmissionAdmin):
    list_display = (*SubmissionAdmin.list_display, "kind", "agency")
    list_filter = ("kind", *SubmissionAdmin.list_filter, "agency")

    def get_fields(self, request, obj=None):
        return (*super().get_fields(request, obj), "kind", "agency", "attachment")
