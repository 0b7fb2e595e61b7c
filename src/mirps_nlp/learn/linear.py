"""A small linear text classifier stored as plain JSON, never as a pickle.

Hashed word n-grams (scikit-learn's ``HashingVectorizer``, stateless) feed a logistic
regression. What is saved is only numbers and names: the vectoriser's parameters, the classes,
and the non-zero coefficients. Loading reads those arrays back, so a model file cannot run code,
and a SHA-256 in the models manifest proves it is the file that was trained.

Scoring needs no scikit-learn: the analyser (lower-case, token pattern, word n-grams) and
MurmurHash3 are re-done here with the same results (tests compare them on the corpus), so
extraction does not pay scikit-learn's import (two to three seconds of CPU, scipy.stats
included) before its first record. Training imports it.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from mirps_nlp.errors import ModelIntegrityError

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import HashingVectorizer

FORMAT = "mirps-linear-text/1"
MANIFEST = "MANIFEST.json"

# Few features keep the files small; a press-release vocabulary is a few thousand words.
DEFAULT_VECTORIZER: dict[str, Any] = {
    "n_features": 2**15,
    "ngram_range": [1, 2],
    "alternate_sign": False,
    "norm": "l2",
    "lowercase": True,
    "token_pattern": r"(?u)\b\w+\b|[“”\"«»%$€]",
}


def vectorizer(params: dict[str, Any]) -> HashingVectorizer:
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(**{**params, "ngram_range": tuple(params["ngram_range"])})


def word_ngrams(params: dict[str, Any]) -> Callable[[str], list[str]]:
    """``HashingVectorizer(**params).build_analyzer()`` for word n-grams, without scikit-learn:
    lower-case (when asked), the token pattern's matches, then n-grams joined by one space."""
    if params.get("analyzer", "word") != "word" or params.get("strip_accents") or params.get("stop_words"):
        raise ModelIntegrityError(f"vectoriser settings {params!r} are not supported for scoring")
    find_tokens = re.compile(params.get("token_pattern", r"(?u)\b\w\w+\b")).findall
    low, high = params.get("ngram_range", (1, 1))
    lowercase = params.get("lowercase", True)

    def analyze(text: str) -> list[str]:
        tokens = find_tokens(text.lower() if lowercase else text)
        grams = list(tokens) if low == 1 else []
        for n in range(max(low, 2), min(high, len(tokens)) + 1):
            # zip of the shifted lists: every run of n tokens, joined at C speed
            grams.extend(map(" ".join, zip(*(tokens[k:] for k in range(n)), strict=False)))
        return grams

    return analyze


def murmurhash3_32(key: str, seed: int = 0) -> int:
    """Signed 32-bit MurmurHash3 (x86) of ``key`` as UTF-8: scikit-learn's ``murmurhash3_32``."""
    data = key.encode("utf-8")
    mask = 0xFFFFFFFF
    c1, c2 = 0xCC9E2D51, 0x1B873593
    h = seed & mask
    end = len(data) - len(data) % 4
    for i in range(0, end, 4):
        k = (int.from_bytes(data[i : i + 4], "little") * c1) & mask
        k = (((k << 15) | (k >> 17)) & mask) * c2 & mask
        h ^= k
        h = (((h << 13) | (h >> 19)) & mask) * 5 + 0xE6546B64 & mask
    tail = data[end:]
    if tail:
        k = int.from_bytes(tail, "little")
        k = (k * c1) & mask
        k = (((k << 15) | (k >> 17)) & mask) * c2 & mask
        h ^= k
    h ^= len(data)
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & mask
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & mask
    h ^= h >> 16
    return h - (1 << 32) if h & 0x80000000 else h


@dataclass
class LinearWeights:
    """What scoring needs of a fitted logistic regression (the attributes scikit-learn names)."""

    classes_: np.ndarray
    coef_: np.ndarray
    intercept_: np.ndarray
    n_features_in_: int


