from django.db import models
from django.utils.translation import gettext_lazy as _

from haidian.core.matching import Reason

from .contracts import Contract
from .technologies import Technology


class StoredMatch(models.Model):
    """One match (or near miss) of a published listing, best first (``position``), as
    ``listings.matching.store_matches`` computed it when the listing or a candidate last changed.
    The detail page reads these rows and never scores candidates per request.

    The reasons' words are kept in both languages (``[met, hard, text]`` each), worded when stored,
    so the page needs no second look at the pair."""

    listing = models.ForeignKey(Technology, on_delete=models.CASCADE, related_name="stored_matches")
    candidate = models.ForeignKey(Technology, on_delete=models.CASCADE, related_name="stored_as_candidate")
    near_miss = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField()
    score = models.FloatField()
    reasons_en = models.JSONField(default=list)
    reasons_zh_hans = models.JSONField(default=list)

    class Meta:
        verbose_name = _("stored match")
        verbose_name_plural = _("stored matches")
        constraints = [
            models.UniqueConstraint(fields=["listing", "near_miss", "position"], name="stored_match_position")
        ]

    def __str__(self) -> str:
        return f"{self.listing_id} → {self.candidate_id} ({self.score})"

    def reasons(self, language: str) -> list[Reason]:
        rows = self.reasons_zh_hans if language.startswith("zh") else self.reasons_en
        return [Reason(met, text, hard) for met, hard, text in rows]


class StoredComparable(models.Model):
    """One of a listing's newest comparable contracts (``listings.price_discovery``), newest first,
    stored with its matches. Only the choice is stored: whether the contract is still published
    and which value is public is read with it, so those rules hold at once."""

    listing = models.ForeignKey(Technology, on_delete=models.CASCADE, related_name="stored_comparables")
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="stored_comparables")
    position = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("stored comparable contract")
        verbose_name_plural = _("stored comparable contracts")
        constraints = [
            models.UniqueConstraint(fields=["listing", "position"], name="stored_comparable_position")
        ]

    def __str__(self) -> str:
        return f"{self.listing_id} → {self.contract_id}"
