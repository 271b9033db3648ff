"""Settings for 专技平台, read from the environment; a bad value stops start-up."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def envbool(name: str, default: str = "False") -> bool:
    value = os.environ.get(name, default)
    if value not in ("True", "False", "1", "0", "true", "false"):
        raise ImproperlyConfigured(f"{name} must be True or False, not {value!r}")
    return value in ("True", "1", "true")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


# Where this process runs. "production" is the default: every setting below marked *required* must be given
# (a missing one stops start-up with its name) and DEBUG stays off. "development" (`make run`, the benchmarks)
# and "test" (tests/settings.py) let public demo values stand in for missing secrets.
ZHUANJI_ENV = os.environ.get("ZHUANJI_ENV", "production")
if ZHUANJI_ENV not in ("production", "development", "test"):
    raise ImproperlyConfigured(f"ZHUANJI_ENV must be production, development or test, not {ZHUANJI_ENV!r}")
PRODUCTION = ZHUANJI_ENV == "production"
DEV_HINT = "(on a development machine set ZHUANJI_ENV=development, as `make run` does)"


def required(name: str, dev_value: str) -> str:
    """An environment value production must give; elsewhere `dev_value`, which production refuses."""
    value = os.environ.get(name, "").strip()
    if PRODUCTION and (not value or value == dev_value):
        raise ImproperlyConfigured(f"{name} is required when ZHUANJI_ENV=production {DEV_HINT}")
    return value or dev_value


# Off unless set: a 404 must not list the URL patterns, nor a 500 show a traceback.
DEBUG = envbool("DEBUG", "False")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured(f"DEBUG must be off when ZHUANJI_ENV=production {DEV_HINT}")
SECRET_KEY = required("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")  # required
if PRODUCTION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("SECRET_KEY must be a random value of at least 50 characters, e.g. "
                               "python -c 'import secrets; print(secrets.token_urlsafe(50))'")
ALLOWED_HOSTS = [h.strip() for h in required("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")  # required
                 if h.strip()]
if PRODUCTION and "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the platform's host names, not *")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "captcha",
    "ninja",  # the API docs page then loads Swagger UI from ninja's own static files, not from a CDN
    "zhuanji.common",
    "zhuanji.audit",
    "zhuanji.attachments",
    "zhuanji.orgs",
    "zhuanji.accounts",
    "zhuanji.catalog",
    "zhuanji.reviews",
    "zhuanji.certificates",
    "zhuanji.hours",
    "zhuanji.filings",
    "zhuanji.portal",
    "zhuanji.notifications",
    "zhuanji.integrations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A body larger than any form takes is refused unread; then NUL bytes and broken UTF-8 get a 400
    # before anything else reads the request.
    "zhuanji.common.limits.RequestSizeLimitMiddleware",
    "zhuanji.common.middleware.MalformedInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "zhuanji.common.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zhuanji.common.security.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "zhuanji.common.security.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "zhuanji.orgs.middleware.ActingMiddleware",
    "zhuanji.accounts.middleware.PasswordChangeRequiredMiddleware",
    "zhuanji.audit.middleware.RequestContextMiddleware",
]

# The largest request body any form accepts (several 5 MB evidence files at once), refused unread beyond it;
# the proxy in front should enforce the same (nginx `client_max_body_size 25m`).
MAX_REQUEST_BODY = envint("MAX_REQUEST_BODY", 25 * 1024 * 1024)

ROOT_URLCONF = "zhuanji.urls"
WSGI_APPLICATION = "zhuanji.wsgi.application"

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
                "zhuanji.portal.context_processors.chrome",
                "zhuanji.notifications.context_processors.unread",
            ],
            "builtins": ["zhuanji.common.templatetags.zhuanji"],
        },
    }
]

VAR_DIR = Path(os.environ.get("ZHUANJI_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zhuanji.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Deadline-day concurrency on the embedded database, and the web server and the worker both writing:
    # transactions take the write lock when they begin and wait up to 20 s for it instead of failing with
    # "database is locked"; WAL lets readers go on while one of them writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["zhuanji.accounts.backends.IdentifierBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:matrix"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# zhuanji.accounts.passwords: complexity; not common (Django's list + a Chinese top list); nothing of the
# user's ID number, birth date, phone or name; none of the last five passwords.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "zhuanji.accounts.passwords.ComplexityValidator"},
    {"NAME": "zhuanji.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "zhuanji.accounts.passwords.PersonalInfoValidator"},
    {"NAME": "zhuanji.accounts.passwords.PasswordHistoryValidator", "OPTIONS": {"keep": 5}},
]

# Idle sessions end after 30 minutes; every request restarts the clock. However active, a session ends
# SESSION_ABSOLUTE_SECONDS after login (zhuanji.common.security.SessionLifetimeMiddleware).
SESSION_COOKIE_AGE = envint("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_WARNING_SECONDS = 5 * 60
SESSION_COOKIE_HTTPONLY = True

# HTTPS whenever DEBUG is off: Secure cookies, HSTS, redirect to https. Only outside production may it be
# turned off (HTTPS=False: the benchmarks and tests talk plain HTTP to an in-process server).
HTTPS = envbool("HTTPS", "False" if DEBUG else "True")
if PRODUCTION and not HTTPS:
    raise ImproperlyConfigured("HTTPS cannot be turned off when ZHUANJI_ENV=production")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = envint("HSTS_SECONDS", 365 * 24 * 60 * 60) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("HSTS_INCLUDE_SUBDOMAINS", "True")
SECURE_HSTS_PRELOAD = envbool("HSTS_PRELOAD", "False")
# Submitting a domain to the browsers' HSTS preload list is the domain owner's decision, not a default.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# The client's IP (audit rows, login records, rate limits) is taken from X-Forwarded-For only as far as
# TRUSTED_PROXY_COUNT proxies in front of the app servers vouch for it (zhuanji.common.net.client_ip); with 0
# the header is ignored. Behind proxies, the outermost also says whether the request came over HTTPS.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Pages load scripts only from our own static files (or an inline script carrying the request's nonce);
# zhuanji.common.security.ContentSecurityPolicyMiddleware fills in {nonce}.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)

# Failed logins back off progressively (zhuanji.accounts.services.login, counters in accounts.throttle —
# atomic on Redis; without REDIS_URL a database table keeps them exact). Per scope: failures let through,
# the first wait in seconds (doubled per further failure), the longest wait, and how long failures are
# remembered after the latest. An account with a browser it logged in from before (a signed device cookie)
# counts on that device alone, so strangers failing elsewhere never keep its owner out.
LOGIN_BACKOFF = {
    "account": (5, 60, 30 * 60, 24 * 3600),
    "device": (5, 60, 30 * 60, 24 * 3600),
    "ip": (10, 60, 30 * 60, 3600),
    "subnet": (30, 60, 30 * 60, 3600),  # an IPv4 /24 or IPv6 /64
}
LOGIN_DEVICE_COOKIE_AGE = envint("LOGIN_DEVICE_COOKIE_DAYS", 180) * 24 * 3600

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "zhuanji_cache"}}

# One task interface, two configurations: Celery on Redis in production (REDIS_URL or CELERY_BROKER_URL);
# by default a broker that needs no server, message files under var/broker/, read by the worker `make run`
# starts. Tasks never run inside a web request (tests run them eagerly, see tests/settings.py).
# (The host is named only to spare a warning per message: the file transport has none.)
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL) or "filesystem://localhost//"
if CELERY_BROKER_URL.startswith("filesystem://"):
    BROKER_DIR = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Producers write into the folder the worker reads; a message file is removed once taken.
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
    }
    for _folder in ("queue", "processed", "control"):
        (BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE = {"periodic": {"task": "zhuanji.run_periodic", "schedule": 60.0}}

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i:s"
SHORT_DATE_FORMAT = "Y-m-d"
DATE_INPUT_FORMATS = ["%Y-%m-%d"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it even before collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
# No URL serves MEDIA_ROOT: every uploaded or generated file is private (ARCHITECTURE "Files are private").
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploads and generated files (certificate PDFs): a directory outside every URL, read back only by
# permission-checked views; on object storage, a private prefix of the bucket (S3_PRIVATE_BUCKET to keep them
# in a bucket of their own).
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", VAR_DIR / "private"))
S3_STORAGE = "storages.backends.s3.S3Storage"
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("FILE_STORAGE", "django.core.files.storage.FileSystemStorage"),
    },
    "private": {"BACKEND": "zhuanji.attachments.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if STORAGES["default"]["BACKEND"] == S3_STORAGE:
    STORAGES["default"]["OPTIONS"] = {
        "bucket_name": os.environ["S3_BUCKET"],
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL"),
    }
    STORAGES["private"] = {"BACKEND": S3_STORAGE, "OPTIONS": {
        "bucket_name": os.environ.get("S3_PRIVATE_BUCKET", os.environ["S3_BUCKET"]),
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL"),
        "location": "private",
        "default_acl": "private",
        "file_overwrite": False,
        # Any URL the storage makes is signed and short-lived; the views stream files themselves.
        "querystring_auth": True,
        "querystring_expire": 300,
    }}
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

SMS_BACKEND = os.environ.get("SMS_BACKEND", "zhuanji.accounts.sms.DatabaseBackend")

CAPTCHA_TEST_MODE = envbool("CAPTCHA_TEST_MODE", "False")
CAPTCHA_LENGTH = 4
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.random_char_challenge"
CAPTCHA_IMAGE_SIZE = (100, 38)
CAPTCHA_FONT_SIZE = 28
CAPTCHA_TIMEOUT = 5

# Where the region data, the catalog and other province-specific files are read from.
PROVINCE_DATA_DIR = Path(os.environ.get("PROVINCE_DATA_DIR", BASE_DIR / "data" / "xinjiang"))
PLATFORM_NAME = "新疆专业技术人员管理平台"

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"  # no page is framed, not even by ours (CSP frame-ancestors 'none' says the same)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Electronic certificates (zhuanji/certificates/keys.py): private keys live in the key store, a directory outside
# the database and media storage, each wrapped on its own (scrypt of the passphrase with the key's own salt,
# AES-256-GCM) — or by a KMS: CERTIFICATE_KEY_WRAPPER names a class with wrap(key_id, bytes) -> dict and
# unwrap(key_id, dict) -> bytes. Verification needs only public certificates. Production creates the store once
# with `manage.py certificate_keys init` and refuses to start without it or with a passphrase that does not open it
# (elsewhere the store is created on first use). Rotating a key keeps the old one for verification.
CERTIFICATE_KEY_DIR = Path(os.environ.get("CERTIFICATE_KEY_DIR", VAR_DIR / "keys"))
CERTIFICATE_KEY_PASSPHRASE = required("CERTIFICATE_KEY_PASSPHRASE", "dev-only-certificate-key-passphrase")  # required
CERTIFICATE_KEY_WRAPPER = os.environ.get("CERTIFICATE_KEY_WRAPPER", "zhuanji.certificates.keys.PassphraseWrapper")
CERTIFICATE_KEY_SCRYPT_N = envint("CERTIFICATE_KEY_SCRYPT_N", 2**15)  # scrypt cost of newly wrapped keys (32 MiB)
CERTIFICATE_KEY_AUTO_CREATE = not PRODUCTION
CERTIFICATE_KEY_STARTUP_CHECK = PRODUCTION
# An externally issued CA instead of the platform's own root: its certificate and key (PEM; the key encrypted with
# CERTIFICATE_CA_KEY_PASSWORD) sign the organisations' keys, and CERTIFICATE_CA_CHAIN_FILE holds its issuers up to
# the root that 证书查询 publishes and PDF readers are told to trust.
CERTIFICATE_CA_CERT_FILE = os.environ.get("CERTIFICATE_CA_CERT_FILE", "")
CERTIFICATE_CA_KEY_FILE = os.environ.get("CERTIFICATE_CA_KEY_FILE", "")
CERTIFICATE_CA_KEY_PASSWORD = os.environ.get("CERTIFICATE_CA_KEY_PASSWORD", "")
CERTIFICATE_CA_CHAIN_FILE = os.environ.get("CERTIFICATE_CA_CHAIN_FILE", "")
# The absolute address printed in certificate QR codes (the public verification page).
PUBLIC_BASE_URL = required("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")  # required
if PRODUCTION and not PUBLIC_BASE_URL.startswith("https://"):
    raise ImproperlyConfigured("PUBLIC_BASE_URL must be the platform's https:// address")
CERTIFICATE_VERIFY_PER_MINUTE = envint("CERTIFICATE_VERIFY_PER_MINUTE", 30)

# The audit log (zhuanji.audit): entries are kept at least AUDIT_RETENTION_DAYS (等保三级: six months or more)
# before `manage.py audit_archive` moves older ones to a gzip archive file in the AUDIT_ARCHIVE_STORAGE storage.
AUDIT_RETENTION_MIN_DAYS = 184
AUDIT_RETENTION_DAYS = envint("AUDIT_RETENTION_DAYS", AUDIT_RETENTION_MIN_DAYS)
if AUDIT_RETENTION_DAYS < AUDIT_RETENTION_MIN_DAYS:
    raise ImproperlyConfigured(f"AUDIT_RETENTION_DAYS must be at least {AUDIT_RETENTION_MIN_DAYS} (audit records "
                               f"are kept six months or more), not {AUDIT_RETENTION_DAYS}")
AUDIT_ARCHIVE_STORAGE = os.environ.get("AUDIT_ARCHIVE_STORAGE", "private")
# The key of the hash kept beside masked ID numbers so the audit log can be searched by one; derived from
# SECRET_KEY when unset (set it in production: rotating SECRET_KEY would otherwise lose older entries' lookup).
AUDIT_SUBJECT_KEY = os.environ.get("AUDIT_SUBJECT_KEY", "")
# `manage.py flush` empties the append-only audit tables only when allowed: the test settings (between
# transactional tests) and, outside production, AUDIT_ALLOW_FLUSH=1 (e.g. `bench/generate.py --flush`).
AUDIT_ALLOW_FLUSH = not PRODUCTION and envbool("AUDIT_ALLOW_FLUSH", "False")
