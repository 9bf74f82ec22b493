#!/usr/bin/env bash
# Sets up factfile and builds the bundled example corpus into out/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
.venv/bin/factfile build examples/gobi-rail -o out "$@"
