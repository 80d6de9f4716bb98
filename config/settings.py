"""Settings for the framework comparison site, read from the environment.

Every variable is documented in ``.env.example``. With ``DJANGO_DEBUG`` off (the
default) the site refuses to start without a real secret key and allowed hosts.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file is a convenience for development; the real environment wins. It is
# git-ignored; `manage.py setup_demo` keeps the demo editors' password there.
LOCAL_ENV_FILE = Path(env.str("DJANGO_LOCAL_ENV_FILE", default=str(BASE_DIR / ".env")))
environ.Env.read_env(LOCAL_ENV_FILE)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

_DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (50+ random characters) or turn DJANGO_DEBUG on."
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak for production: use 50+ random characters."
    )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_ALLOWED_HOSTS (comma-separated host names) or turn DJANGO_DEBUG on."
        )
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

INSTALLED_APPS = [
    # Django's admin on the editors' site: a second factor before any change (admin_site.py).
    "config.infrastructure.apps.EditorsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "django_tables2",
    "simple_history",
    "axes",
    "csp",
    # Second factor for editors: TOTP codes from an authenticator app, recovery codes, and
    # django-two-factor-auth's sign-in, set-up and recovery pages on top of django-otp.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    # The product: frameworks, their facts, and the pages that compare them.
    "comparisons",
    # Tooling: measuring the frameworks (run_benchmarks) and synthetic data at scale.
    "bench",
]

MIDDLEWARE = [
    # Outermost: the Cache-Control every response leaves with (who may store it, how long),
    # over whatever the layers below set; a stored page's headers are rewritten too.
    "config.infrastructure.http_cache.SharedCacheHeadersMiddleware",
    # ETag and 304 for every page, the page cache's hits included.
    "django.middleware.http.ConditionalGetMiddleware",
    # Django's page cache, keyed by the content revision: a hit runs nothing below.
    "config.infrastructure.http_cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Refuses methods, NULs and impossible admin dates that no view should see.
    "config.infrastructure.hygiene.RequestHygieneMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whatever may reach the database waits for one of a few slots, or gets a quick 503.
    "config.infrastructure.capacity.RenderSlotsMiddleware",
    # Below whitenoise, which serves static files precompressed: pages and exports are
    # gzipped for clients that take it (Vary: Accept-Encoding); the page cache keeps both.
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Under DEBUG (make run) an unknown address shows the site's 404 page, not Django's.
    "config.infrastructure.friendly_errors.FriendlyNotFoundMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a second factor in this session.
    "django_otp.middleware.OTPMiddleware",
    # Editors' sessions end after an hour idle and after EDITOR_SESSION_MAX_SECONDS at most.
    "config.infrastructure.sessions.EditorSessionLimitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records which editor made each change in the history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns repeated failed logins into a lock-out.
    "axes.middleware.AxesMiddleware",
]

# What shared caches (the proxy in deploy/nginx, a CDN) may do with a public page, in
# seconds (RFC 9111 s-maxage; RFC 5861 stale-while-revalidate and stale-if-error). Each
# process re-reads the content revision every CONTENT_REVISION_SECONDS: an edit reaches
# every reader within 2 + 4 + 3 = 9 s with the defaults, 10 s for a cache that counts ages
# in whole seconds (nginx does).
CONTENT_REVISION_SECONDS = env.float("CONTENT_REVISION_SECONDS", default=2.0)
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=4)
PUBLIC_CACHE_REVALIDATE_SECONDS = env.int("PUBLIC_CACHE_REVALIDATE_SECONDS", default=3)
PUBLIC_CACHE_ERROR_SECONDS = env.int("PUBLIC_CACHE_ERROR_SECONDS", default=6 * 3600)
# Seconds Django's page cache keeps a page (0: off). Edits retire pages at once anyway; off
# by default under DEBUG, where a template being worked on must show as soon as it is saved.
PAGE_CACHE_SECONDS = env.int("DJANGO_PAGE_CACHE_SECONDS", default=0 if DEBUG else 600)
CACHE_MIDDLEWARE_KEY_PREFIX = "page"
# Requests per process that may do database work at once, and how long another waits
# for one of them before it gets a 503 (keep it below gunicorn's threads).
RENDER_SLOTS = env.int("DJANGO_RENDER_SLOTS", default=2)
RENDER_SLOT_WAIT_SECONDS = env.float("DJANGO_RENDER_SLOT_WAIT_SECONDS", default=1.0)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "comparisons.context_processors.data_freshness",
                "comparisons.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside a writer; IMMEDIATE plus a busy timeout makes
    # concurrent writers wait for the lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
    # A slow or unreachable database costs a request seconds: connecting gives up, a
    # statement is cancelled, a dead peer is noticed. A frozen one (accepting, never
    # answering) still holds a request that already has a connection until it thaws: the
    # render slots (config/infrastructure/capacity.py) keep that to a few threads per process.
    _statement_ms = env.int("DATABASE_STATEMENT_TIMEOUT_MS", default=5000)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": env.int("DATABASE_CONNECT_TIMEOUT", default=2),
            "options": f"-c statement_timeout={_statement_ms} "
            f"-c idle_in_transaction_session_timeout={_statement_ms * 6}",
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 2,
        }
    )

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The cache is an accelerator, never a dependency: Django's Redis backend with every
    # call failing open (config/infrastructure/cache_backend.py), within a short socket timeout.
    CACHES["default"]["BACKEND"] = "config.infrastructure.cache_backend.FailOpenRedisCache"
    # On loopback or a LAN Redis answers in well under a millisecond; one slower than this
    # is treated as down (skipped for CACHE_RETRY_SECONDS) rather than slowing every page.
    _cache_timeout = env.float("CACHE_SOCKET_TIMEOUT", default=0.05)
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("socket_timeout", _cache_timeout)
    CACHES["default"]["OPTIONS"].setdefault("socket_connect_timeout", _cache_timeout)
    CACHES["default"]["OPTIONS"].setdefault("health_check_interval", 30)
    CACHES["default"]["RETRY_SECONDS"] = env.float("CACHE_RETRY_SECONDS", default=5.0)
    # Each process keeps the pages it serves in memory too (infrastructure/http_cache.py),
    # so a page cache hit needs no round trip to Redis; least recently used out past this many.
    CACHES["pages-local"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages-local",
        "OPTIONS": {"MAX_ENTRIES": env.int("DJANGO_PAGE_CACHE_LOCAL_ENTRIES", default=500)},
    }

# `loaddata demo` finds the demo data in the top-level fixtures/ folder.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# OWASP ASVS 4.0 level 2 (2.1.1, 2.1.7): at least 12 characters, none of the 20,000 most
# common passwords, nothing close to the user's own name or e-mail, not all digits.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security. Cookies and the HTTPS redirect are on whenever DEBUG is off; the
# redirect can be turned off for plain-HTTP runs on loopback or behind a proxy
# that already redirects.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: everything comes from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Editors' sessions (ASVS 3.3.2): an hour without a request to the admin or the account
# pages ends one, and so do twelve hours from signing in, whatever happens in between
# (config/infrastructure/sessions.py). Signing out deletes the session on the server.
EDITOR_SESSION_IDLE_SECONDS = env.int("DJANGO_EDITOR_SESSION_IDLE_SECONDS", default=3600)
EDITOR_SESSION_MAX_SECONDS = env.int("DJANGO_EDITOR_SESSION_MAX_SECONDS", default=12 * 3600)
SESSION_COOKIE_AGE = EDITOR_SESSION_MAX_SECONDS
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "one_line_warning": {"()": "config.infrastructure.logs.OneLineWarning"},
        "expected_refusals": {"()": "config.infrastructure.logs.ExpectedRefusalsOnOneLine"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "security": {"class": "logging.StreamHandler", "filters": ["one_line_warning"]},
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # django-axes logs every sign-in at INFO; lock-outs are warnings and still show.
        "axes": {"level": "WARNING"},
        # A bad Host header or a tampered cookie is the client's doing, answered with a 400:
        # a warning line each, not an ERROR with a traceback (django.security.DisallowedHost…).
        "django.security": {"handlers": ["security"], "propagate": False},
        # A 403, a 404 or an outage's 503 is the site answering as it should: one line each.
        # A 500 keeps its traceback.
        "django.request": {"filters": ["expected_refusals"]},
    },
}

SITE_NAME = "Python Framework Compare"

# The compare page's whole-table outputs (frameworks as columns, differences only, downloads)
# show at most this many frameworks: at 200 one such request cost seconds of CPU.
COMPARE_MAX_WIDE_FRAMEWORKS = env.int("COMPARE_MAX_WIDE_FRAMEWORKS", default=50)

# Editors. Cells verified longer ago than this are listed as stale in the admin.
STALE_AFTER_DAYS = env.int("COMPARISONS_STALE_AFTER_DAYS", default=180)

# The Simple API that manage.py check_releases reads (PEP 691 JSON or PEP 503 HTML).
PACKAGE_INDEX_URL = env.str("PACKAGE_INDEX_URL", default="https://pypi.org/simple/")

# Admin login throttling (django-axes): after 5 failures the same user from the same
# address is locked out for 15 minutes.
AXES_FAILURE_LIMIT = env.int("DJANGO_AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("DJANGO_AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "config.infrastructure.throttling.client_ip"
# How many proxies in front of the app append to X-Forwarded-For (0: trust no header).
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

# Sign-in: django-two-factor-auth's pages (/account/login/), where the admin sends editors.
# A second factor is required of every staff account unless DEBUG is on (make run's demo),
# where editors may still set one up; the first sign-in without one sets it up.
LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "admin:index"
LOGOUT_REDIRECT_URL = "two_factor:login"
TWO_FACTOR_REQUIRED = env.bool("DJANGO_TWO_FACTOR_REQUIRED", default=not DEBUG)
# The admin subclass in comparisons/admin/site.py sends sign-ins there; no monkeypatching.
TWO_FACTOR_PATCH_ADMIN = False
# The name authenticator apps show beside the codes.
OTP_TOTP_ISSUER = SITE_NAME
# Seconds between the password and the code before the sign-in starts over.
TWO_FACTOR_LOGIN_TIMEOUT = 600

# Every django-tables2 table renders with captions, scope and aria-sort.
DJANGO_TABLES2_TEMPLATE = "django_tables2/accessible.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "data-table"}
