#!/usr/bin/env bash
# Desktop benchmarks (issue #7): Lifeboat against a hello-world Tauri app built the same way (bench/hello-tauri).
#
#   scripts/bench-desktop.sh
#
# Builds both in release (Lifeboat with `tauri build --bundles deb`, which also makes the .deb), then under one
# Xvfb display and one private D-Bus session launches them alternately BENCH_RUNS times each and measures
#   - cold start: spawn -> the window shows its settled first screen (bench/winwatch.c polls the window's pixels;
#     no hook in either app),
#   - idle memory: PSS (and RSS) summed over the app process and all its descendants (WebKit processes), after
#     the first screen plus BENCH_IDLE_S seconds,
# and prints the medians, the ratios Lifeboat/hello against the targets (start <= 1.1x, memory <= 1.1x) and the
# size of the .deb (target <= 10 MB). Lifeboat sets WebKit's painting mode itself (src-tauri/src/webkit.rs), so the
# baseline also runs a second time as "hello+": with the WEBKIT_* environment Lifeboat's web process had. The ratios
# are given against both, and a figure passes only when both do. A benchmark, not a test: exit 0 when over a target, non-zero only when
# something could not be built or measured. See bench/README.md.
#
# Environment (all optional):
#   BENCH_RUNS=5          launches of each app
#   BENCH_WARMUP=1        untimed launches of each app first (page cache, D-Bus services); 0 to skip
#   BENCH_IDLE_S=5        idle seconds after the first screen before reading memory
#   BENCH_SETTLE_MS=1000  how long the picture must stay unchanged to count as the first screen
#   BENCH_QUIET_PCT=25    before each launch, wait (up to BENCH_QUIET_WAIT_S=300 s) until the machine's CPUs are
#                         busy less than this over one second
#   BENCH_MAX_FOREIGN_PCT=20, BENCH_RETRIES=3
#                         a launch during which processes other than the benchmark's used more than this much CPU
#                         (percent of one core) is measured again, up to BENCH_RETRIES times; the figure is recorded
#   BENCH_APP_ENV="A=1 B=2"  extra environment for both apps, e.g. WEBKIT_DISABLE_COMPOSITING_MODE=1 (WebKit without
#                         GL compositing, which is slow with Xvfb's software GL and a cold shader cache)
#   BENCH_SAME_WEBKIT=1   also measure hello+ (the baseline with Lifeboat's WEBKIT_* settings); 0 to skip
#   BENCH_SKIP_BUILD=1    measure the binaries already built
#   CARGO_TARGET_DIR      shared by both builds (default: target/ of this repository)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'bench-desktop: %s\n' "$*" >&2; exit 1; }

RUNS=${BENCH_RUNS:-5}
WARMUP=${BENCH_WARMUP:-1}
IDLE_S=${BENCH_IDLE_S:-5}
SETTLE_MS=${BENCH_SETTLE_MS:-1000}
QUIET_PCT=${BENCH_QUIET_PCT:-25}
QUIET_WAIT_S=${BENCH_QUIET_WAIT_S:-300}
MAX_FOREIGN_PCT=${BENCH_MAX_FOREIGN_PCT:-20}
RETRIES=${BENCH_RETRIES:-3}
SAME_WEBKIT=${BENCH_SAME_WEBKIT:-1}
TARGET_START=1.1
TARGET_MEM=1.1
TARGET_DEB_MB=10
TARGET_DIR=${CARGO_TARGET_DIR:-target}
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
export CARGO_TARGET_DIR="$TARGET_DIR"

# ----------------------------------------------------------------------------------------------------------------
# Inside the display and the D-Bus session: the measurements (the script calls itself with --measure).
# ----------------------------------------------------------------------------------------------------------------

# All descendants of a pid (from the ppid column of ps), the pid itself first.
tree_pids() {
  local root=$1
  ps -e -o pid= -o ppid= | awk -v root="$root" '
    { parent[$1] = $2; pids[NR] = $1 }
    END {
      inside[root] = 1; print root
      do {
        added = 0
        for (i in pids) { p = pids[i]; if (!(p in inside) && (parent[p] in inside)) { inside[p] = 1; print p; added = 1 } }
      } while (added)
    }'
}

