#!/usr/bin/env bash
# Installs the Debian packages wirewatch needs when they are missing.
#
#   scripts/deps.sh          what the build and tests need (libsystemd-dev, libxml2-dev,
#                            pkg-config, python3)
#   scripts/deps.sh test     that, plus what the tests start (postgresql for a throwaway server,
#                            iproute2 for network namespaces as hosts); also for bench
set -euo pipefail
missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
# The tests check wirewatch's CSV, GraphML and GEXF with Python's csv and xml modules.
python3 -c 'import csv, json, xml.etree.ElementTree' >/dev/null 2>&1 || missing+=(python3)
if ! pkg-config --exists libsystemd 2>/dev/null; then missing+=(libsystemd-dev); fi
if ! pkg-config --exists libxml-2.0 2>/dev/null; then missing+=(libxml2-dev); fi
# Release builds link GCC's static libstdc++ (link/libstdc++.so names it); Swift's own dependencies
# bring it, so this only matters on a machine set up some other way.
case "$(clang -print-file-name=libstdc++.a 2>/dev/null)" in /*) ;; *) missing+=(libstdc++-12-dev) ;; esac
if [ "${1:-}" = test ] || [ "${1:-}" = bench ]; then
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && command -v psql >/dev/null 2>&1 || missing+=(postgresql)
  command -v ip >/dev/null 2>&1 || [ -x /sbin/ip ] || missing+=(iproute2)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "wirewatch: installing missing Debian packages: ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "wirewatch: need root to install ${missing[*]}; run: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
# The tests make their own throwaway clusters: no system-wide cluster on port 5432 is wanted.
if [[ " ${missing[*]} " == *" postgresql "* ]] && [ ! -e /etc/postgresql-common/createcluster.conf ]; then
  $SUDO mkdir -p /etc/postgresql-common
  echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.conf >/dev/null
fi
$SUDO apt-get install -y "${missing[@]}" >/dev/null 2>&1 || {
  $SUDO apt-get update >/dev/null
  $SUDO apt-get install -y "${missing[@]}"
}
