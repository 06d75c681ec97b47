"""`make demo`: the main job on the embedded default, start to finish, nothing by hand.

Serves every replica site on 127.0.0.1, crawls them all (the profiled sites by their
profiles, the one without a profile from its start URL), writes output/demo/ under the
current folder (the repository, from `make demo`; never the installed package's folder),
prints the summary and stops the servers. Run it again and it fetches only what changed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from crawler.profiles import generic_profile, load_profiles
from crawler.replicas.server import serve_replicas
from crawler.runner import run_crawl
from zhnews.cli import crawl_log_settings, report_crawl
from zhnews.run_command import RunReport

OUTPUT = Path("output") / "demo"
UNPROFILED_SITE = "generic"
# The site without a profile stands for a real host, as the profiled replicas do, so that
# its documents keep their ids from one demo run (and one port) to the next.
UNPROFILED_START_URL = "http://www.county.example.gov.cn/"


def run() -> int:
    profiles = load_profiles()
    with serve_replicas() as origins:
        print("replica sites:", ", ".join(f"{site} {origin}" for site, origin in sorted(origins.items())))
        profiled = [p for p in profiles if p.name in origins]
        generic = generic_profile(UNPROFILED_START_URL)
        origin = {p.name: origins[p.name] for p in profiled} | {generic.name: origins[UNPROFILED_SITE]}
        summary = run_crawl(
            [*profiled, generic], OUTPUT, origin=origin, settings_overrides=crawl_log_settings(verbose=False),
        )
    return report_crawl(summary, OUTPUT, RunReport(OUTPUT))


if __name__ == "__main__":  # the crawl's worker processes import __main__
    sys.exit(run())
