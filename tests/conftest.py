"""Shared fixtures: one blank pipeline per session, the seed releases when they are present."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = REPO / "corpus"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default pipeline, built once: blank("en") + every mirps component."""
    from mirps_nlp.extraction import get_pipeline

    return get_pipeline(None)


@pytest.fixture
def blank_nlp() -> Iterator[Language]:
    """A blank English pipeline for tests that add their own pipes."""
    import spacy

    from mirps_nlp.pipeline import register_components

    register_components()
    yield spacy.blank("en")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not (SEEDS / "gold").is_dir():
        pytest.skip(f"the seed releases are not at {SEEDS} (they sit beside the checkout in CI)")
    return SEEDS


@pytest.fixture(scope="session")
def score_script() -> Path:
    script = SHARED / "tools" / "score.py"
    if not script.is_file():
        pytest.skip(f"the shared scorer is not at {script}")
    return script
