#!/usr/bin/env bash
# Shows the app's window without a display: starts it under Xvfb (with its own session bus,
# keyring and sandbox, as the E2E tests do), signs in to the sandbox and saves the sign-in, inbox,
# thread, files, approve, resolve, Needs a human and new-conversation screens, light and dark,
# as PNG files. Prints each file's path.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"
cargo build --package ohallo-desktop
exec cargo run --quiet --package ohallo-e2e --example screenshots
