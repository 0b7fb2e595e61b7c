"""The grammar as data: one folder of JSONL tables per language, and the one reader of them.

``patterns/<lang>/`` holds everything a language changes (gazetteers, trigger phrases, cue
lemmas, number formats, date words, boilerplate lines). Adding a language is adding a folder;
:func:`available_languages` is what ``mirps_nlp.load(lang=...)`` accepts.

Rows are read from the package's own folder unless a component compiles them from another one
(a pipeline saved with ``nlp.to_disk`` carries its rows): :func:`reading_from` sets that folder
for the current context, and loaders that cache what they build key it with :func:`source_key`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from mirps_nlp.errors import LanguageNotSupportedError
from mirps_nlp.patterns.schema import ROW_MODELS

#: The folder rows are read from in this context (``None``: the package's own).
_SOURCE: ContextVar[Path | None] = ContextVar("mirps_patterns_source", default=None)


def _root() -> Any:
    source = _SOURCE.get()
    return source if source is not None else resources.files("mirps_nlp").joinpath("patterns")


@contextmanager
def reading_from(folder: str | Path | None) -> Iterator[None]:
    """Read rows from ``folder`` (which holds ``<lang>/`` subfolders) inside the ``with``;
    ``None`` or ``""`` is the package's own folder."""
    token = _SOURCE.set(Path(folder) if folder else None)
    try:
        yield
    finally:
        _SOURCE.reset(token)


def source_key() -> str:
    """Where rows come from in this context ("" for the package), for caches keyed by it."""
    source = _SOURCE.get()
    return "" if source is None else str(source)


@functools.cache
def _package_languages() -> tuple[str, ...]:
    return _languages_in(resources.files("mirps_nlp").joinpath("patterns"))


def _languages_in(root: Any) -> tuple[str, ...]:
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))))


def available_languages(folder: str | Path | None = None) -> tuple[str, ...]:
    """Languages that have a patterns folder, sorted ("en", "es", ...): in the package, or in
    ``folder`` when given."""
    if folder:
        return _languages_in(Path(folder)) if Path(folder).is_dir() else ()
    return _package_languages()


RowModel = type[BaseModel] | Callable[[Any], Any]


def check_language(lang: str, folder: str | Path | None = None) -> str:
    """``lang`` when there are patterns for it (in the package, or in ``folder``), else an error
    naming the languages there are."""
    known = available_languages(folder)
    if lang not in known:
        where = f"the patterns folder {str(folder)!r}" if folder else "mirps-nlp"
        raise LanguageNotSupportedError(
            f"no patterns for language {lang!r}: {where} has {', '.join(known) or 'none'} "
            "(a new language is a folder under mirps_nlp/patterns/)"
        )
    return lang


def read_patterns(lang: str, filename: str, model: RowModel | None = None) -> list[Any]:
    """The rows of ``patterns/<lang>/<filename>``: dicts, or what ``model`` makes of each (a
    pydantic model, or a function that picks one and raises ``ValueError`` on a bad row).

    Without ``model``, a file with a row model in :data:`.schema.ROW_MODELS` is checked against
    it and its rows returned as dicts. Blank lines and ``//`` comments are skipped; a file a
    language does not have yet is an empty table (so a new language can start with some files);
    a broken line, or a row its model rejects, raises naming its place
    (``patterns/es/quote_cues.jsonl:12: ...``).
    Components read their data once, at construction, so nothing is cached here and every
    caller gets rows of its own.
    """
    source = _root().joinpath(lang, filename)
    if not source.is_file():
        return []
    if model is None and filename in ROW_MODELS:
        parse: Callable[[Any], Any] | None = functools.partial(_checked, ROW_MODELS[filename])
    else:
        parse = model.model_validate if isinstance(model, type) and issubclass(model, BaseModel) else model
    rows: list[Any] = []
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        where = f"patterns/{lang}/{filename}:{number}"
        try:
            row = json.loads(line)
            rows.append(row if parse is None else parse(row))
        except ValueError as error:  # bad JSON or a row the model refuses: a bug in the data, say where
            raise ValueError(f"{where}: {error}") from error
    return rows


def _checked(model: type[BaseModel], row: Any) -> Any:
    """``row`` itself, once ``model`` accepts it (the readers keep working on plain dicts)."""
    model.model_validate(row)
    return row
