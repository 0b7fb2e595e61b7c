"""The Dask engine: the same ``extract_many`` on a ``dask.distributed`` cluster.

What goes over the wire is small and plain: a task is a batch of :class:`InputItem`
(paths or JSONL text) and returns a list of JSON dicts / error strings. ``nlp`` and Docs
never enter the task graph; each worker process builds the pipeline once, on its first
batch, through the per-process cache in :func:`~mirps_nlp.extraction.get_pipeline`.

Backpressure: at most ``max_in_flight`` batches are submitted at a time, and results are
taken back in submission order, so the driver holds a bounded number of records however
large the archive, and the output order (hence the records) equals the local engine's.

Paths are read by the workers, so on a multi-machine cluster they must see the same files
(a shared or mounted folder); JSONL inputs carry their text with them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from mirps_nlp.engines import Outcome, one_line
from mirps_nlp.engines.local import WireOutcome, batched, extract_batch
from mirps_nlp.errors import MirpsError
from mirps_nlp.extraction import InputItem, get_pipeline


def warm_worker(model: str | None) -> str:
    """Build the pipeline on a worker up front, so a missing model fails before any work."""
    nlp = get_pipeline(model)
    return ",".join(nlp.pipe_names)


class DaskEngine:
    """Extract on a Dask cluster: ``scheduler`` address, or a local cluster of ``workers`` processes.

    Args:
        scheduler: e.g. ``"tcp://10.0.0.5:8786"``; ``None`` starts a ``LocalCluster``.
        workers: worker processes of the local cluster (ignored with ``scheduler``).
        model: spaCy model name, or ``None`` for the blank default pipeline.
        batch_size: inputs per task (and per ``nlp.pipe`` batch on the worker).
        max_in_flight: tasks submitted but not yet collected; default twice the worker threads.
        include_text: add the normalised text to each record.
    """

    def __init__(
        self,
        *,
        scheduler: str | None = None,
        workers: int = 2,
        model: str | None = None,
        lang: str = "auto",
        batch_size: int = 32,
        max_in_flight: int | None = None,
        include_text: bool = False,
    ) -> None:
        self.scheduler = scheduler
        self.workers = max(1, workers)
        self.model = model
        self.lang = lang
        self.batch_size = max(1, batch_size)
        self.max_in_flight = max_in_flight
        self.include_text = include_text
        self._client: Any = None
        self._cluster: Any = None

    def start(self) -> None:
        """Connect (or start a local cluster) and load the pipeline on every worker."""
        try:
            from distributed import Client, LocalCluster
        except ImportError as error:
            raise MirpsError("the dask engine needs Dask: pip install 'mirps-nlp[dask]'") from error
        if self._client is not None:
            return
        try:
            if self.scheduler is None:
                self._cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=":0",  # a free port: never clash with another cluster
                )
                self._client = Client(self._cluster)
            else:
                self._client = Client(self.scheduler, timeout="30s")
        except (OSError, TimeoutError) as error:
            self.close()
            reason = one_line(error)
            raise MirpsError(f"cannot reach the Dask scheduler {self.scheduler}: {reason}") from error
        if not self._client.scheduler_info().get("workers"):
            self._client.wait_for_workers(1, timeout=60)
        try:
            self._client.run(warm_worker, self.model)
        except MirpsError:
            self.close()
            raise

    @property
    def client(self) -> Any:
        return self._client

    def run(self, items: Iterable[InputItem]) -> Iterator[Outcome]:
        self.start()
        client = self._client
        threads = sum(client.nthreads().values()) or self.workers
        limit = self.max_in_flight or max(2, 2 * threads)
        batches = batched(items, self.batch_size)
        in_flight: deque[tuple[list[InputItem], Any]] = deque()

        def submit_next() -> bool:
            batch = next(batches, None)
            if batch is None:
                return False
            future = client.submit(
                extract_batch, batch, self.model, self.include_text, self.batch_size, self.lang, pure=False, retries=1
            )
            in_flight.append((batch, future))
            return True

        while len(in_flight) < limit and submit_next():
            pass
        while in_flight:
            batch, future = in_flight.popleft()
            results: list[WireOutcome]
            try:
                results = future.result()
            # A lost worker costs this batch, not the run.
            except Exception as task_error:  # noqa: BLE001
                reason = f"dask task failed: {one_line(task_error)}"
                results = [(None, reason, type(task_error).__name__)] * len(batch)
            finally:
                future.release()
            submit_next()  # keep the cluster busy while the driver writes this batch
            for item, (record, error, kind) in zip(batch, results, strict=True):
                yield Outcome(item, record=record, error=error, error_kind=kind)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

