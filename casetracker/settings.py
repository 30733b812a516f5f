"""
Casetracker settings, read only from the environment.

Every variable is documented in README.md and listed in .env.example; a test
checks that both stay complete. A bad value stops the app at start-up with a
message saying what to set, rather than guessing.
"""

import ipaddress
import re
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_bool(name, default=False):
    """Return a strict boolean: DJANGO_DEBUG=maybe is an error, not False."""
    value = env.str(name, default=None)
    if value is None:
        return default
    if value.strip().lower() in TRUE_VALUES:
        return True
    if value.strip().lower() in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: use 1 or 0.")


def env_list(name, default):
    """Return a comma-separated variable as a list, without empty items."""
    value = env.str(name, default=None)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name, default, minimum=None):
    value = env.str(name, default=None)
    if value is None or not value.strip():
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: use a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(
            f"{name}={value!r}: use a whole number of at least {minimum}."
        )
    return number


def env_secret_key(name):
    """
    Return the secret key, refusing a missing or weak one, with debug on or
    off: whoever knows the key can forge sessions, password-reset links and
    every other signed value, and a key published in the code is known to
    all.
    """
    make_one = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    key = env.str(name, default="")
    if not key:
        raise ImproperlyConfigured(
            f"{name} is not set. Set it to a long random value ({make_one}); "
            "`make run` keeps one for local use in .secret-key."
        )
    # Django's own thresholds for a key it calls strong (check --deploy,
    # security.W009).
    if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            f"{name} is too weak: use at least 50 characters, at least 5 of "
            f"them different, not starting with 'django-insecure-' ({make_one})."
        )
    return key


def is_loopback_host(host):
    """
    Return whether an ALLOWED_HOSTS entry names only this machine:
    localhost or a name under .localhost, or a loopback address.
    """
    name = host.strip().lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(
            name.removeprefix("[").removesuffix("]")
        ).is_loopback
    except ValueError:
        return False


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_secret_key("DJANGO_SECRET_KEY")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
# The name the Atom feeds' entry ids are minted under (tag URIs, RFC 4151:
# "tag:casetracker.example.org,2024-05-01:event/12"): a feed reader knows an
# entry by its id, so set it once and never change it, even if the site moves.
FEED_ID_AUTHORITY = env("DJANGO_FEED_ID_AUTHORITY", default="") or (
    ALLOWED_HOSTS[0].lstrip(".")
)
# The debug error page shows settings, environment and request data: with
# debug on the site answers only on this machine.
if DEBUG and not all(is_loopback_host(host) for host in ALLOWED_HOSTS):
    raise ImproperlyConfigured(
        f"DJANGO_DEBUG=1 with DJANGO_ALLOWED_HOSTS={','.join(ALLOWED_HOSTS)!r}: "
        "debug shows error pages full of settings and request data, so it may "
        "only serve this machine (localhost, 127.0.0.1, [::1], names under "
        ".localhost). Set DJANGO_DEBUG=0 on a server."
    )
# The debug page, and error mail to ADMINS, mask the password of every URL
# they show (DATABASE_URL, DJANGO_EMAIL_URL, CACHE_URL… in the environment
# runserver passes as request.META, or in CACHES).
DEFAULT_EXCEPTION_REPORTER_FILTER = "casetracker.error_reports.URLPasswordFilter"

INSTALLED_APPS = [
    # Before the admin, whose forms it extends with a field per language.
    "modeltranslation",
    "editorial.apps.EditorialAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "corsheaders",
    "csp",
    "django_countries",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "accounts",
    "editorial",
    "people",
    "cases",
    "website",
    "api",
    "bulk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "casetracker.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "website.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "website.languages.LanguageParameterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    "accounts.middleware.RefusalLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it turns any refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casetracker.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "casetracker.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DJANGO_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A PostgreSQL read replica for the public site's reads; the rule of what
# goes there is in casetracker/routers.py (docs/deployment.md).
if env.ENVIRON.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["casetracker.routers.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(0, "casetracker.routers.ReplicaReadsMiddleware")

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://"),
    # Rendered chronologies under content-addressed keys (website/fragments.py):
    # local to each process by default, as they never go stale.
    "fragments": env.cache("FRAGMENT_CACHE_URL", default="locmemcache://fragments"),
}
# A cache that stops answering must not hold requests up: a page is then
# rendered uncached (website/pagecache.py) after at most half a second.
for _cache in CACHES.values():
    if _cache["BACKEND"].endswith("RedisCache"):
        _cache.setdefault("OPTIONS", {})
        _cache["OPTIONS"].setdefault("socket_connect_timeout", 0.5)
        _cache["OPTIONS"].setdefault("socket_timeout", 0.5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("az", _("Azerbaijani")),
    ("ru", _("Russian")),
]
# Our strings, then the country names django-countries has no Azerbaijani
# catalog for (locale-countries/).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-countries"]
# Content in each language (people/translation.py, cases/translation.py):
# a column per language of LANGUAGES, so adding a language is this setting
# and a migration. English is what every record has; a text missing in the
# reader's language falls back to English, then to any language it has,
# and the page marks it (website/templatetags: {% translated %}).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = tuple(code for code, _name in LANGUAGES)
# A new record's slug is made from its English name or title.
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Photos uploaded with a pending revision wait outside MEDIA_ROOT, which
# the proxy serves: nothing unpublished is reachable by URL.
PENDING_MEDIA_ROOT = Path(
    env.str("DJANGO_PENDING_MEDIA_ROOT", default=str(BASE_DIR / "pending-media"))
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "pending": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PENDING_MEDIA_ROOT},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# How recent the last documentation of a custody must be for the person to
# count as "held, as last documented" (README: "As last documented").
CASETRACKER_FRESH_DAYS = env_int("CASETRACKER_FRESH_DAYS", 365, minimum=1)
# Where readers report an error (the /about/ page); empty: the page says to
# write to the organisation that runs the site.
CASETRACKER_CONTACT_EMAIL = env.str("CASETRACKER_CONTACT_EMAIL", default="")
# Days a reader's contact, sent with a report of an error, is kept before
# purge_report_contacts deletes it (the report itself stays, without it).
CASETRACKER_TIP_RETENTION_DAYS = env_int(
    "CASETRACKER_TIP_RETENTION_DAYS", 90, minimum=1
)
# The licence the published data is offered under (/about/, /data/).
CASETRACKER_DATA_LICENCE = env.str(
    "CASETRACKER_DATA_LICENCE",
    default="Creative Commons Attribution 4.0 International (CC BY 4.0)",
)

# Public list filters: an unset choice reads "Any", not "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("Any")

# The demo data (bulk/demo/) and where load_demo reads it from.
DEMO_DIR = BASE_DIR / "bulk" / "demo"

# --- The web surface ------------------------------------------------------
# Session and CSRF cookies are never readable from JavaScript and, outside
# local development, only travel over HTTPS. `manage.py check --deploy`
# reports nothing with DJANGO_DEBUG=0 and a strong secret key.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Readers following a source link do not tell the other site where from.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
if env_bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    # Only behind a proxy that terminates TLS and sets this header itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No script or style from anywhere but this site, none inline.
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
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)

