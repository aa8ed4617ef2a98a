#!/usr/bin/env bash
# Debian's Chromium for the widget's browser tests (driven by playwright-core; no browser
# download). Installs only as root (CI); elsewhere says what is missing.
set -euo pipefail
if [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "Chromium is missing; install the Debian package chromium (needs root) for the browser tests." >&2
  exit 0
fi
mkdir -p var/log
echo "Installing Chromium from Debian's packages (log: var/log/browser.log)..."
export DEBIAN_FRONTEND=noninteractive
{ apt-get update -qq && apt-get install -y -qq chromium; } > var/log/browser.log 2>&1 \
  || { echo "FAILED: installing chromium; last lines of var/log/browser.log:"; tail -n 20 var/log/browser.log; exit 1; }
