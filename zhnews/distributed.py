"""``--dask ADDRESS`` and ``--redis URL``: a command's work spread over several processes and machines."""

from __future__ import annotations

import argparse
from concurrent.futures import Executor
from contextlib import AbstractContextManager, nullcontext

from corpus.cluster import DaskExecutor
from zhnews.run_command import OperatorError


def add_dask_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dask", metavar="ADDRESS",
        help="run extraction and cleaning on the workers of this Dask scheduler (tcp://HOST:8786); "
        "the rows written are the same as on one machine",
    )


def cluster(address: str | None) -> AbstractContextManager[Executor | None]:
    """The Dask cluster's executor, or None (local worker processes) without an address."""
    return DaskExecutor(address) if address else nullcontext()


def dask_settings(address: str | None) -> dict:
    """The crawler's settings for ``--dask`` (its ProcessPipeline submits to the cluster),
    once the scheduler has answered here: an address that is wrong is an operator error
    before the crawl, not a reject for every article."""
    if address is None:
        return {}
    DaskExecutor(address).shutdown()
    return {"ZHNEWS_DASK": address}


def redis_settings(url: str | None) -> dict:
    """Join the shared frontier at ``url`` (crawler.frontier); a Redis that does not answer is an operator error."""
    if url is None:
        return {}
    import redis

    from crawler.frontier import frontier_settings  # the crawler's: imported by crawls only

    try:
        return frontier_settings(url)
    except (redis.RedisError, ValueError) as error:
        raise OperatorError(f"no Redis at {url}: {error}") from None
