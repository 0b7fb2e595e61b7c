"""Batch extraction at scale: an archive in, a JSONL file and a SQLite store out.

:func:`run_batch` discovers inputs (files, folders walked recursively, JSONL files of
``{"id", "text" | "html", "url"}`` lines), hands them to an engine (local processes or
Dask, both calling :func:`mirps_nlp.extract_many`), and writes every release to
``OUT.jsonl`` and the store, every failure to ``OUT.errors.jsonl``. It streams: memory
holds the inputs in flight, never the archive. It is silent; progress goes to a callback.

Resume design (why a sidecar index, and why it counts bytes)
------------------------------------------------------------
An input is identified by the SHA-256 of its content: the raw bytes of a file, or the
UTF-8 text/HTML of a JSONL line (so a renamed or moved file is still recognised, and an
identical copy in the same archive is extracted once). The contract forbids extra fields
in a record, so the hashes live in a sidecar ``OUT.index.sqlite``, which acts as the run's
commit log. Every commit (each ``commit_every`` records, or every few seconds) goes:

1. the JSONL lines are already appended (one ``os.write`` each); ``fsync`` the file;
2. upsert the same records into the store and commit (idempotent);
3. in one SQLite transaction, add the batch's input hashes to the index and record the
   JSONL file's size as the *committed size*.

A crash anywhere leaves the index a prefix of the truth: a resumed run (``resume=True``)
first truncates ``OUT.jsonl`` back to the committed size, which drops the records (and any
torn line) of an uncommitted batch, then skips every input whose hash is in the index and
re-extracts the rest. So a rerun never writes a record twice and never loses one, and the
store converges because its upserts are keyed by release id.

Failures are not committed to the index: a resumed run retries them, and
``OUT.errors.jsonl`` always describes the latest run.

Identity and copies (:mod:`mirps_nlp.identity`): a record's id is the hash of its normalised
text, in the JSONL, the store and the index alike. The engine always returns the text (dropped
before writing unless asked for) so each record is checked against the releases seen so far with
MinHash LSH: a copy (same text, or nearly) is still written, with its own source, and names its
canonical in ``copy_of``; at the end of the run each canonical line gets its ``copies`` list
(the file is rewritten once, atomically) and the store the same. The signatures live in the index,
so a resumed run links new copies to releases of earlier runs. A fresh run empties the store with
the JSONL; a resumed run drops store rows the JSONL lost to a crash: the two never disagree. A run
that would not write ``OUT.sqlite`` although an earlier run left one (``--no-store``, ``--store
elsewhere``) is refused before anything changes, for the same reason.

Faults (see :class:`_Targets` and :mod:`mirps_nlp.engines.local`): a fresh run writes hidden
twins of the JSONL, index and store and swaps them in only when it succeeds, so a failing run
never destroys the previous output, and ``--resume`` continues the twins of an interrupted
run. A JSONL cut short after its commit point (a torn or lost tail) is repaired on resume: its
whole lines are kept and the index forgets the inputs whose lines are gone. Every file error
is an :class:`~mirps_nlp.errors.OutputError` naming the file and what to do.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from mirps_nlp.engines import Engine, Outcome
from mirps_nlp.errors import InputError, MirpsError, OutputError
from mirps_nlp.extraction import InputItem
from mirps_nlp.identity import CopyLinker, signature_bytes
from mirps_nlp.ingest import check_regular_file
from mirps_nlp.sinks import ErrorSink, JsonlSink, RunLock, line_id, link_copies_in_jsonl, output_error, writing_to
from mirps_nlp.store import ReleaseStore

EngineName = Literal["local", "dask"]

#: Record keys counted in the summary, in the order a reader expects them.
RECORD_TYPES: tuple[str, ...] = (
    "actors", "quotes", "figures", "chair_transfers", "chair_terms", "meetings", "documents", "warnings",
)
_DEFAULT_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})


def release_suffixes() -> frozenset[str]:
    """File suffixes a folder walk picks up: whatever ingest reads, plus JSONL archives."""
    try:
        from mirps_nlp import ingest

        suffixes = frozenset(s.lower() for s in getattr(ingest, "SUFFIXES", _DEFAULT_SUFFIXES))
    except ImportError:
        suffixes = _DEFAULT_SUFFIXES
    return suffixes | JSONL_SUFFIXES


def output_paths(out: str | Path) -> tuple[Path, Path, Path]:
    """``OUT.jsonl`` -> (``OUT.jsonl``, ``OUT.errors.jsonl``, ``OUT.index.sqlite``)."""
    out = Path(out)
    return out, out.with_suffix(".errors.jsonl"), out.with_suffix(".index.sqlite")


def default_store_path(out: str | Path) -> Path:
    """The embedded default store sits next to the output: ``OUT.jsonl`` -> ``OUT.sqlite``."""
    return Path(out).with_suffix(".sqlite")


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class Candidate:
    """One discovered input: an item ready to extract, or why it cannot even be read."""

    item: InputItem
    label: str
    sha256: str | None = None
    error: str | None = None
    error_kind: str | None = None


def discover(
    inputs: Iterable[str | Path], suffixes: frozenset[str] | None = None, *, follow_symlinks: bool = False
) -> Iterator[Candidate]:
    """Every input, in a stable order (sorted within each folder), read lazily.

    A file named explicitly is always tried; in folders only release suffixes are picked
    up and hidden entries are skipped. A ``.jsonl`` file yields one candidate per line.
    FIFOs, sockets and devices are refused before they are opened (reading one can block
    forever); a symbolic link in a folder that points outside it is refused unless
    ``follow_symlinks`` (a folder of releases should not read ``/etc/passwd``); a subfolder
    that cannot be listed is reported, never skipped in silence.
    """
    suffixes = suffixes or release_suffixes()
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            yield from _folder_candidates(path, suffixes, follow_symlinks)
        else:
            yield from _file_candidates(path)


def _folder_candidates(folder: Path, suffixes: frozenset[str], follow_symlinks: bool) -> Iterator[Candidate]:
    root_real = folder.resolve()
    unreadable: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=unreadable.append):
        while unreadable:
            yield _unreadable_folder(unreadable.pop(0))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or Path(name).suffix.lower() not in suffixes:
                continue
            path = Path(root) / name
            if not follow_symlinks and path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root_real):
                    label = str(path)
                    reason = (
                        f"{label}: is a symbolic link to {target}, outside {folder}; "
                        "refused (pass --follow-symlinks to read it)"
                    )
                    yield Candidate(InputItem(path=label), label, error=reason, error_kind="InputError")
                    continue
            yield from _file_candidates(path)
    while unreadable:
        yield _unreadable_folder(unreadable.pop(0))


def _unreadable_folder(error: OSError) -> Candidate:
    label = str(error.filename or "folder")
    reason = f"{label}: folder cannot be read ({error.strerror or type(error).__name__}); its files were skipped"
    return Candidate(InputItem(path=label), label, error=reason, error_kind="InputError")


def _file_candidates(path: Path) -> Iterator[Candidate]:
    label = str(path)
    try:
        check_regular_file(label, path.stat().st_mode)
    except FileNotFoundError:
        reason = f"{label}: no such file"
        yield Candidate(InputItem(path=label), label, error=reason, error_kind="InputError")
        return
    except OSError as error:
        reason = f"{label}: cannot read ({error.strerror or type(error).__name__})"
        yield Candidate(InputItem(path=label), label, error=reason, error_kind="InputError")
        return
    except InputError as error:
        yield Candidate(InputItem(path=label), label, error=str(error), error_kind="InputError")
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _jsonl_candidates(path)
        return
    item = InputItem(path=label)
    try:
        digest = _file_sha256(path)
    except OSError as error:
        reason = f"{label}: cannot read ({error.strerror or type(error).__name__})"
        yield Candidate(item, label, error=reason, error_kind="InputError")
        return
    yield Candidate(item, label, sha256=digest)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _jsonl_candidates(path: Path) -> Iterator[Candidate]:
    try:
        handle = path.open("rb")
    except OSError as error:
        label = str(path)
        reason = f"{label}: cannot read ({error.strerror or type(error).__name__})"
        yield Candidate(InputItem(path=label), label, error=reason, error_kind="InputError")
        return
    with handle:
        for number, raw_line in enumerate(handle, start=1):
            if not raw_line.strip():
                continue
            label = f"{path}:{number}"
            try:
                data = json.loads(raw_line)
                if not isinstance(data, dict):
                    raise ValueError("the line is not a JSON object")
                yield _jsonl_candidate(data, label)
            except RecursionError:
                # A line nested thousands deep costs only itself, never the batch.
                reason = f"{label}: not a release line (JSON nested too deeply)"
                yield Candidate(InputItem(id=label), label, error=reason, error_kind="InputError")
            except (ValueError, UnicodeDecodeError) as error:
                reason = f"{label}: not a release line ({' '.join(str(error).split())})"
                yield Candidate(InputItem(id=label), label, error=reason, error_kind="InputError")


def _jsonl_candidate(data: dict[str, Any], label: str) -> Candidate:
    text, html = data.get("text"), data.get("html")
    content = html if isinstance(html, str) and html else text
    if not isinstance(content, str) or not content:
        raise ValueError('needs a non-empty "text" or "html"')
    release_id = data.get("id")
    url = data.get("url")
    item = InputItem(
        text=text if content is text else None,
        html=content if content is html else None,
        url=url if isinstance(url, str) else None,
        id=str(release_id) if release_id is not None else None,
    )
    shown = f"{label} ({release_id})" if release_id is not None else label
    return Candidate(item, shown, sha256=hashlib.sha256(content.encode("utf-8")).hexdigest())


def count_inputs(inputs: Iterable[str | Path], suffixes: frozenset[str] | None = None) -> int:
    """How many inputs :func:`discover` will yield, without reading files (JSONL lines are counted)."""
    suffixes = suffixes or release_suffixes()
    total = 0

    def count_file(path: Path) -> int:
        if path.suffix.lower() not in JSONL_SUFFIXES:
            return 1
        try:
            if not stat.S_ISREG(path.stat().st_mode):
                return 1  # a FIFO would block: discover() refuses it without opening it
            with path.open("rb") as handle:
                return sum(1 for line in handle if line.strip()) or 1
        except OSError:
            return 1

    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in files:
                    if not name.startswith(".") and Path(name).suffix.lower() in suffixes:
                        total += count_file(Path(root) / name)
        else:
            total += count_file(path)
    return total


# --------------------------------------------------------------------------- resume index


class ResumeIndex:
    """``OUT.index.sqlite``: content hashes of committed inputs + the committed JSONL size."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        with writing_to(self.path):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._create()
        self.run = 0

    def _create(self) -> None:
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")  # the commit log: small, must be durable
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS done"
            " (sha256 TEXT PRIMARY KEY, release_id TEXT, input TEXT, run INTEGER)"
        )
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER)")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS releases"
            " (release_id TEXT PRIMARY KEY, canonical_id TEXT, similarity REAL, signature BLOB)"
        )

    def _meta(self, key: str) -> int | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else int(row[0])

    @property
    def initialised(self) -> bool:
        return self._meta("committed_size") is not None

    @property
    def committed_size(self) -> int:
        return self._meta("committed_size") or 0

    def start_run(self, fresh: bool) -> None:
        """Begin a run: ``fresh`` forgets everything (the output is being rewritten)."""
        with writing_to(self.path):
            self._start_run(fresh)

    def _start_run(self, fresh: bool) -> None:
        self._db.execute("BEGIN")
        if fresh:
            self._db.execute("DELETE FROM done")
            self._db.execute("DELETE FROM meta")
            self._db.execute("DELETE FROM releases")
        self.run = (self._meta("runs") or 0) + 1
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('runs', ?)", (self.run,))
        if fresh:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('committed_size', 0)")
        self._db.execute("COMMIT")

    def lookup(self, sha256: str) -> int | None:
        """The run that committed this input, or ``None``."""
        row = self._db.execute("SELECT run FROM done WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else int(row[0])

    def commit(
        self,
        done: Sequence[tuple[str, str, str]],
        committed_size: int,
        releases: Sequence[tuple[str, str, float | None, bytes]] = (),
    ) -> None:
        """Atomically record ``(sha256, release_id, input)`` rows, the new committed size and the
        ``(release_id, canonical_id, similarity, signature)`` of releases new to this output."""
        with writing_to(self.path):
            self._commit(done, committed_size, releases)

    def _commit(
        self,
        done: Sequence[tuple[str, str, str]],
        committed_size: int,
        releases: Sequence[tuple[str, str, float | None, bytes]],
    ) -> None:
        self._db.execute("BEGIN")
        self._db.executemany("INSERT OR IGNORE INTO releases VALUES (?,?,?,?)", releases)
        self._db.executemany(
            "INSERT OR IGNORE INTO done VALUES (?,?,?,?)",
            [(sha256, release_id, label, self.run) for sha256, release_id, label in done],
        )
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('committed_size', ?)", (committed_size,))
        self._db.execute("COMMIT")

    def set_committed_size(self, committed_size: int) -> None:
        """After the JSONL was rewritten in place (copies linked), its new size is the commit point."""
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('committed_size', ?)", (committed_size,))

    def keep_lines(self, ids_in_file: Counter[str], committed_size: int) -> int:
        """After the JSONL lost its tail: forget the inputs whose lines are gone. Returns how many.

        ``ids_in_file`` counts the record ids still in the file. Rows are kept in commit order
        (as many per release id as the file still has lines with that id), so the inputs
        forgotten are the latest ones, the ones whose lines sat in the lost tail.
        """
        with writing_to(self.path):
            self._db.execute("BEGIN")
            seen: Counter[str] = Counter()
            lost: list[tuple[int]] = []
            for rowid, release_id in self._db.execute("SELECT rowid, release_id FROM done ORDER BY rowid"):
                seen[release_id] += 1
                if seen[release_id] > ids_in_file.get(release_id, 0):
                    lost.append((rowid,))
            self._db.executemany("DELETE FROM done WHERE rowid = ?", lost)
            self._db.execute("DELETE FROM releases WHERE release_id NOT IN (SELECT release_id FROM done)")
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('committed_size', ?)", (committed_size,))
            self._db.execute("COMMIT")
        return len(lost)

    def keys(self) -> list[str]:
        """Content hashes of every committed input (the store's copy keys)."""
        return [row[0] for row in self._db.execute("SELECT sha256 FROM done")]

    def releases(self) -> list[tuple[str, str, bytes]]:
        """``(release_id, canonical_id, signature)`` of every committed release, for the copy linker."""
        return self._db.execute("SELECT release_id, canonical_id, signature FROM releases").fetchall()

    def similarities(self) -> dict[str, float]:
        """Release id -> similarity to its canonical, for copies that are not the same text."""
        rows = self._db.execute("SELECT release_id, similarity FROM releases WHERE similarity IS NOT NULL")
        return {rid: float(sim) for rid, sim in rows}

    def close(self) -> None:
        self._db.close()


# --------------------------------------------------------------------------- progress and summary


@dataclass(frozen=True, slots=True)
class BatchProgress:
    """A snapshot for the progress callback (called after every input)."""

    total: int | None
    processed: int
    written: int
    failed: int
    skipped: int
    elapsed: float
    last_error: str | None = None

    @property
    def rate(self) -> float:
        return self.processed / self.elapsed if self.elapsed > 0 else 0.0


@dataclass
class BatchSummary:
    """What a run did: the CLI prints it, tests assert on it."""

    out: Path
    errors_path: Path
    index_path: Path
    store_path: Path | None
    engine: str
    workers: int
    total: int | None = None
    written: int = 0
    failed: int = 0
    skipped: int = 0  # already in OUT from an earlier run (resume)
    duplicates: int = 0  # same content as another input of this run
    copies: int = 0  # records written that are copies of another release (same or nearly the same text)
    items: Counter[str] = field(default_factory=Counter)
    elapsed: float = 0.0
    notes: list[str] = field(default_factory=list)  # repairs made before the run (e.g. a torn tail)

    @property
    def processed(self) -> int:
        return self.written + self.failed + self.skipped + self.duplicates

    @property
    def releases_per_second(self) -> float:
        return self.written / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "out": str(self.out),
            "errors": str(self.errors_path) if self.failed else None,
            "store": str(self.store_path) if self.store_path else None,
            "engine": self.engine,
            "workers": self.workers,
            "inputs": self.processed,
            "written": self.written,
            "failed": self.failed,
            "skipped": self.skipped,
            "duplicates": self.duplicates,
            "copies": self.copies,
            "items": {key: self.items.get(key, 0) for key in RECORD_TYPES},
            "elapsed_s": round(self.elapsed, 3),
            "releases_per_s": round(self.releases_per_second, 2),
        }


