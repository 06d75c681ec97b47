"""A real redis-server, on a free loopback port, for the tests of what lives in Redis: the shared
crawl frontier (tests/ops) and the article state (tests/crawler/test_state.py)."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis

# The tests stop what they start with Ctrl-C (SIGINT), as a user would. A test run started in
# the background by a non-interactive shell (`make test &`, some CI runners) inherits SIGINT
# ignored, and so would every process it starts: a stop that never comes. Handled here, it is
# back to its default in them (exec resets a handled signal, not an ignored one).
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    server_binary = shutil.which("redis-server")
    assert server_binary, "redis-server is missing: scripts/install-services.sh installs it (make test runs it)"
    port = free_port()
    server = subprocess.Popen(
        [server_binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                assert server.poll() is None and time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
