"""Settings of the benchmarked Django Ninja app: the Django app's settings, model and
template (the same work per request), with Ninja's URLs in front."""

from django_app.settings import *  # noqa: F403

ROOT_URLCONF = "django_ninja_app.urls"
WSGI_APPLICATION = "django_ninja_app.wsgi.application"
