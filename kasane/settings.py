"""Kasane settings: one file, read from the environment (KASANE_*, DATABASE_URL).

KASANE_ENV=development (the default) runs on SQLite with an insecure key for `make demo`, with
DEBUG off (Kasane's own error pages) unless KASANE_DEBUG=1; KASANE_ENV=production refuses to
start without a strong secret key (50+ characters, not the development key), with no allowed
hosts or `*` among them, or without DATABASE_URL.
docs/operations.md lists every variable.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


KASANE_ENV = env_str("KASANE_ENV", "development")
if KASANE_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("KASANE_ENV must be 'development' or 'production'.")
PRODUCTION = KASANE_ENV == "production"

# Off unless a developer asks: the demo shows Kasane's own Japanese error pages, as production
# does, not Django's debug pages (which list every URL and break under the CSP).
DEBUG = env_bool("KASANE_DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("KASANE_DEBUG must be off in production.")

# Development only: a fixed, obviously insecure key so `make demo` needs no setup. It is public
# (it is in this file), so production refuses it.
DEVELOPMENT_SECRET_KEY = "django-insecure-kasane-development-only-never-use-in-production"
SECRET_KEY_MIN_LENGTH = 50
GENERATE_KEY = (
    'python -c "from django.core.management.utils import get_random_secret_key; '
    'print(get_random_secret_key())"'
)


def weak_secret_key(key: str) -> str | None:
    """Why a production key is refused, or None: the repository's development key, Django's
    `django-insecure-` prefix (startproject's keys), or fewer than 50 characters."""
    if key == DEVELOPMENT_SECRET_KEY or key.startswith("django-insecure"):
        return "is a published development key"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"is {len(key)} characters long; at least {SECRET_KEY_MIN_LENGTH} are needed"
    return None


SECRET_KEY = env_str("KASANE_SECRET_KEY")
if PRODUCTION:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            f"KASANE_SECRET_KEY is required in production: set it to 50+ random characters, "
            f"e.g. from {GENERATE_KEY}."
        )
    if reason := weak_secret_key(SECRET_KEY):
        raise ImproperlyConfigured(
            f"KASANE_SECRET_KEY {reason}: set it to 50+ random characters kept secret, "
            f"e.g. from {GENERATE_KEY}."
        )
elif not SECRET_KEY:
    SECRET_KEY = DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("KASANE_ALLOWED_HOSTS")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "KASANE_ALLOWED_HOSTS is required in production: set it to the host names users type, "
        "comma-separated (e.g. kasane.city.example.lg.jp)."
    )
if PRODUCTION and any("*" in host for host in ALLOWED_HOSTS):
    # `*` accepts any Host header (forged links, poisoned caches); `.city.example` stays allowed.
    raise ImproperlyConfigured(
        "KASANE_ALLOWED_HOSTS must not contain '*' in production: list the host names users "
        "type, comma-separated (e.g. kasane.city.example.lg.jp)."
    )
