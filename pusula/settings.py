"""Settings, read from the environment with safe defaults.

Local default: SQLite in the project folder, DEBUG off unless PUSULA_DEBUG is set, a SECRET_KEY
generated once into an untracked file. Production: DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS and
PUSULA_HTTPS=1 (see docs/deploy.md).
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name, "")
    if value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name, default):
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def env_list(name, default):
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


def local_secret_key():
    """A key made once for this checkout and kept out of git (see .gitignore)."""
    path = BASE_DIR / ".secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("PUSULA_DEBUG")
HTTPS = env_bool("PUSULA_HTTPS")
SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "axes",
    "csp",
    "pusula.accounts",
    "pusula.organizations",
    "pusula.content",
    "pusula.assessments",
    "pusula.reports",
    "pusula.plans",
    "pusula.operator",
    "pusula.privacy",
    "pusula.sharing",
    "pusula.api",
    "pusula.outbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML is compressed here (static files are pre-compressed by whitenoise); BREACH: see docs/deploy.md.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pusula.lib.middleware.LanguageMiddleware",
    "pusula.lib.middleware.RejectUndecodableFormsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pusula.lib.middleware.NoIndexMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pusula.urls"
WSGI_APPLICATION = "pusula.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'pusula.sqlite3'}",
        # Persistent connections: opening one per request costs more than most of Pusula's requests.
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while a respondent saves; the timeout waits out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "organizations:dashboard"
LOGOUT_REDIRECT_URL = "home"

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

# Login throttling: five failures for one e-mail from one address lock it for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "pusula.accounts.models.login_identity"  # every spelling of an address counts as one
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "tr"
LANGUAGES = [("tr", _("Türkçe")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Istanbul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic writes and whitenoise serves from; a second server on one checkout (a test) gets its own.
STATIC_ROOT = Path(os.environ.get("PUSULA_STATIC_ROOT") or BASE_DIR / "staticfiles")
# Absent when Pusula is installed as a package (`pip install .`) for its command line only.
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("PUSULA_MANIFEST_STATIC")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Source maps (5 MB of the API docs' bundles) are never sent to phones: compressing them with brotli made
# collectstatic take minutes on a busy 2-core machine.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Pusula <pusula@localhost>")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
# Seconds between a failed delivery and the next try; after the last, the mail is marked failed (~10 h in all).
PUSULA_MAIL_RETRY_DELAYS = [60, 300, 900, 3600, 3 * 3600, 6 * 3600]

# Background work (PDFs, e-mail) is queued in the app's own database and run by `pusula db_worker`
# (docs/deploy.md). Enqueueing writes a row in the same transaction as the request's own changes.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("PUSULA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("PUSULA_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere: charts are <img> data URIs, styles live in static files.
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
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

PUSULA_CONTENT_DIR = BASE_DIR / "content" / "tr"
# Anonymous answers enter a report only once this many anonymous people have answered a question
# (docs/privacy.md); new rounds take it, existing rounds keep the value their respondents were told.
PUSULA_ANONYMOUS_MINIMUM = max(2, env_int("PUSULA_ANONYMOUS_MINIMUM", 3))

# The data controller (veri sorumlusu) the privacy notice names: whoever runs this Pusula. KVKK (6698)
# article 10 requires telling people who that is when their data is collected. See docs/deploy.md.
PUSULA_DATA_CONTROLLER = {
    "name": os.environ.get("PUSULA_CONTROLLER_NAME", ""),
    "address": os.environ.get("PUSULA_CONTROLLER_ADDRESS", ""),
    "email": os.environ.get("PUSULA_CONTROLLER_EMAIL", ""),
    "phone": os.environ.get("PUSULA_CONTROLLER_PHONE", ""),
    "kep": os.environ.get("PUSULA_CONTROLLER_KEP", ""),  # registered e-mail (KEP) address, if any
}

# Links in e-mails sent outside a request (the closing-date reminders of `pusula reminders`).
PUSULA_SITE_URL = os.environ.get("PUSULA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# A respondent is reminded at most once in this many hours; the closing-date reminder goes this many
# days before a round's closing date.
PUSULA_REMINDER_INTERVAL_HOURS = env_int("PUSULA_REMINDER_INTERVAL_HOURS", 24)
PUSULA_CLOSING_REMINDER_DAYS = env_int("PUSULA_CLOSING_REMINDER_DAYS", 2)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}
