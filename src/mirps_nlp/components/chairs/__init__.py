"""mirps_chairs: who hands a chair to whom, and who holds it when.

No peer schema covers this event (CAMEO leaves "transferred the Presidency to Belize"
uncoded; PLOVER and ACLED have no type for it), and a statistical parser reads "to Belize"
as an infinitive often enough that we do not lean on one. The component works on tokens:

1. lexicons (``patterns/<lang>/chair_*.jsonl``) mark office names ("Pro Tempore
   Presidency", "Chair", "the helm"), body names ("MIRPS", "Support Platform", "Quito
   Process"), demonyms ("the Spanish Presidency") and trigger phrases, each with a kind:
   ``give`` (transferred, handed over), ``receive`` (assumed, took over), ``noun`` (the
   handover of), ``elect``, ``as`` (as / serving as), ``held_by``, ``lead`` (holds, will
   lead), ``end`` (completed its mandate);
2. each trigger looks for its slots in a small window of its sentence: the office it moves
   (only a few filler words may stand between verb and office, which is what rejects
   "transferred funds to Belize"), the holder before it (the subject) and the actors after
   "to", "from" and "by"; a person stands for the country or organisation of their
   affiliation;
3. the office is normalised against the body: a generic "Chair" of the MIRPS is its
   pro-tempore presidency, the Support Platform's "Presidency" is its chair;
4. transfers are deduplicated, and chair terms are merged one per (body, office, holder):
   a transfer makes the old holder's term "completed" and the new one's "incoming".

Actors come from ``doc.spans["mirps_actors"]`` (the actors component); this component only
reads them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from mirps_nlp import extensions
from mirps_nlp.bounds import sentence_bounds
from mirps_nlp.components.actors.mentions import actor_span_rows, token_view
from mirps_nlp.components.base import MirpsComponent
from mirps_nlp.components.chairs.rules import (
    BodyRow,
    DemonymRow,
    OfficeRow,
    TriggerRow,
    read_rows,
    trigger_patterns,
)
from mirps_nlp.components.chairs.stated import stated_terms
from mirps_nlp.dates import DateMention, date_mentions, first_day_date, longest_matches, month_numbers
from mirps_nlp.matching import TokenMatcher
from mirps_nlp.patterns import read_patterns

_YEAR = re.compile(r"^(19|20)\d\d$")
_YEAR_END = re.compile(r"^(19|20)?\d\d$")
_YEAR_RANGE = re.compile(r"^((?:19|20)\d\d)[-–/]((?:19|20)?\d\d)$")
_GLUED_MONTHS = re.compile(r"^([^\W\d_]+)[-–—/]([^\W\d_]+)$")  # "julio-diciembre", "January–June": one token
_HOLDER_LABELS = frozenset({"COUNTRY", "ORGANIZATION", "PERSON"})
_CLAUSE_STOPS = frozenset({".", ";", "!", "?", ":"})
_APPOSITION_ENDS = _CLAUSE_STOPS | {","}
_NO_WORDS: frozenset[str] = frozenset()
_WINDOW = 25  # tokens a trigger may look left or right for its slots
_LEDE_SENTENCES = 5
# Handovers are reported by the narrative; a quotation retells them ("We hand over the Chair …").
_NARRATIVE_ONLY = frozenset(
    {"give", "receive", "noun", "elect"}
)  # the lede's date dates the meeting and the handover at its close

# Priority of a term status when the same (body, office, holder) is stated more than once:
# what a transfer implies beats what a holding phrase suggests.
_STATUS_RANK = {None: 0, "current": 1, "incoming": 2, "completed": 2}


@dataclass(frozen=True, eq=False)  # one instance per row: identity is equality, hashing is cheap
class BodyInfo:
    """A body that has a chair: its output name, actor id, default office and members."""

    name: str | None
    actor: str | None
    office: str | None
    members: frozenset[str] = frozenset()
    anaphor: bool = False  # "the mechanism": the release's main body
    office_fixed: bool = False  # its office whatever the text calls it (the Support Platform's chair)
    rotation: str | None = None  # "year": "in January 2027" states the term 2027


@dataclass
class BodyMention:
    start: int
    end: int
    info: BodyInfo


@dataclass
class OfficeMention:
    """An office name with what is attached to it ("the MIRPS Pro-tempore Presidency",
    "Chair of the Support Platform", "the Spanish Presidency")."""

    start: int
    end: int
    office: str | None  # stated outright (pro_tempore_presidency) or None when the body decides
    standalone: bool
    body: BodyInfo | None = None
    holder: str | None = None
    status: str | None = None


@dataclass
class Holder:
    start: int
    end: int
    actor: str
    person: bool = False  # a person standing for their affiliation


@dataclass
class Candidate:
    """A transfer or holding found by one trigger, before body/office resolution."""

    kind: str  # "transfer" or "holding"
    office: OfficeMention
    start: int
    end: int
    sent: tuple[int, int]
    source: Holder | None = None
    target: Holder | None = None
    holder: Holder | None = None
    term: str | None = None
    status: str | None = None
    confidence: float = 0.9
    first_holder_to_come: bool = False  # elected for a body still to be launched: its term is incoming
    verb: int | None = None  # the token where its trigger starts


@dataclass(frozen=True)
class Trigger:
    """A trigger phrase found in the Doc (token and character offsets, its row's key)."""

    start: int
    end: int
    start_char: int
    label_: str


@dataclass
class DocMatches:
    """Every lexicon match of one Doc, from one pass of each matcher: (key, start, end)."""

    offices: list[tuple[str, int, int]] = field(default_factory=list)
    bodies: list[tuple[str, int, int]] = field(default_factory=list)
    demonyms: list[tuple[str, int, int]] = field(default_factory=list)
    triggers: list[tuple[str, int, int]] = field(default_factory=list)


@dataclass
class Lexicon:
    """Everything loaded from ``patterns/<lang>/chair_*.jsonl``, once per component.

    Offices, bodies and triggers share one case-insensitive ``PhraseMatcher`` and exact body
    names and demonyms one case-sensitive one: two passes over a Doc instead of six.
    """

    lower: PhraseMatcher
    exact: PhraseMatcher
    forms: TokenMatcher  # trigger rows on word forms
    lemmas: TokenMatcher  # trigger rows on lemmas (run when the Doc has them)
    office_kinds: dict[str, tuple[str | None, bool]]
    permanent: frozenset[str]  # office keys of permanent presidencies: never a rotation
    body_infos: dict[str, BodyInfo]
    body_actor_ids: dict[str, BodyInfo]
    trigger_rows: dict[str, dict[str, Any]]
    body_keys: dict[str, str] = field(default_factory=dict)  # actor id -> its body's matcher key
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    phrases: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)  # multi-word entries
    status_words: dict[str, str] = field(default_factory=dict)
    halves: dict[str, str] = field(default_factory=dict)  # semester word -> "first" / "second"
    months: dict[str, int] = field(default_factory=dict)
    year_offsets: dict[str, int] = field(default_factory=dict)  # "next year" -> 1
    rotations: dict[str, str] = field(default_factory=dict)  # body name -> "year"
    # a state's own body (its foreign ministry) acts for the state: org id -> "country:ISO3"
    national: dict[str, str] = field(default_factory=dict)
    # kind -> first word -> that kind's phrases starting with it, in row order (see phrase_at)
    # (each phrase a list, compared with a slice of the Doc's lower-case words at C speed)
    phrase_starts: dict[str, dict[str, list[list[str]]]] = field(init=False, default_factory=dict)
    # the lower-case words of the Doc read last (phrase_at runs many times per Doc)
    _lower_doc: tuple[Doc, list[str]] | None = field(init=False, default=None, repr=False, compare=False)
    _word_sets: dict[tuple[str, ...], frozenset[str]] = field(init=False, default_factory=dict, repr=False)
    day_range: re.Pattern[str] | None = field(init=False, default=None, repr=False)  # see day_range_pattern

    def __post_init__(self) -> None:
        self.day_range = day_range_pattern(
            self.words.get("day_range_link", ()), self.words.get("day_ordinal_suffix", ())
        )
        for kind, phrases in self.phrases.items():
            starts = self.phrase_starts.setdefault(kind, {})
            for phrase in phrases:
                starts.setdefault(phrase[0], []).append(list(phrase))

    @classmethod
    def load(cls, nlp: Language, lang: str) -> Lexicon:
        """Compile the rows of ``patterns/<lang>/chair_*.jsonl`` (validated, see chairs_rules)."""
        vocab = nlp.vocab
        lower = PhraseMatcher(vocab, attr="LOWER")
        exact = PhraseMatcher(vocab, attr="ORTH")
        forms = TokenMatcher(vocab)
        lemmas = TokenMatcher(vocab)
        office_kinds: dict[str, tuple[str | None, bool]] = {}
        permanent: set[str] = set()
        for n, office_row in enumerate(read_rows(lang, "chair_offices.jsonl", OfficeRow)):
            key = f"OFFICE#{n}"
            office_kinds[key] = (office_row.office, office_row.standalone)
            if office_row.permanent:
                permanent.add(key)
            lower.add(key, [nlp.make_doc(t) for t in office_row.phrases])
        body_infos: dict[str, BodyInfo] = {}
        body_actor_ids: dict[str, BodyInfo] = {}
        body_keys: dict[str, str] = {}
        for n, body_row in enumerate(read_rows(lang, "chair_bodies.jsonl", BodyRow)):
            key = f"BODY#{n}"
            info = BodyInfo(
                name=body_row.body,
                actor=body_row.actor,
                office=body_row.office,
                members=frozenset(body_row.members),
                anaphor=body_row.anaphor,
                office_fixed=body_row.office_fixed,
                rotation=body_row.rotation,
            )
            body_infos[key] = info
            if info.actor:
                body_actor_ids[info.actor] = info
                body_keys[info.actor] = key
            lower.add(key, [nlp.make_doc(t) for t in body_row.names])
            if body_row.exact_names:
                exact.add(key, [nlp.make_doc(t) for t in body_row.exact_names])
        for demonym_row in read_rows(lang, "chair_demonyms.jsonl", DemonymRow):
            exact.add(f"country:{demonym_row.iso3}", [nlp.make_doc(t) for t in demonym_row.words])
        trigger_rows: dict[str, dict[str, Any]] = {}
        words: dict[str, frozenset[str]] = {}
        phrases: dict[str, list[tuple[str, ...]]] = {}
        status_words: dict[str, str] = {}
        halves: dict[str, str] = {}
        months = month_numbers(lang)  # the dates component's table, abbreviations included
        year_offsets: dict[str, int] = {}
        for n, row in enumerate(read_rows(lang, "chair_triggers.jsonl")):
            if isinstance(row, TriggerRow):
                key = f"{row.kind}#{n}"
                trigger_rows[key] = row.model_dump()
                on_forms, on_lemmas = trigger_patterns(row)
                if on_forms:
                    forms.add(key, on_forms)
                if on_lemmas:
                    lemmas.add(key, on_lemmas)
                continue
            if row.kind == "status_word" and row.status:
                status_words.update({w: row.status for w in row.words})
            if row.half:
                for w in row.words:
                    halves[w.lower()] = row.half
            if row.offset is not None:
                for w in row.words:
                    year_offsets[w.lower()] = row.offset
            single = frozenset(w for w in row.words if " " not in w)
            words[row.kind] = words.get(row.kind, frozenset()) | single
            multi = [tuple(w.lower().split()) for w in row.words if " " in w]
            if multi:
                phrases.setdefault(row.kind, []).extend(multi)
        return cls(
            lower=lower,
            exact=exact,
            forms=forms,
            lemmas=lemmas,
            office_kinds=office_kinds,
            permanent=frozenset(permanent),
            body_infos=body_infos,
            body_actor_ids=body_actor_ids,
            trigger_rows=trigger_rows,
            body_keys=body_keys,
            words=words,
            phrases=phrases,
            status_words=status_words,
            halves=halves,
            months=months,
            year_offsets=year_offsets,
            rotations={info.name: info.rotation for info in body_infos.values() if info.name and info.rotation},
            national={
                row["id"]: f"country:{row['country']}"
                for row in read_patterns(lang, "organizations.jsonl")
                if row.get("country")
            },
        )

    def match(self, doc: Doc) -> DocMatches:
        """Run the matchers once each and sort their matches by what they found."""
        found = DocMatches()
        strings = doc.vocab.strings
        hits = [*self.lower(doc), *self.exact(doc), *self.forms(doc)]
        if doc.has_annotation("LEMMA"):
            hits += self.lemmas(doc)
        for match_id, start, end in sorted(set(hits), key=lambda h: (h[1], h[2])):
            key = strings[match_id]
            if key in self.office_kinds:
                found.offices.append((key, start, end))
            elif key in self.body_infos:
                found.bodies.append((key, start, end))
            elif key in self.trigger_rows:
                found.triggers.append((key, start, end))
            else:
                found.demonyms.append((key, start, end))
        return found

    def phrase_at(self, doc: Doc, i: int, kind: str) -> int | None:
        """End of a word of class ``kind`` starting at token ``i`` (one token, or a phrase)."""
        lower = self._lower_words(doc)  # plain strings: no Token object per test
        n = len(lower)
        if i >= n:
            return None
        first = lower[i]
        if first in self.words.get(kind, _NO_WORDS):
            return i + 1
        starts = self.phrase_starts.get(kind)
        if not starts:
            return None
        for phrase in starts.get(first, ()):
            end = i + len(phrase)
            if end <= n and (lower[i:end] if i >= 0 else [lower[j] for j in range(i, end)]) == phrase:
                return end
        return None

    def _lower_words(self, doc: Doc) -> list[str]:
        cached = self._lower_doc
        if cached is not None and cached[0] is doc and len(cached[1]) == len(doc):
            return cached[1]
        lower = token_view(doc).lower
        self._lower_doc = (doc, lower)
        return lower

    def is_(self, tok: Any, *kinds: str) -> bool:
        """Whether a token is a one-word member of any of these word classes."""
        lower, words = tok.lower_, self.words
        if len(kinds) == 1:  # the common case, without a generator
            return lower in words.get(kinds[0], _NO_WORDS)
        return any(lower in words.get(kind, _NO_WORDS) for kind in kinds)

    def first_words(self, *kinds: str) -> frozenset[str]:
        """Every word that can open a member of these classes (a one-word member or a phrase's
        first word): a position whose lower-case word is not here matches none of them."""
        return self.word_set(*kinds) | frozenset(p[0] for kind in kinds for p in self.phrases.get(kind, ()))

    def word_set(self, *kinds: str) -> frozenset[str]:
        out = self._word_sets.get(kinds)
        if out is None:  # the union of these classes, made once (the readers ask for it per call)
            out = frozenset().union(*(self.words.get(kind, _NO_WORDS) for kind in kinds))
            self._word_sets[kinds] = out
        return out


