#!/usr/bin/env bash
# The followthemoney package, for the test that validates entities.ftm.jsonl with its own model.
# Sourced by test.sh after setup.sh. Its PyICU has no wheel on the index, so pip builds it, which
# needs ICU's headers and a C++ compiler (Debian: libicu-dev, pkg-config, g++), installed here with
# apt-get when this shell may. Without them the test is skipped (and fails in CI).
source scripts/apt.sh
ftm_stamp=.venv/.factfile-ftm-installed
ftm_want=$(cat requirements.lock requirements-ftm.lock | sha256sum | cut -d' ' -f1)
if [ "$(cat "$ftm_stamp" 2>/dev/null)" != "$ftm_want" ]; then
  if ! command -v g++ >/dev/null 2>&1 || ! command -v pkg-config >/dev/null 2>&1 \
     || ! pkg-config --exists icu-i18n 2>/dev/null; then
    apt_install libicu-dev pkg-config g++ || true
  fi
  echo "installing followthemoney for the tests (requirements-ftm.lock; the first time pip builds PyICU, ~1-2 min) ..." >&2
  if .venv/bin/python -m pip install --disable-pip-version-check --quiet -r requirements-ftm.lock -c requirements.lock; then
    echo "$ftm_want" > "$ftm_stamp"
  else
    echo "note: followthemoney could not be installed (PyICU needs libicu-dev, pkg-config and g++:" \
         "sudo apt-get install libicu-dev pkg-config g++); the test that validates entities.ftm.jsonl" \
         "is skipped (and fails in CI)" >&2
  fi
fi
