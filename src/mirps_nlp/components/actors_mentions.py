"""Actor mentions as token ranges, with an occupancy index so that each token names at most one
actor (longest match first) while a few nested mentions ("U.S." inside "U.S. Department of
State") are kept on the side."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.attrs import IS_ALPHA, IS_TITLE, LIKE_EMAIL, LIKE_NUM, LOWER, ORTH, SENT_START, SPACY
from spacy.tokens import Doc


@dataclass
class Mention:
    start: int  # token index
    end: int  # token index, exclusive
    id: str
    kind: str  # "country" / "organization" / "person"
    nested: bool = False  # inside another mention; never blocks a token


@dataclass
class ActorInfo:
    """What we know of one distinct actor besides its mentions."""

    id: str
    kind: str
    name: str
    iso3: str | None = None
    acronym: str | None = None
    title: str | None = None
    affiliation: str | None = None
    wikidata: str | None = None
    roles: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "iso3": self.iso3,
            "acronym": self.acronym,
            "title": self.title,
            "affiliation": self.affiliation,
            "roles": list(self.roles),
            "wikidata": self.wikidata,
        }


class TokenView:
    """Plain lists of the token attributes the actor rules read, built in one pass: creating a
    spaCy ``Token`` object costs more than the rule that reads it, and the rules scan the
    release several times."""

    def __init__(self, doc: Doc) -> None:
        strings = doc.vocab.strings
        cols = doc.to_array([ORTH, LOWER, IS_ALPHA, IS_TITLE, LIKE_NUM, LIKE_EMAIL, SENT_START, SPACY]).tolist()
        self.text: list[str] = [strings[row[0]] for row in cols]
        self.lower: list[str] = [strings[row[1]] for row in cols]
        self.alpha: list[bool] = [bool(row[2]) for row in cols]
        self.title: list[bool] = [bool(row[3]) for row in cols]
        self.num: list[bool] = [bool(row[4]) for row in cols]
        self.email: list[bool] = [bool(row[5]) for row in cols]
        # SENT_START is 1 / -1 / 0 (start / inside / unset); token 0 never counts as a boundary
        self.sent_start: list[bool] = [row[6] == 1 and i > 0 for i, row in enumerate(cols)]
        self.space: list[bool] = [bool(row[7]) for row in cols]


class MentionIndex:
    """The mentions of one Doc; ``owner[i]`` is the top-level mention covering token i."""

    def __init__(self, doc: Doc) -> None:
        n_tokens = len(doc)
        self.tok = TokenView(doc)
        self.mentions: list[Mention] = []
        self.owner: list[Mention | None] = [None] * n_tokens
        self.blocked: list[bool] = [False] * n_tokens  # tokens of non-actors (events, places…)

    def is_free(self, start: int, end: int) -> bool:
        return all(self.owner[i] is None and not self.blocked[i] for i in range(start, end))

    def add(self, mention: Mention) -> bool:
        """Add a top-level mention if its tokens are free; nested ones always go in."""
        if mention.nested:
            self.mentions.append(mention)
            return True
        if not self.is_free(mention.start, mention.end):
            return False
        self.mentions.append(mention)
        for i in range(mention.start, mention.end):
            self.owner[i] = mention
        return True

    def absorb(self, start: int, end: int) -> None:
        """Turn the top-level mentions inside [start, end) into nested ones, freeing their tokens
        for an enclosing name ("Honduras" in "Secretariat of Human Rights of Honduras")."""
        for m in self.mentions:
            if not m.nested and start <= m.start and m.end <= end:
                m.nested = True
                for i in range(m.start, m.end):
                    self.owner[i] = None

    def block(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.blocked[i] = True

    def remove(self, mention: Mention) -> None:
        self.mentions = [m for m in self.mentions if m is not mention]
        for i in range(mention.start, mention.end):
            if self.owner[i] is mention:
                self.owner[i] = None

    def at(self, i: int) -> Mention | None:
        return self.owner[i] if 0 <= i < len(self.owner) else None

    def starting_at(self, i: int) -> Mention | None:
        m = self.at(i)
        return m if m is not None and m.start == i else None

    def ending_at(self, i: int) -> Mention | None:
        """The mention whose last token is ``i``."""
        m = self.at(i)
        return m if m is not None and m.end == i + 1 else None

    def ids(self) -> set[str]:
        return {m.id for m in self.mentions}
