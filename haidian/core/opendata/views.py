"""The public download page of the open data, and its downloads (by a view, so each file is sent
as an attachment under its name and only the files of an export can be asked for)."""

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from haidian.core.i18n import active_language
from haidian.core.opendata.store import get_export, latest_export
from haidian.core.web import crumbs

LATEST = "latest"


@require_safe
def index(request):
    export = latest_export()
    language = active_language()
    context = {
        "export": export,
        "licence": settings.OPEN_DATA_LICENCE,
        "breadcrumbs": crumbs((_("Open data"), None)),
    }
    if export is not None:
        resources = export.package["resources"]
        context.update(
            {
                "licence": export.package["licenses"][0],
                "created": export.created,
                "zip_url": reverse("opendata:download", args=[LATEST, export.zip_name]),
                "zip_bytes": (export.folder / export.zip_name).stat().st_size,
                "package_url": reverse("opendata:download", args=[LATEST, "datapackage.json"]),
                "tables": [
                    {
                        "name": csv["name"],
                        "title": csv.get("titles", {}).get(language, csv["title"]),
                        "description": csv.get("descriptions", {}).get(language, csv["description"]),
                        "count": csv["count"],
                        "files": [
                            {
                                "format": resource["format"].upper(),
                                "bytes": resource["bytes"],
                                "url": reverse("opendata:download", args=[LATEST, resource["path"]]),
                            }
                            for resource in (csv, json_)
                        ],
                        "fields": [
                            {
                                "name": field["name"],
                                "type": field["type"],
                                "description": field.get("descriptions", {}).get(
                                    language, field["description"]
                                ),
                            }
                            for field in csv["schema"]["fields"]
                        ],
                    }
                    # Each table is a CSV resource followed by its JSON twin.
                    for csv, json_ in zip(resources[::2], resources[1::2], strict=True)
                ],
            }
        )
    return render(request, "haidian/open_data.html", context)


@require_safe
def download(request, stamp, filename):
    """A file of an export (``latest`` names the newest), as an attachment."""
    export = latest_export() if stamp == LATEST else get_export(stamp)
    if export is None or filename not in export.files():
        raise Http404(_("There is no such file."))
    response = FileResponse(open(export.folder / filename, "rb"), as_attachment=True, filename=filename)
    if filename.endswith(".csv"):
        response["Content-Type"] = "text/csv; charset=utf-8"
    elif filename.endswith(".json"):
        response["Content-Type"] = "application/json; charset=utf-8"
    response["Last-Modified"] = http_date(export.created.timestamp())
    return response
