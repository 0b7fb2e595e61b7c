"""The ``mirps-nlp`` command: argument parsing, progress and output only.

All logic lives in the library. Bad input ends in one line ``error: …`` on stderr, never a
traceback, and the exit code says what happened (:data:`EXIT_CODES`, also in ``--help`` and
the README). Heavy modules (spaCy, the pipeline, rich) are imported inside the commands that
need them, so ``--help`` and ``--version`` answer at once.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from mirps_nlp import __version__
from mirps_nlp.errors import MirpsError, ModelNotFoundError
from mirps_nlp.ingest.language import LANG_HELP

if TYPE_CHECKING:
    from mirps_nlp.ingest import Ingested

#: Exit codes of every command.
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

#: Shown under every command's --help (``\b`` keeps click from re-wrapping the lines).
EXIT_CODES = """\b
Exit codes:
  0    every input became a record
  1    some inputs failed (each named on stderr; a batch lists them in OUT.errors.jsonl)
       or the output could not be written
  2    usage: an unknown option or bad value, an input path that does not exist,
       a model that is not installed; nothing was written
  3    internal error (a bug: please report it with the command line)
  130  interrupted (Ctrl-C)
"""

#: ``-`` stands for standard input or output wherever a path is taken.
STDIO = "-"

app = typer.Typer(
    name="mirps-nlp",
    epilog=EXIT_CODES,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    # Plain click help: conventional, no "<bool>" beside a flag, and no rich import for --help.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


class OutputFormat(StrEnum):
    json = "json"
    pretty = "pretty"


def say_error(message: str) -> None:
    """One line on stderr: what a user sees instead of a traceback."""
    sys.stderr.write(f"error: {' '.join(str(message).split())}\n")
    sys.stderr.flush()


def fail(message: str, code: int = EXIT_FAILED) -> NoReturn:
    """Inside a command: report and leave with ``code``."""
    say_error(message)
    raise typer.Exit(code)


def flag(*names: str, help: str) -> Any:
    """An on/off option: present means on (no value, no type shown in --help)."""
    return typer.Option(*names, help=help, metavar="", show_default=False)


def open_output(name: str) -> tuple[IO[str], Path | None]:
    """``-`` is standard output; a file is written beside its final name and swapped in by
    :func:`close_output`, so a failed run never leaves half a file or destroys the old one.
    A folder that does not exist is a usage error (nothing is created)."""
    if name == STDIO:
        return sys.stdout, None
    target = Path(name)
    if target.is_dir():
        fail(f"{target}: is a folder; give a file name for the output", EXIT_USAGE)
    folder = target.parent
    if not folder.is_dir():
        fail(f"{target}: folder {folder} does not exist; create it first", EXIT_USAGE)
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as error:
        fail(f"{target}: cannot write in {folder} ({error.strerror or type(error).__name__})", EXIT_USAGE)
    return os.fdopen(fd, "w", encoding="utf-8"), Path(temp)


def close_output(handle: IO[str], temp: Path | None, name: str, keep: bool = True) -> None:
    """Finish what :func:`open_output` began: swap the file in (or drop it when ``keep`` is false)."""
    if temp is None:
        handle.flush()
        return
    try:
        handle.close()
        if keep:
            os.replace(temp, name)
    except OSError as error:
        fail(f"{name}: could not be written ({error.strerror or type(error).__name__})")
    finally:
        temp.unlink(missing_ok=True)


def check_inputs_exist(names: list[str], *, urls: bool = False) -> None:
    """A typo in an input path is a usage error found before anything is written or created."""
    from mirps_nlp.fetch import is_url

    if names.count(STDIO) > 1:
        fail("- (standard input) can be given only once", EXIT_USAGE)
    for name in names:
        if name == STDIO or (urls and is_url(name)):
            continue
        if not os.path.lexists(name):
            fail(f"{name}: no such file or folder; nothing was written", EXIT_USAGE)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"mirps-nlp {__version__}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit.", metavar=""
        ),
    ] = False,
) -> None:
    """Turn MIRPS refugee-policy press releases into structured records.

    Each command has its own --help (-h). Use `batch` for many files: it loads the pipeline
    once, runs several processes and can resume; a shell loop over `extract` pays the start-up
    on every file.
    """


def read_input(name: str) -> Ingested:
    """One input of ``extract``: ``-`` (standard input), an http(s) URL, or a file."""
    from mirps_nlp import ingest
    from mirps_nlp.fetch import fetch_release, is_url

    if name == STDIO:
        # Read one byte past the limit so a huge pipe is refused, not loaded whole.
        return ingest.ingest_bytes(sys.stdin.buffer.read(ingest.MAX_BYTES + 1), name="<stdin>")
    if is_url(name):
        return fetch_release(name)
    return ingest.ingest_path(name)


@app.command(epilog=EXIT_CODES)
def extract(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT",
            help="Release files (.txt, .md, .html), http(s):// URLs, or - for standard input.",
            show_default=False,
        ),
    ],
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Where records go, one JSON line each (JSONL); - is standard output."
        ),
    ] = STDIO,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="json (one line per record) or pretty (tables).")
    ] = OutputFormat.json,
    include_text: Annotated[bool, flag("--include-text", help="Add the normalised text the offsets index.")] = False,
    model: Annotated[
        str | None,
        typer.Option("--model", metavar="NAME", help="An installed spaCy model to add, e.g. en_core_web_sm."),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", metavar="LANG", help=LANG_HELP)] = "auto",
    quiet: Annotated[bool, flag("--quiet", "-q", help="Print nothing on stderr but errors.")] = False,
) -> None:
    """Extract releases and print their records (one JSON line each).

    An input that fails is named on stderr and the others carry on (exit code 1). For
    folders, archives and speed, use `batch`.
    """
    check_inputs_exist(inputs, urls=True)
    if output_format is OutputFormat.pretty and output != STDIO:
        fail("--format pretty prints tables for a person; write files with --format json", EXIT_USAGE)
    from mirps_nlp.extraction import check_lang_option, extract_ingested

    try:
        check_lang_option(lang)
    except MirpsError as error:
        fail(str(error), EXIT_USAGE)
    handle, temp = open_output(output)
    written = failed = 0
    try:
        for name in inputs:
            try:
                release = extract_ingested(read_input(name), model=model, lang=lang, include_text=include_text)
            except ModelNotFoundError as error:
                fail(str(error), EXIT_USAGE)
            except MirpsError as error:
                failed += 1
                say_error(str(error))
                continue
            record = release.to_json_dict(include_text=include_text)
            if output_format is OutputFormat.json:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                _print_pretty(record)
            written += 1
    except BaseException:
        close_output(handle, temp, output, keep=False)
        raise
    close_output(handle, temp, output)
    if not quiet and (temp is not None or len(inputs) > 1):
        where = "standard output" if temp is None else output
        sys.stderr.write(f"extract: {written} records written to {where}, {failed} failed\n")
    if failed:
        raise typer.Exit(EXIT_FAILED)


def console(stderr: bool = False) -> Any:
    """A rich console on standard output, or on stderr when standard output carries data
    (imported on first use: rich costs start-up time)."""
    from rich.console import Console

    return Console(highlight=False, stderr=stderr)


def _print_pretty(record: dict[str, Any]) -> None:
    """A human-readable view: metadata, then one table per non-empty record type."""
    from rich.table import Table

    stdout = console()
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


@app.command(epilog=EXIT_CODES)
def schema(
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="FILE", help="Write the schema here; - is standard output.")
    ] = STDIO,
) -> None:
    """Print the JSON Schema of a release record; every field carries its description
    (docs/records.md is the same contract as tables)."""
    from mirps_nlp.records import json_schema

    handle, temp = open_output(output)
    handle.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
    close_output(handle, temp, output)


@app.command(epilog=EXIT_CODES)
def evaluate(
    gold: Annotated[Path, typer.Option("--gold", metavar="DIR", help="Folder of gold JSON files.")] = Path(
        "corpus/gold"
    ),
    texts: Annotated[
        Path, typer.Option("--texts", metavar="DIR", help="Folder of the releases the gold names.")
    ] = Path("corpus/releases"),
    model: Annotated[
        str | None, typer.Option("--model", metavar="NAME", help="An installed spaCy model to add.")
    ] = None,
    verbose: Annotated[bool, flag("--verbose", "-v", help="List every missed and extra item.")] = False,
    json_out: Annotated[
        str | None,
        typer.Option("--json", metavar="FILE", help="Also write the scores as JSON; - is standard output."),
    ] = None,
    minimum: Annotated[
        float, typer.Option("--min", metavar="F1", help="Exit 1 when micro-F1 is below this.")
    ] = 0.0,
    ablate: Annotated[bool, flag("--ablate", help="Compare rules alone with rules + learned models.")] = False,
    lang: Annotated[
        str,
        typer.Option(
            "--lang", metavar="LANG", help="auto (every gold file), or en / es: only the gold files in that language."
        ),
    ] = "auto",
) -> None:
    """Score extraction against gold: precision, recall and F1 per record type, and micro-F1
    (per language too when the gold has more than one)."""
    from mirps_nlp.evaluate import ablation, iter_errors
    from mirps_nlp.evaluate import evaluate as run_evaluation

    for folder in (gold, texts):
        if not folder.is_dir():
            fail(f"{folder} is not a folder", EXIT_USAGE)
    stdout = console(stderr=json_out == STDIO)  # `--json -`: the JSON alone on standard output
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
            stdout, result, f"{len(result.releases)} releases scored against {gold}" + (f": {label}" if label else "")
        )
        if verbose:
            for line in iter_errors(result):
                stdout.print(line, markup=False)
    result = variants[next(reversed(variants))]  # the full pipeline decides the exit code
    if json_out is not None:
        payload = {label or "scores": r.to_dict() for label, r in variants.items()}
        handle, temp = open_output(json_out)
        handle.write(json.dumps(payload if len(variants) > 1 else result.to_dict(), indent=1) + "\n")
        close_output(handle, temp, json_out)
    if result.micro().f1 < minimum:
        raise typer.Exit(EXIT_FAILED)


def _print_scores(stdout: Any, result: Any, title: str) -> None:
    from rich.table import Table

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


@app.command(epilog=EXIT_CODES)
def train(
    corpus: Annotated[
        Path, typer.Option("--corpus", metavar="DIR", help="Corpus folder with gold/ and releases/.")
    ] = Path("corpus"),
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="Where models, metrics and cards go.")] = Path(
        "models"
    ),
    folds: Annotated[int, typer.Option("--folds", metavar="N", min=2, help="Cross-validation folds (by release).")] = 5,
) -> None:
    """Train the learned components (figure category, sentence kind) from the gold corpus."""
    from mirps_nlp.learn.train import train as run_training

    if not (corpus / "gold").is_dir() or not (corpus / "releases").is_dir():
        fail(f"{corpus} needs gold/ and releases/ folders", EXIT_USAGE)
    stdout = console()
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

    app.command("report", epilog=EXIT_CODES)(report)
    from mirps_nlp.cli_explore import register as register_explore  # timeline, actors, export

    register_explore(app, epilog=EXIT_CODES)
    try:
        from mirps_nlp.cli_batch import batch
    except ImportError:
        return
    app.command("batch", epilog=EXIT_CODES)(batch)


_register_optional_commands()


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    try:
        app()
    except ModelNotFoundError as error:
        say_error(str(error))
        sys.exit(EXIT_USAGE)
    except MirpsError as error:
        say_error(str(error))
        sys.exit(EXIT_FAILED)
    except KeyboardInterrupt:
        say_error("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        # `mirps-nlp extract … | head`: the reader left; that is not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_OK)
    # The promise is one line, never a traceback, whatever went wrong.
    except Exception as error:  # noqa: BLE001
        say_error(f"internal error ({type(error).__name__}): {error}")
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()