class ChairContext:
    """The per-Doc view the triggers read: sentences, bodies, offices, holders, dates."""

    def __init__(self, doc: Doc, lex: Lexicon, dates: list[DateMention], matches: DocMatches) -> None:
        self.doc = doc
        self.lex = lex
        self.matches = matches
        self.dates = dates
        self.sents, self.sent_of = sentence_bounds(doc)
        published = getattr(doc._, "mirps_published", None)
        self.year = int(published[:4]) if isinstance(published, str) and published[:4].isdigit() else None
        self.month = int(published[5:7]) if isinstance(published, str) and published[5:7].isdigit() else None
        self.date_tokens: set[int] = set()
        self.any_date_tokens = {i for m in dates for i in range(m.start, m.end)}
        for mention in dates:
            if mention.start and lex.is_(doc[mention.start - 1], "date_prep"):
                self.any_date_tokens.add(mention.start - 1)
        for mention in dates:
            if mention.is_day or mention.precision == "month":
                self.date_tokens.update(range(mention.start, mention.end))
        self.actor_spans = actor_spans(doc)
        self.actor_spans_all = self.actor_spans
        self.holders, self.holder_at = self._holders()
        self.office_matches = {s: key for key, s, _ in matches.offices}
        self.verbs = {s for _, s, _ in matches.triggers}  # where a trigger starts ("…, ejercida durante")
        self._demonym_starts = {s: (key, e) for key, s, e in matches.demonyms}
        self.named_in_longer: list[BodyMention] = []  # "the 14th Pacific Alliance Summit"
        self.bodies = self._bodies()
        self.body_at = _index(len(doc), self.bodies)
        self.permanent_bodies: set[int] = set()  # body starts governed by a permanent presidency
        self.offices = self._offices()
        self.office_at = _index(len(doc), self.offices)
        self._main_cache: dict[str | None, BodyInfo | None] = {}
        self.lede_end = 0  # character offset where the lede (the first sentences) ends

    # -- building -----------------------------------------------------------------------
    def _holders(self) -> tuple[list[Holder], list[int]]:
        doc = self.doc
        affiliation = {a.get("id"): a.get("affiliation") for a in (getattr(doc._, "mirps_actors", None) or [])}
        holders = []
        in_body = {i for _, s, e in self.matches.bodies for i in range(s, e)}
        for start, end, label, actor in self.actor_spans:
            if label not in _HOLDER_LABELS or not actor:
                continue
            if label == "ORGANIZATION" and any(i in in_body for i in range(start, end)):
                continue  # "the Mesoamerica Project (PM)": a body, never its own holder
            if label == "PERSON":
                actor = affiliation.get(actor) or ""
                if not actor.startswith(("country:", "org:")):
                    continue
            if actor in self.lex.body_actor_ids:
                continue  # "the MIRPS" is a body, never a holder
            actor = self.lex.national.get(actor, actor)  # "on behalf of MINEX": Guatemala holds it
            holders.append(Holder(start, end, actor, label == "PERSON"))
        holders += self._demonym_holders(holders)
        holders.sort(key=lambda h: (h.start, -h.end))
        at = [-1] * len(doc)
        for k, holder in enumerate(holders):
            for i in range(holder.start, holder.end):
                if at[i] == -1:
                    at[i] = k
        return holders, at

    def _demonym_holders(self, holders: list[Holder]) -> list[Holder]:
        """ "the Panamanian minister", "his Colombian counterpart", "su homólogo salvadoreño": a
        demonym next to an agent noun names the country acting. Not inside an actor's or a
        body's name ("Latin American"), not before an office (that is the office's holder)."""
        doc, lex = self.doc, self.lex
        taken = {i for h in holders for i in range(h.start, h.end)}
        taken |= {i for _, s, e in self.matches.bodies for i in range(s, e)}
        taken |= {i for s, e, _, _ in self.actor_spans_all for i in range(s, e)}
        out = []
        for actor, start, end in self.matches.demonyms:
            if any(i in taken for i in range(start, end)):
                continue
            prev = doc[start - 1] if start else None
            nxt = doc[end] if end < len(doc) else None
            if prev is not None and prev.is_title and not prev.is_sent_start and not lex.is_(prev, "agent_noun"):
                continue  # "Latin American", "North American"
            if (nxt is not None and lex.is_(nxt, "agent_noun")) or (prev is not None and lex.is_(prev, "agent_noun")):
                out.append(Holder(start, end, actor))
        return out

    def _bodies(self) -> list[BodyMention]:
        doc, lex = self.doc, self.lex
        spans = list(self.matches.bodies)
        for start, end, _, actor in self.actor_spans:
            info = lex.body_actor_ids.get(actor)
            if info is not None:
                spans.append((lex.body_keys[actor], start, end))
        mentions = []
        for key, start, end in longest_matches(spans):
            info = lex.body_infos[key]
            if info.anaphor and start and lex.is_(doc[start - 1], "sub_body_modifier"):
                continue  # "a working group led by El Salvador": a group of its own, not the release's body
            nxt = doc[end] if end < len(doc) else None
            if info.anaphor and self._named_by_complement(start, end):
                continue  # "la conferencia de donantes": a thing of its own, named by what follows
            # "MIRPS Fund", "MIRPS Technical Secretariat": the body name is part of a longer name.
            if (
                nxt is not None
                and nxt.is_title
                and nxt.is_alpha
                and not nxt.is_sent_start
                and not self._starts_office(end)
            ):
                self.named_in_longer.append(BodyMention(start, end, info))
                continue
            mentions.append(BodyMention(start, end, info))
        return self._short_names(mentions)

    def _named_by_complement(self, start: int, end: int) -> bool:
        """ "de donantes", "de la sociedad civil" right after an anaphoric body noun: the complement
        names another thing (a conference, a platform of its own), not the body named before; after
        a demonstrative ("ese espacio de países cooperantes") it describes the body named before."""
        doc = self.doc
        if end + 1 >= len(doc) or not self.lex.is_(doc[end], "of_word"):
            return False
        if start and self.lex.is_(doc[start - 1], "demonstrative"):
            return False
        nxt = doc[end + 1]
        return nxt.is_alpha and nxt.is_lower and nxt.lower_ not in self.lex.months

    def _short_names(self, mentions: list[BodyMention]) -> list[BodyMention]:
        """After "the Working Group on Internal Displacement", "the Working Group" (its first two
        words, a head noun second) is the same body."""
        doc, lex = self.doc, self.lex
        taken = {i for m in mentions if not m.info.anaphor for i in range(m.start, m.end)}
        found: list[BodyMention] = []
        words = token_view(doc).text  # plain strings: no Token object per word compared
        for m in mentions:
            if m.end - m.start < 3 or not (doc[m.start].is_title and lex.is_(doc[m.start + 1], "body_head")):
                continue
            short = (words[m.start], words[m.start + 1])
            for k in range(m.end, len(doc) - 1):
                if (words[k], words[k + 1]) != short or k in taken or not lex.is_(doc[k - 1], "determiner"):
                    continue
                after = doc[k + 2 : k + 4]
                linked = len(after) > 1 and lex.is_(after[0], "name_link") and after[1].is_title
                if after and (after[0].is_title or linked):
                    continue  # a longer name of another body: "the Working Group on Labour Migration"
                found.append(BodyMention(k, k + 2, m.info))
                taken.update((k, k + 1))
        if not found:
            return mentions
        covered = {i for b in found for i in range(b.start, b.end)}
        kept = [m for m in mentions if not any(i in covered for i in range(m.start, m.end))]
        return sorted(kept + found, key=lambda b: b.start)

    def _starts_office(self, i: int) -> bool:
        return i in self.office_matches

    def _offices(self) -> list[OfficeMention]:
        doc, lex = self.doc, self.lex
        verb_block = lex.word_set("verb_block")
        demonym_at: dict[int, tuple[int, str]] = {}
        for key, s, e in self.matches.demonyms:
            demonym_at[e] = (s, key)
        mentions = []
        for key, start, end in longest_matches(self.matches.offices):
            if key in lex.permanent:  # "the permanent presidency, held by Mexico": no rotation, no chair term
                k = end + 1 if end < len(doc) and lex.is_(doc[end], "of_word") else end
                while k < len(doc) and lex.is_(doc[k], "determiner"):
                    k += 1
                if self.body_at_start(k) is not None:
                    self.permanent_bodies.add(k)
                continue
            office, standalone = lex.office_kinds[key]
            m = OfficeMention(start, end, office, standalone)
            prev = doc[start - 1] if start else None
            if office is None and prev is not None and prev.lower_ in verb_block:
                continue  # "will chair the Platform", "Vice-President"
            self._attach_left(m, demonym_at)
            if not self._attach_right(m):
                continue
            if m.office is None and m.body is None and m.holder is not None and lex.is_(doc[end - 1], "head_of_state"):
                continue  # "the Guatemalan President": a head of state, not a chair
            nxt = doc[m.end] if m.end < len(doc) else None
            generic = m.office is None and m.body is None
            if generic and nxt is not None and nxt.is_title and nxt.is_alpha and self.body_at_start(m.end) is None:
                continue  # "President Bernardo Arévalo", "Chair Ambassador X"
            mentions.append(m)
        return mentions

    def body_at_start(self, i: int) -> BodyMention | None:
        idx = self.body_at[i] if 0 <= i < len(self.body_at) else -1
        return self.bodies[idx] if idx != -1 and self.bodies[idx].start == i else None

    def _attach_left(self, m: OfficeMention, demonym_at: dict[int, tuple[int, str]]) -> None:
        doc = self.doc
        i = m.start
        # "the Support Platform's Chair", "the MIRPS Pro-tempore Presidency"
        j = i - 1 if i and self.lex.is_(doc[i - 1], "possessive") else i
        body = next((b for b in self.bodies if b.end == j), None)
        if body is not None:
            m.body, m.start = body.info, body.start
            i = m.start
            j = i - 1 if i and self.lex.is_(doc[i - 1], "possessive") else i
        if i in demonym_at:
            s, actor = demonym_at[i]
            m.holder, m.start = actor, s
        elif j != i and j and self.holder_at[j - 1] != -1:
            holder = self.holders[self.holder_at[j - 1]]
            if m.office is not None or m.body is not None:  # "Mexico's President" is a head of state
                m.holder, m.start = holder.actor, holder.start
        k = m.start - 1
        while k >= 0 and self.lex.is_(doc[k], "determiner"):
            k -= 1
        if k >= 0 and doc[k].lower_ in self.lex.status_words:
            m.status = self.lex.status_words[doc[k].lower_]

    def _attach_right(self, m: OfficeMention) -> bool:
        """Attach "(PPT)" and "of the Support Platform"; False when "of …" names something
        that has no chair we know ("the chair of the session", "the President of Costa Rica")."""
        doc = self.doc
        n = len(doc)
        if m.holder is None and m.end in self._demonym_starts:  # "la presidencia salvadoreña"
            m.holder, m.end = self._demonym_starts[m.end]
        bracketed = m.end + 2 < n and doc[m.end].text == "(" and doc[m.end + 2].text == ")"
        if bracketed and self.lex.office_kinds.get(self._office_label(m.end + 1), (None, True))[0]:
            m.end += 3  # "Presidency Pro Tempore (PPT)"
        if m.end + 1 < n and doc[m.end].text in {"-", "–"} and not doc[m.end - 1].whitespace_:
            body = self.body_at_start(m.end + 1)
            if body is not None:  # "the PPT-MIRPS"
                m.body, m.end = body.info, body.end
                return True
        if m.status is None and self._status_after(m.end):
            m.status, m.end = self.lex.status_words[doc[m.end].lower_], m.end + 1  # "la presidencia saliente"
        self._bracket_holder(m)
        if m.end >= n or not self.lex.is_(doc[m.end], "of_word", "for_word"):
            return True
        if self.from_at(m.end) is not None:
            return True  # "recibió la presidencia de manos de Colombia": the giver, not what it is of
        k = m.end + 1
        while k < n and self.lex.is_(doc[k], "determiner"):
            k += 1
        if k + 1 < n and self.lex.is_(doc[k], "body_adjective") and self.body_at_start(k + 1) is not None:
            k += 1  # "the first co-chairs of the new Working Group on …"
        parent = next((b for b in self.named_in_longer if b.start == k), None)
        if parent is not None and self.body_at_start(parent.end) is not None:
            k = parent.end  # "co-chairs of the MIRPS Working Group on …": the parent body names the group
        body = self.body_at_start(k)
        if body is not None:  # an anaphor ("of the mechanism") is resolved later
            m.body, m.end = body.info, body.end
            m.end = self._skip_acronym(m.end)
            self._bracket_holder(m)
            return True
        if self.lex.is_(doc[m.end], "for_word"):
            return True
        if k < n and self.holder_at[k] != -1 and m.office is not None:
            holder = self.holders[self.holder_at[k]]
            m.holder, m.end = holder.actor, holder.end  # "the Pro Tempore Presidency of Guatemala"
            return True
        if k < n and self.holder_at[k] != -1 and m.office is None and not m.standalone:
            return True  # "tomó el testigo de Guatemala": a baton passed on by its old holder
        if k < n and (_YEAR.match(doc[k].text) or doc[k].like_num):
            return True  # "the Presidency for 2024"
        return m.office is not None and not (k < n and doc[k].is_title)

    def _status_after(self, k: int) -> bool:
        """A status word right after an office ("la presidencia saliente de la CRM", "la presidencia
        actual (Panamá)") that ends the office's words."""
        doc = self.doc
        if k + 1 >= len(doc) or doc[k].lower_ not in self.lex.status_words:
            return False
        nxt = doc[k + 1]
        return nxt.text in {"(", ",", ".", ";"} or self.lex.is_(nxt, "of_word") or self.lex.is_(nxt, "coordinator")

    def _bracket_holder(self, m: OfficeMention) -> None:
        """ "la presidencia actual (Panamá)", "the outgoing presidency (Costa Rica)": a holder in
        brackets right after the office names who holds it."""
        doc, k = self.doc, m.end
        if m.holder is not None or k + 2 >= len(doc) or doc[k].text != "(" or self.holder_at[k + 1] == -1:
            return
        holder = self.holders[self.holder_at[k + 1]]
        if holder.start == k + 1 and holder.end < len(doc) and doc[holder.end].text == ")":
            m.holder, m.end = holder.actor, holder.end + 1

    def _skip_acronym(self, i: int) -> int:
        """Past a "(MIRPS)" that repeats the body just named."""
        doc = self.doc
        if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")" and self.body_at[i + 1] != -1:
            return i + 3
        return i

    def _office_label(self, i: int) -> str:
        return self.office_matches.get(i, "")

    # -- reading ------------------------------------------------------------------------
    def sent_range(self, i: int) -> tuple[int, int]:
        return self.sents[self.sent_of[i]] if self.doc else (0, 0)

    def holder_left(self, i: int, lo: int, exclude: Iterable[Holder] = ()) -> Holder | None:
        """The nearest holder ending before token ``i`` (the subject of a verb at ``i``)."""
        skip = {id(h) for h in exclude}
        i = self._before_relative_clause(i, lo)
        for k in range(i - 1, max(lo, i - _WINDOW) - 1, -1):
            idx = self.holder_at[k]
            if idx != -1 and id(self.holders[idx]) not in skip:
                return self._prefer_country(self._through(self.holders[idx], lo, skip), lo)
        return None

    def coordinated_before(self, holder: Holder, lo: int) -> list[Holder]:
        """The holders coordinated with ``holder`` before it, and it ("Honduras and El Salvador",
        "Chile, Peru and Colombia"), in text order: a list or a pair names each one."""
        found = [holder]
        k = holder.start - 1
        while k > lo and (self.lex.is_(self.doc[k], "coordinator") or self.doc[k].text == ","):
            idx = self.holder_at[k - 1]
            if idx == -1 or self.holders[idx].person or self.holders[idx].actor in {h.actor for h in found}:
                break
            found.insert(0, self.holders[idx])
            k = self.holders[idx].start - 1
        return found

    def _before_relative_clause(self, i: int, lo: int) -> int:
        """ "Belice, que recibió de Panamá la PPT en enero, la ejercerá": a verb right after a closed
        relative clause has the subject before the clause, not a holder inside it."""
        doc, lex = self.doc, self.lex
        j = i - 1
        while j > lo and (lex.is_(doc[j], "clitic") or lex.is_(doc[j], "coordinator")):
            j -= 1
        if j <= lo or doc[j].text != ",":
            return i
        for r in range(j - 1, max(lo, j - _WINDOW), -1):
            if doc[r].text in _CLAUSE_STOPS:
                return i
            if lex.is_(doc[r], "relative") and doc[r - 1].text == ",":
                return r - 1
        return i

    def _prefer_country(self, holder: Holder, lo: int) -> Holder:
        """ "La representante permanente de Panamá ante la OEA, Ileana X, asumió": a person who
        speaks for an organisation but is introduced by a country's title acts for the country."""
        if not (holder.actor.startswith("org:") and (holder.person or self._located(holder))):
            return holder
        for k in range(holder.start - 1, max(lo, holder.start - 14) - 1, -1):
            if self.doc[k].text in _CLAUSE_STOPS:
                break
            idx = self.holder_at[k]
            if idx != -1 and self.holders[idx].actor.startswith("country:"):
                return self.holders[idx]
        return holder

    def _located(self, holder: Holder) -> bool:
        """ "El representante permanente de Guyana ante la OEA, embajador X, asumió": an
        organisation named after "ante" locates the official, it does not act."""
        k = holder.start - 1
        if k > 0 and self.doc[k].text == "(" and self.holder_at[k - 1] != -1:
            k = self.holders[self.holder_at[k - 1]].start - 1  # "ante la Organización … (OEA)"
        while k >= 0 and self.lex.is_(self.doc[k], "determiner"):
            k -= 1
        return k >= 0 and self.lex.is_(self.doc[k], "locative")

    def _through(self, holder: Holder, lo: int, skip: set[int]) -> Holder:
        """ "Mexico, through its Undersecretary of the Interior, handed over": the holder inside a
        "through" phrase acts for the one named before it."""
        for k in range(holder.start - 1, max(lo, holder.start - 10) - 1, -1):
            if self.doc[k].text in _CLAUSE_STOPS:
                break
            if self.lex.phrase_at(self.doc, k, "through_word") is None:
                continue
            for j in range(k - 1, max(lo, k - 8) - 1, -1):
                idx = self.holder_at[j]
                if idx != -1 and id(self.holders[idx]) not in skip:
                    return self.holders[idx]
            break
        return holder

    def holder_after(self, i: int, hi: int, limit: int = 7) -> Holder | None:
        """The first holder starting within ``limit`` tokens of ``i``, before a comma."""
        for k in range(i, min(hi, i + limit)):
            tok = self.doc[k]
            if self.holder_at[k] != -1:
                return self.holders[self.holder_at[k]]
            if tok.text in _CLAUSE_STOPS or tok.text == ",":
                return None
        return None

    def past_state_noun(self, i: int, hi: int) -> int:
        """Past "the Government of" / "the Republic of" before a state's name: "held by the
        Government of Costa Rica"."""
        doc, k = self.doc, i
        if k < hi and self.lex.is_(doc[k], "determiner"):
            k += 1
        if k + 1 < hi and self.lex.is_(doc[k], "state_noun") and self.lex.is_(doc[k + 1], "of_word"):
            return k + 2
        return i

    def past_predecessor(self, i: int, hi: int) -> int:
        """Past "his predecessor," at ``i``: the giver is named in the apposition that follows."""
        doc, k = self.doc, i
        while k < hi and k - i < 2 and self.lex.is_(doc[k], "determiner", "predecessor_det"):
            k += 1
        if k + 1 < hi and self.lex.is_(doc[k], "predecessor") and doc[k + 1].text == ",":
            return k + 2
        return i

    def from_at(self, i: int) -> int | None:
        """End of a "from" marker at ``i`` ("from", "de manos de"), else None."""
        return self.lex.phrase_at(self.doc, i, "from_word")

    def clitic_office(self, trig: Trigger, lo: int) -> OfficeMention | None:
        """The office a clitic stands for: "Belice, que la ejerció durante 2024", "tras recibirla
        de Estados Unidos": the office named last before, in this sentence or the one before."""
        doc = self.doc
        before = trig.start > lo and self.lex.is_(doc[trig.start - 1], "clitic")
        attached = any(doc[trig.end - 1].lower_.endswith(s) for s in self.lex.word_set("clitic_suffix"))
        if not (before or attached):
            return None
        office = self.office_left(trig.start, lo)
        if office is None and lo > 0:  # the last office of the sentence before, however long
            plo, phi = self.sent_range(lo - 1)
            named = [o for o in self.offices if plo <= o.start < phi and (o.office or o.body)]
            office = named[-1] if named else None
        if office is None or (office.office is None and office.body is None and not office.standalone):
            return None
        return OfficeMention(trig.start, trig.end, office.office, True, office.body)

    def skip_acronym_after(self, i: int, hi: int) -> int:
        """Past "(CAN)" or a bracketed short name ("(Mesoamerica Project)") right after a name."""
        doc = self.doc
        if i + 2 >= hi or doc[i].text != "(":
            return i
        close = next((k for k in range(i + 2, min(hi, i + 6)) if doc[k].text == ")"), None)
        inside = doc[i + 1 : close] if close is not None else ()
        if close is None or not all(t.is_title or t.is_upper or t.is_punct for t in inside):
            return i
        return close + 1

    def relative_subject(self, i: int, hi: int, exclude: Holder | None = None) -> Holder | None:
        """The subject of a relative clause that opens at ``i`` (", que Colombia ejercerá")."""
        doc = self.doc
        if not (i + 2 < hi and doc[i].text == "," and self.lex.is_(doc[i + 1], "relative")):
            return None
        holder = self.holder_after(i + 2, hi, limit=2)
        if holder is None or (exclude is not None and holder.actor == exclude.actor):
            return None
        return holder if holder.start + 1 < hi and holder.end in self.verbs else None

    def inverted_relative_subject(self, i: int, hi: int) -> tuple[Holder, int] | None:
        """The subject after the verb of a relative clause that opens at ``i`` (", que hasta
        entonces ejercía España"), with the verb's index."""
        doc = self.doc
        if not (i + 2 < hi and doc[i].text == "," and self.lex.is_(doc[i + 1], "relative")):
            return None
        for j in range(i + 2, min(hi, i + 6)):
            if j in self.verbs:
                holder = self.holder_after(j + 1, hi, limit=1)
                return (holder, j) if holder is not None else None
            if doc[j].text in _CLAUSE_STOPS or doc[j].text == "," or self.holder_at[j] != -1:
                return None
        return None

    def dropped_subject(self, trig: Trigger, lo: int) -> Holder | None:
        """A sentence that opens with its verb ("Recibió el cargo de Canadá") has the subject of the
        sentence before (a language that drops subjects)."""
        doc = self.doc
        if lo == 0 or any(not self.lex.is_(doc[k], "clitic", "date_filler") for k in range(lo, trig.start)):
            return None
        plo, phi = self.sent_range(lo - 1)
        for k in range(plo, min(phi, plo + 3)):
            if self.holder_at[k] != -1:
                holder = self.holders[self.holder_at[k]]
                return Holder(trig.start, trig.end, holder.actor)
        return None

    def skip_dates(self, i: int, hi: int) -> int:
        """Past the date words at ``i`` ("received on Thursday from", "recibió ayer lunes de manos de")."""
        while i < hi and (i in self.any_date_tokens or self._date_word(i) or self.doc[i].text == ","):
            i += 1
        return i

    def marker_after(self, words: frozenset[str], kind: str, i: int, hi: int, limit: int) -> int | None:
        """End of the first marker (a word of ``words`` or a phrase of class ``kind``) within
        ``limit`` tokens of ``i``, before the clause ends."""
        for k in range(i, min(hi, i + limit)):
            if self.doc[k].lower_ in words:
                return k + 1
            end = self.lex.phrase_at(self.doc, k, kind) if kind else None
            if end is not None:
                return end
            if self.doc[k].text in _CLAUSE_STOPS:
                return None
        return None

    def find_word(self, words: frozenset[str], i: int, hi: int, limit: int) -> int | None:
        for k in range(i, min(hi, i + limit)):
            if self.doc[k].lower_ in words:
                return k
            if self.doc[k].text in _CLAUSE_STOPS:
                return None
        return None

    def object_past_term(
        self, i: int, hi: int, fillers: frozenset[str], allow_body: bool = False
    ) -> OfficeMention | None:
        """The office a verb at ``i - 1`` acts on past its term: "asumirá el próximo año la PPT",
        "que ejerce durante el segundo semestre de 2027 la PPT"."""
        for k in range(i + 1, min(hi, i + 9)):
            if self.doc[k - 1].text in _CLAUSE_STOPS or self.doc[k - 1].text == "," or self.holder_at[k - 1] != -1:
                return None
            office = self.object_at(k, hi, fillers, allow_body)
            if office is not None:
                return office if self.term_at(i, k) is not None else None
        return None

    def object_at(self, i: int, hi: int, fillers: frozenset[str], allow_body: bool = False) -> OfficeMention | None:
        """The office a verb at ``i - 1`` acts on: fillers, then an office (or a body)."""
        doc = self.doc
        k = i
        while k < hi and k - i < 14:
            idx = self.office_at[k]
            if idx != -1 and self.offices[idx].start == k:
                return self.offices[idx]
            body_idx = self.body_at[k]
            if body_idx != -1:
                body = self.bodies[body_idx]
                if body.start in self.permanent_bodies:
                    return None
                if allow_body:
                    return OfficeMention(body.start, body.end, None, True, body.info)
                return None
            gap = (
                self._adverbial_end(k, hi)
                or self._aside_end(k, hi)
                or self.lex.phrase_at(doc, k, "time_phrase")
                or self._since_end(k, hi)
                or self._adverbial_phrase_end(k, hi)
            )
            if gap is not None:  # "cedió en esa sesión la conducción del espacio a Uruguay", "a finales de año"
                k = gap
                continue
            # "received on Thursday, December 4, the Pro Tempore Presidency"
            if (
                doc[k].lower_ not in fillers
                and not _YEAR.match(doc[k].text)
                and k not in self.any_date_tokens
                and not self._date_word(k)
                and not (
                    doc[k].text == ","
                    and (k - 1 in self.any_date_tokens or k + 1 in self.any_date_tokens or self._date_word(k + 1))
                )
            ):
                return self._office_noun(i, k)
            k += 1
        return self._office_noun(i, k)

    def _adverbial_end(self, k: int, hi: int) -> int | None:
        """End of a short adverbial between a verb and its object ("en esa sesión", "durante el
        acto"): where the object's own article starts, or None."""
        doc, lex = self.doc, self.lex
        if lex.is_(doc[k], "adverbial_prep") and k + 2 < hi and doc[k + 1].is_title:
            return self._place_end(k + 1, hi)
        if not (lex.is_(doc[k], "adverbial_prep") and k + 2 < hi and lex.is_(doc[k + 1], "adverbial_det")):
            return None
        for j in range(k + 2, min(hi, k + 6)):
            if self.office_at[j] != -1 or not doc[j].is_alpha or doc[j].is_title:
                return None
            if lex.is_(doc[j], "determiner") and j > k + 2:
                return j
        return None

    def adverb_end(self, k: int) -> int | None:
        """Past one adverb at ``k``: a word of ``adverb_locution`` ("a su vez", "por primera vez") or
        a lower-case word with an ``adverb_suffix`` ("oficialmente"), or None."""
        doc, lex = self.doc, self.lex
        end = lex.phrase_at(doc, k, "adverb_locution")
        if end is not None:
            return end
        suffixes = tuple(lex.word_set("adverb_suffix"))
        if suffixes and doc[k].is_lower and doc[k].is_alpha and doc[k].lower_.endswith(suffixes):
            return k + 1
        return None

    def _adverbial_phrase_end(self, k: int, hi: int) -> int | None:
        """Past an adverb or a duration between a verb and its object ("asumió por primera vez la
        PPT", "ha asumido temporalmente la presidencia", "asumió hoy y por un mes la PPT"): a word of
        ``adverb_locution``, an adverb by its ending, or a ``duration_prep`` + one word + a
        ``duration_unit`` (after an optional coordinator)."""
        doc, lex = self.doc, self.lex
        end = self.adverb_end(k)
        if end is not None:
            return end
        j = k + 1 if lex.is_(doc[k], "coordinator") else k
        if j + 2 < hi and lex.is_(doc[j], "duration_prep") and lex.is_(doc[j + 2], "duration_unit"):
            return j + 3
        return None

    def _since_end(self, k: int, hi: int) -> int | None:
        """Past a starting date between a verb and its object ("ejerce desde el 1 de enero la PPT",
        "ocupa desde julio la presidencia"): the words of the date after ``since_word``, or None."""
        if not self.lex.is_(self.doc[k], "since_word"):
            return None
        j = k + 1
        while j < hi and (j in self.any_date_tokens or self._date_word(j) or _YEAR.match(self.doc[j].text)):
            j += 1
        return j if j > k + 1 else None

    def _aside_end(self, k: int, hi: int) -> int | None:
        """Past an aside set off by commas between a verb and its object ("asumió este jueves, y por
        los próximos seis meses, la PPT"): no actor, office or body inside, an article after it."""
        doc = self.doc
        if doc[k].text != ",":
            return None
        for j in range(k + 1, min(hi - 1, k + 10)):
            named = self.holder_at[j] != -1 or self.office_at[j] != -1 or self.body_at[j] != -1
            if named or doc[j].text in _CLAUSE_STOPS:
                return None
            if doc[j].text == ",":
                nxt = j + 1
                return nxt if j > k + 1 and self.lex.is_(doc[nxt], "determiner") else None
        return None

    def _place_end(self, k: int, hi: int) -> int | None:
        """A place's name between a verb and its object ("recibirá en Tegucigalpa la PPT", "entregó
        en Ciudad de Guatemala la presidencia"): where the object's article starts, or None."""
        doc, lex = self.doc, self.lex
        for j in range(k, min(hi, k + 5)):
            if self.office_at[j] != -1 or self.body_at[j] != -1:
                return None
            if j > k and lex.is_(doc[j], "determiner") and not doc[j].is_title:
                return j
            if not (doc[j].is_title or (j > k and lex.is_(doc[j], "of_word"))):
                return None
        return None

    def _date_word(self, k: int) -> bool:
        """A word of a date the date finder may not have read ("asumirá el próximo 30 de noviembre")."""
        if k >= len(self.doc):
            return False
        tok = self.doc[k]
        return (
            tok.lower_ in self.lex.months or self.lex.is_(tok, "date_filler") or (tok.is_digit and len(tok.text) <= 2)
        )

    def _office_noun(self, i: int, k: int) -> OfficeMention | None:
        """ "held the position this year", "ocupó el cargo en 2023": a generic office noun ends the
        object and a term, a date or the clause follows; the body decides the office."""
        doc = self.doc
        last = k - 1
        while last >= i and (
            self.lex.is_(doc[last], "clause_tail", "term_word") or last in self.any_date_tokens or doc[last].text == ","
        ):
            last -= 1  # "the position this year, during": "this" is a filler too, "this year" a date
        if last < i or not self.lex.is_(doc[last], "office_noun"):
            return None
        if not any(b.start < i for b in self.bodies) and not any(o.start < i for o in self.offices):
            return None  # "La presidenta de México asumió su cargo en 2024": no chair named before it
        k = last + 1
        if k < len(doc) and not (
            doc[k].text in _CLAUSE_STOPS
            or doc[k].text == ","
            or self.lex.is_(doc[k], "clause_tail", "term_word")
            or _YEAR.match(doc[k].text)
            or k in self.any_date_tokens
        ):
            return None
        return OfficeMention(last, k, None, False)

    def country_anaphor(self, i: int, lo: int) -> Holder | None:
        """ "The country held the framework's rotating presidency in 2019": a subject such as "the
        country" right before the verb is the country named last before it."""
        doc = self.doc
        k = i - 1
        skip = ("future_marker", "anaphor_link")
        while k > lo and (doc[k].lower_ in self.lex.status_words or self.lex.is_(doc[k], *skip)):
            k -= 1  # "The country currently holds the PPT", "The Government also expects to take over"
        if k == i - 1 and k > lo and self.lex.is_(doc[k], "object_pronoun"):
            k -= 1  # "la nación la ejercerá"
        nouns = self.lex.word_set("country_anaphor")
        end = k + 1
        if k - 1 > lo and doc[k].lower_ not in nouns and doc[k - 1].lower_ in nouns and self._modifier(k):
            k -= 1  # "el país centroamericano": an adjective after the noun
        if k - 1 < lo or doc[k].lower_ not in nouns:
            return None
        det = k - 1
        while det > lo and det >= k - 2 and not self.lex.is_(doc[det], "anaphor_det") and self._modifier(det):
            det -= 1  # "the Central American country": adjectives before it
        if not self.lex.is_(doc[det], "anaphor_det"):
            return None
        found: Holder | None = None
        for j in range(det - 1, -1, -1):
            idx = self.holder_at[j]
            if idx == -1 or not self.holders[idx].actor.startswith("country:"):
                continue
            holder = self.holders[idx]
            if found is not None and self.sent_of[holder.start] != self.sent_of[found.start]:
                break
            if found is None:
                found = holder
            if not self.named_in_relative(holder.start):
                # "Guatemala asumirá la PPT, que El Salvador ejerce … Será la segunda vez que el país
                # conduzca el mecanismo": the subject of a relative clause is not what "el país" names
                # while that sentence has a main-clause country
                return Holder(det, end, holder.actor)
        return Holder(det, end, found.actor) if found is not None else None

    def named_in_relative(self, start: int) -> bool:
        """A holder named right after a relative pronoun ("la PPT, que El Salvador ejerce")."""
        return start > 1 and self.relative_at(start - 1)

    def relative_at(self, k: int, after_comma: bool = False) -> bool:
        """A relative pronoun after a comma, an article or an office ("la PPT, que …", "el mecanismo con
        el que …", "la PPT que …"), not a verb's "que" ("informa que Guatemala asumirá"); with
        ``after_comma``, only after a comma (", which it received from …"). The one reader of
        relative pronouns (see :meth:`relative_opening`)."""
        doc = self.doc
        if k < 1 or not self.lex.is_(doc[k], "relative"):
            return False
        j = k - 1
        if doc[j].text == ",":
            return True
        if after_comma:
            return False
        return self.lex.is_(doc[j], "determiner") or self.office_at[j] != -1 or self.body_at[j] != -1

    def relative_opening(self, verb: int, lo: int) -> int | None:
        """Where the relative clause of a handover verb at ``verb`` opens (", which it received from
        …"): a relative pronoun after a comma at most five words before the verb, with no comma or
        clause stop between them (the days before it date the main clause's verb, not the handover)."""
        doc = self.doc
        for k in range(verb - 1, max(lo, verb - 6), -1):
            if doc[k].text in _CLAUSE_STOPS or doc[k].text == ",":
                return None
            if self.relative_at(k, after_comma=True):
                return k
        return None

    def possessive_country(self, k: int, lo: int) -> Holder | None:
        """ "The Honduran deputy minister presented the report of the MIRPS, a mechanism her country
        chairs this year": "her country" at ``k`` is the country named last before it."""
        doc, lex = self.doc, self.lex
        if not (k - 1 > lo and lex.is_(doc[k], "country_anaphor") and lex.is_(doc[k - 1], "predecessor_det")):
            return None
        for j in range(k - 2, -1, -1):
            idx = self.holder_at[j]
            if idx != -1 and self.holders[idx].actor.startswith("country:"):
                return Holder(k - 1, k + 1, self.holders[idx].actor)
        return None

    def opening_anaphor(self, lo: int, i: int) -> Holder | None:
        """ "El país ejercerá la presidencia durante 2027 y la entregará a Chile": a sentence whose
        subject is "the country" names no holder before a later verb; the country named before."""
        for end in range(lo + 2, min(i, lo + 4) + 1):
            found = self.country_anaphor(end, lo)
            if found is not None:
                return found
        return None

    def _modifier(self, k: int) -> bool:
        """A word that may qualify "the country": a word, not a verb, a name or a function word."""
        tok = self.doc[k]
        return tok.is_alpha and len(tok.text) > 3 and k not in self.verbs and self.holder_at[k] == -1

    def body_left(self, i: int, lo: int) -> OfficeMention | None:
        """The nearest body before ``i`` standing for its office ("chaired the MIRPS … it")."""
        for k in range(i - 1, max(lo, i - _WINDOW) - 1, -1):
            idx = self.body_at[k]
            if idx != -1:
                body = self.bodies[idx]
                return OfficeMention(body.start, body.end, None, True, body.info)
        return None

    def office_left(self, i: int, lo: int) -> OfficeMention | None:
        for k in range(i - 1, max(lo, i - _WINDOW) - 1, -1):
            idx = self.office_at[k]
            if idx != -1:
                return self.offices[idx]
        return None

    def any_office(self, lo: int, hi: int, strict: bool = False) -> OfficeMention | None:
        """An office named anywhere in ``lo:hi``; ``strict`` wants one that cannot be a
        generic word (an explicit pro-tempore office, or one attached to a body)."""
        for k in range(lo, hi):
            idx = self.office_at[k]
            if idx != -1 and self.offices[idx].standalone:
                office = self.offices[idx]
                if not strict or office.office is not None or office.body is not None:
                    return office
        return None

    def term_at(self, i: int, hi: int, limit: int = 6) -> str | None:
        """The term stated at ``i``: "in 2023", "for the 2021-2022 period", "(2019-2020)", "for the
        first half of 2025" / "para el primer semestre de 2025", "from July to December 2014"."""
        doc, lex = self.doc, self.lex
        view = token_view(doc)  # plain strings: no Token object per word read
        lower, words = view.lower, view.text
        skip = lex.word_set("term_word")
        ranges = lex.word_set("range_word")
        since, bounds = lex.word_set("term_since"), lex.word_set("term_until", "term_since")
        half: str | None = None
        k = i
        while k < hi and k - i < limit:
            low, text = lower[k], words[k]
            start_of = lex.phrase_at(doc, k + 1, "year_start") if low in since else None
            year_of = words[start_of] if start_of is not None and start_of < hi else ""
            if _YEAR.match(year_of) and (self.year is None or year_of == str(self.year)):
                return year_of  # "has held the PPT since the beginning of 2019" (dateline 2019)
            if low in bounds:
                # "will lead CELAC until the first half of 2027" says when a term ends, "has led the
                # Platform since 2021" when it began: neither is the term (see stated.py)
                return None
            end = lex.phrase_at(doc, k, "semester")
            if end is not None:
                half = lex.halves.get(" ".join(lower[k:end]))
                limit += end - k
                k = end
                if half and self.year is not None and not self._year_follows(k, hi):
                    return f"{half} half of {self._half_year(half, i)}"  # "en el segundo semestre"
                continue
            end = lex.phrase_at(doc, k, "relative_year")
            if end is not None and self.year is not None:  # "this year", "el año próximo"
                year = str(self.year + lex.year_offsets.get(" ".join(lower[k:end]), 0))
                return f"{half} half of {year}" if half else year
            end = lex.phrase_at(doc, k, "semester_year") if half else None
            if end is not None and self.year is not None:  # "en el segundo semestre del año"
                return f"{half} half of {self.year}"
            if low in lex.months or _GLUED_MONTHS.match(low):
                months = self._month_range(k, hi)
                if months is not None:
                    return months
            if k in self.date_tokens:
                return self._whole_year(k, hi)  # "on 24 January 2024" dates an event, it is not a term
            match = _YEAR_RANGE.match(text)
            if match:
                end_year = match.group(2)
                return f"{match.group(1)}-{_full_year(match.group(1), end_year)}"
            if _YEAR.match(text):
                if half:
                    return f"{half} half of {text}"
                ranged = k + 2 < hi and words[k + 1] in ranges and _YEAR_END.match(words[k + 2])
                if ranged and words[k + 2] != text:
                    return f"{text}-{_full_year(text, words[k + 2])}"
                return text
            if text == "(" and self.skip_acronym_after(k, hi) > k:  # "la CRM (CRM) en 2018"
                limit += 3
                k += 3
                continue
            parent = self.past_parent_body(k, hi)
            if parent > k:  # "la presidencia del Grupo de Trabajo … del MIRPS para el periodo 2026-2027"
                limit += parent - k
                k = parent
                continue
            if low not in skip and text != ",":
                return None
            k += 1
        return None

    def _half_year(self, half: str, i: int) -> int:
        """The year of a half named without one: the release's, or the next one for "the first half"
        in a future clause of a release from the second half ("la ejercerá en el primer semestre",
        dated December)."""
        assert self.year is not None
        if half != "first" or self.month is None or self.month < 7:
            return self.year
        lo, _ = self.sent_range(i)
        return self.year + 1 if self.future_before(i, lo, reach=i - lo, itself=False) else self.year

    def _year_follows(self, k: int, hi: int) -> bool:
        """A year, or words that name one ("del año próximo", "de 2025"), at ``k``."""
        doc, lex = self.doc, self.lex
        if k < hi and lex.is_(doc[k], "of_word"):
            k += 1
        if k >= hi:
            return False
        if _YEAR.match(doc[k].text) or _YEAR_RANGE.match(doc[k].text) or doc[k].lower_ in lex.months:
            return True
        return any(lex.phrase_at(doc, k, kind) is not None for kind in ("relative_year", "semester_year"))

    def _whole_year(self, k: int, hi: int) -> str | None:
        """ "del 1 de enero al 31 de diciembre de 2027", "from 1 January to 31 December 2027": a
        term of one calendar year stated as days."""
        first = next((m for m in self.dates if m.start == k and m.is_day), None)
        if first is None:
            return None
        words = self.doc[first.start : first.end]
        if first.value is not None and not first.value.endswith("-01-01"):
            return None
        if first.value is None and not (
            any(self.lex.months.get(t.lower_) == 1 for t in words) and any(t.text == "1" for t in words)
        ):
            return None  # no release date to resolve "1 de enero" against: read its words
        j = first.end
        if not (j < hi and self.doc[j].lower_ in self.lex.word_set("range_word")):
            return None
        last = next((m for m in self.dates if m.start in (j + 1, j + 2) and m.is_day), None)
        if last is None or not last.value or not last.value.endswith("-12-31"):
            return None
        return last.value[:4]

    def _month_range(self, k: int, hi: int) -> str | None:
        """ "July to December 2014" -> "second half of 2014"; "June 2020 to June 2021" ->
        "2020-2021"; "de enero a junio de 2025" -> "first half of 2025"."""
        doc, lex = self.doc, self.lex
        links = lex.word_set("month_link")

        def past_links(j: int) -> int:
            while j < hi and doc[j].lower_ in links:
                j += 1
            return j

        glued = _GLUED_MONTHS.match(doc[k].lower_)
        year1 = None
        if glued:  # "semestre julio-diciembre de 2025": one token
            if not (glued.group(1) in lex.months and glued.group(2) in lex.months):
                return None
            first, last = lex.months[glued.group(1)], lex.months[glued.group(2)]
            j = past_links(k + 1)
        else:
            first = lex.months[doc[k].lower_]
            j = past_links(k + 1)
            if j < hi and _YEAR.match(doc[j].text):
                year1, j = doc[j].text, past_links(j + 1)
            if not (j < hi and doc[j].lower_ in lex.word_set("range_word")):
                return None
            j = past_links(j + 1)
            if not (j < hi and doc[j].lower_ in lex.months):
                return None
            last = lex.months[doc[j].lower_]
            j = past_links(j + 1)
        relative = lex.phrase_at(doc, j, "relative_year") if j < hi and year1 is None else None
        if relative is not None and self.year is not None:
            # "from January to June this year": the release's year (or the one next/last year names)
            year2 = str(self.year + lex.year_offsets.get(" ".join(t.lower_ for t in doc[j:relative]), 0))
        elif not (j < hi and _YEAR.match(doc[j].text)):
            return None
        else:
            year2 = doc[j].text
        if year1 is not None and year1 != year2:
            return f"{year1}-{year2}"
        if (first, last) == (1, 6):
            return f"first half of {year2}"
        if (first, last) == (7, 12):
            return f"second half of {year2}"
        return year2

    def after_appositive(self, i: int, hi: int) -> int:
        """Past ", known by its Spanish acronym MIRPS," or ", or MIRPS," when ``i`` opens one."""
        doc = self.doc
        if i >= hi or doc[i].text != ",":
            return i
        for k in range(i + 1, min(hi, i + 10)):
            if doc[k].text == ",":
                return k + 1
            if doc[k].text in _CLAUSE_STOPS:
                break
        return i

    def term_after(self, office: OfficeMention, hi: int) -> str | None:
        """The term stated after an office: "in 2023", or past an appositive."""
        return (
            self.term_at(office.end, hi)
            or self.term_at(self.after_appositive(office.end, hi), hi)
            or self.term_at(self.skip_acronym_after(office.end, hi), hi)  # "Framework (MIRPS) in 2026"
            or self.term_before(office)
            or self.relative_term(office.end, hi)
            or self.relative_term(self.past_parent_body(office.end, hi), hi)
            or self._term_past_date(self.skip_acronym_after(office.end, hi), hi)
        )

    def _term_past_date(self, i: int, hi: int) -> str | None:
        """The term after the handover's own date: "asumió la PPT el 3 de diciembre para 2027",
        "en diciembre pasado, para todo 2027"."""
        k = i
        if k + 1 < hi and self.lex.is_(self.doc[k], "clause_tail") and self._date_word(k + 1):
            k += 1  # "en diciembre"
        past = self.skip_dates(k, hi)
        if past == k or not any(j in self.any_date_tokens or self._date_word(j) for j in range(k, past)):
            return None
        return self.term_at(past, hi)

    def past_parent_body(self, i: int, hi: int) -> int:
        """Past "del Marco Integral … (MIRPS)" after a body that belongs to another one: "la
        coordinación del Grupo de Trabajo … del MIRPS, que ejercerá durante 2027-2028"."""
        doc = self.doc
        if not (i < hi and self.lex.is_(doc[i], "of_word")):
            return i
        k = i + 1
        while k < hi and self.lex.is_(doc[k], "determiner"):
            k += 1
        idx = self.body_at[k] if k < hi else -1
        if idx == -1 or self.bodies[idx].start != k:
            return i
        return self.skip_acronym_after(self.bodies[idx].end, hi)

    def relative_term(self, i: int, hi: int) -> str | None:
        """The term in a relative clause that follows ``i``: "to Belize, which will exercise that
        role from July to December 2024"; "…, que ejercerá de junio de 2025 a junio de 2026"."""
        doc = self.doc
        if (
            i + 2 < hi
            and doc[i].text == ","
            and self.lex.is_(doc[i + 1], "country_anaphor")
            and self.lex.is_(doc[i + 2], "relative")
        ):
            i += 1  # "a República Dominicana, país que asumirá el liderazgo de enero a junio de 2026"
        elif i < hi and self.lex.is_(doc[i], "relative"):
            i -= 1  # "la conducción del foro que le corresponde ejercer durante 2024": no comma
        elif not (i + 1 < hi and doc[i].text == "," and (self.lex.is_(doc[i + 1], "relative") or i + 1 in self.verbs)):
            return None
        for k in range(i + 2, min(hi, i + 10)):
            if doc[k].text in _CLAUSE_STOPS or doc[k].text == ",":
                return None
            term = self.term_at(k, hi)
            if term is not None:
                return term
        return None

    def fronted_term(self, sent: tuple[int, int], start: int) -> str | None:
        """A term that opens the sentence, set off by a comma, before the item's own words:
        "Durante todo 2024, la PPT estuvo a cargo de Guatemala", "For 2026-2027, the presidency
        falls to Ecuador"."""
        lo, _ = sent
        comma = self.find_word(frozenset({","}), lo, start, 9)
        if comma is None or comma == lo:
            return None
        term = self.term_at(lo, comma, limit=comma - lo)
        return term if term is not None and not any(k in self.date_tokens for k in range(lo, comma)) else None

    def past_relative(self, i: int, hi: int) -> bool:
        """A relative clause right after ``i`` whose verb is past: "(la PPT) que ostentaba desde
        2021", "which it had held since 2021": its years are the old holder's."""
        k = self.skip_acronym_after(i, hi)
        k = self.past_parent_body(k, hi)
        if k < hi and self.doc[k].text == ",":
            k += 1
        if not (k < hi and self.lex.is_(self.doc[k], "relative")):
            return False
        return any(self.is_past_form(j) for j in range(k + 1, min(hi, k + 4)))

    def start_term(self, i: int, hi: int, rotation: str) -> str | None:
        """The term of a holder who starts "in January 2027" a chair held for a calendar year
        ("2027"), in the clause of the verb at ``i``; a day ("on 1 January 2027") dates a handover,
        a relative clause or a comma ends the clause. A semester is not derived this way: the
        corpus gold leaves "will pass to Honduras in January 2024" of the six-month SICA unstated
        (g05, v07)."""
        doc, lex = self.doc, self.lex
        for j in range(i + 1, min(hi - 1, i + 30)):
            tok = doc[j]
            if tok.text in _CLAUSE_STOPS or tok.text == "," or lex.is_(tok, "relative"):
                return None
            month = lex.months.get(tok.lower_)
            if month is None or not _YEAR.match(doc[j + 1].text) or not lex.is_(doc[j - 1], "term_open", "term_from"):
                continue
            year = doc[j + 1].text
            return year if rotation == "year" and month == 1 else None
        return None

    def term_before(self, office: OfficeMention) -> str | None:
        """ "the 2024 Pro Tempore Presidency" """
        k = office.start - 1
        if k >= 0 and _YEAR.match(self.doc[k].text) and k not in self.date_tokens:
            return self.doc[k].text
        return None

    def future_trigger(self, trig: Trigger, lo: int) -> bool:
        """A future marker before a trigger or a future form anywhere in it ("la entregará", a
        trigger that opens with its clitic)."""
        return (
            self.future_before(trig.start, lo)
            or any(self.is_future_form(k) for k in range(trig.start, trig.end))
            or self.future_clause(trig, lo)
        )

    def future_clause(self, trig: Trigger, lo: int) -> bool:
        """A verb in a clause that a ``future_conjunction`` opens ("cuando Perú tome el relevo para
        2027") speaks of what is to come, unless its form is past ("cuando Perú tomó el relevo") or
        a perfect auxiliary carries it."""
        if any(self.is_past_form(k) for k in range(trig.start, trig.end)):
            return False
        for k in range(trig.start - 1, max(lo, trig.start - 6) - 1, -1):
            tok = self.doc[k]
            if tok.text in _CLAUSE_STOPS or tok.text == "," or self.lex.is_(tok, "perfect_aux", "past_aux_word"):
                return False
            if self.lex.phrase_at(self.doc, k, "future_conjunction") is not None:
                return True
        return False

    def future_before(self, i: int, lo: int, reach: int = 4, itself: bool = True) -> bool:
        """A future marker ("will", "va a") before ``i``, or a future verb form ("asumirá") there
        or at ``i`` itself (the trigger)."""
        markers = self.lex.word_set("future_marker")
        end = min(i + 1, len(self.doc)) if itself else i
        if itself and self._headline_infinitive(i, lo):
            return True
        return any(
            self.doc[k].lower_ in markers or (k >= i - 1 and self.is_future_form(k))
            for k in range(max(lo, i - reach), end)
        )

    def _headline_infinitive(self, i: int, lo: int) -> bool:
        """ "Honduras to take over Mesoamerica Project presidency": a subject, then "to" and the verb,
        is the headline's future."""
        k = i - 1
        return (
            k > lo
            and self.lex.is_(self.doc[k], "headline_to")
            and self.holder_at[k - 1] != -1
            and self.holders[self.holder_at[k - 1]].start == lo
        )

    def is_future_form(self, k: int) -> bool:
        """A verb form the language marks as future by its ending ("asumirá", "entregarán")."""
        text = self.doc[k].lower_
        return any(len(text) > len(s) + 2 and text.endswith(s) for s in self.lex.word_set("future_suffix"))

    def is_past_form(self, k: int) -> bool:
        text = self.doc[k].lower_
        if any(text.endswith(s) for s in self.lex.word_set("conditional_suffix")):
            return False  # "ejercería" ends like the imperfect "ejercía"
        return any(len(text) > len(s) + 2 and text.endswith(s) for s in self.lex.word_set("past_suffix"))

    def resolve(self, office: OfficeMention, sent: tuple[int, int], holders: list[str]) -> tuple[str, str] | None:
        """(body, office) for an office mention: the body attached to it, else one named in
        the sentence, else the release's main body; a holder that cannot sit on a body
        (Spain and the MIRPS pro-tempore presidency) moves it to a body without members."""
        info = office.body
        stated = info is not None and not info.anaphor
        if info is None or info.anaphor:
            info = self._body_in(sent, office) or self._main_body(office.office)
        if info is None:
            return None
        countries = [h.split(":", 1)[1] for h in holders if h and h.startswith("country:")]
        if not stated and info.members and any(c not in info.members for c in countries):
            alternative = self._open_body(office.office)
            if alternative is not None:
                info = alternative
        name = info.name
        office_name = office.office or info.office
        if stated and info.office_fixed and info.office:
            office_name = info.office  # "la Presidencia Pro Tempore de la Plataforma de Apoyo": its chair
        if name is None or office_name is None:
            return None
        return name, office_name

    def _compatible(self, info: BodyInfo, office: str | None) -> bool:
        return not info.anaphor and info.name is not None and (office is None or info.office == office)

    def _body_in(self, sent: tuple[int, int], office: OfficeMention) -> BodyInfo | None:
        best: tuple[int, BodyInfo] | None = None
        for body in self.bodies:
            if body.start >= sent[0] and body.end <= sent[1] and self._compatible(body.info, office.office):
                distance = abs(body.start - office.start)
                if best is None or distance < best[0]:
                    best = (distance, body.info)
        return best[1] if best else None

    def _main_body(self, office: str | None) -> BodyInfo | None:
        if office not in self._main_cache:
            self._main_cache[office] = self._count_main_body(office)
        return self._main_cache[office]

    def _count_main_body(self, office: str | None) -> BodyInfo | None:
        counts = Counter(b.info for b in self.bodies if self._compatible(b.info, office))
        if counts:
            return counts.most_common(1)[0][0]
        # A release that names its body only inside longer names ("the 14th Pacific Alliance
        # Summit") is still about that body.
        counts = Counter(b.info for b in self.named_in_longer if self._compatible(b.info, office))
        if counts:
            return counts.most_common(1)[0][0]
        # A release that names no body: MIRPS releases are what this library reads.
        return next((i for i in self.lex.body_infos.values() if i.name == "MIRPS"), None)

    def _open_body(self, office: str | None) -> BodyInfo | None:
        counts = Counter(b.info for b in self.bodies if self._compatible(b.info, office) and not b.info.members)
        return counts.most_common(1)[0][0] if counts else None


