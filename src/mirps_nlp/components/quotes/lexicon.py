"""The words the quote component reads, loaded once from ``patterns/<lang>/quote_*.jsonl``.

Keeping them as data means a Spanish lexicon is a new folder, not new code:
``quote_cues`` (attribution verbs by kind), ``quote_words`` (closed word classes),
``quote_pronouns``, ``quote_titles`` (title heads,
modifiers and honorifics), ``quote_motto_heads`` (nouns that introduce a motto or a title in
marks), ``quote_not_name_words`` and ``quote_name_particles`` (what a person's name is made of, for
surnames written alone after the actor component named the person).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import spacy

from mirps_nlp.patterns import read_patterns

CUE_KINDS = ("speech", "source", "characterize")


@dataclass(frozen=True, slots=True)
class Cue:
    """One attribution cue form: ``form`` as a lower-case phrase, ``kind`` one of CUE_KINDS."""

    form: str
    lemma: str
    kind: str


@dataclass(slots=True)
class QuoteLexicon:
    cues: list[Cue] = field(default_factory=list)
    # lemma -> kind for the rows marked ``by_lemma``: any form the lemmatizer maps to the lemma
    lemma_cues: dict[str, str] = field(default_factory=dict)
    # a bare title -> titles it stands for ("vicecanciller" -> "viceministro de relaciones exteriores"),
    # keyed by the title's sorted lower-case words
    title_synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    pronouns: dict[str, str] = field(default_factory=dict)
    pronoun_gender: dict[str, str] = field(default_factory=dict)  # "ella" -> "f", where a language marks it
    title_heads: frozenset[str] = frozenset()
    title_modifiers: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()
    motto_heads: frozenset[str] = frozenset()
    not_name_words: frozenset[str] = frozenset()
    name_particles: frozenset[str] = frozenset()
    place_names: frozenset[str] = frozenset()
    stop_words: frozenset[str] = frozenset()
    # small closed classes from ``quote_words.jsonl`` (connectors inside a speaker phrase, the
    # "that"/"que" before a quotation, dialogue dashes, ...), by class name
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    non_name_lower: frozenset[str] = frozenset()  # every lower-case form that is never a name word

    def __post_init__(self) -> None:
        self.non_name_lower = frozenset(
            self.title_heads
            | self.title_modifiers
            | self.honorifics
            | {h + "." for h in self.honorifics}
            | self.not_name_words
            | set(self.pronouns)
            | self.motto_heads
        )

    def word_class(self, name: str) -> frozenset[str]:
        """The words of one ``quote_words.jsonl`` class (empty when the language has none)."""
        return self.words.get(name, frozenset())

    def is_title_word(self, lower: str) -> bool:
        return lower in self.title_heads or lower in self.title_modifiers

    def is_honorific(self, lower: str) -> bool:
        return lower in self.honorifics or lower.rstrip(".") in self.honorifics


def read_jsonl(lang: str, name: str) -> list[dict[str, Any]]:
    """Rows of ``patterns/<lang>/<name>.jsonl`` (see :func:`.common.read_patterns`)."""
    return read_patterns(lang, f"{name}.jsonl")


def load_lexicon(lang: str = "en") -> QuoteLexicon:
    """Read every quote table for ``lang``."""
    cues = [
        Cue(form=form.lower(), lemma=row["lemma"], kind=row.get("kind", "speech"))
        for row in read_jsonl(lang, "quote_cues")
        for form in row["forms"]
    ]
    for cue in cues:
        if cue.kind not in CUE_KINDS:
            raise ValueError(f"quote_cues: unknown kind {cue.kind!r} for {cue.form!r}")
    lemma_cues = {
        row["lemma"]: row.get("kind", "speech") for row in read_jsonl(lang, "quote_cues") if row.get("by_lemma")
    }
    titles = read_jsonl(lang, "quote_titles")
    pronoun_rows = read_jsonl(lang, "quote_pronouns")
    return QuoteLexicon(
        cues=cues,
        lemma_cues=lemma_cues,
        pronouns={row["form"].lower(): row["refers"] for row in pronoun_rows},
        pronoun_gender={row["form"].lower(): row["gender"] for row in pronoun_rows if row.get("gender")},
        title_heads=frozenset(r["word"] for r in titles if r["role"] == "head"),
        title_modifiers=frozenset(r["word"] for r in titles if r["role"] == "modifier"),
        honorifics=frozenset(r["word"].rstrip(".") for r in titles if r["role"] == "honorific"),
        title_synonyms={
            " ".join(sorted(r["word"].lower().split())): tuple(r["same_as"]) for r in titles if r.get("same_as")
        },
        motto_heads=frozenset(r["word"] for r in read_jsonl(lang, "quote_motto_heads")),
        not_name_words=frozenset(r["word"] for r in read_jsonl(lang, "quote_not_name_words")),
        name_particles=frozenset(r["word"] for r in read_jsonl(lang, "quote_name_particles")),
        place_names=_country_names(),
        stop_words=_stop_words(lang),
        words={row["class"]: frozenset(row["words"]) for row in read_jsonl(lang, "quote_words")},
    )


def _stop_words(lang: str) -> frozenset[str]:
    """The language's stop words (what ``Token.is_stop`` reads), lower-cased."""
    try:  # the class's defaults, not spacy.blank(lang): that builds a tokenizer (0.2-0.5 s)
        defaults = spacy.util.get_lang_class(lang).Defaults
    except (ImportError, KeyError, ValueError):  # an unknown language code: no stop words
        return frozenset()
    return frozenset(w.lower() for w in defaults.stop_words)


def _country_names() -> frozenset[str]:
    """Lower-case country names, so "Costa Rica said" is not taken for a person without actors."""
    try:
        import pycountry
    except ImportError:  # pragma: no cover - pycountry is a declared dependency
        return frozenset()
    names: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(value.lower())
    return frozenset(names)
