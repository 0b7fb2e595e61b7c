"""One identity for a release, and the copies of one release found across an archive.

The id policy (``RECORDS.md``): a release is the sha256 of its *normalised* text (first 16 hex
characters), so two files that differ only in boilerplate the ingester strips are one release.
The JSONL output, the SQLite store and the resume index all key on that id.

Copies: the same release syndicated (a wire repost), reposted with other boilerplate, or lightly
edited is found with MinHash LSH (``datasketch``) over word 3-grams of the normalised text, and
linked to the first copy seen (the *canonical* record). Every copy keeps its own record (its own
source, publisher, url and ``syndicated_by``); it names its canonical in ``copy_of`` and the
canonical lists its copies in ``copies``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from mirps_nlp.normalize import release_id

#: Estimated Jaccard similarity of word 3-grams from which two texts are copies of one release.
#: A one-line edit in a 300-word release keeps ~0.95; two different releases of one template ~0.3.
COPY_THRESHOLD = 0.8
NUM_PERM = 128
SHINGLE_WORDS = 3
#: datasketch's hashing scheme (2.x), named so stored signatures are read back the same way.
SCHEME = "affine32"
_DTYPE = np.uint32
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Lower-cased word n-grams: punctuation and line breaks do not make two copies differ."""
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash:
    """The MinHash of a normalised text (seeded, so equal texts give equal signatures everywhere)."""
    minhash = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    minhash.update_batch(list(shingles(text)))
    return minhash


def signature_bytes(minhash: MinHash) -> bytes:
    """A compact, stable serialisation for the resume index."""
    return np.asarray(minhash.hashvalues, dtype=_DTYPE).tobytes()


def signature_from_bytes(raw: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, hashvalues=np.frombuffer(raw, dtype=_DTYPE).copy())


@dataclass(frozen=True, slots=True)
class CopyLink:
    """A release found to be a copy: the canonical it belongs to and how alike they are."""

    canonical_id: str
    similarity: float


class CopyLinker:
    """Links each new release to the canonical release it copies, if any (first seen wins).

    >>> linker = CopyLinker()
    >>> linker.link("a" * 16, "one text of some length about the MIRPS presidency") is None
    True
    """

    def __init__(self, threshold: float = COPY_THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}
        self.canonical_of: dict[str, str] = {}  # release id -> canonical id (itself when canonical)

    def __len__(self) -> int:
        return len(self.canonical_of)

    def load(self, rows: Iterable[tuple[str, str, bytes]]) -> None:
        """Restore ``(release_id, canonical_id, signature)`` rows from an earlier run."""
        for release, canonical, raw in rows:
            self._remember(release, canonical, signature_from_bytes(raw))

    def link(self, release: str, text: str) -> tuple[CopyLink | None, MinHash]:
        """Is ``release`` (with this normalised text) a copy of one seen before? Remembers it either way."""
        known = self.canonical_of.get(release)
        minhash = self._signatures.get(release)
        if minhash is None:
            minhash = signature(text)
        if known is not None:
            return CopyLink(known, 1.0), minhash  # the very same normalised text
        best: CopyLink | None = None
        for candidate in self._lsh.query(minhash):
            similarity = float(minhash.jaccard(self._signatures[candidate]))
            if similarity >= self.threshold and (best is None or similarity > best.similarity):
                best = CopyLink(self.canonical_of[candidate], round(similarity, 3))
        self._remember(release, best.canonical_id if best else release, minhash)
        return best, minhash

    def _remember(self, release: str, canonical: str, minhash: MinHash) -> None:
        if release in self.canonical_of:
            return
        self.canonical_of[release] = canonical
        self._signatures[release] = minhash
        # Only canonicals go into the index: a copy of a copy links to the same canonical.
        if canonical == release:
            self._lsh.insert(release, minhash)


__all__ = ["COPY_THRESHOLD", "CopyLink", "CopyLinker", "release_id", "shingles", "signature"]
