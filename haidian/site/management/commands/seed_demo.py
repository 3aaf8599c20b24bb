"""Load the bilingual demo data set (``haidian/demo``); running it again changes nothing."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from agencies.models import Agency
from financing.models import FinancingNeed, FinancingProduct
from haidian.site.demo.base import stored_anchor
from haidian.site.demo.loader import DemoDataError, DemoLoader
from listings.models import Contract, Technology


class Command(BaseCommand):
    help = (
        "Load the fictional, bilingual demo data set built from the center's announced facts. "
        "Idempotent: rows are matched on their slugs, references and keys and written only when they "
        "differ. Dates are relative to the day the set was first loaded. Creates no users."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        anchor = stored_anchor() or timezone.localdate()
        loader = DemoLoader(anchor)
        try:
            with transaction.atomic():
                loader.load()
        except DemoDataError as error:
            raise CommandError(str(error)) from error

        totals = {state: 0 for state in ("created", "updated", "unchanged")}
        for (model_name, state), rows in sorted(loader.stats.items()):
            totals[state] += rows
            if options["verbosity"] >= 2:
                self.stdout.write(f"  {model_name}: {rows} {state}")
        contracts = Contract.objects.aggregate(total=Sum("value_cny"))["total"] or 0
        self.stdout.write(
            f"Demo data anchored on {anchor.isoformat()}: "
            f"{Agency.objects.active().count()} active agencies, "
            f"{Technology.objects.count()} technologies ({Technology.objects.published().count()} published), "
            f"{Contract.objects.count()} contracts worth {contracts:,.0f} CNY, "
            f"{FinancingProduct.objects.count()} financing products, {FinancingNeed.objects.count()} financing needs."
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{totals['created']} rows created, {totals['updated']} updated, {totals['unchanged']} unchanged "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
