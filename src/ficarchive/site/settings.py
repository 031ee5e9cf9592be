"""Settings for ficarchive. Everything a site changes comes from the environment."""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("FICARCHIVE_DATA", "var")).resolve()


def _private_folder(path: Path) -> None:
    """Create the data folder for the server's user alone (0700: it holds the database, with
    sessions, password hashes and e-mail addresses). A folder that exists is left as it is."""
    try:
        path.mkdir(parents=True, mode=0o700)
    except FileExistsError:
        return  # there already, or another process starting at the same moment made it first
    path.chmod(0o700)  # mkdir's mode passes through the umask


def _private_file(path: Path, *, create: bool) -> None:
    """Make `path` readable and writable by its owner alone (0600), creating it empty first
    when `create`; a file this user does not own is left as it is."""
    try:
        if create and not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        if path.exists():
            path.chmod(0o600)
    except PermissionError:
        pass


_private_folder(DATA_DIR)


def _secret_key() -> str:
    """The key from the environment, or one made once and kept in the data folder (never in git)."""
    if os.environ.get("FICARCHIVE_SECRET_KEY"):
        return os.environ["FICARCHIVE_SECRET_KEY"]
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        _private_file(key_file, create=True)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("FICARCHIVE_DEBUG") == "1"
ALLOWED_HOSTS = os.environ.get("FICARCHIVE_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("FICARCHIVE_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "ficarchive.accounts",
    "ficarchive.works",
    "ficarchive.importing",
    "ficarchive.posting",
    "ficarchive.search",
    "ficarchive.reading",
    "ficarchive.feedback",
    "ficarchive.exports",
    "ficarchive.staff",
    "ficarchive.rescue",
    "ficarchive.jobs",
    # The job queue: Django's tasks framework, backported, with its database backend.
    "django_tasks",
    "django_tasks_db",
    "ficarchive.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ficarchive.site.request_guard.RequestPathGuardMiddleware",
    "ficarchive.site.input_text.InputTextMiddleware",
    "ficarchive.site.disk_full.DiskFullMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "ficarchive.rescue.views.OldHostMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ficarchive.site.content_security.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "ficarchive.site.urls"
WSGI_APPLICATION = "ficarchive.site.wsgi.application"

# "cards": rendered blurbs, per worker process, keyed by each work's change stamp
# (reading/cards.py), so an entry is never stale; the least recently read go first when it is
# full. Its values are kept unpickled (search/object_cache.py): a page reads twenty at a time.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "cards": {
        "BACKEND": "ficarchive.search.object_cache.ObjectCache",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
    # "listings": whole listings without words (search.rendered.index_kept), per worker, keyed
    # by the index's state; up to ~100 KB each, so fewer of them.
    "listings": {
        "BACKEND": "ficarchive.search.object_cache.ObjectCache",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # `{% url %}` with its answers remembered (the same links on every page).
            "builtins": ["ficarchive.site.url_tag"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ficarchive.feedback.context_processors.inbox",
            ],
        },
    },
]

# Every form renders through the site's form and field templates (styled once in site.css).
FORM_RENDERER = "ficarchive.site.form_rendering.SiteFormRenderer"

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    SQLITE_PATH = DATA_DIR / "ficarchive.sqlite3"
    # SQLite gives its -wal and -shm files the database file's mode: create it 0600 first.
    for suffix in ("", "-wal", "-shm"):
        _private_file(Path(f"{SQLITE_PATH}{suffix}"), create=not suffix)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            # A worker keeps its connection (and SQLite's page cache) from request to request:
            # opening one per request re-reads the schema and every page a request touches.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers and one writer work at once; IMMEDIATE avoids lock upgrades.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                " PRAGMA busy_timeout=10000;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

# Background jobs wait in the database (no other server to run); `ficarchive serve` starts a
# worker for each queue (ficarchive.jobs.kinds: "default" for short jobs, "bulk" for long ones).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "bulk"],
    }
}
# A running job whose worker (on another machine) has not reported for this long is taken over.
FICARCHIVE_JOB_STALE_SECONDS = int(os.environ.get("FICARCHIVE_JOB_STALE_SECONDS", 300))

# Search (README, "Which text search"): the text engine, where its index lives, and the longest
# a search's database statement may run.
FICARCHIVE_SEARCH_BACKEND = os.environ.get("FICARCHIVE_SEARCH_BACKEND", "database")
FICARCHIVE_TEXT_INDEX = os.environ.get("FICARCHIVE_TEXT_INDEX", str(DATA_DIR / "text-index"))
FICARCHIVE_SEARCH_TIMEOUT_MS = int(os.environ.get("FICARCHIVE_SEARCH_TIMEOUT_MS", 3000))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"

# The site's own address, for links in what is made outside a request: e-mails sent from the
# command line (claim invitations of a rescue) and the link back in files `ficarchive export`
# writes (downloads from the site use the address they were asked at).
FICARCHIVE_SITE_URL = os.environ.get("FICARCHIVE_SITE_URL", "http://127.0.0.1:8000/")

EMAIL_BACKEND = os.environ.get(
    "FICARCHIVE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("FICARCHIVE_FROM_EMAIL", "archive@localhost")

# Largest story file accepted by import and upload, in bytes.
FICARCHIVE_MAX_UPLOAD = int(os.environ.get("FICARCHIVE_MAX_UPLOAD", 5 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = FICARCHIVE_MAX_UPLOAD + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = FICARCHIVE_MAX_UPLOAD + 1024 * 1024
# The largest archive (.zip) staff may upload to rescue from the web.
FICARCHIVE_MAX_RESCUE_UPLOAD = int(os.environ.get("FICARCHIVE_MAX_RESCUE_UPLOAD", 2 * 1024**3))

# An uploaded or pasted story is read in a child process killed after this many seconds (and
# held to this much memory); a pending upload is deleted after this many hours.
FICARCHIVE_PARSE_SECONDS = float(os.environ.get("FICARCHIVE_PARSE_SECONDS", 15))
FICARCHIVE_PARSE_MEMORY = int(os.environ.get("FICARCHIVE_PARSE_MEMORY", 1024 * 1024 * 1024))
FICARCHIVE_PENDING_UPLOAD_HOURS = float(os.environ.get("FICARCHIVE_PENDING_UPLOAD_HOURS", 3))
# The most chapters one work may hold (works/services/chapter_limit.py says why 500).
FICARCHIVE_MAX_CHAPTERS = int(os.environ.get("FICARCHIVE_MAX_CHAPTERS", 500))

# Proxies (e.g. nginx) in front of gunicorn whose X-Forwarded-For is believed; none by default.
FICARCHIVE_TRUSTED_PROXIES = [
    p for p in os.environ.get("FICARCHIVE_TRUSTED_PROXIES", "").split(",") if p
]

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# A site served over HTTPS sets FICARCHIVE_HTTPS=1: cookies then never travel in clear text.
if os.environ.get("FICARCHIVE_HTTPS") == "1":
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("FICARCHIVE_HSTS_SECONDS", 3600))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("FICARCHIVE_LOG_LEVEL", "WARNING")},
}