# --- Public API -------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "URL_FIELD_NAME": "api_url",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Casetracker API",
    "DESCRIPTION": (
        "Read-only access to published political prisoner cases: people, "
        "cases, events, organizations, statements and sources. Every fact "
        "links to the sources that document it."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_errors_and_ranges",
    ],
}
# Other sites may read the API from the browser; nothing else crosses origins.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

# --- Staff accounts ---------------------------------------------------------
# Editors' accounts are attacked by state actors: a second factor, lockouts,
# short sessions and a security log (accounts/; README "Staff accounts").

# The admin's path. The staff account pages live under it (<admin>/account/),
# so a proxy can fence all of staff's pages by this one prefix.
ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="admin/")
if not re.fullmatch(r"(?:[A-Za-z0-9._~-]+/)+", ADMIN_URL):
    raise ImproperlyConfigured(
        f"DJANGO_ADMIN_URL={ADMIN_URL!r}: use a path such as office-7f3a/, "
        "ending with a slash and not starting with one."
    )
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out account or address before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2 for every new password; the others only verify older hashes, which
# Django rehashes with Argon2 at the user's next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Staff use the admin only after a TOTP code or a recovery code. Debug does
# not turn it off: only DJANGO_OTP_REQUIRED=0, which `make run` sets for the
# demo (and says so).
OTP_REQUIRED = env_bool("DJANGO_OTP_REQUIRED", default=True)
# Trust on first use: a staff user without a device sets one up after their
# password alone, so that is open only this many days after the account was
# created or after `manage.py reset_two_factor`.
OTP_ENROLMENT_DAYS = env_int("DJANGO_OTP_ENROLMENT_DAYS", 3, minimum=1)
# The name an authenticator app shows beside the codes. A phone searched at a
# border shows it: an organisation may prefer a name that says less.
OTP_TOTP_ISSUER = env.str("DJANGO_OTP_ISSUER", default="Casetracker")
# The device pages of the admin never show a TOTP secret.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Five failed logins (a wrong password or a wrong code) lock the account and,
# separately, the address for 30 minutes. Attempts during a lockout do not
# extend it, so the lockout page can say when it ends (axes' default would
# lock forever).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A login clears the failures on its username, not those from its address
# on other usernames (accounts.lockout.LockoutHandler).
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "accounts.addresses.client_ip"
# Successful logins go to the security log, not to a table of the addresses
# editors work from; failed attempts are deleted once their cool-off is over.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
# How many reverse proxies in front of the app append the client's address to
# X-Forwarded-For; 0 takes the address of the connection. Set it too high and
# a client picks the address it is locked by; leave it at 0 behind a proxy
# and every client shares the proxy's address, so one attacker's failures
# lock everyone out.
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0, minimum=0)

# A session ends after this much inactivity, and this long after the login
# however active it is (accounts.middleware.SessionLifetimeMiddleware).
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_AGE = env_int("DJANGO_SESSION_MAX_HOURS", 12, minimum=1) * 3600

# Password-reset mail per client address and per account, in this window
# (accounts.reset_limits; counted in the database). Past a limit the page
# answers as usual and mails no one.
PASSWORD_RESET_WINDOW = timedelta(hours=1)
PASSWORD_RESET_LIMIT_PER_ADDRESS = 10
PASSWORD_RESET_LIMIT_PER_ACCOUNT = 3

# Password-reset and security mail: smtp+tls://user:password@host:587;
# consolemail:// prints it to the console instead (check --deploy warns of
# that with debug off: accounts.checks).
EMAIL_CONFIG = env.email_url("DJANGO_EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DJANGO_DEFAULT_FROM_EMAIL", default="casetracker@localhost"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Logins, failures, lockouts, second-factor events and refusals
    # (accounts/signals.py); it reaches the console through the root logger.
    "loggers": {"casetracker.security": {"level": "INFO"}},
}
