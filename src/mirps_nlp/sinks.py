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
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path
from types import TracebackType
from typing import Any

from mirps_nlp.errors import MirpsError


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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
        self._fd: int | None = os.open(self.path, flags, 0o644)
        if lock:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(self._fd)
                self._fd = None
                message = f"{self.path} is being written by another run; wait for it to finish"
                raise MirpsError(message) from None
        if truncate:
            os.ftruncate(self._fd, 0)
        self.lines_written = 0
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
        written = os.write(fd, view)
        # Regular files take the whole buffer at once; loop only for the pathological case
        # (a full disk returns short counts before it raises).
        while written < len(view):
            view = view[written:]
            written = os.write(fd, view)
        self.lines_written += 1
        self._dirty = True

    def commit(self) -> None:
        """Make every line written so far durable (one fsync)."""
        if self._dirty:
            os.fsync(self._require_fd())
            self._dirty = False

    def truncate_to(self, size: int) -> None:
        """Drop everything after ``size`` bytes: lines written after the last commit point."""
        fd = self._require_fd()
        os.ftruncate(fd, size)
        os.fsync(fd)

    def close(self) -> None:
        if self._fd is not None:
            self.commit()
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


def _line_id(line: bytes) -> str | None:
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
    with path.open("rb") as source, temporary.open("wb") as target:
        for line in source:
            release = _line_id(line)
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
    else:
        temporary.unlink()
    return changed
