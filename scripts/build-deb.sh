#!/usr/bin/env bash
# Builds the release app and its .deb with the Tauri bundler, offline:
#   target/release/ohallo-desktop and target/release/bundle/deb/ohallo_<version>_amd64.deb
# The Tauri CLI comes from the npm registry (tools/package-lock.json pins it; setup.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

rm -rf target/release/bundle/deb
tools/node_modules/.bin/tauri build --bundles deb --ci
