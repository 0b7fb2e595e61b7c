"""The SQLite store: one row per release and per item, idempotent upserts, queryable columns."""

from __future__ import annotations

import copy
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mirps_nlp.batch import run_batch
from mirps_nlp.records import Release
from mirps_nlp.store import ReleaseStore


def sample_record(release_id: str = "0123456789abcdef") -> dict[str, Any]:
    """A record with one item of every kind, validated against the schema."""
    record = {
        "id": release_id,
        "source": {"path": "a.txt", "publisher": "OAS", "reference": "E-002/24"},
        "title": "Panama hands over the MIRPS Pro Tempore Presidency",
        "published": "2024-01-24",
        "actors": [
            {"id": "country:PAN", "kind": "country", "name": "Panama", "iso3": "PAN",
             "mentions": [{"start": 0, "end": 6, "text": "Panama"}]},
            {"id": "person:ana-lopez", "kind": "person", "name": "Ana Lopez",
             "title": "Minister of Government", "affiliation": "country:PAN", "mentions": []},
        ],
        "quotes": [{"text": "We will continue.", "speaker": "person:ana-lopez", "speaker_name": "Ana Lopez",
                    "cue": "said", "start": 10, "end": 30, "sentence": 1}],
        "figures": [
            {"text": "more than 1.8 million people", "value": 1800000, "qualifier": "more_than",
             "counted": "people", "category": "displaced_people", "start": 40, "end": 68, "sentence": 2},
            {"text": "150 commitments", "value": 150, "category": "commitments",
             "start": 70, "end": 85, "sentence": 2},
        ],
        "chair_transfers": [{"body": "MIRPS", "office": "pro_tempore_presidency", "from": "country:PAN",
                             "to": "country:GTM", "term": "2024", "status": "completed",
                             "date": "2024-01-24", "start": 90, "end": 120, "sentence": 3}],
        "chair_terms": [{"body": "MIRPS", "office": "pro_tempore_presidency", "holder": "country:GTM",
                         "term": "2024", "status": "incoming", "start": 90, "end": 120, "sentence": 3}],
        "meetings": [{"name": "VI Annual Meeting of the MIRPS", "ordinal": 6, "body": "MIRPS",
                      "place": "Panama City", "start": 130, "end": 160, "sentence": 4}],
        "documents": [{"name": "Panama City Declaration", "kind": "declaration", "action": "agreed",
                       "start": 170, "end": 193, "sentence": 5}],
        "warnings": ["an example warning"],
    }
    return Release.model_validate(record).to_json_dict()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ReleaseStore]:
    with ReleaseStore(tmp_path / "store.sqlite") as opened:
        yield opened


def test_one_row_per_release_and_item(store: ReleaseStore) -> None:
    store.upsert(sample_record())
    store.commit()
    assert store.counts() == {
        "releases": 1, "copies": 1, "actors": 2, "quotes": 1, "figures": 2, "chair_transfers": 1,
        "chair_terms": 1, "meetings": 1, "documents": 1,
    }


def test_upserts_are_idempotent(store: ReleaseStore) -> None:
    for _ in range(3):
        store.upsert_many([sample_record(), sample_record("fedcba9876543210")])
    assert store.counts()["releases"] == 2 and store.counts()["figures"] == 4


def test_an_upsert_replaces_the_items_of_a_changed_release(store: ReleaseStore) -> None:
    store.upsert_many([sample_record()])
    changed = copy.deepcopy(sample_record())
    changed["figures"] = changed["figures"][:1]
    changed["title"] = "A corrected title"
    store.upsert_many([changed])
    assert store.counts()["figures"] == 1
    assert store.query("SELECT title FROM releases") == [("A corrected title",)]


def test_contract_fields_are_columns(store: ReleaseStore) -> None:
    store.upsert_many([sample_record()])
    assert store.query("SELECT name, affiliation FROM actors WHERE kind = 'person'") == [
        ("Ana Lopez", "country:PAN")
    ]
    transfers = store.query('SELECT "from", "to", term FROM chair_transfers')
    assert transfers == [("country:PAN", "country:GTM", "2024")]
    assert store.query("SELECT value, qualifier FROM figures ORDER BY idx") == [
        (1800000.0, "more_than"), (150.0, None)
    ]
    assert store.query("SELECT publisher, reference, n_figures FROM releases") == [("OAS", "E-002/24", 2)]
    # A reader can open the file while the store is in use (WAL).
    with sqlite3.connect(store.path) as reader:
        assert reader.execute("SELECT COUNT(*) FROM quotes").fetchone() == (1,)


def test_a_failed_transaction_rolls_back(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    with pytest.raises(RuntimeError), ReleaseStore(path) as store:
        store.upsert(sample_record())
        raise RuntimeError
    with ReleaseStore(path) as store:
        assert store.counts()["releases"] == 0


def test_a_store_of_another_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version=99")
    with pytest.raises(ValueError, match="version 99"):
        ReleaseStore(path)


def test_batch_twice_gives_the_same_rows(tmp_path: Path) -> None:
    from test_batch import write_archive

    archive = write_archive(tmp_path / "in", good=6, bad=False)
    store_path = tmp_path / "shared.sqlite"
    run_batch([archive], tmp_path / "a.jsonl", store=store_path)
    with ReleaseStore(store_path) as store:
        first = store.counts()
    run_batch([archive], tmp_path / "b.jsonl", store=store_path)  # another output, same store
    with ReleaseStore(store_path) as store:
        assert store.counts() == first and first["releases"] == 6
