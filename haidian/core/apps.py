from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground the feature apps stand on: sectors, countries, organizations, the CMS, key figures,
    i18n and formatting. Its label stays ``haidian`` so that tables, migrations and permissions keep
    their names."""

    name = "haidian.core"
    label = "haidian"
    verbose_name = _("Center")

    def ready(self):
        # Public pages and API answers are cached under a content version bumped on every change.
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_delete

        from haidian.core.cache import LISTINGS, register_content_models
        from haidian.core.database import set_statement_timeout
        from haidian.core.models import Article, Country, KeyFigure, Organization, Page, Sector
        from haidian.core.uploads import delete_files_of_deleted_row

        # Countries and sectors name the listings' facets: their changes reach the facet index.
        register_content_models(Country, Sector, scope=LISTINGS)
        register_content_models(Organization, Page, Article, KeyFigure)
        # Uploaded files go with their row, once the deletion commits.
        post_delete.connect(delete_files_of_deleted_row, sender=Article, dispatch_uid="article-files")
        # Web requests and commands get their own statement_timeout (haidian/core/database.py).
        connection_created.connect(set_statement_timeout, dispatch_uid="haidian-statement-timeout")
