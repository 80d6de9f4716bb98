"""The shipped nginx configuration (deploy/nginx), run on loopback for the tests and benchmarks.

Only what a test machine cannot use is changed: the app server's address, the cache's
directory and nginx's own files (pid, logs, temporary files) go to a scratch directory.
Everything that decides caching is the shipped text, included as it is.
"""

import contextlib
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from .environment import PROJECT
from .errors import HarnessError
from .servers import HOST, free_port

CONFIG_DIR = PROJECT / "deploy" / "nginx"
READY_SECONDS = 10


def nginx_binary():
    """nginx's path, or None when it is not installed (apt-get install nginx)."""
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if Path(path).exists()), None
    )


def write_config(workdir, upstream, port, extra_server=""):
    """nginx.conf in ``workdir`` serving the shipped config on ``port`` in front of ``upstream``."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    http = (CONFIG_DIR / "compare-http.conf").read_text()
    http, upstreams = re.subn(r"server 127\.0\.0\.1:8000;", f"server {upstream};", http)
    http, caches = re.subn(r"/var/cache/nginx/compare", str(workdir / "cache"), http)
    if upstreams != 1 or caches != 1:
        raise HarnessError("deploy/nginx/compare-http.conf no longer has the lines to adapt")
    (workdir / "compare-http.conf").write_text(http)
    temp = " ".join(
        f"{name}_temp_path {workdir / name};" for name in ("client_body", "proxy", "fastcgi")
    )
    # Run as root (CI), nginx's workers would switch to "nobody", who cannot enter a test's
    # private temporary folder.
    user = "user root;" if os.geteuid() == 0 else ""
    config = f"""
{user}
daemon off;
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} warn;
worker_processes auto;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    {temp} uwsgi_temp_path {workdir / "uwsgi"}; scgi_temp_path {workdir / "scgi"};
    include {workdir / "compare-http.conf"};
    server {{
        listen {HOST}:{port};
        include {CONFIG_DIR / "compare-proxy.conf"};
        {extra_server}
    }}
}}
"""
    path = workdir / "nginx.conf"
    path.write_text(config)
    return path


class RunningProxy:
    def __init__(self, process, base, workdir):
        self.process, self.base, self.workdir = process, base, Path(workdir)

    def error_log(self):
        path = self.workdir / "error.log"
        return path.read_text() if path.exists() else ""


@contextlib.contextmanager
def running_proxy(workdir, upstream, extra_server=""):
    """nginx with the shipped config in front of ``upstream`` ("127.0.0.1:PORT")."""
    binary = nginx_binary()
    if binary is None:
        raise HarnessError("nginx is not installed (apt-get install nginx)")
    port = free_port()
    config = write_config(workdir, upstream, port, extra_server)
    check = subprocess.run([binary, "-t", "-c", str(config)], capture_output=True, text=True)
    if check.returncode:
        raise HarnessError(f"nginx refused the configuration: {check.stderr}")
    process = subprocess.Popen(
        [binary, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    proxy = RunningProxy(process, f"http://{HOST}:{port}", workdir)
    try:
        _wait_until_listening(proxy)
        yield proxy
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_listening(proxy):
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if proxy.process.poll() is not None:
            raise HarnessError(f"nginx exited: {proxy.process.stderr.read().decode()[-2000:]}")
        try:
            urllib.request.urlopen(proxy.base + "/healthz", timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # nginx answers (the app behind it may not yet)
        except OSError:
            time.sleep(0.1)
    raise HarnessError("nginx did not start listening")
