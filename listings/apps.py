from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListingsConfig(AppConfig):
    name = "listings"
    verbose_name = _("Listings")

    def ready(self):
        from django.db.models.signals import post_delete

        from haidian.uploads import delete_files_of_deleted_row

        # Signals that keep the search documents current (sectors, owner and sector names).
        from . import search  # noqa: F401
        from .models import Attachment

        # Uploaded files go with their row, once the deletion commits.
        post_delete.connect(delete_files_of_deleted_row, sender=Attachment, dispatch_uid="attachment-files")

        # An inquiry is forwarded once its e-mail is delivered, not when it is queued.
        from haidian.emails import message_changed

        from .services import inquiry_mail_changed

        message_changed.connect(inquiry_mail_changed, dispatch_uid="inquiry-mail")
