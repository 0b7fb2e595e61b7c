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

import ctypes
import itertools
import multiprocessing
import os
import signal
import threading
import time
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
        self._running = False  # a pool run has started and not finished

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
            if self._running:  # the caller stopped reading mid-run: nobody waits for those batches
                self._end_pool()
            else:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None

    def _end_pool(self) -> None:
        if self._pool is not None:
            _end_workers(self._pool)
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def _new_pool(self) -> ProcessPoolExecutor:
        """A pool whose workers are all forked now, before the caller opens any output.

        Forked workers inherit the parent's open files (the output and its lock): they must
        never outlive it, so each asks the kernel to kill it when the parent dies. SIGINT is
        ignored while they are forked and in them: Ctrl-C reaches the whole process group,
        and only the parent answers it (one message, no worker tracebacks).
        """
        # fork shares the pipeline built in start(); elsewhere each worker builds its own.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        main_thread = threading.current_thread() is threading.main_thread()  # only it may set handlers
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main_thread else None
        try:
            pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context(method),
                initializer=start_worker,
                initargs=(self.model, os.getpid()),
            )
            # Every process of a forking pool starts with its first task: start them here.
            for future in [pool.submit(os.getpid) for _ in range(self.workers)]:
                future.result()
        finally:
            if main_thread:
                signal.signal(signal.SIGINT, previous)
        return pool

    def _replace_pool(self) -> None:
        """After a worker died: end the broken pool (and any worker left of it), start another."""
        self._end_pool()
        self._pool = self._new_pool()

    def _run_pool(self, items: Iterable[InputItem]) -> Iterator[Outcome]:
        """Batches through the pool, in order; a dead worker costs only the release that killed it.

        When a worker dies (killed, out of memory, a crash in native code) every batch in
        flight is lost and it is not known which release did it. The pool is replaced and
        those releases are retried one at a time, alone in the pool, so a second death points
        at its release: that one fails, with a reason, and the run goes on.
        """
        self.start()
        limit = 2 * self.workers
        batches = batched(items, self.batch_size)
        in_flight: deque[tuple[list[InputItem], Future[list[WireOutcome]]]] = deque()
        suspects: deque[InputItem] = deque()  # in flight when a worker died: retried alone

        def submit(batch: list[InputItem]) -> None:
            assert self._pool is not None
            try:
                future = self._pool.submit(
                    extract_batch, batch, self.model, self.include_text, self.batch_size, self.lang
                )
            except BrokenProcessPool as error:  # broke since the last result: retried with the rest
                future = Future()
                future.set_exception(error)
            in_flight.append((batch, future))

        self._running = True
        try:
            for batch in itertools.islice(batches, limit):
                submit(batch)
            while in_flight or suspects:
                if suspects:
                    yield self._retry_alone(suspects.popleft())
                    if not suspects:
                        for batch in itertools.islice(batches, limit):
                            submit(batch)
                    continue
                batch, future = in_flight.popleft()
                try:
                    results = future.result()
                except BrokenProcessPool:
                    suspects.extend(batch)
                    for lost, _future in in_flight:
                        suspects.extend(lost)
                    in_flight.clear()
                    self._replace_pool()
                    continue
                next_batch = next(batches, None)
                if next_batch is not None:
                    submit(next_batch)  # keep the workers busy while the caller writes this batch
                for item, (record, error, kind) in zip(batch, results, strict=True):
                    yield Outcome(item, record=record, error=error, error_kind=kind)
        except BaseException:
            # Ctrl-C, or the caller stopped early: end the workers now rather than let them
            # finish (or keep waiting for) batches nobody will read.
            self._end_pool()
            raise
        self._running = False

    def _retry_alone(self, item: InputItem) -> Outcome:
        for _attempt in range(3):
            assert self._pool is not None
            try:
                future = self._pool.submit(extract_batch, [item], self.model, self.include_text, 1, self.lang)
            except BrokenProcessPool:  # broke while idle: not this release's doing
                self._replace_pool()
                continue
            try:
                ((record, error, kind),) = future.result()
            except BrokenProcessPool:
                self._replace_pool()
                return Outcome(item, error=WORKER_DIED, error_kind="WorkerDied")
            return Outcome(item, record=record, error=error, error_kind=kind)
        reason = "the worker pool kept breaking before this release could run"
        return Outcome(item, error=reason, error_kind="WorkerDied")


#: The reason given for a release that killed a worker twice (once in its batch, once alone).
WORKER_DIED = (
    "a worker process died twice while extracting this release (killed, out of memory or a crash "
    "in native code); the rest of the run went on"
)


def start_worker(model: str | None, parent: int) -> None:
    """Initializer of a pool worker: die with the parent, leave Ctrl-C to it, load the pipeline."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent)
    get_pipeline(model)


def _die_with_parent(parent: int) -> None:
    """Ask the kernel for SIGKILL when the parent dies (Linux); elsewhere watch for it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        armed = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) == 0
    except (OSError, AttributeError):
        armed = False
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)
    if not armed:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="watch-parent").start()


_PR_SET_PDEATHSIG = 1


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _end_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's worker processes (the executor has no public way to)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.kill()


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