@dataclass
class TextClassifier:
    """A fitted hashed-n-gram logistic regression and the metadata that identifies it."""

    name: str
    classes: list[str]
    estimator: Any  # a fitted LogisticRegression, or LinearWeights read from a model file
    vectorizer_params: dict[str, Any]
    info: dict[str, Any]
    _analyze: Callable[[str], list[str]] | None = field(default=None, init=False, repr=False)
    _weights: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)), init=False, repr=False)
    _row_of: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64), init=False, repr=False)
    _index_of: dict[str, int] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def fit(
        cls, name: str, texts: list[str], labels: list[str], *, c: float = 4.0, info: dict[str, Any] | None = None
    ) -> TextClassifier:
        from sklearn.linear_model import LogisticRegression

        params = dict(DEFAULT_VECTORIZER)
        features = vectorizer(params).transform(texts)
        estimator = LogisticRegression(C=c, max_iter=2000, class_weight="balanced", random_state=0)
        estimator.fit(features, labels)
        return cls(name, [str(k) for k in estimator.classes_], estimator, params, dict(info or {}))

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Class probabilities, one row per text, columns in ``self.classes`` order.

        The same numbers as scikit-learn's ``predict_proba`` (a test checks), computed directly
        from the weights of the features seen in training: scikit-learn's per-call validation
        and sparse-matrix set-up cost more than the arithmetic when every release asks for a
        few predictions. Hashes of n-grams are cached across calls.
        """
        if not texts:
            return np.zeros((0, len(self.classes)))
        n_features = int(self.vectorizer_params["n_features"])
        if self._analyze is None:
            self._analyze = word_ngrams(self.vectorizer_params)
            coef = np.asarray(self.estimator.coef_, dtype=float)
            used = np.flatnonzero(np.any(coef != 0, axis=0))
            self._weights = coef[:, used].T.copy()  # one row of class weights per used feature
            self._row_of = np.full(n_features, -1, dtype=np.int64)  # feature index -> its row, or -1
            self._row_of[used] = np.arange(len(used))
        index_of = self._index_of
        keys: list[int] = []
        values: list[int] = []
        sizes: list[int] = []
        norms: list[float] = []
        for text in texts:
            grams = self._analyze(text)
            for gram in set(grams).difference(index_of):
                index_of[gram] = abs(murmurhash3_32(gram, seed=0)) % n_features
            counts = Counter(map(index_of.__getitem__, grams))
            norms.append(math.sqrt(sum(c * c for c in counts.values())) or 1.0)
            keys.extend(counts)
            values.extend(counts.values())
            sizes.append(len(counts))
        # All texts at once: each feature's count times its class weights, summed per text.
        rows = self._row_of[np.asarray(keys, dtype=np.int64)]
        known = rows >= 0
        owner = np.repeat(np.arange(len(texts)), sizes)[known]
        weighted = np.asarray(values, dtype=float)[known, None] * self._weights[rows[known]]
        dots = np.stack(
            [np.bincount(owner, weights=weighted[:, k], minlength=len(texts)) for k in range(weighted.shape[1])],
            axis=1,
        )
        scores = np.asarray(self.estimator.intercept_, dtype=float) + dots / np.asarray(norms)[:, None]
        if len(index_of) > 500_000:  # bounded: a long-running service sees unbounded vocabulary
            index_of.clear()
        if scores.shape[1] == 1:  # binary: one column of log-odds for the second class
            positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            return np.column_stack([1.0 - positive, positive])
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))

    def sklearn_proba(self, texts: list[str]) -> np.ndarray:
        """The reference computation through scikit-learn (used by tests)."""
        from sklearn.linear_model import LogisticRegression

        estimator = self.estimator
        if not isinstance(estimator, LogisticRegression):
            estimator = LogisticRegression()
            for name in ("classes_", "coef_", "intercept_", "n_features_in_"):
                setattr(estimator, name, getattr(self.estimator, name))
        return np.asarray(estimator.predict_proba(vectorizer(self.vectorizer_params).transform(texts)))

    def predict(self, texts: list[str]) -> list[tuple[str, float]]:
        """The most likely class of each text with its probability."""
        probabilities = self.predict_proba(texts)
        return [(self.classes[int(row.argmax())], float(row.max())) for row in probabilities]

    # --- persistence -------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        coef = np.asarray(self.estimator.coef_)
        rows, cols = np.nonzero(coef)
        return {
            "format": FORMAT,
            "name": self.name,
            "classes": self.classes,
            "vectorizer": self.vectorizer_params,
            "n_features": int(coef.shape[1]),
            "coef_shape": list(coef.shape),
            # Rounded so a retrain on another machine writes the same bytes.
            "coef": [[int(r), int(c), round(float(coef[r, c]), 7)] for r, c in zip(rows, cols, strict=True)],
            "intercept": [round(float(v), 7) for v in np.asarray(self.estimator.intercept_)],
            "info": self.info,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TextClassifier:
        if data.get("format") != FORMAT:
            raise ModelIntegrityError(
                f"model format {data.get('format')!r} is not {FORMAT!r}; retrain with mirps-nlp train"
            )
        coef = np.zeros(tuple(data["coef_shape"]))
        for r, c, value in data["coef"]:
            coef[r, c] = value
        estimator = LinearWeights(
            classes_=np.array(data["classes"]),
            coef_=coef,
            intercept_=np.array(data["intercept"], dtype=float),
            n_features_in_=int(data["n_features"]),
        )
        return cls(data["name"], list(data["classes"]), estimator, dict(data["vectorizer"]), dict(data["info"]))

    def save(self, folder: Path) -> str:
        """Write ``folder/model.json`` and return its SHA-256 (recorded in the manifest)."""
        folder.mkdir(parents=True, exist_ok=True)
        payload = (json.dumps(self.to_json(), indent=None, sort_keys=True, separators=(",", ":")) + "\n").encode()
        (folder / "model.json").write_bytes(payload)
        return hashlib.sha256(payload).hexdigest()


def load_classifier(models_dir: Path, name: str) -> TextClassifier:
    """Load ``models_dir/name/model.json`` after checking its hash against the manifest."""
    manifest_path = models_dir / MANIFEST
    model_path = models_dir / name / "model.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        payload = model_path.read_bytes()
    except (OSError, ValueError) as error:
        raise ModelIntegrityError(f"cannot read model {name!r} in {models_dir}: {error}") from error
    expected = (manifest.get("models") or {}).get(name, {}).get("sha256")
    actual = hashlib.sha256(payload).hexdigest()
    if expected != actual:
        raise ModelIntegrityError(
            f"model {name!r} does not match its manifest hash (expected {expected}, got {actual}); "
            "the file was changed after training: retrain with mirps-nlp train"
        )
    try:
        return TextClassifier.from_json(json.loads(payload))
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise ModelIntegrityError(f"model {name!r} is malformed: {error}") from error
