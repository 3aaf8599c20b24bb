from rest_framework.routers import SimpleRouter


class Router(SimpleRouter):
    """Trailing slashes, no format suffixes: one URL per resource."""

    include_format_suffixes = False