ProgressCallback = Callable[[BatchProgress], None]


# --------------------------------------------------------------------------- the run


def make_engine(
    engine: EngineName,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    model: str | None = None,
    lang: str = "auto",
    batch_size: int = 32,
    include_text: bool = False,
) -> Engine:
    """The named engine; Dask is imported only when asked for."""
    if engine == "local":
        if scheduler is not None:
            raise MirpsError("--scheduler needs --engine dask")
        from mirps_nlp.engines.local import LocalEngine

        return LocalEngine(model=model, lang=lang, workers=workers, batch_size=batch_size, include_text=include_text)
    if engine == "dask":
        from mirps_nlp.engines.dask import DaskEngine

        return DaskEngine(
            scheduler=scheduler, workers=workers, model=model, lang=lang, batch_size=batch_size,
            include_text=include_text,
        )
    raise MirpsError(f"unknown engine {engine!r}: use 'local' or 'dask'")


def run_batch(
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    engine: EngineName | Engine = "local",
    workers: int = 1,
    scheduler: str | None = None,
    store: str | Path | bool = True,
    resume: bool = False,
    model: str | None = None,
    lang: str = "auto",
    batch_size: int = 32,
    include_text: bool = False,
    commit_every: int = 256,
    commit_seconds: float = 5.0,
    count_total: bool = True,
    follow_symlinks: bool = False,
    on_progress: ProgressCallback | None = None,
) -> BatchSummary:
    """Extract every input into ``out`` (JSONL) and the store; never stops for a bad input.

    Args:
        inputs: files, folders (recursive) and ``.jsonl`` files of release lines.
        out: the JSONL output; ``OUT.errors.jsonl`` and ``OUT.index.sqlite`` go beside it.
        engine: ``"local"``, ``"dask"``, or an engine object.
        workers: local processes, or local-cluster workers for Dask.
        scheduler: a Dask scheduler address (``engine="dask"``).
        store: ``True`` for the default store (``OUT.sqlite``), a path, or ``False`` for none.
        resume: keep ``out`` and skip inputs already committed to it; otherwise start afresh.
        model: spaCy model name, or ``None`` for the blank default pipeline.
        lang: ``"auto"`` (each release in its detected language) or a language with patterns.
        batch_size: Docs per ``nlp.pipe`` batch (and inputs per Dask task).
        include_text: add the normalised text to each record.
        commit_every / commit_seconds: how often output is fsynced and the index committed.
        count_total: walk the inputs once first so progress has a total (and an ETA).
        follow_symlinks: read symbolic links in folders that point outside them.
        on_progress: called with a :class:`BatchProgress` after every input.

    Raises:
        MirpsError: the run cannot start (bad engine, model missing, output locked or out
        of step with its index). Bad inputs never raise; they are counted and reported.
        OutputError: an output cannot be written (disk full, read-only, a corrupt store); the
        message names the file and the remedy. The previous output of a fresh run is kept.
    """
    started = time.monotonic()
    out_path, errors_path, index_path = output_paths(out)
    store_path = default_store_path(out_path) if store is True else (Path(store) if store else None)
    for path in (out_path, store_path):
        if path is not None:
            _check_output_path(path)
    _refuse_a_stale_store(out_path, store_path)
    runner = (
        make_engine(
            engine, workers=workers, scheduler=scheduler, model=model, lang=lang, batch_size=batch_size,
            include_text=True,  # the copy linker needs the text; it is dropped before writing unless asked for
        )
        if isinstance(engine, str)
        else engine
    )
    summary = BatchSummary(
        out=out_path,
        errors_path=errors_path,
        index_path=index_path,
        store_path=store_path,
        engine=engine if isinstance(engine, str) else type(engine).__name__,
        workers=workers,
        total=count_inputs(inputs) if count_total else None,
    )
    try:
        start = getattr(runner, "start", None)
        if callable(start):
            start()  # a missing model or an unreachable scheduler fails here, before any output changes
        for path in (out_path, store_path):
            if path is not None:
                with writing_to(path):
                    path.parent.mkdir(parents=True, exist_ok=True)
        with RunLock(out_path):
            targets = _Targets.choose(out_path, index_path, store_path, errors_path, resume)
            _write(runner, inputs, targets, resume, summary, commit_every, commit_seconds,
                   on_progress, include_text, follow_symlinks)
            targets.swap_in()
    finally:
        runner.close()
    summary.elapsed = time.monotonic() - started
    return summary


