#!/usr/bin/env bash
# Installs the browser the explorer's browser tests drive: Debian's chromium.
#
# Playwright's own browser download cannot work on machines whose only outside access is the
# package registries, so the tests drive the distribution's chromium through playwright-core
# instead. Idempotent: does nothing when /usr/bin/chromium is already there.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  echo "chromium is installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: $CHROMIUM is missing and apt-get is not available; install Debian's chromium by hand." >&2
  exit 1
fi

# apt-get needs root; use sudo only when we are not root already (CI and dev machines run as root).
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "install-browser: installing chromium needs root (run: sudo apt-get install chromium)." >&2
    exit 1
  fi
fi

echo "install-browser: installing Debian's chromium (apt-get update first, for a fresh package list)"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null

if [ ! -x "$CHROMIUM" ]; then
  echo "install-browser: apt-get finished but $CHROMIUM is still missing." >&2
  exit 1
fi
echo "chromium is installed: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
