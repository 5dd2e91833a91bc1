#!/usr/bin/env bash
# The tools the system tests drive, from Debian (never downloaded by npm, which would need
# the internet): Chromium for the dashboard's browser tests (through playwright-core), and
# poppler's pdftoppm/pdftotext to render the monthly PDF report and read its text layer.
# Safe to run repeatedly.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
chromium --version
pdftoppm -v 2>&1 | sed -n 1p