def _write(
    runner: Engine,
    inputs: Sequence[str | Path],
    targets: _Targets,
    resume: bool,
    summary: BatchSummary,
    commit_every: int,
    commit_seconds: float,
    on_progress: ProgressCallback | None,
    include_text: bool,
    follow_symlinks: bool,
) -> None:
    """The run proper, into ``targets`` (the outputs, or their temporary twins on a fresh run)."""
    sink = JsonlSink(targets.out, truncate=False)  # created before the index: see _Targets.choose
    index: ResumeIndex | None = None
    release_store: ReleaseStore | None = None
    try:
        index = ResumeIndex(targets.index)
        note = _prepare_output(sink, index, resume)
        if note:
            summary.notes.append(note)
        release_store = _open_store(targets.store, resume)
        if release_store is not None:
            with writing_to(targets.store):
                # The store holds what the JSONL holds: all of it anew, or the committed part on resume.
                if resume:
                    release_store.retain(index.keys())
                else:
                    release_store.clear()
        linker = CopyLinker()
        linker.load(index.releases())
        with ErrorSink(targets.errors) as errors, writing_to(targets.store):
            # Progress rates start after the pipeline has loaded, so the first ETA is honest.
            _run(runner, inputs, sink, errors, index, release_store, summary,
                 time.monotonic(), commit_every, commit_seconds, on_progress, linker, include_text,
                 follow_symlinks)
            if summary.copies:
                _link_copies(sink, index, release_store)
    finally:
        with writing_to(targets.store):
            if release_store is not None:
                release_store.close()
        sink.close()
        if index is not None:
            index.close()


