"""``mirps-nlp train``: fit the learned components on the corpus, reproducibly.

Two models per language, both hashed n-grams + logistic regression (:mod:`mirps_nlp.learn.linear`),
each trained on the gold of its own language (English keeps the bare names, Spanish adds ``_es``):

- ``figure_category``: what a figure counts (displaced_people, refugees_asylum, commitments,
  beneficiaries, countries, money, percent, other) from the words around it;
- ``sentence_kind``: whether a sentence carries a quote attribution, a chair event, or neither;
  it gives quotes and chair events a calibrated ``confidence``.

Metrics come from cross-validation grouped by release (a release's sentences never sit in both
training and test folds). The final models are fitted on everything. No timestamps are
written, so the same corpus and versions rebuild the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from sklearn.metrics import accuracy_score, brier_score_loss, classification_report
from sklearn.model_selection import GroupKFold

from mirps_nlp import __version__
from mirps_nlp.learn.data import Examples, build_dataset
from mirps_nlp.learn.features import FIGURE_CATEGORY, SENTENCE_KIND, model_name
from mirps_nlp.learn.linear import MANIFEST, TextClassifier
from mirps_nlp.pipeline import DEFAULT_COMPONENTS, load

RULE_COMPONENTS = tuple(name for name in DEFAULT_COMPONENTS if name != "mirps_learned")

PURPOSE = {
    "figure_category": "Classifies what a figure counts, from the words around it, what it counts and its unit.",
    "sentence_kind": "Scores whether a sentence carries a quote attribution, a chair event, or neither; "
    "its probabilities become the `confidence` of quotes and chair events.",
}


def corpus_fingerprint(corpus: Path) -> str:
    """SHA-256 over the gold and release files, so a model names the data it was trained on."""
    digest = hashlib.sha256()
    for path in sorted([*corpus.glob("gold/*.json"), *corpus.glob("releases/*")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cross_validate(name: str, examples: Examples, folds: int, min_confidence: float = 0.5) -> dict[str, Any]:
    """Document-grouped cross-validation: per-class precision/recall, accuracy, Brier score.

    For examples that carry the rules' label (figures), also the held-out accuracy of the rules
    alone and of the pipeline's policy (the model's label where it is at least ``min_confidence``
    sure and the rules do not keep theirs, else the rules'): the ablation out of sample."""
    groups = np.array(examples.groups)
    n_splits = min(folds, len(set(examples.groups)))
    if n_splits < 2 or len(set(examples.labels)) < 2:
        return {"note": "too little data to cross-validate", "examples": len(examples.labels)}
    predicted = [""] * len(examples.labels)
    confidence = np.zeros(len(examples.labels))
    for train_idx, test_idx in GroupKFold(n_splits=n_splits).split(examples.texts, examples.labels, groups):
        train_labels = [examples.labels[i] for i in train_idx]
        if len(set(train_labels)) < 2:
            continue
        model = TextClassifier.fit(name, [examples.texts[i] for i in train_idx], train_labels)
        predictions = model.predict([examples.texts[i] for i in test_idx])
        for i, (label, probability) in zip(test_idx, predictions, strict=True):
            predicted[i], confidence[i] = label, probability
    correct = np.array([p == g for p, g in zip(predicted, examples.labels, strict=True)], dtype=float)
    report = classification_report(examples.labels, predicted, output_dict=True, zero_division=0)
    ablation: dict[str, float] = {}
    if examples.rule_labels and all(label is not None for label in examples.rule_labels):
        rules = [str(label) for label in examples.rule_labels]
        policy = [
            rule if kept or not model or sure < min_confidence else model
            for rule, kept, model, sure in zip(rules, examples.rule_kept, predicted, confidence, strict=True)
        ]
        ablation = {
            "rules_accuracy": round(float(accuracy_score(examples.labels, rules)), 4),
            "rules_plus_model_accuracy": round(float(accuracy_score(examples.labels, policy)), 4),
        }
    return {
        **ablation,
        "cross_validation": f"GroupKFold by release, {n_splits} folds",
        "examples": len(examples.labels),
        "releases": len(set(examples.groups)),
        "accuracy": round(float(accuracy_score(examples.labels, predicted)), 4),
        "brier_top_class": round(float(brier_score_loss(correct, confidence)), 4),
        "per_class": {
            label: {k: round(float(v), 4) for k, v in scores.items()}
            for label, scores in report.items()
            if isinstance(scores, dict) and label not in {"macro avg", "weighted avg"}
        },
    }


