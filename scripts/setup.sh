#!/usr/bin/env bash
# Installs whatever Lifeboat needs to build, run and test, and nothing that is already there.
# Works on a fresh Debian 12 / Ubuntu machine as root or with sudo. Safe to run again: every step checks first.
set -euo pipefail

cd "$(dirname "$0")/.."
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "setup: need root or sudo to install Debian packages" >&2; exit 1
  fi
fi

# --- Debian packages -------------------------------------------------------------------------------------------
# Build: WebKitGTK 4.1 + GTK 3 (Tauri on Linux), OpenSSL headers (the WebDriver test client), pkg-config, gcc.
# Test: Xvfb + xauth (a display), WebKitWebDriver, Chromium (UI tests), gnome-keyring + D-Bus (a real Secret
# Service for keyring tests), ImageMagick + x11 utils (screenshots), Node.js + npm (the web front end).
PACKAGES=(
  libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev curl ca-certificates file
  xvfb xauth webkit2gtk-driver chromium gnome-keyring libsecret-tools dbus dbus-x11
  imagemagick x11-utils xdotool librsvg2-bin fonts-dejavu-core
)
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  say "Installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- Node.js ---------------------------------------------------------------------------------------------------
node_major=$(node -p 'process.versions.node.split(".")[0]')
node_minor=$(node -p 'process.versions.node.split(".")[1]')
if [ "$node_major" -lt 20 ] || { [ "$node_major" -eq 20 ] && [ "$node_minor" -lt 19 ]; }; then
  echo "setup: Node.js $(node --version) is too old; the front end's tools (Vite 8) need Node.js 20.19 or newer." >&2
  echo "       Install a newer Node.js (for example from your distribution's backports) and run this again." >&2
  exit 1
fi

# --- Rust ------------------------------------------------------------------------------------------------------
if ! command -v cargo >/dev/null; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then export PATH="$HOME/.cargo/bin:$PATH"; else
    echo "setup: Rust is missing. Install it with rustup (https://rustup.rs) and run this again." >&2
    exit 1
  fi
fi
if command -v rustup >/dev/null; then
  for component in rustfmt clippy; do
    rustup component list --installed 2>/dev/null | grep -q "^$component" || { say "Adding rustup component $component"; rustup component add "$component"; }
  done
fi
if ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  say "Installing tauri-driver (WebDriver bridge for the desktop tests)"
  cargo install tauri-driver --version 2.1.0 --locked
fi

# --- Node packages, exactly as locked --------------------------------------------------------------------------
for dir in ui crates/core/tests/oidc-provider; do
  [ -f "$dir/package-lock.json" ] || continue
  stamp="$dir/node_modules/.lifeboat-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    say "Installing Node packages in $dir"
    npm ci --prefix "$dir" --no-audit --no-fund
    cp "$dir/package-lock.json" "$stamp"
  fi
done

# --- Rust crates -----------------------------------------------------------------------------------------------
say "Fetching Rust crates"
cargo fetch --locked 2>/dev/null || cargo fetch