def actor_spans(doc: Doc) -> list[tuple[int, int, str, str]]:
    """(start, end, label, actor id) of every actor mention (``doc.spans["mirps_actors"]``)."""
    return [(sp.start, sp.end, sp.label, sp.id) for sp in actor_span_rows(doc)]


def _years_in(text: str) -> set[str]:
    return set(re.findall(r"(?:19|20)\d\d", text))




def day_range_pattern(links: Iterable[str], suffixes: Iterable[str]) -> re.Pattern[str] | None:
    """A range of days ("4-5", "14 and 15", "7 al 8", "4th-5th") from the rows ``day_range_link``
    and ``day_ordinal_suffix``; None without link words. No word of a class begins another, so
    the order of the alternatives does not matter (longest first all the same)."""
    if not links:
        return None

    def alternatives(words: Iterable[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))

    ordinal = f"(?:{alternatives(suffixes)})?" if suffixes else ""
    return re.compile(rf"\b(\d{{1,2}}){ordinal}\s*(?:{alternatives(links)})\s*(\d{{1,2}})\b")


def _last_day(doc: Doc, mention: DateMention, day_range: re.Pattern[str] | None) -> str | None:
    """The last day of a date written as a range of days ("December 4–5", "14 and 15 November",
    "del 7 al 8 de noviembre"): the mention's own text and the words right after it."""
    value = mention.value
    if value is None:
        return None
    # doc.text rebuilds the text from every Token on each access; the view keeps it
    window = token_view(doc).doc_text[max(0, mention.start_char - 8) : mention.end_char + 12]
    found = day_range.search(window) if day_range is not None else None
    if found is None or int(found.group(2)) <= int(found.group(1)) or int(found.group(1)) != int(value[8:]):
        return value
    return f"{value[:8]}{int(found.group(2)):02d}"


