"""Settings for legpain.

Everything that differs between a laptop and production comes from the environment.
The defaults are safe for local use: SQLite in the project folder, local-memory cache,
DEBUG off. ``make run`` turns DEBUG on for the development server.

Production needs at least: SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL (PostgreSQL).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from legpain.client_address import parse_trusted_proxies

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated environment variable into a list, ignoring blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment, or set DEBUG=1 for local "
            "development (which uses a throwaway development key)."
        )
    SECRET_KEY = "django-insecure-local-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "reversion",
    "reversion_compare",
    "axes",
    "conditions",
]

MIDDLEWARE = [
    # First, so every log line and limit below sees the client's own address.
    "legpain.client_address.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy: no camera, microphone, location and so on for any page.
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # WhiteNoise must come straight after SecurityMiddleware.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Answers If-None-Match / If-Modified-Since with 304 (adds an ETag where missing).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Turns django-ratelimit's refusals into RATELIMIT_VIEW's 429 page.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Inside the header middleware above, so cached pages get CSP and X-Frame-Options too.
    "conditions.caching.ReaderPageCacheMiddleware",
    # A view's database outage becomes a 503 error page with Retry-After.
    "legpain.unavailable.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it counts failed admin logins.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Overridable only so the load benchmark can serve its bare "ceiling" page (bench/).
ROOT_URLCONF = os.environ.get("ROOT_URLCONF", "legpain.urls")

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "conditions.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "legpain.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

# PostgreSQL must never hang the site (legpain/postgresql/base.py): connecting gives up
# after DATABASE_CONNECT_TIMEOUT seconds, a statement after DATABASE_STATEMENT_TIMEOUT
# seconds (the server cancels it), and any wait for an answer after that plus half a
# second (the client drops a connection that stalled). 0 turns the statement limit off,
# e.g. for a long migration: DATABASE_STATEMENT_TIMEOUT=0 manage.py migrate.
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3"))
DATABASE_STATEMENT_TIMEOUT = float(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "5"))
DATABASE_ANSWER_TIMEOUT = DATABASE_STATEMENT_TIMEOUT + 0.5 if DATABASE_STATEMENT_TIMEOUT else None
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "legpain.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=DATABASE_CONNECT_TIMEOUT,
        options=f"-c statement_timeout={int(DATABASE_STATEMENT_TIMEOUT * 1000)}",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis in production (shared by every app server), local memory otherwise.
# The site runs on without it (legpain/cache.py): a Redis error is a cache miss, and a
# dead Redis is skipped for two seconds at a time. REDIS_TIMEOUT bounds each call.
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.5"))
# Every key starts with this, so sites (or test runs) can share one Redis database.
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "legpain")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "legpain.cache.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 60 * 60,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public pages are cached for this long at most; any content change invalidates them at once.
# Off by default in development, where templates change under the developer's hands.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 0 if DEBUG else 60 * 60))
# A page bigger than this is served but not stored (a cache entry is ~20 KB; nothing
# legitimate comes near this, so an entry that does is a bug or an attack).
PAGE_CACHE_MAX_BYTES = int(os.environ.get("PAGE_CACHE_MAX_BYTES", 512 * 1024))

# Where the admin lives. Moving it off /admin/ keeps it out of casual scans.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Only STORAGES counts on Django 5.2; "default" must stay or file fields break.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Admin login and sessions.
LOGIN_URL = "admin:login"
SESSION_COOKIE_HTTPONLY = True

# HTTPS: on by default in production (DEBUG off). HTTPS=0 turns it off, e.g. for tests on
# plain http://127.0.0.1. Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER=1 so
# Django trusts the proxy's X-Forwarded-Proto header.
HTTPS = env_bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=HTTPS)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy (django-csp): our own files only, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The load balancer(s) in front of the app, whose X-Forwarded-For may be believed: a
# count ("1": one balancer) or addresses/networks ("10.0.0.0/8,192.0.2.7"). Unset, the
# peer's address is the client's. See legpain/client_address.py.
try:
    TRUSTED_PROXIES = parse_trusted_proxies(os.environ.get("TRUSTED_PROXIES", ""))
except ValueError as error:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from None

# Admin login: lock an account and address out after repeated failures (django-axes).
AXES_CLIENT_IP_CALLABLE = "legpain.client_address.client_ip"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# No "AXES: BEGIN version ..." banner on every manage.py command.
AXES_VERBOSE = False

# Search and suggestions: requests per minute per client (django-ratelimit).
SEARCH_RATE = os.environ.get("SEARCH_RATE", "60/m")
SUGGEST_RATE = os.environ.get("SUGGEST_RATE", "240/m")
RATELIMIT_VIEW = "conditions.views.rate_limited"
RATELIMIT_IP_META_KEY = "legpain.client_address.client_ip"
# If the cache is down, let searches through (the outage is logged) rather than refuse all.
RATELIMIT_FAIL_OPEN = True

# django-taggit: tags may contain spaces ("lower back pain"), so only commas separate them,
# and "Nerves" and "nerves" are the same tag.
TAGGIT_CASE_INSENSITIVE = True
TAGGIT_TAGS_FROM_STRING = "conditions.tagging.comma_splitter"
TAGGIT_STRING_FROM_TAGS = "conditions.tagging.comma_joiner"

# What readers are told to call. EMERGENCY_NUMBER is a number to dial where the site's
# readers live (e.g. "999"); phones get a tap-to-call link. Left empty, pages say "your
# local emergency number (for example 911, 999 or 112)", clear to a reader anywhere.
# URGENT_CARE_NUMBER (e.g. "111") is named on same-day cards; without it they say "your
# doctor or an urgent care service". The *_TEXT settings change how a number is written.
EMERGENCY_NUMBER = os.environ.get("EMERGENCY_NUMBER", "").strip()
EMERGENCY_NUMBER_TEXT = os.environ.get("EMERGENCY_NUMBER_TEXT", "").strip()
URGENT_CARE_NUMBER = os.environ.get("URGENT_CARE_NUMBER", "").strip()
URGENT_CARE_NUMBER_TEXT = os.environ.get("URGENT_CARE_NUMBER_TEXT", "").strip()

# How long after a review the next one is due, in months.
REVIEW_INTERVAL_MONTHS = int(os.environ.get("REVIEW_INTERVAL_MONTHS", "12"))

# Shown in page titles and structured data.
SITE_NAME = "legpain"

# The site's own address, for links in emails sent outside a request (review reminders).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Email (review reminders). Without EMAIL_HOST, emails are printed to the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "legpain <webmaster@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "filters": {"one_line": {"()": "legpain.logging.OneLineWarning"}},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # A request for a host we do not serve is noise from scanners, not an error: one
        # warning line, no traceback.
        "django.security.DisallowedHost": {
            "handlers": ["console"],
            "filters": ["one_line"],
            "propagate": False,
        },
    },
}

# Browser features no page here needs (django-permissions-policy).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation",
        "gyroscope", "magnetometer", "microphone", "midi", "payment", "usb",
    )
}  # fmt: skip
