#!/usr/bin/env bash
# apt_install PACKAGE...: install Debian packages the tests need, when this shell may (as root, or with
# password-less sudo); returns 1 when it may not. Sourced by browser.sh and postgres.sh.
apt_install() {
  local as_root=""
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root="sudo"
  fi
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || [ -n "$as_root" ]; }; then
    echo "installing $* with apt-get (for the tests) ..." >&2
    $as_root apt-get update -qq
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
    return 0
  fi
  return 1
}