def _check_output_path(path: Path) -> None:
    """Refuse an output that is a folder, or sits under a file, before anything is done."""
    if path.is_dir():
        raise output_error(path, IsADirectoryError(errno.EISDIR, "Is a directory"))
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise output_error(path, NotADirectoryError(errno.ENOTDIR, "Not a directory"))
            break


def _open_store(path: Path | None, resume: bool) -> ReleaseStore | None:
    if path is None:
        return None
    try:
        with writing_to(path):
            return ReleaseStore(path)
    except ValueError as error:  # a store of another version
        remedy = "rerun with --resume after moving it away" if resume else "move it away or choose another --store"
        raise OutputError(f"{' '.join(str(error).split())}: {remedy}") from None


def staged(path: Path) -> Path:
    """The temporary twin a fresh run writes instead of ``path``: hidden, in the same folder."""
    return path.with_name(f".{path.name}.partial")


_SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True, slots=True)
class _Targets:
    """Where a run writes, and what each file replaces when the run succeeds.

    A fresh run writes hidden twins (``.OUT.jsonl.partial`` and so on) and swaps them in only
    at the end, so a run that fails (disk full, a corrupt store, Ctrl-C) never destroys the
    previous output. ``--resume`` continues the twins of an interrupted fresh run if there are
    any, else appends to the outputs themselves. The swap moves the JSONL first: a crash in the
    middle of it leaves twins of the index and store without a twin JSONL, which the next run
    recognises and finishes moving. ``OUT.errors.jsonl`` has a twin too, so it always
    describes the output beside it (a clean run removes it).
    """

    out: Path
    index: Path
    store: Path | None
    errors: Path
    replaces: tuple[tuple[Path, Path], ...]  # (temporary, final), in swap order
    errors_final: Path | None = None

    @classmethod
    def choose(cls, out: Path, index: Path, store: Path | None, errors: Path, resume: bool) -> _Targets:
        finals = [out, index] + ([store] if store is not None else [])
        _finish_interrupted_swap(finals)
        if resume and not staged(out).exists():
            return cls(out, index, store, errors, ())
        if not resume:
            for final in finals[1:]:  # stale twins of an earlier failed run; the JSONL twin is truncated
                _remove_sqlite(staged(final))
        twins = [staged(final) for final in finals]
        return cls(
            twins[0], twins[1], twins[2] if store is not None else None, staged(errors),
            tuple(zip(twins, finals, strict=True)), errors,
        )

    def swap_in(self) -> None:
        for temporary, final in self.replaces:
            with writing_to(final):
                if final.suffix == ".sqlite":
                    _remove_sqlite(final, keep_main=True)  # a stale -wal must never meet the new file
                os.replace(temporary, final)
        if self.errors_final is not None:
            with writing_to(self.errors_final):
                if self.errors.exists():
                    os.replace(self.errors, self.errors_final)
                else:
                    self.errors_final.unlink(missing_ok=True)


