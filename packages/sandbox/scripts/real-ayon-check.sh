#!/usr/bin/env bash
# The whole sandbox flow against a real AYON server, with the ShotGrid emulator: the addon installed and
# configured through AYON's API, a demo project imported, a full sync that must write nothing, and live
# ShotGrid edits that must reach AYON; prints the summary (counts and times) and fails when a step fails.
#
#   AYON_REAL_URL=http://ayon:5000 AYON_REAL_KEY=... bash packages/sandbox/scripts/real-ayon-check.sh [sandbox options]
#
# AYON_REAL_KEY: an admin's or a service user's API key (never printed). Each run imports a new project
# ("Real Check <time>"); extra options (e.g. --shots 50 --edits 20) go to `ayon-sg-runtime sandbox`.
set -euo pipefail
if [ -z "${AYON_REAL_URL:-}" ] || [ -z "${AYON_REAL_KEY:-}" ]; then
  echo "real-ayon-check: set AYON_REAL_URL and AYON_REAL_KEY (an admin's or service user's API key)" >&2
  exit 2
fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
if [ "${SKIP_BUILD:-}" != "1" ]; then pnpm -s exec tsc -b packages/sandbox; fi
AYON_API_KEY="$AYON_REAL_KEY" exec node packages/core/dist/cli/main.js sandbox \
  --ayon "$AYON_REAL_URL" --once --edits "${EDITS:-10}" --edit-interval "${EDIT_INTERVAL:-4}" \
  --project "Real Check $(date +%Y%m%d-%H%M%S)-$$" "$@"
