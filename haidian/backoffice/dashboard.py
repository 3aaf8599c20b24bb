"""The admin index's dashboard: the center at a glance, or an agency editor's own agency.

The back office owns the frame, the bar charts and the registry; each app adds its panels from its
``AppConfig.ready()`` with ``register_panel`` (as pretix's apps add dashboard widgets through a
signal), so the back office never names the apps above it. A panel's ``build(user, now)`` gives the
context of its template, or ``None`` where the user may not see it. Every figure is one aggregate
query over a scoped QuerySet (agency editors see their agency's records), so the page costs the
same few queries at any data size.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from haidian.backoffice.scoping import agency_scope
from haidian.core.models import MessageStatus, OutboundMessage

BAR_WIDTH = 200  # px of the longest bar in the SVG charts
BAR_X = 110  # px left of the bars, for their labels
ROW_HEIGHT = 24


@dataclass
class Bar:
    label: str
    value: float
    display: str
    url: str = ""
    css: str = ""
    width: float = 0.0
    y: int = 0
    text_x: float = 0.0


@dataclass
class Chart:
    bars: list[Bar]
    height: int


def bars(items: list[Bar], *, maximum=None) -> Chart:
    """A horizontal bar chart: each bar's width relative to ``maximum`` (or the largest value)."""
    top = maximum if maximum is not None else max((item.value for item in items), default=0)
    for index, item in enumerate(items):
        item.width = round(BAR_WIDTH * min(item.value / top, 1), 1) if top else 0
        item.y = index * ROW_HEIGHT
        # The figure sits inside a long bar, after a short one.
        item.text_x = BAR_X + 4 if item.width > BAR_WIDTH * 0.7 else BAR_X + item.width + 4
    return Chart(items, len(items) * ROW_HEIGHT)


def changelist_url(model, **params) -> str:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{url}?{query}" if query else url


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    build: Callable  # (user, now) -> dict | None
    position: int


_panels: dict[str, Panel] = {}


def register_panel(key: str, template: str, build: Callable, *, position: int) -> None:
    """Add a panel to the dashboard; panels show in the order of ``position``."""
    _panels[key] = Panel(key, template, build, position)


def registered_panels() -> list[Panel]:
    return sorted(_panels.values(), key=lambda panel: (panel.position, panel.key))


def dashboard(request) -> dict:
    user = request.user
    now = timezone.now()
    panels = []
    for panel in registered_panels():
        context = panel.build(user, now)
        if context is not None:
            panels.append({"key": panel.key, "template": panel.template, "data": context})
    # Each panel's figures also under its key, for the templates and tests that want one of them.
    figures = {panel["key"]: panel["data"] for panel in panels}
    return {"scope_agency": _scope_agency(user), "panels": panels, **figures}


def _scope_agency(user):
    """The agency an agency editor's figures are of (center staff: ``None``)."""
    scope = agency_scope(user)
    if scope.unrestricted or scope.agency_id is None:
        return None
    membership = user.agency_memberships.select_related("agency").filter(agency_id=scope.agency_id).first()
    return membership.agency if membership else None


def mail_panel(user, now):
    """The e-mail queue: messages that failed for good (to send again) and those still waiting."""
    if not user.has_perm("haidian.view_outboundmessage"):
        return None
    counts = OutboundMessage.objects.aggregate(
        failed=Count("pk", filter=Q(status=MessageStatus.FAILED)),
        waiting=Count("pk", filter=Q(status__in=[MessageStatus.QUEUED, MessageStatus.SENDING])),
    )
    return {
        **counts,
        "failed_url": changelist_url(OutboundMessage, status=MessageStatus.FAILED),
        "waiting_url": changelist_url(OutboundMessage, status=MessageStatus.QUEUED),
    }


def translations_panel(user, now):
    return {}
