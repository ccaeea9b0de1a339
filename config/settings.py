"""Settings for Smart-City Honors. Everything that differs between machines comes from the environment."""

import hashlib
import hmac
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.mailers import mailer_from_environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("TESTING", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-only-for-debug-and-tests"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DEBUG is off.")

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates for the form renderer (FORM_RENDERER, TemplatesSetting)
    "django_htmx",
    "guardian",
    "simple_history",
    "axes",
    "django_tasks_db",
    "altcha_django",  # ALTCHA proof of work (the public code form after failures; decisions 251)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "notices",  # the in-page notices and their mail, below awards (docs/architecture.md §3)
    "awards",
    "scoring",
    "workflow",
    "security",  # two-factor sign-in, own sessions, the security event log (issue 25 items 1, 5, 6)
    "demo",  # the demo world on top of every app (seed_demo; the import layers in pyproject.toml)
]

MIDDLEWARE = [
    # /healthz/ first: no session, CSRF, lockout or HTTPS redirect for the probes (config/health.py)
    "config.health.HealthCheckMiddleware",
    "config.logs.RequestLogMiddleware",  # one JSON line per request, with its request id (config/logs.py)
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChineseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "config.middleware.RawBodyMiddleware",  # before CSRF: autosave checks its multipart body is whole
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.middleware.MicroCacheMiddleware",  # which answers nginx may keep a few seconds (deploy/nginx/)
    # request.user.is_verified(): the second factor of this session (django-otp's, its device cached: decisions 372)
    "security.middleware.CachedOTPMiddleware",
    "config.middleware.NoStoreMiddleware",  # pages with personal data are not stored (docs/security.md)
    "django.contrib.messages.middleware.MessageMiddleware",
    # Second factor required by role, idle timeout of privileged roles, refused access logged
    "security.middleware.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "config.middleware.MailNotSentMiddleware",  # last: its process_exception sees a failed mail first
]

ROOT_URLCONF = "config.urls"

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
                "django.template.context_processors.csp",  # csp_nonce: only the ALTCHA widget's style uses it
                "awards.context_processors.roles",
                "security.context_processors.idle_timeout",
                "config.pagecache.csrf_placeholder",  # after Django's csrf: cached pages (config/pagecache.py)
            ],
        },
    },
]

# Forms through settings.TEMPLATES with one field template for every form (config/forms.py, templates/forms/).
FORM_RENDERER = "config.forms.FormRenderer"

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        # Persistent connections (issue 15): opening a PostgreSQL connection per request cost more than most pages;
        # a broken connection is replaced before use (health check).
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Prepared statements on PostgreSQL (docs/decisions.md 415): a query sent DB_PREPARE_THRESHOLD times on a connection
# is prepared there, so the server plans it once per connection instead of at every request — the pages' single-row
# reads join up to ten tables and cost the server more to plan than to run. It needs parameters bound by the server
# (psycopg's server-side binding). "off" (or empty) keeps Django's default: parameters bound in the client, nothing
# prepared — for a transaction-pooling PgBouncer older than 1.21 (session pooling keeps them; docs/deployment.md).
DB_PREPARE_THRESHOLD = os.environ.get("DB_PREPARE_THRESHOLD", "5").strip().lower()
if DB_PREPARE_THRESHOLD not in ("", "off") and not DB_PREPARE_THRESHOLD.isdigit():
    raise ImproperlyConfigured(
        f"DB_PREPARE_THRESHOLD must be a whole number (0 or more) or 'off', not {DB_PREPARE_THRESHOLD!r}."
    )
if DATABASES["default"]["ENGINE"].endswith("postgresql") and DB_PREPARE_THRESHOLD not in ("", "off"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": int(DB_PREPARE_THRESHOLD)}
    )
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default must hold a small office's concurrent use: every transaction takes the write lock
    # at BEGIN (IMMEDIATE, so two writers queue instead of failing to upgrade a read lock with "database is
    # locked"), waits up to SQLITE_TIMEOUT seconds for it, and readers never block the writer (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("SQLITE_TIMEOUT", "20")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# With REDIS_URL every app server shares one cache: the sessions (a user signed in on one app server is signed in
