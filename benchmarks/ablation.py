"""The learned parts, per language: what the corpus scores with and without them.

    python benchmarks/ablation.py                    # corpus/gold, models/ (or $MIRPS_NLP_MODELS)
    python benchmarks/ablation.py --gold DIR --texts DIR

Prints one Markdown table per language (the README's "Learned components" tables):

* in sample: the corpus scored by the rules alone and by rules + models (micro-F1, F1 of each
  record type, and what only the models touch: figure category accuracy, Brier score of the
  quotes' and transfers' ``confidence``). The models were trained on this corpus, so this half
  shows that they do no harm, not what they are worth;
* out of sample: the held-out numbers ``mirps-nlp train`` wrote to ``models/*/metrics.json``
  (cross-validation grouped by release): figure category accuracy of the rules alone and of
  rules + model on the same held-out figures, and the sentence model's accuracy and Brier score.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def _row(name: str, before: str, after: str) -> str:
    mark = "" if before == after else " (changed)"
    return f"| {name}{mark} | {before} | {after} |"


def _number(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def in_sample_table(language: str, rules: Any, full: Any) -> list[str]:
    lines = [
        f"**{language}**, {len(full.releases)} releases with gold (in sample)",
        "",
        "| measure | rules alone | rules + models |",
        "|---|---:|---:|",
        _row("micro-F1", _number(rules.micro().f1), _number(full.micro().f1)),
    ]
    before, after = rules.totals(), full.totals()
    for record_type, score in after.items():
        lines.append(_row(f"{record_type} F1", _number(before[record_type].f1), _number(score.f1)))
    category = (_number(rules.category_accuracy()), _number(full.category_accuracy()))
    lines.append(_row("figure category accuracy (matched)", *category))
    brier = (_number(rules.confidence_brier()), _number(full.confidence_brier()))
    lines.append(_row("Brier of `confidence` (quotes, transfers)", *brier))
    return lines


def held_out_table(language: str, models: Path) -> list[str]:
    from mirps_nlp.learn.features import FIGURE_CATEGORY, SENTENCE_KIND, model_name

    lines = [f"**{language}**, cross-validated by release (held out)", ""]
    lines += ["| model | measure | value |", "|---|---|---:|"]
    for kind in (FIGURE_CATEGORY, SENTENCE_KIND):
        name = model_name(kind, language)
        path = models / name / "metrics.json"
        if not path.is_file():
            lines.append(f"| {name} | not trained (too little gold): rules only | |")
            continue
        metrics = json.loads(path.read_text(encoding="utf-8"))
        where = f"{metrics.get('examples')} examples, {metrics.get('releases')} releases"
        if "rules_accuracy" in metrics:
            lines.append(f"| {name} | category accuracy, rules alone ({where}) | {metrics['rules_accuracy']:.3f} |")
            lines.append(f"| {name} | category accuracy, rules + model | {metrics['rules_plus_model_accuracy']:.3f} |")
        lines.append(f"| {name} | model accuracy | {metrics.get('accuracy', float('nan')):.3f} |")
        lines.append(f"| {name} | Brier score of the top class | {metrics.get('brier_top_class', float('nan')):.3f} |")
    return lines


def main() -> None:
    from mirps_nlp.components.learned import default_models_dir
    from mirps_nlp.evaluate import ablation

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=REPO / "corpus" / "gold")
    parser.add_argument("--texts", type=Path, default=REPO / "corpus" / "releases")
    args = parser.parse_args()
    variants = ablation(args.gold, args.texts)
    languages = sorted({label.rsplit("[", 1)[1].rstrip("]") for label in variants})
    for language in languages:
        rules, full = variants[f"rules only [{language}]"], variants[f"rules + models [{language}]"]
        print("\n".join(in_sample_table(language, rules, full)), end="\n\n")
        print("\n".join(held_out_table(language, default_models_dir())), end="\n\n")


if __name__ == "__main__":
    main()
