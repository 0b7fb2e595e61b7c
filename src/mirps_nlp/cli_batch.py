"""``mirps-nlp batch``: arguments, a progress display and the summary; the logic is in :mod:`mirps_nlp.batch`.

Registered by ``cli.py`` as ``app.command("batch")(batch)``; ``python -m mirps_nlp.cli_batch``
runs it on its own.

Exit codes: 0 every input became a record; 1 some inputs failed (see ``OUT.errors.jsonl``)
or the run could not start (one ``error: …`` line); 2 a usage error (an input path that does
not exist: nothing is created); 3 an internal error.

``-`` reads the inputs from standard input (paths one per line, or JSONL release lines) and
``--out -`` writes the records to standard output. The batch machinery is imported inside
the command, so ``mirps-nlp --help`` does not pay for it.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from mirps_nlp.errors import MirpsError, ModelNotFoundError
from mirps_nlp.ingest.language import LANG_HELP

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

    from mirps_nlp.batch import BatchProgress, BatchSummary


def _stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


class _LazyConsole:
    """The stderr console, built on first use (rich costs start-up time)."""

    def __getattr__(self, name: str) -> Any:
        console = _stderr()
        globals()["stderr"] = console
        return getattr(console, name)


stderr: Any = _LazyConsole()

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

    def __init__(self, live: bool, quiet: bool = False) -> None:
        self.live = live
        self.quiet = quiet
        self.errors_shown = 0
        self.last_failed = 0
        self.last_log = time.monotonic()
        self.progress: Progress | None = None
        self.task: TaskID | None = None
        if live and not quiet:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

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
        if self.quiet:
            return
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
    from rich.table import Table

    from mirps_nlp.batch import RECORD_TYPES

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
        list[str],
        typer.Argument(
            metavar="INPUT",
            help="Files, folders (recursive) and .jsonl files of {id, text|html, url} lines; - reads "
            "standard input: paths one per line, or JSONL release lines.",
            show_default=False,
        ),
    ],
    out: Annotated[
        str,
        typer.Option(
            "--out", "-o", metavar="FILE", help="JSONL output, one release per line; - is standard output (no store)."
        ),
    ],
    workers: Annotated[int, typer.Option("--workers", "-w", metavar="N", min=1, help="Worker processes.")] = 1,
    engine: Annotated[EngineChoice, typer.Option("--engine", help="local or dask.")] = EngineChoice.local,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", metavar="ADDRESS", help="Dask scheduler address (tcp://host:8786); else a local cluster."
        ),
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option("--store", metavar="FILE", help="SQLite store to fill (default: OUT as .sqlite)."),
    ] = None,
    no_store: Annotated[
        bool, typer.Option("--no-store", metavar="", help="Write only the JSONL output.", show_default=False)
    ] = False,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume", metavar="", help="Keep OUT and skip inputs already in it (by content hash).", show_default=False
        ),
    ] = False,
    model: Annotated[
        str | None,
        typer.Option("--model", metavar="NAME", help="An installed spaCy model to add, e.g. en_core_web_sm."),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", metavar="LANG", help=LANG_HELP)] = "auto",
    batch_size: Annotated[
        int, typer.Option("--batch-size", metavar="N", min=1, help="Releases per nlp.pipe batch / Dask task.")
    ] = 32,
    include_text: Annotated[
        bool,
        typer.Option("--include-text", metavar="", help="Add the normalised text to each record.", show_default=False),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", metavar="", help="No progress and no summary; errors only.", show_default=False
        ),
    ] = False,
    follow_symlinks: Annotated[
        bool,
        typer.Option(
            "--follow-symlinks",
            metavar="",
            help="Read symbolic links in a folder that point outside it (refused by default).",
            show_default=False,
        ),
    ] = False,
) -> None:
    """Extract an archive of releases into JSONL and a SQLite store; bad files are reported, never fatal."""
    from mirps_nlp.batch import run_batch

    if no_store and store is not None:
        _usage("--store and --no-store exclude each other")
    to_stdout = out == "-"
    if to_stdout and resume:
        _usage("--resume needs an output file to resume; --out - writes to standard output")
    with tempfile.TemporaryDirectory(prefix="mirps-batch-") as scratch:
        paths = _batch_inputs(inputs, Path(scratch))
        _check_something_to_read(paths)
        out_path = Path(scratch) / "records.jsonl" if to_stdout else Path(out)
        reporter = _Reporter(interactive(), quiet=quiet)
        try:
            with reporter:
                summary = run_batch(
                    paths,
                    out_path,
                    engine=engine.value,
                    workers=workers,
                    scheduler=scheduler,
                    store=False if no_store or (to_stdout and store is None) else (store or True),
                    resume=resume,
                    model=model,
                    lang=lang,
                    batch_size=batch_size,
                    include_text=include_text,
                    follow_symlinks=follow_symlinks,
                    on_progress=reporter,
                )
        except MirpsError as error:
            stderr.print(f"error: {' '.join(str(error).split())}", markup=False)
            raise typer.Exit(2 if isinstance(error, ModelNotFoundError) else 1) from None
        except KeyboardInterrupt:
            stderr.print("interrupted: committed records are kept; rerun with --resume to continue", markup=False)
            raise typer.Exit(130) from None
        # One line, never a traceback, whatever went wrong.
        except Exception as error:  # noqa: BLE001
            reason = " ".join(str(error).split())
            stderr.print(f"error: internal error ({type(error).__name__}: {reason})", markup=False)
            raise typer.Exit(3) from None
        if not quiet:
            for note in summary.notes:
                stderr.print(f"note: {note}", markup=False)
        if to_stdout:
            _records_to_stdout(summary, reporter.errors_shown, quiet)
        elif not quiet:
            print_summary(summary, stderr)
    if not summary.ok:
        raise typer.Exit(1)


def _usage(message: str) -> NoReturn:
    stderr.print(f"error: {message}", markup=False)
    raise typer.Exit(2)


def _batch_inputs(inputs: list[str], scratch: Path) -> list[Path]:
    """The inputs as paths: ``-`` becomes the paths listed on standard input, or a spooled
    copy of the JSONL lines read there. A path that does not exist is a usage error, found
    before any output (or its folder) is created."""
    if inputs.count("-") > 1:
        _usage("- (standard input) can be given only once")
    paths: list[Path] = []
    for name in inputs:
        if name != "-":
            paths.append(Path(name))
            continue
        data = sys.stdin.buffer.read()
        first = next((line for line in data.splitlines() if line.strip()), b"")
        if first.lstrip().startswith(b"{"):
            spooled = scratch / "stdin.jsonl"
            spooled.write_bytes(data)
            paths.append(spooled)
        else:
            listed = [line for line in data.decode("utf-8", "surrogateescape").splitlines() if line.strip()]
            if not listed:
                _usage("standard input (-) holds no paths and no JSONL lines")
            paths.extend(Path(line) for line in listed)
    for path in paths:
        if not os.path.lexists(path):
            _usage(f"{path}: no such file or folder; nothing was written")
    return paths


def _check_something_to_read(paths: list[Path]) -> None:
    """Folders that hold no release file at all: say so and what was skipped, before any output."""
    from mirps_nlp.batch import release_suffixes

    suffixes = release_suffixes()
    skipped: dict[str, int] = {}
    for path in paths:
        if not path.is_dir():
            return  # a file named explicitly is always tried
        for _, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                suffix = Path(name).suffix.lower()
                if not name.startswith(".") and suffix in suffixes:
                    return
                skipped[suffix or "(no suffix)"] = skipped.get(suffix or "(no suffix)", 0) + 1
    named = ", ".join(str(p) for p in paths)
    kinds = ", ".join(f"{count} {suffix}" for suffix, count in sorted(skipped.items()))
    reads = " ".join(sorted(suffixes))
    stderr.print(
        f"error: {named}: no release files to read (batch reads {reads})"
        + (f"; skipped {kinds}" if kinds else "; the folder is empty"),
        markup=False,
    )
    raise typer.Exit(1)


def _records_to_stdout(summary: BatchSummary, errors_shown: int, quiet: bool) -> None:
    """``--out -``: the JSONL written in scratch space goes to standard output; the errors
    the live display did not show go to stderr (their file is scratch too)."""
    import json
    import shutil

    sys.stdout.flush()
    with summary.out.open("rb") as records:
        shutil.copyfileobj(records, sys.stdout.buffer)
    sys.stdout.buffer.flush()
    if summary.errors_path.exists():
        with summary.errors_path.open(encoding="utf-8") as errors:
            for number, line in enumerate(errors):
                if number >= errors_shown and line.strip():
                    stderr.print(f"failed: {json.loads(line).get('reason', line.strip())}", markup=False)
    if not quiet:
        stderr.print(
            f"batch: {summary.written} records written to standard output, {summary.failed} failed", markup=False
        )


def main() -> None:
    typer.run(batch)


if __name__ == "__main__":
    main()
