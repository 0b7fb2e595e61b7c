"""The local engine: ``extract_many`` in this process, or in a pool of worker processes.

With one worker, everything runs here. With ``workers > 1`` the engine keeps a pool of
long-lived processes, each holding one pipeline (built here before the fork and inherited,
or built by the worker's initializer where fork is unavailable). A task is a batch of
inputs; the worker runs the whole path (ingest, ``nlp.pipe``, records) through
``extract_many`` and sends back plain JSON dicts.

Why not ``extract_many(n_process=N)`` (spaCy's ``nlp.pipe`` multiprocessing)? It works,
but ``extract_many`` calls ``nlp.pipe`` once per chunk, so spaCy starts and stops its
worker processes for every chunk, and ingest and record building stay in the parent
process: measured, two such workers were *slower* than one. The pool keeps workers for
the whole run and does all per-release work in them, which is what lets two workers
approach twice the throughput. Backpressure: at most ``2 x workers`` batches in flight;
results come back in submission order, so the output equals the single-process one.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from mirps_nlp.engines import Outcome, one_line
from mirps_nlp.extraction import InputItem, extract_many, get_pipeline

# (record, error, error_kind) per item: plain, picklable, cheap to ship back.
WireOutcome = tuple[dict[str, Any] | None, str | None, str | None]


class LocalEngine:
    """Extract on this machine.

    Args:
        model: spaCy model name, or ``None`` for the blank default pipeline.
        workers: worker processes; 1 runs in this process.
        batch_size: Docs per ``nlp.pipe`` batch, and inputs per worker task.
        include_text: add the normalised text to each record.
    """

    def __init__(
        self,
        *,
        model: str | None = None,
        lang: str = "auto",
        workers: int = 1,
        batch_size: int = 32,
        include_text: bool = False,
    ) -> None:
        self.model = model
        self.lang = lang
        self.workers = max(1, workers)
        self.batch_size = max(1, batch_size)
        self.include_text = include_text

        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        """Load the pipeline now (a missing model fails before any input is read); start the pool."""
        get_pipeline(self.model, "en" if self.lang == "auto" else self.lang)
        if self.workers > 1 and self._pool is None:
            self._pool = self._new_pool()

    def run(self, items: Iterable[InputItem]) -> Iterator[Outcome]:
        if self.workers == 1:
            return outcomes_in_order(
                items, model=self.model, lang=self.lang, batch_size=self.batch_size, include_text=self.include_text
            )
        return self._run_pool(items)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _new_pool(self) -> ProcessPoolExecutor:
        # fork shares the pipeline built in start(); elsewhere each worker builds its own.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context(method),
            initializer=get_pipeline,
            initargs=(self.model,),
        )

    def _run_pool(self, items: Iterable[InputItem]) -> Iterator[Outcome]:
        self.start()
        limit = 2 * self.workers
        batches = batched(items, self.batch_size)
        # (batch, future, times the pool broke while it was in flight)
        in_flight: deque[tuple[list[InputItem], Future[list[WireOutcome]], int]] = deque()

        def submit(batch: list[InputItem], breaks: int = 0) -> None:
            assert self._pool is not None
            future = self._pool.submit(extract_batch, batch, self.model, self.include_text, self.batch_size, self.lang)
            in_flight.append((batch, future, breaks))

        for batch in itertools.islice(batches, limit):
            submit(batch)
        while in_flight:
            batch, future, breaks = in_flight.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                # A worker died (killed, out of memory, a crash in native code): restart the
                # pool and retry what was in flight; a batch caught in two crashes fails.
                retry = [(batch, breaks), *((b, n) for b, _f, n in in_flight)]
                in_flight.clear()
                if self._pool is not None:
                    self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()
                failed = [(b, n) for b, n in retry if n >= 1]
                for b, n in retry:
                    if n < 1:
                        submit(b, n + 1)
                for b, _n in failed:
                    for item in b:
                        yield Outcome(item, error="a worker process died twice on this batch", error_kind="MirpsError")
                continue
            next_batch = next(batches, None)
            if next_batch is not None:
                submit(next_batch)  # keep the workers busy while the caller writes this batch
            for item, (record, error, kind) in zip(batch, results, strict=True):
                yield Outcome(item, record=record, error=error, error_kind=kind)


def extract_batch(
    items: list[InputItem], model: str | None, include_text: bool, batch_size: int, lang: str = "auto"
) -> list[WireOutcome]:
    """Runs in a worker process (pool or Dask): one batch through the worker's cached pipeline."""
    return [
        (outcome.record, outcome.error, outcome.error_kind)
        for outcome in outcomes_in_order(
            items, model=model, lang=lang, batch_size=batch_size, include_text=include_text
        )
    ]


def batched(items: Iterable[InputItem], size: int) -> Iterator[list[InputItem]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def outcomes_in_order(
    items: Iterable[InputItem],
    *,
    model: str | None = None,
    lang: str = "auto",
    n_process: int = 1,
    batch_size: int = 32,
    include_text: bool = False,
) -> Iterator[Outcome]:
    """Pair every item with its release or its error, in input order.

    ``extract_many`` yields releases in input order and reports failures through a
    callback, always before it yields anything that comes after the failed input. So the
    items it has consumed, minus the failed ones, line up with the releases it yields.
    The Dask engine runs this same function inside each worker.
    """
    in_flight: deque[InputItem] = deque()
    failed: dict[int, Outcome] = {}

    def fed() -> Iterator[InputItem]:
        for item in items:
            in_flight.append(item)  # alive until yielded, so id() stays unique
            yield item

    def on_error(item: InputItem, error: Exception) -> None:
        failed[id(item)] = Outcome(item, error=one_line(error), error_kind=type(error).__name__)

    def drain_failed() -> Iterator[Outcome]:
        while in_flight and id(in_flight[0]) in failed:
            yield failed.pop(id(in_flight.popleft()))

    releases = extract_many(
        fed(), model=model, lang=lang, n_process=n_process, batch_size=batch_size, include_text=include_text,
        on_error=on_error,
    )
    for release in releases:
        yield from drain_failed()
        item = in_flight.popleft()
        record = release.to_json_dict(include_text=include_text)
        if item.path is not None and record["source"].get("path") not in (None, item.path):
            # Cannot happen unless extract_many changes its ordering contract; fail loudly.
            raise RuntimeError(f"extract_many returned {record['source'].get('path')} for {item.path}")
        yield Outcome(item, record=record)
    yield from drain_failed()
    for item in in_flight:  # consumed but neither yielded nor reported: never silent
        yield Outcome(item, error="no record was produced", error_kind="MirpsError")
