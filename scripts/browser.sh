#!/usr/bin/env bash
# Headless Chromium for the report's browser tests (Debian packages chromium and chromium-driver).
# Sourced by test.sh after setup.sh; installs them with apt-get when it can.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing chromium and chromium-driver with apt-get (for the browser tests) ..." >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
  else
    echo "note: the browser tests need chromium and chromium-driver" \
         "(sudo apt-get install chromium chromium-driver); without them they are skipped (and fail in CI)" >&2
  fi
fi
