"""The embedded default store: release records in SQLite (stdlib), ready for SQL.

One row per release in ``releases`` and one row per extracted item in ``actors``,
``quotes``, ``figures``, ``chair_transfers``, ``chair_terms``, ``meetings`` and
``documents``, each keyed by ``release_id``. The contract fields get their own columns
(so ``SELECT name FROM actors WHERE kind = 'person'`` just works); every row also keeps the
item's full JSON in ``data`` so fields added to the schema later are never lost.

Upserts are idempotent: storing a release replaces its row and all of its items in one
transaction, so running the same batch twice leaves exactly the same rows.

Copies (:mod:`mirps_nlp.identity`): ``releases`` holds one row per release id (its normalised
text); ``copies`` holds one row per record written to the JSONL, with that copy's own source,
so a syndicated repost whose text normalises to the same id keeps its publisher here. A record
with ``copy_of`` names its canonical release; :meth:`ReleaseStore.sync_copies` writes the list
of copies into each canonical record's ``copies``, as the JSONL has it.

>>> with ReleaseStore("out/mirps.sqlite") as store:  # doctest: +SKIP
...     store.upsert(release.to_json_dict())
...     store.commit()
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

#: Bumped when the tables change shape; an older file is refused with a clear message.
STORE_VERSION = 2

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
            copy_of TEXT,
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
        """CREATE TABLE IF NOT EXISTS copies (
            copy_key TEXT PRIMARY KEY,
            release_id TEXT NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            canonical_id TEXT, similarity REAL,
            source_path TEXT, source_url TEXT, publisher TEXT, reference TEXT, syndicated_by TEXT,
            input_id TEXT, title TEXT, published TEXT,
            source TEXT NOT NULL
        )""",
        """CREATE TABLE IF NOT EXISTS texts (
            release_id TEXT PRIMARY KEY REFERENCES releases(id) ON DELETE CASCADE,
            text TEXT NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS copies_by_canonical ON copies(canonical_id, position)",
        "CREATE INDEX IF NOT EXISTS copies_by_release ON copies(release_id)",
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
    statements.extend(_views())
    statements.append("CREATE INDEX IF NOT EXISTS chair_transfers_by_body ON chair_transfers(body)")
    statements.append("CREATE INDEX IF NOT EXISTS quotes_by_speaker ON quotes(speaker)")
    return statements


#: Export column names: no SQL keywords (``from``, ``to``, ``end``, ``action``), so every column reads bare.
RENAMED_COLUMNS: dict[str, str] = {
    "from": "from_actor", "to": "to_actor", "start": "start_char", "end": "end_char", "action": "action_taken",
}
#: The export tables, one per record type: each a view ``export_<name>``.
EXPORT_TABLES: tuple[str, ...] = (
    "releases", "copies", "actors", "actor_mentions", *(table for table, _key, _cols in ITEM_TABLES),
)


def _views() -> list[str]:
    """``export_*`` views: one flat table per record type, keyed by release id, with sentence and offsets."""
    views = [
        "DROP VIEW IF EXISTS export_releases",
        """CREATE VIEW export_releases AS SELECT id AS release_id, copy_of, title, published, language,
            source_path, source_url, publisher, reference, syndicated_by, n_actors, n_quotes, n_figures,
            n_chair_transfers, n_chair_terms, n_meetings, n_documents, warnings FROM releases""",
        "DROP VIEW IF EXISTS export_copies",
        """CREATE VIEW export_copies AS SELECT release_id, canonical_id, similarity, position, source_path,
            source_url, publisher, reference, syndicated_by, input_id, title, published FROM copies""",
        "DROP VIEW IF EXISTS export_actors",
        """CREATE VIEW export_actors AS SELECT release_id, actor_id, kind, name, iso3, acronym, title,
            affiliation, roles, n_mentions FROM actors""",
        "DROP VIEW IF EXISTS export_actor_mentions",
        """CREATE VIEW export_actor_mentions AS SELECT a.release_id, a.actor_id,
            json_extract(m.value, '$.text') AS text, json_extract(m.value, '$.start') AS start_char,
            json_extract(m.value, '$.end') AS end_char FROM actors a, json_each(a.data, '$.mentions') m""",
    ]
    for table, _key, columns in ITEM_TABLES:
        selected = ", ".join(
            f"{_quote(c)} AS {RENAMED_COLUMNS[c]}" if c in RENAMED_COLUMNS else _quote(c)
            for c in columns if c not in ("start", "end", "sentence")
        )
        views.append(f"DROP VIEW IF EXISTS export_{table}")
        views.append(
            f"CREATE VIEW export_{table} AS SELECT release_id, idx AS item, {selected}, sentence,"
            f' "start" AS start_char, "end" AS end_char FROM {table}'
        )
    return views


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

    def upsert(
        self,
        record: Mapping[str, Any],
        *,
        copy_key: str | None = None,
        position: int | None = None,
        similarity: float | None = None,
        text: str | None = None,
    ) -> None:
        """Insert or replace one release (a :meth:`Release.to_json_dict` dict) and all its items.

        ``copy_key`` names this copy (batch: the input's content hash; default: its id and source)
        and ``position`` orders copies (batch: the record's byte offset in the JSONL). A copy whose
        text normalises to a release already stored adds only its ``copies`` row: the release and
        its items stay as the canonical record has them. ``text`` (or the record's own ``text``)
        is the normalised text the offsets index, kept for evidence sentences and the report.
        """
        self._begin()
        release_id = record["id"]
        source = record.get("source") or {}
        db = self._db
        if copy_key is None:
            copy_key = hashlib.sha256(_json([release_id, source]).encode("utf-8")).hexdigest()
        if position is None:
            position = db.execute("SELECT COALESCE(MAX(position) + 1, 0) FROM copies").fetchone()[0]
        exists = db.execute("SELECT 1 FROM releases WHERE id = ?", (release_id,)).fetchone() is not None
        if exists and record.get("copy_of") == release_id:
            self._insert_copy(record, copy_key, position, similarity)
            return
        db.execute("DELETE FROM copies WHERE copy_key = ?", (copy_key,))
        copies = db.execute(
            "SELECT copy_key, release_id, position, canonical_id, similarity, source_path, source_url, publisher,"
            " reference, syndicated_by, input_id, title, published, source FROM copies WHERE release_id = ?",
            (release_id,),
        ).fetchall()
        # Children go with the release row (ON DELETE CASCADE), so a re-run never duplicates items.
        db.execute("DELETE FROM releases WHERE id = ?", (release_id,))
        stored = {key: value for key, value in record.items() if key != "text"}
        db.execute(
            """INSERT INTO releases VALUES (?,?,?,?,?, ?,?,?,?,?, ?, ?,?,?,?,?,?,?, ?,?)""",
            (
                release_id, record.get("schema_version"), record.get("title"), record.get("published"),
                record.get("language"),
                source.get("path"), source.get("url"), source.get("publisher"), source.get("reference"),
                source.get("syndicated_by"), record.get("copy_of"),
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
        # Other copies of this id (the cascade removed them) come back; then this copy's own row.
        db.executemany(f"INSERT INTO copies VALUES ({','.join('?' * 14)})", copies)
        text = text if text is not None else record.get("text")
        if isinstance(text, str):
            db.execute("INSERT OR REPLACE INTO texts VALUES (?, ?)", (release_id, text))
        self._insert_copy(record, copy_key, position, similarity)

    def _insert_copy(
        self, record: Mapping[str, Any], copy_key: str, position: int, similarity: float | None
    ) -> None:
        source = record.get("source") or {}
        copy_of = record.get("copy_of")
        if copy_of is None:
            similarity = None
        elif copy_of == record["id"]:
            similarity = 1.0
        self._db.execute(
            f"INSERT OR REPLACE INTO copies VALUES ({','.join('?' * 14)})",
            (
                copy_key, record["id"], position, copy_of, similarity,
                source.get("path"), source.get("url"), source.get("publisher"), source.get("reference"),
                source.get("syndicated_by"), source.get("input_id"), record.get("title"), record.get("published"),
                _json(source),
            ),
        )

    def text(self, release_id: str) -> str | None:
        """The normalised text of a release, where the batch kept it."""
        row = self._db.execute("SELECT text FROM texts WHERE release_id = ?", (release_id,)).fetchone()
        return None if row is None else str(row[0])

    def clear(self) -> None:
        """Empty every table: a fresh batch run rewrites the JSONL, so the store starts over with it."""
        self._begin()
        self._db.execute("DELETE FROM releases")  # items and copies go with it (ON DELETE CASCADE)
        self._db.execute("DELETE FROM copies")
        self.commit()

    def retain(self, copy_keys: Iterable[str]) -> int:
        """Keep only these copies (and releases that still have one): a resumed run drops what its
        JSONL lost to a crash, so the store never holds a release the JSONL does not. Returns rows dropped."""
        self._begin()
        db = self._db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (copy_key TEXT PRIMARY KEY)")
        db.execute("DELETE FROM keep")
        db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((key,) for key in copy_keys))
        dropped = db.execute("DELETE FROM copies WHERE copy_key NOT IN (SELECT copy_key FROM keep)").rowcount
        db.execute("DELETE FROM releases WHERE id NOT IN (SELECT release_id FROM copies)")
        db.execute("DELETE FROM keep")
        self.commit()
        return dropped

    def copies_of(self, canonical_id: str) -> list[dict[str, Any]]:
        """The canonical's copies in the order they were written: ``{id, source, similarity}``."""
        rows = self._db.execute(
            "SELECT release_id, source, similarity FROM copies WHERE canonical_id = ? ORDER BY position",
            (canonical_id,),
        ).fetchall()
        return [{"id": rid, "source": json.loads(src), "similarity": sim} for rid, src, sim in rows]

    def sync_copies(self) -> int:
        """Write each canonical record's ``copies`` list from the ``copies`` table; returns records changed."""
        self._begin()
        db = self._db
        changed = 0
        canonicals = [
            row[0] for row in db.execute("SELECT DISTINCT canonical_id FROM copies WHERE canonical_id IS NOT NULL")
        ]
        for canonical in canonicals:
            row = db.execute("SELECT data FROM releases WHERE id = ?", (canonical,)).fetchone()
            if row is None:
                continue
            data = json.loads(row[0])
            copies = self.copies_of(canonical)
            if data.get("copies") != copies:
                data["copies"] = copies
                db.execute("UPDATE releases SET data = ? WHERE id = ?", (_json(data), canonical))
                changed += 1
        self.commit()
        return changed

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
        tables = ["releases", "copies", "actors", *(table for table, _key, _cols in ITEM_TABLES)]
        return {table: self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in tables}

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run a read-only query (a convenience for notebooks and tests)."""
        return self._db.execute(sql, params).fetchall()

    def cursor(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        """A streaming read (exports of large stores never hold every row)."""
        return self._db.execute(sql, params)

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
