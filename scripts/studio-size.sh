#!/bin/sh
# `sh scripts/studio-size.sh`: the size of what a studio installs. deploy/studio (core and the built-in plugins)
# is copied to a temporary directory with the tarballs of `pnpm release:pack` in its vendor/ folder and
# installed with pnpm as the image does (Dockerfile, stage 2; production dependencies only), then `du` measures
# its node_modules (pnpm hard-links from its store: du counts each file once, as an image layer holds it).
# Prints the total, the largest installed packages and whether an emulator came along.
set -eu
root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
studio=$(mktemp -d "${TMPDIR:-/tmp}/ayon-sg-studio-size-XXXXXX")
trap 'rm -rf "$studio"' EXIT
cp -R "$root/deploy/studio/." "$studio/"
pnpm --dir "$root" release:pack --out "$studio/vendor" >"$studio/pack.log" 2>&1 || {
  cat "$studio/pack.log" >&2
  exit 1
}
(cd "$studio" && pnpm install --prod --prefer-offline --config.confirmModulesPurge=false >"$studio/install.log" 2>&1) || {
  cat "$studio/install.log" >&2
  exit 1
}
modules="$studio/node_modules"
echo "studio node_modules: $(du -sh "$modules" | cut -f1) on disk, $(du -sh --apparent-size "$modules" | cut -f1) apparent," \
  "$(find "$modules/.pnpm" -mindepth 1 -maxdepth 1 -type d ! -name node_modules | wc -l) packages"
echo "largest installed packages:"
du -sh "$modules"/.pnpm/*/ 2>/dev/null | sort -rh | head -n 8 | sed "s|$modules/.pnpm/||; s|/\$||; s|^|  |"
if ls "$modules/.pnpm" | grep -q '^@ayon-sg+testkit@'; then
  echo "emulators: @ayon-sg/testkit is installed"
else
  echo "emulators: none installed (@ayon-sg/testkit absent)"
fi
