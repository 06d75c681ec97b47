"""Serve the replica sites on 127.0.0.1, one ephemeral port per site.

Every request reads the site folder again, so a test can add or change an article
file and the next request (list, sitemap, feed, article) sees it.

    python -m crawler.replicas.server [--root DIR] [--site NAME ...]
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
import traceback
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit
from typing import Iterator

from corpus.lifetime import STOP_SIGNALS, stop_signals_blocked
from crawler.replicas.feeds import robots_allow
from crawler.replicas.routes import Response, respond
from crawler.replicas.site import load_site

REPLICAS_DIR = Path(__file__).parent / "sites"
# Portals in the styles of the big government CMSs (TRS WCM, 大汉 JCMS, 方正 e-paper,
# app-style), with information pages, soft 404s and summary lists: sites no profile
# knows, for `zhnews crawl --url` (issue #10). Kept apart from REPLICAS_DIR until the
# spider decides page types; then they join the crawl tests.
PORTALS_DIR = Path(__file__).parent / "portals"


def site_names(root: Path) -> list[str]:
    return sorted(p.parent.name for p in root.glob("*/site.toml"))


def root_relative(url: str) -> str:
    """A crawled document's URL as ``expected_articles`` names it: path and query, on any origin."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def expected_articles(root: Path, site: str) -> set[str]:
    """Root-relative URLs of the articles a correct crawl of ``site`` keeps: first pages
    only, robots-allowed, on-topic, not shadowed by a redirect or an error page. Lists
    and plain pages are not articles in the site data, so they never appear here."""
    replica = load_site(Path(root) / site)
    shadowed = {r["from"] for r in replica.config.get("redirect", [])} | {
        e["url"] for e in replica.config.get("error", [])
    }
    return {
        a.url
        for a in replica.articles
        if not a.offtopic and a.url not in shadowed and robots_allow(replica, a.url)
    }


def expected_not_articles(root: Path, site: str) -> dict[str, str]:
    """Root-relative URLs of the HTML pages a crawl reaches, gets with status 200 and must
    keep out of the dataset's documents, each with its kind: ``list`` (the home page,
    every list page, a ``[[page]]`` of ``kind = "list"``), ``info`` (any other
    ``[[page]]``: an information page) or ``error`` (a soft 404: ``kind = "soft404"``).
    Traps (a calendar's endless days, print copies, attachments) are not here: a crawl
    must not fetch them at all."""
    replica = load_site(Path(root) / site)
    pages: dict[str, str] = {"/": "list"} if replica.lists else {}
    for lst in replica.lists:
        pages.update({lst.url_of(n): "list" for n in range(1, lst.page_count + 1)})
    for page in replica.config.get("page", []):
        kind = page.get("kind", "info")
        pages[page["url"]] = "error" if kind == "soft404" else kind
    return pages


def _handler_for(folder: Path) -> type[BaseHTTPRequestHandler]:
    class ReplicaHandler(BaseHTTPRequestHandler):
        def version_string(self) -> str:
            return "nginx"

        def do_GET(self) -> None:
            self._answer(send_body=True)

        def do_HEAD(self) -> None:
            self._answer(send_body=False)

        def _answer(self, send_body: bool) -> None:
            origin = f"http://{self.headers.get('Host') or '%s:%d' % self.server.server_address[:2]}"
            try:
                response = respond(load_site(folder), self.path, origin, self.headers)
            except Exception:  # a broken data file: answer 500 and say why on stderr
                traceback.print_exc()
                response = Response(500, [("Content-Type", "text/plain; charset=utf-8")], b"replica error")
            time.sleep(response.delay)
            self.send_response(response.status)
            for name, value in response.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if send_body:
                self.wfile.write(response.body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # tests and crawls would drown in access lines

    return ReplicaHandler


@contextmanager
def _serve_one(folder: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(folder))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name=f"replica-{folder.name}", daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def serve_replicas(root: Path = REPLICAS_DIR, sites: list[str] | None = None) -> Iterator[dict[str, str]]:
    """Serve ``sites`` (all sites under ``root`` by default); yields ``{site: origin}``."""
    names = sites or site_names(Path(root))
    missing = [name for name in names if not (Path(root) / name / "site.toml").is_file()]
    if missing:
        raise FileNotFoundError(f"no replica site {missing} under {root}")
    with ExitStack() as stack:
        yield {name: stack.enter_context(_serve_one(Path(root) / name)) for name in names}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the replica sites on 127.0.0.1.")
    parser.add_argument("--root", type=Path, default=REPLICAS_DIR, help="folder of site folders")
    parser.add_argument("--site", nargs="+", help="only these sites")
    args = parser.parse_args(argv)
    # Waited for, not handled: a server started with SIGINT ignored (a background job of a
    # non-interactive shell) would never see its KeyboardInterrupt, while a blocked signal
    # stays pending whatever its disposition. Blocked before the server threads start, so
    # that they inherit the mask and none of them takes it.
    with stop_signals_blocked():
        with serve_replicas(args.root, args.site) as origins:
            print(json.dumps(origins, indent=2), flush=True)
            signal.sigwait(STOP_SIGNALS)
    print("stopped", file=sys.stderr)


if __name__ == "__main__":
    main()
