#!/usr/bin/env bash
# Headless Chromium for the report's browser tests (Debian packages chromium and chromium-driver).
# Sourced by test.sh after setup.sh; installs them with apt-get when it can (as root, or with sudo).
source scripts/apt.sh
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if ! apt_install chromium chromium-driver; then
    echo "note: the browser tests need chromium and chromium-driver" \
         "(sudo apt-get install chromium chromium-driver); without them they are skipped (and fail in CI)" >&2
  fi
fi
