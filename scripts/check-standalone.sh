#!/usr/bin/env bash
# Fails when a tracked file refers to a path outside the repository. A person who clones Lifeboat has only the
# repository: a test that reads a folder beside the clone, or a doc that sends the reader there, breaks for them.
#
# Every relative path (`../…`) in a tracked text file is resolved from the places a reader or a tool resolves it:
#   - the file's own folder (includes, imports, Markdown links);
#   - for Rust, the crate's folder too (`env!("CARGO_MANIFEST_DIR")` paths and `cargo` run from there), except in a
#     `#[path = "…"]` attribute, which rustc reads from the file's folder;
#   - for shell scripts, make files, CI and prose in Markdown, the repository's root too (they run from there,
#     and prose names paths from there).
# A path that climbs above the repository's root from any of them is reported with its file and line.
#
#   scripts/check-standalone.sh [DIR]   check the git checkout DIR (default: this one)
set -euo pipefail

root=$(git -C "${1:-$(dirname "$0")/..}" rev-parse --show-toplevel)
cd "$root"

# The nearest folder at or above $1 (a folder inside the repository) that holds a Cargo.toml.
crate_dir() {
  local dir=$1
  while [ "$dir" != "." ] && [ ! -f "$dir/Cargo.toml" ]; do dir=$(dirname "$dir"); done
  printf '%s' "$dir"
}

# Whether the path $2, read from the folder $1 (relative to the root), stays inside the repository.
stays_inside() {
  local resolved
  resolved=$(realpath -m --relative-to="$root" "$root/$1/$2")
  [ "$resolved" != ".." ] && [[ "$resolved" != ../* ]]
}

found=0
while IFS= read -r -d '' file; do
  [ -f "$file" ] || continue
  grep -Iq . "$file" 2>/dev/null || continue # binary or empty
  dir=$(dirname "$file")
  # Markdown link targets are read from the file's folder only; other paths in prose from the root as well.
  while IFS= read -r hit; do
    line=${hit%%:*}
    rest=${hit#*:}
    path=${rest#*\](}
    bases=("$dir")
    if [ "$path" = "$rest" ]; then
      case "$file" in
        # rustc reads `#[path = "…"]` from the file's own folder only.
        *.rs) grep -qE '^\s*#\[path' <<<"$(sed -n "${line}p" "$file")" || bases+=("$(crate_dir "$dir")") ;;
        *.md | *.sh | Makefile | */Makefile | .ci/*) bases+=(".") ;;
      esac
    fi
    for base in "${bases[@]}"; do
      if ! stays_inside "$base" "$path"; then
        printf '%s:%s: %s leaves the repository (read from %s/)\n' "$file" "$line" "$path" "$base"
        found=1
        break
      fi
    done
  done < <(grep -noE '(\]\()?(\.\./)+[A-Za-z0-9_.-]*[A-Za-z0-9_-]' "$file" || true)
done < <(git ls-files -z)

if [ "$found" -ne 0 ]; then
  echo "check-standalone: the files above refer to paths outside the repository; copy what they need into it." >&2
  exit 1
fi
echo "check-standalone: every tracked path stays inside the repository"
