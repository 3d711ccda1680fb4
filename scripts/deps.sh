#!/usr/bin/env bash
# Installs the Debian packages the build and tests need when they are missing (libsystemd-dev,
# libxml2-dev, pkg-config, python3).
set -euo pipefail
missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
# The tests check wirewatch's CSV, GraphML and GEXF with Python's csv and xml modules.
python3 -c 'import csv, json, xml.etree.ElementTree' >/dev/null 2>&1 || missing+=(python3)
if ! pkg-config --exists libsystemd 2>/dev/null; then missing+=(libsystemd-dev); fi
if ! pkg-config --exists libxml-2.0 2>/dev/null; then missing+=(libxml2-dev); fi
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
$SUDO apt-get install -y "${missing[@]}" >/dev/null 2>&1 || {
  $SUDO apt-get update >/dev/null
  $SUDO apt-get install -y "${missing[@]}"
}
