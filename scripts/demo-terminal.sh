#!/usr/bin/env bash
# `make demo` without a display: the window cannot open, so show what the command line can do instead.
set -euo pipefail
lifeboat="$1"
cat <<MSG

Lifeboat's window needs a display (neither DISPLAY nor WAYLAND_DISPLAY is set), so it was not opened.
Run \`make demo\` from a desktop session to see the app, or use the command line, which uses the same core:

MSG
"$lifeboat" --help
echo
"$lifeboat" about
