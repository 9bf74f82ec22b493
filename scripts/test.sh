#!/usr/bin/env bash
# Sets up factfile with its test tools and runs the whole test suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
source scripts/browser.sh
source scripts/postgres.sh
source scripts/ftm.sh
.venv/bin/python -m pytest "$@"
