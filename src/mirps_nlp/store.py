"""The embedded default store: release records in SQLite (stdlib), ready for SQL.

One row per release in ``releases`` and one row per extracted item in ``actors``,
``quotes``, ``figures``, ``chair_transfers``, ``chair_terms``, ``meetings`` and
``documents``, each keyed by ``release_id``. The contract fields get their own columns
(so ``SELECT name FROM actors WHERE kind = 'person'`` just works); every row also keeps the
item's full JSON in ``data`` so fields added to the schema later are never lost.

Upserts are idempotent: storing a release replaces its row and all of its items in one
transaction, so running the same batch twice leaves exactly the same rows.

>>> with ReleaseStore("out/mirps.sqlite") as store:  # doctest: +SKIP
...     store.upsert(release.to_json_dict())
...     store.commit()
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

#: Bumped when the tables change shape; an older file is refused with a clear message.
STORE_VERSION = 1

# (table, record key, columns taken from each item). "idx" is the item's position in the record.
ITEM_TABLES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("quotes", "quotes", (
        "text", "speaker", "speaker_name", "speaker_title", "speaker_affiliation", "cue",
        "start", "end", "sentence",
    )),
    ("figures", "figures", (
        "text", "value", "qualifier", "counted", "category", "unit", "scope", "start", "end", "sentence",
    )),
    ("chair_transfers", "chair_transfers", (
        "body", "office", "from", "to", "term", "status", "date", "start", "end", "sentence",
    )),
    ("chair_terms", "chair_terms", (
        "body", "office", "holder", "term", "status", "start", "end", "sentence",
    )),
    ("meetings", "meetings", ("name", "ordinal", "body", "place", "date", "start", "end", "sentence")),
    ("documents", "documents", ("name", "kind", "action", "start", "end", "sentence")),
)
ACTOR_COLUMNS: tuple[str, ...] = ("kind", "name", "iso3", "acronym", "title", "affiliation")

_COLUMN_TYPES: dict[str, str] = {
    "value": "REAL", "start": "INTEGER", "end": "INTEGER", "sentence": "INTEGER", "ordinal": "INTEGER",
}


def _quote(name: str) -> str:
    """Column names such as ``from``, ``to`` and ``end`` are SQL keywords."""
    return '"' + name.replace('"', '""') + '"'


def _schema() -> list[str]:
    statements = [
        """CREATE TABLE IF NOT EXISTS releases (
            id TEXT PRIMARY KEY,
            schema_version TEXT NOT NULL,
            title TEXT, published TEXT, language TEXT,
            source_path TEXT, source_url TEXT, publisher TEXT, reference TEXT, syndicated_by TEXT,
            n_actors INTEGER, n_quotes INTEGER, n_figures INTEGER, n_chair_transfers INTEGER,
            n_chair_terms INTEGER, n_meetings INTEGER, n_documents INTEGER,
            warnings TEXT NOT NULL,
            data TEXT NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS actors (
            release_id TEXT NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            actor_id TEXT NOT NULL,
            kind TEXT, name TEXT, iso3 TEXT, acronym TEXT, title TEXT, affiliation TEXT,
            roles TEXT, n_mentions INTEGER, data TEXT NOT NULL,
            PRIMARY KEY (release_id, actor_id)
        )""",
        "CREATE INDEX IF NOT EXISTS actors_by_actor ON actors(actor_id)",
        "CREATE INDEX IF NOT EXISTS releases_by_published ON releases(published)",
    ]
    for table, _key, columns in ITEM_TABLES:
        cols = ", ".join(f"{_quote(c)} {_COLUMN_TYPES.get(c, 'TEXT')}" for c in columns)
        statements.append(
            f"""CREATE TABLE IF NOT EXISTS {table} (
                release_id TEXT NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
                idx INTEGER NOT NULL, {cols}, data TEXT NOT NULL,
                PRIMARY KEY (release_id, idx)
            )"""
        )
    statements.append("CREATE INDEX IF NOT EXISTS chair_transfers_by_body ON chair_transfers(body)")
    statements.append("CREATE INDEX IF NOT EXISTS quotes_by_speaker ON quotes(speaker)")
    return statements


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class ReleaseStore:
    """A SQLite file of releases; writes are grouped into transactions by :meth:`commit`.

    WAL journal mode lets readers query the file while a batch is still writing it.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, isolation_level=None)  # explicit BEGIN/COMMIT
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # durable at each WAL checkpoint; fast
        self._db.execute("PRAGMA foreign_keys=ON")
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, STORE_VERSION):
            self._db.close()
            message = f"{self.path} is a store of version {version}; this mirps-nlp writes {STORE_VERSION}"
            raise ValueError(message)
        self._db.execute("BEGIN")
        for statement in _schema():
            self._db.execute(statement)
        self._db.execute(f"PRAGMA user_version={STORE_VERSION}")
        self._db.execute("COMMIT")
        self._in_transaction = False

    def upsert(self, record: Mapping[str, Any]) -> None:
        """Insert or replace one release (a :meth:`Release.to_json_dict` dict) and all its items."""
        self._begin()
        release_id = record["id"]
        source = record.get("source") or {}
        db = self._db
        # Children go with the release row (ON DELETE CASCADE), so a re-run never duplicates items.
        db.execute("DELETE FROM releases WHERE id = ?", (release_id,))
        stored = {key: value for key, value in record.items() if key != "text"}
        db.execute(
            """INSERT INTO releases VALUES (?,?,?,?,?, ?,?,?,?,?, ?,?,?,?,?,?,?, ?,?)""",
            (
                release_id, record.get("schema_version"), record.get("title"), record.get("published"),
                record.get("language"),
                source.get("path"), source.get("url"), source.get("publisher"), source.get("reference"),
                source.get("syndicated_by"),
                *(len(record.get(key) or []) for key in (
                    "actors", "quotes", "figures", "chair_transfers", "chair_terms", "meetings", "documents",
                )),
                _json(record.get("warnings") or []), _json(stored),
            ),
        )
        actors = record.get("actors") or []
        if actors:
            db.executemany(
                "INSERT OR REPLACE INTO actors VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        release_id, actor["id"], *(actor.get(c) for c in ACTOR_COLUMNS),
                        _json(actor.get("roles") or []), len(actor.get("mentions") or []), _json(actor),
                    )
                    for actor in actors
                ],
            )
        for table, key, columns in ITEM_TABLES:
            items = record.get(key) or []
            if not items:
                continue
            marks = ",".join("?" * (len(columns) + 3))
            db.executemany(
                f"INSERT INTO {table} VALUES ({marks})",
                [
                    (release_id, idx, *(item.get(c) for c in columns), _json(item))
                    for idx, item in enumerate(items)
                ],
            )

    def upsert_many(self, records: Iterable[Mapping[str, Any]]) -> int:
        """Upsert records and commit; returns how many."""
        count = 0
        for record in records:
            self.upsert(record)
            count += 1
        self.commit()
        return count

    def commit(self) -> None:
        if self._in_transaction:
            self._db.execute("COMMIT")
            self._in_transaction = False

    def rollback(self) -> None:
        if self._in_transaction:
            self._db.execute("ROLLBACK")
            self._in_transaction = False

    def counts(self) -> dict[str, int]:
        """Rows per table, e.g. for a summary or a test of idempotence."""
        tables = ["releases", "actors", *(table for table, _key, _cols in ITEM_TABLES)]
        return {table: self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in tables}

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run a read-only query (a convenience for notebooks and tests)."""
        return self._db.execute(sql, params).fetchall()

    def close(self) -> None:
        self.commit()
        self._db.close()

    def _begin(self) -> None:
        if not self._in_transaction:
            self._db.execute("BEGIN")
            self._in_transaction = True

    def __enter__(self) -> ReleaseStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is not None:
            self.rollback()
        self.close()
