"""Append-only JSONL sinks that a crash cannot corrupt.

Why this shape:

* **One line, one ``os.write``.** The file is opened ``O_APPEND`` and every record is
  encoded to a complete ``...\\n`` line first, then handed to the kernel in a single
  write. A killed process therefore leaves whole lines or nothing; it never leaves half a
  record for a reader (``tail -f``, ``jq``) to choke on.
* **fsync per commit, not per record.** ``commit()`` flushes the file to disk; the batch
  runner calls it once per batch of records (or every few seconds), because an fsync per
  record would cost more than extracting the record. A power loss can lose the records
  since the last commit (and in theory tear the very last line); ``--resume`` repairs
  both, because the resume index only ever counts committed bytes (see
  :mod:`mirps_nlp.batch`).
* **An exclusive lock** on the output, so two runs never interleave their lines.
* **Errors a user can act on.** An ``OSError`` while writing (disk full, read-only folder,
  ``--out`` under a file) becomes an :class:`~mirps_nlp.errors.OutputError` naming the file
  and what to do, via :func:`output_error`.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from mirps_nlp.errors import MirpsError, OutputError

_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_DENIED = {errno.EACCES, errno.EPERM}


def output_error(path: str | Path, error: OSError | sqlite3.Error) -> OutputError:
    """One sentence for a failed write to ``path``: what went wrong and what to do about it."""
    path = Path(path)
    if isinstance(error, sqlite3.Error):
        return _database_error(path, error)
    code = error.errno
    if code in _FULL:
        return OutputError(f"{path}: the disk is full; free some space, then rerun with --resume to continue")
    if code == errno.EROFS:
        return OutputError(f"{path}: the file system is read-only; choose a writable folder with --out")
    if code in _DENIED:
        return OutputError(f"{path}: permission denied; choose a folder you can write to with --out")
    if code == errno.EISDIR or (code == errno.EEXIST and path.is_dir()):
        return OutputError(f"{path} is a folder; give a file name inside it, e.g. --out {path / 'records.jsonl'}")
    if code in (errno.ENOTDIR, errno.EEXIST):
        parent = next((p for p in path.parents if p.exists() and not p.is_dir()), path.parent)
        return OutputError(f"{path}: {parent} is a file, not a folder; choose another --out")
    if code == errno.ENOENT:
        return OutputError(f"{path}: its folder does not exist and cannot be made; create it or choose another --out")
    reason = error.strerror or type(error).__name__
    return OutputError(f"{path}: cannot write ({reason}); check the folder or choose another --out")


def _database_error(path: Path, error: sqlite3.Error) -> OutputError:
    reason = " ".join(str(error).split()) or type(error).__name__
    lowered = reason.lower()
    if "full" in lowered:
        return OutputError(f"{path}: the disk is full; free some space, then rerun with --resume to continue")
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return OutputError(
            f"{path} is not a readable SQLite database ({reason}); delete it, or rerun without --resume to rebuild it"
        )
    if "readonly" in lowered or "read-only" in lowered or "unable to open" in lowered:
        return OutputError(f"{path}: cannot write the database ({reason}); choose a writable folder with --out")
    return OutputError(f"{path}: database error ({reason}); delete it, or rerun without --resume to rebuild it")


def encode_line(record: dict[str, Any]) -> bytes:
    """One JSON object as one UTF-8 line; ``ensure_ascii=False`` keeps names readable."""
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


class JsonlSink:
    """An append-only JSON-lines file with atomic line appends and explicit commits.

    Args:
        path: the file; parent folders are created.
        truncate: start the file empty (a fresh run) instead of appending (a resumed run).
        lock: take an exclusive ``flock`` so a second writer fails fast instead of interleaving.
    """

    def __init__(self, path: str | Path, *, truncate: bool = False, lock: bool = True) -> None:
        self.path = Path(path)
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd: int | None = os.open(self.path, flags, 0o644)
        except OSError as error:
            raise output_error(self.path, error) from None
        if lock:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(self._fd)
                self._fd = None
                message = f"{self.path} is being written by another run; wait for it to finish"
                raise MirpsError(message) from None
        if truncate:
            self.truncate_to(0)
        self._dirty = False

    @property
    def size(self) -> int:
        """Bytes in the file now (what a commit makes durable)."""
        return os.fstat(self._require_fd()).st_size

    def write(self, record: dict[str, Any]) -> None:
        """Append one record as one line with a single ``os.write``."""
        self.write_line(encode_line(record))

    def write_line(self, line: bytes) -> None:
        fd = self._require_fd()
        view = memoryview(line)
        try:
            written = os.write(fd, view)
            # Regular files take the whole buffer at once; loop only for the pathological case
            # (a full disk returns short counts before it raises; the resume index never counts
            # the torn line that leaves).
            while written < len(view):
                view = view[written:]
                written = os.write(fd, view)
        except OSError as error:
            raise output_error(self.path, error) from None
        self._dirty = True

    def commit(self) -> None:
        """Make every line written so far durable (one fsync)."""
        if self._dirty:
            try:
                os.fsync(self._require_fd())
            except OSError as error:
                raise output_error(self.path, error) from None
            self._dirty = False

    def truncate_to(self, size: int) -> None:
        """Drop everything after ``size`` bytes: lines written after the last commit point."""
        fd = self._require_fd()
        try:
            os.ftruncate(fd, size)
            os.fsync(fd)
        except OSError as error:
            raise output_error(self.path, error) from None

    def close(self) -> None:
        if self._fd is not None:
            try:
                self.commit()
            finally:
                os.close(self._fd)  # closing releases the flock
                self._fd = None

    def _require_fd(self) -> int:
        if self._fd is None:
            raise ValueError(f"{self.path} is closed")
        return self._fd

    def __enter__(self) -> JsonlSink:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class ErrorSink:
    """``OUT.errors.jsonl``: one line per input that failed, with a one-line reason.

    It describes the latest run (a resumed run retries earlier failures, so it starts the
    file afresh); it is opened lazily so a clean run leaves no empty file behind.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._sink: JsonlSink | None = None
        if self.path.exists():
            self.path.unlink()
        self.count = 0

    def report(self, *, input: str, reason: str, path: str | None, sha256: str | None, kind: str) -> None:
        """Record one failure; newlines in the reason are folded so it stays one line."""
        if self._sink is None:
            self._sink = JsonlSink(self.path, truncate=True)
        reason = " ".join(reason.split())
        self._sink.write({"input": input, "path": path, "sha256": sha256, "error": kind, "reason": reason})
        self.count += 1

    def commit(self) -> None:
        if self._sink is not None:
            self._sink.commit()

    def close(self) -> None:
        if self._sink is not None:
            self._sink.close()

    def __enter__(self) -> ErrorSink:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


