#!/usr/bin/env bash
# Install zhnews as a systemd service on this machine: user zhnews, the package in
# /opt/zhnews/.venv, the corpus in /srv/zhnews/corpus, a crawl every six hours.
#   sudo scripts/install-systemd.sh            # from the repository root
# Settings then go in /etc/zhnews/crawl.env (ZHNEWS_SITES, ZHNEWS_DATASET, ZHNEWS_OPTIONS).
set -euo pipefail
cd "$(dirname "$0")/.."

id zhnews >/dev/null 2>&1 || useradd --system --home-dir /srv/zhnews --shell /usr/sbin/nologin zhnews
install -d -o zhnews -g zhnews /srv/zhnews /srv/zhnews/corpus
install -d /etc/zhnews
[ -e /etc/zhnews/crawl.env ] || printf '# ZHNEWS_SITES=jfdaily cnxz\n# ZHNEWS_OPTIONS=--redis redis://10.0.0.5:6379/0\n' > /etc/zhnews/crawl.env

python3.11 -m venv /opt/zhnews/.venv
/opt/zhnews/.venv/bin/pip install -q --upgrade pip
/opt/zhnews/.venv/bin/pip install -q .

install -m 644 deploy/systemd/zhnews-crawl.service deploy/systemd/zhnews-crawl.timer /etc/systemd/system/
systemctl daemon-reload
systemctl enable --now zhnews-crawl.timer
systemctl list-timers zhnews-crawl.timer
