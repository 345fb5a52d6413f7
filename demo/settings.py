"""Settings of the demo/test project, assembled like the LMS's with edx-django-utils' plugin helpers.

The database is SQLite by default; ``SPOC_DB=mysql`` selects MariaDB/MySQL (``SPOC_MYSQL_*`` variables).
"""
import os
import sys

import django
from edx_django_utils.plugins import add_plugins, get_plugin_apps
from workbench.settings import STATICFILES_FINDERS  # noqa: F401
from workbench.settings import TEMPLATES as WORKBENCH_TEMPLATES

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VAR_DIR = os.environ.get("SPOC_VAR_DIR", os.path.join(BASE_DIR, "var"))
os.makedirs(VAR_DIR, exist_ok=True)

# edx-completion's plugin config connects a receiver to an LMS grades signal: the demo ships that
# one signal (demo/platform_stubs), last on the path so that a real edx-platform would win.
sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "platform_stubs"))

SECRET_KEY = os.environ.get("SPOC_DEMO_SECRET_KEY", "demo-only-secret-key-not-for-production")
DEBUG = os.environ.get("SPOC_DEMO_DEBUG", "true") == "true"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = True
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
SITE_ID = 1
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

if os.environ.get("SPOC_DB") == "mysql":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.mysql",
            "NAME": os.environ.get("SPOC_MYSQL_NAME", "spoc"),
            "USER": os.environ.get("SPOC_MYSQL_USER", "root"),
            "PASSWORD": os.environ.get("SPOC_MYSQL_PASSWORD", ""),
            "HOST": os.environ.get("SPOC_MYSQL_HOST", "127.0.0.1"),
            "PORT": os.environ.get("SPOC_MYSQL_PORT", "3306"),
            "OPTIONS": {"charset": "utf8mb4", "init_command": "SET sql_mode='STRICT_TRANS_TABLES'"},
            "TEST": {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"},
        }
    }
else:
    # SQLite has one writer at a time. Transactions start with BEGIN IMMEDIATE (Django 5.1+): they take the write
    # lock first and queue for it (up to "timeout" seconds) instead of failing at once with "database is locked"
    # when they write after reading while another request writes (concurrent joins, code redemptions,
    # registrations, first submissions). Django 4.2 has no such option: its transactions stay DEFERRED.
    SQLITE_OPTIONS = {"timeout": 30}
    if django.VERSION >= (5, 1):
        SQLITE_OPTIONS["transaction_mode"] = "IMMEDIATE"
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SPOC_SQLITE_PATH", os.path.join(VAR_DIR, "demo.sqlite3")),
            "OPTIONS": SQLITE_OPTIONS,
        }
    }

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "waffle",
    "eventtracking.django.apps.EventTrackingConfig",
    "djpyfs",
    "workbench",
    "demo.apps.DemoConfig",
    # Plugin apps found through their entry points, as the LMS finds them (spoc_plugin, completion, ...).
    *get_plugin_apps("lms.djangoapp"),
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "demo.middleware.SignedInStudentMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "demo.urls"
TEMPLATES = [
    {
        **WORKBENCH_TEMPLATES[0],
        # The demo's own templates, then the sample blocks' (``vertical_demo`` units in scenarios).
        "DIRS": [os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates"),
                 *WORKBENCH_TEMPLATES[0]["DIRS"][1:]],
    }
]
STATIC_URL = "/static/"
STATIC_ROOT = os.path.join(VAR_DIR, "static")
MEDIA_ROOT = os.path.join(VAR_DIR, "media")
MEDIA_URL = "/media/"
# The demo serves MEDIA_ROOT (the workbench does, with DEBUG): exported report files go to a storage of their
# own outside it, which nothing serves but the plugin's download view (rights checked again).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "spoc_reports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.path.join(VAR_DIR, "private", "reports")},
    },
}
SPOC_REPORT_STORAGE = "spoc_reports"
LOGIN_URL = "/demo/login/"
LOGIN_REDIRECT_URL = "/"
DJFS = {"type": "osfs", "directory_root": os.path.join(VAR_DIR, "djpyfs"), "url_root": "/static/djpyfs"}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The workbench runtime, with a user service that maps the workbench's student id to a real user.
EXCLUDED_XBLOCKS = set()
WORKBENCH = {
    "reset_state_on_restart": False,
    "services": {
        "fs": "xblock.reference.plugins.FSService",
        "settings": "workbench.services.SettingsService",
        "user": "demo.services.DemoUserService",
    },
}

OPENEDX_TELEMETRY = []

# edx-completion records completions only with its waffle switch on (the demo turns waffle switches on
# unless set otherwise) and logs each through eventtracking's tracker. The tracker is set up as the LMS
# sets it up; what it emits is stored in TrackingEvent, beside the blocks' events (demo/runtime.py).
WAFFLE_SWITCH_DEFAULT = True
EVENT_TRACKING_ENABLED = True
EVENT_TRACKING_BACKENDS = {"demo": {"ENGINE": "demo.tracking.TrackingEventBackend"}}

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.path.join(VAR_DIR, "emails")
DEFAULT_FROM_EMAIL = "spoc-demo@example.com"

# The demo runs celery tasks inline; tests that need a real worker configure the Redis broker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = os.environ.get("SPOC_CELERY_BROKER", "redis://127.0.0.1:6379/0")

# Outside edx-platform, enrollment, course roles and edX cohorts come from the demo's own backend.
SPOC_PLATFORM_BACKEND = "demo.platform_backend.DemoPlatformBackend"
SPOC_DEMO_COURSE_KEY = "course-v1:SPOC+Demo+2026"
# Links in the demo's emails, and where a learner lands after joining (the front page).
SPOC_SITE_URL = os.environ.get("SPOC_SITE_URL", "http://127.0.0.1:8000")
SPOC_COURSE_URL = "/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "spoc_plugin": {"handlers": ["console"], "level": "INFO"},
        "spoc_xblocks": {"handlers": ["console"], "level": "INFO"},
        "demo": {"handlers": ["console"], "level": "INFO"},
    },
}

add_plugins(__name__, "lms.djangoapp", "common")
