"""What the learned models read: the feature texts of a figure and of a sentence.

Both training (:mod:`.data`, which needs the scorer in :mod:`mirps_nlp.evaluate` to label
examples) and scoring (the ``mirps_learned`` component) build their inputs here, so the two
cannot drift apart and no component imports ``evaluate``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from mirps_nlp.bounds import sentence_of_char
from mirps_nlp.components.actors.mentions import token_view
from mirps_nlp.components.figures import figure_context

QUOTE, CHAIR, NEITHER = "quote", "chair", "neither"

FIGURE_CATEGORY, SENTENCE_KIND = "figure_category", "sentence_kind"

__all__ = ["CHAIR", "NEITHER", "QUOTE", "figure_features", "model_name", "sentence_features"]


def model_name(kind: str, lang: str) -> str:
    """The folder of a language's model of one kind: English keeps the historical names
    (``figure_category``, ``sentence_kind``), another language adds its code (``sentence_kind_es``).
    The models read words, so each language has its own, trained on that language's gold."""
    return kind if lang in ("en", "") else f"{kind}_{lang}"


def figure_features(
    doc: Doc, start: int, end: int, counted: str | None, unit: str | None, rule_category: str | None
) -> str:
    """What the category model reads: the words around the figure, what it counts, its unit,
    and the rules' own guess (so the model learns when to overrule them, not to start over)."""
    # The rules' guess is written three times: on unseen words the model should lean on it
    # (document-grouped cross-validation: 0.82 accuracy with it once, 0.86 with it thrice).
    rule = " ".join([f"rulesays_{rule_category or 'none'}"] * 3)
    parts = [figure_context(doc, start, end), f"counted {counted or 'none'}", rule]
    if unit:
        parts.append(f"unit {unit}")
    return " | ".join(parts)


def sentence_features(doc: Doc, start: int, end: int) -> str:
    """The sentence(s) an item lies in: the unit the sentence model scores."""
    first, _ = sentence_of_char(doc, start)
    _, last = sentence_of_char(doc, max(start, end - 1))
    text = token_view(doc).doc_text  # doc.text and Span.text build a Token per word
    if last <= first:
        return text[max(0, start - 200) : end + 200]
    final = doc[last - 1]
    return text[doc[first].idx : final.idx + len(final)]
