"""Figures: mirps_figures next to quantulum3 on gold-annotated releases (precision, recall, speed).

usage:
    python benchmarks/compare_quantulum.py [--set GOLD_DIR:TEXT_DIR ...] [--repeat N] [--verbose]

Defaults to the seeds (``../shared/seeds``) and the project corpus (``corpus/gold``,
``corpus/releases``) when they exist. A figure matches a gold figure as in the scorer: same
value (relative tolerance 1e-6) and same qualifier. quantulum3 has no notion of qualifiers,
so it is also scored on value alone (``value-only``), which flatters it.

quantulum3 is NOT a dependency of mirps-nlp (its classifier breaks with recent scikit-learn);
install it in a separate virtual environment:

    python3 -m venv /tmp/figbench
    /tmp/figbench/bin/pip install -e /path/to/mirps-nlp quantulum3
    /tmp/figbench/bin/python benchmarks/compare_quantulum.py

Without it the script still scores mirps_figures and says how to add the comparison.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
INSTALL_HINT = (
    "quantulum3 is not installed in this interpreter. To compare against it:\n"
    "    python3 -m venv /tmp/figbench\n"
    f"    /tmp/figbench/bin/pip install -e {ROOT} quantulum3\n"
    f"    /tmp/figbench/bin/python {Path(__file__).resolve()}"
)

Figure = dict[str, Any]
Extractor = Callable[[str], list[Figure]]


def norm(text: str | None) -> str:
    """The scorer's normalisation: ASCII, lower case, no punctuation or function words."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9 ]+", " ", text.lower())
    text = re.sub(r"\b(the|of|and|for|s)\b", " ", text)
    return " ".join(text.split())


def jaccard(a: str | None, b: str | None) -> float:
    wa, wb = set(norm(a).split()), set(norm(b).split())
    return len(wa & wb) / len(wa | wb) if wa | wb else 1.0


def same_value(gold: Figure, pred: Figure) -> bool:
    if pred.get("value") is None:
        return False
    g = float(gold["value"])
    return abs(float(pred["value"]) - g) <= 1e-6 * max(1.0, abs(g))


def same_figure(gold: Figure, pred: Figure) -> bool:
    return same_value(gold, pred) and (gold.get("qualifier") or None) == (pred.get("qualifier") or None)


def match(gold: list[Figure], pred: list[Figure], ok: Callable[[Figure, Figure], bool]) -> list[tuple[Figure, Figure]]:
    """Greedy one-to-one matching, as in the scorer."""
    used: set[int] = set()
    pairs = []
    for g in gold:
        hit = next((i for i, p in enumerate(pred) if i not in used and ok(g, p)), None)
        if hit is not None:
            used.add(hit)
            pairs.append((g, pred[hit]))
    return pairs


@dataclass
class Tally:
    tp: int = 0
    gold: int = 0
    pred: int = 0
    counted_exact: int = 0
    counted_overlap: int = 0
    counted_prefix: int = 0  # evaluate.py's rule: one phrase a word-for-word prefix of the other
    counted_gold: int = 0  # matched figures whose gold states what is counted
    seconds: float = 0.0
    chars: int = 0
    docs: int = 0
    misses: list[str] = field(default_factory=list)

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.pred if self.pred else (1.0 if not self.gold else 0.0)
        r = self.tp / self.gold if self.gold else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_sets(specs: list[str]) -> list[tuple[str, Figure, str]]:
    """(name, gold record, normalised text) for every gold file of every GOLD_DIR:TEXT_DIR set."""
    from mirps_nlp.extraction import InputItem, ingest_item

    out = []
    for spec in specs:
        gold_dir, text_dir = (Path(p) for p in spec.split(":", 1))
        for gpath in sorted(gold_dir.glob("*.json")):
            gold = json.loads(gpath.read_text(encoding="utf-8"))
            tpath = text_dir / gold["file"]
            if not tpath.exists():
                continue
            text = ingest_item(InputItem(path=str(tpath))).text
            out.append((gpath.stem, gold, text))
    return out


def ours() -> Extractor:
    from mirps_nlp.pipeline import load

    nlp = load(components=("mirps_sentences", "mirps_figures"))

    def run(text: str) -> list[Figure]:
        return list(nlp(text)._.mirps_figures or [])

    return run


