"""Which language a release is written in, so it gets that language's grammar.

Two steps. A release in a language we have patterns for is recognised cheaply by its
function words (``patterns/<lang>/language.jsonl``): a clear majority of one profile
decides. Anything less clear goes to ``py3langid`` (a well-kept identifier, loaded lazily:
its model costs about three seconds to read), which names any language, so a French
release is called French, not "English with few matches".

The body text is what ingest kept (site headers and footers are gone), so a Spanish release
syndicated with English boilerplate is Spanish.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

LANG_HELP = "Language of the releases: auto (detect each one), or a language with patterns (en, es)."

_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE_CHARS = 20_000  # the profile count reads at most this much
_ID_SAMPLE_CHARS = 1_500  # the identifier's cost grows with the text: a sample decides
_MIN_HITS = 12  # profile words before the cheap path may decide
_MIN_SHARE = 0.12  # of all words
_MIN_LEAD = 3.0  # the winner's hits over the runner-up's


@dataclass(frozen=True)
class Detection:
    """A language code (ISO 639-1, or "und" when there is no text), how sure, and how found."""

    lang: str
    confidence: float
    method: str  # "profile" | "identifier" | "empty"


@functools.cache
def _profiles() -> dict[str, frozenset[str]]:
    # Imported here: the CLI reads LANG_HELP for --help and must not pay for the pattern schemas.
    from mirps_nlp.patterns import available_languages, read_patterns

    return {
        lang: frozenset(w.casefold() for row in read_patterns(lang, "language.jsonl") for w in row["words"])
        for lang in available_languages()
    }


@functools.cache
def _identifier():  # py3langid is untyped: the identifier it returns is too
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> Detection:
    """The language of ``text`` (a release body)."""
    words = _WORD.findall(text[:_SAMPLE_CHARS].casefold())
    if not words:
        return Detection("und", 0.0, "empty")
    counts = Counter(words)  # each distinct word looked up once per profile
    hits = {
        lang: sum(n for w, n in counts.items() if w in profile) for lang, profile in _profiles().items() if profile
    }
    ranked = sorted(hits.items(), key=lambda kv: kv[1], reverse=True)
    if ranked:
        best, best_hits = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        if best_hits >= _MIN_HITS and best_hits / len(words) >= _MIN_SHARE and best_hits >= _MIN_LEAD * second:
            return Detection(best, round(best_hits / (best_hits + second), 3), "profile")
    lang, confidence = _identifier().classify(_sample(text))
    return Detection(str(lang), round(float(confidence), 3), "identifier")


def _sample(text: str) -> str:
    """A stretch of body text: skip the headline-sized first line when there is more."""
    first_break = text.find("\n")
    body = text[first_break + 1 :] if 0 < first_break < len(text) - 200 else text
    return body[:_ID_SAMPLE_CHARS]
