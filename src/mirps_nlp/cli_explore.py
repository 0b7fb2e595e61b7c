"""``mirps-nlp timeline``, ``actors`` and ``export``: a batch's store, read across releases.

Registered by ``cli.py``; the logic is in :mod:`mirps_nlp.explore` and :mod:`mirps_nlp.export`.
Exit codes (``cli.EXIT_CODES``): 0 done; 1 the store cannot be read or the tables written;
2 usage: the store does not exist, or a bad option. Errors are one ``error: …`` line.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mirps_nlp.errors import MirpsError
from mirps_nlp.export import ExportFormat
from mirps_nlp.store import ReleaseStore

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


def _stdout() -> Console:
    """Rich on standard output, imported by the commands that print tables (not at start-up)."""
    from rich.console import Console

    return Console(highlight=False)


def _table(title: str) -> Table:
    from rich.table import Table

    return Table(title=title, title_justify="left")

StoreArgument = Annotated[Path, typer.Argument(help="A SQLite store written by `mirps-nlp batch` (OUT.sqlite).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def _fail(message: str, code: int = 1) -> typer.Exit:
    sys.stderr.write(f"error: {' '.join(message.split())}\n")
    sys.stderr.flush()
    return typer.Exit(code)


@contextmanager
def _open_store(path: Path) -> Iterator[ReleaseStore]:
    """An existing store only: opening a missing path would create an empty one."""
    if not path.is_file():
        raise _fail(f"no store at {path}: run `mirps-nlp batch ... --out OUT.jsonl` first (it writes OUT.sqlite)", 2)
    try:
        store = ReleaseStore(path)
    except (ValueError, sqlite3.DatabaseError) as error:
        raise _fail(f"cannot read {path} as a mirps-nlp store: {error}") from None
    with store:
        yield store


def _print_json(rows: list[Any]) -> None:
    sys.stdout.write(json.dumps([row.model_dump(mode="json") for row in rows], ensure_ascii=False, indent=2) + "\n")


def _name(actor_id: str | None, names: dict[str, str | None]) -> str:
    """``Mexico`` for ``country:MEX`` when the store names it, else the id."""
    if not actor_id:
        return ""
    return names.get(actor_id) or actor_id


def timeline(
    store: StoreArgument,
    body: Annotated[str | None, typer.Option("--body", help="Only this body, e.g. MIRPS or SICA.")] = None,
    evidence: Annotated[
        bool, typer.Option("--evidence", help="Print every sentence that states each holder.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """The chair succession of every body: holders, terms, dates, the releases that state them, conflicts."""
    from mirps_nlp.explore import actor_registry
    from mirps_nlp.explore import timeline as build_timeline

    with _open_store(store) as opened:
        bodies = build_timeline(opened, body=body)
        names: dict[str, str | None] = {e.id: e.name for e in actor_registry(opened)} if bodies and not as_json else {}
    if as_json:
        _print_json(bodies)
        return
    stdout = _stdout()
    if not bodies:
        stdout.print(f"no chair handovers or terms{f' for {body}' if body else ''} in {store}", markup=False)
        return
    for found in bodies:
        office = found.office.replace("_", " ")
        table = _table(f"{found.body}: {office}")
        table.add_column("#", justify="right")
        table.add_column("holder")
        table.add_column("term")
        table.add_column("from", no_wrap=True)
        table.add_column("until", no_wrap=True)
        table.add_column("status")
        table.add_column("given by")
        table.add_column("releases", justify="right")
        for n, tenure in enumerate(found.tenures, 1):
            table.add_row(
                str(n), _name(tenure.holder, names), tenure.term or "", tenure.start_date or "",
                tenure.end_date or "", tenure.status, _name(tenure.given_by, names), str(len(tenure.release_ids)),
                style=None if tenure.status == "held" else "dim",
            )
        stdout.print(table)
        if evidence:
            for n, tenure in enumerate(found.tenures, 1):
                stdout.print(f"{n}. {_name(tenure.holder, names)} {tenure.term or ''}", markup=False)
                for cited in tenure.evidence:
                    stdout.print(
                        f"   {cited.release_id} {cited.published or 'undated'} [{cited.role}] {cited.sentence_text}",
                        markup=False,
                    )
        for conflict in found.conflicts:
            cited_ids = ", ".join(dict.fromkeys(e.release_id for e in conflict.evidence))
            stdout.print("[red]conflict[/red] ", end="")
            stdout.print(f"{conflict.message} (releases {cited_ids})", markup=False)


def actors(
    store: StoreArgument,
    kind: Annotated[str | None, typer.Option("--kind", help="country, organization or person.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=0, help="At most this many rows (0: all).")] = 0,
    as_json: JsonOption = False,
) -> None:
    """One row per actor across releases: names, roles, titles over time, first and last seen, mentions."""
    from mirps_nlp.explore import actor_registry

    with _open_store(store) as opened:
        entries = actor_registry(opened)
    if kind is not None:
        entries = [e for e in entries if kind in e.kinds]
    if limit:
        entries = entries[:limit]
    if as_json:
        _print_json(entries)
        return
    table = _table(f"actors in {store} ({len(entries)})")
    table.add_column("id")
    table.add_column("name")
    table.add_column("roles")
    table.add_column("latest title")
    table.add_column("first seen", no_wrap=True)
    table.add_column("last seen", no_wrap=True)
    table.add_column("releases", justify="right")
    table.add_column("mentions", justify="right")
    for entry in entries:
        latest = entry.titles[-1].title if entry.titles else ""
        if len(entry.titles) > 1:
            latest += f" (+{len(entry.titles) - 1} more)"
        table.add_row(
            entry.id, entry.name, ", ".join(entry.roles), latest,
            entry.first_seen or "", entry.last_seen or "", str(entry.n_releases), str(entry.n_mentions),
        )
    _stdout().print(table)


def export(
    store: StoreArgument,
    out_dir: Annotated[Path, typer.Argument(help="Folder for the tables (created if missing).")],
    output_format: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv, parquet or jsonl.")] = (
        ExportFormat.csv
    ),
) -> None:
    """One table per record type (each row with its release id, sentence and offsets) as files."""
    from mirps_nlp.export import export_store

    with _open_store(store) as opened:
        try:
            written = export_store(opened, out_dir, output_format)
        except MirpsError as error:
            raise _fail(str(error)) from None
    table = _table(f"{output_format.value} tables in {out_dir}")
    table.add_column("table")
    table.add_column("rows", justify="right")
    table.add_column("file", overflow="fold")
    for name, rows in written.items():
        table.add_row(name, str(rows), str(Path(out_dir) / f"{name}.{output_format.value}"))
    _stdout().print(table)


def register(app: typer.Typer, epilog: str | None = None) -> None:
    """Add these commands to the ``mirps-nlp`` app."""
    app.command("timeline", epilog=epilog)(timeline)
    app.command("actors", epilog=epilog)(actors)
    app.command("export", epilog=epilog)(export)


__all__ = ["actors", "export", "register", "timeline"]
