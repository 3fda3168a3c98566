#!/bin/sh
# Runs every check: type-check of sources and tests, then all jest suites (unit, conformance, end-to-end,
# the addon's Python tests through their jest wrapper). Ends with the plain line "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
mkdir -p .artifacts
status=0
pnpm typecheck || status=1
NODE_OPTIONS='--experimental-vm-modules --disable-warning=ExperimentalWarning' \
  pnpm exec jest --json --outputFile=.artifacts/jest-report.json "$@" || status=1
node scripts/test-summary.mjs .artifacts/jest-report.json || status=1
exit $status
