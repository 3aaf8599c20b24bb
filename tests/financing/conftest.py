"""Financing matching reads the same sector families as technology matching."""

from tests.listings.conftest import sector_map  # noqa: F401
