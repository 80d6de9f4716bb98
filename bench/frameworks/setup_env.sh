#!/usr/bin/env bash
# Create .venv-bench, the virtualenv the benchmarked framework apps run from, with the
# site's Python and the pinned requirements-bench.txt. Idempotent: a stamp file holds the
# requirements' hash and the Python version, and nothing is done while both still match.
#
#     bash bench/frameworks/setup_env.sh            # PYTHON=/path/to/python3.11 to choose
#
# The site's own environment (.venv) is never touched: the framework packages stay out of it.
set -euo pipefail
cd "$(dirname "$0")/../.."

VENV=.venv-bench
REQUIREMENTS=requirements-bench.txt
STAMP="$VENV/.requirements-stamp"

# The same Python as the site: its virtualenv's interpreter if there is one.
if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then
    PYTHON=.venv/bin/python
  else
    PYTHON="$(command -v python3.11 || command -v python3)"
  fi
fi

python_version="$("$PYTHON" -c 'import platform; print(platform.python_version())')"
wanted="$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1) python-$python_version"

if [ -x "$VENV/bin/python" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$wanted" ]; then
  echo "$VENV is up to date (Python $python_version, $REQUIREMENTS unchanged)."
  exit 0
fi

if [ -x "$VENV/bin/python" ]; then
  have="$("$VENV/bin/python" -c 'import platform; print(platform.python_version())' || true)"
  if [ "$have" != "$python_version" ]; then
    echo "$VENV has Python ${have:-unknown}, the site has $python_version: recreating it."
    rm -rf "$VENV"
  fi
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "Creating $VENV with Python $python_version"
  "$PYTHON" -m venv "$VENV"
fi

echo "Installing $REQUIREMENTS into $VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --require-virtualenv \
  -r "$REQUIREMENTS"
"$VENV/bin/python" -m pip check --disable-pip-version-check
echo "$wanted" > "$STAMP"
echo "$VENV is ready."

if ! command -v wrk >/dev/null 2>&1; then
  echo "Note: the load tool wrk is not installed; run_benchmarks needs it: apt-get install -y wrk"
fi
