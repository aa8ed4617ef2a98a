#!/usr/bin/env bash
# Installs the named Debian packages that are missing (Chromium for the browser tests,
# PostgreSQL and Redis for the scale-out test). Installs only as root (CI); elsewhere it says
# what is missing and leaves it to you.
set -euo pipefail
missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "Missing Debian packages: ${missing[*]} (install them as root for the browser and scale-out tests)." >&2
  exit 0
fi
mkdir -p var/log
echo "Installing ${missing[*]} from Debian's packages (log: var/log/debian.log)..."
export DEBIAN_FRONTEND=noninteractive
{ apt-get update -qq && apt-get install -y -qq "${missing[@]}"; } > var/log/debian.log 2>&1 \
  || { echo "FAILED: installing ${missing[*]}; last lines of var/log/debian.log:"; tail -n 20 var/log/debian.log; exit 1; }
