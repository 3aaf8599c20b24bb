"""Idempotent writing through the ORM: look a row up by its natural key, save only what differs."""

from collections import Counter
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from haidian.core.models import Page
from haidian.site.demo import cms

CHANGE_REASON = "Demo data (seed_demo)"
ORGANIZATION_NOTE = ("Fictional organization (demo data).", "虚构机构（演示数据）。")
AGENCY_NOTE = ("A fictional agency of the demo data set.", "演示数据中的虚构服务机构。")
DEMO_NOTES = "Demo data loaded by manage.py seed_demo."


class DemoDataError(Exception):
    """The data set cannot be loaded as asked (missing reference rows, inconsistent data)."""


def pair(name: str, texts: tuple[str, str]) -> dict:
    """``("title", (en, zh))`` -> ``{"title_en": en, "title_zh_hans": zh}``."""
    english, chinese = texts
    return {f"{name}_en": english, f"{name}_zh_hans": chinese}


def stored_anchor() -> date | None:
    """The day the data set was first loaded: when its "about the demo data" page was created."""
    created = Page.objects.filter(slug=cms.DEMO_PAGE_SLUG).values_list("created_at", flat=True).first()
    return timezone.localdate(created) if created else None


def patent_number(granted: bool, listing_index: int, number: int) -> str:
    """A made-up Chinese application number with a valid check digit (ZL... granted, CN... pending)."""
    year = 2015 + (listing_index + number) % 9
    serial = 1_000_000 + (listing_index * 7919 + number * 104_729) % 9_000_000
    digits = f"{year}1{serial:07d}"
    check = sum(int(d) * w for d, w in zip(digits, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5], strict=True)) % 11
    return f"{'ZL' if granted else 'CN'}{digits}.{'X' if check == 10 else check}"


class Writer:
    """Writes rows relative to an anchor day and counts what it created, updated or left alone."""

    def __init__(self, anchor: date):
        self.anchor = anchor
        self.stats: Counter = Counter()  # (model name, "created" / "updated" / "unchanged") -> rows

    # --- helpers --------------------------------------------------------------------------------

    def at(self, days_ago: int, index: int = 0) -> datetime:
        """A moment ``days_ago`` days before the anchor, during office hours (varied by ``index``)."""
        moment = time(9 + index % 8, (index * 17) % 60)
        return timezone.make_aware(datetime.combine(self.anchor - timedelta(days=days_ago), moment))

    def months_before(self, months: int, day: int) -> date:
        year, month = divmod(self.anchor.year * 12 + self.anchor.month - 1 - months, 12)
        return date(year, month + 1, day)

    @staticmethod
    def _same(obj, name: str, value) -> bool:
        field = obj._meta.get_field(name)
        if field.is_relation:
            return getattr(obj, field.attname) == (value.pk if value is not None else None)
        current = getattr(obj, name)
        if current == value:
            return True
        # Rich text is stored sanitised: compare with what saving the new value would store.
        sanitize = getattr(field, "sanitize", None)
        return bool(sanitize and value and current == sanitize(value))

    def upsert(self, model, lookup: dict, values: dict, m2m: dict | None = None):
        """Create or update one row; save only when something differs; set M2M only when it differs."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj, state = model(**lookup, **values), "created"
            obj._change_reason = CHANGE_REASON
            obj.save()
        else:
            changed = [name for name, value in values.items() if not self._same(obj, name, value)]
            state = "updated" if changed else "unchanged"
            if changed:
                for name in changed:
                    setattr(obj, name, values[name])
                obj._change_reason = CHANGE_REASON
                obj.save()
        for name, items in (m2m or {}).items():
            manager = getattr(obj, name)
            wanted = {item.pk for item in items}
            if state == "created" or set(manager.values_list("pk", flat=True)) != wanted:
                manager.set(items)
                if state == "unchanged":
                    state = "updated"
        self.stats[model.__name__, state] += 1
        return obj

    @staticmethod
    def reference_rows(model, codes) -> dict:
        rows = model.objects.in_bulk(set(codes))
        missing = sorted(set(codes) - set(rows))
        if missing:
            raise DemoDataError(f"{model.__name__} rows missing: {', '.join(missing)}. Run migrate first.")
        return rows
