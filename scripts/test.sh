#!/usr/bin/env bash
# Sets up what is missing and runs every test: the Rust tests of the whole workspace and the
# end-to-end suite that drives the real app window (each E2E test makes its own Xvfb display,
# session bus, keyring, notification server and sandbox).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"

# One build serves both: the E2E tests launch this very binary.
cargo build --package ohallo-desktop
cargo test --workspace --no-fail-fast -- --test-threads="${OHALLO_TEST_THREADS:-2}"
