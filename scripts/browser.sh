#!/bin/sh
# Chromium and chromedriver for the browser tests, from the system's packages (Debian: chromium,
# chromium-driver). Installed when missing and this runs as root (or with password-less sudo); otherwise
# the browser tests skip and name the packages. Never fails the build by itself.
set -u
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "browser tests: no apt-get here; install Chromium and chromedriver to run them" >&2
    exit 0
fi
if [ "$(id -u)" = 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root="sudo -n"
else
    echo "browser tests: run 'apt-get install chromium chromium-driver' as root to run them" >&2
    exit 0
fi
echo "browser tests: installing chromium and chromium-driver"
if $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
    $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        chromium chromium-driver >/dev/null; then
    exit 0
fi
echo "browser tests: chromium could not be installed; they will be skipped" >&2
exit 0
