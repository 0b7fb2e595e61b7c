"""Language identification: the cheap profile path, the identifier's path, and their agreement."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mirps_nlp.ingest.language import detect

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "The ministers of the region met in Panama City and agreed that the presidency will pass to Belize. " * 3,
            "en",
        ),
        (
            "Los cancilleres de la región se reunieron en Panamá y acordaron que la presidencia pasará a Belice. " * 3,
            "es",
        ),
        (
            "Les ministres de la région se sont réunis à Panama et ont convenu que la présidence passera au Belize.",
            "fr",
        ),
        ("Os ministros da região reuniram-se no Panamá e acordaram que a presidência passará para Belize.", "pt"),
    ],
)
def test_detects_the_language(text: str, lang: str) -> None:
    assert detect(text).lang == lang


def test_a_spanish_body_with_english_boilerplate_is_spanish() -> None:
    body = "La canciller afirmó que los países del MIRPS trabajarán por la protección de las personas desplazadas. " * 4
    assert detect("Share this page\nPress release\n" + body + "\nFollow us on social media").lang == "es"


def test_every_corpus_release_is_found_in_its_gold_language() -> None:
    import json

    for gold_path in sorted((CORPUS / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (CORPUS / "releases" / gold["file"]).read_text(encoding="utf-8")
        assert detect(text).lang == gold.get("language", "en"), gold["file"]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_never_crashes_and_names_a_language(text: str) -> None:
    found = detect(text)
    assert found.lang and 0.0 <= found.confidence <= 1.0