def _finish_interrupted_swap(finals: Sequence[Path]) -> None:
    if staged(finals[0]).exists():
        return
    for final in finals[1:]:
        if staged(final).exists():
            with writing_to(final):
                _remove_sqlite(final, keep_main=True)
                os.replace(staged(final), final)


def _remove_sqlite(path: Path, *, keep_main: bool = False) -> None:
    """Delete a SQLite file with its journal files (only the journal files with ``keep_main``)."""
    suffixes = _SQLITE_SIDE_FILES if keep_main else ("", *_SQLITE_SIDE_FILES)
    with writing_to(path):
        for suffix in suffixes:
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def _link_copies(sink: JsonlSink, index: ResumeIndex, store: ReleaseStore | None) -> None:
    """Give each canonical record's ``copies`` list, in the JSONL and in the store alike."""
    sink.commit()
    if link_copies_in_jsonl(sink.path, index.similarities()):
        index.set_committed_size(sink.path.stat().st_size)
    if store is not None:
        store.sync_copies()


def _refuse_a_stale_store(out: Path, store_path: Path | None) -> None:
    """A run that would leave ``OUT.sqlite`` (an earlier run's store) behind without updating it
    is refused before anything changes: the JSONL and that store would disagree."""
    default = default_store_path(out)
    if store_path is not None and store_path.resolve() == default.resolve():
        return
    if default.exists():
        elsewhere = f"into {store_path}" if store_path is not None else "with no store"
        raise OutputError(
            f"{default} holds the releases of an earlier run into {out}; a run {elsewhere} would leave it "
            "disagreeing with the new output: delete it, or let this run write it (no --store, no --no-store)"
        )


