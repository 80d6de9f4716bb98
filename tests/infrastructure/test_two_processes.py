"""Scale-out: two gunicorn processes on one PostgreSQL and one Redis see each other's edits."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from comparisons.demo import load_demo
from comparisons.models import Release
from tests.accounts import code_now, second_factor
from tests.forms import form_data

PROJECT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def _shared_services_or_skip():
    database = settings.DATABASES["default"]
    backend = settings.CACHES["default"]["BACKEND"]
    if database["ENGINE"] != "django.db.backends.postgresql" or "redis" not in backend.lower():
        pytest.skip(
            "needs PostgreSQL and Redis shared by two processes: set DATABASE_URL and "
            "CACHE_URL as .ci/run does"
        )
    return database


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Page:
    def __init__(self, body):
        self.content = body


class Browser:
    """Just enough of a browser: cookies, forms, redirects."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=20) as response:
            return _Page(response.read())

    def post(self, path, data):
        body = urllib.parse.urlencode(data, doseq=True).encode()
        with self.opener.open(self.base + path, body, timeout=20) as response:
            return response.status, response.geturl()


@pytest.fixture
def two_servers(tmp_path):
    database = _shared_services_or_skip()
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "CACHE_URL": os.environ["CACHE_URL"],
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "GUNICORN_ACCESS_LOG": "",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=PROJECT,
        env=env,
        check=True,
    )
    servers = []
    for _ in range(2):
        port = _free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py"],
            cwd=PROJECT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        servers.append((process, f"http://127.0.0.1:{port}"))
    try:
        for process, base in servers:
            _wait_until_up(process, base)
        yield [base for _, base in servers]
    finally:
        for process, _ in servers:
            process.terminate()
            process.wait(timeout=20)


def _wait_until_up(process, base):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited: {process.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):  # refused, or accepted while still booting
            time.sleep(0.2)
    raise AssertionError(f"{base} did not come up")


def test_an_edit_saved_on_one_process_is_read_on_the_other(two_servers):
    load_demo()
    device = second_factor(User.objects.create_superuser("editor", password="two-process-pass-1"))
    first, second = two_servers
    reader = Browser(second)
    assert ">3.1.3<" in reader.get("/frameworks/flask/").content.decode()  # now cached there

    editor = Browser(first)
    login = form_data(editor.get("/account/login/"))
    editor.post(
        "/account/login/?next=/admin/",
        {**login, "auth-username": "editor", "auth-password": "two-process-pass-1"},
    )
    login["login_view-current_step"] = "token"
    status, landed = editor.post(
        "/account/login/?next=/admin/", {**login, "token-otp_token": code_now(device)}
    )
    assert landed.endswith("/admin/")
    release = Release.objects.get(framework__slug="flask", version="3.1.3")
    change = f"/admin/comparisons/release/{release.pk}/change/"
    status, landed = editor.post(change, {**form_data(editor.get(change)), "version": "3.1.7"})
    assert landed.endswith("/admin/comparisons/release/")

    # The editor sees the edit at once on any process (signed in, nothing cached for them);
    # a reader on the other process within its CONTENT_REVISION_SECONDS (2 s).
    editor.base = second  # the same signed-in browser, on the other process
    assert ">3.1.7<" in editor.get("/frameworks/flask/").content.decode()
    deadline = time.monotonic() + 2 + 5  # CONTENT_REVISION_SECONDS, and a loaded machine
    while ">3.1.7<" not in (page := reader.get("/frameworks/flask/").content.decode()):
        assert time.monotonic() < deadline, "the other process still serves the old page"
        time.sleep(0.2)
    assert ">3.1.3<" not in page
