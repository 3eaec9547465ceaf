"""Settings for the Brückenschlag portal, driven by environment variables (see .env.example and the README)."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# --- small helpers that reject malformed values instead of guessing -------------------------------------


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


# --- core -------------------------------------------------------------------------------------------------

# Management commands run with it; serving refuses it with DEBUG off (portal/wsgi.py, which runserver loads too).
DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-use-in-production"  # noqa: S105
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", DEVELOPMENT_SECRET_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_ID = 1

INSTALLED_APPS = [
    "portal",
    "accounts",
    "companies",
    "startups",
    "coworking",
    "matching",
    "regionale",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "csp",
    "django_htmx",
    "taggit",
    "import_export",
    "simple_history",
]

MIDDLEWARE = [
    "portal.lib.health.healthz_middleware",
    # A view that cannot reach the database answers with the friendly 503 page (handler500 covers middleware).
    "portal.lib.outage.database_outage_middleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.lib.middleware.security_headers",  # before WhiteNoise: static files get Permissions-Policy and CORP too
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.lib.middleware.nul_in_address_is_not_found",  # after auth and messages: the 404 page shows the header
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "portal.lib.middleware.admin_requires_two_factor",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
]

FORM_RENDERER = "portal.lib.forms.FormRenderer"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 behaviour now: "example.org" means https://example.org

# --- database ---------------------------------------------------------------------------------------------

if env("DATABASE_URL"):
    DATABASES = {
        "default": dj_database_url.parse(
            env("DATABASE_URL"),
            conn_max_age=env_int("CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # The directory's typo search (companies/search.py): pg_trgm's `<%` operator matches from this word
        # similarity on; its default 0.6 misses one swapped letter pair in a long word ("Univeristät").
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c pg_trgm.word_similarity_threshold=0.45"
        # An unreachable database host fails the connection (and /healthz) within seconds instead of letting each
        # worker hang until gunicorn's 30 s timeout kills it.
        DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 3))
else:
    # The embedded default: a file in the checkout. IMMEDIATE transactions take the write lock up front, so
    # concurrent writers queue behind the busy timeout instead of failing with "database is locked".
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache (shared by rate limits; Redis or the database when several app servers run) ----------------

CACHE_URL = env("CACHE_URL")
if CACHE_URL.startswith(("redis://", "rediss://")):
    # Django's Redis backend, reusing its clients (portal/lib/rediscache.py)
    CACHES = {"default": {"BACKEND": "portal.lib.rediscache.SharedClientRedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL == "db":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache"}}
elif CACHE_URL in ("", "locmem"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(f"CACHE_URL must be redis://…, rediss://…, db or locmem, not {CACHE_URL!r}")
# A cache every app server shares (not each process's own memory) also holds the sessions (read from the cache,
# written to both, so a cache restart logs nobody out) and the visitors' pages (portal/lib/pagecache.py).
SHARED_CACHE = CACHE_URL.startswith(("redis://", "rediss://")) or CACHE_URL == "db"
if SHARED_CACHE:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
PAGE_CACHE = env_bool("PAGE_CACHE", SHARED_CACHE)

# --- accounts ---------------------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, reading the signed-in user from the shared cache (portal/lib/auth.py).
AUTHENTICATION_BACKENDS = [
    "portal.lib.auth.CachedModelBackend",
    "portal.lib.auth.CachedAuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:overview"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Brückenschlag] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if env_bool("SECURE_SSL_REDIRECT", False) else "http"
# allauth's defaults stay for log-in, sign-up and password reset (merged in by allauth); the portal's own
# actions are counted by the same machinery (portal.lib.ratelimit) and configured here.
ACCOUNT_RATE_LIMITS = {
    "feedback": env("RATE_LIMIT_FEEDBACK", "5/h/ip"),
    "report": env("RATE_LIMIT_REPORT", "5/h/ip"),
    "invitation": env("RATE_LIMIT_INVITATION", "20/h/key"),
    "booking": env("RATE_LIMIT_BOOKING", "30/h/user"),
    "waitlist": env("RATE_LIMIT_WAITLIST", "30/h/user"),
    "contact_request": env("RATE_LIMIT_CONTACT_REQUEST", "10/h/user"),
    "regionale_idea": env("RATE_LIMIT_REGIONALE_IDEA", "5/h/user"),
}
if not env_bool("RATE_LIMITS_ENABLED", True):
    ACCOUNT_RATE_LIMITS = False
# How many reverse proxies stand in front of the app: their X-Forwarded-For entries are trusted for rate limits.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Curators and administrators must use two-factor log-in (DOMAIN.md §7); off only for throwaway local setups.
ADMIN_REQUIRES_TWO_FACTOR = env_bool("ADMIN_REQUIRES_TWO_FACTOR", True)
MFA_TOTP_ISSUER = "Brückenschlag"
# Log-out, password change and the "Your sessions" page end the person's other sessions (accounts/adapter.py).
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
USERSESSIONS_ADAPTER = "accounts.adapter.UserSessionsAdapter"
# Sessions are listed from their log-in on; tracking every request's address and time costs a write per request.
USERSESSIONS_TRACK_ACTIVITY = env_bool("USERSESSIONS_TRACK_ACTIVITY", False)
# Security events (failed log-ins, rights, hidden profiles, deletions, stage changes) for curators: accounts/audit.py.
AUDIT_LOG_KEEP_DAYS = env_int("AUDIT_LOG_KEEP_DAYS", 365)

TAGGIT_CASE_INSENSITIVE = True

# --- internationalisation ---------------------------------------------------------------------------------

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
# allauth's German says "du", the portal "Sie": locale_overrides/ beats it; locale/ first, makemessages writes there.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- static and media files -------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# A large upload whose temporary file cannot be written (full disk) reaches the form as an error, not a 500.
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "portal.lib.images.FailSafeUploadHandler",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- e-mail -----------------------------------------------------------------------------------------------

# Every mail goes into the queue in the database (portal/lib/mailqueue.py); the worker (`manage.py mailworker`)
# hands it to MAIL_DELIVERY_BACKEND, retrying while the mail server is away. The tests' runner swaps in locmem.
EMAIL_BACKEND = "portal.lib.mailqueue.QueueBackend"
MAIL_QUEUE_KEEP_SENT_DAYS = env_int("MAIL_QUEUE_KEEP_SENT_DAYS", 7)
MAIL_QUEUE_GIVE_UP_HOURS = env_int("MAIL_QUEUE_GIVE_UP_HOURS", 72)
if env("EMAIL_HOST"):
    MAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = 10
else:
    MAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Brückenschlag <noreply@brueckenschlag.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- the operator (Impressum § 5 DDG, § 18 MStV; Datenschutzerklärung Art. 13 GDPR) ---------------------
# The defaults are placeholders for the demo and are labelled as such on every page that shows them.

OPERATOR_IS_PLACEHOLDER = not env("OPERATOR_NAME")
OPERATOR = {
    "name": env("OPERATOR_NAME", "Musterverein Brückenschlag e. V. (Platzhalter)"),
    "street": env("OPERATOR_STREET", "Musterstraße 1"),
    "postcode_city": env("OPERATOR_POSTCODE_CITY", "57462 Olpe"),
    "representative": env("OPERATOR_REPRESENTATIVE", "Erika Mustermann (Vorstand)"),
    "email": env("OPERATOR_EMAIL", "kontakt@brueckenschlag.example"),
    "phone": env("OPERATOR_PHONE", "+49 2761 000000"),
    "register": env("OPERATOR_REGISTER", "Vereinsregister Amtsgericht Musterstadt, VR 0000"),
    "vat_id": env("OPERATOR_VAT_ID", ""),
    "content_responsible": env("OPERATOR_CONTENT_RESPONSIBLE", "Erika Mustermann, Anschrift wie oben"),
    "dpo_name": env("OPERATOR_DPO_NAME", "Max Mustermann (Datenschutzbeauftragter)"),
    "dpo_email": env("OPERATOR_DPO_EMAIL", "datenschutz@brueckenschlag.example"),
    "supervisory_authority": env(
        "OPERATOR_SUPERVISORY_AUTHORITY",
        "Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen, "
        "Kavalleriestraße 2–4, 40213 Düsseldorf",
    ),
    "accessibility_contact": env("OPERATOR_ACCESSIBILITY_EMAIL", "barrierefreiheit@brueckenschlag.example"),
}
# Where the feedback and contact forms deliver to.
FEEDBACK_RECIPIENTS = env_list("FEEDBACK_RECIPIENTS", [OPERATOR["email"]])

# --- retention and backups (README "Backups and storage periods"; `manage.py retention` applies the periods, the
# privacy notice states them) ----------------------------------------------------------------------------

RETENTION_BOOKINGS_DAYS = env_int("RETENTION_BOOKINGS_DAYS", 365)  # after the last booked day: anonymised
RETENTION_WAITLIST_DAYS = env_int("RETENTION_WAITLIST_DAYS", 30)  # after the day waited for: deleted
RETENTION_CONTACT_REQUESTS_DAYS = env_int("RETENTION_CONTACT_REQUESTS_DAYS", 180)  # after answer or expiry: deleted
RETENTION_UNVERIFIED_ACCOUNTS_DAYS = env_int("RETENTION_UNVERIFIED_ACCOUNTS_DAYS", 30)  # after sign-up: deleted
RETENTION_FEEDBACK_DAYS = env_int("RETENTION_FEEDBACK_DAYS", 365)  # contact form and barrier reports: deleted
for _name in ("BOOKINGS", "WAITLIST", "CONTACT_REQUESTS", "UNVERIFIED_ACCOUNTS", "FEEDBACK"):
    if globals()[f"RETENTION_{_name}_DAYS"] < 1:
        raise ImproperlyConfigured(f"RETENTION_{_name}_DAYS must be at least 1 (days)")
# Where `manage.py backup` writes its archives unless given --output.
BACKUP_DIR = Path(env("BACKUP_DIR", str(BASE_DIR / "backups")))

# --- benchmark ----------------------------------------------------------------------------------------------

# `manage.py bench` measures every key page against a trivial template page served by the same gunicorn (the
# framework's ceiling on the machine). That page exists only where this is on: the benchmark's own server.
BENCH_REFERENCE_PAGE = env_bool("BENCH_REFERENCE_PAGE", False)

# --- REGIONALE 2025: project history and CSV import/export in the admin --------------------------------

SIMPLE_HISTORY_REVERT_DISABLED = True  # reverting a version would change the stage past the workflow
IMPORT_EXPORT_USE_TRANSACTIONS = True  # an import with any bad row changes nothing
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# The admin's import and export buttons ask for regionale.import_project / regionale.export_project.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"

# --- security ---------------------------------------------------------------------------------------------

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# A site that redirects every request to HTTPS tells browsers to come back only over HTTPS, for a year, unless set.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_SSL_REDIRECT else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", SECURE_SSL_REDIRECT)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", SECURE_SSL_REDIRECT)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script reads it: htmx only sends GETs, every form carries its token
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

# Raster tiles under the directory's own map (companies/maps.py), e.g. https://tiles.example.org/{z}/{x}/{y}.png;
# empty: none, the portal then requests nothing from anyone else. Their origin joins the CSP's img-src.
MAP_TILE_URL = env("MAP_TILE_URL")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION")
MAP_TILE_ORIGIN = []
if MAP_TILE_URL:
    _tiles = urlsplit(MAP_TILE_URL)
    if _tiles.scheme not in {"https", "http"} or not all(part in MAP_TILE_URL for part in ("{z}", "{x}", "{y}")):
        raise ImproperlyConfigured(f"MAP_TILE_URL must be an http(s) URL with {{z}}, {{x}}, {{y}}: {MAP_TILE_URL!r}")
    MAP_TILE_ORIGIN = [f"{_tiles.scheme}://{_tiles.netloc}"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MAP_TILE_ORIGIN],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
