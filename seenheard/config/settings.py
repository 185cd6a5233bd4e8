"""Settings for Seen and Heard.

Every value comes from the environment, read once here (see docs/architecture.md for the list).
SEENHEARD_ENV chooses the profile: ``development`` (the default, used by ``make demo``), ``test``
(pytest) or ``production`` (secure cookies, HSTS, two-factor sign-in required, no defaults for
secrets).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from seenheard.config.env import Env

env = Env()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROFILE = env.choice("SEENHEARD_ENV", "development", ("development", "test", "production"))
PRODUCTION = PROFILE == "production"
DATA_DIR = Path(env.str("SEENHEARD_DATA_DIR", str(BASE_DIR / "var")))
# var/ is not in git: a fresh clone must still be able to create its SQLite database there.
try:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    (DATA_DIR / "static").mkdir(exist_ok=True)  # whitenoise warns when STATIC_ROOT is missing
except OSError as exc:
    raise ImproperlyConfigured(
        f"SEENHEARD_DATA_DIR ({DATA_DIR}) cannot be created: {exc.strerror}."
    ) from None

if PRODUCTION:
    SECRET_KEY = env.str("SEENHEARD_SECRET_KEY")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "SEENHEARD_SECRET_KEY must be at least 50 characters with at least 5 different ones."
        )
else:
    SECRET_KEY = env.str(
        "SEENHEARD_SECRET_KEY", "development-only-key-not-secret-" + "x7#k2!q9" * 5
    )

DEBUG = env.bool("SEENHEARD_DEBUG", default=PROFILE == "development")
ALLOWED_HOSTS = env.list(
    "SEENHEARD_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("SEENHEARD_ALLOWED_HOSTS must list the host names this serves.")
CSRF_TRUSTED_ORIGINS = env.list("SEENHEARD_CSRF_TRUSTED_ORIGINS", [])
# The address staff open the service at, for absolute links in e-mails (issue 7): an e-mail has
# no page to be relative to. Required, and https, in production.
SEENHEARD_BASE_URL = env.base_url(
    "SEENHEARD_BASE_URL", None if PRODUCTION else "http://localhost:8000", https=PRODUCTION
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "seenheard.core",
    "seenheard.accounts",
    "seenheard.audit",
    "seenheard.access",
    "seenheard.children",
    "seenheard.jobs",
    "seenheard.protocols",
    "seenheard.tasks",
    "seenheard.encounters",
    "seenheard.flags",
    "seenheard.voice",
    "seenheard.feedback",
    "seenheard.referrals",
    "seenheard.conferences",
    "seenheard.early_help",
    "seenheard.appointments",
    "seenheard.screening",
    "seenheard.lac_health",
    "seenheard.lac_health.returns",
    "seenheard.lac_health.outcomes",
    "seenheard.chronology",
    "seenheard.figures",
    "seenheard.fhir",
    "seenheard.web",
    "seenheard.demo",
]

MIDDLEWARE = [
    # First: requests to /fhir/ too large or asking for XML get an OperationOutcome (ADR 023).
    "seenheard.fhir.middleware.FhirRequestLimitsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "seenheard.web.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "seenheard.web.middleware.RequireSignInMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "seenheard.config.urls"
WSGI_APPLICATION = "seenheard.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "seenheard.config.jinja2.environment"},
    },
]

_default_sqlite = f"sqlite:///{DATA_DIR / 'seenheard.sqlite3'}"
DATABASE_URL = env.str("DATABASE_URL", _default_sqlite)
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as exc:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database address I understand: {exc}"
    ) from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend, waiting promptly for the write lock (ADR 017).
    DATABASES["default"]["ENGINE"] = "seenheard.core.sqlite"
    # Connections are kept, as on PostgreSQL: opening the file and running the PRAGMAs below
    # on every request cost more than a flag look-up (ADR 017).
    DATABASES["default"]["OPTIONS"] = {
        # BEGIN IMMEDIATE serialises writers, so the audit hash chain never forks (ADR 003).
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }

elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL: parameters are bound by the server, so psycopg prepares a statement on a
    # connection once it has run five times and the server plans it once, not on every request.
    # Planning the token check alone cost more than running it (ADR 015).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )

else:
    raise ImproperlyConfigured(
        "DATABASE_URL must name a PostgreSQL database (postgres://...) or an SQLite file "
        f"(sqlite:///...), not {DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}."
    )

# Test databases are named per process, so several test runs on one machine never collide.
_test_db = env.str("SEENHEARD_TEST_DB", f"test_seenheard_{os.getpid()}")
if DATABASES["default"]["ENGINE"] == "seenheard.core.sqlite":
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"{_test_db}.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": _test_db}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if PROFILE == "test":
    # Tests create hundreds of users; the hash is irrelevant to what they check.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/sign-in/"
LOGIN_REDIRECT_URL = "/"

# Two-factor sign-in (TOTP) is required for staff in production; the demo explains how to sign in.
REQUIRE_TWO_FACTOR = env.bool("SEENHEARD_REQUIRE_2FA", default=PRODUCTION)

AXES_FAILURE_LIMIT = env.int("SEENHEARD_LOCKOUT_FAILURES", 5, minimum=1)
AXES_COOLOFF_TIME = env.int("SEENHEARD_LOCKOUT_MINUTES", 30, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "seenheard.web.views.auth.locked_out"
AXES_ENABLED = env.bool("SEENHEARD_LOCKOUT_ENABLED", default=True)

SESSION_COOKIE_AGE = env.int("SEENHEARD_SESSION_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SEENHEARD_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [("nhsuk", BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
# Each test's client builds the middleware anew, and WhiteNoise would index all 1,400 static
# files every time (two fifths of a typical page test's time). Tests look a file up when asked.
WHITENOISE_AUTOREFRESH = PROFILE == "test" or DEBUG

_email_backend = env.choice(
    "SEENHEARD_EMAIL_BACKEND",
    "smtp" if PRODUCTION else ("memory" if PROFILE == "test" else "file"),
    ("smtp", "file", "console", "memory"),
)
EMAIL_BACKEND = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "memory": "django.core.mail.backends.locmem.EmailBackend",
}[_email_backend]
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = env.str("SEENHEARD_EMAIL_HOST", "localhost")
EMAIL_PORT = env.int("SEENHEARD_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env.optional("SEENHEARD_EMAIL_USER") or ""
EMAIL_HOST_PASSWORD = env.optional("SEENHEARD_EMAIL_PASSWORD") or ""
EMAIL_USE_TLS = env.bool("SEENHEARD_EMAIL_TLS", default=PRODUCTION)
DEFAULT_FROM_EMAIL = env.str("SEENHEARD_EMAIL_FROM", "seen-and-heard@localhost")

# The audit chain's end is anchored outside the database (ADR 018): ``seenheard audit
# checkpoint`` (and the worker, every AUDIT_CHECKPOINT_MINUTES) appends the head's sequence and
# hash, signed with a key the database does not hold, to a file; ``audit verify`` checks them.
if PRODUCTION:
    AUDIT_CHECKPOINT_KEY = env.str("SEENHEARD_AUDIT_CHECKPOINT_KEY")
    if len(AUDIT_CHECKPOINT_KEY) < 32 or AUDIT_CHECKPOINT_KEY == SECRET_KEY:
        raise ImproperlyConfigured(
            "SEENHEARD_AUDIT_CHECKPOINT_KEY must be at least 32 characters and differ from "
            "SEENHEARD_SECRET_KEY."
        )
else:
    AUDIT_CHECKPOINT_KEY = env.str(
        "SEENHEARD_AUDIT_CHECKPOINT_KEY",
        hashlib.sha256(f"seenheard audit checkpoint:{SECRET_KEY}".encode()).hexdigest(),
    )
AUDIT_CHECKPOINT_FILE = Path(
    env.str("SEENHEARD_AUDIT_CHECKPOINT_FILE", str(DATA_DIR / "audit-checkpoints.jsonl"))
)
AUDIT_CHECKPOINT_MINUTES = env.int("SEENHEARD_AUDIT_CHECKPOINT_MINUTES", 15, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("SEENHEARD_LOG_LEVEL", "WARNING")},
}

# Lockout is by username only: hospital staff share a few outward IP addresses, and locking an
# address would lock a whole emergency department out (ADR 005).
SILENCED_SYSTEM_CHECKS: list[str] = ["axes.W006"]
