#!/usr/bin/env bash
# Runs a command with a real, unlocked Secret Service (gnome-keyring) on a private D-Bus session, in a
# throw-away HOME, so keyring tests never touch the person's own keyring.
#   scripts/with-secret-service.sh cargo test -p lifeboat-core --features secret-service-tests --test token_store_keyring
# Needs the Debian packages dbus and gnome-keyring (scripts/setup.sh installs them).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null; then
    echo "$0: $tool is missing (apt-get install dbus gnome-keyring)" >&2
    exit 1
  fi
done

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home" "$scratch/runtime"
chmod 700 "$scratch/runtime"
# Cargo and rustup live under the real HOME: keep them reachable.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
export HOME="$scratch/home" XDG_RUNTIME_DIR="$scratch/runtime"
unset DBUS_SESSION_BUS_ADDRESS

# Without --unlock there is no unlocked collection and every keyring call fails with NoStorageAccess.
# The daemon forks and claims its bus name a moment after this command returns. A test that calls before that
# makes D-Bus activate a second daemon, whose login collection is locked (and which then fights the first), so
# wait until the unlocked daemon owns org.freedesktop.secrets.
dbus-run-session -- bash -c '
  printf "%s" "lifeboat-test-password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  for _ in $(seq 1 100); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; then
      exec "$@"
    fi
    sleep 0.1
  done
  echo "with-secret-service: gnome-keyring did not claim org.freedesktop.secrets within 10 s" >&2
  exit 1' _ "$@"