# on all), the rate limits (config/ratelimit.py) and the page caches. Login lockouts (django-axes) and export jobs
# are database rows, shared through PostgreSQL. A Redis that does not answer fails a request within
# REDIS_TIMEOUT seconds instead of hanging it, and /healthz/ reports it (docs/deployment.md).
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "2"))
# django-guardian's backend is left out on purpose: no object permission is kept, each app's permissions.py reads
# the relations (docs/decisions.md 375); the app stays installed for the migrations that read its table.
SILENCED_SYSTEM_CHECKS = ["guardian.W001"]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # One Redis may hold several installations (staging and production): each its own key prefix.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT,
                "SOCKET_TIMEOUT": REDIS_TIMEOUT,
            },
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # One process without Redis (development, tests): ALTCHA's replay list in local memory is enough there.
    SILENCED_SYSTEM_CHECKS.append("altcha.W001")
# Each process's own memory, for what depends only on the code, the settings and the language: the same in every
# process, never invalidated, gone with the process (`{% cache … using="local" %}`: the layout's constant parts;
# docs/decisions.md 394). Nothing that a write, a user or a request changes goes here, but markup kept under a key
# that names every value it shows, so that no write can make it stale (the score sheet's criterion rows and the
# expert's work list rows, 422–424). Every page needs it: a test or a deployment that replaces CACHES keeps this
# alias. 5,000 entries (Django's default is 300; a page of the work list alone is 50 rows), about 1 KB each: a few
# MB per process; past that the least recently used third is dropped.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "local",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

# Public pages are cached whole for anonymous visitors (config/pagecache.py): invalidated by every write that
# changes them; this bounds only what time alone changes (a public-input window opening). 0 turns it off.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "60"))
# The version of the privacy notice (/privacy/) in force: every consent records it (PIPL 第十四条, 第十七条).
# Change it with the text of templates/awards/privacy_notice.html; consents given under an older version are shown
# as such on /me/privacy/ and the person is asked again.
PRIVACY_NOTICE_VERSION = os.environ.get("PRIVACY_NOTICE_VERSION", "2026-12-01").strip()
# How long the office pages' cached parts (config/pagecache.py office_cached) are kept. They are invalidated by
# writes (a version token); this bounds the memory old versions take, and how long a write that missed its signal
# could stay hidden: 5 minutes, not an hour (issue 26 item 4). 0 turns that cache off.
OFFICE_CACHE_SECONDS = int(os.environ.get("OFFICE_CACHE_SECONDS", "300"))
# The office's pages kept whole for each signed-in user (config/pagecache.py signed_in_page, docs/decisions.md 413):
# replaced by every write they show and never kept past the campaign's next window boundary or midnight; this bounds
# how long a write that missed its signal could stay hidden. 0 turns it off.
SIGNED_IN_PAGE_CACHE_SECONDS = int(os.environ.get("SIGNED_IN_PAGE_CACHE_SECONDS", "60"))
# nginx's micro-cache in front of the app servers (deploy/nginx/, config/middleware.py MicroCacheMiddleware): an
# anonymous page that is the same for every visitor (no form token, no session, no cookie set) may be kept by
# nginx this many seconds, at most 5 (issue 26 item 2); 0 turns it off. Signed-in pages and POSTs never are.
MICROCACHE_SECONDS = max(0, min(5, int(os.environ.get("MICROCACHE_SECONDS", "5"))))

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "awards.login_backend.AccountPauseBackend",  # the per-account pause (awards/services/login_limits.py)
    # Django's ModelBackend with the signed-in user's row kept in the cache (docs/decisions.md 370).
    "security.backends.CachedUserBackend",
    # no object-permission backend: access is read from relations by each app's permissions.py (decisions 375)
]
# How long the signed-in user's row (security/backends.py) and what django-otp asks of the session's second-factor
# device (security/middleware.py) are kept in the cache between requests; every save of either replaces it at once
# (security/generations.py). 0 reads both from the database on every request, as Django and django-otp do.
USER_CACHE_SECONDS = int(os.environ.get("USER_CACHE_SECONDS", "300"))

# Password rules (GB/T 22239-2019 8.1.4.1; issue 25 item 5): at least PASSWORD_MIN_LENGTH (10) characters, three of
# the four character classes, not like the user name or email, not a common password, not only digits.
PASSWORD_MIN_LENGTH = max(int(os.environ.get("PASSWORD_MIN_LENGTH", "10")), 10)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "security.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
]

