"""Scoring against gold annotations, with the matching rules of the shared scorer.

Gold files (``corpus/gold/*.json``, ``seeds/gold/*.json``) describe a release without
offsets. Items are matched greedily one-to-one per record type:

- actors: same kind; countries by ISO3; organisations by acronym, id or a shared name
  form; persons by name (equal, or the shorter name of two or more words inside the longer);
- quotes: same speaker (when gold names one) and word-set Jaccard >= 0.8 of the text;
- figures: same value and qualifier;
- chair transfers: office, outgoing and incoming holder; chair terms: office, body, holder, term;
- meetings: ordinal; documents: one name contained in the other;
- metadata: title, published and reference where the gold states them (a gold null means
  "not in the text", so a predicted value there counts against us).

Like the scorer, it also reports the details of matched items where the gold states them:
a transfer's date and term, a meeting's date and place, a figure's counted phrase. Gold
files say their ``language``; every score can be read per language.

Extraction runs in-process, so evaluating the whole corpus takes seconds.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language

from mirps_nlp.extraction import AUTO, InputItem, extract_many

RECORD_TYPES: tuple[str, ...] = (
    "actors",
    "quotes",
    "figures",
    "chair_transfers",
    "chair_terms",
    "meetings",
    "documents",
    "metadata",
)

_STOP = re.compile(r"\b(the|of|and|for|s)\b")
_NON_ALNUM = re.compile(r"[^a-z0-9 ]+")
_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "him", "her", "them"})


def canonical(text: Any) -> str:
    """ASCII, lower case, no punctuation, no stop words: the form names are compared in."""
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    folded = _STOP.sub(" ", _NON_ALNUM.sub(" ", folded.lower()))
    return " ".join(folded.split())


def word_set(text: Any) -> set[str]:
    return set(canonical(text).split())


def jaccard(a: Any, b: Any) -> float:
    left, right = word_set(a), word_set(b)
    union = left | right
    return len(left & right) / len(union) if union else 1.0


def same_person(a: Any, b: Any) -> bool:
    """Equal names, or the shorter (two words or more) inside the longer."""
    left, right = canonical(a).split(), canonical(b).split()
    if not left or not right:
        return False
    short, long_ = sorted((left, right), key=len)
    return short == long_ or (len(short) >= 2 and set(short) <= set(long_))


def _iso3(actor_id: Any) -> str | None:
    text = str(actor_id or "")
    return text.split(":", 1)[1].upper() if text.startswith("country:") else None


def _id_words(actor: dict[str, Any]) -> str:
    return canonical(str(actor.get("id") or "").split(":", 1)[-1].replace("_", " "))


def actors_match(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if gold.get("kind") != pred.get("kind"):
        return False
    if gold.get("kind") == "country":
        return (gold.get("iso3") or _iso3(gold.get("id"))) == (pred.get("iso3") or _iso3(pred.get("id")))
    if gold.get("kind") == "organization":
        if gold.get("acronym") and pred.get("acronym") and canonical(gold["acronym"]) == canonical(pred["acronym"]):
            return True
        if gold.get("id") and gold.get("id") == pred.get("id"):
            return True
        gold_forms = {canonical(gold.get("name")), canonical(gold.get("acronym")), _id_words(gold)} - {""}
        pred_forms = {canonical(pred.get("name")), canonical(pred.get("acronym")), _id_words(pred)} - {""}
        return bool(gold_forms & pred_forms)
    return same_person(gold.get("name"), pred.get("name"))


def _actor_index(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {actor.get("id"): actor for actor in record.get("actors") or []}


def same_actor(gold_id: Any, pred_id: Any, gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """Does the predicted actor id denote the gold one (looked up in each record's actors)?"""
    if gold_id is None or pred_id is None:
        return gold_id is None and pred_id is None
    if _iso3(gold_id):
        return _iso3(gold_id) in (_iso3(pred_id), (_actor_index(pred).get(pred_id) or {}).get("iso3"))
    gold_actor = _actor_index(gold).get(gold_id) or {"id": gold_id, "name": gold_id.split(":", 1)[-1]}
    pred_actor = _actor_index(pred).get(pred_id) or {"id": pred_id, "name": pred_id.split(":", 1)[-1]}
    if gold_actor.get("kind") and pred_actor.get("kind"):
        return actors_match(gold_actor, pred_actor)
    return canonical(gold_id) == canonical(pred_id)


def office_key(office: Any) -> str:
    key = canonical(office).replace(" ", "_")
    if "tempore" in key or key in {"ppt", "presidency"}:
        return "pro_tempore_presidency"
    return "chair" if "chair" in key else key


def body_key(body: Any) -> str:
    key = canonical(body)
    return "mirps_support_platform" if "support platform" in key else key.replace(" ", "_")


def quotes_match(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if gold.get("speaker_name") and not same_person(gold["speaker_name"], pred.get("speaker_name")):
        return False
    if gold.get("text") is not None:
        return jaccard(gold["text"], pred.get("text")) >= 0.8
    first = canonical(gold.get("first_words"))
    return bool(first) and canonical(pred.get("text")).startswith(first)


def figures_match(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    if pred.get("value") is None:
        return False
    close = abs(float(pred["value"]) - float(gold["value"])) <= 1e-6 * max(1.0, abs(float(gold["value"])))
    return close and (gold.get("qualifier") or None) == (pred.get("qualifier") or None)


def counted_matches(gold: Any, pred: Any) -> bool:
    """What a figure counts is right when one phrase starts with the other, word for word:
    "people" for "people expected to benefit" (the head is right, a modifier is missing), but
    not "donors" for "contributions announced by donors"."""
    gold_words, pred_words = canonical(gold).split(), canonical(pred).split()
    if not gold_words or not pred_words:
        return gold_words == pred_words
    shorter = min(len(gold_words), len(pred_words))
    return gold_words[:shorter] == pred_words[:shorter]


def same_place(gold: Any, pred: Any) -> bool:
    """One place's words hold the other's ("Guatemala City" = "Guatemala City, Guatemala")."""
    gold_words, pred_words = word_set(gold), word_set(pred)
    return bool(gold_words and pred_words) and (gold_words <= pred_words or pred_words <= gold_words)


# Details of matched items, scored where the gold states them (as the shared scorer does).
DETAILS: tuple[tuple[str, str, Callable[[Any, Any], bool]], ...] = (
    ("chair_transfers", "date", lambda g, p: g == p),
    ("chair_transfers", "term", lambda g, p: canonical(g) == canonical(p)),
    ("meetings", "date", lambda g, p: g == p),
    ("meetings", "place", same_place),
    ("figures", "counted", lambda g, p: bool(word_set(g) & word_set(p))),
)


def documents_match(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    gold_name, pred_name = canonical(gold.get("name")), canonical(pred.get("name"))
    return gold_name in pred_name or (pred_name in gold_name and len(pred_name) > 3)


Matcher = Callable[[Any, Any], bool]


def greedy_match(gold: list[Any], pred: list[Any], ok: Matcher) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
    """One-to-one greedy matching: (pairs, missed gold items, extra predicted items)."""
    used: set[int] = set()
    pairs, missed = [], []
    for gold_item in gold:
        hit = next((i for i, p in enumerate(pred) if i not in used and ok(gold_item, p)), None)
        if hit is None:
            missed.append(gold_item)
        else:
            used.add(hit)
            pairs.append((gold_item, pred[hit]))
    return pairs, missed, [p for i, p in enumerate(pred) if i not in used]


def _metadata(record: dict[str, Any], gold: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, value) pairs for the metadata fields the gold file states."""
    getters: dict[str, Callable[[dict[str, Any]], Any]] = {
        "title": lambda r: r.get("title"),
        "published": lambda r: r.get("published"),
        "reference": lambda r: (r.get("source") or {}).get("reference"),
    }
    stated = {
        "title": "title" in gold,
        "published": "published" in gold,
        "reference": "reference" in (gold.get("source") or {}),
    }
    return [(name, canonical(get(record))) for name, get in getters.items() if stated[name] and get(record)]


@dataclass
class TypeScore:
    tp: int = 0
    fn: int = 0
    fp: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if self.tp + self.fn == 0 else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: TypeScore) -> None:
        self.tp += other.tp
        self.fn += other.fn
        self.fp += other.fp


@dataclass
class ReleaseComparison:
    """Per-type match results for one release, with the misses kept for error analysis."""

    name: str
    scores: dict[str, TypeScore]
    missed: dict[str, list[Any]]
    extra: dict[str, list[Any]]
    counted_right: int = 0
    counted_total: int = 0
    category_right: int = 0
    category_total: int = 0
    # (confidence, 1 if the predicted item matched gold else 0) for quotes and transfers
    outcomes: list[tuple[float, int]] = field(default_factory=list)
    # "chair_transfers date" -> [right, stated] over matched pairs whose gold states the field
    details: dict[str, list[int]] = field(default_factory=dict)
    language: str = "en"


def compare(gold: dict[str, Any], pred: dict[str, Any], name: str = "") -> ReleaseComparison:
    """Match one predicted record (a JSON dict) against its gold."""
    matchers: dict[str, tuple[list[Any], list[Any], Matcher]] = {
        "actors": (gold.get("actors", []), pred.get("actors") or [], actors_match),
        "quotes": (gold.get("quotes", []), pred.get("quotes") or [], quotes_match),
        "figures": (gold.get("figures", []), pred.get("figures") or [], figures_match),
        "chair_transfers": (
            gold.get("chair_transfers", []),
            pred.get("chair_transfers") or [],
            lambda g, p: (
                office_key(g.get("office")) == office_key(p.get("office"))
                and same_actor(g.get("from"), p.get("from"), gold, pred)
                and same_actor(g.get("to"), p.get("to"), gold, pred)
            ),
        ),
        "chair_terms": (
            gold.get("chair_terms", []),
            pred.get("chair_terms") or [],
            lambda g, p: (
                office_key(g.get("office")) == office_key(p.get("office"))
                and body_key(g.get("body")) == body_key(p.get("body"))
                and same_actor(g.get("holder"), p.get("holder"), gold, pred)
                and (g.get("term") or None) == (p.get("term") or None)
            ),
        ),
        "meetings": (
            gold.get("meetings", []),
            pred.get("meetings") or [],
            lambda g, p: g.get("ordinal") == p.get("ordinal"),
        ),
        "documents": (gold.get("documents", []), pred.get("documents") or [], documents_match),
        "metadata": (_metadata(gold, gold), _metadata(pred, gold), lambda g, p: g == p),
    }
    result = ReleaseComparison(name=name, scores={}, missed={}, extra={}, language=gold.get("language") or "en")
    for record_type, (gold_items, pred_items, ok) in matchers.items():
        pairs, missed, extra = greedy_match(gold_items, pred_items, ok)
        for detail_type, detail_field, agrees in DETAILS:
            if detail_type != record_type:
                continue
            for gold_item, pred_item in pairs:
                if gold_item.get(detail_field) in (None, ""):
                    continue
                cell = result.details.setdefault(f"{detail_type} {detail_field}", [0, 0])
                cell[1] += 1
                cell[0] += int(
                    pred_item.get(detail_field) not in (None, "")
                    and agrees(gold_item[detail_field], pred_item[detail_field])
                )
        result.scores[record_type] = TypeScore(tp=len(pairs), fn=len(missed), fp=len(extra))
        result.missed[record_type], result.extra[record_type] = missed, extra
        if record_type == "figures":
            for gold_fig, pred_fig in pairs:
                if gold_fig.get("counted") is not None:
                    result.counted_total += 1
                    result.counted_right += int(counted_matches(gold_fig["counted"], pred_fig.get("counted")))
                if gold_fig.get("category"):
                    result.category_total += 1
                    result.category_right += int(gold_fig["category"] == pred_fig.get("category"))
        if record_type in {"quotes", "chair_transfers"}:
            result.outcomes += [(p["confidence"], 1) for _, p in pairs if p.get("confidence") is not None]
            result.outcomes += [(p["confidence"], 0) for p in extra if p.get("confidence") is not None]
    return result


@dataclass
class Evaluation:
    """Totals over a gold set."""

    releases: list[ReleaseComparison] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def totals(self) -> dict[str, TypeScore]:
        totals = {record_type: TypeScore() for record_type in RECORD_TYPES}
        for release in self.releases:
            for record_type, score in release.scores.items():
                totals[record_type].add(score)
        return totals

    def micro(self) -> TypeScore:
        overall = TypeScore()
        for score in self.totals().values():
            overall.add(score)
        return overall

    def counted_accuracy(self) -> float | None:
        total = sum(r.counted_total for r in self.releases)
        return sum(r.counted_right for r in self.releases) / total if total else None

    def category_accuracy(self) -> float | None:
        total = sum(r.category_total for r in self.releases)
        return sum(r.category_right for r in self.releases) / total if total else None

    def confidence_brier(self) -> float | None:
        """Mean squared gap between an item's confidence and whether it was right (lower is better)."""
        outcomes = [pair for r in self.releases for pair in r.outcomes]
        return sum((c - y) ** 2 for c, y in outcomes) / len(outcomes) if outcomes else None

    def details(self) -> dict[str, tuple[int, int]]:
        """(right, stated) per detail, e.g. ``"chair_transfers date"``: the scorer's detail lines."""
        totals: dict[str, list[int]] = {}
        for release in self.releases:
            for key, (right, stated) in release.details.items():
                cell = totals.setdefault(key, [0, 0])
                cell[0] += right
                cell[1] += stated
        return {key: (right, stated) for key, (right, stated) in sorted(totals.items())}

    def in_language(self, language: str) -> Evaluation:
        """The same scores restricted to the releases whose gold is in ``language``."""
        return Evaluation(
            releases=[r for r in self.releases if r.language == language],
            failures=[
                f
                for f in self.failures
                if f.split(":", 1)[0] in {r.name for r in self.releases if r.language == language}
            ],
        )

    def languages(self) -> list[str]:
        return sorted({r.language for r in self.releases})

    def extra_metrics(self) -> dict[str, str]:
        """Details of matched items as the scorer prints them, figures' category accuracy, and
        the calibration of confidences."""
        metrics: dict[str, str] = {
            f"matched {key.replace(' ', ' with ')} right": f"{right}/{stated}"
            for key, (right, stated) in self.details().items()
        }
        if (counted := self.counted_accuracy()) is not None:
            metrics["figures counted right"] = f"{counted:.0%} of matched figures"
        if (category := self.category_accuracy()) is not None:
            metrics["figures category right"] = f"{category:.0%} of matched figures"
        if (brier := self.confidence_brier()) is not None:
            metrics["confidence Brier score (quotes, transfers)"] = f"{brier:.3f}"
        return metrics

    def to_dict(self) -> dict[str, Any]:
        table: dict[str, Any] = {
            name: {"tp": s.tp, "fn": s.fn, "fp": s.fp, "p": s.precision, "r": s.recall, "f1": s.f1}
            for name, s in self.totals().items()
        }
        micro = self.micro()
        table["micro"] = {"p": micro.precision, "r": micro.recall, "f1": micro.f1}
        table["figures_counted_accuracy"] = self.counted_accuracy()
        table["figures_category_accuracy"] = self.category_accuracy()
        table["confidence_brier"] = self.confidence_brier()
        table["details"] = {key: {"right": right, "stated": stated} for key, (right, stated) in self.details().items()}
        table["releases"] = len(self.releases)
        table["failures"] = self.failures
        return table


def load_gold(gold_dir: Path) -> Iterator[tuple[Path, dict[str, Any]]]:
    for path in sorted(Path(gold_dir).glob("*.json")):
        yield path, json.loads(path.read_text(encoding="utf-8"))


def evaluate(
    gold_dir: Path | str,
    texts_dir: Path | str,
    *,
    nlp: Language | None = None,
    model: str | None = None,
    lang: str = AUTO,
    language: str | None = None,
) -> Evaluation:
    """Extract every release a gold file names and compare it with the gold.

    Each release goes through the pipeline of its detected language (``lang="auto"``), or of
    ``lang``, or through ``nlp``; ``language`` keeps only the gold files in that language.
    """
    golds = [
        (path, gold)
        for path, gold in load_gold(Path(gold_dir))
        if language is None or (gold.get("language") or "en") == language
    ]
    items = [InputItem(path=str(Path(texts_dir) / gold["file"]), id=path.name) for path, gold in golds]
    evaluation = Evaluation()
    failed: dict[str, str] = {}

    def on_error(item: InputItem, error: Exception) -> None:
        failed[item.id or item.label] = str(error)

    predicted = {
        release.source.input_id: release.to_json_dict()
        for release in extract_many(items, nlp=nlp, model=model, lang=lang, on_error=on_error)
    }
    for path, gold in golds:
        name = path.name
        if name in failed:
            evaluation.failures.append(f"{name}: {failed[name]}")
        evaluation.releases.append(compare(gold, predicted.get(name, {}), name=name))
    return evaluation


def ablation(gold_dir: Path | str, texts_dir: Path | str, *, model: str | None = None) -> dict[str, Evaluation]:
    """The same gold scored by the rules alone and by rules + learned models, per language
    (each language's gold through that language's pipelines)."""
    from mirps_nlp.pipeline import DEFAULT_COMPONENTS, load

    rules = tuple(c for c in DEFAULT_COMPONENTS if c != "mirps_learned")
    languages = sorted({(gold.get("language") or "en") for _, gold in load_gold(Path(gold_dir))})
    variants: dict[str, Evaluation] = {}
    for language in languages:
        for label, components in (("rules only", rules), ("rules + models", DEFAULT_COMPONENTS)):
            nlp = load(model, language, components=components)
            variants[f"{label} [{language}]"] = evaluate(gold_dir, texts_dir, nlp=nlp, language=language)
    return variants


def iter_errors(evaluation: Evaluation, types: Iterable[str] = RECORD_TYPES) -> Iterator[str]:
    """Readable lines for every missed and extra item (``evaluate --verbose``)."""
    for release in evaluation.releases:
        for record_type in types:
            for item in release.missed.get(record_type, []):
                yield f"{release.name} {record_type} missed: {json.dumps(item, ensure_ascii=False)[:300]}"
            for item in release.extra.get(record_type, []):
                yield f"{release.name} {record_type} extra:  {json.dumps(_brief(item), ensure_ascii=False)[:300]}"


def _brief(item: Any) -> Any:
    if isinstance(item, dict):
        return {k: v for k, v in item.items() if k not in {"mentions", "start", "end", "sentence"}}
    return item
