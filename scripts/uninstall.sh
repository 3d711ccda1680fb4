#!/usr/bin/env bash
# Removes what scripts/install.sh installed (same PREFIX, DESTDIR, SYSCONFDIR), as listed in
# $PREFIX/share/wirewatch/install-manifest. /etc/wirewatch/wirewatch.conf is removed only when
# it is unchanged from the shipped example; the store (/var/lib/wirewatch) and the inbox are
# data and are never touched.
set -euo pipefail
PREFIX="${PREFIX:-/usr/local}"
PREFIX="${PREFIX%/}"
DESTDIR="${DESTDIR:-}"
SYSCONFDIR="${SYSCONFDIR:-/etc}"
datadir="$PREFIX/share/wirewatch"
manifest="$DESTDIR$datadir/install-manifest"
confdir="$SYSCONFDIR/wirewatch"
docdir="$PREFIX/share/doc/wirewatch"

if [ -z "$DESTDIR" ] && [ -d /run/systemd/system ]; then
  systemctl disable --now wirewatch.service 2>/dev/null || true
fi

if [ ! -f "$manifest" ]; then
  echo "uninstall.sh: no $manifest; nothing installed under ${DESTDIR}${PREFIX}" >&2
  exit 0
fi

conf="$DESTDIR$confdir/wirewatch.conf"
if [ -f "$conf" ]; then
  if cmp -s "$conf" "$DESTDIR$docdir/examples/wirewatch.conf"; then
    rm -f "$conf"
  else
    echo "uninstall.sh: keeping $confdir/wirewatch.conf (edited); remove it by hand if unwanted" >&2
  fi
fi

while IFS= read -r path; do
  [ -n "$path" ] || continue
  rm -f "$DESTDIR$path"
done < "$manifest"
# Only wirewatch's own folders, and only when empty (shared ones like share/man stay).
for d in "$docdir/examples" "$docdir" "$datadir" "$confdir"; do
  rmdir "$DESTDIR$d" 2>/dev/null || true
done

if [ -z "$DESTDIR" ] && [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi
echo "wirewatch removed from ${DESTDIR}${PREFIX}."
