"""The local engine: ``extract_many`` in this process, or ``n_process`` forked workers.

The pipeline is built once in this process (:func:`~mirps_nlp.extraction.get_pipeline`);
with ``workers > 1`` spaCy forks worker processes that inherit it, and ships Docs back
as bytes, which is why every extension holds plain values.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from mirps_nlp.engines import Outcome, one_line
from mirps_nlp.extraction import InputItem, extract_many, get_pipeline


class LocalEngine:
    """Extract on this machine.

    Args:
        model: spaCy model name, or ``None`` for the blank default pipeline.
        workers: processes for ``nlp.pipe(n_process=...)``; 1 runs in this process.
        batch_size: Docs per ``nlp.pipe`` batch.
        include_text: add the normalised text to each record.
    """

    def __init__(
        self, *, model: str | None = None, workers: int = 1, batch_size: int = 32, include_text: bool = False
    ) -> None:
        self.model = model
        self.workers = max(1, workers)
        self.batch_size = max(1, batch_size)
        self.include_text = include_text

    def start(self) -> None:
        """Load the pipeline now, so a missing model fails before any input is read."""
        get_pipeline(self.model)

    def run(self, items: Iterable[InputItem]) -> Iterator[Outcome]:
        return outcomes_in_order(
            items,
            model=self.model,
            n_process=self.workers,
            batch_size=self.batch_size,
            include_text=self.include_text,
        )

    def close(self) -> None:
        """Nothing to release: spaCy's workers end with each ``nlp.pipe`` call."""


def outcomes_in_order(
    items: Iterable[InputItem],
    *,
    model: str | None = None,
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
    nlp = get_pipeline(model)
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
        fed(), nlp=nlp, n_process=n_process, batch_size=batch_size, include_text=include_text,
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
