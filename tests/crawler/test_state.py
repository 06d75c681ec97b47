"""The crawl state store: what is queued, what is done, with which validators, how often
processing failed. Every behaviour holds for both stores: the SQLite file under the
dataset and the frontier's real Redis (``zhnews crawl --redis``)."""

from __future__ import annotations

import sqlite3
import threading

import pytest
import redis

from crawler.state import (
    DONE, FAILED, QUEUED, RETRY, Finished, RedisStateStore, SqliteStateStore, StateStore, state_path,
)

A = "https://www.jfdaily.com/news/detail?id=1"
B = "https://www.jfdaily.com/news/detail?id=2"


@pytest.fixture(params=["sqlite", "redis"])
def reopen(request, tmp_path):
    """A function opening the same store again (a new process's view of it)."""
    if request.param == "sqlite":
        return lambda: SqliteStateStore(tmp_path / "s.sqlite")
    url = request.getfixturevalue("redis_url")
    return lambda: RedisStateStore(redis.Redis.from_url(url))


@pytest.fixture
def store(reopen):
    opened = reopen()
    yield opened
    opened.close()


def test_state_lives_in_the_dataset(tmp_path):
    store = StateStore.for_dataset(tmp_path / "ds")
    store.close()
    assert state_path(tmp_path / "ds") == tmp_path / "ds" / "state" / "crawl.sqlite"
    assert state_path(tmp_path / "ds").is_file()


def test_discovered_articles_are_pending_until_finished(store):
    assert store.discover(A, "jfdaily") and store.discover(B, "jfdaily")
    assert not store.discover(A, "jfdaily")  # known already
    assert store.pending("jfdaily") == [A, B]
    assert store.pending("other") == []
    store.finish([Finished(A, DONE, '"e1"', "Mon, 01 Jan 2024 00:00:00 GMT", "h1", "id1")])
    assert store.pending("jfdaily") == [B]
    assert store.counts("jfdaily") == {DONE: 1, QUEUED: 1}
    store.discover("https://other.example/a", "other")
    assert store.counts() == {DONE: 1, QUEUED: 2}


def test_state_survives_reopening(store, reopen):
    store.discover(A, "jfdaily")
    store.finish([Finished(A, DONE, '"e1"', None, "h1", "id1")])
    store.close()
    again = reopen()
    known = again.get(A)
    assert (known.status, known.etag, known.last_modified, known.content_hash, known.doc_id) == (
        DONE, '"e1"', None, "h1", "id1")
    assert again.get(B) is None
    again.close()


def test_a_failure_keeps_the_validators_of_the_last_good_fetch(store):
    store.discover(A, "jfdaily")
    store.finish([Finished(A, DONE, '"e1"', "Mon, 01 Jan 2024 00:00:00 GMT", "h1", "id1")])
    store.finish([Finished(A, FAILED, detail="http-500")])
    known = store.get(A)
    assert (known.status, known.detail, known.etag, known.content_hash) == (FAILED, "http-500", '"e1"', "h1")
    store.confirm(A)  # a later 304
    assert store.get(A).status == DONE and store.get(A).detail is None
    assert store.counts("jfdaily") == {DONE: 1}


def test_a_changed_article_gets_its_new_validators(store):
    store.discover(A, "jfdaily")
    store.finish([Finished(A, DONE, '"e1"', "Mon, 01 Jan 2024 00:00:00 GMT", "h1", "id1")])
    store.finish([Finished(A, DONE, '"e2"', None, "h2", "id1")])
    assert (store.get(A).etag, store.get(A).last_modified, store.get(A).content_hash) == ('"e2"', None, "h2")


def test_failed_processing_counts_attempts_until_the_article_is_done(store):
    store.discover(A, "jfdaily")
    store.discover(B, "jfdaily")
    store.finish([Finished(A, RETRY, detail="processing-error")])
    store.finish([Finished(A, RETRY, detail="worker-died"), Finished(B, DONE, doc_id="id2")])
    known = store.get(A)
    assert (known.status, known.attempts, known.detail) == (RETRY, 2, "worker-died")
    assert store.retrying("jfdaily") == [A] and store.pending("jfdaily") == []
    store.finish([Finished(A, DONE, '"e1"', None, "h1", "id1")])
    assert (store.get(A).status, store.get(A).attempts) == (DONE, 0)
    assert store.retrying("jfdaily") == []


def test_finishing_an_unknown_article_records_nothing(store):
    store.finish([Finished(A, DONE, doc_id="id1")])
    assert store.get(A) is None and store.counts() == {}


def test_stores_racing_to_discover_an_article_queue_it_once(reopen):
    stores = [reopen() for _ in range(4)]
    won: list[bool] = []
    barrier = threading.Barrier(len(stores))

    def discover(store: StateStore) -> None:
        barrier.wait()
        won.extend(store.discover(f"{A}&n={n}", "jfdaily") for n in range(50))

    threads = [threading.Thread(target=discover, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert won.count(True) == 50
    assert stores[0].counts("jfdaily") == {QUEUED: 50}
    for store in stores:
        store.close()


def test_a_store_of_a_version_without_attempts_is_brought_up_to_date(tmp_path):
    path = tmp_path / "s.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE articles (url TEXT PRIMARY KEY, site TEXT NOT NULL, status TEXT NOT NULL,"
                   " etag TEXT, last_modified TEXT, content_hash TEXT, doc_id TEXT, detail TEXT,"
                   " first_seen TEXT NOT NULL, updated TEXT NOT NULL)")
        db.execute("INSERT INTO articles VALUES (?, 'jfdaily', 'done', '\"e1\"', NULL, 'h1', 'id1', NULL, 't', 't')",
                   (A,))
    db.close()
    store = SqliteStateStore(path)
    assert (store.get(A).etag, store.get(A).attempts) == ('"e1"', 0)
    store.finish([Finished(A, RETRY, detail="processing-error")])
    assert store.get(A).attempts == 1
    store.close()