if not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("KASANE_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so that `runserver` leaves static files to WhiteNoise even with DEBUG.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "axes",
    # Two-factor login (TOTP and one-time backup codes): django-otp's models, throttling and
    # verification; Kasane's own pages and rules are in kasane/accounts/two_factor*.py.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "kasane.core",
    "kasane.accounts",
    "kasane.organizations",
    "kasane.people",
    "kasane.resources",
    "kasane.breakglass",
    "kasane.notices",
    "kasane.intake",
    "kasane.cases",
    "kasane.outreach",
    "kasane.participation",
    "kasane.meetings",
    "kasane.community",
    "kasane.retention",
    "kasane.plan",
    "kasane.dashboard",
    "kasane.audit",
    "kasane.disclosure",
]
# The demo city, its generators and their commands (load_demo, generate_people,
# benchmark_search) do not exist in production: demo users have a known password.
if not PRODUCTION:
    INSTALLED_APPS.append("kasane.demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # WhiteNoise serves static files from every app server (no CDN, no nginx needed), in
    # development too: the demo runs with DEBUG off, when runserver would serve none.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kasane.core.middleware.RequestContextMiddleware",
    "kasane.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Inside the session middleware: slides the idle expiry forward once a minute.
    "kasane.accounts.middleware.SlidingSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which second factor, if any, this session passed (`request.user.is_verified()`).
    "django_otp.middleware.OTPMiddleware",
    # Around the login requirement: an htmx request after the session ended reloads the page
    # to the login form instead of swapping the form into a fragment.
    "kasane.accounts.middleware.HtmxLoginMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # After the login requirement: a signed-in session that still owes its second factor (or
    # an enrolment that KASANE_REQUIRE_2FA asks for) reaches only that step and logout.
    "kasane.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A create form posted again goes to what it created (kasane.core.submissions).
    "kasane.core.submissions.SubmittedOnceMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks, so that it sees the result of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kasane.urls"
WSGI_APPLICATION = "kasane.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kasane" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kasane.front.context_processors.navigation_items",
                "kasane.notices.context_processors.unread_notices",
            ],
            "builtins": ["kasane.core.templatetags.wareki"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if PRODUCTION and not DATABASE_URL:
    # No silent SQLite in production: the app servers are stateless and share one database.
    raise ImproperlyConfigured(
        "DATABASE_URL is required in production: set it to the PostgreSQL database, "
        "e.g. postgres://kasane:password@db.example:5432/kasane."
    )
if not DATABASE_URL:
    # The embedded default for `make demo`: SQLite in the checkout's var/ folder.
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASE_URL = f"sqlite:///{BASE_DIR / 'var' / 'kasane.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        # Production keeps each worker's connection for a minute (a new PostgreSQL connection
        # costs more than most pages' queries); health checks drop a broken one before use.
        conn_max_age=env_int("KASANE_DB_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool(
    "KASANE_DB_JIT", False
):
    # PostgreSQL's JIT compiles a query whose estimated cost is high: 0.4 s of compiling for a
    # lead-time query that runs in 0.1 s (issue 18). Pages want answers in milliseconds.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions (the app keeps no state of its own: see docs/operations.md) ---------
REDIS_URL = env_str("KASANE_REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Messages name people (「山田 花子さんを登録しました。」): keep them in the session on the server,
# never in a cookie on a shared office PC.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

SESSION_IDLE_MINUTES = env_int("KASANE_SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Sliding expiry: the age counts from the last request, refreshed at most once a minute
# (kasane.accounts.middleware), not rewritten on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "kasane_session"
CSRF_COOKIE_NAME = "kasane_csrftoken"

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "front:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = env_int("KASANE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("KASANE_LOCKOUT_MINUTES", 30))
# Lock the account, not the address: a city office's PCs share a few addresses behind NAT, and
# locking an address would lock a whole office out (hence axes.W006 is silenced below).
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "kasane.core.http.client_ip"
AXES_VERBOSE = False

# Two-factor login (TOTP, django-otp). Required of every user when on: on by default in
# production, off in development, the demo and the tests (where only the demo's auditor is
# enrolled). Enrolled users pass the second step whatever this says.
KASANE_REQUIRE_2FA = env_bool("KASANE_REQUIRE_2FA", default=PRODUCTION)
# The name authenticator apps show beside the user name.
OTP_TOTP_ISSUER = env_str("KASANE_OTP_ISSUER", "Kasane")
# Wrong codes in a row make the next try wait 1, 2, 4, 8 … seconds (per user, across sessions).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Number of reverse proxies (load balancers) in front of the app whose X-Forwarded-For we trust.
TRUSTED_PROXY_COUNT = env_int("KASANE_TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = False

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語")]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# --- Static files (served by the app itself: no CDN on municipal networks) -----------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "kasane" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Production serves what `collectstatic` gathered; development serves straight from the apps,
# so `make demo` needs no collectstatic and an edited stylesheet shows on the next request.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# --- Security headers -----------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("KASANE_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("KASANE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("KASANE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("KASANE_HSTS_PRELOAD", True)
    if env_bool("KASANE_SECURE_SSL_REDIRECT", True) is False:
        # The load balancer terminates TLS and redirects; Django need not do it twice.
        SILENCED_SYSTEM_CHECKS = ["security.W008"]

SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), "axes.W006"]

# --- Kasane's own settings ------------------------------------------------------------------
KASANE_DEMO_PASSWORD = env_str("KASANE_DEMO_PASSWORD", "kasane-demo-2026")
KASANE_PAGE_SIZE = 50
# A referral not acknowledged (受理) within this many business days is shown as overdue.
KASANE_ACK_BUSINESS_DAYS = env_int("KASANE_ACK_BUSINESS_DAYS", 2)
# An active case with no recorded contact for this many days is listed on the home page.
KASANE_CASE_QUIET_DAYS = env_int("KASANE_CASE_QUIET_DAYS", 30)
# An outreach target with no successful contact for this many days alerts the coordinators.
KASANE_OUTREACH_ALERT_DAYS = env_int("KASANE_OUTREACH_ALERT_DAYS", 60)
# The seal over the audit trail (kasane.audit.chain): an HMAC key that the database does not
# hold, so that whoever can rewrite the database cannot re-seal it. Defaults to a key derived
# from KASANE_SECRET_KEY; set it apart in production and never change it (docs/operations.md).
KASANE_AUDIT_SEAL_KEY = env_str("KASANE_AUDIT_SEAL_KEY")
# Events are sealed this many minutes after they were written, when every transaction that
# wrote one has committed.
KASANE_AUDIT_SEAL_DELAY_MINUTES = env_int("KASANE_AUDIT_SEAL_DELAY_MINUTES", 10)
# The auditor's weekly unusual access (kasane.audit.unusual): a user is flagged who viewed at
# least KASANE_UNUSUAL_VIEWS_MIN personal records in the week and more than
# KASANE_UNUSUAL_VIEWS_FACTOR times the median of the users with the same roles; views before
# KASANE_WORK_START_HOUR or from KASANE_WORK_END_HOUR (Japan time), on weekends and 祝日 are
# outside working hours; KASANE_UNUSUAL_FAILED_LOGINS failed logins in the week flag a name.
KASANE_UNUSUAL_VIEWS_FACTOR = env_int("KASANE_UNUSUAL_VIEWS_FACTOR", 3)
KASANE_UNUSUAL_VIEWS_MIN = env_int("KASANE_UNUSUAL_VIEWS_MIN", 50)
KASANE_WORK_START_HOUR = env_int("KASANE_WORK_START_HOUR", 8)
KASANE_WORK_END_HOUR = env_int("KASANE_WORK_END_HOUR", 20)
KASANE_UNUSUAL_FAILED_LOGINS = env_int("KASANE_UNUSUAL_FAILED_LOGINS", 5)
if not 0 <= KASANE_WORK_START_HOUR < KASANE_WORK_END_HOUR <= 24:
    raise ImproperlyConfigured(
        "KASANE_WORK_START_HOUR must be before KASANE_WORK_END_HOUR, both within 0..24."
    )
# Excel exports of personal data must be protected with a password the user types (issue 19,
# kasane/core/xlsx.py): on by default in production, off in development (the demo).
KASANE_EXPORT_PASSWORD_REQUIRED = env_bool("KASANE_EXPORT_PASSWORD_REQUIRED", PRODUCTION)
# 緊急時の閲覧 (break-glass): how many hours a use opens the person's record and household.
KASANE_BREAK_GLASS_HOURS = env_int("KASANE_BREAK_GLASS_HOURS", 24)
# Safe counts: counts from individual records shown outside the case teams hide 1..this-1.
KASANE_MIN_CELL = env_int("KASANE_MIN_CELL", 5)
# 国への報告 (kasane/plan/report_layout.py): the folder of the Excel layout (mapping.toml and the
# template it names); empty for the default in kasane/plan/report/. A city changes the layout
# when the state's survey changes by pointing this at its own copy, without a code change.
KASANE_STATE_REPORT_DIR = env_str("KASANE_STATE_REPORT_DIR")
# 参加支援: a participation still going this many weeks after 参加開始 may be confirmed as 定着.
KASANE_PARTICIPATION_SETTLED_WEEKS = env_int("KASANE_PARTICIPATION_SETTLED_WEEKS", 8)

# 保存期間 (issue 19, docs/operations.md "Retention and disposal"): years after the day each
# kind's period starts from, after which a coordinator may propose its disposal.
KASANE_RETENTION_CASE_YEARS = env_int("KASANE_RETENTION_CASE_YEARS", 5)
KASANE_RETENTION_CONSULTATION_YEARS = env_int("KASANE_RETENTION_CONSULTATION_YEARS", 5)
KASANE_RETENTION_SHEET_YEARS = env_int("KASANE_RETENTION_SHEET_YEARS", 3)
KASANE_RETENTION_REFERRAL_YEARS = env_int("KASANE_RETENTION_REFERRAL_YEARS", 5)
KASANE_RETENTION_OUTREACH_YEARS = env_int("KASANE_RETENTION_OUTREACH_YEARS", 5)
# A batch of at most this many records is disposed in the approving request; a larger one by
# the worker. A batch holds at most KASANE_RETENTION_BATCH_MAX records.
KASANE_RETENTION_INLINE_MAX = env_int("KASANE_RETENTION_INLINE_MAX", 200)
KASANE_RETENTION_BATCH_MAX = env_int("KASANE_RETENTION_BATCH_MAX", 1000)
# お知らせ: the address users open Kasane at, for the links in chat messages and mail (no
# personal data leaves Kasane, only a kind, an organisation and this link); read notices are
# deleted after KASANE_NOTICE_KEEP_DAYS, unread ones after KASANE_NOTICE_UNREAD_KEEP_DAYS.
KASANE_BASE_URL = env_str("KASANE_BASE_URL", "http://127.0.0.1:8000")
KASANE_NOTICE_KEEP_DAYS = env_int("KASANE_NOTICE_KEEP_DAYS", 90)
KASANE_NOTICE_UNREAD_KEEP_DAYS = env_int("KASANE_NOTICE_UNREAD_KEEP_DAYS", 365)
# The daily summary (for the kinds a user chose 「お知らせ＋日次まとめ」) is written after this
# hour, Japan time, once a day; it is mailed only where a mail server is configured below.
KASANE_NOTICE_SUMMARY_HOUR = env_int("KASANE_NOTICE_SUMMARY_HOUR", 8)
# Chat webhooks are posted directly, ignoring the environment's HTTP(S)_PROXY; a city that
# reaches its chat only through a proxy names it here (http://proxy.example.lg.jp:8080).
KASANE_CHAT_PROXY = env_str("KASANE_CHAT_PROXY")
# Mail (optional): the city's internal mail server. Without KASANE_EMAIL_HOST no mail is sent
# at all (the daily summary stays in Kasane's お知らせ list).
EMAIL_HOST = env_str("KASANE_EMAIL_HOST")
KASANE_MAIL_ENABLED = bool(EMAIL_HOST)
EMAIL_PORT = env_int("KASANE_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("KASANE_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("KASANE_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("KASANE_EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("KASANE_EMAIL_FROM", "kasane@localhost")
# The font family of the printouts (fontconfig's name); it must cover Japanese, or printing
# answers 503 and `manage.py check` warns (kasane/core/pdf.py).
KASANE_PDF_FONT = env_str("KASANE_PDF_FONT", "Noto Sans CJK JP")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"handlers": ["console"], "level": env_str("KASANE_LOG_LEVEL", "INFO")},
    "loggers": {
        # The background worker logs to stdout (its service's journal).
        "kasane.worker": {"handlers": ["stdout"], "propagate": False},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

FORM_RENDERER = "kasane.core.forms.KasaneFormRenderer"
# A meeting's participants who are not on a case's team read the summaries of its agenda cases
# from the start of the meeting until the end of the day this many days after it.
KASANE_MEETING_GUEST_DAYS = env_int("KASANE_MEETING_GUEST_DAYS", 7)
# A 社会資源 not checked (確認) for this many months is flagged on the directory and listed
# for the community workers to check again.
KASANE_RESOURCE_STALE_MONTHS = env_int("KASANE_RESOURCE_STALE_MONTHS", 12)
# The HSDS 3 export's ids are uuid5 of our primary keys in this namespace: a city that shares
# its directory with others sets its own, so two cities' ids never collide.
KASANE_HSDS_NAMESPACE = env_str("KASANE_HSDS_NAMESPACE", "6f1b7c2e-4a0d-5c1e-9a57-3d2b8e6c4f10")
# The prefecture written into the export's addresses (HSDS address.state_province).
KASANE_PREFECTURE = env_str("KASANE_PREFECTURE", "デモ県")
# Importing the directory from CSV/Excel: the largest file and the most rows read.
KASANE_RESOURCE_IMPORT_MAX_BYTES = env_int("KASANE_RESOURCE_IMPORT_MAX_BYTES", 2 * 1024 * 1024)
KASANE_RESOURCE_IMPORT_MAX_ROWS = env_int("KASANE_RESOURCE_IMPORT_MAX_ROWS", 1000)
# The largest boundary file (GeoJSON) a coordinator may load for the map (issue 17).
KASANE_BOUNDARY_MAX_BYTES = env_int("KASANE_BOUNDARY_MAX_BYTES", 5 * 1024 * 1024)
# Importing the city's 住民基本台帳 statistics by 町丁目 (CSV, area profiles): the largest
# file and the most lines read (a line is one area and year).
KASANE_FIGURES_IMPORT_MAX_BYTES = env_int("KASANE_FIGURES_IMPORT_MAX_BYTES", 1024 * 1024)
KASANE_FIGURES_IMPORT_MAX_ROWS = env_int("KASANE_FIGURES_IMPORT_MAX_ROWS", 10000)
