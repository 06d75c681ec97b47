#!/usr/bin/env bash
# The services that distributed crawls and their tests need on this machine: redis-server
# (the shared crawl frontier). Installed from the distribution's packages when missing;
# the tests start their own redis-server on a free loopback port, never the system one.
set -euo pipefail

if ! command -v redis-server >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "redis-server is missing: run sudo $0, or install it (apt-get install redis-server)" >&2
        exit 2
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
redis-server --version
