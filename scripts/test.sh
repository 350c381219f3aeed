#!/usr/bin/env bash
# Sets up what is missing and runs every test: the Rust tests of the whole workspace and the
# end-to-end suite that drives the real app window (each E2E test makes its own Xvfb display,
# session bus, keyring, notification server and sandbox), then the UI's Node tests and its type check.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"

# One build serves both: the E2E tests launch this very binary.
cargo build --package ohallo-desktop
# The installer test installs, starts and removes the release .deb.
scripts/build-packages.sh

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
cargo test --workspace --lib --bins --tests --no-fail-fast -- \
  --test-threads="${OHALLO_TEST_THREADS:-2}" --show-output 2>&1 | tee "$log" || status=$?

# The UI's window-free logic (link detection, text capping, formatting) under Node's runner.
node --test ui/tests/ 2>&1 | tee -a "$log" || status=$?

# The @ts-check modules against ui/bindings.d.ts, the types generated from Rust (the cargo
# tests above fail if that file is stale); one line for the closing count either way.
if tools/node_modules/.bin/tsc -p ui 2>&1 | tee -a "$log"; then
  echo "# pass 1 (tsc -p ui: the UI type-checks)" | tee -a "$log"
else
  status=1
  echo "# fail 1 (tsc -p ui: type errors above)" | tee -a "$log"
fi

# The soak, corpus and leakage tests print their figures (--show-output keeps them); then one
# closing line for the whole run, since cargo prints one per test binary and node one of its own.
awk '/^test result:/ { passed += $4; failed += $6 }
     /^# pass / { passed += $3 } /^# fail / { failed += $3 }
     END { printf "all tests: %d passed, %d failed\n", passed, failed }' "$log"
exit "$status"
