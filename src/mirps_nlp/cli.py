"""The ``mirps-nlp`` command: argument parsing, progress and output only.

All logic lives in the library. Bad input ends in one line ``error: …`` on stderr and a
non-zero exit code, never a traceback: 1 for bad input or setup, 3 for an internal error.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from mirps_nlp import __version__
from mirps_nlp.errors import MirpsError
from mirps_nlp.language import LANG_HELP

app = typer.Typer(
    name="mirps-nlp",
    help="Turn MIRPS refugee-policy press releases into structured records.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
stdout = Console(highlight=False)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)


class OutputFormat(StrEnum):
    json = "json"
    pretty = "pretty"


def say_error(message: str) -> None:
    """One line on stderr: what a user sees instead of a traceback."""
    stderr.print(f"error: {' '.join(str(message).split())}", markup=False)


def fail(message: str, code: int = 1) -> NoReturn:
    """Inside a command: report and leave with ``code``."""
    say_error(message)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        stdout.print(f"mirps-nlp {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Turn MIRPS refugee-policy press releases into structured records."""


@app.command()
def extract(
    path: Annotated[str, typer.Argument(help="A .txt/.md/.html file, or - for standard input.")],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="json or pretty.")] = OutputFormat.json,
    include_text: Annotated[bool, typer.Option("--include-text", help="Add the normalised text.")] = False,
    model: Annotated[
        str | None, typer.Option("--model", help="An installed spaCy model to add, e.g. en_core_web_sm.")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help=LANG_HELP)] = "auto",
) -> None:
    """Extract one release and print its record."""
    from mirps_nlp import ingest
    from mirps_nlp.extraction import InputItem, extract_ingested
    from mirps_nlp.extraction import extract as extract_release

    try:
        if path == "-":
            # Read one byte past the limit so a huge pipe is refused, not loaded whole.
            ingested = ingest.ingest_bytes(sys.stdin.buffer.read(ingest.MAX_BYTES + 1), name="<stdin>")
            release = extract_ingested(ingested, model=model, lang=lang, include_text=include_text)
        else:
            release = extract_release(InputItem(path=path), model=model, lang=lang, include_text=include_text)
    except MirpsError as error:
        fail(str(error))
    record = release.to_json_dict(include_text=include_text)
    if output_format is OutputFormat.json:
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        _print_pretty(record)


def _print_pretty(record: dict[str, Any]) -> None:
    """A human-readable view: metadata, then one table per non-empty record type."""
    source = record["source"]
    stdout.print(f"[bold]{record.get('title') or '(no title)'}[/bold]")
    stdout.print(
        f"id {record['id']} · published {record.get('published') or '-'} · publisher "
        f"{source.get('publisher') or '-'} · reference {source.get('reference') or '-'}"
        + (f" · syndicated by {source['syndicated_by']}" if source.get("syndicated_by") else "")
    )
    columns = {
        "actors": ("id", "name", "title", "affiliation"),
        "quotes": ("speaker_name", "cue", "text"),
        "figures": ("text", "value", "qualifier", "counted", "category", "scope"),
        "chair_transfers": ("body", "office", "from", "to", "term", "status", "date"),
        "chair_terms": ("body", "office", "holder", "term", "status"),
        "meetings": ("name", "ordinal", "body", "place", "date"),
        "documents": ("name", "kind", "action"),
    }
    for record_type, fields in columns.items():
        items = record.get(record_type) or []
        if not items:
            continue
        table = Table(title=f"{record_type} ({len(items)})", title_justify="left", show_lines=False)
        for name in fields:
            table.add_column(name, overflow="fold", max_width=70 if name == "text" else None)
        for item in items:
            table.add_row(*("" if item.get(name) is None else str(item.get(name)) for name in fields))
        stdout.print(table)
    for warning in record.get("warnings") or []:
        stdout.print(f"[yellow]warning:[/yellow] {warning}")


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to a file.")] = None,
) -> None:
    """Print the JSON Schema of a release record."""
    from mirps_nlp.records import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold JSON files.")] = Path("corpus/gold"),
    texts: Annotated[Path, typer.Option("--texts", help="Folder of the releases the gold names.")] = Path(
        "corpus/releases"
    ),
    model: Annotated[str | None, typer.Option("--model", help="An installed spaCy model to add.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every missed and extra item.")] = False,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the scores as JSON.")] = None,
    minimum: Annotated[float, typer.Option("--min", help="Exit 1 when micro-F1 is below this.")] = 0.0,
    ablate: Annotated[bool, typer.Option("--ablate", help="Compare rules alone with rules + learned models.")] = False,
    lang: Annotated[
        str, typer.Option("--lang", help="auto (every gold file), or en / es: only the gold files in that language.")
    ] = "auto",
) -> None:
    """Score extraction against gold: precision, recall and F1 per record type, and micro-F1
    (per language too when the gold has more than one)."""
    from mirps_nlp.evaluate import ablation, iter_errors
    from mirps_nlp.evaluate import evaluate as run_evaluation

    for folder in (gold, texts):
        if not folder.is_dir():
            fail(f"{folder} is not a folder")
    language = None if lang == "auto" else lang
    try:
        if ablate:
            variants = ablation(gold, texts, model=model)
        else:
            overall = run_evaluation(gold, texts, model=model, lang=lang, language=language)
            variants = {"": overall}
            if len(overall.languages()) > 1:
                variants = {f"language {code}": overall.in_language(code) for code in overall.languages()} | variants
    except MirpsError as error:
        fail(str(error))
    if not next(iter(variants.values())).releases:
        fail(f"no gold files in {gold}")
    for label, result in variants.items():
        _print_scores(
            result, f"{len(result.releases)} releases scored against {gold}" + (f": {label}" if label else "")
        )
        if verbose:
            for line in iter_errors(result):
                stdout.print(line, markup=False)
    result = variants[next(reversed(variants))]  # the full pipeline decides the exit code
    if json_out is not None:
        payload = {label or "scores": r.to_dict() for label, r in variants.items()}
        json_out.write_text(json.dumps(payload if len(variants) > 1 else result.to_dict(), indent=1), encoding="utf-8")
    if result.micro().f1 < minimum:
        raise typer.Exit(1)