# "PSS_KiB RSS_KiB COUNT NAMES" summed over the tree of a pid, from /proc/<pid>/smaps_rollup.
tree_memory() {
  local pss=0 rss=0 count=0 names="" pid p r
  for pid in $(tree_pids "$1"); do
    [ -r "/proc/$pid/smaps_rollup" ] || continue
    p=$(awk '/^Pss:/ { print $2; exit }' "/proc/$pid/smaps_rollup" 2>/dev/null || true)
    r=$(awk '/^Rss:/ { print $2; exit }' "/proc/$pid/smaps_rollup" 2>/dev/null || true)
    [ -n "$p" ] && [ -n "$r" ] || continue   # a kernel thread or a process that just ended
    pss=$((pss + p)); rss=$((rss + r)); count=$((count + 1))
    names+="$(tr ' ' _ <"/proc/$pid/comm" 2>/dev/null || echo '?'):$((p / 1024))M,"
  done
  echo "$pss $rss $count ${names%,}"
}

# How many processes outside the tree of a pid map WebKitGTK. PSS splits each shared page between all the
# processes that map it, so another WebKit app running at the same time (a test, a browser) lowers our PSS.
foreign_webkit() {
  local tree f pid n=0
  tree=" $(tree_pids "$1" | tr '\n' ' ') "
  for f in /proc/[0-9]*/maps; do
    pid=${f#/proc/}; pid=${pid%/maps}
    case "$tree" in *" $pid "*) continue ;; esac
    grep -q libwebkit2gtk "$f" 2>/dev/null && n=$((n + 1))
  done
  echo "$n"
}

# Stops an app and everything it started: SIGTERM to the app, then SIGKILL to whatever is left after 5 s.
stop_tree() {
  local pid=$1 pids left i
  pids=$(tree_pids "$pid")
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 50); do
    left=""
    for p in $pids; do
      state=$(awk '{ sub(/.*\) /, ""); print substr($0, 1, 1) }' "/proc/$p/stat" 2>/dev/null || true)
      [ -n "$state" ] && [ "$state" != Z ] && left+=" $p"
    done
    [ -z "$left" ] && break
    sleep 0.1
  done
  # shellcheck disable=SC2086
  [ -n "$left" ] && { echo "   (killing what did not stop:$left)" >&2; kill -KILL $left 2>/dev/null || true; }
  wait "$pid" 2>/dev/null || true
}

# How busy all CPUs were over the next second, in percent (from /proc/stat; iowait counts as idle).
cpu_busy() {
  local a b
  a=$(head -1 /proc/stat); sleep 1; b=$(head -1 /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN {
    n = split(a, x); split(b, y); total = 0
    for (i = 2; i <= 9 && i <= n; i++) total += y[i] - x[i]   # user..steal (guest is inside user)
    idle = (y[5] - x[5]) + (y[6] - x[6])
    printf "%.0f", (total > 0) ? 100 * (total - idle) / total : 0 }'
}

# Waits until the machine is quiet (other builds and tests disturb the start times); prints the last busyness.
wait_quiet() {
  local busy waited=0
  busy=$(cpu_busy)
  while [ "$busy" -ge "$QUIET_PCT" ] && [ "$waited" -lt "$QUIET_WAIT_S" ]; do
    [ "$waited" -eq 0 ] && echo "   waiting for a quiet machine (CPUs ${busy}% busy; other work running?)" >&2
    sleep 4; waited=$((waited + 5)); busy=$(cpu_busy)
  done
  echo "$busy"
}

# Busy jiffies of the whole machine so far (user..steal of /proc/stat's first line; steal = another VM ran).
# Interrupt time (irq, softirq) is left out: it belongs to no process, and the app's own work causes most of it.
machine_jiffies() { awk 'NR == 1 { print $2 + $3 + $4 + $9; exit }' /proc/stat; }

# Every process's CPU jiffies so far ("pid ppid jiffies comm"), children already reaped included.
cpu_snapshot() {
  cat /proc/[0-9]*/stat 2>/dev/null | awk 'NF {
    pid = $1; comm = $0; sub(/^[0-9]+ \(/, "", comm); sub(/\) [^)]*$/, "", comm); gsub(/ /, "_", comm)
    rest = $0; sub(/.*\) /, "", rest); split(rest, f, " ")
    print pid, f[2], f[12] + f[13] + f[14] + f[15], comm }'
}

