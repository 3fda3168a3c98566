# AYON service convention (like the Python addon's services/ folders): `make build` builds the service image,
# `make dev` runs the service locally without Docker against the AYON named in .env (copied from sample_env
# when missing). The image is ayon-sg/runtime:<addon version>, the name package.py's services entry uses.

VERSION := $(shell node -p "require('./packages/ayon-addon/package.json').version")
IMAGE ?= ayon-sg/runtime
# The studio directory baked into the image (a folder of this build context).
STUDIO_DIR ?= deploy/studio
# The studio directory `make dev` runs: the workspace's own, listing the built-in plugins.
DEV_STUDIO_DIR ?= packages/sandbox

.PHONY: build dist dev release

.env:
	cp sample_env .env
	@echo "make: created .env from sample_env; set AYON_SERVER_URL and AYON_API_KEY in it"

build:
	docker build --build-arg STUDIO_DIR=$(STUDIO_DIR) -t $(IMAGE):$(VERSION) .

dist: build
	docker push $(IMAGE):$(VERSION)

release:
	pnpm release:pack

dev: .env
	pnpm install --frozen-lockfile --reporter=silent
	pnpm exec tsc -b packages/sandbox
	set -a && . ./.env && set +a && node packages/core/dist/cli/main.js run --studio $(DEV_STUDIO_DIR)
