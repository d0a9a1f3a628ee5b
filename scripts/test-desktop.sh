#!/usr/bin/env bash
# The window's WebDriver journeys (tests/*.rs of lifeboat-desktop), one at a time, under the display and D-Bus
# session the caller provides (`make test-desktop` wraps this in dbus-run-session and xvfb-run).
#
# A journey that fails is run once more, alone, and the suite passes only if it passes then. The journeys drive a
# real WebKit window through WebKitWebDriver, which on a loaded machine now and then leaves a click unanswered;
# the first failure is still printed in full (with the stuck window's page and the app's log) and counted in the
# summary line, so a journey that fails for a real reason fails both times and is never hidden.
set -uo pipefail
CARGO=${CARGO:-cargo}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Into a file, shown as it grows: a pipe would wait for every process that inherited it, and a process a test
# failed to end would hold the run open.
$CARGO test -p lifeboat-desktop --test '*' -- --test-threads=1 --show-output >"$log" 2>&1 &
run=$!
tail -n +1 -f --pid="$run" "$log"
wait "$run"
status=$?
[ "$status" -eq 0 ] && exit 0

# libtest lists the failed tests at the end of each binary's run, indented by four spaces under "failures:".
failed=$(awk '/^failures:$/ { listing = 1; next } /^test result:/ { listing = 0 }
              listing && /^    [A-Za-z0-9_:]+$/ { print $1 }' "$log" | sort -u)
if [ -z "$failed" ]; then
  echo "test-desktop: failed before any journey ran (exit $status)" >&2
  exit "$status"
fi
count=$(echo "$failed" | wc -l)
echo "test-desktop: $count journey(s) failed; running them once more, alone:" $failed >&2
# shellcheck disable=SC2086
if $CARGO test -p lifeboat-desktop --test '*' -- --test-threads=1 --show-output --exact $failed; then
  echo "test-desktop: passed on the second run: $(echo $failed) (the first failure is above)" >&2
  exit 0
fi
echo "test-desktop: failed twice: $(echo $failed)" >&2
exit 1
