"""DNS rebinding: a host checked as public when the request is made, private when it is
connected to, is refused at the connection; the private server never hears of it."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# tests/crawler/rebinding_resolver.py, which the crawl process imports by this name.
RESOLVER = "tests.crawler.rebinding_resolver.RebindingResolver"
REBINDING_HOST = "rebind.test"


def test_a_host_that_rebinds_to_a_private_address_is_never_connected_to(tmp_path, crawls, monkeypatch):
    heard: list[str] = []

    class Private(BaseHTTPRequestHandler):
        def do_GET(self):
            heard.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write("<html><body><p>内网管理页面</p></body></html>".encode())

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Private)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "rebind.toml").write_text(
        f'name = "rebind"\ntitle = "rebinding"\ndomains = ["{REBINDING_HOST}"]\n'
        f'start_urls = ["http://{REBINDING_HOST}:{port}/news/1.html"]\n'
        "article_patterns = ['^/news/\\d+\\.html$']\nlist_patterns = ['^/$']\n",
        encoding="utf-8",
    )
    dataset = tmp_path / "dataset"
    monkeypatch.setenv("ZHNEWS_PROFILES", str(profiles))
    try:
        crawls.run(dataset, site="rebind", settings={"TWISTED_DNS_RESOLVER": RESOLVER, "ROBOTSTXT_OBEY": False})
    finally:
        server.shutdown()
        server.server_close()
    assert heard == []
    assert [r["url"] for r in crawls.rows(dataset, "rejects")] == [f"http://{REBINDING_HOST}:{port}/news/1.html"]