# Two-factor sign-in (security/, docs/security.md "Two-factor sign-in, sessions, security event log"). OTP_REQUIRED_ROLES: the roles that must enrol an
# authenticator app and give a code at every sign-in (office, committee, expert, recommender, applicant; "admin"
# = staff and superusers, for whom the admin site requires it too). Everyone else may enable it on "账号安全".
# Default: office, committee, expert, admin; under TESTING none (a test that checks it sets it), so the tests of
# other features that sign in with force_login are not asked for a code.
OTP_REQUIRED_ROLES = [
    r.strip()
    for r in os.environ.get("OTP_REQUIRED_ROLES", "" if TESTING else "office,committee,expert,admin").split(
        ","
    )
    if r.strip()
]
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "上海智慧城市建设荣誉评选")
OTP_BACKUP_CODES = 10  # single-use backup codes given at enrolment
# Idle timeout of the privileged roles (office, committee, expert, admin): signed out after
# SESSION_IDLE_TIMEOUT_MINUTES without a request, warned SESSION_IDLE_WARNING_SECONDS before (GB/T 22239 8.1.4.1 d).
SESSION_IDLE_TIMEOUT_MINUTES = float(os.environ.get("SESSION_IDLE_TIMEOUT_MINUTES", "15"))
SESSION_IDLE_WARNING_SECONDS = int(os.environ.get("SESSION_IDLE_WARNING_SECONDS", "120"))
SESSION_IDLE_ROLES = ["office", "committee", "expert", "admin"]
# The security event log (网络安全法 第二十一条: kept at least six months): never purged before this many days.
SECURITY_LOG_RETENTION_DAYS = max(int(os.environ.get("SECURITY_LOG_RETENTION_DAYS", "180")), 180)
# Refused access (403) in the security log: once per visitor, method and path a minute, and at most this many such
# rows a minute for all visitors together; the rest are in the request log only (security/events.record_refusal,
# decisions 302).
SECURITY_REFUSALS_PER_MINUTE = max(int(os.environ.get("SECURITY_REFUSALS_PER_MINUTE", "120")), 1)

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Sessions last a working evening; forms autosave so an expired session loses nothing.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = 1  # hours
# Lock the pair (user name, client IP), never either alone: ten wrong passwords for one user must not lock every
# user behind the same proxy, and one IP must not lock a user everywhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Client address: X-Forwarded-For only from the proxies listed in TRUSTED_PROXIES (config/client_ip.py); the
# lockout counts it as every abuse limit does (`client_key`: an IPv6 client by its /64, issue 21 item 5).
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("TRUSTED_PROXIES", "").split(",") if p.strip()]
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_key"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"  # in the reader's language
AXES_ENABLED = not TESTING or env_bool("AXES_ENABLED_IN_TESTS", False)
# Per account, from every address together (issue 21 item 5; awards/services/login_limits.py, on with AXES_ENABLED):
# LOGIN_ACCOUNT_FAILURE_LIMIT wrong passwords for one user name within LOGIN_ACCOUNT_WINDOW_MINUTES pause its login
# for LOGIN_ACCOUNT_PAUSE_MINUTES, doubled for each further pause within a day up to LOGIN_ACCOUNT_PAUSE_MAX_MINUTES;
# the owner is mailed once per pause. 0 failures turns it off.
LOGIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("LOGIN_ACCOUNT_FAILURE_LIMIT", "20"))
LOGIN_ACCOUNT_WINDOW_MINUTES = int(os.environ.get("LOGIN_ACCOUNT_WINDOW_MINUTES", "60"))
LOGIN_ACCOUNT_PAUSE_MINUTES = int(os.environ.get("LOGIN_ACCOUNT_PAUSE_MINUTES", "15"))
LOGIN_ACCOUNT_PAUSE_MAX_MINUTES = int(os.environ.get("LOGIN_ACCOUNT_PAUSE_MAX_MINUTES", "240"))

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from here once collectstatic ran
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Upload limits (application attachments). Stated on the pages too.
PHOTO_MAX_BYTES = int(os.environ.get("PHOTO_MAX_BYTES", str(2 * 1024 * 1024)))
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(20 * 1024 * 1024)))
EVIDENCE_MAX_PAGES = 10
APPLICATION_FORM_MAX_PAGES = 20  # 填报说明 3: 申报表页数不超过 20 页 (checked at submission)
# The rendered application PDF is kept per application, copy and language until the form changes
# (awards/documents/pdf_cache.py, issue 21 item 7): at most this long (0 turns the cache off); a request waits at
# most APPLICATION_PDF_RENDER_WAIT_SECONDS for the same form being rendered by another request.
APPLICATION_PDF_CACHE_SECONDS = int(os.environ.get("APPLICATION_PDF_CACHE_SECONDS", str(24 * 3600)))
APPLICATION_PDF_RENDER_WAIT_SECONDS = int(os.environ.get("APPLICATION_PDF_RENDER_WAIT_SECONDS", "30"))
# A form estimated above this many pages (awards.documents.pdf._estimated_pages, a generous bound: about three
# times the printed pages) is rendered by the task worker while the download page shows its progress; 0 = never.
# The worker hands the PDF over through the cache, so the default is on only with the shared cache (Redis).
APPLICATION_PDF_BACKGROUND_PAGES = int(
    os.environ.get("APPLICATION_PDF_BACKGROUND_PAGES", "40" if REDIS_URL else "0")
)