def model_card(kind: str, lang: str, metrics: dict[str, Any], versions: dict[str, str]) -> str:
    lines = [
        f"# {model_name(kind, lang)}",
        "",
        PURPOSE[kind],
        "",
        f"- Language: `{lang}` (trained on the gold of the `{lang}` releases only; the words differ).",
        "- Model: hashed word 1-2-grams (2^15 features) + logistic regression (C=4, balanced classes).",
        "- Stored as plain JSON (`model.json`), verified against `../MANIFEST.json` by SHA-256 on load; no pickle.",
        f"- Trained by `mirps-nlp train` on the project corpus ({metrics.get('releases', '?')} releases, "
        f"{metrics.get('examples', '?')} examples).",
        f"- Versions: mirps-nlp {versions['mirps_nlp']}, scikit-learn {versions['scikit_learn']}, "
        f"numpy {versions['numpy']}.",
        f"- {metrics.get('cross_validation', 'not cross-validated')}: accuracy {metrics.get('accuracy', 'n/a')}, "
        f"Brier score of the top-class probability {metrics.get('brier_top_class', 'n/a')}.",
    ]
    if "rules_accuracy" in metrics:
        lines.append(
            f"- Held out, on the same figures: the rules alone {metrics['rules_accuracy']}, rules + this model "
            f"{metrics['rules_plus_model_accuracy']} (the pipeline's policy: the model relabels only where it is "
            "sure and the figure has no currency or per-cent unit)."
        )
    lines += [
        "",
        "| class | precision | recall | support |",
        "|---|---|---|---|",
    ]
    for label, scores in sorted((metrics.get("per_class") or {}).items()):
        lines.append(f"| {label} | {scores['precision']:.2f} | {scores['recall']:.2f} | {int(scores['support'])} |")
    lines += [
        "",
        "Limits: trained on the project's own written corpus; figures in unseen genres may need retraining.",
        "Without this file the pipeline falls back to the rules and says so in each record's warnings.",
        "",
    ]
    return "\n".join(lines)


# Languages besides English that get their own models when the corpus has enough of their gold.
OTHER_LANGUAGES: tuple[str, ...] = ("es",)
MIN_RELEASES_PER_LANGUAGE = 10


def _fit_and_save(
    kind: str, lang: str, examples: Examples, folds: int, out: Path, versions: dict[str, str], manifest: dict[str, Any]
) -> dict[str, Any]:
    """Cross-validate, fit on everything, write the model with its metrics and card; return the metrics."""
    name = model_name(kind, lang)
    metrics = cross_validate(name, examples, folds)
    model = TextClassifier.fit(name, examples.texts, examples.labels, info={"examples": len(examples.labels)})
    folder = out / name
    sha = model.save(folder)
    (folder / "metrics.json").write_text(json.dumps(metrics, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    (folder / "README.md").write_text(model_card(kind, lang, metrics, versions), encoding="utf-8")
    manifest["models"][name] = {"sha256": sha, "classes": model.classes, "examples": len(examples.labels)}
    return metrics


def train(corpus: Path, out: Path, *, folds: int = 5) -> dict[str, Any]:
    """Build each language's datasets, cross-validate, fit, and write models, metrics, cards and
    manifest. English models are always written; another language's only when its gold covers
    enough releases to cross-validate (``MIN_RELEASES_PER_LANGUAGE``)."""
    versions = {"mirps_nlp": __version__, "scikit_learn": sklearn.__version__, "numpy": np.__version__}
    manifest: dict[str, Any] = {"versions": versions, "corpus_sha256": corpus_fingerprint(corpus), "models": {}}
    summary: dict[str, Any] = {}
    for lang in ("en", *OTHER_LANGUAGES):
        dataset = build_dataset(load(lang=lang, components=RULE_COMPONENTS), corpus / "gold", corpus / "releases")
        releases = len(dataset.releases)
        for kind, examples in ((FIGURE_CATEGORY, dataset.figures), (SENTENCE_KIND, dataset.sentences)):
            name = model_name(kind, lang)
            if len(set(examples.labels)) < 2:
                summary[name] = {"skipped": f"fewer than two classes in the {lang} gold"}
            elif lang != "en" and releases < max(folds, MIN_RELEASES_PER_LANGUAGE):
                summary[name] = {"skipped": f"too little {lang} gold ({releases} releases)"}
            else:
                summary[name] = _fit_and_save(kind, lang, examples, folds, out, versions, manifest)
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return summary