# From two snapshots (files) and the machine's busy jiffies before and after: the jiffies used by processes other
# than the benchmark's own (everything under the outer script: xvfb-run, Xvfb, D-Bus and what it started, this
# script, winwatch, the apps), then the three biggest of them as "comm:jiffies".
foreign_cpu() {
  awk -v root="$BENCH_OUTER_PID" -v machine="$(($4 - $3))" '
    NR == FNR { before[$1] = $3; next }
    { parent[$1] = $2; now[$1] = $3; comm[$1] = $4; pids[++n] = $1 }
    END {
      inside[root] = 1
      do { added = 0; for (i = 1; i <= n; i++) { p = pids[i]; if (!(p in inside) && (parent[p] in inside)) { inside[p] = 1; added = 1 } } } while (added)
      ours = 0
      for (i = 1; i <= n; i++) {
        p = pids[i]; d = now[p] - ((p in before) ? before[p] : 0); if (d < 0) d = 0
        if (p in inside) ours += d; else if (d > 0) other[p] = d
      }
      foreign = machine - ours; if (foreign < 0) foreign = 0
      top = ""
      for (k = 1; k <= 3; k++) {
        best = ""; for (p in other) if (best == "" || other[p] > other[best]) best = p
        if (best == "") break
        top = top (top == "" ? "" : ",") comm[best] ":" other[best]; delete other[best]
      }
      print foreign, (top == "" ? "-" : top)
    }' "$1" "$2"
}

# CPU milliseconds an app used to reach its first screen, from a snapshot: "app_ms webkit_ms" (webkit_ms: all its
# descendants, the WebKit processes).
app_cpu() {
  awk -v root="$2" -v hz="$(getconf CLK_TCK)" '
    { parent[$1] = $2; used[$1] = $3; pids[++n] = $1 }
    END {
      inside[root] = 1
      do { added = 0; for (i = 1; i <= n; i++) { p = pids[i]; if (!(p in inside) && (parent[p] in inside)) { inside[p] = 1; added = 1 } } } while (added)
      kids = 0; for (p in inside) if (p != root) kids += used[p]
      printf "%.0f %.0f\n", 1000 * used[root] / hz, 1000 * kids / hz
    }' "$1"
}

