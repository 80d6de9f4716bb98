"""The machine and the tools: each framework's virtualenv under .venv-bench/ with its Python
and package versions, wrk, the CPUs (and how the load generator and servers split them),
memory and load."""

import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .catalogue import APPS
from .errors import HarnessError

# No Django settings needed: bench/ drives servers with these modules too.
PROJECT = Path(__file__).resolve().parents[2]
APPS_DIR = PROJECT / "bench" / "frameworks"
BENCH_ROOT = PROJECT / ".venv-bench"  # one virtualenv per framework (git-ignored)
SETUP_COMMAND = "bash bench/frameworks/setup_env.sh"
WRK_INSTALL = "apt-get install -y wrk"
FULL_RUN_COMMAND = "python manage.py run_benchmarks"


def venv(app):
    return BENCH_ROOT / app.slug


def requirements(app):
    return APPS_DIR / app.directory / "requirements.txt"


def unavailable_reason(apps=None):
    """Why the harness cannot run ``apps`` here, with the command that fixes it; None if it can."""
    if not shutil.which("wrk"):
        return f"the load tool wrk is not installed; install it with: {WRK_INSTALL}"
    stale = [app.slug for app in (apps or APPS.values()) if not venv_ready(app)]
    if stale:
        return (
            f"the virtualenvs of {', '.join(stale)} are missing or older than their "
            f"requirements.txt; create them with: {SETUP_COMMAND} {' '.join(stale)}"
        )
    return None


def venv_ready(app):
    """Whether setup_env.sh installed ``app``'s requirements.txt as it is now."""
    stamp = venv(app) / ".requirements-stamp"
    if not (venv(app) / "bin" / "python").exists() or not stamp.exists():
        return False
    digest = hashlib.sha256(requirements(app).read_bytes()).hexdigest()
    return stamp.read_text().split(" ")[0].strip() == digest


def run_command(command, timeout, **kwargs):
    """subprocess.run with its output captured and a time bound that raises HarnessError."""
    try:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False, **kwargs
        )
    except subprocess.TimeoutExpired as error:
        raise HarnessError(f"{command[0]} took longer than {timeout} s") from error


def app_python(app):
    """(Python version, why that one) of ``app``'s virtualenv, asked of its own Python."""
    script = (
        "import importlib.metadata as m, json, platform, sys; "
        "print(json.dumps([platform.python_version(), "
        "{name: m.version(name) for name in sys.argv[1:]}]))"
    )
    python = venv(app) / "bin" / "python"
    done = run_command([str(python), "-c", script, *app.packages], timeout=60)
    if done.returncode:
        raise HarnessError(f"cannot read {app.name}'s versions in {venv(app)}: {done.stderr}")
    version, versions = json.loads(done.stdout)
    choice = venv(app) / ".python-choice"
    why = choice.read_text().partition(":")[2].strip() if choice.exists() else ""
    return version, why, versions


def cpu_model(cpuinfo="/proc/cpuinfo"):
    try:
        text = Path(cpuinfo).read_text()
    except OSError:
        text = ""
    found = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    model = found.group(1) if found else platform.processor() or platform.machine()
    return " ".join(model.split()) or "Unknown CPU"


def cpu_count():
    """The CPUs this process may use (a container may have fewer than the machine)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def memory_gib(meminfo="/proc/meminfo"):
    try:
        found = re.search(r"^MemTotal:\s+(\d+) kB", Path(meminfo).read_text(), re.MULTILINE)
    except OSError:
        return None
    return round(int(found.group(1)) / 1024**2) if found else None


def wrk_version():
    done = run_command(["wrk", "-v"], timeout=10)
    first = (done.stdout or done.stderr).strip().splitlines()
    return first[0].split(" Copyright")[0].strip() if first else "wrk"


def pinned(command, cpus):
    """``command`` run by taskset on ``cpus`` only; unchanged when ``cpus`` is empty."""
    return ["taskset", "-c", ",".join(map(str, cpus)), *command] if cpus else list(command)


def cpu_split(cpus=None):
    """(server CPUs, load generator CPUs): wrk pinned to the last CPU and the servers to the
    others, so that they do not take CPU time from each other; ((), ()) with one CPU or
    without taskset (util-linux), when everything shares every CPU."""
    if cpus is None:
        try:
            cpus = sorted(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            cpus = []
    if len(cpus) < 2 or not shutil.which("taskset"):
        return (), ()
    return tuple(cpus[:-1]), (cpus[-1],)


@dataclass(frozen=True)
class Environment:
    cpu_model: str
    cpu_count: int
    memory_gib: int | None
    wrk: str
    pythons: dict  # slug: Python version of that framework's virtualenv
    versions: dict  # slug: {distribution: version}
    python_reasons: dict = field(default_factory=dict)  # slug: why that Python

    @property
    def hardware(self):
        memory = f", {self.memory_gib} GiB RAM" if self.memory_gib else ""
        return f"{self.cpu_model} × {self.cpu_count} cores{memory}"[:200]

    @classmethod
    def detect(cls, apps):
        pythons, reasons, versions = {}, {}, {}
        for app in apps:
            pythons[app.slug], reasons[app.slug], versions[app.slug] = app_python(app)
        return cls(
            cpu_model=cpu_model(),
            cpu_count=cpu_count(),
            memory_gib=memory_gib(),
            wrk=wrk_version(),
            pythons=pythons,
            versions=versions,
            python_reasons=reasons,
        )


def load_average():
    """The machine's 1-minute load average (other work on it shows up as noise)."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None
