#!/usr/bin/env bash
# The dashboard's browser tests drive Debian's Chromium through playwright-core (never a
# browser downloaded by Playwright, which would need the internet). Safe to run repeatedly.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v chromium >/dev/null 2>&1; then
  echo "chromium: not installed; installing Debian's chromium"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
chromium --version
