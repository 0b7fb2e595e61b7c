"""Engines run :func:`mirps_nlp.extract_many` over a stream of inputs, locally or on Dask.

An engine knows nothing about components or sinks: it takes :class:`InputItem` objects and
yields one :class:`Outcome` per item, in input order, holding either the release as a
plain JSON dict or a one-line reason it failed. Plain dicts are what crosses process and
machine boundaries (never ``nlp`` or Docs).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from mirps_nlp.extraction import InputItem


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one input: ``record`` on success, ``error`` (+ its type) on failure."""

    item: InputItem
    record: dict[str, Any] | None = None
    error: str | None = None
    error_kind: str | None = None

    @property
    def ok(self) -> bool:
        return self.record is not None


class Engine(Protocol):
    """Anything that turns items into outcomes, in order, holding bounded work in flight."""

    def run(self, items: Iterable[InputItem]) -> Iterator[Outcome]: ...

    def close(self) -> None: ...


def one_line(error: BaseException) -> str:
    """An exception as a single line a user can act on (no traceback, no newlines)."""
    text = " ".join(str(error).split())
    return text or type(error).__name__


__all__ = ["Engine", "Outcome", "one_line"]
