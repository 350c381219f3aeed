#!/usr/bin/env bash
# Measures the release app beside a bare Tauri 2 window (examples/bare-window), both built in this
# run on this machine, and prints a table of figures, each with its target and whether it holds.
# About 2 h 40 min: 15 minutes of simulated customer traffic and a 2-hour uptime run. Options
# go to the benchmark, e.g. (a quick look; see --help)
#   scripts/bench.sh --traffic-minutes 2 --idle-seconds 20 --uptime-minutes 0
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"

scripts/build-packages.sh
# The bundler builds with Tauri's custom-protocol feature (assets served from the binary); the
# bare window gets the same, so the two differ only in what the app itself does.
cargo build --release --package bare-window --features tauri/custom-protocol
cargo run --package ohallo-bench -- "$@"