def _full_year(first: str, second: str) -> str:
    return second if len(second) == 4 else first[:2] + second


def _index(n: int, spans: list[Any]) -> list[int]:
    at = [-1] * n
    for k, span in enumerate(spans):
        for i in range(span.start, span.end):
            if at[i] == -1:
                at[i] = k
    return at


class ChairExtractor(MirpsComponent):
    """Finds chair handovers (``mirps_chair_transfers``) and terms (``mirps_chair_terms``).

    Args: see :class:`~.base.MirpsComponent` (``lang`` picks ``patterns/<lang>/chair_*.jsonl``).
    """

    pattern_files = (
        "chair_bodies.jsonl",
        "chair_demonyms.jsonl",
        "chair_offices.jsonl",
        "chair_triggers.jsonl",
        "organizations.jsonl",  # a national body holding a chair stands for its state
    )
    needs = ("doc._.mirps_actors", "span._.mirps_date")

    def __init__(self, nlp: Language, name: str = "mirps_chairs", *, lang: str = "", patterns: str = "") -> None:
        super().__init__(nlp, name, lang=lang, patterns=patterns)

    def compile(self, nlp: Language) -> None:
        self.lex = Lexicon.load(nlp, self.lang)
        lex = self.lex
        self.to_words = lex.word_set("to_word")
        self.by_words = lex.word_set("by_word")
        self.as_words = lex.word_set("as_word")
        self.of_words = lex.word_set("of_word")
        self.give_particles = lex.word_set("give_particle")
        self.fillers = lex.word_set("filler")
        self.fillers_end = self.fillers | lex.word_set("filler_end")
        self.fillers_elect = self.fillers | lex.word_set("filler_elect")
        self.passive = lex.word_set("aux_passive")
        self.succeed = lex.word_set("succeed")
        self.launch = lex.word_set("launch")
        self.work_nouns = lex.word_set("work_noun")
        self.launch_aux = lex.word_set("launch_aux")
        self.past_aux = lex.word_set("aux_past")
        self.fillers_succeed = self.fillers | lex.word_set("filler_succeed")
        self.perfect_aux = lex.word_set("perfect_aux")
        self.since = lex.word_set("since_word")
        self.first_words = lex.word_set("first_word")
        self.name_links = lex.word_set("name_link")
        self.support_adjectives = lex.word_set("support_adjective")

    def annotate(self, doc: Doc) -> Doc:
        extensions.items(doc, "mirps_chair_transfers")
        extensions.items(doc, "mirps_chair_terms")
        if not len(doc):
            return doc
        mentions = date_mentions(doc)  # found by mirps_dates
        matches = self.lex.match(doc)
        if not matches.offices and not matches.triggers:
            return doc  # no office named and no chair verb: nothing to read
        ctx = ChairContext(doc, self.lex, mentions, matches)
        candidates: list[Candidate] = []
        by_kind: dict[str, list[tuple[str, int, int]]] = {}
        for key, start, end in matches.triggers:
            by_kind.setdefault(self.lex.trigger_rows[key]["kind"], []).append((key, start, end))
        quoted = _quoted_chars(doc)
        for kind, found_kind in by_kind.items():
            handler = getattr(self, f"_on_{kind}")
            for key, start, end in longest_matches(found_kind):
                trig = Trigger(start, end, doc[start].idx, key)
                in_quote = kind in _NARRATIVE_ONLY and any(s <= trig.start_char < e for s, e in quoted)
                if kind in _NARRATIVE_ONLY and self._refused(doc, start):
                    continue  # "after Bolivia refused to hand over the presidency to Peru": no handover
                found = handler(ctx, trig, self.lex.trigger_rows[key])
                if in_quote:
                    # "Mexico assumed this presidency convinced …" is a speaker's memory; a quoted
                    # statement that names both sides ("Yesterday, Canada handed over the chair … to
                    # the United States") reports the handover itself
                    found = [c for c in (found if isinstance(found, list) else [found]) if _both_sides(c)]
                if isinstance(found, list):
                    candidates.extend(found)
                elif found is not None:
                    candidates.append(found)
        candidates += self._adjective_holdings(ctx)
        candidates += self._thanked_welcomed(ctx, candidates)
        candidates += self._gapped_holdings(ctx, candidates)
        candidates.sort(key=lambda c: (c.start, c.end))
        for cand in candidates:
            if cand.term is None and cand.kind == "holding":  # "En 2026, X deberá entregar" dates a handover
                cand.term = ctx.fronted_term(cand.sent, cand.start)
            if cand.term is None:  # "will assume the chair in January 2027" (a yearly chair)
                cand.term = self._start_term(ctx, cand)
        last = doc[ctx.sents[min(_LEDE_SENTENCES, len(ctx.sents)) - 1][1] - 1]
        lede = first_day_date(mentions, last.idx + len(last))
        ctx.lede_end = last.idx + len(last)
        transfers = self._transfers(doc, ctx, candidates, mentions, lede)
        self._fill_outgoing(ctx, candidates, transfers)
        terms = self._terms(doc, ctx, candidates, transfers)
        stated_terms(ctx, candidates, terms, quoted)
        _receivers_terms(transfers, terms)
        doc._.mirps_chair_transfers = [t for t, _ in transfers]
        doc._.mirps_chair_terms = terms
        return doc

    def _start_term(self, ctx: ChairContext, cand: Candidate) -> str | None:
        """ "Canada will assume the chair … in January 2027": the month a holder starts, with the
        rotation of its body (``rotation`` in chair_bodies), is its term."""
        if cand.verb is None:
            return None
        holder = cand.target or cand.holder
        if holder is None or (cand.kind == "holding" and cand.status == "completed"):
            return None
        resolved = ctx.resolve(cand.office, cand.sent, [holder.actor])
        rotation = self.lex.rotations.get(resolved[0]) if resolved else None
        if rotation is None:
            return None
        return ctx.start_term(cand.verb, cand.sent[1], rotation)

    def _refused(self, doc: Doc, start: int) -> bool:
        """A refusal or negation just before a handover verb ("refused to hand over", "did not
        assume"): the words of ``negation`` within three tokens, in the same clause."""
        for k in range(start - 1, max(-1, start - 4), -1):
            if doc[k].text in _CLAUSE_STOPS or doc[k].text == ",":
                return False
            if self.lex.is_(doc[k], "negation"):
                return True
        return False

    # -- triggers -----------------------------------------------------------------------
    def _on_give(self, ctx: ChairContext, trig: Trigger, row: dict[str, Any]) -> Candidate | None:
        """X transferred/handed over/passed [its role as] OFFICE to Y; OFFICE was handed
        over by X to Y; OFFICE will pass to Y; X will hand over to Y in 2025."""
        doc = ctx.doc
        lo, hi = ctx.sent_range(trig.start)
        planned = ctx.future_trigger(trig, lo)
        passive = self._passive(ctx, trig, lo)
        office = ctx.object_at(trig.end, hi, self.fillers)
        confidence = 0.9
        source = target = None
        after = trig.end
        if office is not None:
            after = office.end
            to_at = ctx.find_word(self.to_words, after, hi, 14)
            if to_at is None:
                return None
            target = ctx.holder_after(to_at + 1, hi)
            if target is None:
                return None
            from_end = ctx.marker_after(frozenset(), "from_word", after, to_at, 3)
            bare_from = to_at - after in (2, 3, 4) and self.lex.phrase_at(doc, after, "from_bare") is not None
            if from_end is None and bare_from and ctx.holder_at[after + 1] != -1:
                from_end = after + 1  # "se traspasó la PPT del MIRPS de Belice a Costa Rica": a bare "de", the giver
            if passive:  # "Belize was handed the Presidency by Panama" is rare; keep the by-agent
                by_at = ctx.find_word(self.by_words, after, to_at, 8)
                source = ctx.holder_after(by_at + 1, hi) if by_at is not None else None
            elif from_end is not None:  # "X has handed over the chairmanship from Nauru to Palau"
                source = ctx.holder_after(from_end, to_at)
            # "entregó la presidencia que ostentaba desde 2021 a Perú": a "from" that opens a date
            # is the old holder's start, and the giver is the subject
            source = source or ctx.holder_left(trig.start, lo, exclude=[target]) or ctx.opening_anaphor(lo, trig.start)
        else:
            # no object: the office is the subject ("The PPT was handed over by X to Y",
            # "will pass to Y") or named elsewhere ("Mexico will hand over to Guatemala")
            k = trig.end
            while k < hi and (doc[k].lower_ in self.give_particles or k in ctx.any_date_tokens):
                k += 1
            # "la PPT pasó de Costa Rica a Panamá": a bare "de" before the old holder
            bare = k + 1 < hi and self.lex.phrase_at(doc, k, "from_bare") is not None and ctx.holder_at[k + 1] != -1
            if k >= hi or (doc[k].lower_ not in self.to_words | self.by_words and ctx.from_at(k) is None and not bare):
                return None
            to_at = ctx.find_word(self.to_words, k + 1 if bare else k, hi, 16)
            if to_at is None:
                return self._giver_only(ctx, trig, k, (lo, hi)) if passive else None
            target = ctx.holder_after(to_at + 1, hi)
            if target is None:
                return None
            # "was handed over to Belize yesterday by Panama": the agent may follow the recipient
            by_end = ctx.marker_after(self.by_words, "from_word", k, hi, 20)
            if bare:
                source = ctx.holder_after(k + 1, to_at, limit=3)
            elif by_end is not None and by_end < hi:
                source = ctx.holder_after(by_end, hi, limit=12)
                if source is target:
                    source = None
            office = ctx.office_left(trig.start, lo)
            if office is not None:
                source = source or (Holder(office.start, office.end, office.holder) if office.holder else None)
                # "La PPT del SICA, que hasta ahora ostentaba Costa Rica, pasó a manos de Panamá"
                inverted = ctx.inverted_relative_subject(ctx.skip_acronym_after(office.end, hi), hi)
                if source is None and inverted is not None and ctx.is_past_form(inverted[1]):
                    source = inverted[0] if inverted[0].actor != target.actor else None
                # "Panama completed its mandate as PPT, which passed to Guatemala";
                # "The Presidency, held by Honduras in 2022, passed to Panama"
                source = source or ctx.holder_left(trig.start, lo, exclude=[target])
                confidence = 0.85
            else:
                office = ctx.any_office(lo, hi) or self._office_in_previous(ctx, lo)
                if office is None and trig.end < hi and self.lex.is_(doc[trig.end], "object_pronoun"):
                    office = ctx.body_left(trig.start, lo)  # "chaired the MIRPS … before handing it over"
                if office is None:
                    return None
                source = source or ctx.holder_left(trig.start, lo, exclude=[target])
                confidence = 0.6
        if source is not None and self._coordinated(ctx, trig, lo) and self._after_from(ctx, source, lo):
            # "Belice recibió la PPT de manos de Panamá … y la entregará a Costa Rica": the old
            # giver named after "de manos de" is no subject of the coordinated verb
            source = ctx.holder_left(source.start, lo, exclude=[source, target])
        # the office's own years are its old holder's when it stands before the verb
        term = ctx.term_at(target.end, hi) or (ctx.term_at(office.end, hi) if office.start >= trig.end else None)
        term = term or ctx.relative_term(target.end, hi)
        if term is None and office.start >= target.end:  # "traspasó a Ecuador la PPT de la CAN, que ejercerá en …"
            term = ctx.relative_term(office.end, hi)
        if term is not None and office.start >= target.end and ctx.past_relative(office.end, hi):
            term = None  # "entregó a Perú la PPT que ostentaba desde 2021": the giver's years
        status = "planned" if planned else "completed"
        return self._transfer(ctx, office, trig, (lo, hi), source, target, term, status, confidence)

    def _giver_only(self, ctx: ChairContext, trig: Trigger, k: int, sent: tuple[int, int]) -> Candidate | None:
        """"The presidency will be handed over by Panama, which has held it throughout 2023": a
        passive handover naming only its agent gives the handover the release has just reported
        (see _giver_for_previous)."""
        lo, hi = sent
        if ctx.doc[k].lower_ not in self.by_words:
            return None
        office = ctx.office_left(trig.start, lo)
        source = ctx.holder_after(k + 1, hi, limit=4)
        if office is None or source is None or office.holder is not None:
            return None
        return Candidate("transfer", office, trig.start, source.end, sent, source=source)

    @staticmethod
    def _clause_ends(ctx: ChairContext, i: int, hi: int) -> bool:
        """Nothing but a date or years between ``i`` and the end of the clause."""
        doc = ctx.doc
        for k in range(i, hi):
            tok = doc[k]
            if tok.text in _CLAUSE_STOPS:
                return True
            if k in ctx.any_date_tokens or _YEAR.match(tok.text) or tok.text == ",":
                continue
            if ctx.lex.is_(tok, "clause_tail", "term_word"):
                continue  # "in January", "in Tegucigalpa", "for the year 2024": one or two words may follow
            if k > i and ctx.lex.is_(doc[k - 1], "clause_tail") and tok.is_title:
                continue
            return False
        return True

    def _office_in_previous(self, ctx: ChairContext, lo: int) -> OfficeMention | None:
        if lo == 0:
            return None
        plo, phi = ctx.sent_range(lo - 1)
        return ctx.any_office(plo, phi, strict=True)

    def _office_of_giver(
        self, ctx: ChairContext, trig: Trigger, lo: int, hi: int
    ) -> tuple[OfficeMention, Holder] | None:
        """ "Guatemala recibirá la Presidencia de El Salvador": a bare office "of" a country (no
        office mention on its own: it could be the country's head of state) received after the office
        was named (this sentence or the one before) is that office, handed over by that country."""
        doc, lex = ctx.doc, ctx.lex
        j = trig.end
        while j < hi and lex.is_(doc[j], "determiner"):
            j += 1
        ends = [e for _, s, e in ctx.matches.offices if s == j]
        if not ends or ctx.office_at[j] != -1:
            return None
        e = max(ends)
        if not (e + 1 < hi and lex.is_(doc[e], "of_word") and ctx.holder_at[e + 1] != -1):
            return None
        giver = ctx.holders[ctx.holder_at[e + 1]]
        named = ctx.any_office(lo, j, strict=True) or self._office_in_previous(ctx, lo)
        if not giver.actor.startswith("country:") or named is None:
            return None
        return OfficeMention(j, giver.end, named.office, True, named.body), giver

    def _on_receive(self, ctx: ChairContext, trig: Trigger, row: dict[str, Any]) -> Candidate | None:
        """Y assumed/took over/received OFFICE [from X]; Y took over from X as OFFICE;
        Y takes the helm [of BODY]; Y recibió de manos de X la PPT; Y, que la recibió de X."""
        doc = ctx.doc
        lo, hi = ctx.sent_range(trig.start)
        planned = ctx.future_trigger(trig, lo)
        office = ctx.object_at(trig.end, hi, self.fillers) or ctx.object_past_term(trig.end, hi, self.fillers)
        office = office or self._pronoun_office(ctx, trig, lo, hi)
        clitic = ctx.clitic_office(trig, lo)  # "tras recibirla de Estados Unidos"
        source = None
        passive = self._passive(ctx, trig, lo)
        subject = ctx.office_left(trig.start, lo) if office is None and passive else None
        if subject is not None:
            # "La PPT fue recibida por Guatemala de manos de Panamá": the office is the subject
            office = subject
            from_end = ctx.marker_after(frozenset(), "from_word", trig.end, hi, 16)
            from_end = from_end or ctx.marker_after(self.succeed, "succeed", trig.end, hi, 16)
            if from_end is not None:
                source = ctx.holder_after(ctx.past_predecessor(from_end, hi), hi)
        elif office is None:
            k = ctx.skip_dates(trig.end, hi)
            # "ha recibido oficialmente de Costa Rica la PPT", "recibirá a su vez de El Salvador"
            while k < hi and (aside := ctx.adverb_end(k)) is not None:
                k = aside
            if (
                k + 2 < hi
                and ctx.lex.is_(doc[k], "determiner")
                and ctx.lex.is_(doc[k + 1], "office_noun")
                and ctx.from_at(k + 2) is not None
            ):
                k += 2  # "has taken over the position from Guatemala, the outgoing Chair of the Council"
            from_end = ctx.from_at(k)
            bare = from_end is None and ctx.lex.phrase_at(doc, k, "from_bare") is not None
            if bare:  # "recibió este martes de Bolivia la PPT": a bare "de" right before the giver
                from_end = k + 1
            if from_end is not None:  # took over from Mexico as PPT; recibió de manos de X la PPT
                source = ctx.holder_after(from_end, hi, limit=4 if bare else 7)  # "de su homóloga de Guatemala"
                if source is None:
                    return None
                # "received from Guatemala the Pro Tempore Presidency"
                office = ctx.object_at(ctx.after_appositive(source.end, hi), hi, self.fillers)
                # "as PPT", "at the helm" in the giver's clause, not "…, at the close of the meeting"
                comma = next((j for j in range(source.end, hi) if doc[j].text == ","), hi)
                as_at = ctx.find_word(self.as_words, source.end, comma, 8)
                if office is None and as_at is not None:
                    office = ctx.object_at(as_at + 1, hi, self.fillers)
                if office is None and source.end < hi and doc[source.end].text == ",":
                    # "took over from Spain, the Platform's first Chair": the giver's appositive names it
                    closing = next(  # the appositive's closing comma, or the end of the sentence
                        (j for j in range(source.end + 1, min(hi, source.end + 16))
                         if doc[j].text == "," or doc[j].text in _CLAUSE_STOPS),
                        min(hi, source.end + 16),
                    )
                    office = ctx.any_office(source.end, closing)
                if office is None and clitic is not None:
                    office = clitic
                if office is None and as_at is None and self._clause_ends(ctx, source.end, hi):
                    # "Guatemala took over from Honduras in January": the office named before
                    office = ctx.any_office(lo, hi, strict=True) or self._office_in_previous(ctx, lo)
                if office is None and as_at is None:
                    # "its Pro Tempore Presidency of the MIRPS, which it received from Honduras on
                    # December 8 in Tegucigalpa, at the close of …": the relative clause's antecedent
                    office = self._relative_antecedent(ctx, trig, lo, hi)
            office = office or clitic  # "corresponderá a El Salvador asumirla en julio"
            if office is None and from_end is None and self._bare_take_over(ctx, trig, k, hi):
                # "Mexico presided … and Argentina will take over in 2026": the office named before
                office = ctx.any_office(lo, hi, strict=True) or self._office_in_previous(ctx, lo)
            if office is None and from_end is None:
                given = self._office_of_giver(ctx, trig, lo, hi)
                if given is not None:  # "Guatemala recibirá la Presidencia de El Salvador"
                    office, source = given
            if office is None and from_end is None:
                office = self._whose_office(ctx, trig, lo)
                if office is not None:  # "la Plataforma, cuya conducción asumirá Uruguay en enero"
                    inverted = ctx.holder_after(trig.end, hi, limit=2)
                    if inverted is None:
                        return None
                    status = "planned" if planned else "completed"
                    term = ctx.term_at(inverted.end, hi)
                    return self._transfer(ctx, office, trig, (lo, hi), None, inverted, term, status, 0.75)
            if office is None:
                return None
        else:
            # "… from Honduras", "…, succeeding the United States", "de manos de Belice", "en relevo de"
            from_end = ctx.marker_after(frozenset(), "from_word", office.end, hi, 10)
            # the words of a date ("entre el 1 de abril y el 30 de junio de 2028") do not count as distance
            dated = sum(1 for k in range(office.end, min(hi, office.end + 32)) if k in ctx.any_date_tokens)
            from_end = from_end or ctx.marker_after(self.succeed, "succeed", office.end, hi, 16 + dated)
            if from_end is None:
                k = ctx.skip_dates(office.end, hi)
                if ctx.lex.phrase_at(doc, k, "from_bare") is not None:  # "recibió la PPT de Belice"
                    source = ctx.holder_after(k + 1, hi, limit=3)  # "… de su par español"
            else:
                source = ctx.holder_after(ctx.past_predecessor(from_end, hi), hi)
        if passive:  # "the Presidency was assumed by Belize"
            by_at = ctx.find_word(self.by_words, trig.end, hi, 3)
            # "recibida por la ministra de Salud Pública y Asistencia Social de Guatemala": a long title
            target = ctx.holder_after(by_at + 1, hi, limit=12) if by_at is not None else None
        elif office is clitic and trig.end < hi and ctx.holder_at[trig.end] != -1:
            target = ctx.holder_after(trig.end, hi, limit=1)  # "Panamá deja la PPT y la asume República Dominicana"
        elif self._in_role_noun(ctx, trig, lo):
            # "el encargado de recibir la batuta fue el subsecretario de Guatemala": the role's holder
            # follows the copula; a holder before the role noun is someone else's
            cop = ctx.find_word(self.passive, office.end, hi, 12)
            target = ctx.holder_after(cop + 1, hi, limit=12) if cop is not None else None
        else:
            # "…, which his country assumed from Panama": "the country" right before the verb is the
            # country named last, however far back (an organisation may stand nearer)
            target = (
                ctx.country_anaphor(trig.start, lo)
                or ctx.holder_left(trig.start, lo, exclude=[source] if source else ())
                or ctx.dropped_subject(trig, lo)
            )
        after_office = ctx.skip_acronym_after(office.end, hi)
        relative = ctx.relative_subject(after_office, hi, exclude=source)
        if relative is not None and ctx.is_past_form(relative.end) and source is None:
            source = relative  # "asumirá la presidencia de la Plataforma, que Estados Unidos ejerció en 2023"
        elif target is None:  # "El canciller X recibió … la PPT de la CAN, que Colombia ejercerá …"
            target = relative
        if relative is None and source is None and target is not None:
            # "asumió la presidencia de la Plataforma, que hasta entonces ejercía España"
            after_verb = ctx.inverted_relative_subject(after_office, hi)
            if after_verb is not None and ctx.is_past_form(after_verb[1]) and after_verb[0].actor != target.actor:
                source = after_verb[0]
        if target is None and source is not None and trig.start - lo <= 2:
            # "Upon receiving the gavel from his predecessor, the envoy of Grenada, Ambassador X said":
            # a giver for the handover the release has just reported (see _transfers)
            return Candidate("transfer", office, trig.start, max(office.end, source.end), (lo, hi), source=source)
        if target is None:
            return None
        if source is not None and source is relative:
            term = ctx.term_at(office.end, hi)  # the relative clause's years are the giver's
        elif source is not None and source.end < office.start and ctx.relative_at(
            source.end + (source.end < hi and doc[source.end].text == ",")
        ):
            # "taking over from Guatemala, which held the presidency in 2024": the office and its
            # years are the giver's relative clause, not the receiver's term
            term = None
        else:
            term = ctx.term_after(office, hi) or (ctx.term_at(source.end, hi) if source else None)
        term = term or (ctx.term_at(trig.end, hi) if office is clitic or office.start < lo else None)
        # "asumirá en 2028 la PPT": the term between the verb and its office
        term = term or (ctx.term_at(trig.end, office.start) if office.start > trig.end else None)
        status = "planned" if planned else "completed"
        return self._transfer(ctx, office, trig, (lo, hi), source, target, term, status, 0.85)

    def _in_role_noun(self, ctx: ChairContext, trig: Trigger, lo: int) -> bool:
        """The verb completes a role noun ("el encargado de recibir", "la responsable de asumir"):
        its subject is the role's holder, named after a copula, not a holder before it."""
        starts = range(max(lo, trig.start - 3), trig.start)
        return any(self.lex.phrase_at(ctx.doc, k, "role_noun") == trig.start for k in starts)

    def _relative_antecedent(self, ctx: ChairContext, trig: Trigger, lo: int, hi: int) -> OfficeMention | None:
        """The office right before the relative clause the verb at ``trig`` opens ("the PPT (PPT),
        which it received from …"), or None."""
        opens = ctx.relative_opening(trig.start, lo)
        if opens is None:
            return None
        for office in ctx.offices:
            if office.standalone and ctx.skip_acronym_after(office.end, hi) == opens - 1:
                return office if office.office is not None or office.body is not None else None
        return None

    def _passive(self, ctx: ChairContext, trig: Trigger, lo: int) -> bool:
        """ "was handed over by", not "will be assuming" (a progressive form after 'be')."""
        doc = ctx.doc
        if not (trig.start > lo and doc[trig.start - 1].lower_ in self.passive):
            return False
        return not any(doc[trig.start].lower_.endswith(suffix) for suffix in ctx.lex.word_set("progressive_suffix"))

    def _pronoun_office(self, ctx: ChairContext, trig: Trigger, lo: int, hi: int) -> OfficeMention | None:
        """ "Belize, which received it from Panama", "when it received it from Chile": an object
        pronoun right after the verb stands for the office named before (this sentence or the last),
        when a giver follows."""
        k = trig.end
        if not (k < hi and ctx.lex.is_(ctx.doc[k], "object_pronoun")):
            return None
        if ctx.marker_after(frozenset(), "from_word", k + 1, hi, 4) is None:
            return None
        named = ctx.office_left(trig.start, lo) or self._office_in_previous(ctx, lo)
        if named is None:
            return None
        return OfficeMention(k, k + 1, named.office, True, named.body)

    def _bare_take_over(self, ctx: ChairContext, trig: Trigger, k: int, hi: int) -> bool:
        """A receive verb used without an object ("will take over in 2026"): nothing but dates or
        years follow it in its clause."""
        bare = self.lex.phrase_at(ctx.doc, trig.start, "bare_receive") == trig.end
        return bare and self._clause_ends(ctx, k, hi)

    def _whose_office(self, ctx: ChairContext, trig: Trigger, lo: int) -> OfficeMention | None:
        """The office of a possessive relative right before the verb: "…, cuya conducción asumirá"."""
        office = ctx.office_left(trig.start, lo)
        if office is None or office.end != trig.start or office.start <= lo:
            return None
        return office if self.lex.is_(ctx.doc[office.start - 1], "whose") else None

    def _on_succeed_verb(self, ctx: ChairContext, trig: Trigger, row: dict[str, Any]) -> Candidate | None:
        """X succeeded Y as Chair of the Platform; X succeeds Y at the helm of …; X will succeed Y
        at the head of the Platform in 2024: the subject is the new holder, the object the old one."""
        doc = ctx.doc
        lo, hi = ctx.sent_range(trig.start)
        if trig.start > lo and doc[trig.start - 1].lower_ in self.passive:
            return None  # "was succeeded by": followed_by reads it
        if trig.end < hi and self.lex.is_(doc[trig.end], "succeed_block"):
            return None
        source = ctx.holder_after(trig.end, hi, limit=5)  # "a su par costarricense", "al canciller de Panamá"
        target = ctx.holder_left(trig.start, lo, exclude=[source] if source else ())
        if source is None or target is None or source.actor == target.actor:
            return None
        office = ctx.object_at(source.end, hi, self.fillers_succeed, allow_body=True)
        confidence = 0.85
        if office is None:  # the office was named earlier in the sentence or just before
            office = ctx.any_office(lo, hi, strict=True) or self._office_in_previous(ctx, lo)
            confidence = 0.6
        if office is None:
            return None
        term = ctx.term_after(office, hi) if office.end > source.end else ctx.term_at(source.end, hi)
        status = "planned" if ctx.future_before(trig.start, lo) else "completed"
        return self._transfer(ctx, office, trig, (lo, hi), source, target, term, status, confidence)

    def _on_noun(self, ctx: ChairContext, trig: Trigger, row: dict[str, Any]) -> Candidate | None:
        """the handover of the Pro Tempore Presidency from X to Y; Mexico's transfer of …"""
        doc = ctx.doc
        lo, hi = ctx.sent_range(trig.start)
        of_at = trig.end + 1 if trig.end < hi and self.lex.is_(doc[trig.end], "noun_tail") else trig.end
        if of_at >= hi or not self.lex.is_(doc[of_at], "of_word"):  # "the handover [ceremony] of"
            return None
        office = ctx.object_at(of_at + 1, hi, self.fillers)
        if office is None:
            return None
        source = None
        from_end = ctx.marker_after(frozenset(), "from_word", office.end, hi, 4)
        if from_end is not None:
            source = ctx.holder_after(from_end, hi)
        else:  # "el traspaso de la PPT de Ecuador a Perú": a second "of" names the giver
            of_end = ctx.marker_after(self.of_words, "", office.end, hi, 2)
            source = ctx.holder_after(of_end, hi, limit=3) if of_end is not None else None
        to_at = ctx.find_word(self.to_words, office.end, hi, 10)
        if to_at is None:
            return None
        target = ctx.holder_after(to_at + 1, hi)
        if target is None:
            return None
        if source is None and trig.start >= 2 and self.lex.is_(doc[trig.start - 1], "possessive"):
            source = ctx.holder_left(trig.start - 1, trig.start - 4)
        if source is None:  # "X, through its Minister, performed the official handover of …": the verb's subject
            verb = self._support_verb_before(ctx, trig.start, lo)
            if verb is not None:
                source = ctx.holder_left(verb, lo, exclude=[target])
                source = source if source is not None and source.actor != target.actor else None
        if source is None:  # "Chile oficializó el traspaso de la PPT a Perú": the sentence's subject
            subject = ctx.holder_left(trig.start, lo)
            if (
                subject is not None
                and subject.actor.startswith("country:")
                and subject.start == lo
                and trig.start - subject.end <= 4
                and subject is not target
            ):
                source = subject
        # "the transfer … to Costa Rica will take place in December"
        planned = ctx.future_before(hi, lo, reach=hi - lo, itself=False)
        term = ctx.term_at(target.end, hi) or ctx.term_before(office)
        status = "planned" if planned else "completed"
        return self._transfer(ctx, office, trig, (lo, hi), source, target, term, status, 0.85)

    def _support_verb_before(self, ctx: ChairContext, i: int, lo: int) -> int | None:
        """Start of a verb that makes a handover noun an act of its subject ("performed the official
        handover of", "executed the transfer of"), past determiners and adjectives of the noun."""
        doc, k = ctx.doc, i - 1
        between = self.support_adjectives | self.lex.word_set("determiner", "filler")
        while k > lo and k >= i - 4 and doc[k].lower_ in between:
            k -= 1
        for start in range(k, max(lo, k - 2) - 1, -1):
            end = self.lex.phrase_at(doc, start, "support_verb")
            if end is not None and end == k + 1:
                return start
        return None

    def _on_elect(
        self, ctx: ChairContext, trig: Trigger, row: dict[str, Any]
    ) -> Candidate | list[Candidate] | None:
        """Y was elected as the first pro tempore president; the States elected Y as …"""
        doc = ctx.doc
        lo, hi = ctx.sent_range(trig.start)
        target = None
        objects: list[Holder] = []  # "elected Honduras and Mexico as co-chairs": each object is elected
        k = trig.end
        if trig.start > lo and doc[trig.start - 1].lower_ not in self.passive:
            target = ctx.holder_after(trig.end, hi, limit=3)  # active: elected Mexico as …
            if target is not None:
                objects, k = [target], target.end
                while k + 1 < hi and (doc[k].text == "," or ctx.lex.is_(doc[k], "coordinator")):
                    nxt = ctx.holder_after(k + 1, hi, limit=2 if doc[k].text == "," else 1)
                    if nxt is None:
                        break
                    objects.append(nxt)
                    k = nxt.end
                if len(objects) == 1:
                    k = target.end
        office = ctx.object_at(k, hi, self.fillers_elect, allow_body=True)
        if office is None:
            return None
        if target is None:
            target = ctx.holder_left(trig.start, lo)
        if target is None:
            return None
        term = ctx.term_after(office, hi)
        new_body = self._new_body_before(ctx, target, lo) if office.body is None else None
        if new_body is None:
            # "designated Honduras to hold the PPT in 2026, succeeding Costa Rica": the giver, and a
            # handover still to come when the term lies after the release's year
            after = ctx.marker_after(self.succeed, "succeed", office.end, hi, 12)
            source = ctx.holder_after(after, hi, limit=3) if after is not None else None
            status = "elected"
            if source is not None and term and ctx.year is not None and int(term[:4]) > ctx.year:
                status = "planned"
            # "Honduras and El Salvador were elected as co-chairs": each coordinated subject is elected
            chosen = objects if len(objects) > 1 else ctx.coordinated_before(target, lo)
            elected = [self._transfer(ctx, office, trig, (lo, hi), source, t, term, status, 0.8) for t in chosen]
            return [c for c in elected if c is not None] or None
        office.body = new_body  # in place: an "as the first president" holding reads the same body
        found = self._transfer(ctx, office, trig, (lo, hi), None, target, term, "elected", 0.75)
        if found is not None and any(doc[i].lower_ in self.first_words for i in range(trig.end, office.start)):
            found.first_holder_to_come = True  # the first holder of a body just created: incoming
        return found

    def _new_body_before(self, ctx: ChairContext, target: Holder, lo: int) -> BodyInfo | None:
        """ "created a Working Group on Internal Displacement, for which Honduras was elected as
        the first pro tempore president": the body is the capitalised name before "for which"."""
        doc, lex = ctx.doc, ctx.lex
        k = target.start - 1
        if (
            k - 2 < lo
            or not lex.is_(doc[k], "relative")
            or not lex.is_(doc[k - 1], "of_word", "for_word")
            or doc[k - 2].text != ","
        ):
            return None
        end = k - 2
        start = end
        while start - 1 >= lo and (
            doc[start - 1].is_title or (doc[start - 1].lower_ in self.name_links and start - 1 > lo)
        ):
            start -= 1
        while start < end and not doc[start].is_title:
            start += 1
        if end - start < 2 or start <= lo or not lex.is_(doc[start - 1], "new_body_intro"):
            return None
        if ctx.holder_at[start] != -1:
            return None  # an actor that is not a new body
        if ctx.body_at[start] != -1:  # a body we know: itself when its name is all of the words
            known = ctx.bodies[ctx.body_at[start]]
            return known.info if (known.start, known.end) == (start, end) and not known.info.anaphor else None
        return BodyInfo(name=doc[start:end].text, actor=None, office="chair")  # a stated office wins

    def _on_as(self, ctx: ChairContext, trig: Trigger, row: dict[str, Any]) -> Candidate | None:
        """Panama, as the MIRPS Pro-tempore Presidency in 2023; serving as; in its capacity as."""
        lo, hi = ctx.sent_range(trig.start)
        office = ctx.object_at(trig.end, hi, self.fillers)
        if office is None:
            return None
        holder = ctx.holder_left(trig.start, lo)
        term = ctx.term_after(office, hi)
        status = office.status or row.get("status")
        if ctx.future_before(trig.start, lo, reach=2, itself=False):
            status = "incoming"  # "Nicaragua estará al frente de la PPT durante el primer semestre"
        if holder is None and trig.start == lo:  # "As current Chair of the Platform, Canada has …"
            comma = ctx.find_word(frozenset({","}), office.end, hi, 8)
            holder = ctx.holder_after(comma + 1, hi, limit=3) if comma is not None else None
            if holder is not None:
                return self._holding(office, holder, (lo, hi), term, status, trig.start, holder.end)
        if holder is None:
            return None
        return self._holding(office, holder, (lo, hi), term, status, holder.start, office.end)

    def _on_held_by(self, ctx: ChairContext, trig: Trigger, row: dict[str, Any]) -> Candidate | None:
        """the Pro Tempore Presidency, currently held by Mexico"""
        lo, hi = ctx.sent_range(trig.start)
        k = trig.start - 1
        while k >= lo and (ctx.lex.is_(ctx.doc[k], "held_by_skip") or ctx.doc[k].lower_ in self.passive):
            k -= 1
        if k >= lo and ctx.office_at[k] == -1 and ctx.body_at[k] != -1:
            body = ctx.bodies[ctx.body_at[k]]  # "the MIRPS Support Platform, chaired by Colombia"
            if body.start in ctx.permanent_bodies:
                return None  # "la presidencia permanente del Proyecto Mesoamérica es ejercida por México"
            office = OfficeMention(body.start, body.end, None, True, body.info)
        elif k < lo or ctx.office_at[k] == -1:
            return None
        else:
            office = ctx.offices[ctx.office_at[k]]
        holder = ctx.holder_after(ctx.past_state_noun(trig.end, hi), hi, limit=3)
        if holder is None:
            return None
        term = ctx.term_at(holder.end, hi) or ctx.term_before(office)
        status = office.status or row.get("status")
        if status is None and trig.start > lo and ctx.doc[trig.start - 1].lower_ in self.past_aux:
            status = "completed"  # "the PPT was exercised by Honduras in 2022"
        if status is None and trig.start > lo and ctx.is_past_form(trig.start - 1):
            status = "completed"  # "la PPT estuvo a cargo de Guatemala"
        if status is None and ctx.future_before(trig.start, lo, reach=2, itself=False):
            status = "incoming"  # "la PPT será ejercida por Belice", "will be held by Belize"
        return self._holding(office, holder, (lo, hi), term, status, office.start, holder.end)

    def _on_lead(self, ctx: ChairContext, trig: Trigger, row: dict[str, Any]) -> Candidate | None:
        """X holds the PPT; Spain chairs the Support Platform; which will lead the mechanism in 2026;
        El Salvador, which will hold it during 2020."""
        lo, hi = ctx.sent_range(trig.start)
        office = ctx.object_at(trig.end, hi, self.fillers, allow_body=True)
        office = office or ctx.object_past_term(trig.end, hi, self.fillers, allow_body=True)
        if office is None and trig.end < hi and ctx.lex.is_(ctx.doc[trig.end], "object_pronoun"):
            office = ctx.office_left(trig.start, lo)
            if office is not None:
                office = OfficeMention(trig.end, trig.end + 1, office.office, True, office.body)
        if office is None:
            office = ctx.clitic_office(trig, lo)  # "Honduras la ejercerá durante 2022"
        if office is None:
            office = self._work_of(ctx, trig.end, hi)
        if office is None:
            found = self._object_relative(ctx, trig, lo) or self._subject_after(ctx, trig, lo, hi)
            if found is not None:
                found.status = self._lead_status(ctx, trig, lo, row.get("status"))
                found.term = found.term or ctx.term_at(trig.end, hi)
            return found
        holder = ctx.holder_left(trig.start, lo) or ctx.country_anaphor(trig.start, lo)
        holder = holder or ctx.dropped_subject(trig, lo)
        if holder is not None and self._coordinated(ctx, trig, lo) and self._after_from(ctx, holder, lo):
            # "Ecuador recibió de Uruguay la PPT … y la ejercerá hasta 2029": the giver is no subject
            holder = ctx.holder_left(holder.start, lo, exclude=[holder])
        in_relative = holder is not None and any(ctx.relative_at(k) for k in range(lo + 1, holder.start))
        if (holder is None or in_relative) and self._coordinated(ctx, trig, lo):
            # "Ecuador recibió la PPT …, el foro que …, y la ejercerá": the sentence's first subject,
            # also over a holder inside the relative clause ("…, el mecanismo con el que siete países
            # y México coordinan su respuesta, y la ejercerá")
            reach = min(hi, lo + 3)
            if in_relative and holder is not None:  # before the relative clause ("Madrid, 12 dic (EFE).- España …")
                reach = next(k for k in range(lo + 1, holder.start) if ctx.relative_at(k))
            opening = [ctx.holder_at[k] for k in range(lo, reach) if ctx.holder_at[k] != -1]
            first = ctx.holders[opening[0]] if opening else None
            first = first if first is not None and not self._after_from(ctx, first, lo) else None
            holder = first if first is not None or not in_relative else holder
        if holder is None and office.start <= trig.start:
            # "La PPT de la CELAC la ejerce actualmente Colombia": the subject after the verb
            k = trig.end
            while k < hi and ctx.doc[k].lower_ in ctx.lex.status_words:
                k += 1
            holder = ctx.holder_after(k, hi, limit=1)
        if holder is None:
            return None
        # "España, que preside este año la Plataforma, entregará … a Canadá para 2027": a term between
        # the verb and its office is the holder's own, before any later one in the sentence
        term = ctx.term_at(trig.end, office.start) if office.start > trig.end else None
        term = term or ctx.term_after(office, hi)
        if term is None and office.start >= trig.start:  # "que ejerce en 2025 la PPT", "la ejercerá en 2026"
            term = ctx.term_at(trig.end, hi)
        if term is None and holder.start > trig.start:  # "la ejercerá Honduras en el primer semestre de 2027"
            term = ctx.term_at(holder.end, hi)
        if term is None:  # "El Salvador, que este año ejerce además la PPT"
            term = next(
                (ctx.term_at(k, hi) for k in range(max(lo, trig.start - 4), trig.start)
                 if ctx.lex.phrase_at(ctx.doc, k, "relative_year") == trig.start),
                None,
            )
        future = ctx.future_before(trig.start, lo)
        if future and self._being_launched(ctx, office.end, hi):
            # "Spain, which will chair the Support Platform to be launched in December": its first holder
            found_first = self._transfer(ctx, office, trig, (lo, hi), None, holder, term, "elected", 0.75)
            if found_first is not None:
                found_first.first_holder_to_come = True
            return found_first
        status = "incoming" if future else (office.status or row.get("status"))
        if (
            status == "completed"
            and trig.start > lo
            and ctx.doc[trig.start - 1].lower_ in self.perfect_aux
            and ctx.find_word(self.since, office.end, hi, 4) is not None
        ):
            status = "current"  # "has held the presidency since the beginning of 2019"
        start, end = (office.start, holder.end) if holder.start > office.start else (holder.start, office.end)
        found = self._holding(office, holder, (lo, hi), term, status, start, end)
        found.confidence = 0.75
        return found

    @staticmethod
    def _coordinated(ctx: ChairContext, trig: Trigger, lo: int) -> bool:
        """A verb coordinated with the clause before, with no subject of its own: "… y la ejercerá"."""
        doc, lex = ctx.doc, ctx.lex
        j = trig.start - 1
        while j > lo and lex.is_(doc[j], "clitic", "future_marker"):
            j -= 1  # "… from Colombia and will exercise it for the July 2025-July 2026 period"
        return j > lo and lex.is_(doc[j], "coordinator")

    @staticmethod
    def _after_from(ctx: ChairContext, holder: Holder, lo: int) -> bool:
        """A holder named after "de"/"from" ("recibió de Uruguay la PPT"): a giver, not a subject."""
        return holder.start > lo and ctx.lex.is_(ctx.doc[holder.start - 1], "from_bare", "from_word")

    @staticmethod
    def _lead_status(ctx: ChairContext, trig: Trigger, lo: int, status: str | None) -> str | None:
        return "incoming" if ctx.future_before(trig.start, lo) else status

    def _subject_after(self, ctx: ChairContext, trig: Trigger, lo: int, hi: int) -> Candidate | None:
        """ "la Plataforma de Apoyo, cuya presidencia ocupa Colombia": the office right before the
        verb, its holder right after it (a language that puts the subject last)."""
        k = trig.start - 1
        if k > lo and ctx.lex.is_(ctx.doc[k], "relative"):
            k -= 1  # "la próxima PPT, que ejercerá Belice": a relative clause with its subject last
            if k > lo and ctx.lex.is_(ctx.doc[k], "determiner"):
                k -= 1  # "la PPT del SICA, la cual ostentará Honduras entre enero y junio de 2028"
            if k > lo and ctx.doc[k].text == ",":
                k -= 1
            if ctx.office_at[k] == -1:
                return None
        if k < lo or ctx.office_at[k] == -1:
            return None
        office = ctx.offices[ctx.office_at[k]]
        holder = ctx.holder_after(trig.end, hi, limit=3)
        if holder is None or office.holder is not None:
            return None
        term = ctx.term_at(holder.end, hi)
        return self._holding(office, holder, (lo, hi), term, None, office.start, holder.end)

    def _work_of(self, ctx: ChairContext, i: int, hi: int) -> OfficeMention | None:
        """ "will guide the work of the seven member States during 2024": leading the work of the
        members is holding the release's chair; the office ends where its term may start."""
        doc = ctx.doc
        k = i
        while k < hi and k - i < 3 and doc[k].lower_ in self.fillers:
            k += 1
        if not (k + 1 < hi and doc[k].lower_ in self.work_nouns and ctx.lex.is_(doc[k + 1], "of_word")):
            return None
        end = k + 2
        while end < hi and end - k < 8 and doc[end].text not in _CLAUSE_STOPS and doc[end].text != ",":
            if ctx.term_at(end, hi, limit=3):
                break
            end += 1
        return OfficeMention(k, end, None, True, None)

    def _being_launched(self, ctx: ChairContext, i: int, hi: int) -> bool:
        """ "… to be launched", "… being created": the body does not exist yet."""
        k = i
        while k < hi and k - i < 3 and ctx.doc[k].lower_ in self.launch_aux:
            k += 1
        return k > i and k < hi and ctx.doc[k].lower_ in self.launch

    def _object_relative(self, ctx: ChairContext, trig: Trigger, lo: int) -> Candidate | None:
        """ "the MIRPS Support Platform, which Colombia chairs"; "la Comunidad Andina, que preside
        Bolivia" (the subject after the verb): the office or body before "which"."""
        doc = ctx.doc
        k = trig.start - 1
        if k <= lo:
            return None
        hi = ctx.sent_range(trig.start)[1]
        j = k
        while j > lo and doc[j].lower_ in ctx.lex.status_words:
            j -= 1  # "que actualmente preside Bolivia"
        if j > lo and ctx.lex.is_(doc[j], "relative"):
            after = trig.end
            while after < hi and doc[after].lower_ in ctx.lex.status_words:
                after += 1
            holder = ctx.holder_after(after, hi, limit=1)
            if holder is None and ctx.holder_at[lo] != -1 and ctx.is_past_form(trig.start):
                # "Paraguay entregó un informe final de la PPT, que ejerció durante el primer semestre":
                # a past relative verb with no subject of its own has the sentence's (a future one, "…
                # a Guatemala la PPT, que ejercerá en 2027", is the receiver's: the handover reads it)
                opening = ctx.holders[ctx.holder_at[lo]]
                holder = Holder(trig.start, trig.end, opening.actor)
        else:
            holder = ctx.holders[ctx.holder_at[k]] if ctx.holder_at[k] != -1 else ctx.possessive_country(k, lo)
            if holder is None:
                return None
            j = holder.start - 1
            if j > lo and ctx.lex.is_(doc[j], "determiner"):
                j -= 1  # "which the United States chairs this year"
        if holder is None or j <= lo or not ctx.lex.is_(doc[j], "relative"):
            return None
        j -= 1
        while j > lo and doc[j].text == ",":
            j -= 1
        if doc[j].text == ")" and ctx.body_at[j - 1] != -1:
            j -= 1  # "the Support Platform of the … Framework (MIRPS), which Belize presides": the acronym's body
        elif doc[j].text == ")":  # "la Comunidad de Estados … (CELAC), que preside Colombia"
            j = next((b - 1 for b in range(j - 1, max(lo, j - 5), -1) if doc[b].text == "("), j)
        if ctx.office_at[j] != -1:
            office = ctx.offices[ctx.office_at[j]]
        elif ctx.body_at[j] != -1:
            body = ctx.bodies[ctx.body_at[j]]
            office = OfficeMention(body.start, body.end, None, True, body.info)
        else:
            return None
        sent = ctx.sent_range(trig.start)
        return self._holding(office, holder, sent, ctx.term_at(trig.end, sent[1]), None, office.start, trig.end)

    def _on_end(self, ctx: ChairContext, trig: Trigger, row: dict[str, Any]) -> Candidate | None:
        """Colombia completed its mandate as Chair of the Support Platform; concluded its term."""
        lo, hi = ctx.sent_range(trig.start)
        office = ctx.object_at(trig.end, hi, self.fillers_end)
        if office is None:
            return None
        holder = ctx.holder_left(trig.start, lo)
        if holder is None:
            return None
        term = ctx.term_after(office, hi)
        return self._holding(office, holder, (lo, hi), term, "completed", holder.start, office.end)

    def _on_followed_by(self, ctx: ChairContext, trig: Trigger, row: dict[str, Any]) -> Candidate | None:
        """Spain was its first chair, followed by the United States."""
        lo, hi = ctx.sent_range(trig.start)
        office = ctx.office_left(trig.start, lo)
        if office is None:
            return None
        target = ctx.holder_after(trig.end, hi, limit=3)
        source = ctx.holder_left(office.start + 1, lo)
        if target is None or source is None:
            return None
        term = ctx.term_at(target.end, hi)
        return self._transfer(ctx, office, trig, (lo, hi), source, target, term, "completed", 0.75)

    def _on_rotate(self, ctx: ChairContext, trig: Trigger, row: dict[str, Any]) -> list[Candidate] | None:
        """the Chair has rotated among the United States, Canada and Colombia"""
        lo, hi = ctx.sent_range(trig.start)
        office = ctx.office_left(trig.start, lo)
        if office is None:
            return None
        found = []
        k = trig.end
        while k < hi and ctx.doc[k].text not in _CLAUSE_STOPS:
            idx = ctx.holder_at[k]
            if idx != -1:
                holder = ctx.holders[idx]
                found.append(self._holding(office, holder, (lo, hi), None, None, holder.start, holder.end))
                k = holder.end
                continue
            if not ctx.lex.is_(ctx.doc[k], "list_link"):
                break
            k += 1
        return found

    def _on_falls_to(self, ctx: ChairContext, trig: Trigger, row: dict[str, Any]) -> Candidate | None:
        """the next Presidency, which falls to Guatemala; la PPT le corresponderá a Nicaragua;
        recaerá en Honduras: the office is the subject, its next holder follows "to"."""
        doc = ctx.doc
        lo, hi = ctx.sent_range(trig.start)
        k = trig.end + 1 if trig.end < hi and doc[trig.end].lower_ in self.to_words else trig.end
        holder = ctx.holder_after(k, hi, limit=4)
        if holder is None:
            to_at = ctx.find_word(self.to_words, trig.end, hi, 12)
            holder = ctx.holder_after(to_at + 1, hi) if to_at is not None else None
        if holder is None and trig.start - 1 > lo and ctx.holder_at[trig.start - 1] != -1:
            before = ctx.holders[ctx.holder_at[trig.start - 1]]  # "a Guatemala le corresponderá la PPT"
            if before.start > lo and doc[before.start - 1].lower_ in self.to_words:
                holder = before
        if holder is None:
            return None
        office = ctx.office_left(trig.start, lo) or ctx.object_at(trig.end, hi, self.fillers)
        office = office or ctx.any_office(lo, hi, strict=True)
        if office is None:
            return None
        term = ctx.term_at(holder.end, hi) or ctx.term_after(office, hi) or ctx.term_at(lo, hi)
        if row.get("status") == "completed":  # "la PPT quedó en manos de Honduras": a handover
            return self._transfer(ctx, office, trig, (lo, hi), None, holder, term, "completed", 0.7)
        if ctx.is_past_form(trig.start):  # "le correspondió a Perú asumir": a term that began
            return self._holding(office, holder, (lo, hi), term, "current", min(office.start, trig.start), holder.end)
        # "le corresponderá a la República Dominicana la PPT en el primer semestre de 2026": the next
        # handover, from whoever holds the office then (filled in by _fill_outgoing)
        return self._transfer(ctx, office, trig, (lo, hi), None, holder, term, "planned", 0.7)

    def _adjective_holdings(self, ctx: ChairContext) -> list[Candidate]:
        """the Spanish Presidency; Mexico's Pro Tempore Presidency; the PPT of Guatemala;
        "organized by Guatemala in the framework of its Pro Tempore Presidency of the MIRPS"."""
        found = []
        doc = ctx.doc
        for office in ctx.offices:
            if (
                office.holder is None
                and office.start > 0
                and ctx.lex.is_(doc[office.start - 1], "possessive_det")
                and (office.office is not None or office.body is not None)
            ):
                sent = ctx.sent_range(office.start)
                holder = ctx.holder_left(office.start - 1, sent[0])
                if holder is not None:
                    term = ctx.term_after(office, sent[1])
                    found.append(self._holding(office, holder, sent, term, office.status, holder.start, office.end))
                continue
            appositive = self._appositive_holder(ctx, office)
            if appositive is not None:
                sent = ctx.sent_range(office.start)
                term = ctx.term_after(office, sent[1])
                # "Guatemala, Pro Tempore President of the MIRPS in 2021, …" in a 2026 release: a past term
                years = _years_in(term) if term else set()
                ended = bool(years) and ctx.year is not None and max(map(int, years)) < ctx.year
                status = office.status or ("completed" if ended else "current")
                found.append(self._holding(office, appositive, sent, term, status, appositive.start, office.end))
                continue
            if office.holder and office.standalone:
                sent = ctx.sent_range(office.start)
                holder = Holder(office.start, office.end, office.holder)
                term = ctx.term_after(office, sent[1])
                found.append(self._holding(office, holder, sent, term, office.status, office.start, office.end))
        return found

    def _thanked_welcomed(self, ctx: ChairContext, candidates: list[Candidate]) -> list[Candidate]:
        """A communiqué that thanks one holder and welcomes the next in one sentence ("Thank the
        Costa Rican Pro Tempore Presidency for its work …, and welcome the Panamanian Pro Tempore
        Presidency", "thanked Belize for its leadership of the PPT and welcomed Costa Rica as
        incoming chair") reports the handover from the one thanked to the one welcomed."""
        by_sent: dict[tuple[int, int], dict[str, list[Candidate]]] = {}
        for cand in candidates:
            if cand.kind != "holding" or cand.holder is None:
                continue
            role = self._courtesy_before(ctx, min(cand.start, cand.holder.start, cand.office.start), cand.sent[0])
            if role is not None:
                by_sent.setdefault(cand.sent, {}).setdefault(role, []).append(cand)
        found = []
        for sent, roles in by_sent.items():
            for thanked in roles.get("thank_word", ()):
                welcomed = next((w for w in roles.get("welcome_word", ()) if w.start > thanked.start), None)
                if welcomed is None or welcomed.holder is None or thanked.holder is None:
                    continue
                if welcomed.holder.actor == thanked.holder.actor:
                    continue
                actors = [thanked.holder.actor, welcomed.holder.actor]
                body = ctx.resolve(welcomed.office, sent, actors)
                if body is None or body != ctx.resolve(thanked.office, sent, actors):
                    continue  # "thanked Panama for its SICA presidency and welcomed Colombia's CAN one"
                if thanked.term is None:  # "for its work during the second half of 2020"
                    thanked.term = ctx.term_at(self._past_work(ctx, thanked.office.end, sent[1]), sent[1])
                cand = Candidate(
                    "transfer", welcomed.office, thanked.start, max(welcomed.end, welcomed.office.end), sent,
                    source=thanked.holder, target=welcomed.holder, term=welcomed.term, status="completed",
                    confidence=0.7,
                )
                found.append(cand)
        return found

    def _gapped_holdings(self, ctx: ChairContext, candidates: list[Candidate]) -> list[Candidate]:
        """ "Belice presidirá la Conferencia en 2028 y Guatemala en 2029": a coordinated holder with a
        term of its own and no verb (the verb and office gapped) holds the same office."""
        doc = ctx.doc
        found = []
        for cand in candidates:
            if cand.kind != "holding" or cand.holder is None or cand.term is None:
                continue
            hi = cand.sent[1]
            k = max(cand.end, cand.holder.end, cand.office.end)
            while k < hi and not self.lex.is_(doc[k], "coordinator") and doc[k].text not in _CLAUSE_STOPS:
                if ctx.holder_at[k] != -1 or doc[k].text == ",":
                    break  # another holder or clause before any coordinator: not the gapped pattern
                k += 1
            if not (k + 2 < hi and self.lex.is_(doc[k], "coordinator")):
                continue
            if ctx.holder_at[k + 1] == -1:
                # "México, que presidió el MIRPS en 2019 y la Conferencia Regional sobre Migración en
                # 2021": a second object with its own term, the same holder
                other = ctx.object_at(k + 1, hi, self.fillers, allow_body=True)
                if other is None or other.end >= hi or not self.lex.is_(doc[other.end], "term_open"):
                    continue
                term = ctx.term_at(other.end, hi)
                j = other.end
                while j < hi and (
                    self.lex.is_(doc[j], "term_word") or _YEAR.match(doc[j].text) or j in ctx.any_date_tokens
                ):
                    j += 1
                if term is None or not (j >= hi or doc[j].text == "," or doc[j].text in _CLAUSE_STOPS):
                    continue  # the term, then the clause's end ("…, sigue siendo"), nothing else
                found.append(self._holding(other, cand.holder, cand.sent, term, cand.status, other.start, other.end))
                continue
            holder = ctx.holders[ctx.holder_at[k + 1]]
            if holder.start != k + 1 or holder.actor == cand.holder.actor:
                continue
            if holder.end >= hi or not self.lex.is_(doc[holder.end], "term_open"):
                continue
            term = ctx.term_at(holder.end, hi)
            if term is None or term == cand.term or not self._clause_ends(ctx, holder.end, hi):
                continue
            found.append(self._holding(cand.office, holder, cand.sent, term, cand.status, holder.start, holder.end))
        return found

    def _courtesy_before(self, ctx: ChairContext, i: int, lo: int) -> str | None:
        """The thanks or welcome word right before ``i`` (past articles): its class, or None."""
        k = i - 1
        while k >= lo and self.lex.is_(ctx.doc[k], "determiner"):
            k -= 1
        courtesy = k > lo and self.lex.is_(ctx.doc[k - 1], "thank_word", "welcome_word")
        if courtesy and self.lex.is_(ctx.doc[k], "to_word"):
            k -= 1  # "agradeció a Costa Rica", "dio la bienvenida a Panamá": the object's preposition
        if k < lo:
            return None
        return next((kind for kind in ("thank_word", "welcome_word") if self.lex.is_(ctx.doc[k], kind)), None)

    def _past_work(self, ctx: ChairContext, i: int, hi: int) -> int:
        """Past "for its work" / "for its leadership" after an office or holder."""
        k = i
        while k < hi and k - i < 4 and (
            ctx.doc[k].lower_ in self.fillers or ctx.doc[k].lower_ in self.work_nouns or ctx.office_at[k] != -1
            or self.lex.is_(ctx.doc[k], "for_word")
        ):
            k += 1
        return k

    @staticmethod
    def _appositive_holder(ctx: ChairContext, office: OfficeMention) -> Holder | None:
        """ "Panama, current Pro Tempore Chair of the MIRPS, opened …": an office set off by
        commas right after a holder names that holder's office (now, unless a word says otherwise)."""
        doc = ctx.doc
        if office.holder is not None or (office.office is None and office.body is None):
            return None
        lo, hi = ctx.sent_range(office.start)
        k = office.start - 1
        while k > lo and (ctx.lex.is_(doc[k], "determiner") or doc[k].lower_ in ctx.lex.status_words):
            k -= 1
        if k == lo and office.end < hi and doc[office.end].text == ",":
            return ChairExtractor._holder_in_apposition(ctx, office.end + 1, hi)
        if k <= lo or doc[k].text != "," or ctx.holder_at[k - 1] == -1:
            return None
        holder = ctx.holders[ctx.holder_at[k - 1]]
        if holder.start > lo and doc[holder.start - 1].text == ",":
            return None  # "Mexico, Panama, the Presidency …": a list, not an apposition
        closes = office.end >= hi or doc[office.end].text in _CLAUSE_STOPS or doc[office.end].text == ","
        given = any(ctx.from_at(j) == holder.start for j in range(max(lo, holder.start - 4), holder.start))
        if not closes and not given:  # "Spain, chair of the Support Platform in 2026, announced …": its
            # term closes it ("asumió, de manos de Honduras, la PPT … para 2025-2026" is the verb's object)
            end = next((j for j in range(office.end, min(hi, office.end + 8)) if doc[j].text in _APPOSITION_ENDS), None)
            closes = end is not None and ctx.term_at(office.end, end) is not None
        return holder if closes else None

    @staticmethod
    def _holder_in_apposition(ctx: ChairContext, i: int, hi: int) -> Holder | None:
        """ "The Chair of the Permanent Council, the Permanent Representative of Barbados, Ambassador
        X, thanked …": a subject office set off by an apposition that names its holder (no verb, no
        relative pronoun in it)."""
        doc = ctx.doc
        if i >= hi or ctx.lex.is_(doc[i], "relative"):
            return None
        for k in range(i, min(hi, i + 10)):
            if doc[k].text in _CLAUSE_STOPS or doc[k].text == "," or k in ctx.verbs or ctx.office_at[k] != -1:
                return None
            if ctx.holder_at[k] != -1:
                holder = ctx.holders[ctx.holder_at[k]]
                return ctx._prefer_country(holder, ctx.sent_range(i)[0])
        return None

    # -- building items -----------------------------------------------------------------
    @staticmethod
    def _transfer(
        ctx: ChairContext,
        office: OfficeMention,
        trig: Trigger,
        sent: tuple[int, int],
        source: Holder | None,
        target: Holder,
        term: str | None,
        status: str,
        confidence: float,
    ) -> Candidate | None:
        if source is not None and source.actor == target.actor:
            source = None
        if sent[0] <= office.start < sent[1]:
            start = min(trig.start, office.start, source.start if source else trig.start)
            end = max(trig.end, office.end, target.end, source.end if source else 0)
        else:  # the office was named in an earlier sentence: the item is this sentence's words
            start = min(trig.start, target.start, source.start if source else trig.start)
            end = max(trig.end, target.end, source.end if source else 0)
        return Candidate(
            "transfer",
            office,
            start,
            end,
            sent,
            source=source,
            target=target,
            term=term,
            status=status,
            confidence=confidence,
            verb=trig.start,
        )

    @staticmethod
    def _holding(
        office: OfficeMention,
        holder: Holder,
        sent: tuple[int, int],
        term: str | None,
        status: str | None,
        start: int,
        end: int,
    ) -> Candidate:
        return Candidate(
            "holding", office, min(start, end), max(start, end), sent, holder=holder, term=term, status=status
        )

    def _transfers(
        self,
        doc: Doc,
        ctx: ChairContext,
        candidates: list[Candidate],
        mentions: list[DateMention],
        lede: DateMention | None,
    ) -> list[tuple[dict[str, Any], Candidate]]:
        out: list[tuple[dict[str, Any], Candidate]] = []
        latest: dict[int, int] = {}  # id of an item -> the last sentence that reported it
        for cand in candidates:
            if cand.kind == "transfer" and cand.target is None and cand.source is not None:
                self._giver_for_previous(ctx, cand, out, latest)
            if cand.kind != "transfer" or cand.target is None:
                continue
            actors = [cand.target.actor] + ([cand.source.actor] if cand.source else [])
            resolved = ctx.resolve(cand.office, cand.sent, actors)
            if resolved is None:
                continue
            body, office = resolved
            term = cand.term or self._future_term(ctx, candidates, cand)
            item = {
                "body": body,
                "office": office,
                "from": cand.source.actor if cand.source else None,
                "to": cand.target.actor,
                "term": term,
                "status": cand.status,
                "date": self._date(doc, ctx, cand, mentions, term),
                "confidence": cand.confidence,
                "start": doc[cand.start].idx,
                "end": doc[cand.end - 1].idx + len(doc[cand.end - 1]),
            }
            duplicate = next((o for o in out if _same_transfer(o[0], item)), None)
            if duplicate is None:
                out.append((item, cand))
                latest[id(item)] = ctx.sent_of[cand.sent[0]]
            else:
                latest[id(duplicate[0])] = ctx.sent_of[cand.sent[0]]
                for key in ("from", "term", "date"):
                    duplicate[0][key] = duplicate[0][key] or item[key]
                own = self._dated_in_sentence(doc, cand, mentions) or self._at_closing(ctx, cand)
                if own and item["date"]:
                    # the handover's own sentence beats the lede; so does "durante la sesión de clausura"
                    duplicate[0]["date"] = item["date"]
                if duplicate[0]["status"] == "planned":
                    duplicate[0]["date"] = None  # "will assume …, taking over from X": still to come
                if duplicate[1].source is None and cand.source is not None:
                    # a headline's "Panama assumes the PPT" merges into the body's full sentence
                    for key in ("start", "end", "confidence"):
                        duplicate[0][key] = item[key]
                    out[out.index(duplicate)] = (duplicate[0], cand)
        self._undate_earlier(doc, ctx, out, mentions)
        return out

    def _undate_earlier(
        self, doc: Doc, ctx: ChairContext, out: list[tuple[dict[str, Any], Candidate]], mentions: list[DateMention]
    ) -> None:
        """ "Canada succeeded the United States …, one year after the United States took over from
        Spain": a handover to the giver of another one came before it, so the day of the event the
        lede reports is not its date (a day its own sentence names still is)."""
        for item, cand in out:
            if item["status"] != "completed" or not item["date"]:
                continue
            if self._dated_in_sentence(doc, cand, mentions) or self._at_closing(ctx, cand):
                continue
            later = any(
                o is not item and o["status"] == "completed" and o["from"] == item["to"]
                and (o["body"], o["office"]) == (item["body"], item["office"])
                for o, _ in out
            )
            if later:
                item["date"] = None

    @staticmethod
    def _giver_for_previous(
        ctx: ChairContext, cand: Candidate, out: list[tuple[dict[str, Any], Candidate]], latest: dict[int, int]
    ) -> None:
        """A giver named without a receiver ("Upon receiving the gavel from X, …") completes the
        latest handover before it that names no giver (reported within the two sentences before:
        a headline's handover repeated in the lede counts from the lede)."""
        assert cand.source is not None
        for item, found in reversed(out):
            last = latest.get(id(item), ctx.sent_of[found.sent[0]])
            if found.start >= cand.start or ctx.sent_of[cand.sent[0]] - last > 2:
                continue
            resolved = ctx.resolve(cand.office, cand.sent, [item["to"], cand.source.actor])
            same_office = resolved in (None, (item["body"], item["office"]))
            if item["from"] is None and item["to"] != cand.source.actor and same_office:
                item["from"] = cand.source.actor
                found.source = cand.source
            return

    @staticmethod
    def _fill_outgoing(
        ctx: ChairContext, candidates: list[Candidate], transfers: list[tuple[dict[str, Any], Candidate]]
    ) -> None:
        """A handover without a named giver ("the Presidency will pass to El Salvador") comes from
        the one holder the release says holds that office now ("Mexico, which holds …")."""
        for item, found in transfers:
            if item["from"] is not None or item["status"] not in {"planned", "completed"}:
                continue
            # planned: the current holder gives; completed: one that "held the position this year"
            # next to the handover ("received the presidency in Mexico, country that held the post")
            wanted = "current" if item["status"] == "planned" else "completed"
            near = ctx.sent_of[found.sent[0]]
            if item["status"] == "planned":  # the holder a completed handover in the release just installed
                received = [
                    o["to"]
                    for o, c in transfers
                    if o["status"] in {"completed", "planned"}
                    and (o["body"], o["office"]) == (item["body"], item["office"])
                    and o["to"] != item["to"]
                    and c.start < found.start
                ]
                if received:
                    item["from"] = received[-1]
                    continue
            current: set[str] = set()
            same_sentence: set[str] = set()  # "thank Spain for its stewardship as Chair … and welcome Canada"
            ending: set[str] = set()  # "Guatemala, que concluye su PPT, y Honduras, que la asumirá"
            for cand in candidates:
                if cand.kind != "holding" or cand.holder is None:
                    continue
                if wanted == "current" and cand.sent == found.sent and cand.status in {"completed", None}:
                    same = ctx.resolve(cand.office, cand.sent, [cand.holder.actor]) == (item["body"], item["office"])
                    if same and cand.holder.actor != item["to"]:
                        ending.add(cand.holder.actor)
                    continue
                if wanted == "completed":  # "Costa Rica, como PPT en 2025, impulsó …" two sentences on
                    if cand.status not in {"completed", None} or abs(ctx.sent_of[cand.sent[0]] - near) > 2:
                        continue
                elif cand.status != wanted:
                    continue
                resolved = ctx.resolve(cand.office, cand.sent, [cand.holder.actor])
                if resolved == (item["body"], item["office"]) and cand.holder.actor != item["to"]:
                    current.add(cand.holder.actor)
                    if cand.sent == found.sent:
                        same_sentence.add(cand.holder.actor)
            if len(current) > 1 and wanted == "completed" and len(same_sentence) == 1:
                current = same_sentence
            if not current and len(ending) == 1:
                current = ending
            if len(current) == 1:
                item["from"] = current.pop()

    @staticmethod
    def _future_term(ctx: ChairContext, candidates: list[Candidate], cand: Candidate) -> str | None:
        """ "to El Salvador, which will lead the mechanism in 2026": the new holder's term."""
        nxt = ctx.sent_of[cand.sent[1]] if cand.sent[1] < len(ctx.doc) else -1
        for other in candidates:
            same = other.sent == cand.sent and other.start >= (cand.target.start if cand.target else 0)
            following = ctx.sent_of[other.sent[0]] == nxt and other.status in {"incoming", "current", None}
            if (
                other.kind == "holding"
                and (same or following)
                and other.holder is not None
                and cand.target is not None
                and other.holder.actor == cand.target.actor
                and other.term
            ):
                return other.term
        # "El Salvador, which holds the Pro Tempore Presidency in 2020, …" anywhere in the release:
        # the receiver's one stated term (not one it completed)
        stated = {
            other.term
            for other in candidates
            if other.kind == "holding"
            and other.holder is not None
            and cand.target is not None
            and other.holder.actor == cand.target.actor
            and other.term
            and other.status != "completed"
            and ctx.resolve(other.office, other.sent, [other.holder.actor])
            == ctx.resolve(cand.office, cand.sent, [cand.target.actor])
        }
        return stated.pop() if len(stated) == 1 and cand.status != "planned" else None

    @staticmethod
    def _dated_in_sentence(doc: Doc, cand: Candidate, mentions: list[DateMention]) -> bool:
        lo_char, hi_char = doc[cand.sent[0]].idx, doc[cand.sent[1] - 1].idx + len(doc[cand.sent[1] - 1])
        return any(lo_char <= m.start_char < hi_char and m.is_day for m in mentions)

    def _date(
        self, doc: Doc, ctx: ChairContext, cand: Candidate, mentions: list[DateMention], term: str | None
    ) -> str | None:
        """The day the handover happened: a day named in its sentence (the one nearest its words,
        not the dateline the first sentence opens with), else, for a handover that happened, the
        day of the event the lede reports ("held yesterday", "on November 14 and 15") rather than
        the release's own date; "at the close of" a meeting of several days is its last day."""
        lo, hi = cand.sent
        lo_char, hi_char = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
        in_sentence = [m for m in mentions if lo_char <= m.start_char < hi_char]
        days = [m for m in in_sentence if m.is_day]
        opens = ctx.relative_opening(cand.verb, lo) if cand.verb is not None else None
        if opens is not None:  # "X yesterday presented the PPT, which it assumed from Panama in January"
            days = [m for m in days if m.start_char >= doc[opens].idx]
        # "in 2019" dates nothing to the day; the term's own years ("during 2025") do not count
        vague = [m for m in in_sentence if not m.is_day and not (term and _years_in(m.text) <= _years_in(term))]
        # an election at the meeting reported is dated like a handover; a holder "to be" chosen is not
        dated = cand.status == "completed" or (cand.status == "elected" and not cand.first_holder_to_come)
        if cand.status == "planned" or (not days and (vague or not dated or self._month_only(ctx, lo, hi))):
            return None  # a year or a month only; a planned handover has no date yet, even a day announced
        published = getattr(doc._, "mirps_published", None)
        # "a position he will hold until June 30": the day a term ends dates no handover
        ends = [m for m in days if m.start > lo and ctx.lex.is_(doc[m.start - 1], "until_word")]
        if ends and len(ends) < len(days):
            days = [m for m in days if m not in ends]
        if len(days) > 1 and any(m.value != published for m in days):
            # the dateline is the release's date; "today" in the sentence is the event's
            days = [m for m in days if m.value != published or m.relative]
        if self._month_only(ctx, cand.start, cand.end) and not any(cand.start <= m.start < cand.end for m in days):
            return None  # "que recibió en diciembre la PPT …, celebrada ayer": its own words date it to a month
        closing_day = self._closing_day(ctx, days, lo, hi)
        if closing_day is not None:  # "Al concluir hoy la reunión, iniciada el 8 de diciembre, …"
            mention = closing_day
        elif days:
            anchor_start, anchor_end = doc[cand.start].idx, doc[cand.end - 1].idx
            mention = min(days, key=lambda m: max(anchor_start - m.end_char, m.start_char - anchor_end, 0))
        else:
            lede = [m for m in mentions if m.is_day and m.start_char < ctx.lede_end]
            if not lede:
                return None
            event = [m for m in lede if m.value and m.value != published]
            mention = event[0] if event else lede[0]
        if mention.value is None and mention.reason:
            extensions.warn(doc, f"chair transfer: {mention.reason}")
        if mention.value and self._at_closing(ctx, cand):
            return _last_day(doc, mention, ctx.lex.day_range)
        return mention.value

    @staticmethod
    def _closing_day(ctx: ChairContext, days: list[DateMention], lo: int, hi: int) -> DateMention | None:
        """The day right after a closing phrase ("Al clausurar este viernes la reunión", "Al concluir
        hoy …"): the handover closed the meeting that day, whatever day the meeting opened."""
        for k in range(lo, hi):
            end = ctx.lex.phrase_at(ctx.doc, k, "closing")
            if end is None:
                continue
            near = [m for m in days if end <= m.start <= end + 2]
            if near:
                return near[0]
        return None

    @staticmethod
    def _month_only(ctx: ChairContext, lo: int, hi: int) -> bool:
        """ "Chile took over from Peru in July", "last December": the sentence dates its handover to a
        month, so the day of the event the lede reports is not its date."""
        doc, lex = ctx.doc, ctx.lex
        return any(
            doc[k].lower_ in lex.months and lex.is_(doc[k - 1], "clause_tail") for k in range(max(lo, 1), hi)
        )

    def _at_closing(self, ctx: ChairContext, cand: Candidate) -> bool:
        """ "At the close of the meeting", "en la clausura de": the handover closed the event."""
        lo, hi = cand.sent
        return any(ctx.lex.phrase_at(ctx.doc, k, "closing") is not None for k in range(lo, hi))

    def _terms(
        self,
        doc: Doc,
        ctx: ChairContext,
        candidates: list[Candidate],
        transfers: list[tuple[dict[str, Any], Candidate]],
    ) -> list[dict[str, Any]]:
        terms: dict[tuple[str, str, str], dict[str, Any]] = {}
        ranks: dict[tuple[str, str, str], int] = {}
        stated: dict[tuple[str, str, str], list[tuple[str | None, str]]] = {}

        def add(
            body: str, office: str, holder: str, term: str | None, status: str | None, rank: int, start: int, end: int
        ) -> None:
            key = (body, office, holder)
            if term:
                stated.setdefault(key, []).append((status, term))
            item = terms.get(key)
            if item is None:
                terms[key] = {
                    "body": body,
                    "office": office,
                    "holder": holder,
                    "term": term,
                    "status": status,
                    "start": start,
                    "end": end,
                }
                ranks[key] = rank
                return
            item["term"] = item["term"] or term
            if rank >= ranks[key] and status is not None:
                item["status"], ranks[key] = status, rank

        # "The Belizean presidency also undertook to coordinate with the MIRPS": a demonym's office
        # with no body of its own is the one its country was just handed, not a body named nearby.
        handed: dict[str, tuple[str, str]] = {}
        for item, cand in transfers:
            for side in (cand.source, cand.target):
                if side is not None:
                    handed.setdefault(side.actor, (item["body"], item["office"]))
        # "Canadá asume, de manos de los Estados Unidos, la presidencia … para el periodo 2022-2023":
        # the giver's mention read as "X, la presidencia de …" is the handover's giver, not a holder
        # of the term the receiver takes.
        given = {(c.source.actor, c.source.start, item["term"]) for item, c in transfers if c.source is not None}
        for cand in candidates:
            if cand.kind != "holding" or cand.holder is None:
                continue
            if cand.office.holder is not None and cand.office.body is None and cand.holder.actor in handed:
                resolved: tuple[str, str] | None = handed[cand.holder.actor]
            else:
                resolved = ctx.resolve(cand.office, cand.sent, [cand.holder.actor])
            if resolved is None:
                continue
            rank = 2 if cand.status == "completed" else _STATUS_RANK.get(cand.status, 0)
            start, end = doc[cand.start].idx, doc[cand.end - 1].idx + len(doc[cand.end - 1])
            term = None if (cand.holder.actor, cand.holder.start, cand.term) in given else cand.term
            add(*resolved, cand.holder.actor, term, cand.status, rank, start, end)
        for item, cand in transfers:
            body, office = item["body"], item["office"]
            if cand.target is not None:
                status = "current" if item["status"] == "elected" and not cand.term else "incoming"
                if cand.first_holder_to_come:
                    status = "incoming"
                if item["status"] == "completed" or item["status"] == "planned":
                    status = "incoming"
                t = cand.target
                add(
                    body,
                    office,
                    t.actor,
                    item["term"],
                    status,
                    3,
                    doc[t.start].idx,
                    doc[t.end - 1].idx + len(doc[t.end - 1]),
                )
            if cand.source is not None:
                s = cand.source
                status = "completed" if item["status"] == "completed" else "current"
                add(
                    body,
                    office,
                    s.actor,
                    None,
                    status,
                    # a holder who has handed the chair on completed its term, also where the release
                    # then recalls how it received it ("Costa Rica had chaired … taking over from Guatemala")
                    4 if status == "completed" else 2,
                    doc[s.start].idx,
                    doc[s.end - 1].idx + len(doc[s.end - 1]),
                )
        for key, item in terms.items():
            # one term per holder: the one of the status the record gives it, not an earlier one
            # the release recalls ("ya presidió el MIRPS en 2021" beside "ejercerá la presidencia en 2027")
            ended = item["status"] in _ENDING  # a present term is the one that ends ("for 2023" … "completed")
            same = [t for status, t in stated.get(key, ()) if t and (status in _ENDING) == ended]
            if same and item["term"] not in same:
                item["term"] = same[0]
            elif not same and item["term"] and key in stated:
                # "Canada will assume the chair in January 2027 ... Canada previously chaired it in
                # 2022-2023": a finished tenure's years are not the incoming one's (and the reverse)
                item["term"] = None
        return sorted(terms.values(), key=lambda t: t["start"])


