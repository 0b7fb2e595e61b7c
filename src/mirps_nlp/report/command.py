"""``mirps-nlp report STORE OUT_DIR``: arguments and the summary; the site is built by :mod:`mirps_nlp.report.site`.

Registered by ``cli.py`` as ``app.command("report")(report)``. Exit codes (the CLI's own): 0 the site
was written; 1 the store cannot be read as one; 2 no store at that path, or the ``[report]`` extra
is missing (one ``error: …`` line, nothing written).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mirps_nlp.errors import MirpsError

if TYPE_CHECKING:
    from rich.console import Console


def _console(stderr: bool = False) -> Console:
    """Rich, imported when the command runs (not when ``mirps-nlp --help`` lists it)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=stderr)


def report(
    store: Annotated[Path, typer.Argument(help="The SQLite store a batch wrote (OUT.sqlite).")],
    out_dir: Annotated[Path, typer.Argument(help="Folder for the site; open OUT_DIR/index.html in a browser.")],
) -> None:
    """Write a static HTML report of a store: releases with their spans highlighted, the chair
    timeline, the actor registry, figure series and quotes. It opens from file:// with no network."""
    stderr = _console(stderr=True)
    if not store.is_file():
        stderr.print(f"error: {store}: no such store (batch writes one beside its JSONL: OUT.sqlite)", markup=False)
        raise typer.Exit(2)
    try:
        from mirps_nlp.report.site import build_report
    except ImportError as error:
        stderr.print(
            f"error: the report needs the [report] extra ({error.name} is missing): pip install 'mirps-nlp[report]'",
            markup=False,
        )
        raise typer.Exit(2) from None
    try:
        summary = build_report(store, out_dir)
    except MirpsError as error:
        stderr.print(f"error: {' '.join(str(error).split())}", markup=False)
        raise typer.Exit(1) from None
    _console().print(
        f"report: {summary.releases} releases, {len(summary.pages)} pages in {summary.seconds:.1f}s",
        markup=False,
    )
    _console().print(f"open:   {(summary.out_dir / 'index.html').resolve().as_uri()}", markup=False)
