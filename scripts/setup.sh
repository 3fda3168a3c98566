#!/bin/sh
# Sets up a fresh machine for ayon-sg: pnpm, the Debian packages the tests use (Chromium for the settings-page
# test, pytest + pydantic 1 for the addon's Python tests), the node packages, and a build.
# Safe to run again: each step is skipped when already done.
set -eu
cd "$(dirname "$0")/.."

PNPM_VERSION=12.4.2
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  echo "setup: installing pnpm $PNPM_VERSION"
  npm i -g "pnpm@$PNPM_VERSION" >/dev/null 2>&1 || npm i -g "pnpm@$PNPM_VERSION"
fi

missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
/usr/bin/python3 -c "import pytest" 2>/dev/null || missing="$missing python3-pytest"
/usr/bin/python3 -c "import pydantic" 2>/dev/null || missing="$missing python3-pydantic"
if [ -n "$missing" ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  echo "setup: installing Debian packages:$missing"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

echo "setup: installing node packages"
CI=true pnpm install --frozen-lockfile --reporter=silent
echo "setup: building"
pnpm build
