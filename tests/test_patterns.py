"""The grammar's data files: every row of every language valid against its file's schema, and
generated tables current."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from mirps_nlp.components.chairs import rules as chairs_rules
from mirps_nlp.patterns import available_languages, read_patterns, reading_from
from mirps_nlp.patterns.schema import ROW_MODELS

REPO = Path(__file__).resolve().parent.parent
PATTERNS = REPO / "src" / "mirps_nlp" / "patterns"
FILES = sorted(PATTERNS.glob("*/*.jsonl"))


SCHEMAS = {**ROW_MODELS, **chairs_rules.ROW_MODELS}


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_row_of_every_file_fits_its_schema(path: Path) -> None:
    """A file's rows are validated against its row model; an error names ``file:line``."""
    assert path.name in SCHEMAS, f"{path.name} has no row model: add one to mirps_nlp/patterns/schema.py"
    rows = read_patterns(path.parent.name, path.name, SCHEMAS[path.name])
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) == len([line for line in lines if not line.strip().startswith("//")])


def test_every_schema_has_a_file() -> None:
    assert set(SCHEMAS) <= {path.name for path in FILES}


@pytest.mark.parametrize(
    ("filename", "row", "error"),
    [
        ("quote_cues.jsonl", '{"lemma": "say", "froms": ["said"], "kind": "speech"}', "froms"),
        ("figures_units.jsonl", '{"phrase": "US$", "unit": "USD", "position": "before"}', "position"),
        ("countries.jsonl", '{"id": "country:BLZ", "kind": "country", "name": "Belize"}', "iso2"),
        ("dates_patterns.jsonl", '{"kind": "words", "words": ["monday"]}', "needs name"),
        ("chair_offices.jsonl", '{"office": "pro_tempore_presidency", "phrases": []}', "phrases"),
    ],
)
def test_a_bad_row_is_an_error_naming_file_and_line(tmp_path: Path, filename: str, row: str, error: str) -> None:
    folder = tmp_path / "xx"
    folder.mkdir()
    (folder / filename).write_text(f"// a comment\n\n{row}\n", encoding="utf-8")
    with reading_from(tmp_path), pytest.raises(ValueError, match=rf"(?s)patterns/xx/{filename}:3: .*{error}"):
        read_patterns("xx", filename, SCHEMAS[filename])
    if filename in ROW_MODELS:  # checked on every read, not only by this test
        with reading_from(tmp_path), pytest.raises(ValueError, match=rf"patterns/xx/{filename}:3"):
            read_patterns("xx", filename)


def test_english_and_spanish_have_folders() -> None:
    assert {"en", "es"} <= set(available_languages())


@pytest.mark.parametrize("lang", available_languages())
def test_the_lemma_table_lists_every_lemma_the_grammar_names(lang: str) -> None:
    pytest.importorskip("spacy_lookups_data", reason="spacy-lookups-data (dev extra) builds the lemma tables")
    spec = importlib.util.spec_from_file_location("build_lemmas", REPO / "scripts" / "build_lemmas.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_lemmas"] = module
    spec.loader.exec_module(module)
    shipped = (PATTERNS / lang / "lemmas.jsonl").read_text(encoding="utf-8")
    assert shipped == module.build(lang), f"run: python scripts/build_lemmas.py {lang}"
