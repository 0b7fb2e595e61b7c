"""Training examples from the gold corpus (the feature texts themselves are in :mod:`.features`).

Gold files carry no offsets, so examples are located in the release: a gold figure or quote
by its own words, a chair event by the rule candidate it matches (or, when the rules missed
it, the sentence naming its holders). Rule candidates that match no gold item become the
negatives a sentence model must learn to doubt. Every example remembers its release, so
cross-validation can split by document, never by row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from mirps_nlp import evaluate, ingest
from mirps_nlp.extensions import ACTOR_SPANS
from mirps_nlp.learn.features import CHAIR, NEITHER, QUOTE, figure_features


@dataclass
class Examples:
    """Feature texts with their gold labels and releases; for figures also the rules' own label and
    whether the pipeline keeps it regardless of the model (a currency or per-cent unit), so
    cross-validation can score rules alone and rules + model on the same held-out examples."""

    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    rule_labels: list[str | None] = field(default_factory=list)
    rule_kept: list[bool] = field(default_factory=list)

    def add(self, text: str, label: str, group: str, rule_label: str | None = None, rule_kept: bool = False) -> None:
        self.texts.append(text)
        self.labels.append(label)
        self.groups.append(group)
        self.rule_labels.append(rule_label)
        self.rule_kept.append(rule_kept)


@dataclass
class Dataset:
    figures: Examples = field(default_factory=Examples)
    sentences: Examples = field(default_factory=Examples)
    releases: list[str] = field(default_factory=list)


def _locate(text: str, needle: str | None, used: set[int]) -> tuple[int, int] | None:
    """First occurrence of ``needle`` not already taken (quote marks may be straight or curly)."""
    if not needle:
        return None
    variants = {needle, needle.replace('"', "“"), needle.replace("“", '"').replace("”", '"')}
    for candidate in variants:
        start = text.find(candidate)
        while start != -1:
            if start not in used:
                used.add(start)
                return start, start + len(candidate)
            start = text.find(candidate, start + 1)
    return None


def _sentence_of(doc: Doc, offset: int) -> int | None:
    span = doc.char_span(offset, min(offset + 1, len(doc.text)), alignment_mode="expand")
    return span[0].sent.start if span is not None and len(span) else None


def _holder_sentences(doc: Doc, gold: dict[str, Any], item: dict[str, Any], record: dict[str, Any]) -> Iterator[int]:
    """Sentences naming every holder of a gold chair item (for items the rules missed)."""
    wanted = [str(item[key]) for key in ("from", "to", "holder") if item.get(key)]
    if not wanted or ACTOR_SPANS not in doc.spans:
        return
    by_sentence: dict[int, set[str]] = {}
    for span in doc.spans[ACTOR_SPANS]:
        for holder in wanted:
            if evaluate.same_actor(holder, span.id_, gold, record):
                by_sentence.setdefault(span.sent.start, set()).add(holder)
    for sentence_start, holders in by_sentence.items():
        if len(holders) == len(wanted):
            yield sentence_start


def build_dataset(nlp: Language, gold_dir: Path, texts_dir: Path) -> Dataset:
    """Examples for both models from every gold release (``nlp`` must be the rules-only pipeline)."""
    from mirps_nlp.normalize import to_release

    dataset = Dataset()
    for gold_path, gold in evaluate.load_gold(gold_dir):
        if (gold.get("language") or "en") != nlp.lang:
            continue  # a model learns one language's words: Spanish gold trains the Spanish model
        group = gold_path.stem
        ingested = ingest.ingest_path(texts_dir / gold["file"])
        doc = nlp.make_doc(ingested.text)
        doc._.mirps_published = ingested.published
        doc._.mirps_dateline_place = ingested.dateline_place
        doc = nlp(doc)
        record = to_release(doc, ingested).to_json_dict()
        dataset.releases.append(group)
        _figure_examples(doc, gold, record, group, dataset.figures)
        _sentence_examples(doc, gold, record, group, dataset.sentences)
    return dataset


def _figure_examples(doc: Doc, gold: dict[str, Any], record: dict[str, Any], group: str, out: Examples) -> None:
    pairs, _, _ = evaluate.greedy_match(gold.get("figures", []), record["figures"], evaluate.figures_match)
    predicted_for = {id(g): p for g, p in pairs}
    used: set[int] = set()
    for item in gold.get("figures", []):
        pred = predicted_for.get(id(item))
        where = _locate(doc.text, item.get("text"), used) or ((pred["start"], pred["end"]) if pred else None)
        if where is None or not item.get("category"):
            continue
        counted = (pred or {}).get("counted") or item.get("counted")
        rule_category = (pred or {}).get("category")
        start, end = where
        features = figure_features(doc, start, end, counted, item.get("unit"), rule_category)
        # the scorer leaves a figure with a unit to the rules (mirps_learned._categorise_figures)
        rule_kept = pred is not None and bool(pred.get("unit"))
        out.add(features, item["category"], group, rule_category or "none", rule_kept)


def _sentence_examples(doc: Doc, gold: dict[str, Any], record: dict[str, Any], group: str, out: Examples) -> None:
    labels: dict[int, str] = {}
    used: set[int] = set()
    quote_pairs, _, quote_extra = evaluate.greedy_match(gold.get("quotes", []), record["quotes"], evaluate.quotes_match)
    for item in gold.get("quotes", []):
        where = _locate(doc.text, item.get("text"), used)
        if where is not None and (sentence := _sentence_of(doc, where[0])) is not None:
            labels[sentence] = QUOTE
    for _, pred in quote_pairs:
        if (sentence := _sentence_of(doc, pred["start"])) is not None:
            labels[sentence] = QUOTE
    for key, ok in (("chair_transfers", _transfer_ok(gold, record)), ("chair_terms", _term_ok(gold, record))):
        pairs, missed, extra = evaluate.greedy_match(gold.get(key, []), record[key], ok)
        for _, pred in pairs:
            if (sentence := _sentence_of(doc, pred["start"])) is not None:
                labels[sentence] = CHAIR
        for item in missed:
            for sentence in _holder_sentences(doc, gold, item, record):
                labels[sentence] = CHAIR
        for pred in extra:
            if (sentence := _sentence_of(doc, pred["start"])) is not None:
                labels.setdefault(sentence, NEITHER)
    for pred in quote_extra:
        if (sentence := _sentence_of(doc, pred["start"])) is not None:
            labels.setdefault(sentence, NEITHER)
    for sent in doc.sents:
        if not sent.text.strip():
            continue
        out.add(sent.text, labels.get(sent.start, NEITHER), group)


def _transfer_ok(gold: dict[str, Any], record: dict[str, Any]) -> evaluate.Matcher:
    return lambda g, p: (
        evaluate.office_key(g.get("office")) == evaluate.office_key(p.get("office"))
        and all(evaluate.same_actor(g.get(k), p.get(k), gold, record) for k in ("from", "to"))
    )


def _term_ok(gold: dict[str, Any], record: dict[str, Any]) -> evaluate.Matcher:
    return lambda g, p: (
        evaluate.office_key(g.get("office")) == evaluate.office_key(p.get("office"))
        and evaluate.same_actor(g.get("holder"), p.get("holder"), gold, record)
    )
