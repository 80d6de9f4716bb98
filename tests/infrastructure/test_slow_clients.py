"""Slow clients do not starve gunicorn's workers under the default config/gunicorn.py.

Reported: three connections each sending one header line every few seconds held all three
sync workers, and 6 of 7 health probes failed. Here gunicorn runs on loopback with the
default worker class and threads (three workers, as in the report), three such clients
trickle their headers for a few seconds, and every health probe meanwhile must answer.
"""

import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.redis_server import free_port

PROJECT = Path(__file__).resolve().parents[2]
SLOW_CLIENTS = 3
SECONDS = 4.0


@pytest.fixture
def gunicorn(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.pop("CACHE_URL", None)
    env.update(
        {
            # /healthz needs no tables: an empty database answers SELECT 1.
            "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_STATIC_ROOT": str(tmp_path),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "3",
            "GUNICORN_ACCESS_LOG": "",
        }
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not _probe(base):
            assert process.poll() is None, "gunicorn exited"
            assert time.monotonic() < deadline, "gunicorn did not come up"
            time.sleep(0.2)
        yield port, base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _probe(base):
    # Starved workers never answer while the slow clients trickle; 5 s is for a loaded machine.
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _slow_client(port, stop):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        while not stop.wait(0.5):
            sock.sendall(b"X-Slow: still sending\r\n")


def test_a_few_slow_clients_do_not_stop_the_site(gunicorn):
    port, base = gunicorn
    stop = threading.Event()
    clients = [
        threading.Thread(target=_slow_client, args=(port, stop), daemon=True)
        for _ in range(SLOW_CLIENTS)
    ]
    for client in clients:
        client.start()
    time.sleep(0.5)  # every slow client is connected and holding its request open
    probes = []
    deadline = time.monotonic() + SECONDS
    while time.monotonic() < deadline:
        probes.append(_probe(base))
        time.sleep(0.25)
    stop.set()
    for client in clients:
        client.join(timeout=5)
    answered = sum(probes)
    print(f"\n{SLOW_CLIENTS} slow clients: {answered} of {len(probes)} health probes answered")
    assert answered == len(probes)