# One launch: prints "start_ms window_ms paint_ms cpu_app_ms cpu_webkit_ms foreign_cpu_pct top_foreign foreign_webkit
# pss_kib rss_kib processes names";
# fails when something could not be measured. foreign_cpu_pct: CPU that processes other than the benchmark's
# used while the app started, in percent of one core (other work on the machine disturbs the start time).
measure_once() {
  local name=$1 bin=$2 title=$3 shot=$4 app_env=${5:-} scratch pid t0 watch start window paint mem foreign waited=0
  local machine0 machine1 foreign_cpu others t1 cpu_app cpu_web
  wait_quiet >/dev/null
  scratch=$(mktemp -d "$BENCH_SCRATCH/$name.XXXX")
  mkdir -p "$scratch/data" "$scratch/config" "$scratch/cache"
  # Cold: fresh data, config and cache folders each time (WebKit's caches included), the real user data untouched.
  machine0=$(machine_jiffies); cpu_snapshot >"$scratch/cpu0"
  t0=$EPOCHREALTIME
  env XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache" \
    LIFEBOAT_BOOK="$scratch/accounts.json" LIFEBOAT_LANG=en ${BENCH_APP_ENV:-} $app_env "$bin" >"$scratch/app.log" 2>&1 &
  pid=$!
  if ! watch=$("$WINWATCH" --pid "$pid" --t0 "$t0" --title "$title" --settle "$SETTLE_MS" --timeout 60000 \
    ${shot:+--shot "$shot"}); then
    echo "   $name: no first screen; its log:" >&2; sed 's/^/     /' "$scratch/app.log" | tail -20 >&2
    stop_tree "$pid"; return 1
  fi
  machine1=$(machine_jiffies); t1=$EPOCHREALTIME; cpu_snapshot >"$scratch/cpu1"
  [ "$name" = lifeboat ] && [ ! -e "$BENCH_WEBKIT_ENV_FILE" ] && webkit_env_of "$pid" >"$BENCH_WEBKIT_ENV_FILE"
  read -r foreign_cpu others < <(foreign_cpu "$scratch/cpu0" "$scratch/cpu1" "$machine0" "$machine1")
  read -r cpu_app cpu_web < <(app_cpu "$scratch/cpu1" "$pid")
  # In percent of one core over the launch.
  foreign_cpu=$(awk -v j="$foreign_cpu" -v hz="$(getconf CLK_TCK)" -v t0="$t0" -v t1="$t1" \
    'BEGIN { printf "%.0f", 100 * j / hz / (t1 - t0) }')
  start=$(sed -n 's/.*start_ms=\([0-9.]*\).*/\1/p' <<<"$watch")
  window=$(sed -n 's/.*window_ms=\([0-9.]*\).*/\1/p' <<<"$watch")
  paint=$(sed -n 's/.*paint_ms=\([0-9.]*\).*/\1/p' <<<"$watch")
  sleep "$IDLE_S"
  # Read the memory only while no other WebKit process runs on the machine (or after waiting too long).
  foreign=$(foreign_webkit "$pid")
  while [ "$foreign" -gt 0 ] && [ "$waited" -lt "$QUIET_WAIT_S" ]; do
    [ "$waited" -eq 0 ] && echo "   waiting for $foreign other WebKit process(es) on the machine to end" >&2
    sleep 5; waited=$((waited + 5)); foreign=$(foreign_webkit "$pid")
  done
  if ! kill -0 "$pid" 2>/dev/null; then echo "   $name exited while idle" >&2; return 1; fi
  mem=$(tree_memory "$pid")
  stop_tree "$pid"
  rm -rf "$scratch"
  echo "$start $window $paint $cpu_app $cpu_web $foreign_cpu $others $foreign $mem"
}

# The WEBKIT_* variables in the environment of the web process under a pid (what Lifeboat set for WebKit, plus
# BENCH_APP_ENV), as "NAME=value" words on one line.
webkit_env_of() {
  local pid
  for pid in $(tree_pids "$1"); do
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = WebKitWebProces ] || continue
    tr '\0' '\n' <"/proc/$pid/environ" | grep '^WEBKIT_' | tr '\n' ' '
    return 0
  done
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

