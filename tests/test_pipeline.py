"""The pipeline loads without a model, exposes its factories, and fails clearly on a missing model."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

import mirps_nlp
from mirps_nlp.errors import ModelNotFoundError
from mirps_nlp.pipeline import DEFAULT_COMPONENTS


def test_default_pipeline_is_blank_plus_components() -> None:
    nlp = mirps_nlp.load()
    assert nlp.pipe_names == list(DEFAULT_COMPONENTS)
    assert not nlp.meta.get("vectors", {}).get("width")


@pytest.mark.parametrize("name", DEFAULT_COMPONENTS)
def test_components_are_registered_factories(name: str, blank_nlp: Language) -> None:
    blank_nlp.add_pipe(name)
    assert name in blank_nlp.pipe_names


def test_entry_points_name_every_component() -> None:
    from importlib.metadata import entry_points

    declared = {ep.name for ep in entry_points(group="spacy_factories")}
    assert set(DEFAULT_COMPONENTS) <= declared


def test_missing_model_is_a_clear_error() -> None:
    with pytest.raises(ModelNotFoundError, match="not installed"):
        mirps_nlp.load("xx_no_such_model_sm")


def test_pipe_with_two_processes_keeps_extension_values() -> None:
    """Docs cross process boundaries as bytes: extension values must survive the trip."""
    nlp = mirps_nlp.load()
    texts = ["Panama officially transferred the MIRPS Pro Tempore Presidency to Belize."] * 4
    single = [(doc.text, doc._.mirps_chair_transfers, doc._.mirps_actors) for doc in nlp.pipe(texts)]
    double = [
        (doc.text, doc._.mirps_chair_transfers, doc._.mirps_actors)
        for doc in nlp.pipe(texts, n_process=2, batch_size=2)
    ]
    assert single == double
    assert single[0][1], "the chair component found the handover"
    assert spacy.__version__.startswith("3.8")


def test_sentences_split_at_line_breaks_and_closing_quotes(nlp: Language) -> None:
    doc = nlp("Headline without a stop\n\n“We can make change.” she said. Mr. Smith agreed.")
    assert [s.text.strip() for s in doc.sents] == [
        "Headline without a stop",
        "“We can make change.” she said.",
        "Mr. Smith agreed.",
    ]
