"""Production settings refuse to start half-configured, and pass Django's deploy checks."""

import ast
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def _run(args, **env):
    # Only what the settings need: none of the test run's own variables leak in.
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    clean.pop("DATABASE_URL", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=PROJECT, env=clean, capture_output=True, text=True, timeout=60
    )


def _import_settings(**env):
    return _run(["-c", "import config.settings"], **env)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "example.org"}, "Set DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "short", "DJANGO_ALLOWED_HOSTS": "example.org"}, "too weak"),
        (
            {"DJANGO_SECRET_KEY": "django-insecure-" + "x" * 60, "DJANGO_ALLOWED_HOSTS": "a.org"},
            "too weak",
        ),
        ({"DJANGO_SECRET_KEY": secrets.token_urlsafe(64)}, "Set DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_a_real_key_and_hosts(env, message):
    result = _import_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_debug_starts_without_a_key():
    assert _import_settings(DJANGO_DEBUG="true").returncode == 0


def test_check_deploy_is_clean_under_production_settings():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="compare.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_unless_turned_on(settings):
    assert settings.DEBUG is False


def test_a_redis_cache_url_gives_the_fail_open_backend_with_short_timeouts():
    result = _run(
        ["-c", "from config import settings; print(settings.CACHES['default'])"],
        DJANGO_DEBUG="true",
        CACHE_URL="redis://127.0.0.1:6379/4",
    )
    assert result.returncode == 0, result.stderr
    cache = ast.literal_eval(result.stdout)
    assert cache["BACKEND"] == "config.infrastructure.cache_backend.FailOpenRedisCache"
    assert cache["OPTIONS"]["socket_timeout"] <= 0.5
    assert cache["OPTIONS"]["socket_connect_timeout"] <= 0.5


def test_gunicorn_defaults_to_threaded_workers():
    result = _run(["-c", "import runpy; c = runpy.run_path('config/gunicorn.py'); "
                   "print(c['worker_class'], c['threads'])"])  # fmt: skip
    assert result.stdout.split() == ["gthread", "4"]


def test_postgresql_connections_give_up_instead_of_hanging():
    result = _run(
        ["-c", "from config import settings; print(settings.DATABASES['default']['OPTIONS'])"],
        DJANGO_DEBUG="true",
        DATABASE_URL="postgres://compare@db.internal:5432/compare",
    )
    assert result.returncode == 0, result.stderr
    options = ast.literal_eval(result.stdout)
    assert options["connect_timeout"] <= 5
    assert "statement_timeout=5000" in options["options"]
    assert "idle_in_transaction_session_timeout=" in options["options"]
    assert options["keepalives"] == 1


def test_render_slots_leave_gunicorn_threads_for_cached_pages_and_health():
    from config import settings as deployed

    gunicorn = _run(["-c", "import runpy; print(runpy.run_path('config/gunicorn.py')['threads'])"])
    # One thread may be reading the content revision, one must stay free for hits.
    assert int(gunicorn.stdout) - 2 >= deployed.RENDER_SLOTS


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short-pw-11", "at least 12 characters"),
        ("password1234", "too common"),
        ("104729015485", "entirely numeric"),
        ("eve.editor.example", "too similar"),
    ],
)
def test_passwords_meet_asvs_level_2(password, reason):
    from django.contrib.auth.models import User
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = User(username="eve.editor", email="eve.editor@example.com")
    with pytest.raises(ValidationError, match=reason):
        validate_password(password, user)
    validate_password("sunlit-harbour-71", user)


def test_a_second_factor_is_required_unless_debug_is_on(settings):
    assert settings.TWO_FACTOR_REQUIRED is True  # the test run's settings: DEBUG off
    assert settings.EDITOR_SESSION_IDLE_SECONDS == 3600
    assert settings.EDITOR_SESSION_MAX_SECONDS == 12 * 3600
