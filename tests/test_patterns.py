"""The grammar's data files: every row readable, and generated tables current."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from mirps_nlp.patterns import available_languages, read_patterns

REPO = Path(__file__).resolve().parent.parent
PATTERNS = REPO / "src" / "mirps_nlp" / "patterns"
FILES = sorted(PATTERNS.glob("*/*.jsonl"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_pattern_file_reads(path: Path) -> None:
    rows = read_patterns(path.parent.name, path.name)
    assert all(isinstance(row, dict) for row in rows)


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
