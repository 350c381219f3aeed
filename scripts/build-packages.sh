#!/usr/bin/env bash
# Builds the release app once and bundles it as a .deb and an .rpm with the Tauri bundler, offline:
#   target/release/ohallo-desktop
#   target/release/bundle/deb/ohallo_<version>_amd64.deb
#   target/release/bundle/rpm/ohallo-<version>-1.x86_64.rpm
# The Tauri CLI comes from the npm registry (tools/package-lock.json pins it; setup.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

rm -rf target/release/bundle/deb target/release/bundle/rpm
# One release build serves both packages: the bundler packs the same binary twice.
tools/node_modules/.bin/tauri build --bundles deb,rpm --ci
