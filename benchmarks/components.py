"""Cost of each pipeline component next to spaCy's bare tokenizer, on the same texts.

usage: python benchmarks/components.py [--texts DIR] [--repeat N] [--model NAME]

Every component is timed on Docs that already went through the components before it, so each
row is that stage's own CPU time; the last line is the whole pipeline. Figures are CPU
milliseconds per release (best of N runs) and the ratio to the tokenizer.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from mirps_nlp import load
from mirps_nlp.ingest import ingest_path

REPO = Path(__file__).resolve().parent.parent


def best_cpu(run: Callable[[], object], repeat: int) -> float:
    """Lowest CPU time of ``repeat`` runs (the least disturbed by other work)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, default=REPO / "corpus" / "releases")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--model", default=None, help="an installed spaCy model to put in front")
    args = parser.parse_args()

    nlp = load(args.model)
    texts = [ingest_path(path).text for path in sorted(args.texts.iterdir()) if path.is_file()]
    per_release = 1000 / len(texts)
    tokenizer = best_cpu(lambda: [nlp.make_doc(t) for t in texts], args.repeat)
    print(f"# {len(texts)} releases from {args.texts}, best of {args.repeat} runs, model: {args.model or 'none'}")
    print(f"{'stage':18} {'ms/release':>10} {'x tokenizer':>12}")
    print(f"{'tokenizer':18} {tokenizer * per_release:10.2f} {1.0:11.2f}x")
    docs = [nlp.make_doc(t) for t in texts]
    total = 0.0
    for name, component in nlp.pipeline:
        inputs = [doc.copy() for doc in docs]
        cost = best_cpu(lambda c=component, i=inputs: [c(doc.copy()) for doc in i], args.repeat)
        copying = best_cpu(lambda i=inputs: [doc.copy() for doc in i], args.repeat)
        cost = max(cost - copying, 0.0)
        total += cost
        print(f"{name:18} {cost * per_release:10.2f} {cost / tokenizer:11.2f}x")
        docs = [component(doc) for doc in docs]
    print(f"{'all components':18} {total * per_release:10.2f} {total / tokenizer:11.2f}x")
    print(f"{'pipeline':18} {(total + tokenizer) * per_release:10.2f} {(total + tokenizer) / tokenizer:11.2f}x")


if __name__ == "__main__":
    main()
