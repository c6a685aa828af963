"""Kiểu Mẫu settings: one file, everything configurable from the environment.

Development needs nothing set. Production (DJANGO_ENV=production) refuses to start
without SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL, because a default there would be
a silent security hole.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KIEUMAU_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value in (None, "") else value


TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def env_bool(name: str, default: bool) -> bool:
    """A yes/no setting; anything but the words below refuses to start, so a typo such as
    SECURE_SSL_REDIRECT=ture is not silently read as "off"."""
    value = env(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word not in TRUE_WORDS | FALSE_WORDS:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a yes/no value: use one of "
            f"{', '.join(sorted(TRUE_WORDS))} or {', '.join(sorted(FALSE_WORDS))}.")
    return word in TRUE_WORDS


def env_int(name: str, default: int) -> int:
    value = env(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


DJANGO_ENV = env("DJANGO_ENV", "development")
if DJANGO_ENV not in ("development", "test", "production"):
    raise ImproperlyConfigured(
        f"DJANGO_ENV={DJANGO_ENV!r}: use development, test or production.")
PRODUCTION = DJANGO_ENV == "production"
TESTING = "pytest" in sys.modules or DJANGO_ENV == "test"

if PRODUCTION:
    missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL") if not env(name)]
    if missing:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production needs these environment variables: "
            + ", ".join(missing)
            + ". See README.md, section 'Configuration'."
        )

# Public (it is in the source), so good for nothing but a developer's own machine.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"  # noqa: S105
SECRET_KEY = env("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
if PRODUCTION and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY is the development key, which is public; set a "
                               "secret one (e.g. python -c 'import secrets; "
                               "print(secrets.token_urlsafe(50))').")
# Off unless asked for (DEBUG=1): the debug pages show settings and every URL to anyone.
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h.strip() for h in (env("ALLOWED_HOSTS") or "127.0.0.1,localhost").split(",")]
CSRF_TRUSTED_ORIGINS = [o for o in (env("CSRF_TRUSTED_ORIGINS") or "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "template_partials",
    "django_htmx",
    "js_lib_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Kiểu Mẫu
    "core",
    "audit",
    "units",
    "accounts",
    "attachments",
    "assessments",
    "consultations",
    "facilities",
    "reports",
    "indicators",
    "movement",
    "force",
    "directory",
    # The API reads and writes through the domain apps' selectors and services.
    "api",
    # The top layer: home, navigation, demo, schedule (imports every app above).
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the user and messages are known: its 400 page is drawn inside the usual shell.
    "core.middleware.RefuseNulMiddleware",
    "core.middleware.NoStoreForSignedInMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "audit.middleware.AuditContextMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that a locked-out login is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kieumau.urls"
# A form posted after its page expired gets a Vietnamese page, not Django's bare 403.
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
WSGI_APPLICATION = "kieumau.wsgi.application"

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
                "portal.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'kieumau.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the task worker share one file.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing dominates test time; the algorithm is not what the tests exercise.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login lockout (accounts/lockout.py): N failures for one account from one address lock
# that pair, for LOGIN_LOCKOUT_MINUTES the first time and twice as long each time after.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
AXES_COOLOFF_TIME = "accounts.lockout.login_cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_RESET_ON_SUCCESS = True
# The lock lasts the cool-off time from the lock, not from the latest attempt.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
# The address as the audit trail reads it (X-Forwarded-For only from TRUSTED_PROXIES).
AXES_CLIENT_IP_CALLABLE = "audit.middleware.client_ip"
AXES_VERBOSE = False

# Sessions: an idle limit (renewed on every request) and an absolute limit from login.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_HOURS", 12) * 3600
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# No administrator reads another user's second-factor key (nor a missing device's: the
# admin pages answer 403 before looking one up).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
OTP_TOTP_ISSUER = env("OTP_ISSUER", "Kiểu Mẫu")

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["kieumau.formats"]

STATIC_URL = "/static/"
# Outside production WhiteNoise serves the apps' static files as they are, so the demo
# needs neither DEBUG nor collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
STATIC_ROOT = Path(env("STATIC_ROOT") or VAR_DIR / "static")
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
# Evidence files live outside the static root and have no public URL: the attachments
# app serves them after a permission check.
MEDIA_ROOT = Path(env("MEDIA_ROOT") or VAR_DIR / "media")
# No URL pattern serves this prefix; it is set only because Django's test live server
# needs some MEDIA_URL to tell media requests from page requests.
MEDIA_URL = "/private-media-not-served/"

ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 20) * 1024 * 1024
ATTACHMENT_MAX_UNCOMPRESSED_BYTES = env_int("ATTACHMENT_MAX_UNCOMPRESSED_MB", 200) * 1024 * 1024
ATTACHMENT_MAX_ZIP_ENTRIES = env_int("ATTACHMENT_MAX_ZIP_ENTRIES", 2000)
# Django refuses bodies above this before our validators see them; keep it above the
# attachment limit so the user gets our Vietnamese message, not a bare 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = ATTACHMENT_MAX_BYTES + 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 5 * 365)

# Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses).
TRUSTED_PROXIES = frozenset(p.strip() for p in (env("TRUSTED_PROXIES") or "").split(",")
                            if p.strip())
# Phone numbers residents leave for follow-up are deleted this long after the campaign.
CONTACT_RETENTION_DAYS = env_int("CONTACT_RETENTION_DAYS", 60)

# The cache holds short-lived counters only (the answer page's per-address limit): local
# memory per process by default, one Redis shared by every process with CACHE_URL.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": env("CACHE_URL")}
    if env("CACHE_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
# Public answers accepted from one client address per window (answers, minutes). Mobile
# carriers put many phones behind one address, so the limit is generous.
CONSULTATION_RATE_LIMIT = (
    env_int("CONSULTATION_RATE_LIMIT", 60),
    env_int("CONSULTATION_RATE_WINDOW_MINUTES", 10),
)

# The API (/api/v1/): keys only, JSON only, problems per RFC 9457, cursor pages.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.auth.KeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.auth.KeyHolder"],
    "DEFAULT_THROTTLE_CLASSES": ["api.auth.KeyRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["api.renderers.Json"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.Schema",
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATE_INPUT_FORMATS": ["iso-8601"],
    "COERCE_DECIMAL_TO_STRING": False,
}
# Where the API's addresses start: requests refused before any view (a NUL in the
# address) are answered there as problems in JSON, not as HTML pages.
API_PATH_PREFIX = "/api/"
# Requests one API key may make (DRF's "<n>/<second|minute|hour|day>"), counted in the
# cache: shared by every process once CACHE_URL names a Redis.
API_RATE = env("API_RATE", "600/minute")
SPECTACULAR_SETTINGS = {
    "TITLE": "Kiểu Mẫu API",
    "DESCRIPTION": "Đọc và ghi số liệu của chương trình Công an phường kiểu mẫu bằng khóa API "
                   "do quản trị viên cấp. Mọi thao tác đi qua cùng một lớp phân quyền với "
                   "các trang; lỗi trả về theo RFC 9457.",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The documentation's sections, in the order of the programme.
    "TAGS": [
        {"name": "units", "description": "Đơn vị hành chính, tổ dân phố và các cơ quan"},
        {"name": "assessments", "description": "Bộ tiêu chí, đợt công nhận và hồ sơ"},
        {"name": "consultations", "description": "Kết quả lấy ý kiến Nhân dân (chỉ số liệu "
                                                 "tổng hợp)"},
        {"name": "reports", "description": "Báo cáo định kỳ của các cơ quan"},
        {"name": "indicators", "description": "Chỉ tiêu an ninh, trật tự: số liệu và tổng hợp"},
        {"name": "facilities", "description": "Trụ sở, trang thiết bị và lộ trình đến 2030"},
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    # Fields named alike ("state", "status", "kind") in several models: one name each.
    "ENUM_NAME_OVERRIDES": {
        "ReportStateEnum": "reports.models.Report.State",
        "ReportItemStatusEnum": "reports.models.ReportItem.Status",
        "ReportingPeriodKindEnum": "reports.models.ReportingPeriod.Kind",
        "PlanTaskKindEnum": "reports.models.PlanTask.Kind",
        "AssessmentStepEnum": "assessments.models.Assessment.State",
        "CriterionValueSourceEnum": "assessments.models.Criterion.ValueSource",
    },
    # Record ids in paths, as the `id` converter (core.converters) accepts them.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 1,
                                        "maximum": 9223372036854775807}},
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "api.problems.add_problem_responses"],
    # Swagger UI from the drf-spectacular-sidecar package: served by this server, no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": False, "tryItOutEnabled": False},
}

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND")
        or (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    RQ_QUEUES = {"default": {"URL": env("REDIS_URL", "redis://127.0.0.1:6379/0")}}
    INSTALLED_APPS.append("django_tasks_rq")

EMAIL_BACKEND = env("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "kieumau@localhost")

# The province this installation serves: the default scope of demo data and of
# province-wide pages. Hà Nội is 01 in the official (GSO) code list.
KIEUMAU_PROVINCE_CODE = env("PROVINCE_CODE", "01")

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}


# Content-Security-Policy on every response: scripts only from this server's own files
# (no inline script, no eval), nothing framed, forms post only here. Inline styles stay
# allowed: several pages size bars and colours from data in style attributes, and a style
# cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
