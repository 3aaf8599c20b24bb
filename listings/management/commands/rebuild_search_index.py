"""Rebuild every listing's search document, e.g. after a raw import or a change of the analyser.

On PostgreSQL the stored search vector follows the document by itself (a generated column).
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from listings.models import Technology
from listings.search import refresh_search_documents


class Command(BaseCommand):
    help = _("Rebuild the search documents of all listings (or of the given slugs).")

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help=_("Only these listings."))

    def handle(self, *args, slugs=(), **options):
        queryset = Technology.objects.filter(slug__in=slugs) if slugs else Technology.objects.all()
        changed = refresh_search_documents(queryset)
        self.stdout.write(
            _("%(changed)d of %(total)d search documents rebuilt.")
            % {"changed": changed, "total": queryset.count()}
        )
