"""Exports of a store: one table per record type, as CSV, JSON Lines or Parquet.

The tables are the store's ``export_*`` SQLite views (:data:`mirps_nlp.store.EXPORT_TABLES`), so a
file and a SQL query over the store give the same rows: every item row carries its ``release_id``,
its ``sentence`` index and its character offsets (``start_char``, ``end_char``) into the release's
normalised text, and no column is named with an SQL keyword (``from_actor``, ``to_actor``).
Rows stream from SQLite to the file, so a large store is never held in memory.

Parquet goes through ``pyarrow`` (the optional extra ``mirps-nlp[export]``).

>>> with ReleaseStore("out/corpus.sqlite") as store:  # doctest: +SKIP
...     export_store(store, "out/tables", "csv")
{'releases': 114, 'copies': 114, ...}
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

from mirps_nlp.errors import MirpsError
from mirps_nlp.store import EXPORT_TABLES, ReleaseStore

#: Rows per write: bounds memory for Parquet row groups and CSV/JSONL buffers alike.
CHUNK_ROWS = 10_000


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


def _columns(store: ReleaseStore, table: str) -> list[tuple[str, str]]:
    """``(name, declared type)`` of an export view's columns."""
    return [(row[1], (row[2] or "").upper()) for row in store.query(f"PRAGMA table_info(export_{table})")]


def _chunks(store: ReleaseStore, table: str) -> Iterator[list[tuple[Any, ...]]]:
    cursor = store.cursor(f"SELECT * FROM export_{table}")
    while rows := cursor.fetchmany(CHUNK_ROWS):
        yield rows


def _write_csv(store: ReleaseStore, table: str, names: list[str], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for rows in _chunks(store, table):
            writer.writerows(rows)
            count += len(rows)
    return count


def _write_jsonl(store: ReleaseStore, table: str, names: list[str], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for rows in _chunks(store, table):
            handle.writelines(json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False) + "\n" for row in rows)
            count += len(rows)
    return count


def _arrow_schema(columns: list[tuple[str, str]]) -> Any:
    import pyarrow as pa

    def arrow_type(name: str, declared: str) -> Any:
        if declared == "INTEGER" or name in ("start_char", "end_char"):  # json_extract columns carry no type
            return pa.int64()
        if declared == "REAL":
            return pa.float64()
        return pa.string()

    return pa.schema([(name, arrow_type(name, declared)) for name, declared in columns])


def _write_parquet(store: ReleaseStore, table: str, columns: list[tuple[str, str]], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema(columns)
    names = [name for name, _declared in columns]
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        for rows in _chunks(store, table):
            writer.write_table(pa.Table.from_pylist([dict(zip(names, row, strict=True)) for row in rows], schema))
            count += len(rows)
        if count == 0:
            writer.write_table(schema.empty_table())
    return count


def export_store(
    store: ReleaseStore,
    out_dir: str | Path,
    fmt: ExportFormat | str = ExportFormat.csv,
    tables: Sequence[str] | None = None,
) -> dict[str, int]:
    """Write each export table to ``out_dir/<table>.<fmt>``; returns rows written per table.

    ``tables`` picks some of :data:`~mirps_nlp.store.EXPORT_TABLES` (default: all).
    Raises :class:`MirpsError` for an unknown format or table, or Parquet without pyarrow.
    """
    try:
        fmt = ExportFormat(fmt)
    except ValueError:
        known = ", ".join(f.value for f in ExportFormat)
        raise MirpsError(f"unknown export format {fmt!r}: use one of {known}") from None
    chosen = list(tables) if tables is not None else list(EXPORT_TABLES)
    unknown = [table for table in chosen if table not in EXPORT_TABLES]
    if unknown:
        raise MirpsError(f"unknown export table(s) {', '.join(unknown)}: the tables are {', '.join(EXPORT_TABLES)}")
    if fmt is ExportFormat.parquet:
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise MirpsError("Parquet export needs pyarrow: pip install 'mirps-nlp[export]'") from None
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for table in chosen:
        columns = _columns(store, table)
        path = out / f"{table}.{fmt.value}"
        if fmt is ExportFormat.parquet:
            written[table] = _write_parquet(store, table, columns, path)
        elif fmt is ExportFormat.jsonl:
            written[table] = _write_jsonl(store, table, [name for name, _t in columns], path)
        else:
            written[table] = _write_csv(store, table, [name for name, _t in columns], path)
    return written


__all__ = ["CHUNK_ROWS", "ExportFormat", "export_store"]
