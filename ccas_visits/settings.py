"""Settings for the CCAS home-visit programme, driven by environment variables.

With no environment at all the project runs as a demo (SQLite file, DEBUG on).
Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

DEMO_SECRET_KEY = "demo-only-not-secret-change-me"  # noqa: S105 - refused when DEBUG is off
SECRET_KEY = env("SECRET_KEY", DEMO_SECRET_KEY)
if not DEBUG and (SECRET_KEY == DEMO_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("DEBUG is off: set SECRET_KEY to a random value of at least 50 characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "volunteers",
    "seniors",
    "visits",
    "reports",
    "second_factor",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "volunteers.middleware.IdleSessionMiddleware",
    # After sign-in, staff reach only the second factor's pages until it is passed.
    "second_factor.middleware.SecondFactorMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ccas_visits.urls"
WSGI_APPLICATION = "ccas_visits.wsgi.application"

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
                "volunteers.context_processors.roles",
                "ccas_visits.version.app_version",
                "second_factor.context_processors.second_factor",
                "volunteers.context_processors.session_time_left",
            ],
        },
    },
]

# Django's renderer, with <select> written in Python (a select of 300 pairs costs no template per option).
FORM_RENDERER = "ccas_visits.lib.form_rendering.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The pages run short queries; PostgreSQL's JIT compiler costs more than it saves on
    # them (0.3 s on the bilan's aggregates over ten years of data; docs/performance.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # 12 characters at least, as the CNIL recommends for a password used alone; no forced change.
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "ccas_visits.lib.storage.StaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "ccas@localhost")

# Production hardening: on by default whenever DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Links in e-mails point here.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
# An urgent alert raised by a pair is to be handled within this many hours.
ALERT_DEADLINE_HOURS = env_int("ALERT_DEADLINE_HOURS", 24)
# A tablet waits this long for the server's answer before keeping a record to send again later.
TABLET_SEND_TIMEOUT_SECONDS = env_int("TABLET_SEND_TIMEOUT_SECONDS", 20)

# The programme, as printed on reports.
CCAS_NAME = env("CCAS_NAME", "CCAS de la ville")
PROGRAMME_NAME = env("PROGRAMME_NAME", "Visites à domicile")
CCAS_LOGO = env("CCAS_LOGO", "")
# An hour given by a volunteer, valued in the budget summary (EUR) for a year without its own
# value: the gross minimum wage of 2025 (11.88 an hour) plus employer charges of about 42 %.
VOLUNTEER_HOUR_VALUE = env("VOLUNTEER_HOUR_VALUE", "16.87")
# The town's INSEE code (5 characters, 2A/2B in Corsica), printed in the network export.
CCAS_INSEE_CODE = env("CCAS_INSEE_CODE", "")
# The town a certificate of volunteering is made at ("Fait à …"), offered in its form.
CCAS_TOWN = env("CCAS_TOWN", "")
# The programme's year, for the yearly targets: "01-01" (the calendar year, the default) or,
# for example, "09-01" for 1 September to 31 August. Written MM-DD; never 29 February.
PROGRAMME_YEAR_START = env("PROGRAMME_YEAR_START", "01-01")
try:
    _month, _day = (int(part) for part in PROGRAMME_YEAR_START.split("-"))
    datetime.date(2025, _month, _day)  # a year without 29 February
except ValueError as error:
    raise ImproperlyConfigured(f"PROGRAMME_YEAR_START must be MM-DD, not {PROGRAMME_YEAR_START!r}") from error

# The accessibility statement (/accessibilite/): where a user reports a problem, and the day
# the statement was made (YYYY-MM-DD; re-examine it at each release that changes the pages).
ACCESSIBILITY_CONTACT_EMAIL = env("ACCESSIBILITY_CONTACT_EMAIL", "")
ACCESSIBILITY_STATEMENT_DATE = datetime.date.fromisoformat(env("ACCESSIBILITY_STATEMENT_DATE", "2026-12-03"))

# Personal-data retention (months). A CCAS checks these with its DPO.
RETENTION_SENIOR_CLOSED_MONTHS = env_int("RETENTION_SENIOR_CLOSED_MONTHS", 24)
# A declined file, from the day of the refusal.
RETENTION_SENIOR_DECLINED_MONTHS = env_int("RETENTION_SENIOR_DECLINED_MONTHS", 24)
# A file in the programme that no contact ever reached, from the day it entered the pipeline.
RETENTION_SENIOR_NEVER_REACHED_MONTHS = env_int("RETENTION_SENIOR_NEVER_REACHED_MONTHS", 12)
# Someone only on the vulnerability register, from the day they left it.
RETENTION_REGISTER_LEFT_MONTHS = env_int("RETENTION_REGISTER_LEFT_MONTHS", 3)
RETENTION_VOLUNTEER_LEFT_MONTHS = env_int("RETENTION_VOLUNTEER_LEFT_MONTHS", 12)
RETENTION_ACCESS_LOG_MONTHS = env_int("RETENTION_ACCESS_LOG_MONTHS", 12)
# A tablet record a coordinator attached to a file or dismissed leaves the review queue.
RETENTION_TABLET_REVIEW_MONTHS = env_int("RETENTION_TABLET_REVIEW_MONTHS", 6)

# The onboarding checklist a volunteer passes before joining a pair, per kind of volunteer:
# "charter" (the current version), "training" (initial), "insurance" (certificate, or the
# civic-service agreement). Staff social workers and elected officials are covered by the CCAS
# and the town: by default they sign the charter only. Insurance is asked only where required.
ONBOARDING_INSURANCE_REQUIRED = env_bool("ONBOARDING_INSURANCE_REQUIRED", True)
_VOLUNTEER_STEPS = env_list("ONBOARDING_STEPS_VOLUNTEERS", "charter,training,insurance")
_STAFF_STEPS = env_list("ONBOARDING_STEPS_STAFF", "charter")
ONBOARDING_STEPS = {
    "senior": _VOLUNTEER_STEPS,
    "civic_service": _VOLUNTEER_STEPS,
    "association": _VOLUNTEER_STEPS,
    "social_worker": _STAFF_STEPS,
    "elected": _STAFF_STEPS,
}

# Idle session length (seconds), per role: shared tablets must log out quickly.
SESSION_IDLE_VOLUNTEER = env_int("SESSION_IDLE_VOLUNTEER", 30 * 60)
SESSION_IDLE_STAFF = env_int("SESSION_IDLE_STAFF", 10 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_STAFF
# volunteers.middleware.IdleSessionMiddleware pushes the expiry back as the user works. Pages warn
# this many seconds before the end, with a button that keeps the session going (RGAA 13.1).
SESSION_WARNING_SECONDS = env_int("SESSION_WARNING_SECONDS", 2 * 60)

# The second factor (an authenticator app's code or a passkey / security key, with one-time
# recovery codes), asked after the password. Required of coordinators and managers (and of any
# account reaching the Django admin) whenever DEBUG is off; the demo runs without it, and says
# so on every staff page. Volunteers on shared tablets keep the password and short sessions,
# unless VOLUNTEER_SECOND_FACTOR_REQUIRED is on.
STAFF_SECOND_FACTOR_REQUIRED = env_bool("STAFF_SECOND_FACTOR_REQUIRED", not DEBUG)
VOLUNTEER_SECOND_FACTOR_REQUIRED = env_bool("VOLUNTEER_SECOND_FACTOR_REQUIRED", False)
# The name authenticator apps show beside the code.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", CCAS_NAME)
# Each wrong code doubles the wait before the next try (1 s, 2 s, 4 s...), per device.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Passkeys are bound to one domain: the site's (SITE_URL), or "localhost" on a development
# machine (browsers take no IP address as a passkey's domain). Passkeys never replace the password.
_SITE = urlsplit(SITE_URL)
_SITE_HOST = "localhost" if _SITE.hostname in {None, "127.0.0.1", "::1"} else _SITE.hostname
_SITE_ORIGIN = f"{_SITE.scheme}://{_SITE_HOST}" + (f":{_SITE.port}" if _SITE.port else "")
OTP_WEBAUTHN_RP_ID = env("OTP_WEBAUTHN_RP_ID", _SITE_HOST)
OTP_WEBAUTHN_RP_NAME = env("OTP_WEBAUTHN_RP_NAME", CCAS_NAME)
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("OTP_WEBAUTHN_ALLOWED_ORIGINS", _SITE_ORIGIN)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# Login throttling. Shared tablets share one address: lock the account, not the address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# axes.W006 asks to lock by address too: on shared tablets that would lock every volunteer.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# No inline script anywhere; styles may be inline (charts, Bootstrap utilities).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Server errors reach someone: an e-mail to ADMINS (comma-separated addresses) and, when
# SENTRY_DSN is set, Sentry; the reports hold where the error happened, never personal data
# (ccas_visits/lib/errors.py). Logs: one JSON object per line (LOG_FORMAT=text for reading by eye).
ADMINS = [("", address) for address in env_list("ADMINS")]
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
DEFAULT_EXCEPTION_REPORTER = "ccas_visits.lib.errors.NoPersonalDataReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "ccas_visits.lib.errors.NoPersonalDataFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {
        "json": {"()": "ccas_visits.lib.errors.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env("LOG_FORMAT", "text" if DEBUG else "json"),
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    # Django's own handlers replaced by these: its messages go up to the root's.
    "loggers": {"django": {"handlers": [], "level": env("LOG_LEVEL", "WARNING"), "propagate": True}},
    "root": {"handlers": ["console", "mail_admins"], "level": env("LOG_LEVEL", "WARNING")},
}
SENTRY_DSN = env("SENTRY_DSN")
if SENTRY_DSN:
    from ccas_visits.lib.errors import start_error_reporting
    from ccas_visits.version import VERSION

    start_error_reporting(SENTRY_DSN, environment=env("SENTRY_ENVIRONMENT", "production"), release=VERSION)

# Uploaded files: imports keep the file here between the preview and the confirmation.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
IMPORT_TMP_DIR = MEDIA_ROOT / "tmp" / "imports"
# Spreadsheet imports: largest file accepted (bytes) and most rows.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20000)

# The health endpoint (/sante/) answers only these addresses or networks, seen as the connection's
# own peer (a reverse proxy on the same machine is 127.0.0.1: restrict /sante/ in the proxy too).
HEALTH_CHECK_ALLOWED_IPS = env_list("HEALTH_CHECK_ALLOWED_IPS", "127.0.0.1,::1")
# Disk usage (percent) of the stored files' disk above which the endpoint reports a problem.
HEALTH_CHECK_MAX_DISK_PERCENT = env_int("HEALTH_CHECK_MAX_DISK_PERCENT", 90)