measure_all() {
  BENCH_SCRATCH=$(mktemp -d)
  export BENCH_SCRATCH
  # Throw-away HOME and runtime folder for everything started here (WebKit, gnome-keyring).
  export HOME="$BENCH_SCRATCH/home" XDG_RUNTIME_DIR="$BENCH_SCRATCH/runtime"
  mkdir -p "$HOME" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
  # Lifeboat may use the Secret Service: an unlocked gnome-keyring on this private session bus. It is not a child
  # of either app, so it never counts in their memory.
  printf '%s' bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || true

  # hello+ is the baseline again, started with the WEBKIT_* environment that Lifeboat's first launch gave its web
  # process (read then into BENCH_WEBKIT_ENV_FILE; Lifeboat always goes first).
  local -a names=(lifeboat hello hello+) bins=("$LIFEBOAT_BIN" "$HELLO_BIN" "$HELLO_BIN") titles=(Lifeboat "Hello Tauri" "Hello Tauri")
  local i k order line failed=0 apps="0 1"
  BENCH_WEBKIT_ENV_FILE="$BENCH_SCRATCH/lifeboat-webkit.env"
  export BENCH_WEBKIT_ENV_FILE
  [ "$SAME_WEBKIT" = 1 ] && apps="0 1 2"
  app_env() { [ "$1" = 2 ] && cat "$BENCH_WEBKIT_ENV_FILE"; }
  if [ "$WARMUP" -gt 0 ]; then
    say "Warm-up: $WARMUP untimed launch(es) of each"
    for i in $(seq "$WARMUP"); do
      for k in $apps; do
        measure_once "${names[$k]}" "${bins[$k]}" "${titles[$k]}" "" "$(app_env "$k")" >/dev/null || failed=1
      done
    done
  fi
  printf 'app\trun\tstart_ms\tpss_kib\trss_kib\tprocesses\tother_cpu_pct\tother_webkit\twindow_ms\tpaint_ms\tpss_by_process\tother_cpu_top\tcpu_app_ms\tcpu_webkit_ms\n' \
    >"$RESULTS/runs.tsv"
  for i in $(seq "$RUNS"); do
    # Alternate, and reverse the order every round (Lifeboat first in the first round).
    if [ $((i % 2)) -eq 1 ]; then order=$apps; else order=$(tr ' ' '\n' <<<"$apps" | tac | tr '\n' ' '); fi
    for k in $order; do
      local shot="" attempt=0 ok=0
      [ "$i" -eq 1 ] && shot="$RESULTS/${names[$k]}-first-screen.ppm"
      # A launch during which other work used the CPUs is measured again (up to BENCH_RETRIES times).
      while [ "$attempt" -le "$RETRIES" ]; do
        attempt=$((attempt + 1))
        if ! line=$(measure_once "${names[$k]}" "${bins[$k]}" "${titles[$k]}" "$shot" "$(app_env "$k")"); then
          ok=0; break
        fi
        ok=1
        read -r start window paint cpu_app cpu_web fcpu others foreign pss rss count procs <<<"$line"
        [ "$fcpu" -le "$MAX_FOREIGN_PCT" ] && break
        [ "$attempt" -le "$RETRIES" ] &&
          printf '   run %d %-8s disturbed (start %.0f ms while other work used %s%% of a core: %s): again\n' \
            "$i" "${names[$k]}" "$start" "$fcpu" "$others" >&2
      done
      if [ "$ok" -eq 1 ]; then
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "${names[$k]}" "$i" "$start" "$pss" "$rss" \
          "$count" "$fcpu" "$foreign" "$window" "$paint" "$procs" "$others" "$cpu_app" "$cpu_web" >>"$RESULTS/runs.tsv"
        printf '   run %d %-8s start %5.0f ms (window %4.0f, 1st paint %5.0f; CPU app %4s + WebKit %4s ms)  PSS %5.1f MiB  RSS %5.1f MiB  %s  [other work %s%%]\n' \
          "$i" "${names[$k]}" "$start" "$window" "$paint" "$cpu_app" "$cpu_web" "$(awk -v k="$pss" 'BEGIN { print k / 1024 }')" \
          "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$procs" "$fcpu" >&2
      else
        echo "   run $i ${names[$k]}: could not be measured" >&2; failed=1
      fi
    done
  done
  [ "$SAME_WEBKIT" = 1 ] && cp "$BENCH_WEBKIT_ENV_FILE" "$RESULTS/lifeboat-webkit.env"
  rm -rf "$BENCH_SCRATCH"
  return "$failed"
}

if [ "${1:-}" = "--measure" ]; then
  measure_all
  exit $?
fi

# ----------------------------------------------------------------------------------------------------------------
# Outside: tools, builds, then the measurements under Xvfb + D-Bus, then the report.
# ----------------------------------------------------------------------------------------------------------------

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
missing=()
need() { # need COMMAND-OR-FILE DEBIAN-PACKAGE
  if [ "${1#/}" != "$1" ]; then [ -e "$1" ] || missing+=("$2"); else command -v "$1" >/dev/null || missing+=("$2"); fi
}
need xvfb-run xvfb
need xauth xauth
need dbus-run-session dbus
need gnome-keyring-daemon gnome-keyring
need gcc build-essential
need /usr/include/X11/Xlib.h libx11-dev
need /usr/include/X11/extensions/XShm.h libxext-dev
need /usr/bin/convert imagemagick    # the first-screen pictures, PPM -> PNG (/usr/local/bin/convert may be a stand-in)
need pkg-config pkg-config
need dpkg-deb dpkg
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  dpkg-query -W -f='${Status}' libwebkit2gtk-4.1-dev 2>/dev/null | grep -q "install ok installed" || missing+=(libwebkit2gtk-4.1-dev)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  say "Installing missing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
TAURI="$ROOT/ui/node_modules/.bin/tauri"
if [ ! -x "$TAURI" ]; then
  say "Installing the UI's npm packages (the Tauri CLI is one of them)"
  (cd ui && npm ci)
