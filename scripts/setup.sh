#!/usr/bin/env bash
# Installs what oHallo Desktop needs on Debian 12, and nothing that is already there.
#   scripts/setup.sh          what building and running the app needs
#   scripts/setup.sh --test   plus what the test suite needs (Xvfb, WebDriver, keyring, tauri-driver,
#                             rpm to read the .rpm, openbox to minimise a window, two spelling
#                             dictionaries)
set -euo pipefail

want_test=false
[ "${1:-}" = "--test" ] && want_test=true

app_packages=(
  build-essential pkg-config curl file
  libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev
  libdbus-1-dev
  dbus gnome-keyring
)
test_packages=(
  webkit2gtk-driver xvfb xauth dbus-x11 imagemagick libsecret-tools xdotool
  fonts-dejavu-core fonts-noto-color-emoji
  rpm openbox
  hunspell-en-us hunspell-de-de
)

packages=("${app_packages[@]}")
$want_test && packages+=("${test_packages[@]}")
# The Tauri CLI that bundles the .deb and TypeScript, which checks the UI, are npm packages;
# any Node.js 18 or newer runs them.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
  fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# tools/package-lock.json pins them; an install from before one was added lacks it.
tools="$(cd "$(dirname "$0")/.." && pwd)/tools"
if [ ! -x "$tools/node_modules/.bin/tauri" ] || [ ! -x "$tools/node_modules/.bin/tsc" ] \
  || [ ! -f "$tools/node_modules/axe-core/axe.min.js" ]; then
  echo "Installing the npm tools (Tauri CLI, TypeScript, axe-core)"
  npm ci --prefix "$tools" --no-audit --no-fund
fi

# Debian's own rustc is too old for Tauri 2; the toolchain comes from rustup.
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo was not found. Install Rust 1.90 or newer with rustup (https://rustup.rs) and run this again." >&2
  exit 1
fi
rust_minor=$(rustc --version | sed -E 's/^rustc 1\.([0-9]+).*/\1/')
if [ "$rust_minor" -lt 90 ]; then
  echo "Rust $(rustc --version) is too old; Tauri 2 needs 1.90 or newer (rustup update)." >&2
  exit 1
fi

if $want_test && ! command -v tauri-driver >/dev/null 2>&1; then
  echo "Installing tauri-driver (WebDriver front for the app window)"
  cargo install tauri-driver --locked --version '^2'
fi
