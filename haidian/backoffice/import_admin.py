"""The import page's additions: the bilingual template to download, and the table of bad cells."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path

from haidian.backoffice.import_template import csv_template, template_columns, xlsx_template

TEMPLATE_FORMATS = {
    "xlsx": (xlsx_template, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": (csv_template, "text/csv; charset=utf-8"),
}


class ImportTemplateMixin:
    """``<model>/import/template/<xlsx|csv>/``: the import's blank file for the user's role; the
    import page (``admin/haidian/import.html``) links to it and shows the bad cells of a file."""

    import_template_name = "admin/haidian/import.html"

    def get_urls(self):
        return [
            path(
                "import/template/<str:fmt>/",
                self.admin_site.admin_view(self.import_template_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_import_template",
            ),
            *super().get_urls(),
        ]

    def template_resource(self, request):
        return self.get_import_resource_classes(request)[0](**self.get_import_resource_kwargs(request))

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        if isinstance(response, TemplateResponse) and "form" in response.context_data:
            # The page lists the template's columns (the role's) instead of the resource's raw names.
            response.context_data["import_columns"] = template_columns(
                self.template_resource(request), list_values=False
            )
        return response

    def import_template_view(self, request, fmt):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if fmt not in TEMPLATE_FORMATS:
            raise Http404
        build, content_type = TEMPLATE_FORMATS[fmt]
        response = HttpResponse(build(self.template_resource(request)), content_type=content_type)
        name = f"{self.opts.model_name}-import-template.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