def _print_scores(result: Any, title: str) -> None:
    table = Table(title=title, title_justify="left")
    for column in ("type", "tp", "fn", "fp", "P", "R", "F1"):
        table.add_column(column, justify="left" if column == "type" else "right")
    for record_type, score in result.totals().items():
        table.add_row(
            record_type,
            str(score.tp),
            str(score.fn),
            str(score.fp),
            f"{score.precision:.2f}",
            f"{score.recall:.2f}",
            f"{score.f1:.2f}",
        )
    stdout.print(table)
    extras = result.extra_metrics()
    for name, value in extras.items():
        stdout.print(f"{name}: {value}")
    for failure in result.failures:
        stdout.print(f"[red]failed:[/red] {failure}")
    micro = result.micro()
    stdout.print(f"micro-F1 {micro.f1:.3f} (P {micro.precision:.3f} R {micro.recall:.3f})")


@app.command()
def train(
    corpus: Annotated[Path, typer.Option("--corpus", help="Corpus folder with gold/ and releases/.")] = Path("corpus"),
    out: Annotated[Path, typer.Option("--out", help="Where models, metrics and cards go.")] = Path("models"),
    folds: Annotated[int, typer.Option("--folds", min=2, help="Cross-validation folds (by release).")] = 5,
) -> None:
    """Train the learned components (figure category, sentence kind) from the gold corpus."""
    from mirps_nlp.learn.train import train as run_training

    if not (corpus / "gold").is_dir() or not (corpus / "releases").is_dir():
        fail(f"{corpus} needs gold/ and releases/ folders")
    summary = run_training(corpus, out, folds=folds)
    for name, metrics in summary.items():
        if "skipped" in metrics:
            stdout.print(f"{name}: skipped ({metrics['skipped']})")
            continue
        stdout.print(
            f"{name}: {metrics.get('examples')} examples from {metrics.get('releases')} releases; "
            f"cross-validated accuracy {metrics.get('accuracy')} ({metrics.get('cross_validation')})"
        )
    stdout.print(f"models written to {out}")


def _register_optional_commands() -> None:
    """Commands that live in their own modules (batch, train) join the app when present."""
    from mirps_nlp.report.command import report  # imports jinja2 and altair only when it runs

    app.command("report")(report)
    try:
        from mirps_nlp.cli_batch import batch
    except ImportError:
        return
    app.command("batch")(batch)


_register_optional_commands()


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    try:
        app()
    except MirpsError as error:
        say_error(str(error))
        sys.exit(1)
    except KeyboardInterrupt:
        say_error("interrupted")
        sys.exit(130)
    # The promise is one line, never a traceback, whatever went wrong.
    except Exception as error:  # noqa: BLE001
        say_error(f"internal error ({type(error).__name__}): {error}")
        sys.exit(3)


if __name__ == "__main__":
    main()
