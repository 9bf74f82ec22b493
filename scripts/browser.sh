#!/usr/bin/env bash
# Headless Chromium for the report's browser tests (Debian packages chromium and chromium-driver).
# Sourced by test.sh after setup.sh; installs them with apt-get when it can (as root, or with sudo).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  as_root=""
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root="sudo"
  fi
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || [ -n "$as_root" ]; }; then
    echo "installing chromium and chromium-driver with apt-get (for the browser tests) ..." >&2
    $as_root apt-get update -qq
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      chromium chromium-driver >/dev/null
  else
    echo "note: the browser tests need chromium and chromium-driver" \
         "(sudo apt-get install chromium chromium-driver); without them they are skipped (and fail in CI)" >&2
  fi
fi
