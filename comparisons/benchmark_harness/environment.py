"""The machine and the tools: .venv-bench and its package versions, wrk, the CPU, memory and
load."""

import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .catalogue import VERSIONED
from .errors import HarnessError

# No Django settings needed: bench/ drives servers with these modules too.
PROJECT = Path(__file__).resolve().parents[2]
APPS_DIR = PROJECT / "bench" / "frameworks"
BENCH_VENV = PROJECT / ".venv-bench"
BENCH_PYTHON = BENCH_VENV / "bin" / "python"
REQUIREMENTS = PROJECT / "requirements-bench.txt"
STAMP = BENCH_VENV / ".requirements-stamp"
SETUP_COMMAND = "bash bench/frameworks/setup_env.sh"
WRK_INSTALL = "apt-get install -y wrk"
FULL_RUN_COMMAND = "python manage.py run_benchmarks"


def unavailable_reason():
    """Why the harness cannot run here, with the command that fixes it; None if it can."""
    if not shutil.which("wrk"):
        return f"the load tool wrk is not installed; install it with: {WRK_INSTALL}"
    if not BENCH_PYTHON.exists():
        return f"the virtualenv .venv-bench does not exist; create it with: {SETUP_COMMAND}"
    if not STAMP.exists() or STAMP.read_text().strip() != expected_stamp():
        return (
            ".venv-bench is not up to date with requirements-bench.txt and this Python; "
            f"update it with: {SETUP_COMMAND}"
        )
    return None


def expected_stamp():
    """What bench/frameworks/setup_env.sh writes once .venv-bench matches the requirements."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    return f"{digest} python-{platform.python_version()}"


def run_command(command, timeout, **kwargs):
    """subprocess.run with its output captured and a time bound that raises HarnessError."""
    try:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False, **kwargs
        )
    except subprocess.TimeoutExpired as error:
        raise HarnessError(f"{command[0]} took longer than {timeout} s") from error


def package_versions(names=VERSIONED):
    """The versions installed in .venv-bench, asked of its own Python."""
    script = (
        "import importlib.metadata as m, json, sys; "
        "print(json.dumps({name: m.version(name) for name in sys.argv[1:]}))"
    )
    done = run_command([str(BENCH_PYTHON), "-c", script, *names], timeout=60)
    if done.returncode:
        raise HarnessError(f"cannot read package versions in .venv-bench: {done.stderr}")
    return json.loads(done.stdout)


def bench_python_version():
    done = run_command(
        [str(BENCH_PYTHON), "-c", "import platform; print(platform.python_version())"], 30
    )
    if done.returncode:
        raise HarnessError(f"cannot run .venv-bench's Python: {done.stderr}")
    return done.stdout.strip()


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


@dataclass(frozen=True)
class Environment:
    python_version: str
    cpu_model: str
    cpu_count: int
    memory_gib: int | None
    wrk: str
    versions: dict

    @property
    def hardware(self):
        memory = f", {self.memory_gib} GiB RAM" if self.memory_gib else ""
        return f"{self.cpu_model} × {self.cpu_count} cores{memory}"[:200]

    @classmethod
    def detect(cls):
        return cls(
            python_version=bench_python_version(),
            cpu_model=cpu_model(),
            cpu_count=cpu_count(),
            memory_gib=memory_gib(),
            wrk=wrk_version(),
            versions=package_versions(),
        )


def load_average():
    """The machine's 1-minute load average (other work on it shows up as noise)."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None