# 荣誉证书的颁发单位 (第二十三条: 由主办单位发文……颁发荣誉证书; 第七条 names the three 主办单位).
# Names separated by ";" (or new lines) in the env variable; the default is the regulation's list.
CERTIFICATE_ISSUERS = [
    name.strip()
    for name in re.split(
        r"[;\n；]",
        os.environ.get(
            "CERTIFICATE_ISSUERS", "上海市总工会;中共上海市经济和信息化工作委员会;上海市经济和信息化委员会"
        ),
    )
    if name.strip()
]

# Public verification of certificates (docs/decisions.md 220–222, docs/deployment.md "Certificate verification"):
# SITE_URL is the site's public address (https://honors.example.gov.cn, no trailing slash) that the QR code on
# every certificate points at (SITE_URL + /verify/<code>/); unset with DEBUG off, the check verify.W001 warns.
# VERIFY_LIMIT lookups per client (config/client_ip.py client_key) per VERIFY_LIMIT_WINDOW_SECONDS.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
VERIFY_LIMIT = int(os.environ.get("VERIFY_LIMIT", "60"))
VERIFY_LIMIT_WINDOW_SECONDS = int(os.environ.get("VERIFY_LIMIT_WINDOW_SECONDS", "3600"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Django 6.1 mailers (replaces the deprecated EMAIL_BACKEND): EMAIL_BACKEND in the environment still chooses the
# backend, EMAIL_HOST/PORT/HOST_USER/HOST_PASSWORD/USE_TLS/USE_SSL/TIMEOUT and EMAIL_FILE_PATH give its options
# (config/mailers.py; a system check refuses to start when the chosen backend lacks one).
MAILERS = {
    "default": mailer_from_environ(
        os.environ,
        default_backend="django.core.mail.backends.locmem.EmailBackend"
        if TESTING
        else "django.core.mail.backends.console.EmailBackend",
    ),
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "office@smartcity-honors.example")

# Abuse limits of the public objection form (第二十一条): objections filed per client IP and per contact (the
# objector's ID number or contact) within the window, counted in the cache (Redis in production).
OBJECTION_LIMIT_PER_IP = int(os.environ.get("OBJECTION_LIMIT_PER_IP", "5"))
OBJECTION_LIMIT_PER_CONTACT = int(os.environ.get("OBJECTION_LIMIT_PER_CONTACT", "3"))
OBJECTION_LIMIT_WINDOW_SECONDS = int(os.environ.get("OBJECTION_LIMIT_WINDOW_SECONDS", "3600"))
# Mails the public pages send (registration, password reset): per recipient mailbox (normalised: case, +tags, Gmail
# dots) and per client IP, each kind counted on its own, within the window (awards/services/mail_limits.py).
MAIL_LIMITS = {
    "per_address": int(os.environ.get("MAIL_LIMIT_PER_ADDRESS", "3")),
    "per_client": int(os.environ.get("MAIL_LIMIT_PER_CLIENT", "10")),
    "window": int(os.environ.get("MAIL_LIMIT_WINDOW_SECONDS", "3600")),
}
# Resending the registration confirmation mail: at most this many per account and window.
CONFIRMATION_RESEND_LIMIT = int(os.environ.get("CONFIRMATION_RESEND_LIMIT", "3"))

# Background jobs (exports, certificate zips): run inside the request by default (one machine, the demo, tests);
# in production TASKS_BACKEND=django_tasks_db.DatabaseBackend queues them in PostgreSQL for any number of
# `manage.py db_worker` processes on any machine (docs/deployment.md).
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend",
        ),
        "QUEUES": ["default"],
    }
}

# 公众评价 (第十九条): identities (mobile number / email, IP, device) are stored only as HMAC-SHA256 with this key.
PUBLIC_VOTE_HMAC_KEY = os.environ.get("PUBLIC_VOTE_HMAC_KEY", "")
if not PUBLIC_VOTE_HMAC_KEY:
    if DEBUG or TESTING:
        PUBLIC_VOTE_HMAC_KEY = "insecure-public-vote-key-only-for-debug-and-tests"
    else:
        raise ImproperlyConfigured("PUBLIC_VOTE_HMAC_KEY must be set in the environment when DEBUG is off.")
