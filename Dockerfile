# The ayon-sg runtime image, ayon-sg/runtime:<addon version>: the image the addon's package.py names for its
# AyonSgRuntime service, which AYON's service host (ASH) runs with AYON_SERVER_URL, AYON_API_KEY,
# AYON_ADDON_NAME, AYON_ADDON_VERSION and AYON_SERVICE_NAME set. Build it with `make build`.
#
# One image for every studio: what runs is chosen by the studio directory baked in at /studio, by default
# deploy/studio (the built-in plugins). Bake your own with `make build STUDIO_DIR=path/to/studio` (a folder
# in this build context holding a package.json, optionally a pnpm-workspace.yaml, and your handler packages;
# a "build" script in its package.json runs after the install), or mount one over /studio at run time.
#
# NOTE: this Dockerfile was written without a Docker engine at hand and has not been built. Every step in it
# is also run by the tests without Docker (pnpm release:pack, pnpm install of a studio directory from the
# tarballs, ayon-sg-runtime run), but the image itself is unverified.

# 1. Build the workspace and pack the publishable packages into /out/vendor.
FROM node:20-slim AS build
RUN npm install -g pnpm@12.4.2
WORKDIR /src
COPY . .
RUN CI=true pnpm install --frozen-lockfile && pnpm release:pack --out /out/vendor

# 2. The runtime: the studio directory, installed from those tarballs.
FROM node:20-slim
RUN npm install -g pnpm@12.4.2
ARG STUDIO_DIR=deploy/studio
WORKDIR /studio
COPY ${STUDIO_DIR}/ ./
COPY --from=build /out/vendor ./vendor
RUN pnpm install && pnpm run --if-present build && chown -R node:node /studio
USER node
ENV AYON_SG_STUDIO_DIR=/studio \
    LOG_FORMAT=json \
    AYON_SG_METRICS_PORT=9100
# /healthz and /metrics
EXPOSE 9100
CMD ["/studio/node_modules/.bin/ayon-sg-runtime", "run"]
