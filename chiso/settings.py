"""Django settings for chiso: one file, configured from the environment.

Every variable is listed in README.md ("Configuration"). Bad values fail at start-up, not later.
"""

from __future__ import annotations

import re
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import environ  # type: ignore[import-untyped]  # django-environ ships no types
from django.core.exceptions import ImproperlyConfigured

from chiso.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = BASE_DIR / "chiso"

# pytest imports this module before any conftest can set the environment.
TESTING = "pytest" in sys.modules
# Tools that import the settings but never serve a request (pytest, mypy's django-stubs plugin)
# may run on the placeholder key with DEBUG off.
_SERVES_NOTHING = TESTING or "mypy" in sys.modules

DEBUG = env_bool("CHISO_DEBUG", False)
# `make run`: the demo (public password) served as production serves it, DEBUG off, on
# http://127.0.0.1:8000. It allows `chiso demo`, keeps cookies off HTTPS and HSTS off, serves
# static files from the source folders (no collectstatic), and makes its own secret key.
DEMO = env_bool("CHISO_DEMO", False)

PLACEHOLDER_SECRET_KEY = "chiso-insecure-placeholder-key-for-development-only"  # noqa: S105
SECRET_KEY = env_secret("CHISO_SECRET_KEY", PLACEHOLDER_SECRET_KEY)

ALLOWED_HOSTS = env_list("CHISO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CHISO_CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "chiso.views.csrf_failure"

# Local state: the SQLite file and collected static files; created on demand, never committed.
VAR_DIR = Path(env_str("CHISO_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

if DEMO and SECRET_KEY == PLACEHOLDER_SECRET_KEY:
    # The demo's own random key, kept in var/ so that sessions survive a restart.
    _demo_key_file = VAR_DIR / "demo-secret-key"
    if not _demo_key_file.exists():
        import secrets

        _demo_key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        _demo_key_file.chmod(0o600)
    SECRET_KEY = _demo_key_file.read_text(encoding="utf-8").strip()
if not DEBUG and not _SERVES_NOTHING and SECRET_KEY == PLACEHOLDER_SECRET_KEY:
    raise ImproperlyConfigured(
        "CHISO_SECRET_KEY (or CHISO_SECRET_KEY_FILE) must be set when CHISO_DEBUG is off"
    )

INSTALLED_APPS = [
    "chiso.admin_site.ChisoAdminConfig",  # django.contrib.admin, closed to non-administrators
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "chiso.units",
    "chiso.accounts",
    "chiso.audit",
    "chiso.frameworks",
    "chiso.campaigns",
    "chiso.appraisal",
    "chiso.results",
    "chiso.notices",
    "chiso.sources",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Under /api/: Django's own error pages (404, 405, 500…) as the API's JSON errors.
    "chiso.api.middleware.ApiJsonErrorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The idle limit slides with use; the session is rewritten at most once a minute.
    "chiso.accounts.sessions.SlidingSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A NUL or another control character sent to a page: 400 with the reason, not a 500.
    "chiso.accounts.controls.ControlCharactersRefusedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "chiso.accounts.middleware.PasswordChangeRequiredMiddleware",
    "chiso.audit.middleware.AuditAddressMiddleware",
    # A step the workflow refuses (double click, stale page): 409 with the reason, not 500.
    "chiso.campaigns.middleware.TransitionRefusedMiddleware",
    # django-axes must come last: it turns a lockout into the response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chiso.urls"
WSGI_APPLICATION = "chiso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chiso.notices.context_processors.unread_notices",
            ],
        },
    },
]

# SQLite is the zero-config default; DATABASE_URL (or DATABASE_URL_FILE) switches to PostgreSQL.
# django-environ only parses the URL; the flags above use our own stricter helpers.
_database_url = env_secret("DATABASE_URL", f"sqlite:///{VAR_DIR / 'chiso.sqlite3'}")
DATABASES = {"default": environ.Env.db_url_config(_database_url)}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CHISO_DB_CONN_MAX_AGE", 0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A small office's concurrency on the embedded default: readers never wait for the writer
    # (WAL), a write transaction takes the write lock when it begins (IMMEDIATE: no deadlock
    # upgrading a read lock, which SQLite answers "database is locked" at once), and waits up
    # to 20 s for it rather than failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
        }
    )
# A kept connection is checked before each request reuses it, so a restarted database costs
# nobody a failed save (chiso.views.server_error answers the rest with a clear 503).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The test run creates (and drops) "test_<NAME>"; a per-run name keeps two concurrent runs on
# one PostgreSQL server from dropping each other's database (.ci/run sets one).
if test_db_name := env_str("CHISO_TEST_DB_NAME", ""):
    DATABASES["default"]["TEST"] = {"NAME": test_db_name}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out account or address before any password check.
    "axes.backends.AxesStandaloneBackend",
    # Django's, with the person's roles read in the same statement as the user.
    "chiso.accounts.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

