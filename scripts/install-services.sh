#!/usr/bin/env bash
# What the tests and the tools need beside Python, from the distribution's packages when
# missing: redis-server (the shared crawl frontier of distributed crawls) and headless
# Chromium with a CJK font (`zhnews report` is checked and photographed in a real browser;
# without the font its Chinese renders as boxes). The tests start their own redis-server
# on a free loopback port, never the system one.
set -euo pipefail

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "noto sans cjk" || missing+=(fonts-noto-cjk)

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "missing: ${missing[*]}: run sudo $0, or apt-get install ${missing[*]}" >&2
        exit 2
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
redis-server --version
