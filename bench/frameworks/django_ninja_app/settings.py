"""Settings of the benchmarked Django Ninja app: production mode, nothing the test does not use.

Like the other apps it has no middleware, sessions or auth: they all do the same work per
request. The ORM keeps one persistent connection per gunicorn thread (``CONN_MAX_AGE =
None``) to the SQLite fortunes database named by ``BENCH_FORTUNES_DB``.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent

DEBUG = False
# Signs nothing: the app has no sessions, forms or messages.
SECRET_KEY = os.environ.get("BENCH_SECRET_KEY", "benchmark-app-signs-nothing")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = ["django_ninja_app"]
MIDDLEWARE = []
ROOT_URLCONF = "django_ninja_app.urls"
WSGI_APPLICATION = "django_ninja_app.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("BENCH_FORTUNES_DB", BASE_DIR / "fortunes.sqlite3"),
        "CONN_MAX_AGE": None,
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,  # with DEBUG off, templates are compiled once (cached loader)
    }
]

USE_I18N = False
USE_TZ = True
LOGGING_CONFIG = None
