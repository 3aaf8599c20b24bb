from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HaidianConfig(AppConfig):
    name = "haidian"
    verbose_name = _("Center")

    def ready(self):
        from django.core import checks

        from .checks import shared_cache_check

        checks.register(shared_cache_check, checks.Tags.caches, deploy=True)
        # Public pages and API answers are cached under a content version bumped on every change.
        from . import cache

        cache.connect_signals()
        # Uploaded files go with their row, once the deletion commits.
        from django.db.models.signals import post_delete

        from .models import Article
        from .uploads import delete_files_of_deleted_row

        post_delete.connect(delete_files_of_deleted_row, sender=Article, dispatch_uid="article-files")
