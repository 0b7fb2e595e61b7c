"""``mirps-nlp batch``: arguments, a progress display and the summary; the logic is in :mod:`mirps_nlp.batch`.

Registered by ``cli.py`` as ``app.command("batch")(batch)``; ``python -m mirps_nlp.cli_batch``
runs it on its own.

Exit codes: 0 every input became a record; 1 some inputs failed (see ``OUT.errors.jsonl``)
or the run could not start (one ``error: …`` line); 3 an internal error.
"""

from __future__ import annotations

import os
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from mirps_nlp.batch import RECORD_TYPES, BatchProgress, BatchSummary, run_batch
from mirps_nlp.errors import MirpsError
from mirps_nlp.language import LANG_HELP

stderr = Console(stderr=True, highlight=False, soft_wrap=True)

#: Errors printed as they happen; the rest are only in OUT.errors.jsonl.
MAX_ERRORS_SHOWN = 20
#: Seconds between plain progress lines when stderr is not a terminal.
LOG_EVERY = 10.0


class EngineChoice(StrEnum):
    local = "local"
    dask = "dask"


def interactive() -> bool:
    """A live bar only for a person at a terminal; CI and pipes get plain log lines."""
    return sys.stderr.isatty() and not os.environ.get("CI")


class _Reporter:
    """Turns progress callbacks into a rich bar or throttled log lines, plus the first errors."""

    def __init__(self, live: bool) -> None:
        self.live = live
        self.errors_shown = 0
        self.last_failed = 0
        self.last_log = time.monotonic()
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        if live:
            self.progress = Progress(
                TextColumn("[bold]extracting"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:>7.1f}/s"),
                TextColumn("[red]{task.fields[failed]} failed"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=stderr,
                transient=False,
            )

    def __enter__(self) -> _Reporter:
        # The bar (and its refresh thread) starts with the first update, after the engine
        # has forked its workers: forking a process that runs threads is unsafe.
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def __call__(self, state: BatchProgress) -> None:
        if state.failed > self.last_failed:
            self.last_failed = state.failed
            if state.last_error and self.errors_shown < MAX_ERRORS_SHOWN:
                self.errors_shown += 1
                message = f"failed: {state.last_error}"
                if self.progress is not None:
                    self.progress.console.print(message, markup=False, highlight=False)
                else:
                    stderr.print(message, markup=False)
        if self.progress is not None:
            if self.task is None:
                self.progress.start()
                self.task = self.progress.add_task("batch", total=state.total, rate=0.0, failed=0)
            self.progress.update(self.task, completed=state.processed, rate=state.rate, failed=state.failed)
            return
        now = time.monotonic()
        if now - self.last_log >= LOG_EVERY or (state.total is not None and state.processed == state.total):
            self.last_log = now
            stderr.print(_log_line(state), markup=False)


def _log_line(state: BatchProgress) -> str:
    of = f"/{state.total}" if state.total is not None else ""
    eta = ""
    if state.total and state.rate > 0:
        eta = f", ETA {max(state.total - state.processed, 0) / state.rate:.0f}s"
    return (
        f"batch: {state.processed}{of} inputs, {state.written} written, {state.failed} failed, "
        f"{state.skipped} skipped, {state.rate:.1f}/s{eta}"
    )


def print_summary(summary: BatchSummary, console: Console) -> None:
    """The end-of-run table: inputs, records, failures, items per record type, time."""
    table = Table(title="mirps-nlp batch", show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("inputs", str(summary.processed))
    table.add_row("records written", str(summary.written))
    table.add_row("failed", f"[red]{summary.failed}[/red]" if summary.failed else "0")
    if summary.skipped:
        table.add_row("skipped (already written)", str(summary.skipped))
    if summary.duplicates:
        table.add_row("duplicates (same content)", str(summary.duplicates))
    if summary.copies:
        table.add_row("  of which copies (linked)", str(summary.copies))
    for key in RECORD_TYPES:
        table.add_row(f"  {key.replace('_', ' ')}", str(summary.items.get(key, 0)))
    table.add_row("time", f"{summary.elapsed:.1f}s")
    table.add_row("rate", f"{summary.releases_per_second:.1f} releases/s")
    console.print(table)
    console.print(f"records: {summary.out}", markup=False)
    if summary.store_path is not None:
        console.print(f"store:   {summary.store_path}", markup=False)
    if summary.failed:
        console.print(f"errors:  {summary.errors_path}", markup=False)


def batch(
    inputs: Annotated[
        list[Path],
        typer.Argument(help="Files, folders (recursive) and .jsonl files of {id, text|html, url} lines."),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="JSONL output, one release per line.")],
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Worker processes.")] = 1,
    engine: Annotated[EngineChoice, typer.Option("--engine", help="local or dask.")] = EngineChoice.local,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address (tcp://host:8786); else a local cluster."),
    ] = None,
    store: Annotated[
        Path | None, typer.Option("--store", help="SQLite store to fill (default: OUT as .sqlite).")
    ] = None,
    no_store: Annotated[bool, typer.Option("--no-store", help="Write only the JSONL output.")] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help="Keep OUT and skip inputs already in it (by content hash).")
    ] = False,
    model: Annotated[
        str | None, typer.Option("--model", help="An installed spaCy model to add, e.g. en_core_web_sm.")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help=LANG_HELP)] = "auto",
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Releases per nlp.pipe batch / Dask task.")
    ] = 32,
    include_text: Annotated[
        bool, typer.Option("--include-text", help="Add the normalised text to each record.")
    ] = False,
) -> None:
    """Extract an archive of releases into JSONL and a SQLite store; bad files are reported, never fatal."""
    if no_store and store is not None:
        stderr.print("error: --store and --no-store exclude each other", markup=False)
        raise typer.Exit(1)
    try:
        with _Reporter(interactive()) as reporter:
            summary = run_batch(
                inputs,
                out,
                engine=engine.value,
                workers=workers,
                scheduler=scheduler,
                store=False if no_store else (store or True),
                resume=resume,
                model=model,
                lang=lang,
                batch_size=batch_size,
                include_text=include_text,
                on_progress=reporter,
            )
    except MirpsError as error:
        stderr.print(f"error: {' '.join(str(error).split())}", markup=False)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        stderr.print("interrupted: committed records are kept; rerun with --resume to continue", markup=False)
        raise typer.Exit(130) from None
    # One line, never a traceback, whatever went wrong.
    except Exception as error:  # noqa: BLE001
        reason = " ".join(str(error).split())
        stderr.print(f"error: internal error ({type(error).__name__}: {reason})", markup=False)
        raise typer.Exit(3) from None
    for note in summary.notes:
        stderr.print(f"note: {note}", markup=False)
    print_summary(summary, stderr)
    if not summary.ok:
        raise typer.Exit(1)


def main() -> None:
    typer.run(batch)


if __name__ == "__main__":
    main()