# Audit evidence (docs/security.md §3, docs/deployment.md): the audit chains are HMAC-SHA256 under
# AUDIT_HMAC_KEY, a secret kept outside the database; AUDIT_HMAC_KEY_ID names it in every row (rotation: give
# the new key a new id and list the old one in AUDIT_HMAC_RETIRED_KEYS as "id=key,id=key" so old rows verify).
# In DEBUG/TESTING a key derived from SECRET_KEY is used; in production the system check audit.E001 refuses to
# start without it. Signed checkpoints of the chain heads are appended under AUDIT_ANCHOR_DIR (anchor_audit).
AUDIT_HMAC_KEY = os.environ.get("AUDIT_HMAC_KEY", "")
if not AUDIT_HMAC_KEY and not (DEBUG or TESTING):
    raise ImproperlyConfigured("AUDIT_HMAC_KEY must be set in the environment when DEBUG is off.")
AUDIT_HMAC_KEY_ID = os.environ.get("AUDIT_HMAC_KEY_ID", "k1").strip() or "k1"
AUDIT_HMAC_RETIRED_KEYS = os.environ.get("AUDIT_HMAC_RETIRED_KEYS", "")
AUDIT_ANCHOR_DIR = Path(os.environ.get("AUDIT_ANCHOR_DIR", VAR_DIR / "audit-anchors"))
# The backup manifest is signed (HMAC-SHA256) with BACKUP_SIGNING_KEY; empty means the audit key.
BACKUP_SIGNING_KEY = os.environ.get("BACKUP_SIGNING_KEY", "")
# Who delivers the one-time code (docs/deployment.md, "SMS"; decisions 250): email through the mailer; a mobile
# number through SMS_BACKEND = alibaba (阿里云短信) | tencent (腾讯云短信) | http (a generic gateway) | none. With
# `none` the pages offer email only. SMS_ENDPOINT overrides the provider's host (e.g. a private endpoint).
SMS_BACKEND = os.environ.get("SMS_BACKEND", "none").strip().lower() or "none"
SMS_ACCESS_KEY_ID = os.environ.get("SMS_ACCESS_KEY_ID", "")
SMS_ACCESS_KEY_SECRET = os.environ.get("SMS_ACCESS_KEY_SECRET", "")
SMS_SIGN_NAME = os.environ.get("SMS_SIGN_NAME", "")
SMS_TEMPLATE_CODE = os.environ.get("SMS_TEMPLATE_CODE", "")
SMS_SDK_APP_ID = os.environ.get("SMS_SDK_APP_ID", "")
SMS_REGION = os.environ.get("SMS_REGION", "ap-guangzhou")
SMS_ENDPOINT = os.environ.get("SMS_ENDPOINT", "")
SMS_HTTP_TOKEN = os.environ.get("SMS_HTTP_TOKEN", "")
SMS_TIMEOUT = float(os.environ.get("SMS_TIMEOUT", "10"))
# ALTCHA (proof of work, self-hosted; decisions 251): challenges are signed with ALTCHA_HMAC_SECRET.
# Unset: derived from SECRET_KEY (one secret less to keep; set it to rotate the challenges on their own).
ALTCHA_HMAC_SECRET = (
    os.environ.get("ALTCHA_HMAC_SECRET", "")
    or hmac.new(SECRET_KEY.encode(), b"altcha-challenges", hashlib.sha256).hexdigest()
)
ALTCHA_WIDGET_JS_SOURCE = "vendored"
ALTCHA_WIDGET_I18N = True
ALTCHA_WIDGET_CHALLENGE_MODE = "inline"
ALTCHA_CHALLENGE_ENDPOINT_ENABLED = False
ALTCHA_CHALLENGE = {"cost": int(os.environ.get("ALTCHA_COST", "5000"))}
# Mail domains refused for 公众评价 codes besides the `disposable-email-domains` list (comma separated, e.g. a
# catch-all domain the office found minting identities; decisions 241).
PUBLIC_VOTE_BLOCKED_MAIL_DOMAINS = [
    d.strip().lower() for d in os.environ.get("PUBLIC_VOTE_BLOCKED_MAIL_DOMAINS", "").split(",") if d.strip()
]
# Whom a public rater asks about 公众评价 and where a voided rater objects (shown on the rules page, decisions 244),
# e.g. "组委会办公室 021-12345678 honors@example.gov.cn".
PUBLIC_INPUT_CONTACT = os.environ.get("PUBLIC_INPUT_CONTACT", "")
# The per-address limits count the client as config/client_ip.py `client_key` names it (X-Forwarded-For only from
# TRUSTED_PROXIES; an IPv6 client by its /64).
# Limits per hour (Django cache: Redis in production, local memory in tests).
PUBLIC_VOTE_LIMITS = {
    "code_per_identity": int(os.environ.get("PUBLIC_VOTE_CODES_PER_IDENTITY", "3")),
    "code_per_ip": int(os.environ.get("PUBLIC_VOTE_CODES_PER_IP", "10")),
    "code_per_subnet": int(os.environ.get("PUBLIC_VOTE_CODES_PER_SUBNET", "60")),
    "ballot_per_ip": int(os.environ.get("PUBLIC_VOTE_BALLOTS_PER_IP", "20")),
    "ballot_per_subnet": int(os.environ.get("PUBLIC_VOTE_BALLOTS_PER_SUBNET", "100")),
    "ballot_per_identity": int(os.environ.get("PUBLIC_VOTE_BALLOTS_PER_IDENTITY", "20")),
    "failures_before_captcha": int(os.environ.get("PUBLIC_VOTE_FAILURES_BEFORE_CAPTCHA", "3")),
    # A network's failures (all its clients) before every client there is challenged (scripts that drop cookies).
    "network_failures_before_captcha": int(
        os.environ.get("PUBLIC_VOTE_NETWORK_FAILURES_BEFORE_CAPTCHA", "30")
    ),
    # With JavaScript off a challenged client may still ask once per this many seconds (decisions 251).
    "unsolved_interval": int(os.environ.get("PUBLIC_VOTE_UNSOLVED_INTERVAL", "60")),
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS (docs/deployment.md): all off by default so `make demo` works over plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    # Only behind a proxy that sets (and overwrites) X-Forwarded-Proto itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (Django's built-in middleware): scripts, styles, images and fonts only from this site,
# no inline script, no inline event handler, no plug-ins, no framing, forms post only here. JSON data blocks
# (json_script, type="application/json") are not executed, so they need no exception.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    # the nonce: only the ALTCHA widget's own style element (the public code form after failures; decisions 251)
    "style-src": ["'self'", CSP.NONCE],
    "img-src": ["'self'", "data:", "blob:"],  # blob: the photo preview before upload
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    # ALTCHA computes its proof of work in a Web Worker that its own script (from this site) builds from a blob
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# Logs go to stdout: one JSON object per line with LOG_FORMAT=json (the default when DEBUG and TESTING are off),
# plain text with LOG_FORMAT=text. One `honors.request` line per request at INFO (LOG_REQUEST_LEVEL=WARNING keeps
# only the 5xx ones); everything else from LOG_LEVEL up (config/logs.py, docs/deployment.md).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG or TESTING else "json").strip().lower()
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("LOG_FORMAT must be json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "config.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": LOG_FORMAT}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "honors.request": {
            "level": os.environ.get("LOG_REQUEST_LEVEL", "WARNING" if TESTING else "INFO"),
            "handlers": ["console"],
            "propagate": False,
        },
    },
}

# Personal data encrypted at rest (issue 25 item 2; awards/crypto.py, docs/deployment.md "字段加密密钥"): resident
# IDs and phone numbers are AES-256-GCM envelopes under FIELD_ENCRYPTION_KEYS ("k1=<base64 32 bytes>,k2=…"; a key
# "sm4:<base64 16 bytes>" is SM4-GCM), written with FIELD_ENCRYPTION_KEY_ID; lookups use HMAC-SHA256 blind indexes
# under BLIND_INDEX_KEY. Keys live only in the environment, never in the database or its backups. DEBUG/TESTING
# fall back to development keys derived from SECRET_KEY; production refuses to start without them.
FIELD_ENCRYPTION_KEYS = os.environ.get("FIELD_ENCRYPTION_KEYS", "")
FIELD_ENCRYPTION_KEY_ID = os.environ.get("FIELD_ENCRYPTION_KEY_ID", "").strip()
BLIND_INDEX_KEY = os.environ.get("BLIND_INDEX_KEY", "")
if not (FIELD_ENCRYPTION_KEYS.strip() and BLIND_INDEX_KEY) and not (DEBUG or TESTING):
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY must be set in the environment when DEBUG is off."
    )
