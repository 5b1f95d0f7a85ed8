"""Django settings, read once from `CANDELA_*` environment variables with embedded defaults."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("CANDELA_DATA_DIR", "data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def load_or_create_secret_key(data_dir: Path) -> str:
    """Generated on first start and kept in the data directory, so restarts keep sessions."""
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("CANDELA_SECRET_KEY") or load_or_create_secret_key(DATA_DIR)
DEBUG = env_bool("CANDELA_DEBUG", False)

# The public address of this server: actor URIs, handles and OAuth metadata are built from it.
CANDELA_URL = os.environ.get("CANDELA_URL", "http://localhost:8000").rstrip("/")
CANDELA_DOMAIN = os.environ.get("CANDELA_DOMAIN") or (urlsplit(CANDELA_URL).netloc)
CANDELA_INSTANCE_NAME = os.environ.get("CANDELA_INSTANCE_NAME", "Candela")
CANDELA_INSTANCE_DESCRIPTION = os.environ.get(
    "CANDELA_INSTANCE_DESCRIPTION", "A community networking server."
)
CANDELA_CONTACT_EMAIL = os.environ.get("CANDELA_CONTACT_EMAIL", "")
CANDELA_REGISTRATIONS_OPEN = env_bool("CANDELA_REGISTRATIONS_OPEN", True)
CANDELA_STREAMING_URL = os.environ.get("CANDELA_STREAMING_URL", "")
CANDELA_MAX_POST_CHARS = int(os.environ.get("CANDELA_MAX_POST_CHARS", "5000"))
# Entries kept per home feed (Mastodon keeps 800); fan-out trims a feed about every
# CANDELA_HOME_TIMELINE_TRIM_EVERY posts it receives, so a feed may briefly hold a few more.
CANDELA_HOME_TIMELINE_LENGTH = int(os.environ.get("CANDELA_HOME_TIMELINE_LENGTH", "800"))
CANDELA_HOME_TIMELINE_TRIM_EVERY = int(os.environ.get("CANDELA_HOME_TIMELINE_TRIM_EVERY", "20"))
# Mounts /bench/reference, the benchmark's baseline endpoint (bench/README.md). Never in production.
CANDELA_BENCH = env_bool("CANDELA_BENCH", False)

_default_hosts = ["localhost", "127.0.0.1", "[::1]", urlsplit(CANDELA_URL).hostname or ""]
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("CANDELA_ALLOWED_HOSTS", ",".join(_default_hosts)).split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [CANDELA_URL]
if CANDELA_URL.startswith("https://"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "oauth2_provider",
    "django_tasks",
    "django_tasks_db",
    "candela.core",
    "candela.accounts",
    "candela.profiles",
    "candela.graph",
    "candela.posts",
    "candela.feed",
    "candela.notifications",
    "candela.federation",
    "candela.search",
    "candela.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "candela.core.middleware.ContentSecurityPolicyMiddleware",
    "candela.api.middleware.TrailingSlashAgnosticApiMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "candela.accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "candela.config.urls"
WSGI_APPLICATION = "candela.config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

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
                "candela.core.context_processors.site",
                "candela.notifications.context_processors.notifications",
            ],
        },
    },
]


def database(url: str) -> dict[str, Any]:
    """Django's settings for the database at `url` (the test settings use it too)."""
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers proceed while one writer commits; IMMEDIATE avoids lock-upgrade
        # deadlocks.
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    elif os.environ.get("CANDELA_DATABASE_PREPARE", "1") != "0":
        # Prepared statements: psycopg prepares a query the fifth time a connection runs it,
        # with server-side binding. Planning the feed queries costs PostgreSQL more than
        # running them (bench/README.md). Behind a transaction-pooling PgBouncer, set
        # CANDELA_DATABASE_PREPARE=0.
        config.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
    return config


DATABASES = {
    "default": database(
        os.environ.get("CANDELA_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'candela.sqlite3'}"
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("CANDELA_REDIS_URL", "")
# Live events' Redis channels start with this: pub/sub channels are shared by every database
# of a Redis server, so two Candelas on one Redis need different prefixes.
CANDELA_REALTIME_PREFIX = os.environ.get("CANDELA_REALTIME_PREFIX", "candela:")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "candela",
        }
    }
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_rq.RQBackend",
            "QUEUES": ["default"],
        }
    }
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    INSTALLED_APPS += ["django_rq"]
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "candela",
            # Rendered statuses and accounts (a few kB each) of the pages being read.
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# How many reverse proxies stand in front of the web workers (0 in embedded mode): the client's
# address is then read from X-Forwarded-For, for login throttling.
CANDELA_TRUSTED_PROXIES = int(os.environ.get("CANDELA_TRUSTED_PROXIES", "0"))

# Failed logins allowed per window before the login form refuses further tries.
LOGIN_THROTTLE_WINDOW_SECONDS = int(os.environ.get("CANDELA_LOGIN_THROTTLE_WINDOW", "900"))
LOGIN_THROTTLE_PER_USERNAME = int(os.environ.get("CANDELA_LOGIN_THROTTLE_PER_USERNAME", "5"))
LOGIN_THROTTLE_PER_IP = int(os.environ.get("CANDELA_LOGIN_THROTTLE_PER_IP", "20"))

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("it", "Italiano"),
    ("de", "Deutsch"),
    ("fi", "Suomi"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Uploads above this are refused by the forms with a clear message, before Pillow opens them.
CANDELA_MAX_IMAGE_BYTES = int(os.environ.get("CANDELA_MAX_IMAGE_BYTES", str(8 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

_email = dj_email_url.parse(os.environ.get("CANDELA_EMAIL_URL", "console://"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
DEFAULT_FROM_EMAIL = os.environ.get(
    "CANDELA_DEFAULT_FROM_EMAIL", f"Candela <noreply@{urlsplit(CANDELA_URL).hostname}>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Mastodon apps register themselves (POST /api/v1/apps) with their own scopes and any redirect
# scheme (`urn:ietf:wg:oauth:2.0:oob`, `com.example.app:/callback`): candela.api.models.Application
# stores both and decides which schemes are safe. Scopes and their descriptions live in
# candela.api.scopes; the backend also reads JSON token requests.
OAUTH2_PROVIDER_APPLICATION_MODEL = "api.Application"
OAUTH2_PROVIDER = {
    "SCOPES_BACKEND_CLASS": "candela.api.scopes.MastodonScopes",
    "OAUTH2_BACKEND_CLASS": "candela.api.oauth.backends.FormOrJSONOAuthLibCore",
    "DEFAULT_SCOPES": ["read"],
    # PKCE is optional (older apps do not send it) but, when sent, only S256 is accepted.
    "PKCE_REQUIRED": False,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http"],
    # Mastodon tokens do not expire; apps keep one until it is revoked.
    "ACCESS_TOKEN_EXPIRE_SECONDS": 60 * 60 * 24 * 365 * 10,
    "REFRESH_TOKEN_EXPIRE_SECONDS": None,
    "ROTATE_REFRESH_TOKEN": True,
    # Ten minutes, as on Mastodon: people copy an out-of-band code by hand.
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 600,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CANDELA_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
