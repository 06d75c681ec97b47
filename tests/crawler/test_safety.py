"""A hostile site: bombs, huge and slow pages, redirects into private networks and odd schemes."""

from __future__ import annotations

import gzip
import ipaddress
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawler.middlewares import is_public
from crawler.state import QUEUED, StateStore

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "documents"

BOMB = gzip.compress(b"\0" * (20 * 1024 * 1024))  # 20 MiB of zeros, about 20 KiB on the wire
MAX_SIZE = 1024 * 1024


def _article_html(seed: str) -> bytes:
    title, *paragraphs = [p for p in (SEEDS / seed).read_text(encoding="utf-8").split("\n\n") if p.strip()]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>".encode()


# path -> (status, headers, body, delay)
def _routes(port: int) -> dict[str, tuple[int, dict[str, str], bytes, float]]:
    html = {"Content-Type": "text/html; charset=utf-8"}
    links = "".join(f'<li><a href="/2023/0424/{n}.html">第{n}条新闻</a></li>' for n in (*range(1, 10), 11))
    links += '<li><a href="/zwgk/notice.html">通知公告</a></li>'  # no article-shaped URL
    return {
        "/": (200, html, f"<html><body><ul>{links}</ul></body></html>".encode(), 0),
        "/2023/0424/1.html": (200, {**html, "Content-Encoding": "gzip"}, BOMB, 0),
        "/2023/0424/2.html": (302, {"Location": "file:///etc/passwd"}, b"", 0),
        "/2023/0424/3.html": (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b"", 0),
        "/2023/0424/4.html": (200, html, b"<html><body>" + b"x" * (3 * MAX_SIZE) + b"</body></html>", 0),
        "/2023/0424/5.html": (302, {"Location": f"http://localhost:{port}/2023/0424/6.html"}, b"", 0),
        "/2023/0424/6.html": (200, html, _article_html("004_38cb36e30ac65805.txt"), 0),
        "/2023/0424/7.html": (302, {"Location": "http://127.0.0.1:1/admin/"}, b"", 0),
        "/2023/0424/8.html": (200, html, _article_html("004_38cb36e30ac65805.txt"), 3.0),
        # A redirect loop: 9 -> 10 -> 9; 10 is linked from nowhere.
        "/2023/0424/9.html": (302, {"Location": "/2023/0424/10.html"}, b"", 0),
        "/2023/0424/10.html": (302, {"Location": "/2023/0424/9.html"}, b"", 0),
        "/2023/0424/11.html": (
            200, html, b'<html><head><meta http-equiv="refresh" content="0; url=http://evil.example/">'
            b"</head><body>moved</body></html>", 0,
        ),
        "/zwgk/notice.html": (200, html, _article_html("000_336819406d011aa4.txt"), 0),
    }


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        pass  # the crawler hangs up on bombs and huge pages: expected, not worth a traceback


@contextmanager
def hostile_site():
    server = QuietServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    routes = _routes(port)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            status, headers, body, delay = routes.get(self.path, (404, {}, b"not found", 0))
            time.sleep(delay)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server.RequestHandlerClass = Handler
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory, crawls):
    dataset = tmp_path_factory.mktemp("hostile") / "dataset"
    with hostile_site() as origin:
        crawls.run(dataset, url=origin + "/", settings={"DOWNLOAD_MAXSIZE": MAX_SIZE, "DOWNLOAD_TIMEOUT": 1})
    rejects = {crawls.root_relative(r["url"]): r for r in crawls.rows(dataset, "rejects")}
    return dataset, rejects


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/2023/0424/1.html", "too-large"),  # a gzip bomb: stopped while inflating
        ("/2023/0424/2.html", "refused-scheme"),
        ("/2023/0424/3.html", "refused-redirect"),  # cloud metadata address, off the site
        ("/2023/0424/4.html", "too-large"),
        ("/2023/0424/5.html", "refused-redirect"),  # another host name
        ("/2023/0424/7.html", "refused-address"),  # loopback, but not the port the user gave
        ("/2023/0424/8.html", "timeout"),
        ("/2023/0424/9.html", "redirect-loop"),
        ("/2023/0424/11.html", "refused-redirect"),  # a meta refresh off the site
    ],
)
def test_hostile_pages_become_rejects_with_their_reason(hostile_crawl, path, reason):
    _, rejects = hostile_crawl
    assert rejects[path]["reason"] == reason, rejects[path]["detail"]


def test_no_article_of_a_hostile_site_is_left_queued(hostile_crawl):
    dataset, _ = hostile_crawl
    state = StateStore.for_dataset(dataset)
    try:
        assert state.counts().get(QUEUED, 0) == 0
    finally:
        state.close()


def test_the_honest_articles_of_a_hostile_site_are_kept(hostile_crawl, crawls):
    dataset, rejects = hostile_crawl
    # notice.html by its page structure: without a profile, a long text with few links.
    assert sorted(crawls.doc_paths(dataset)) == ["/2023/0424/6.html", "/zwgk/notice.html"]
    assert "/robots.txt" not in rejects  # read for sitemaps; missing is normal
    assert not any(r["url"].endswith(("1.html", "4.html")) for r in crawls.rows(dataset, "raw"))


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("10.0.0.1", False), ("192.168.1.1", False), ("172.16.0.1", False), ("127.0.0.1", False),
        ("169.254.169.254", False), ("0.0.0.0", False), ("224.0.0.1", False), ("::1", False),
        ("fe80::1", False), ("::ffff:10.0.0.1", False), ("fc00::1", False),
        ("8.8.8.8", True), ("202.96.209.5", True), ("2400:3200::1", True),
    ],
)
def test_is_public(address, public):
    assert is_public(ipaddress.ip_address(address)) is public


def test_a_host_that_does_not_resolve_is_a_dns_reject(tmp_path, crawls):
    dataset = tmp_path / "dataset"
    crawls.run(dataset, url="http://no-such-host.invalid/news/", settings={"DNS_TIMEOUT": 5})  # RFC 6761
    reasons = {crawls.root_relative(r["url"]): r["reason"] for r in crawls.rows(dataset, "rejects")}
    assert reasons["/news/"] == "dns"
    assert crawls.rows(dataset, "docs") == []
