# AYON reads this file as addon metadata (ayon-backend ayon_server/addons/definition.py). `version` is rewritten from
# package.json by
# `pnpm --filter @ayon-sg/ayon-addon package`; do not edit it by hand.
name = "shotgrid"
title = "ShotGrid Sync"
version = "0.1.0"
client_dir = None

# One service: the ayon-sg runtime runs the leecher and every handler.
services = {"AyonSgRuntime": {"image": f"ayon-sg/runtime:{version}"}}

ayon_server_version = ">=1.12.5"
