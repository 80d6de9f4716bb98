"""The site as it runs in production, for tests that need real processes: gunicorn with
config/gunicorn.py and production settings, on its own SQLite file or a private PostgreSQL
cluster that a test can freeze, and plain HTTP helpers to talk to it."""

import contextlib
import glob
import http.cookiejar
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psutil
from django_otp.oath import totp

from bench.harness.servers import free_port

PROJECT = Path(__file__).resolve().parent.parent
EDITOR_PASSWORD = "proxy-test-pass-1"
# The demo editors' authenticator app (a TOTP key), so that tests sign in as people do.
EDITOR_TOTP_KEY = "3132333435363738393031323334353637383930"
_ADD_SECOND_FACTORS = f"""
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice
for user in User.objects.filter(is_staff=True):
    # "default": the name django-two-factor-auth asks a code of at sign-in.
    TOTPDevice.objects.get_or_create(
        user=user, name="default", defaults={{"key": "{EDITOR_TOTP_KEY}"}}
    )
"""


def production_env(tmp, database_url):
    """The environment of a production app server on loopback (plain HTTP, local cache)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_", "DATABASE_", "CACHE_"))
    }
    return {
        **env,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "DEMO_EDITOR_PASSWORD": EDITOR_PASSWORD,
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESS_LOG": str(tmp / "access.log"),
    }


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )


def set_up_site(env):
    """Schema, the demo data with its editors, and the static files."""
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "setup_demo")
    manage(env, "shell", "-c", _ADD_SECOND_FACTORS)
    manage(env, "collectstatic", "--noinput", "-v0")


@contextlib.contextmanager
def running_gunicorn(env):
    """gunicorn -c config/gunicorn.py on a free port; yields its base URL and process."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py"],
        cwd=PROJECT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, base)
        yield base, process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=20)


def wait_until_up(process, base, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited: {process.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise AssertionError(f"{base} did not come up")


class Response:
    def __init__(self, status, headers, body, seconds):
        self.status, self.headers, self.body, self.seconds = status, headers, body, seconds

    @property
    def text(self):
        return self.body.decode(errors="replace")


class Client:
    """Just enough of a browser: cookies, forms, no redirects followed unless asked."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect
        )

    def get(self, path, headers=None, timeout=20):
        return self._open(urllib.request.Request(self.base + path, headers=headers or {}), timeout)

    def post(self, path, data, timeout=20):
        body = urllib.parse.urlencode(data, doseq=True).encode()
        return self._open(urllib.request.Request(self.base + path, data=body), timeout)

    def _open(self, request, timeout):
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=timeout) as response:
                body = response.read()
                status, headers = response.status, response.headers
        except urllib.error.HTTPError as error:
            body, status, headers = error.read(), error.code, error.headers
        return Response(status, headers, body, time.monotonic() - started)

    def sign_in(self, username="editor", password=EDITOR_PASSWORD):
        """The admin's sign-in, as an editor goes through it: password, then the app's code."""
        self.get("/account/login/")
        csrf = next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")
        login = "/account/login/?next=/admin/"
        step = {"csrfmiddlewaretoken": csrf, "login_view-current_step": "auth"}
        response = self.post(login, {**step, "auth-username": username, "auth-password": password})
        assert response.status == 200, (response.status, response.text[:500])  # the code's page
        step["login_view-current_step"] = "token"
        code = _unused_code()
        response = self.post(login, {**step, "token-otp_token": code})
        assert response.status == 302, response.text[:500]


# django-otp accepts each 30-s time step of a device once (a replayed code is refused) and
# one step ahead of the clock: tests that sign in the same editor within seconds take the
# next unused step, or wait for one.
TOTP_STEP = 30
_last_step_used = -1


def _unused_code():
    global _last_step_used
    now = int(time.time()) // TOTP_STEP
    if _last_step_used > now:  # this step and the next are both taken
        time.sleep(TOTP_STEP - time.time() % TOTP_STEP + 0.1)
        now = int(time.time()) // TOTP_STEP
    step = max(now, _last_step_used + 1)
    _last_step_used = step
    return f"{totp(bytes.fromhex(EDITOR_TOTP_KEY), TOTP_STEP, drift=step - now):06d}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class PrivatePostgres:
    """A PostgreSQL cluster of the test's own, which it may freeze (SIGSTOP) and thaw."""

    def __init__(self):
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        self.bin = Path(bins[-1]).parent if bins else None
        # Not under pytest's tmp_path: the postgres user cannot enter root's private folders.
        self.directory = Path(tempfile.mkdtemp(prefix="fwcompare-pg-"))
        self.port = free_port()
        self.process = None

    @property
    def available(self):
        return self.bin is not None and shutil.which("runuser") is not None

    def _as_postgres(self, *command):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return [*prefix, *command]

    def start(self):
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        data = self.directory / "data"
        subprocess.run(
            self._as_postgres(str(self.bin / "initdb"), "-D", str(data), "-A", "trust", "-U",
                              "postgres", "--no-sync"),
            check=True, capture_output=True,
        )  # fmt: skip
        self.process = subprocess.Popen(
            self._as_postgres(
                str(self.bin / "postgres"), "-D", str(data), "-p", str(self.port),
                "-k", str(self.directory), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
            ),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while subprocess.run(
            [str(self.bin / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)]
        ).returncode:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError("the private PostgreSQL did not start")
            time.sleep(0.2)
        subprocess.run(
            [str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
             "postgres", "site"],
            check=True,
        )  # fmt: skip

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/site"

    def _processes(self):
        postmaster = psutil.Process(self.process.pid)
        return [postmaster, *postmaster.children(recursive=True)]

    def freeze(self):
        """Every process of the cluster stopped: connections are accepted, never answered."""
        for process in self._processes():
            process.send_signal(signal.SIGSTOP)

    def thaw(self):
        for process in self._processes():
            process.send_signal(signal.SIGCONT)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.thaw()
            subprocess.run(
                self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.directory / "data"),
                                  "stop", "-m", "immediate"),
                capture_output=True,
            )  # fmt: skip
            self.process.wait(timeout=20)
        shutil.rmtree(self.directory, ignore_errors=True)
