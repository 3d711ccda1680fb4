#!/usr/bin/env bash
# make reliability: build wirewatchd, wirewatch and wirewatch-reliability (release), run the full
# reliability suite against the real daemon, and record the table in docs/RELIABILITY.md.
#
#   scripts/reliability.sh                 full suite, rewrites the "last full run" part of the doc
#   scripts/reliability.sh --quick         the short form (as in make test); the doc is left alone
#   scripts/reliability.sh --only crash    some scenarios (crash,flood,hostile,inbox,disk)
#
# Environment: SCRATCH (build folder, default .build), CONFIG (release or debug, default release).
# Run it as root for every scenario: the full-disk case mounts a tmpfs, the unreadable-file case
# runs the daemon as nobody through setpriv. Without root those rows say SKIP.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
SCRATCH=${SCRATCH:-.build}
CONFIG=${CONFIG:-release}

for product in wirewatchd wirewatch wirewatch-full wirewatch-reliability; do
  # A retry covers sources edited while the build ran (a shared checkout).
  for attempt in 1 2 3; do
    if "$SWIFT" build -c "$CONFIG" --scratch-path "$SCRATCH" --product "$product" >&2; then break; fi
    [ "$attempt" -eq 3 ] && { echo "reliability: building $product failed" >&2; exit 2; }
    sleep 5
  done
done
BIN=$("$SWIFT" build -c "$CONFIG" --scratch-path "$SCRATCH" --show-bin-path)

out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
"$BIN/wirewatch-reliability" --daemon "$BIN/wirewatchd" --wirewatch "$BIN/wirewatch" "$@" | tee "$out" || status=$?

if [ "$#" -eq 0 ]; then
  doc=docs/RELIABILITY.md
  mkdir -p docs
  {
    echo "<!-- last-run:begin (rewritten by scripts/reliability.sh) -->"
    echo "## Last full run"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- Sources 2>/dev/null || echo ' (with uncommitted changes in Sources)')"
    echo "- machine: $(uname -srm), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"), $("$SWIFT" --version 2>/dev/null | head -1)"
    echo "- user: $(id -un)$([ "$(id -u)" -eq 0 ] && echo ' (root: tmpfs and setpriv cases run)')"
    echo "- command: \`make reliability\` (= \`scripts/reliability.sh\`; $CONFIG build), exit status $status"
    echo
    cat "$out"
    echo "<!-- last-run:end -->"
  } > "$out.section"
  if [ -f "$doc" ] && grep -q 'last-run:begin' "$doc"; then
    awk -v section="$out.section" '
      /last-run:begin/ { while ((getline line < section) > 0) print line; skip = 1; next }
      /last-run:end/ { skip = 0; next }
      !skip { print }' "$doc" > "$doc.new"
    mv "$doc.new" "$doc"
  else
    cat "$out.section" >> "$doc"
  fi
  rm -f "$out.section"
  echo "reliability: table written to $doc" >&2
fi
exit "$status"
