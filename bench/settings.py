"""Settings for benchmarking: production-like (DEBUG off, no toolbar), the bench database, the
floor views mounted next to the site.

``BENCH_DATABASE_URL`` names the database (default ``bench/data/bench.sqlite3``); the runner sets it
per database. Throttling stays on (its cache round trip is part of an API request) with a rate the
load generator cannot reach.
"""

import os
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "bench-only-insecure-key")
os.environ["DEBUG"] = "false"

from haidian.settings.base import *  # noqa: E402,F403
from haidian.settings.base import BASE_DIR, REST_FRAMEWORK, env  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_SQLITE = BENCH_DIR / "data" / "bench.sqlite3"
# SQLite cannot create the file in a folder that does not exist (bench/data/ is git-ignored).
DEFAULT_SQLITE.parent.mkdir(exist_ok=True)

DATABASES = {"default": env.db("BENCH_DATABASE_URL", default=f"sqlite:///{DEFAULT_SQLITE}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # as haidian/settings/base.py
if "postgresql" in DATABASES["default"]["ENGINE"]:
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c pg_trgm.word_similarity_threshold=0.5"
    )
else:
    # What a production SQLite deployment would set: WAL, so readers never wait for a writer.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",  # as haidian/settings/base.py
            "timeout": 20,
        }
    )

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["*"]
# No collectstatic for a benchmark: pages link to static files, nobody fetches them.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if "EMAIL_URL" not in os.environ:  # the soak sets it to its own loopback SMTP server
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000000/minute"}}
AXES_ENABLED = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
MEDIA_ROOT = BASE_DIR / "artifacts" / "bench-media"
