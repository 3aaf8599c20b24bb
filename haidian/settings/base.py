"""Settings shared by every environment; each value can be set from the environment."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin to patch its forms.
    "modeltranslation",
    # Before the admin, so its templates (admin/base_site.html, the split date/time widget) win.
    "haidian.backoffice",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "django_prose_editor",
    "axes",
    "corsheaders",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "haidian.core",
    "haidian.ops",
    "agencies",
    "listings",
    "financing",
    "haidian.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip for generated text; below whitenoise, which serves static files already compressed.
    "haidian.core.compression.TextCompressionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # The admin's own, looser policy (see haidian/backoffice/csp.py); the strict one excludes /admin/.
    "haidian.backoffice.csp.AdminContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "haidian.backoffice.safety.AdminOutOfRangeMiddleware",
    # AxesMiddleware should be the last middleware.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "haidian.urls"
WSGI_APPLICATION = "haidian.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "haidian.site.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A kept connection is checked before a request reuses it: after a database restart or failover the
# next request reconnects instead of failing on the dead connection (no cost with CONN_MAX_AGE 0).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Seconds a statement may run (PostgreSQL statement_timeout, set per connection by
# haidian.core.database): web requests get the short limit, so a runaway query or a lock held too
# long answers 503 instead of holding a worker; management commands and the task worker (manage.py)
# the long one. 0 means no limit. gunicorn's --timeout (docs/operations.md) must stay above the first.
DATABASE_STATEMENT_TIMEOUT = env.int("DATABASE_STATEMENT_TIMEOUT", default=5)
DATABASE_COMMAND_STATEMENT_TIMEOUT = env.int("DATABASE_COMMAND_STATEMENT_TIMEOUT", default=1800)
if "postgresql" in DATABASES["default"]["ENGINE"]:
    # Search typo tolerance (listings.search): one wrong letter in a 10-letter word is 0.57 similar.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c pg_trgm.word_similarity_threshold=0.5"
    )
else:
    # Several workers writing one SQLite file: a transaction takes the write lock when it begins and
    # waits for it, instead of failing with "database is locked" when a reader turns writer (soak).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://haidian")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Redis is an accelerator: when it fails the site answers uncached (haidian/core/redis_cache.py).
    CACHES["default"]["BACKEND"] = "haidian.core.redis_cache.ResilientRedisCache"
# Public pages and API lists are cached under a content version bumped on every save (haidian/core/cache.py);
# these bound what no signal announces: expiry dates passing, bulk updates. 0 turns the caching off.
CACHE_PAGE_SECONDS = env.int("CACHE_PAGE_SECONDS", default=300)
CACHE_API_SECONDS = env.int("CACHE_API_SECONDS", default=300)
PUBLIC_CACHE_ENABLED = env.bool("PUBLIC_CACHE_ENABLED", default=True) and CACHE_PAGE_SECONDS > 0

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages -----------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "haidian" / "locale"]
TIME_ZONE = "Asia/Shanghai"
# Dates: 2026-02-10 in English, 2026年2月10日 in Chinese (haidian/core/formats/).
FORMAT_MODULE_PATH = ["haidian.core.formats"]
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "zh-hans")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "zh-hans"), "en": ("zh-hans",)}
# Served from our own static files: a CDN fails offline and in mainland China.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# --- Static and media files ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- E-mail --------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="no-reply@ittc.haidian.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A slow mail server must not hold a worker for ever (Django's default is no timeout at all).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Every e-mail is an OutboundMessage row delivered by a background worker (haidian/emails.py).
# A transient failure (server down, 4xx) is tried again after EMAIL_RETRY_BACKOFF seconds,
# doubling each time up to an hour, at most EMAIL_MAX_ATTEMPTS times; then it shows as failed.
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=10)
EMAIL_RETRY_BACKOFF = env.int("EMAIL_RETRY_BACKOFF", default=60)

# --- Background work ----------------------------------------------------------------------------
# Django's tasks API (the django-tasks backport until Django 6). The queue lives in the database
# (`manage.py db_worker` runs it); TASKS_BACKEND moves it elsewhere, e.g. to Redis with
# django-tasks-rq, without a code change.
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}

# --- Security ------------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The site uses none of these browser features: deny them to every frame (django-permissions-policy).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# Sessions serve the back office only: a working day, not Django's two weeks.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 60 * 60)
# Django's default, stated: a form posting more fields is refused with a 400 (hash-flooding guard).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# /.well-known/security.txt (RFC 9116): where to report a vulnerability, and until when that holds.
SECURITY_CONTACT = env.list("SECURITY_CONTACT", default=["mailto:security@ittc.haidian.example"])
SECURITY_TXT_EXPIRES = env.str("SECURITY_TXT_EXPIRES", default="2027-06-30T00:00:00+08:00")

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_CALLABLE = "haidian.backoffice.lockout.lockout_response"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# How many reverse proxies in front of the application append to X-Forwarded-For. 0: none, every
# limiter keys on the connection's address; N: on the address the nearest proxy saw. One rule,
# haidian.core.web.client_ip, read by the form limits, the API throttle and the login lockout.
# (The env name is the one earlier releases documented for the API alone.)
TRUSTED_PROXY_COUNT = env.int("API_NUM_PROXIES", default=0)
AXES_CLIENT_IP_CALLABLE = "haidian.core.web.client_ip"

CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

# Strict policy on public pages; the admin gets its own, looser one (prose editor uses an import map):
# everything from our own origin, inline scripts and styles for the editor's import map and the widgets.
ADMIN_URL_PREFIX = "/admin/"
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": [ADMIN_URL_PREFIX],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# --- API -----------------------------------------------------------------------------------------
# The public read API (haidian/api, docs/api.md). Throttling counts in the default cache: Redis
# through CACHE_URL in production, so every worker shares one count per client.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "haidian.core.api.ordering.StrictOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "haidian.core.api.pagination.StandardPagination",
    "DEFAULT_SCHEMA_CLASS": "haidian.core.api.schema.ApiAutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["haidian.core.api.throttling.AnonymousRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env.str("API_ANON_RATE", default="120/minute")},
    # The throttle reads the client address from haidian.core.web.client_ip (TRUSTED_PROXY_COUNT), not
    # from NUM_PROXIES; 0 stated anyway so no DRF code path trusts X-Forwarded-For.
    "NUM_PROXIES": 0,
    "EXCEPTION_HANDLER": "haidian.core.api.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": None,
}
# Seconds a client or shared cache may reuse an API response (Cache-Control: public, max-age).
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=60)
# The technology list counts at most this many matches (no full COUNT per request).
API_COUNT_CAP = env.int("API_COUNT_CAP", default=10_000)
SPECTACULAR_SETTINGS = {
    "TITLE": "Haidian International Technology Transfer Center API",
    "DESCRIPTION": (
        "Read-only public data: technologies, agencies, contracts, financing, news. "
        "Anonymous, throttled, paginated (20 per page, at most 100). Guide: docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "FinancingTypeEnum": "financing.models.FinancingType",
        "TransactionTypeEnum": "listings.models.TransactionTypeKind",
        "CompanyStageEnum": "financing.models.CompanyStageKind",
        "OrganizationKindEnum": "haidian.core.models.OrganizationKind",
        "TechnologyKindEnum": "listings.models.TechnologyKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "haidian.core.api.language.drop_translations_from_required",
    ],
}

# --- Import / export -----------------------------------------------------------------------------
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Importing needs the "add" permission of the model, exporting the "view" permission.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# A listing nobody has confirmed as current for this many days is reported as stale.
LISTING_STALE_DAYS = env.int("LISTING_STALE_DAYS", default=180)

# --- The center ----------------------------------------------------------------------------------
AGENCY_TARGET = 100
# Form rate limits (django-ratelimit) fail open while the cache is down: the failure is logged by the
# cache backend (haidian/core/redis_cache.py) and a visitor's message is never refused for it.
RATELIMIT_FAIL_OPEN = True
# Public inquiry form: at most this many inquiries per client address in INQUIRY_RATE_WINDOW seconds.
INQUIRY_RATE_LIMIT = env.int("INQUIRY_RATE_LIMIT", default=5)
INQUIRY_RATE_WINDOW = env.int("INQUIRY_RATE_WINDOW", default=3600)
# Matching (docs/matching.md): a candidate is shown as a match only with no disqualifying reason and
# at least this score out of 100; the others one rule short are shown apart, as near misses.
MATCH_MIN_SCORE = env.int("MATCH_MIN_SCORE", default=60)
# Agencies answer an inquiry within this many hours; the visitor is told, the dashboard tracks it.
# The one response-time promise: every page's footer, the contact page, the inquiry forms and e-mails.
INQUIRY_RESPONSE_HOURS = env.int("INQUIRY_RESPONSE_HOURS", default=48)
# Conversion figures ("n % of inquiries ended in a contract") and response records are public only
# from this many inquiries on; below it, only the agency (back office) and the owner (report) see them.
CONVERSION_MIN_SAMPLE = env.int("CONVERSION_MIN_SAMPLE", default=10)
# How to reach the center: the contact page and every page's footer (the address in both languages).
CENTER_CONTACT = {
    "address_en": env.str(
        "CENTER_ADDRESS_EN",
        default="Haidian International Technology Transfer Center, 5 Zhongguancun South Street, "
        "Haidian District, Beijing 100081, China",
    ),
    "address_zh_hans": env.str(
        "CENTER_ADDRESS_ZH_HANS", default="北京市海淀区中关村南大街 5 号 海淀国际技术转移中心 100081"
    ),
    "email": env.str("CENTER_EMAIL", default="contact@ittc.haidian.example"),
    "phone": env.str("CENTER_PHONE", default="+86 10 6200 0000"),
}
# The signed link to a listing's owner report (conversion figures, declines) stays valid this long;
# every decline e-mails a fresh one and the admin shows one.
OWNER_REPORT_LINK_DAYS = env.int("OWNER_REPORT_LINK_DAYS", default=90)
# The site's public address (scheme and host), for links in e-mails sent by commands (search alerts).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Search alerts: at most this many subscriptions per client address in SEARCH_ALERT_RATE_WINDOW
# seconds; at most SEARCH_ALERT_DIGEST_ITEMS listings per digest e-mail (then a link to the rest).
SEARCH_ALERT_RATE_LIMIT = env.int("SEARCH_ALERT_RATE_LIMIT", default=5)
SEARCH_ALERT_RATE_WINDOW = env.int("SEARCH_ALERT_RATE_WINDOW", default=3600)
SEARCH_ALERT_DIGEST_ITEMS = env.int("SEARCH_ALERT_DIGEST_ITEMS", default=20)
# Alerts nobody confirmed are deleted (address and all) after this many days.
SEARCH_ALERT_UNCONFIRMED_DAYS = env.int("SEARCH_ALERT_UNCONFIRMED_DAYS", default=30)
# Public submissions (technology needs and offers, financing needs): at most SUBMISSION_RATE_LIMIT
# per client address in SUBMISSION_RATE_WINDOW seconds; the confirmation link is valid
# SUBMISSION_CONFIRM_DAYS, after which an unconfirmed submission is deleted; the withdraw link in
# the outcome e-mails is valid SUBMISSION_WITHDRAW_DAYS.
SUBMISSION_RATE_LIMIT = env.int("SUBMISSION_RATE_LIMIT", default=5)
SUBMISSION_RATE_WINDOW = env.int("SUBMISSION_RATE_WINDOW", default=3600)
SUBMISSION_CONFIRM_DAYS = env.int("SUBMISSION_CONFIRM_DAYS", default=7)
SUBMISSION_WITHDRAW_DAYS = env.int("SUBMISSION_WITHDRAW_DAYS", default=365)
# Open data (export_open_data): the licence of the exports and how many dated exports are kept.
OPEN_DATA_LICENCE = {
    "name": env.str("OPEN_DATA_LICENCE_NAME", default="CC-BY-4.0"),
    "title": env.str("OPEN_DATA_LICENCE_TITLE", default="Creative Commons Attribution 4.0"),
    "path": env.str("OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/"),
}
OPEN_DATA_KEEP = env.int("OPEN_DATA_KEEP", default=5)

# --- Operations ----------------------------------------------------------------------------------
# Where ``manage.py backup`` (make backup) writes its folders; keep it off the web root.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
