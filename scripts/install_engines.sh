#!/usr/bin/env bash
# PostgreSQL and Redis from Debian's packages, for the scale-out test (two Rasa instances on one
# tracker store and one lock store). The test starts its own throwaway servers on loopback; this
# only makes sure the programs are there. Needs root (CI) or installs nothing and says so.
set -euo pipefail
have_postgres() { ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1; }
have_redis() { command -v redis-server > /dev/null 2>&1; }
if have_postgres && have_redis; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "PostgreSQL and/or Redis are missing; install the Debian packages postgresql and redis-server (needs root)." >&2
  exit 0
fi
mkdir -p var/log
echo "Installing PostgreSQL and Redis from Debian's packages (log: var/log/engines.log)..."
export DEBIAN_FRONTEND=noninteractive
{ apt-get update -qq && apt-get install -y -qq postgresql redis-server; } > var/log/engines.log 2>&1 \
  || { echo "FAILED: installing postgresql/redis-server; last lines of var/log/engines.log:"; tail -n 20 var/log/engines.log; exit 1; }
