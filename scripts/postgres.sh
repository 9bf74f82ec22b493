#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests of the postgresql:// store (Debian's postgresql).
# Sourced by test.sh after setup.sh: installs postgresql with apt-get when it can (as root, or with sudo),
# starts a server in a temporary folder that listens only on a Unix socket there, exports its address as
# FACTFILE_TEST_POSTGRES, and stops it and removes the folder when the tests end. With
# FACTFILE_TEST_POSTGRES already set (a server of your own), it does nothing.
source scripts/apt.sh
if [ -z "${FACTFILE_TEST_POSTGRES:-}" ]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$pg_bin" ] && apt_install postgresql; then
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  fi
  if [ -n "$pg_bin" ]; then
    pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/factfile-postgres-XXXXXX")
    # PostgreSQL refuses to run as root: as root, the server runs as the 'postgres' user Debian made.
    pg_run=()
    if [ "$(id -u)" = 0 ]; then
      chown postgres "$pg_dir"
      pg_run=(runuser -u postgres --)
    fi
    if "${pg_run[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U factfile >"$pg_dir/initdb.log" 2>&1 &&
       "${pg_run[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
         -o "-k $pg_dir -c listen_addresses='' -c fsync=off" start >/dev/null 2>&1; then
      export FACTFILE_TEST_POSTGRES="postgresql://factfile@/postgres?host=$pg_dir"
      trap '"${pg_run[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1; rm -rf "$pg_dir"' EXIT
    else
      echo "note: could not start PostgreSQL for the tests (see $pg_dir); its tests are skipped (and fail in CI)" >&2
    fi
  else
    echo "note: the PostgreSQL store's tests need postgresql (sudo apt-get install postgresql);" \
         "without it they are skipped (and fail in CI)" >&2
  fi
fi
