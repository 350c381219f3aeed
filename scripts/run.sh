#!/usr/bin/env bash
# Sets up what is missing, builds oHallo Desktop and starts it. Extra arguments go to the app.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found (DISPLAY/WAYLAND_DISPLAY unset): run this from a desktop session." >&2
  echo "On a headless machine, scripts/screenshot.sh shows the window as a PNG instead." >&2
  exit 1
fi
exec cargo run --package ohallo-desktop -- "$@"