def quantulum() -> Extractor | None:
    try:
        from quantulum3 import parser  # imported lazily: not a dependency of mirps-nlp
    except ImportError:
        return None

    import warnings

    from quantulum3 import classifier

    warnings.filterwarnings("ignore", message=".*(persistence|unpickle|version).*")

    def run(text: str) -> list[Figure]:
        try:
            quantities = parser.parse(text)
        except Exception as exc:  # its pickled classifier breaks with scikit-learn >= 1.9
            if not classifier.USE_CLF:
                raise
            classifier.USE_CLF = False
            print(f"note: quantulum3's unit classifier failed ({type(exc).__name__}); "
                  "falling back to its rule-based disambiguation")
            quantities = parser.parse(text)
        figures = []
        for q in quantities:
            unit = getattr(q.unit, "name", None)
            figures.append({"text": q.surface, "value": q.value, "qualifier": None,
                            "counted": None if unit in (None, "dimensionless") else unit})
        return figures

    return run


def evaluate(name: str, extract: Extractor, docs: list[tuple[str, Figure, str]], repeat: int) -> dict[str, Tally]:
    from mirps_nlp.evaluate import counted_matches

    strict, loose = Tally(), Tally()
    for stem, gold, text in docs:
        gold_figs = gold.get("figures") or []
        start = time.perf_counter()
        for _ in range(repeat):
            pred = extract(text)
        elapsed = (time.perf_counter() - start) / repeat
        for tally, ok in ((strict, same_figure), (loose, same_value)):
            pairs = match(gold_figs, pred, ok)
            tally.tp += len(pairs)
            tally.gold += len(gold_figs)
            tally.pred += len(pred)
            tally.seconds += elapsed
            tally.chars += len(text)
            tally.docs += 1
            for g, p in pairs:
                tally.counted_exact += norm(g.get("counted")) == norm(p.get("counted"))
                tally.counted_overlap += jaccard(g.get("counted"), p.get("counted")) >= 0.5
                if g.get("counted") is not None:
                    tally.counted_gold += 1
                    tally.counted_prefix += counted_matches(g["counted"], p.get("counted"))
            hit_g = [id(g) for g, _ in pairs]
            hit_p = [id(p) for _, p in pairs]
            if tally is strict:
                tally.misses += [f"{stem} missed {g.get('text')!r} {g.get('value')} {g.get('qualifier')}"
                                 for g in gold_figs if id(g) not in hit_g]
                tally.misses += [f"{stem} extra  {p.get('text')!r} {p.get('value')} {p.get('qualifier')}"
                                 for p in pred if id(p) not in hit_p]
                tally.misses += [f"{stem} counted {g.get('counted')!r} vs {p.get('counted')!r}"
                                 for g, p in pairs if norm(g.get("counted")) != norm(p.get("counted"))]
    return {"value+qualifier": strict, "value-only": loose}


def report(name: str, tallies: dict[str, Tally], verbose: bool) -> None:
    for mode, t in tallies.items():
        p, r, f = t.prf()
        counted = (f"counted {t.counted_exact}/{t.tp} exact, {t.counted_overlap}/{t.tp} overlap, "
                   f"{t.counted_prefix}/{t.counted_gold} prefix") if t.tp else ""
        speed = f"{t.docs / t.seconds:8.1f} docs/s {t.chars / t.seconds / 1000:8.1f} kchar/s" if t.seconds else ""
        print(f"{name:14} {mode:16} P {p:5.2f} R {r:5.2f} F1 {f:5.2f}  "
              f"tp {t.tp:3} pred {t.pred:3} gold {t.gold:3}  {speed}  {counted}")
    if verbose:
        for line in tallies["value+qualifier"].misses:
            print("    " + line)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", action="append", dest="sets", metavar="GOLD_DIR:TEXT_DIR",
                    help="a gold directory and the directory of the texts it names (repeatable)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per document for the timing")
    ap.add_argument("--verbose", "-v", action="store_true", help="list misses, extras and counted errors")
    a = ap.parse_args(argv)
    sets = a.sets or [
        f"{d}:{t}" for d, t in (
            (ROOT.parent / "shared/seeds/gold", ROOT.parent / "shared/seeds"),
            (ROOT / "corpus/gold", ROOT / "corpus/releases"),
        ) if d.is_dir()
    ]
    docs = load_sets(sets)
    if not docs:
        print("no gold files found; pass --set GOLD_DIR:TEXT_DIR", file=sys.stderr)
        return 2
    print(f"{len(docs)} releases, {sum(len(g.get('figures') or []) for _, g, _ in docs)} gold figures")
    report("mirps_figures", evaluate("mirps_figures", ours(), docs, a.repeat), a.verbose)
    q = quantulum()
    if q is None:
        print(INSTALL_HINT)
        return 0
    q(docs[0][2])  # warm up: quantulum3 loads its unit tables on first use
    report("quantulum3", evaluate("quantulum3", q, docs, a.repeat), a.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
