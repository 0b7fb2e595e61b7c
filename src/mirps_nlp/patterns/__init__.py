"""The grammar as data: one folder of JSONL tables per language, and the one reader of them.

``patterns/<lang>/`` holds everything a language changes (gazetteers, trigger phrases, cue
lemmas, number formats, date words, boilerplate lines). Adding a language is adding a folder;
:func:`available_languages` is what ``mirps_nlp.load(lang=...)`` accepts.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any


def _root() -> Any:
    return resources.files("mirps_nlp").joinpath("patterns")


@functools.cache
def available_languages() -> tuple[str, ...]:
    """Languages that have a patterns folder, sorted ("en", "es", ...)."""
    return tuple(sorted(p.name for p in _root().iterdir() if p.is_dir() and not p.name.startswith(("_", "."))))


def read_patterns(lang: str, filename: str) -> list[dict[str, Any]]:
    """The rows of ``mirps_nlp/patterns/<lang>/<filename>``.

    Blank lines and ``//`` comments are skipped; a file a language does not have yet is an
    empty table (so a new language can start with some files); a broken line names its place.
    Components read their data once, at construction, so nothing is cached here and every
    caller gets rows of its own.
    """
    source = _root().joinpath(lang, filename)
    if not source.is_file():
        return []
    rows = []
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as error:  # a broken data file is a bug: say where
            raise ValueError(f"patterns/{lang}/{filename}:{number}: {error}") from error
    return rows
