from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from haidian.core.submissions import Submission
from haidian.core.uploads import DOCUMENT_TYPES, CheckedUploadsMixin
from listings.uploads import attachment_upload_to

from .technologies import ATTACHMENT_EXTENSIONS, Technology, TechnologyKind, validate_attachment_size


class TechnologySubmission(CheckedUploadsMixin, Submission):
    """A technology offer or need posted from the public site (see ``haidian.core.submissions``).

    The listing exists only once the submitter confirms their address: then it is created in review,
    for the chosen agency (or the center), and linked here.
    """

    checked_uploads = {"attachment": DOCUMENT_TYPES}
    confirm_url_name = "technologies:submission_confirm"
    withdraw_url_name = "technologies:submission_withdraw"
    record_field = "technology"

    kind = models.CharField(_("kind"), max_length=8, choices=TechnologyKind.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("chosen agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        help_text=_("Empty: the center handles the submission."),
    )
    technology = models.OneToOneField(
        Technology,
        verbose_name=_("listing"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="submission",
    )
    attachment = models.FileField(
        _("attachment"),
        upload_to=attachment_upload_to,
        blank=True,
        validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS), validate_attachment_size],
    )
    original_name = models.CharField(_("original file name"), max_length=255, blank=True, editable=False)
    content_type = models.CharField(_("content type"), max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True, editable=False)

    class Meta(Submission.Meta):
        verbose_name = _("technology submission")
        verbose_name_plural = _("technology submissions")
        indexes = [
            # The clean-up of unconfirmed submissions and the moderation queue (confirmed, newest first).
            models.Index(fields=["confirmed_at", "created_at"], name="tech_submission_confirmed_idx"),
        ]

    def upload_checked(self, field_name, upload, file_type, original_name):
        self.original_name = original_name
        self.content_type = file_type.content_type
        self.size = upload.size
