"""The back office of listings: technologies and contracts (``listings``), inquiries and their
follow-through (``follow_through``), benefit claims (``benefits``), search alerts (``alerts``), and the
withdraw-instead-of-delete rule (``delete``)."""

from . import alerts, listings, submissions  # noqa: F401  (registers the admins)
