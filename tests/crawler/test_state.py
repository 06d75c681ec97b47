"""The crawl state store: what is queued, what is done, with which validators."""

from __future__ import annotations

from crawler.state import DONE, FAILED, QUEUED, Finished, StateStore, state_path

A = "https://www.jfdaily.com/news/detail?id=1"
B = "https://www.jfdaily.com/news/detail?id=2"


def test_state_lives_in_the_dataset(tmp_path):
    store = StateStore.for_dataset(tmp_path / "ds")
    store.close()
    assert state_path(tmp_path / "ds") == tmp_path / "ds" / "state" / "crawl.sqlite"
    assert state_path(tmp_path / "ds").is_file()


def test_discovered_articles_are_pending_until_finished(tmp_path):
    store = StateStore(tmp_path / "s.sqlite")
    assert store.discover(A, "jfdaily") and store.discover(B, "jfdaily")
    assert not store.discover(A, "jfdaily")  # known already
    assert store.pending("jfdaily") == [A, B]
    assert store.pending("other") == []
    store.finish([Finished(A, DONE, '"e1"', "Mon, 01 Jan 2024 00:00:00 GMT", "h1", "id1")])
    assert store.pending("jfdaily") == [B]
    assert store.counts("jfdaily") == {DONE: 1, QUEUED: 1}


def test_state_survives_reopening(tmp_path):
    store = StateStore(tmp_path / "s.sqlite")
    store.discover(A, "jfdaily")
    store.finish([Finished(A, DONE, '"e1"', None, "h1", "id1")])
    store.close()
    again = StateStore(tmp_path / "s.sqlite")
    known = again.get(A)
    assert (known.status, known.etag, known.content_hash, known.doc_id) == (DONE, '"e1"', "h1", "id1")
    assert again.get(B) is None


def test_a_failure_keeps_the_validators_of_the_last_good_fetch(tmp_path):
    store = StateStore(tmp_path / "s.sqlite")
    store.discover(A, "jfdaily")
    store.finish([Finished(A, DONE, '"e1"', "Mon, 01 Jan 2024 00:00:00 GMT", "h1", "id1")])
    store.finish([Finished(A, FAILED, detail="http-500")])
    known = store.get(A)
    assert (known.status, known.detail, known.etag, known.content_hash) == (FAILED, "http-500", '"e1"', "h1")
    store.confirm(A)  # a later 304
    assert store.get(A).status == DONE and store.get(A).detail is None


def test_a_changed_article_gets_its_new_validators(tmp_path):
    store = StateStore(tmp_path / "s.sqlite")
    store.discover(A, "jfdaily")
    store.finish([Finished(A, DONE, '"e1"', None, "h1", "id1")])
    store.finish([Finished(A, DONE, '"e2"', None, "h2", "id1")])
    assert (store.get(A).etag, store.get(A).content_hash) == ('"e2"', "h2")
