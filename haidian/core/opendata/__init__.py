"""Open data: every public record as CSV and JSON, described by a Frictionless Data Package.

``datasets.py`` says what is exported (public records and public fields only: no inquiries, no
e-mail addresses, no internal notes, no private attachments, no user names); ``store.py`` writes a
dated export atomically under ``MEDIA_ROOT/open-data/`` with a zip of it and keeps the last
``OPEN_DATA_KEEP``; ``views.py`` is the public download page. The ``export_open_data`` command
(cron, e.g. nightly) makes an export.
"""

from haidian.core.opendata.datasets import register, register_organization_references

__all__ = ["register", "register_organization_references"]