fi

LIFEBOAT_BIN="$TARGET_DIR/release/lifeboat-desktop"
HELLO_BIN="$TARGET_DIR/release/hello-tauri"
DEB_DIR="$TARGET_DIR/release/bundle/deb"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  say "Building Lifeboat in release with its .deb (tauri build --bundles deb; target dir $TARGET_DIR)"
  rm -f "$DEB_DIR"/Lifeboat_*.deb
  "$TAURI" build --bundles deb
  say "Building the hello-world baseline the same way (bench/hello-tauri)"
  # Same dependency versions as Lifeboat; cargo then drops the entries the baseline does not use.
  cp Cargo.lock bench/hello-tauri/Cargo.lock
  (cd bench/hello-tauri && "$TAURI" build --bundles deb)
fi
[ -x "$LIFEBOAT_BIN" ] || die "no $LIFEBOAT_BIN"
[ -x "$HELLO_BIN" ] || die "no $HELLO_BIN"
LIFEBOAT_DEB=$(ls -t "$DEB_DIR"/Lifeboat_*.deb 2>/dev/null | head -1 || true)
HELLO_DEB=$(ls -t "$DEB_DIR"/Hello\ Tauri_*.deb 2>/dev/null | head -1 || true)
[ -n "$LIFEBOAT_DEB" ] || die "no Lifeboat .deb in $DEB_DIR"

WINWATCH="$TARGET_DIR/bench/winwatch"
mkdir -p "$TARGET_DIR/bench"
if [ ! -x "$WINWATCH" ] || [ bench/winwatch.c -nt "$WINWATCH" ]; then
  gcc -O2 -Wall -o "$WINWATCH" bench/winwatch.c -lX11 -lXext
fi

RESULTS="$TARGET_DIR/bench/desktop-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RESULTS"
BENCH_OUTER_PID=$$
export LIFEBOAT_BIN HELLO_BIN WINWATCH RESULTS RUNS WARMUP IDLE_S SETTLE_MS QUIET_PCT QUIET_WAIT_S MAX_FOREIGN_PCT RETRIES \
  BENCH_OUTER_PID SAME_WEBKIT