PASSWORD_HASHERS = [
    "chiso.accounts.hashers.ChisoArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
FORMAT_MODULE_PATH = ["chiso.formats"]
# The strings Django's own vi translation lacks (the admin's newer ones).
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every start when it is missing
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed files in production; plain storage under DEBUG and tests so that no
    # collectstatic run is needed to render a page.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING or DEMO
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# The demo serves static files straight from the source folders through whitenoise.
WHITENOISE_USE_FINDERS = DEBUG or DEMO
MEDIA_ROOT = VAR_DIR / "media"
# Evidence files live outside the static root and have no URL: only the permission-checked view
# in chiso/campaigns serves them.
# From this many forms a campaign's draft results are computed in a background thread, the page
# showing the progress (chiso/results/draft_jobs.py); 0: always in the request.
CHISO_RESULTS_BACKGROUND_UNITS = env_int("CHISO_RESULTS_BACKGROUND_UNITS", 1000)
# A background publication still marked running after this many seconds is taken as interrupted
# (its process gone without writing its end): said once, and a new confirmation allowed.
CHISO_RESULTS_JOB_TIMEOUT = env_int("CHISO_RESULTS_JOB_TIMEOUT", 900)
EVIDENCE_ROOT = Path(env_str("CHISO_EVIDENCE_DIR", str(VAR_DIR / "evidence")))
# Evidence on this server's disk (EVIDENCE_ROOT), or in an S3-compatible bucket (MinIO, Ceph,
# a cloud's object storage) so that several app servers share it. The bucket stays private:
# files are read through the storage by the checked view, never linked to.
EVIDENCE_STORAGE = env_str("CHISO_EVIDENCE_STORAGE", "filesystem")
if EVIDENCE_STORAGE == "filesystem":
    STORAGES["evidence"] = {"BACKEND": "chiso.campaigns.storage.EvidenceStorage"}
elif EVIDENCE_STORAGE == "s3":
    if not env_str("CHISO_S3_BUCKET", ""):
        raise ImproperlyConfigured("CHISO_EVIDENCE_STORAGE=s3 needs CHISO_S3_BUCKET")
    STORAGES["evidence"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("CHISO_S3_BUCKET", ""),
            "endpoint_url": env_str("CHISO_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("CHISO_S3_REGION", "") or None,
            "access_key": env_secret("CHISO_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_secret("CHISO_S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("CHISO_S3_PREFIX", "evidence"),
            "addressing_style": env_str("CHISO_S3_ADDRESSING_STYLE", "") or None,
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    raise ImproperlyConfigured(
        f"CHISO_EVIDENCE_STORAGE={EVIDENCE_STORAGE!r} is not 'filesystem' or 's3'"
    )
CHISO_UPLOAD_MAX_MB = env_int("CHISO_UPLOAD_MAX_MB", 20)
# Whole-request cap a little above one file, so an oversized upload is refused early.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Sessions end after CHISO_SESSION_IDLE_MINUTES without a request (every request, autosave
# included, moves the limit, to within a minute: chiso/accounts/sessions.py), and when the
# browser closes.
SESSION_COOKIE_AGE = env_int("CHISO_SESSION_IDLE_MINUTES", 120) * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Failed logins (django-axes): after CHISO_LOGIN_FAILURE_LIMIT failures for one account, or
# CHISO_LOGIN_ADDRESS_FAILURE_LIMIT from one address (an office behind one NAT address is many
# people), that account or address waits CHISO_LOGIN_COOLOFF_MINUTES (chiso/accounts/lockout.py).
AXES_FAILURE_LIMIT = env_int("CHISO_LOGIN_FAILURE_LIMIT", 5)
CHISO_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("CHISO_LOGIN_ADDRESS_FAILURE_LIMIT", 50)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("CHISO_LOGIN_COOLOFF_MINUTES", 15))
AXES_HANDLER = "chiso.accounts.lockout.ChisoAxesHandler"
AXES_LOCKOUT_CALLABLE = "chiso.accounts.lockout.lockout_response"
# Success resets the account's own count only; the address count is the handler's.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Behind a reverse proxy, set CHISO_AXES_IPWARE_PROXY_COUNT so the client address is used.
AXES_IPWARE_PROXY_COUNT = env_int("CHISO_AXES_IPWARE_PROXY_COUNT", 0) or None

# Anonymous API requests per client address (ninja's AnonRateThrottle; "N/s|m|h|d"). Counted
# in the process's cache: with several gunicorn workers, each counts its own.
CHISO_API_ANON_RATE = env_str("CHISO_API_ANON_RATE", "60/m")
if not re.fullmatch(r"\d+/\d*(s|sec|m|min|h|hour|d|day)", CHISO_API_ANON_RATE):
    raise ImproperlyConfigured(
        f"CHISO_API_ANON_RATE={CHISO_API_ANON_RATE!r} is not a rate (e.g. 60/m, 1000/d)"
    )

SESSION_COOKIE_SECURE = env_bool("CHISO_SECURE_COOKIES", not (DEBUG or DEMO))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Security headers. Scripts and styles come only from our own static files (no inline script
# anywhere); style attributes are allowed for the few layout tweaks in templates. Pages may be
# framed only by chiso itself (evidence PDFs open inside the review screen).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# In production (behind TLS): HSTS, and trust the proxy's X-Forwarded-Proto when told to.
SECURE_HSTS_SECONDS = env_int("CHISO_HSTS_SECONDS", 0 if DEBUG or DEMO else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("CHISO_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
# SAMEORIGIN, not DENY, on purpose: the review screen shows evidence PDFs in a frame of its own.
# axes.W006 (no "ip_address" lockout parameter): chiso.accounts.lockout counts the address itself,
# at its own higher limit, so that one NAT address is not locked by one person's mistakes.
SILENCED_SYSTEM_CHECKS = ["security.W019", "axes.W006"]
SECURE_SSL_REDIRECT = env_bool("CHISO_SSL_REDIRECT", False)
if env_bool("CHISO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("CHISO_LOG_LEVEL", "INFO")},
}

# The province's single sign-on (OpenID Connect, docs/sso.md): on when CHISO_OIDC_DISCOVERY_URL
# is set. People are matched to EXISTING accounts by e-mail or username; no account or role is
# ever made from a sign-on, and local passwords keep working.
CHISO_OIDC_DISCOVERY_URL = env_str("CHISO_OIDC_DISCOVERY_URL", "")
CHISO_OIDC_CLIENT_ID = env_str("CHISO_OIDC_CLIENT_ID", "")
CHISO_OIDC_CLIENT_SECRET = env_secret("CHISO_OIDC_CLIENT_SECRET", "")
CHISO_OIDC_MATCH = env_str("CHISO_OIDC_MATCH", "email")
CHISO_OIDC_USERNAME_CLAIM = env_str("CHISO_OIDC_USERNAME_CLAIM", "preferred_username")
CHISO_OIDC_LABEL = env_str("CHISO_OIDC_LABEL", "Đăng nhập bằng tài khoản một cửa của tỉnh")
if CHISO_OIDC_DISCOVERY_URL and not CHISO_OIDC_CLIENT_ID:
    raise ImproperlyConfigured("CHISO_OIDC_DISCOVERY_URL is set: set CHISO_OIDC_CLIENT_ID too")
if CHISO_OIDC_MATCH not in {"email", "username"}:
    raise ImproperlyConfigured(f"CHISO_OIDC_MATCH={CHISO_OIDC_MATCH!r}: use email or username")
# Notices by e-mail (chiso/notices, docs/notices.md): the links in them start with
# CHISO_BASE_URL; CHISO_EMAIL_URL is the SMTP server (smtp://, smtp+tls://, smtp+ssl://user:pass@
# host:port, parsed by django-environ); unset, ``chiso notify`` keeps every e-mail waiting.
CHISO_BASE_URL = env_str("CHISO_BASE_URL", "http://127.0.0.1:8000")
if not re.fullmatch(r"https?://[^/\s]+(/[^\s]*)?", CHISO_BASE_URL):
    raise ImproperlyConfigured(f"CHISO_BASE_URL={CHISO_BASE_URL!r} is not an http(s) address")
CHISO_EMAIL_URL = env_secret("CHISO_EMAIL_URL", "")
if CHISO_EMAIL_URL:
    try:
        _mail = environ.Env.email_url_config(CHISO_EMAIL_URL)
    except Exception as exc:  # noqa: BLE001 - any parse failure is a start-up error
        raise ImproperlyConfigured(f"CHISO_EMAIL_URL is not a mail URL: {exc}") from None
    EMAIL_BACKEND = _mail["EMAIL_BACKEND"]
    EMAIL_HOST = _mail.get("EMAIL_HOST") or "localhost"
    EMAIL_PORT = _mail.get("EMAIL_PORT") or 25
    EMAIL_HOST_USER = _mail.get("EMAIL_HOST_USER") or ""
    EMAIL_HOST_PASSWORD = _mail.get("EMAIL_HOST_PASSWORD") or ""
    EMAIL_USE_TLS = bool(_mail.get("EMAIL_USE_TLS"))
    EMAIL_USE_SSL = bool(_mail.get("EMAIL_USE_SSL"))
EMAIL_TIMEOUT = env_int("CHISO_EMAIL_TIMEOUT", 30)
CHISO_EMAIL_FROM = env_str("CHISO_EMAIL_FROM", "chiso <no-reply@localhost>")
DEFAULT_FROM_EMAIL = CHISO_EMAIL_FROM