_ENDING = frozenset({"completed", "current", None})  # a term stated without a status is a present one


def _receivers_terms(transfers: list[tuple[dict[str, Any], Candidate]], terms: list[dict[str, Any]]) -> None:
    """A handover whose sentence states no term takes the receiver's incoming term stated
    elsewhere in the release (a headline "Panamá presidirá en 2027 la CRM", a later
    "Guatemala ejercerá la presidencia del 1 de enero al 31 de diciembre de 2027")."""
    incoming = {
        (t["body"], t["office"], t["holder"]): t["term"] for t in terms if t["status"] == "incoming" and t["term"]
    }
    for item, _ in transfers:
        if item["term"] is None:
            item["term"] = incoming.get((item["body"], item["office"], item["to"]))


def _both_sides(cand: Candidate | None) -> bool:
    """A transfer whose giver and receiver are both named, and not the same."""
    return (
        cand is not None
        and cand.kind == "transfer"
        and cand.source is not None
        and cand.target is not None
        and cand.source.actor != cand.target.actor
    )


def _quoted_chars(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of the quotations the quotes component found (it runs first)."""
    return [
        (q["start"], q["end"])
        for q in (getattr(doc._, "mirps_quotes", None) or [])
        if isinstance(q, dict) and "start" in q and "end" in q
    ]


def _same_transfer(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if (a["body"], a["office"], a["to"]) != (b["body"], b["office"], b["to"]):
        return False
    return a["from"] is None or b["from"] is None or a["from"] == b["from"]


@Language.factory(
    "mirps_chairs",
    default_config={"lang": "", "patterns": ""},
    requires=["doc._.mirps_actors", "span._.mirps_date"],
    assigns=["doc._.mirps_chair_transfers", "doc._.mirps_chair_terms"],
)
def make_chairs(nlp: Language, name: str, lang: str, patterns: str) -> ChairExtractor:
    return ChairExtractor(nlp, name, lang=lang, patterns=patterns)
