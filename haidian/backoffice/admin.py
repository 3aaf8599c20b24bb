from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from haidian.backoffice.base import ContentAdmin, ImportExportBase
from haidian.backoffice.field_policy import FieldPolicy
from haidian.backoffice.resources import OrganizationResource
from haidian.backoffice.safety import ProtectedDeleteMixin
from haidian.backoffice.scoping import agency_scope
from haidian.core.matching import format_cny
from haidian.core.models import Article, Country, KeyFigure, Organization, Page, Sector


@admin.register(Country)
class CountryAdmin(TranslationAdmin):
    list_display = ("code", "name_en", "name_zh_hans")
    search_fields = ("code", "name_en", "name_zh_hans")
    ordering = ("code",)


@admin.register(Sector)
class SectorAdmin(ContentAdmin):
    list_display = ("name_en", "name_zh_hans", "parent", "slug", "position")
    list_filter = (("parent", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("parent",)
    search_fields = ("name_en", "name_zh_hans", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    ordering = ("parent__position", "position", "slug")


@admin.register(Organization)
class OrganizationAdmin(ProtectedDeleteMixin, ImportExportBase, ContentAdmin):
    resource_classes = [OrganizationResource]
    protected_advice = _(
        "Contracts, listings and financing records keep the organizations they name. Correct the "
        "organization's details instead, or first give those records the right organization."
    )
    list_display = ("name_en", "name_zh_hans", "kind", "country", "city", "is_high_tech")
    list_filter = ("kind", "is_high_tech", ("country", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("country",)
    search_fields = ("name_en", "name_zh_hans", "slug", "city_en", "city_zh_hans")
    autocomplete_fields = ("country",)
    prepopulated_fields = {"slug": ("name_en",)}
    show_full_result_count = False

    def _may_change(self, request, obj) -> bool:
        # Organization.objects.editable_by: an agency editor changes only what no other agency names.
        return (
            obj is None
            or Organization.objects.editable_by(agency_scope(request.user)).filter(pk=obj.pk).exists()
        )

    def has_change_permission(self, request, obj=None):
        # Also the "+"/pencil pop-ups from a listing's or contract's form: the same change view.
        return super().has_change_permission(request, obj) and self._may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_change(request, obj)


@admin.register(Page)
class PageAdmin(ContentAdmin):
    list_display = ("title_en", "title_zh_hans", "slug", "status", "published_at")
    list_filter = ("status",)
    search_fields = ("title_en", "title_zh_hans", "slug")
    prepopulated_fields = {"slug": ("title_en",)}
    field_policy = FieldPolicy(workflow=("status", "published_at"))


@admin.register(Article)
class ArticleAdmin(ContentAdmin):
    list_display = ("title_en", "title_zh_hans", "status", "published_at")
    list_filter = ("status",)
    search_fields = ("title_en", "title_zh_hans", "summary_en", "summary_zh_hans", "slug")
    prepopulated_fields = {"slug": ("title_en",)}
    field_policy = FieldPolicy(workflow=("status", "published_at"))
    date_hierarchy = "published_at"


@admin.register(KeyFigure)
class KeyFigureAdmin(ContentAdmin):
    list_display = (
        "label_en",
        "key",
        "shown_value",
        "unit_en",
        "period_start",
        "period_end",
        "illustrative",
        "is_published",
    )
    list_filter = ("key", "is_published", "illustrative")
    list_editable = ("is_published",)
    search_fields = ("key", "label_en", "label_zh_hans", "source_en", "source_zh_hans")
    date_hierarchy = "period_end"

    @admin.display(description=_("value"))
    def shown_value(self, obj):
        """The value the site shows: a figure from the register is computed for its period to date."""
        value = obj.current.value
        if value is None:
            return "—"
        return format_cny(value) if obj.in_yuan else f"{value.normalize():,f}"


admin.site.site_header = _("Haidian International Technology Transfer Center")
admin.site.site_title = _("Haidian ITTC back office")
admin.site.index_title = _("Back office")
# The index shows the dashboard (haidian/backoffice/dashboard.py, panels registered by the apps) above the list of models.
admin.site.index_template = "admin/haidian/index.html"

from haidian.backoffice import mail_admin  # noqa: E402,F401