say "Measuring: $RUNS launch(es) of each, alternately, under Xvfb (1280x800x24) and a private D-Bus session"
status=0
unset DBUS_SESSION_BUS_ADDRESS
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- "$ROOT/scripts/bench-desktop.sh" --measure || status=$?
for ppm in "$RESULTS"/*.ppm; do
  [ -e "$ppm" ] && /usr/bin/convert "$ppm" "${ppm%.ppm}.png" && rm -f "$ppm"
done

# ----------------------------------------------------------------------------------------------------------------
# Report.
# ----------------------------------------------------------------------------------------------------------------
col() { awk -F'\t' -v app="$1" -v c="$2" '$1 == app { print $c }' "$RESULTS/runs.tsv"; }
count() { col "$1" 3 | grep -c . || true; }
mb() { awk -v b="$1" 'BEGIN { printf "%.2f", b / 1000000 }'; }
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t) ? "PASS" : "OVER" }'; }

if [ "$(count lifeboat)" -eq 0 ] || [ "$(count hello)" -eq 0 ]; then
  echo "bench-desktop: not enough measurements (see above); nothing to compare" >&2
  exit 1
fi
DEB_BYTES=$(stat -c %s "$LIFEBOAT_DEB")
range() { col "$1" "$2" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.0f-%.0f", lo, hi }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }' || echo "-"; }
# The measured apps: hello+ only when it ran.
APPS="lifeboat hello"
[ "$(count hello+)" -gt 0 ] && APPS="lifeboat hello hello+"
# One line per figure: the median of each app in column C (scaled by UNIT: ms or MiB), the ratios Lifeboat/hello and
# Lifeboat/hello+, and, with a TARGET, the verdict: PASS only when every ratio is within it.
figure() { # LABEL COLUMN UNIT [TARGET]
  local label=$1 c=$2 unit=$3 target=${4:-} app v l="" cells="" ratios="" worst=0 r
  for app in lifeboat hello hello+; do
    v=""
    case " $APPS " in *" $app "*) v=$(col "$app" "$c" | median) ;; esac
    [ "$app" = lifeboat ] && l=$v
    if [ -z "$v" ]; then cells+=$(printf ' %12s' "-")
    elif [ "$unit" = MiB ]; then cells+=$(printf ' %8s MiB' "$(mib "$v")")
    else cells+=$(printf ' %9.0f ms' "$v"); fi
    if [ "$app" != lifeboat ]; then
      r=$(ratio "$l" "$v"); ratios+=$(printf ' %7s' "$r")
      [ "$r" != "-" ] && worst=$(awk -v a="${r%x}" -v b="$worst" 'BEGIN { print (a > b) ? a : b }')
    fi
  done
  if [ -n "$target" ]; then
    printf '  %-34s%s%s %7sx  %s\n' "$label" "$cells" "$ratios" "$target" "$(verdict "$worst" "$target")"
  else
    printf '  %-34s%s%s\n' "$label" "$cells" "$ratios"
  fi
}

{
  echo
  echo "Desktop benchmarks ($(count lifeboat) + $(count hello)$([ "$(count hello+)" -gt 0 ] && echo " + $(count hello+)") runs, medians; $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
  [ -n "${BENCH_APP_ENV:-}" ] && echo "  apps started with: $BENCH_APP_ENV"
  case " $APPS " in *" hello+ "*)
    echo "  hello+ = hello started with the WebKit settings Lifeboat's web process had: $(cat "$RESULTS/lifeboat-webkit.env" 2>/dev/null || true)" ;;
  esac
  printf '  %-34s %12s %12s %12s %7s %7s %8s  %s\n' "" "Lifeboat" "hello" "hello+" "/hello" "/hello+" "target" "verdict"
  figure "cold start to the first screen" 3 ms "$TARGET_START"
  printf '  %-34s %12s %12s %12s\n' "  (min-max)" "$(range lifeboat 3) ms" "$(range hello 3) ms" \
    "$([ "$(count hello+)" -gt 0 ] && echo "$(range hello+ 3) ms" || echo -)"
  figure "  (window mapped)" 9 ms
  figure "  (first non-blank paint)" 10 ms
  figure "  (CPU used by then: app)" 13 ms
  figure "  (CPU used by then: WebKit)" 14 ms
  figure "idle memory, PSS of process tree" 4 MiB "$TARGET_MEM"
  figure "  (for reference: RSS sum)" 5 MiB
  printf '  %-34s %9s MB %12s %28s %5s MB  %s\n' ".deb size ($(basename "$LIFEBOAT_DEB"))" "$(mb "$DEB_BYTES")" \
    "${HELLO_DEB:+$(mb "$(stat -c %s "$HELLO_DEB")") MB}" "" "$TARGET_DEB_MB" \
    "$(awk -v b="$DEB_BYTES" -v t="$TARGET_DEB_MB" 'BEGIN { print (b <= t * 1000000) ? "PASS" : "OVER" }')"
  printf '  %-34s %9s MB %9s MB\n' "release binary" "$(mb "$(stat -c %s "$LIFEBOAT_BIN")")" "$(mb "$(stat -c %s "$HELLO_BIN")")"
  # shellcheck disable=SC2086
  busiest=$(for app in $APPS; do col "$app" 7; done | sort -g | tail -1)
  # shellcheck disable=SC2086
  foreign=$(for app in $APPS; do col "$app" 8; done | sort -g | tail -1)
  if [ "$busiest" -gt "$MAX_FOREIGN_PCT" ]; then
    echo "  WARNING: during some launches other work on the machine used up to ${busiest}% of a core (more than"
    echo "           ${MAX_FOREIGN_PCT}% even after retries): the start times are unreliable; run again on a quiet machine."
  fi
  if [ "$foreign" -gt 0 ]; then
    echo "  WARNING: some memory readings were taken while other WebKit processes ran (they share pages and lower"
    echo "           PSS): the memory figures are unreliable; run again on a quiet machine."
  fi
  echo "  every run: $RESULTS/runs.tsv; first screens: $RESULTS/*.png"
} | tee "$RESULTS/summary.txt"

if [ "$status" -ne 0 ]; then
  echo "bench-desktop: some runs could not be measured (see above)" >&2
  exit 1
fi