def _prepare_output(sink: JsonlSink, index: ResumeIndex, resume: bool) -> str | None:
    """Bring ``OUT.jsonl`` and its index into step (see the module docstring); say what was repaired."""
    size = sink.size
    if not resume:
        index.start_run(fresh=True)
        sink.truncate_to(0)
        return None
    if size and not index.initialised:
        raise MirpsError(
            f"{sink.path} has no resume index ({index.path}); it was not written by a batch run "
            "or the index was deleted: rerun without --resume to start over"
        )
    committed = index.committed_size
    note = None
    if size > committed:
        sink.truncate_to(committed)  # an uncommitted batch (or a torn line) from a crash: redo it
    elif size < committed or (size and not _ends_in_newline(sink.path)):
        note = _repair_tail(sink, index)
    index.start_run(fresh=sink.size == 0 and index.committed_size == 0)
    return note


def _ends_in_newline(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


def _repair_tail(sink: JsonlSink, index: ResumeIndex) -> str:
    """The JSONL lost its tail (torn or cut short after its commit): keep its whole lines, forget the rest."""
    ids: Counter[str] = Counter()
    whole = 0
    with sink.path.open("rb") as handle:
        for line in handle:
            if not line.endswith(b"\n"):
                break
            whole += len(line)
            release_id = line_id(line)
            if release_id is not None:
                ids[release_id] += 1
    sink.truncate_to(whole)
    lost = index.keep_lines(ids, whole)
    return (
        f"{sink.path} had a torn or shortened tail: kept its {sum(ids.values())} whole lines; "
        f"{lost} input{'s' * (lost != 1)} whose lines were lost will be extracted again"
    )


@dataclass(slots=True)
class _Tracked:
    sha256: str
    label: str


def _run(
    runner: Engine,
    inputs: Sequence[str | Path],
    sink: JsonlSink,
    errors: ErrorSink,
    index: ResumeIndex,
    store: ReleaseStore | None,
    summary: BatchSummary,
    started: float,
    commit_every: int,
    commit_seconds: float,
    on_progress: ProgressCallback | None,
    linker: CopyLinker | None = None,
    include_text: bool = False,
    follow_symlinks: bool = False,
) -> None:
    tracked: dict[int, _Tracked] = {}  # id(item) -> hash/label, for the items in flight
    in_run: set[str] = set()  # hashes submitted this run and not yet committed (duplicate check)
    done: list[tuple[str, str, str]] = []
    new_releases: list[tuple[str, str, float | None, bytes]] = []
    linker = linker if linker is not None else CopyLinker()
    last_commit = time.monotonic()
    last_error: str | None = None

    def progress() -> None:
        if on_progress is not None:
            on_progress(
                BatchProgress(
                    total=summary.total,
                    processed=summary.processed,
                    written=summary.written,
                    failed=summary.failed,
                    skipped=summary.skipped,
                    elapsed=time.monotonic() - started,
                    last_error=last_error,
                )
            )

    def fail(label: str, reason: str, kind: str, path: str | None, sha256: str | None) -> None:
        nonlocal last_error
        errors.report(input=label, reason=reason, path=path, sha256=sha256, kind=kind)
        summary.failed += 1
        last_error = reason

    def feed() -> Iterator[InputItem]:
        for candidate in discover(inputs, follow_symlinks=follow_symlinks):
            if candidate.sha256 is None:
                fail(candidate.label, candidate.error or "cannot read", candidate.error_kind or "InputError",
                     candidate.item.path, None)
                progress()
                continue
            earlier_run = index.lookup(candidate.sha256)
            if earlier_run is not None or candidate.sha256 in in_run:
                if earlier_run is not None and earlier_run != index.run:
                    summary.skipped += 1
                else:
                    summary.duplicates += 1
                progress()
                continue
            in_run.add(candidate.sha256)
            tracked[id(candidate.item)] = _Tracked(candidate.sha256, candidate.label)
            yield candidate.item

    def commit() -> None:
        nonlocal last_commit
        sink.commit()  # 1. records durable
        errors.commit()
        if store is not None:
            store.commit()  # 2. store (idempotent, so ahead-of-index is harmless)
        index.commit(done, sink.size, new_releases)  # 3. the commit point
        for sha256, _rid, _label in done:
            in_run.discard(sha256)
        done.clear()
        new_releases.clear()
        last_commit = time.monotonic()

    outcome: Outcome
    for outcome in runner.run(feed()):
        info = tracked.pop(id(outcome.item))
        if outcome.record is not None:
            record = outcome.record
            text = record.get("text") if include_text else record.pop("text", None)
            release_id = str(record.get("id"))
            known = release_id in linker.canonical_of
            link = None
            if isinstance(text, str):
                link, minhash = linker.link(release_id, text)
                if not known:
                    similarity = link.similarity if link is not None else None
                    new_releases.append(
                        (release_id, linker.canonical_of[release_id], similarity, signature_bytes(minhash))
                    )
            elif known:
                link = linker.link(release_id, "")[0]
            if link is not None:
                record["copy_of"] = link.canonical_id
                summary.copies += 1
            position = sink.size
            sink.write(record)
            if store is not None:
                store.upsert(
                    record, copy_key=info.sha256, position=position,
                    similarity=link.similarity if link is not None else None,
                    text=text if isinstance(text, str) else None,
                )
            done.append((info.sha256, str(record.get("id")), info.label))
            summary.written += 1
            for key in RECORD_TYPES:
                summary.items[key] += len(record.get(key) or ())
        else:
            reason = outcome.error or "extraction failed"
            if not reason.startswith(info.label):
                reason = f"{info.label}: {reason}"
            fail(info.label, reason, outcome.error_kind or "MirpsError", outcome.item.path, info.sha256)
            in_run.discard(info.sha256)  # a failure is retried by the next run
        if len(done) >= commit_every or time.monotonic() - last_commit >= commit_seconds:
            commit()
        progress()
    commit()


__all__ = [
    "BatchProgress",
    "BatchSummary",
    "Candidate",
    "ResumeIndex",
    "count_inputs",
    "default_store_path",
    "discover",
    "make_engine",
    "output_paths",
    "run_batch",
]
