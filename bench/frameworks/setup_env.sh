#!/usr/bin/env bash
# Create one virtualenv per benchmarked framework, .venv-bench/<slug>/, from the app's own
# requirements.txt (bench/frameworks/<slug>_app/requirements.txt) on the newest Python this
# machine has. One each because their dependencies conflict (FastAPI pins Starlette, Django
# Ninja pins Django...). Idempotent: each virtualenv keeps a stamp (the requirements' hash and
# its Python version) and is left alone while both still match.
#
#     bash bench/frameworks/setup_env.sh                 # every app
#     bash bench/frameworks/setup_env.sh flask sanic     # some of them
#     PYTHON=/path/to/python3 bash bench/frameworks/setup_env.sh   # one interpreter for all
#
# The Python chosen for each framework, and why when it is not the newest, is written to
# .venv-bench/<slug>/.python-choice: run_benchmarks records it with every result.
# The site's own environment (.venv) is never touched.
set -euo pipefail
cd "$(dirname "$0")/../.."

ROOT=.venv-bench
APPS=bench/frameworks
mkdir -p "$ROOT"

version_of() { "$1" -c 'import platform; print(platform.python_version())' 2>/dev/null; }

# Every Python 3.10+ on the machine, newest first: pyenv's builds, then python3.N on PATH.
candidates() {
  {
    for python in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/*/bin/python3 /root/.pyenv/versions/*/bin/python3; do
      [ -x "$python" ] && echo "$python"
    done
    for minor in 20 19 18 17 16 15 14 13 12 11 10; do
      command -v "python3.$minor" || true
    done
  } | sort -u | while read -r python; do
    version="$(version_of "$python")" || continue
    case "$version" in 3.1[0-9].*|3.[2-9][0-9].*) printf '%s %s\n' "$version" "$python" ;; esac
  done | sort -t. -k1,1nr -k2,2nr -k3,3nr | awk '!seen[$1]++'
}

if [ -n "${PYTHON:-}" ]; then
  PYTHONS="$(version_of "$PYTHON") $PYTHON"
  WHY="chosen with PYTHON=$PYTHON"
else
  PYTHONS="$(candidates)"
  WHY="the newest Python on this machine"
fi
if [ -z "$PYTHONS" ]; then
  echo "No Python 3.10 or newer found (pyenv or python3.N on PATH); set PYTHON=..." >&2
  exit 1
fi
NEWEST="$(head -n1 <<<"$PYTHONS" | cut -d' ' -f1)"
echo "Python for the framework apps: $(head -n1 <<<"$PYTHONS") ($WHY)."
case "$NEWEST" in
  3.1[3-9].*|3.[2-9]*) ;;
  *) echo "Note: no Python 3.13 or newer here; Django 6 needs 3.12+, so older frameworks' releases may be measured." ;;
esac

if [ "$#" -gt 0 ]; then
  DIRS=()
  for slug in "$@"; do DIRS+=("$APPS/${slug//-/_}_app"); done
else
  DIRS=("$APPS"/*_app)
fi

failed=()
for dir in "${DIRS[@]}"; do
  requirements="$dir/requirements.txt"
  name="$(basename "$dir")"
  slug="${name%_app}"
  slug="${slug//_/-}"
  if [ ! -f "$requirements" ]; then
    echo "$slug: no $requirements" >&2
    failed+=("$slug")
    continue
  fi
  venv="$ROOT/$slug"
  digest="$(sha256sum "$requirements" | cut -d' ' -f1)"
  done_with=""
  reason="$WHY"
  # Kept while its requirements are unchanged and it has the newest Python, or an older one
  # chosen because the pinned releases would not install on the newest.
  stamp="$(cat "$venv/.requirements-stamp" 2>/dev/null || true)"
  if [ -x "$venv/bin/python" ] && [ "${stamp%% *}" = "$digest" ] \
    && { [ "$stamp" = "$digest python-$NEWEST" ] || grep -q "fail on" "$venv/.python-choice" 2>/dev/null; }; then
    echo "$slug: up to date (${stamp#* })."
    continue
  fi
  while read -r version python; do
    wanted="$digest python-$version"
    rm -rf "$venv"
    echo "$slug: installing $requirements on Python $version"
    if "$python" -m venv "$venv" \
      && "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        --require-virtualenv -r "$requirements" \
      && "$venv/bin/python" -m pip check --disable-pip-version-check >/dev/null; then
      echo "$wanted" > "$venv/.requirements-stamp"
      echo "Python $version: $reason" > "$venv/.python-choice"
      "$venv/bin/python" -m pip freeze --disable-pip-version-check > "$venv/.installed.txt"
      done_with="$version"
      break
    fi
    echo "$slug: its pinned releases do not install on Python $version; trying an older Python."
    reason="the newest Python on which its pinned releases install (they fail on $version)"
    rm -rf "$venv"
  done <<<"$PYTHONS"
  if [ -z "$done_with" ]; then
    echo "$slug: could not be installed on any Python here." >&2
    failed+=("$slug")
  fi
done

if ! command -v wrk >/dev/null 2>&1; then
  echo "Note: the load tool wrk is not installed; run_benchmarks needs it: apt-get install -y wrk"
fi
if [ "${#failed[@]}" -gt 0 ]; then
  echo "Not ready: ${failed[*]}" >&2
  exit 1
fi
echo "$ROOT is ready."