_ID_PREFIX = b'"id":"'


def line_id(line: bytes) -> str | None:
    """The record id near the start of a line, without parsing the whole record."""
    at = line.find(_ID_PREFIX, 0, 200)
    if at < 0:
        return None
    start = at + len(_ID_PREFIX)
    return line[start : start + 16].decode("ascii", "replace")


def link_copies_in_jsonl(path: str | Path, similarity_of: dict[str, float]) -> int:
    """Write each canonical record's ``copies`` list from the lines that name it in ``copy_of``.

    Two streaming passes; only lines that change are re-encoded, and the new file replaces the
    old one atomically (temp file, fsync, ``os.replace``). ``similarity_of`` gives a near copy's
    similarity by its id (a copy with the very same text has 1.0). Returns the lines changed.
    """
    path = Path(path)
    copies: dict[str, list[dict[str, Any]]] = {}
    with path.open("rb") as handle:
        for line in handle:
            if b'"copy_of":"' not in line:
                continue
            record = json.loads(line)
            canonical = record.get("copy_of")
            if canonical:
                similarity = 1.0 if record["id"] == canonical else similarity_of.get(record["id"])
                copies.setdefault(canonical, []).append(
                    {"id": record["id"], "source": record.get("source") or {}, "similarity": similarity}
                )
    if not copies:
        return 0
    changed = 0
    temporary = path.with_name(path.name + ".copies.tmp")
    try:
        with path.open("rb") as source, temporary.open("wb") as target:
            for line in source:
                release = line_id(line)
                if release in copies and b'"copy_of":null' in line:
                    record = json.loads(line)
                    if record.get("copies") != copies[release]:
                        record["copies"] = copies[release]
                        line = encode_line(record)
                        changed += 1
                target.write(line)
            target.flush()
            os.fsync(target.fileno())
        if changed:
            os.replace(temporary, path)
    except OSError as error:
        raise output_error(path, error) from None
    finally:
        temporary.unlink(missing_ok=True)
    return changed


@contextmanager
def writing_to(path: str | Path | None) -> Iterator[None]:
    """Turn an ``OSError`` or SQLite error raised inside the block into an :class:`OutputError` on ``path``."""
    try:
        yield
    except (OSError, sqlite3.Error) as error:
        if path is None:
            raise
        raise output_error(path, error) from None


class RunLock:
    """An exclusive ``flock`` on a small hidden file beside the output, held for a whole run.

    The lock sits on its own file, not on ``OUT.jsonl``, because a fresh run writes a
    temporary file and swaps it in at the end: a lock on the output itself would move with
    it. The file stays behind (removing a lock file races with the next run that opens it).
    """

    def __init__(self, out: str | Path) -> None:
        out = Path(out)
        self.path = out.with_name(f".{out.name}.lock")
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
        try:
            self._fd: int | None = os.open(self.path, flags, 0o644)
        except OSError as error:
            raise output_error(out, error) from None
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.close()
            raise MirpsError(f"{out} is being written by another run; wait for it to finish") from None

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> RunLock:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
