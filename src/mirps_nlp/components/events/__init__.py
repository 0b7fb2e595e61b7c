"""mirps_events: the meetings a release reports and the documents it names.

Meetings are found from their head noun ("Meeting", "Summit", "session") walking left over
the words a meeting name is made of ("VIII MIRPS Annual", "fifth High-Level", "XXVIII
Vice-Ministerial") to an ordinal, and right over "of the <body>". A name needs an ordinal
or a body to count (or "annual" and a body in the sentence: "their annual solidarity
event"), which keeps context events such as "the Global Refugee Forum in 2023" out.
Repeated mentions of a meeting become one item; a later "the meeting in Panama" gives it
its place.

Documents are found from their kind word ("Declaration", "Charter", "Roadmap", "Plan",
"Compact", …) extended over the capitalised words of their name ("Los Angeles Declaration
on Migration and Protection"); the action is the nearest adopt/approve/agree word before
the name ("with the adoption of the Heredia Declaration") or after it ("was agreed"), else
"mentioned". Generic plurals ("National Action Plans") and bare back-references ("the
Declaration") are not documents.

Word lists live in ``patterns/<lang>/event_*.jsonl``; bodies in ``chair_bodies.jsonl``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from mirps_nlp import extensions
from mirps_nlp.bounds import sentence_bounds
from mirps_nlp.components.base import MirpsComponent
from mirps_nlp.components.chairs import actor_spans
from mirps_nlp.dates import (
    DateMention,
    date_mentions,
    first_day_date,
    future_markers,
    longest_matches,
    month_numbers,
    positions_of,
    sorted_hashes,
)
from mirps_nlp.patterns import read_patterns

_YEARISH = re.compile(r"^(19|20)\d\d([-–/]((19|20)?\d\d))?$")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN_NUMERAL = re.compile(r"^(?=[IVXLC])C{0,3}(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_LEDE_SENTENCES = 5
_ACTION_RANK = {"mentioned": 0, "agreed": 1, "approved": 1, "adopted": 1}
_ACTION_WINDOW = 8
_CLAUSE_PUNCT = frozenset({",", ".", ";", ":", "(", ")"})
_PLACE_WINDOW = 24  # tokens after a meeting's name in which its place may still be stated
_VENUE_LENGTH = 14  # "at the headquarters of the Organization in Washington": a venue skipped on the way
_LEDE_PLACE_DAYS = 3  # a dateline's city is the place of a meeting held within these days of the release
_DASH_CHARS = "-–—―"  # a dash glued to the token before it ends a dateline: "de 2019.-", "(EFE).-"
_FUTURE_VERB_BEFORE = 6  # "el Consejo celebrará en febrero una sesión especial"
_DURATION_AFTER = 12  # "que concluyó hoy en Belmopán tras dos días de trabajo"


def roman_value(text: str) -> int:
    """ "XXVIII" -> 28."""
    total = 0
    for k, char in enumerate(text):
        value = _ROMAN[char]
        nxt = _ROMAN.get(text[k + 1], 0) if k + 1 < len(text) else 0
        total += -value if value < nxt else value
    return total


class _Context(NamedTuple):
    """Token facts a meeting's place is read against: dates, and countries the actors found."""

    dates: set[int]
    countries: set[int]
    country_spans: list[tuple[int, int]]
    actors: set[int]
    here: str | None = None  # the dateline's city: "held in this capital", "in the Costa Rican capital"
    timed: frozenset[int] = frozenset()  # tokens of day- or month-precise dates: when a meeting is held


class _Mention(NamedTuple):
    """A matched name (a body, a document kind): token offsets and its label."""

    start: int
    end: int
    label_: str


@dataclass
class _Meeting:
    name_start: int
    name_end: int
    ordinal: int | None
    body: str | None
    place: str | None
    date: str | None
    future: bool
    virtual: bool = False
    days: int = 1  # "a two-day workshop": dated by its first day


class EventExtractor(MirpsComponent):
    """Adds ``mirps_meetings`` and ``mirps_documents`` to a Doc.

    Args: see :class:`~.base.MirpsComponent` (``lang`` picks ``patterns/<lang>/event_*.jsonl``).
    """

    pattern_files = (
        "event_meetings.jsonl",
        "event_documents.jsonl",
        "chair_bodies.jsonl",
        "chair_demonyms.jsonl",
        "dates_patterns.jsonl",
    )
    # bodies a language has no rows for yet are read in English (see _body_rows)
    shared_pattern_files = (("en", "chair_bodies.jsonl"),)
    needs = ("span._.mirps_date",)

    def __init__(self, nlp: Language, name: str = "mirps_events", *, lang: str = "", patterns: str = "") -> None:
        super().__init__(nlp, name, lang=lang, patterns=patterns)

    def compile(self, nlp: Language) -> None:
        lang = self.lang
        meeting_rows = read_patterns(lang, "event_meetings.jsonl")
        words: dict[str, frozenset[str]] = {}
        self.ordinal_words: dict[str, int] = {}
        self.ordinal_tens: dict[str, int] = {}  # "Forty-Ninth", "cuadragésima novena": the tens before a unit
        self.durations = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cardinal_ordinals = False
        self.capitals: dict[str, str] = {}  # ISO3 -> its capital, for "la capital uruguaya"
        for row in meeting_rows:
            if row["kind"] == "ordinal_word":
                self.ordinal_words.update(row["values"])
            elif row["kind"] == "ordinal_tens":
                self.ordinal_tens.update(row["values"])
            elif row["kind"] == "duration":
                for phrase, days in row["values"].items():
                    self.durations.add(str(days), [nlp.make_doc(phrase)])
            elif row["kind"] == "cardinal_ordinal":
                self.cardinal_ordinals = True  # "la 52 Asamblea General": a number before a titled noun
            elif row["kind"] == "organ":
                continue
            elif row["kind"] == "capital":
                self.capitals.update(row.get("capitals") or {})
            else:
                words[row["kind"]] = words.get(row["kind"], frozenset()) | frozenset(row["words"])
        self.meeting_nouns = words.get("noun", frozenset())
        self.meeting_noun_hashes = sorted_hashes(nlp.vocab, self.meeting_nouns)
        self.meeting_noun_set = frozenset(int(h) for h in self.meeting_noun_hashes)
        self.needs_ordinal = words.get("noun_needs_ordinal", frozenset())
        self.modifiers = words.get("modifier", frozenset())
        self.annual = words.get("annual", frozenset())
        self.lowercase_nouns = words.get("lowercase_noun", frozenset())
        self.lowercase_modifiers = words.get("lowercase_modifier", frozenset())
        self.reported = words.get("reported", frozenset())
        self.participants = words.get("participant", frozenset())  # "a meeting of ministers"
        self.proposals = words.get("proposal", frozenset())  # "would convene a special meeting"
        self.month_words = frozenset(k for k in month_numbers(lang) if len(k) > 3)  # "in March": when
        self.format_modifiers = words.get("format_modifier", frozenset())
        self.place_stop = words.get("place_stop", frozenset())
        self.segments = words.get("segment", frozenset())  # "durante el segmento de alto nivel de la …"
        self.generic = words.get("generic", frozenset())
        self.place_gap = words.get("place_gap", frozenset())
        self.virtual = words.get("virtual", frozenset())
        self.name_links = words.get("name_link", frozenset())  # "Meeting of …", "Reunión Anual del …"
        self.meeting_name_inner = words.get("name_inner", frozenset())
        self.place_inner = words.get("place_inner", frozenset())  # "Ciudad de Guatemala"
        self.place_abbreviations = words.get("place_abbreviation", frozenset())  # "Washington, D.C."
        self.country_joins = words.get("country_join", frozenset())  # "Panamá-Colombia", "Mexico–Guatemala"
        self.post_modifiers = words.get("post_modifier", frozenset())  # "Reunión Anual", "Cumbre Extraordinaria"
        self.here_demonstratives = words.get("here_demonstrative", frozenset())  # "this" of "this Caribbean capital"
        self.determiners = words.get("determiner", frozenset())
        self.venue_preps = words.get("venue_prep", frozenset())
        self.clause_stop = words.get("clause_stop", frozenset())
        self.before_gap = words.get("before_gap", frozenset())
        self.occasions = words.get("occasion", frozenset())  # "at the close of the seventh meeting"
        self.place_heads = words.get("place_head", frozenset())  # "la Ciudad de México": a place after an article
        self.host_verbs = words.get("host_verb", frozenset())
        self.end_verbs = words.get("end_verb", frozenset())
        self.dash = words.get("dash", frozenset())
        self.here_determiners = words.get("here_determiner", frozenset())
        self.here_nouns = words.get("here_noun", frozenset())
        self.country_city_nouns = words.get("country_city_noun", frozenset())  # "la ciudad de Belice"
        self.named_place_nouns = words.get("named_place_noun", frozenset())  # "la isla hondureña de Roatán"
        self.name_tails = words.get("name_tail", frozenset())
        suffixes = sorted(words.get("ordinal_suffix", ()), key=len, reverse=True)
        self.ordinal_suffix = re.compile(
            rf"^(\d{{1,3}})(?:{'|'.join(re.escape(x) for x in suffixes)})$" if suffixes else "(?!)"
        )
        # "before the 50th Regular Session": a deadline, not a meeting the release reports
        self.deadlines = [tuple(p.split()) for p in words.get("deadline", ())]
        self.place_preps = PhraseMatcher(nlp.vocab, attr="LOWER")
        for label, kind in (("PREP", "place_prep"), ("FROM", "place_from"), ("HOST", "place_host")):
            if words.get(kind):
                self.place_preps.add(label, [nlp.make_doc(t) for t in sorted(words[kind])])

        # exact-case names: document kinds and exact body names, one pass over the Doc
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.doc_kinds: set[str] = set()
        self.actions: dict[str, str] = {}
        doc_words: dict[str, frozenset[str]] = {}
        for row in read_patterns(lang, "event_documents.jsonl"):
            if row["kind"] == "document":
                self.exact.add(row["doc_kind"], [nlp.make_doc(t) for t in row["words"]])
                self.doc_kinds.add(row["doc_kind"])
            elif row["kind"] == "action":
                self.actions.update({w: row["action"] for w in row["words"]})
            else:
                doc_words[row["kind"]] = frozenset(row["words"])
        self.action_gap = doc_words.get("action_gap", frozenset())
        self.action_gap_stop = doc_words.get("action_gap_stop", frozenset())  # ends the gap though listed in it
        self.kind_anaphors = doc_words.get("kind_anaphor", frozenset())  # "this Declaration": named again
        demonym_rows = read_patterns(lang, "chair_demonyms.jsonl")
        demonyms = {w.lower() for row in demonym_rows for w in row["words"]}
        self.demonym_iso3 = {w.lower(): row["iso3"] for row in demonym_rows for w in row["words"]}
        self.generic_prefix = doc_words.get("generic_prefix", frozenset()) | frozenset(demonyms)
        self.name_inner = doc_words.get("name_inner", frozenset())
        self.name_stop = doc_words.get("name_stop", frozenset())
        self.office_heads = doc_words.get("office_head", frozenset())  # "Director of Migration Policy"
        self.office_links = doc_words.get("office_link", frozenset())
        self.doc_determiners = doc_words.get("determiner", frozenset())
        self.name_and = doc_words.get("name_and", frozenset())  # "Declaration and Plan of Action"
        self.year_links = doc_words.get("year_link", frozenset())  # "Roadmap for 2021-2022"
        self.title_after_kind = bool(doc_words.get("title_after_kind"))
        self.resolution_hashes = sorted_hashes(nlp.vocab, doc_words.get("resolution_word", ()))
        self.open_quotes = doc_words.get("open_quote", frozenset())
        self.close_quotes = doc_words.get("close_quote", frozenset())

        self.bodies = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.body_by_actor: dict[str, str] = {}
        self.anaphors: frozenset[str] = frozenset()  # "the mechanism", "el mecanismo"
        for row in _body_rows(lang):
            if row.get("anaphor"):
                self.anaphors |= frozenset(n.lower() for n in row["names"] if " " not in n)
            if not row.get("body"):
                continue
            self.bodies.add(row["body"], [nlp.make_doc(t) for t in row["names"]])
            if row.get("exact_names"):
                self.exact.add(f"BODY:{row['body']}", [nlp.make_doc(t) for t in row["exact_names"]])
            if row.get("actor"):
                self.body_by_actor[row["actor"]] = row["body"]
        # organs that hold sessions for their organisation: "the 49th Regular Session of the
        # General Assembly" is an OAS meeting; an organ is never the release's default body
        self.organ_bodies: set[str] = set()
        self.organ_names: set[str] = set()  # an organ's mention, not its body's own name, is no default
        for row in meeting_rows:
            if row["kind"] == "organ":
                self.bodies.add(row["body"], [nlp.make_doc(t) for t in row["names"]])
                self.organ_bodies.add(row["body"])
                self.organ_names.update(t.casefold() for t in row["names"])
        self.future_words = future_markers(lang)
        self.future_hashes = sorted_hashes(nlp.vocab, self.future_words)
        # "el Consejo celebrará en febrero una sesión especial": a future verb before the name
        self.future_suffixes = tuple(
            w
            for r in read_patterns(lang, "dates_patterns.jsonl")
            if r["kind"] == "words" and r["name"] == "future_suffix"
            for w in r["words"]
        )

    def annotate(self, doc: Doc) -> Doc:
        extensions.items(doc, "mirps_meetings")
        extensions.items(doc, "mirps_documents")
        if not len(doc):
            return doc
        mentions = date_mentions(doc)  # found by mirps_dates
        sents, sent_of = sentence_bounds(doc)
        actors = actor_spans(doc)
        strings = doc.vocab.strings
        exact = [(strings[m], s, e) for m, s, e in self.exact(doc)]
        kinds = [(key, s, e) for key, s, e in exact if key in self.doc_kinds]
        bodies = self._bodies(doc, [(key[5:], s, e) for key, s, e in exact if key.startswith("BODY:")], actors)
        doc._.mirps_meetings = self._meetings(doc, sents, sent_of, bodies, mentions, actors)
        doc._.mirps_documents = self._documents(doc, sents, sent_of, kinds)
        return doc

    # -- bodies ---------------------------------------------------------------------------
    def _bodies(
        self, doc: Doc, exact: list[tuple[str, int, int]], actors: list[tuple[int, int, str, str]]
    ) -> list[_Mention]:
        strings = doc.vocab.strings
        found = [(strings[m], s, e) for m, s, e in self.bodies(doc)] + exact
        found += [(self.body_by_actor[a[3]], a[0], a[1]) for a in actors if a[3] in self.body_by_actor]
        return [_Mention(s, e, key) for key, s, e in longest_matches(found)]

    # -- meetings -------------------------------------------------------------------------
    def _ordinal(self, token: Any, noun: Any | None = None) -> int | None:
        if _ROMAN_NUMERAL.match(token.text):
            return roman_value(token.text)
        if token.lower_ in self.ordinal_words:
            return self.ordinal_words[token.lower_]
        match = self.ordinal_suffix.match(token.lower_)
        if match:
            return int(match.group(1))
        # "la 52 Asamblea General de la OEA": a number right before a titled meeting noun
        cardinal = self.cardinal_ordinals and noun is not None and token.i == noun.i - 1 and noun.is_title
        if cardinal and token.is_digit and len(token) <= 3 and int(token.text) > 0:
            return int(token.text)
        return None

    def _meetings(
        self,
        doc: Doc,
        sents: list[tuple[int, int]],
        sent_of: list[int],
        bodies: list[_Mention],
        mentions: list[DateMention],
        actors: list[tuple[int, int, str, str]],
    ) -> list[dict[str, Any]]:
        body_at: dict[int, _Mention] = {}
        for span in bodies:
            for i in range(span.start, span.end):
                body_at[i] = span
        main_body = Counter(
            s.label_
            for s in bodies
            if s.label_ not in self.organ_bodies or doc[s.start : s.end].text.casefold() not in self.organ_names
        ).most_common(1)
        default_body = main_body[0][0] if main_body else None
        found: list[_Meeting] = []
        generic_places: list[tuple[int, str]] = []
        lowers = doc.to_array([LOWER])
        future_at = positions_of(lowers, self.future_hashes)
        context = _Context(
            dates={i for m in mentions for i in range(m.start, m.end)},
            countries={i for a in actors if a[2] == "COUNTRY" for i in range(a[0], a[1])},
            country_spans=[(a[0], a[1]) for a in actors if a[2] == "COUNTRY"],
            actors={i for a in actors for i in range(a[0], a[1])},
            here=self._dateline_place(doc, sents, mentions, actors),
            timed=frozenset(i for m in mentions if m.precision in ("day", "month") for i in range(m.start, m.end)),
        )
        for i in positions_of(lowers, self.meeting_noun_hashes):
            token = doc[i]
            lower = token.lower_
            if i in body_at:
                continue
            if i + 1 < len(doc) and lowers[i + 1] in self.meeting_noun_set:
                continue  # "Vice-Ministerial Meeting": the last noun heads the name
            lo, hi = sents[sent_of[token.i]]
            # "presentadas en la reunión, en Honduras hay …": a comma before the place starts a new clause
            after = doc[token.i + 1 : token.i + 3]
            new_clause = len(after) == 2 and after[0].text == "," and after[1].lower_ in self.venue_preps
            generic = lower in self.generic and token.i > lo and doc[token.i - 1].lower_ in self.determiners
            if generic and not new_clause:
                place = self._place_after(doc, token.i + 1, hi, context)
                if place:
                    generic_places.append((token.i, place))
            meeting = self._meeting_at(doc, token, lo, hi, body_at, bodies, default_body, context, future_at)
            if meeting is not None:
                found.append(meeting)
        found += self._numbered_bodies(doc, bodies, sents, sent_of, context)
        found.sort(key=lambda m: m.name_start)
        countries = {doc[a:b].text for a, b in context.country_spans}
        return self._merge_meetings(doc, found, generic_places, sents, sent_of, mentions, context.here, countries)

    def _meeting_at(
        self,
        doc: Doc,
        noun: Any,
        lo: int,
        hi: int,
        body_at: dict[int, _Mention],
        bodies: list[_Mention],
        default_body: str | None,
        context: _Context,
        future_at: list[int],
    ) -> _Meeting | None:
        start = noun.i
        ordinal = None
        body: str | None = None
        annual = False
        titled_modifiers = 0
        lower_modifiers = 0
        k = noun.i - 1
        while k >= lo:
            tok = doc[k]
            value = self._ordinal(tok, noun)
            if value is not None and not (k + 1 < noun.i and doc[k + 1].lower_ in self.format_modifiers):
                ordinal, start = self._with_tens(doc, k, lo, value)
                break
            if k in body_at:
                body = body_at[k].label_
                start = k = body_at[k].start
                k -= 1
                continue
            if tok.lower_ in self.modifiers:
                annual = annual or tok.lower_ in self.annual
                titled_modifiers += tok.is_title
                lower_modifiers += tok.lower_ in self.lowercase_modifiers
                start = k
                k -= 1
                continue
            named_before = self._ordinal_before_names(doc, k, lo, noun)
            if named_before is not None:  # "the IV CELAC-European Union Summit"
                ordinal, start = named_before
            break
        end = noun.i + 1
        # words after the noun that belong to the name: "Reunión Anual", "Cumbre Extraordinaria"
        while end < hi and doc[end].lower_ in self.post_modifiers:
            if doc[end].lower_ in self.name_links and not (
                end + 1 < hi
                and doc[end + 1].lower_ in self.post_modifiers
                and doc[end + 1].lower_ not in self.name_links
            ):
                break  # "de" joins "de Alto Nivel" to the name, but "de Jefes de Estado" is what it is of
            annual = annual or doc[end].lower_ in self.annual
            titled_modifiers += doc[end].is_title
            lower_modifiers += doc[end].lower_ in self.lowercase_modifiers
            end += 1
        # "Reunión Binacional Panamá-Colombia sobre …": the countries a meeting joins are in its name
        joined = end
        while joined < hi and (
            joined in context.countries
            or doc[joined].text in self.country_joins
            or self._joined_names(doc[joined].text)
        ):
            joined += 1
        last = joined - 1
        if (
            end < joined < hi
            and doc[joined].lower_ in self.name_links
            and (last in context.countries or self._joined_names(doc[last].text))
        ):
            end = joined
        named = False  # "Meeting on Children on the Move", "Meeting of the Quito Process"
        anaphoric = False  # "… of the bloc", "… del mecanismo": the release's own body
        if end < hi and doc[end].lower_ in self.name_links:
            j = end + 1
            while j < hi and doc[j].lower_ in self.determiners:
                j += 1
            if j in body_at and not (body_at[j].end < hi and doc[body_at[j].end].is_title):
                body = body_at[j].label_
                end = body_at[j].end
                named = True
            elif j < hi and doc[j].lower_ in self.anaphors and not doc[j].is_title:
                end = j + 1  # "the V Annual Meeting of the mechanism": the release's own body
                named = anaphoric = True
            elif j < hi and (doc[j].is_title or doc[j].is_upper):
                while j < hi and (
                    doc[j].is_title
                    or doc[j].is_upper
                    or doc[j].lower_ in self.meeting_name_inner
                    or j in body_at
                    or self._before_body(doc, j, hi, body_at)
                ):
                    if j in body_at:
                        body = body or body_at[j].label_
                    j += 1
                end = j
                named = True
                link = j - 1
                while link > noun.i and doc[link].lower_ in self.determiners:
                    link -= 1  # "Summit of Presidents of the bloc"
                if j < hi and doc[j].lower_ in self.anaphors and doc[link].lower_ in self.name_links:
                    end, anaphoric = j + 1, True  # "Cumbre de Presidentes del bloque": the release's body
            elif j < hi and noun.is_lower and doc[j].is_lower and doc[j].is_alpha:
                end = j + 1  # "virtual meeting of members"
                stops = self.place_gap | self.reported | self.name_links | self.venue_preps | self.clause_stop
                while end < hi and end - j < 3 and doc[end].is_lower and doc[end].is_alpha:
                    if doc[end].lower_ in stops:
                        break
                    end += 1  # "technical meeting on asylum capacity scheduled for June"
                if self._of_participants(doc, noun, end):
                    end, of_body = self._participants_end(doc, end, hi, body_at)
                    body = body or of_body  # "la cumbre de jefes de Estado y de Gobierno del SICA"
            tail = end
            while end < hi and end - tail < 2 and tail - 1 in body_at and doc[end].lower_ in self.name_tails:
                end += 1  # "of the SICA member countries"
            if end + 2 < hi and doc[end].text == "(" and doc[end + 2].text == ")":
                if end + 1 in body_at:
                    body = body or body_at[end + 1].label_
                end += 3
        while end > noun.i + 1 and doc[end - 1].lower_ in self.meeting_name_inner:
            end -= 1
        titled = noun.is_title or noun.is_upper
        if ordinal is None:
            # "the MIRPS Solidarity Event": a titled name with its body before the noun is the body's own
            own = titled and body is not None and titled_modifiers > 0 and start < noun.i
            if noun.lower_ in self.needs_ordinal and not annual and not own:
                return None
            if titled:
                # "Regional Technical Meeting", "MIRPS Annual Meeting"; not a bare "Meeting"
                if body is None and not titled_modifiers and not (named and start < noun.i) and not anaphoric:
                    return None
            elif annual:
                body = body or next((b.label_ for b in bodies if lo <= b.start < hi), None)
                if body is None and anaphoric:
                    body = default_body  # "la reunión anual del mecanismo": the release's own body
                if body is None:
                    return None
            elif noun.lower_ in self.lowercase_nouns and named and anaphoric and end > noun.i + 2:
                pass  # "la reunión del Consejo de Ministros del mecanismo": a named organ of the body
            elif noun.lower_ in self.lowercase_nouns and body is not None and not anaphoric and not lower_modifiers:
                # "the SICA summit will be held on Thursday in Costa Rica", "la cumbre del SICA, que se
                # celebrará el próximo jueves": the body's meeting, when its place or day is stated
                inner = any(doc[k].lower_ in self.meeting_nouns for k in range(noun.i + 1, end))
                if inner or not self._held_when_or_where(doc, start, end, lo, hi, context):
                    return None  # "the closing session of the VIII Annual Meeting": a part of it
            elif not (
                (noun.lower_ in self.lowercase_nouns and lower_modifiers)
                or (noun.lower_ not in self.needs_ordinal and self._of_participants(doc, noun, end))
            ):
                return None  # "the meeting", "the high-level session"
            elif not (
                end > noun.i + 1
                or (end < hi and doc[end].lower_ in self.reported)
                # "a ministerial meeting in Lima", "su próxima cumbre se celebrará en Kingston": its place
                or self._place_after(doc, end, hi, context) is not None
            ):
                return None  # "at its next regular meeting": no body, not reported as held
        elif not titled and start == noun.i:
            return None
        elif (
            not titled
            and start >= lo + 2
            and doc[start - 1].lower_ in self.determiners
            and doc[start - 2].lower_ in self.name_links
            and not (start >= lo + 3 and doc[start - 3].lower_ in self.occasions)
        ):
            return None  # "resolution … of the 49th regular session of the General Assembly": a qualifier
        virtual = self._virtual(doc, start, end, lo, hi)
        place = self._place_after(doc, end, hi, context, only_from=virtual)
        if not virtual:
            place = place or self._place_before(doc, start, lo, context) or self._host_before(doc, start, lo, context)
            place = place or self._aside_place(doc, start, lo, context)
        tail = next((k for k in range(end - 2, noun.i, -1) if doc[k].lower_ in self.venue_preps), None)
        if place is None and tail is not None and tail + 1 not in body_at and self._run_end(doc, tail + 1, hi) == end:
            place, end = doc[tail + 1 : end].text, tail  # no place beside it: "una reunión del Consejo en Quito"
        if place is None and self._after_deadline(doc, start, lo):
            return None  # a deadline with no place: the meeting is not reported, only named
        if (
            ordinal is None
            and not titled
            and place is None
            and not virtual
            and self._only_proposed(doc, noun.i, lo, hi, context)
        ):
            return None  # "she would convene a special meeting of the Council": neither where nor when
        if body is None:  # "The General Assembly of the OAS, at its 52nd Regular Session"
            body = next((b.label_ for b in bodies if lo <= b.start < hi and b.label_ in self.organ_bodies), None)
        if body is None:
            body = default_body
        k = bisect_left(future_at, lo)
        future = k < len(future_at) and future_at[k] < start
        # "The next meeting of ministers will be held in …": a coming meeting by its own name or verb
        future = future or any(t.lower_ in self.future_words for t in doc[start : min(hi, end + 3)])
        future = future or any(
            len(t) > 4 and t.is_alpha and t.lower_.endswith(self.future_suffixes)
            for t in doc[max(lo, start - _FUTURE_VERB_BEFORE) : start]
        )
        days = max(
            (
                int(doc.vocab.strings[m])
                for m, s, _ in self.durations(doc[lo:hi])
                if start - 4 <= s <= end + _DURATION_AFTER
            ),
            default=1,
        )
        return _Meeting(start, end, ordinal, body, place, None, future, virtual, days)

    def _of_participants(self, doc: Doc, noun: Any, end: int) -> bool:
        """"a meeting of ministers", "la cumbre de jefes de Estado": who meets names the meeting."""
        return any(doc[k].lower_ in self.participants for k in range(noun.i + 2, min(end, noun.i + 4)))

    def _participants_end(self, doc: Doc, end: int, hi: int, body_at: dict[int, _Mention]) -> tuple[int, str | None]:
        """Where "a meeting of ministers" ends when its participants are qualified by capitalised
        words, a body or the release's own body ("de Relaciones Exteriores", "del Interior del
        bloque", "de Estado y de Gobierno del SICA"); never across "in"/"en" (its place)."""
        body = None
        k = end
        while k < hi:
            if k in body_at:
                body = body or body_at[k].label_
                k = end = body_at[k].end
            elif self._named_word(doc[k]) or (
                doc[k].lower_ in self.anaphors and doc[k - 1].lower_ not in self.venue_preps
            ):
                k = end = k + 1
            elif doc[k].lower_ in self.meeting_name_inner and doc[k].lower_ not in self.venue_preps:
                k += 1  # a small word joins only what follows it
            else:
                break
        return end, body

    def _held_when_or_where(self, doc: Doc, start: int, end: int, lo: int, hi: int, context: _Context) -> bool:
        """Does the sentence say where or on which day a meeting is held?"""
        return bool(
            (end < hi and doc[end].lower_ in self.reported)
            or self._place_after(doc, end, hi, context)
            or self._place_before(doc, start, lo, context)
            or any(i in context.timed for i in range(lo, hi))
        )

    def _named_word(self, token: Any) -> bool:
        """A capitalised word of a name ("Relaciones", "Estado"), not a month ("en Junio")."""
        return bool(token.is_alpha and (token.is_title or token.is_upper) and token.lower_ not in self.month_words)

    def _only_proposed(self, doc: Doc, start: int, lo: int, hi: int, context: _Context) -> bool:
        """An unnamed meeting someone will or would convene, with no day or month in its sentence:
        an intention, not a reported meeting ("propondrá una sesión especial del Consejo")."""
        before = doc[lo:start]
        coming = any(
            t.lower_ in self.future_words
            or t.lower_ in self.proposals
            or (len(t) > 4 and t.is_alpha and t.lower_.endswith(self.future_suffixes))
            for t in before
        )
        return coming and not any(i in context.timed or doc[i].lower_ in self.month_words for i in range(lo, hi))

    def _with_tens(self, doc: Doc, k: int, lo: int, value: int) -> tuple[int, int]:
        """A unit ordinal at ``k`` with its tens before it, joined by a hyphen or not ("Forty-Ninth",
        "cuadragésima novena"): (the whole ordinal, its first token)."""
        j = k - 1
        if j > lo and doc[j].text == "-" and not doc[j].whitespace_ and not doc[j - 1].whitespace_:
            j -= 1
        if value < 10 and j >= lo and j < k and doc[j].lower_ in self.ordinal_tens:
            return self.ordinal_tens[doc[j].lower_] + value, j
        return value, k

    def _numbered_bodies(
        self, doc: Doc, bodies: list[_Mention], sents: list[tuple[int, int]], sent_of: list[int], context: _Context
    ) -> list[_Meeting]:
        """A body's name after an ordinal is one of its meetings: "the 24th Regional Conference on
        Migration was held in Guatemala City", "la XXIV Conferencia Regional sobre Migración", "the XXI
        Andean Presidential Council" (an organ's numbered session)."""
        found = []
        for body in bodies:
            lo, hi = sents[sent_of[body.start]]
            # a body with organs is numbered through an organ's own name: "el XIX Consejo Presidencial Andino"
            organ = doc[body.start : body.end].text.casefold() in self.organ_names
            if body.start - 1 < lo or (body.label_ in self.organ_bodies and not organ):
                continue
            before = doc[body.start - 1]
            ordinal = None if before.is_alpha and before.is_lower else self._ordinal(before)  # not "the first SICA"
            if ordinal is None or not (doc[body.start].is_title or doc[body.start].is_upper):
                continue
            ordinal, start = self._with_tens(doc, body.start - 1, lo, ordinal)
            end = body.end
            if end + 2 < hi and doc[end].text == "(" and doc[end + 2].text == ")":
                end += 3  # "the 24th Regional Conference on Migration (RCM)"
            virtual = self._virtual(doc, start, end, lo, hi)
            place = self._place_after(doc, end, hi, context, only_from=virtual)
            if not virtual:
                place = place or self._place_before(doc, start, lo, context)
                place = place or self._host_before(doc, start, lo, context)
                place = place or self._aside_place(doc, start, lo, context)
            found.append(_Meeting(start, end, ordinal, body.label_, place, None, False, virtual))
        return found

    def _joined_names(self, text: str) -> bool:
        """ "Panamá-Colombia" kept as one token: capitalised names joined by a dash."""
        for join in self.country_joins:
            parts = text.split(join)
            if len(parts) > 1 and all(p[:1].isupper() for p in parts):
                return True
        return False

    def _ordinal_before_names(self, doc: Doc, k: int, lo: int, noun: Any) -> tuple[int, int] | None:
        """An ordinal before a few capitalised words joined by hyphens ("IV CELAC-European Union
        Summit"): (ordinal, its token)."""
        if not (noun.is_title or noun.is_upper):
            return None
        j = k
        while j >= lo and k - j < 6 and (doc[j].is_title or doc[j].is_upper or doc[j].text in self.country_joins):
            value = self._ordinal(doc[j], noun)
            if value is not None and j < k:
                return value, j
            j -= 1
        return None

    def _before_body(self, doc: Doc, j: int, hi: int, body_at: dict[int, _Mention]) -> bool:
        """A lower-case word that leads to a body: "… de Gobierno de los países del SICA"."""
        if not doc[j].is_alpha or not doc[j].is_lower:
            return False
        k = j + 1
        while k < min(hi, j + 4) and doc[k].lower_ in self.meeting_name_inner:
            k += 1
        return k > j + 1 and k in body_at

    def _virtual(self, doc: Doc, start: int, end: int, lo: int, hi: int) -> bool:
        """ "held virtually", "First Virtual Annual Meeting", "en formato virtual": no place."""
        return any(doc[k].lower_ in self.virtual for k in range(max(lo, start - 3), min(hi, end + 12)))

    def _after_deadline(self, doc: Doc, start: int, lo: int) -> bool:
        """ "to report to the Council before the 50th Regular Session" """
        k = start
        while k > lo and doc[k - 1].lower_ in self.determiners:
            k -= 1
        for words in self.deadlines:
            n = len(words)
            if k - n >= lo and tuple(t.lower_ for t in doc[k - n : k]) == words:
                return True
        return False

    def _place_after(self, doc: Doc, i: int, hi: int, context: _Context, only_from: bool = False) -> str | None:
        """The place stated after a meeting's name: "in Mexico City", ", held December 4–5 in Belize
        City", ", held at the headquarters of the Organization in Washington, D.C.", ", which
        Panama will host", "celebrada en Ciudad de México", "hosted by Brazil". A virtual meeting
        (``only_from``) has a place only where it was held from ("held virtually from Santiago")."""
        limit = min(hi, i + _PLACE_WINDOW)
        preps = {s: (label, e) for label, s, e in sorted(self._place_preps(doc, i, limit), key=lambda m: (m[1], m[2]))}
        host: str | None = None
        k = i
        while k < limit:
            tok = doc[k]
            if k in preps:
                label, e = preps[k]
                if only_from and label != "FROM":
                    k = e
                    continue
                if label == "HOST":
                    host_name = self._title_run(doc, e, hi) or self._country_at(doc, e, context)
                    city = self._run_end(doc, e, hi)
                    inner = next((p for s, p in preps.items() if s == city and p[0] == "PREP"), None)
                    if host_name and inner is not None:  # "hosted by Honduras in Tegucigalpa"
                        return self._title_run(doc, inner[1], hi) or host_name
                    return host_name
                here = None if only_from else self._here_place(doc, e, limit, context)
                if here:
                    return here
                head = next((t for t in range(k, e) if doc[t].text in self.place_heads), None)
                place = self._title_run(doc, head if head is not None else e, hi)  # "en la Ciudad de México"
                if place:
                    return place
                if e + 1 < limit and doc[e].lower_ in self.determiners and doc[e + 1].text in self.place_heads:
                    return self._title_run(doc, e + 1, hi)  # "en la Ciudad de México"
                if e < limit and doc[e].lower_ in self.determiners:
                    # "in the Simón Bolívar Room of … in Washington"
                    k = self._skip_venue(doc, e, limit, preps, context)
                    continue
                k = e
                continue
            if k in context.countries and not only_from:
                span = next(sp for sp in context.country_spans if sp[0] <= k < sp[1])
                after = span[1]
                while (
                    after < limit and doc[after].lower_ in self.place_gap and doc[after].lower_ not in self.host_verbs
                ):
                    after += 1
                if after < limit and doc[after].lower_ in self.host_verbs:
                    host = host or doc[span[0] : span[1]].text  # ", which Panama will host"
                k = span[1]
                continue
            if tok.lower_ in self.place_inner and not only_from:
                here = self._here_place(doc, k + 1, limit, context)
                if here:  # "en el Palacio Nacional de esta ciudad"
                    return here
            if tok.lower_ in self.venue_preps and k + 1 < limit and doc[k + 1].lower_ in self.determiners:
                k = self._skip_venue(doc, k + 1, limit, preps, context)
                if k >= limit:
                    return self._last_listed(doc, i, hi) or (None if only_from else host)
                continue
            if tok.lower_ in self.host_verbs:
                if host is None and not only_from:
                    host = self._first_country(doc, context, i, hi)  # "the sixth annual meeting, which it will host"
                k += 1
                continue
            if tok.text == "," and k + 1 < limit and doc[k + 1].lower_ in self.determiners:
                # an apposition: "The next meeting of the Group, the first under the Guatemalan
                # presidency, will be held in Guatemala City"
                close = next((j for j in range(k + 2, limit) if doc[j].text == ","), None)
                if close is not None and not any(preps.get(j, ("",))[0] == "PREP" for j in range(k + 1, close)):
                    k = close + 1
                    continue
            if (
                tok.lower_ in self.place_gap
                or tok.lower_ in self.anaphors  # "of the bloc held in this capital"
                or tok.lower_ in self.virtual
                or k in context.dates
                or k in context.actors
                or tok.like_num
                or tok.text[:1].isdigit()  # "at 10:00 a.m."
            ):
                k += 1
                continue
            if tok.text == "(":  # "(GMT-6)", "(CAM)"
                close = next((j for j in range(k + 1, min(limit, k + 6)) if doc[j].text == ")"), None)
                if close is not None:
                    k = close + 1
                    continue
            break
        return None if only_from else host

    def _here_place(self, doc: Doc, i: int, limit: int, context: _Context) -> str | None:
        """The place a phrase pointing at a city names: "this capital", "the city", "esta capital",
        "esta ciudad" (the dateline's city); "the Costa Rican capital", "la capital uruguaya" (the
        capital of the country the demonym names, else the dateline's city); "the Chilean city of
        Puerto Varas", "la ciudad chilena de Puerto Varas" (the name after it)."""
        if i + 1 >= limit or doc[i].lower_ not in self.here_determiners:
            return None
        k = i + 1
        nouns = self.here_nouns | self.named_place_nouns
        while k < limit and k - i <= 3 and doc[k].is_title and doc[k].lower_ not in nouns:
            k += 1  # "the Costa Rican capital"
        if not (k < limit and doc[k].lower_ in nouns):
            return None
        noun, after = k, k + 1
        demonym = self.demonym_iso3.get(doc[i + 1 : k].text.lower()) if k > i + 1 else None
        if demonym is None and after < limit and doc[after].lower_ in self.demonym_iso3:
            demonym, after = self.demonym_iso3[doc[after].lower_], after + 1  # "la capital uruguaya"
        if after + 1 < limit and doc[after].lower_ in self.place_inner:
            named = self._title_run(doc, after + 1, limit)
            if named and (demonym is not None or (after + 1) not in context.countries):
                # "la ciudad chilena de Puerto Varas", "la isla hondureña de Roatán", "la ciudad de Quito"
                return named
            if named and demonym is None and doc[noun].lower_ in self.country_city_nouns:
                # "celebrada en la ciudad de Belice": the city named like its country, not the dateline's
                return doc[noun : after + 1 + len(named.split())].text
        if doc[noun].lower_ not in self.here_nouns:
            return None  # "the island" alone names no place
        if demonym is not None:
            capital = self.capitals.get(demonym) if doc[noun].lower_ == "capital" else None
            return capital or context.here
        if k > i + 1 and doc[i].lower_ in self.here_demonstratives:
            return None
        return context.here

    def _first_country(self, doc: Doc, context: _Context, i: int, hi: int) -> str | None:
        """The country a sentence is about (its first), for a pronoun host: "which it will host"."""
        sents, sent_of = sentence_bounds(doc)
        lo = sents[sent_of[min(i, len(doc) - 1)]][0]
        spans = [sp for sp in context.country_spans if lo <= sp[0] < i]
        return doc[spans[0][0] : spans[0][1]].text if spans else None

    def _last_listed(self, doc: Doc, i: int, hi: int) -> str | None:
        """ "at the Hotel Las Américas, Avenida Balboa 1420, Panama City.": an address ends with
        its city, the last capitalised part after a comma at the end of the sentence."""
        end = hi
        while end > i and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        k = end - 1
        while k > i and doc[k].text != ",":
            k -= 1
        if k <= i or k > end - 1:
            return None
        run = self._run_end(doc, k + 1, end)
        return doc[k + 1 : end].text if run == end and end > k + 1 else None

    def _host_before(self, doc: Doc, start: int, lo: int, context: _Context) -> str | None:
        """ "Guatemala will host the XXIX Vice-Ministerial Meeting": the host country is the place."""
        k = start - 1
        while k >= lo and doc[k].lower_ in self.determiners:
            k -= 1
        if k > lo and doc[k].lower_ in self.place_inner and doc[k - 1].lower_ in self.host_verbs:
            k -= 1  # "Belice … será sede de la próxima reunión"
        if k < lo or doc[k].lower_ not in self.host_verbs:
            return None
        countries = [sp for sp in context.country_spans if lo <= sp[0] < k]
        return doc[countries[-1][0] : countries[-1][1]].text if countries else None

    def _place_preps(self, doc: Doc, i: int, limit: int) -> list[tuple[str, int, int]]:
        strings = doc.vocab.strings
        # a Matcher run on a Span reports Doc offsets
        return [(strings[m], s, e) for m, s, e in self.place_preps(doc[i:limit])] if limit > i else []

    def _skip_venue(
        self, doc: Doc, k: int, limit: int, preps: dict[int, tuple[str, int]], context: _Context
    ) -> int:
        """The end of a venue ("the Simón Bolívar Room of the main building of the OAS"): the next
        place preposition, unless a clause or the window ends first."""
        stop = min(limit, k + _VENUE_LENGTH)
        j = k
        while j < stop:
            if j in preps:
                return j
            if doc[j].lower_ in self.clause_stop or doc[j].text in {";", ".", ":"}:
                return limit
            if doc[j].lower_ in self.place_inner and self._here_place(doc, j + 1, limit, context):
                return j  # "el Palacio Nacional de esta ciudad": the venue ends where the city starts
            j += 1
        return limit

    def _place_before(self, doc: Doc, start: int, lo: int, context: _Context) -> str | None:
        """ "met in Panama City on Thursday for the third Regional Dialogue", "se reunieron en
        Ciudad de Guatemala para la VII Reunión": the place stated just before the name."""
        k = start
        while k > lo:
            if doc[k - 1].lower_ in self.before_gap or (k - 1) in context.dates:
                k -= 1
                continue
            # a segment of the meeting between the place and its name: "en San Salvador, durante el
            # segmento de alto nivel de solidaridad de la IX Reunión Anual"
            segment = next((j for j in range(k - 1, max(lo, k - 8) - 1, -1) if doc[j].lower_ in self.segments), None)
            if segment is None or not all(t.is_alpha and t.is_lower for t in doc[segment:k]):
                break
            k = segment
            while k > lo and doc[k - 1].lower_ in self.modifiers | self.post_modifiers:
                k -= 1  # "the high-level segment"
        while k < start and doc[k].text == ",":
            k += 1  # the gap starts after the comma that closes the place
        if k == start:
            return None
        for label, _, e in sorted(self._place_preps(doc, lo, k), key=lambda m: -m[1]):
            if label != "PREP":
                continue
            place = self._title_run(doc, e, k)
            j = self._run_end(doc, e, k)
            while place and j + 1 < k and doc[j].text == "," and self._run_end(doc, j + 1, k) > j + 1:
                j = self._run_end(doc, j + 1, k)  # "en Heredia, Costa Rica, en la clausura de la …"
            if place and j + 2 < k and doc[j].text == "(" and self._run_end(doc, j + 1, k) > j + 1:
                close = self._run_end(doc, j + 1, k)
                if close < k and doc[close].text == ")":
                    j = close + 1  # "en San José (Costa Rica), en la reunión anual del mecanismo"
            if j < k and doc[j].text == ",":
                j += 1
            if place and j == k:
                return doc[e : self._run_end(doc, e, k)].text
            here_end = self._here_end(doc, e, k)
            if here_end is not None and here_end + 1 == k and doc[here_end].text == ",":
                here_end = k  # "in the Jamaican town of Ocho Rios, for a technical session"
            if not place and here_end == k:
                # "gathered in the Guatemalan capital for the XXXIII Vice-Ministerial Meeting"
                return self._here_place(doc, e, k, context)
        return None

    def _aside_place(self, doc: Doc, start: int, lo: int, context: _Context) -> str | None:
        """A place set off by commas earlier in the meeting's sentence: "received yesterday, in
        Cartagena de Indias, the Pro Tempore Presidency …, during the XXI Andean Presidential
        Council", "recibió ayer, en la Ciudad de Guatemala, la Presidencia … al cierre de la IV
        Reunión Anual". Not a country ("en Honduras"): a country is where, not the city it was in."""
        for label, s, e in self._place_preps(doc, lo, start):
            if label != "PREP" or s == lo or doc[s - 1].text != ",":
                continue
            j = self._run_end(doc, e, start)
            while j < start and doc[j].is_lower and len(doc[j]) <= 3 and j + 1 < start and doc[j + 1].is_title:
                j = self._run_end(doc, j + 1, start)  # "Cartagena de Indias" in an English sentence
            while e < j and doc[e].lower_ in self.determiners:
                e += 1  # "en la Ciudad de Guatemala": the place without its article
            if j == e or j >= start or doc[j].text != "," or any(k in context.countries for k in range(e, j)):
                continue
            return doc[e:j].text
        return None

    def _here_end(self, doc: Doc, i: int, limit: int) -> int | None:
        """Where a phrase pointing at a city ("the Guatemalan capital", "esta ciudad", "la capital
        uruguaya") that starts at ``i`` ends, or None."""
        if i >= limit or doc[i].lower_ not in self.here_determiners:
            return None
        k = i + 1
        nouns = self.here_nouns | self.named_place_nouns
        while k < limit and k - i <= 3 and doc[k].is_title and doc[k].lower_ not in nouns:
            k += 1
        if not (k < limit and doc[k].lower_ in nouns):
            return None
        named = doc[k].lower_ not in self.here_nouns
        k += 1
        if k < limit and doc[k].lower_ in self.demonym_iso3:
            k += 1
        if k + 1 < limit and doc[k].lower_ in self.place_inner and doc[k + 1].is_title:
            return self._run_end(doc, k + 1, limit)  # "la isla hondureña de Roatán"
        return None if named else k

    def _run_end(self, doc: Doc, i: int, hi: int) -> int:
        j = i
        while j < hi and self._in_place(doc, j, hi):
            j += 1
        while j > i and doc[j - 1].lower_ in self.place_inner:
            j -= 1
        return j

    def _in_place(self, doc: Doc, j: int, hi: int) -> bool:
        tok = doc[j]
        if tok.text in self.place_stop:
            return False
        if (tok.is_title or tok.is_upper) and tok.is_alpha:
            return True
        if tok.text in self.place_abbreviations:
            return True
        # "Ciudad de Guatemala", "Port of Spain": a small word between capitalised ones
        return (
            tok.lower_ in self.place_inner
            and j + 1 < hi
            and doc[j + 1].is_title
            and doc[j + 1].text not in self.place_stop
        )

    def _country_at(self, doc: Doc, i: int, context: _Context) -> str | None:
        span = next((sp for sp in context.country_spans if sp[0] == i), None)
        return doc[span[0] : span[1]].text if span else None

    def _title_run(self, doc: Doc, i: int, hi: int) -> str | None:
        j = self._run_end(doc, i, hi)
        if j == i:
            return None
        end = j
        # "Washington, D.C.", "San José, Costa Rica": a second part after a comma
        if j + 1 < hi and doc[j].text == "," and doc[j + 1].text in self.place_abbreviations:
            end = j + 2
        return doc[i:end].text

    def _dateline_place(
        self,
        doc: Doc,
        sents: list[tuple[int, int]],
        mentions: list[DateMention],
        actors: list[tuple[int, int, str, str]],
    ) -> str | None:
        """The city of the release's dateline ("Guatemala City, August 12, 2021.", "BELMOPAN –",
        "Ciudad de Guatemala, 24 de enero de 2024.–", "GUATEMALA CITY (HPA) —"), or a lede
        opening "Today in Washington, …": where a meeting reported that day took place. A
        dateline on a line of its own was read by ingestion ("Quito, 30 de junio de 2028"); an
        organisation heading the page ("ACNUR – Agencia de la ONU …") is no dateline."""
        stored = getattr(doc._, "mirps_dateline_place", None)
        if stored:
            return str(stored)
        date_at = {m.start: m.end for m in mentions}
        organisations = {a[0] for a in actors if a[2] != "COUNTRY"}
        for lo, hi in sents[:_LEDE_SENTENCES]:
            i = lo
            while i < hi and doc[i].is_space:
                i += 1
            j = self._run_end(doc, i, hi) if i not in date_at and i not in organisations else i
            if j > i:
                end = j
                k = j
                while (
                    k + 1 < hi and doc[k].text == "," and k + 1 not in date_at and self._run_end(doc, k + 1, hi) > k + 1
                ):
                    end = k = self._run_end(doc, k + 1, hi)  # "San José, Costa Rica"; not "Tegucigalpa, Apr 9"
                # a date may swallow a place's last word: "Santo Domingo, 30 de junio" read as a Sunday
                covered = next((m.end for m in mentions if m.start <= k + 1 < m.end and m.start > i), None)
                if k < hi and doc[k].text == "," and covered is not None:
                    k = covered
                    if k < hi and doc[k].text[:1].isdigit() and doc[k].text[-1] in _DASH_CHARS:
                        return doc[i:end].text  # a year glued to its dash: "de 2019.-"
                if k < hi and doc[k].text == "(":
                    close = next(
                        (c for c in range(k + 1, min(hi, k + 4)) if doc[c].text[:1] == ")" or ")" in doc[c].text), None
                    )
                    if close is not None:
                        if doc[close].text[-1] in _DASH_CHARS:
                            return doc[i:end].text  # "(EFE).-" in one token
                        k = close + 1  # "(ACNUR)", "(HPA)"
                        if k < hi and doc[k].is_title and doc[k - 1].whitespace_:
                            return doc[
                                i:end
                            ].text  # Prensa Latina: "San José, 5 de diciembre de 2025 (PL) El canciller"
                while k < hi and doc[k].text in {".", ")"}:
                    k += 1
                # a dash set off by a space, or glued to a full stop (".–"); not "Vice-ministers"
                glued = doc[k - 1].whitespace_ or doc[k - 1].text in {".", ")"} or (k < hi and doc[k].text[:1] == ".")
                if (k < hi and doc[k].text in self.dash and glued) or (k > j and doc[k - 1].text == "."):
                    return doc[i:end].text
            # "Today in Washington, Canada handed over …"
            k = i
            while k < hi and (k in date_at or doc[k].lower_ in self.before_gap):
                k = date_at.get(k, k + 1)
            preps = self._place_preps(doc, k, min(hi, k + 4))
            prep = next((p for p in preps if p[1] == k and p[0] == "PREP"), None)
            if prep is not None:
                j = self._run_end(doc, prep[2], hi)
                if j > prep[2] and j < hi and doc[j].text == ",":
                    return doc[prep[2] : j].text
        return None

    def _merge_meetings(
        self,
        doc: Doc,
        found: list[_Meeting],
        generic_places: list[tuple[int, str]],
        sents: list[tuple[int, int]],
        sent_of: list[int],
        mentions: list[DateMention],
        context_here: str | None,
        countries: set[str] | None = None,
    ) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        meetings: list[_Meeting] = []
        first_sentence: list[int] = []
        # A headline's "Virtual MIRPS Meeting" is the meeting the body reports, not another one.
        headline = [m for m in found if sent_of[m.name_start] == 0 and m.ordinal is None]
        found = [m for m in found if m not in headline] + headline
        for m in found:
            same = next((k for k, it in enumerate(items) if self._same_meeting(doc, it, m)), None)
            if same is None and m in headline:
                same = next((k for k, it in enumerate(items) if it["body"] == m.body), None)
            # a date after another meeting named later in the sentence is that meeting's
            bound = min((o.name_start for o in found if o.name_start >= m.name_end), default=len(doc))
            date = self._meeting_date(doc, m, sents[sent_of[m.name_start]], mentions, bound)
            if same is not None:
                item = items[same]
                if item["ordinal"] is None and m.ordinal is not None:
                    item["ordinal"] = m.ordinal
                    item["name"] = doc[m.name_start : m.name_end].text
                    item["start"], item["end"] = (
                        doc[m.name_start].idx,
                        doc[m.name_end - 1].idx + len(doc[m.name_end - 1]),
                    )
                fuller = m.name_end - m.name_start > len(item["name"].split())
                if item["ordinal"] is None and m.ordinal is None and fuller:
                    item["name"] = doc[m.name_start : m.name_end].text  # the fuller name of the same meeting
                item["place"] = item["place"] or m.place
                item["date"] = item["date"] or date
                meetings[same].virtual = meetings[same].virtual or m.virtual
                continue
            items.append(
                {
                    "name": doc[m.name_start : m.name_end].text,
                    "ordinal": m.ordinal,
                    "body": m.body,
                    "place": m.place,
                    "date": date,
                    "start": doc[m.name_start].idx,
                    "end": doc[m.name_end - 1].idx + len(doc[m.name_end - 1]),
                }
            )
            meetings.append(m)
            first_sentence.append(sent_of[m.name_start])
        if items:
            main = items[0]
            # "Costa Rica … brought together … for a Regional Technical Meeting. The meeting, held in San
            # José, …": the city a later "the meeting" names is more precise than the host country
            countries = countries or set()
            if (main["place"] is None or main["place"] in countries) and generic_places:
                host = main["place"]
                later = (p for i, p in generic_places if doc[i].idx > main["start"] and not (host and p in countries))
                main["place"] = next(later, None) or host
            if main["date"] is None and not meetings[0].future and first_sentence[0] < _LEDE_SENTENCES:
                last = doc[sents[min(_LEDE_SENTENCES, len(sents)) - 1][1] - 1]
                # the dateline's own date is the release's, not the meeting's: "San Salvador, 8 de
                # diciembre de 2025.– El Salvador recibió el pasado jueves 4 de diciembre …"
                story = [m for m in mentions if not self._is_dateline_date(doc, m, sents, sent_of)]
                lede = first_day_date(story, last.idx + len(last))
                if lede is not None:
                    if lede.value is None and lede.reason:
                        extensions.warn(doc, f"meeting: {lede.reason}")
                    main["date"] = lede.value
            if main["place"] is None and not meetings[0].virtual and self._held_near_release(main["date"], doc):
                main["place"] = context_here
        return items

    def _is_dateline_date(
        self, doc: Doc, mention: DateMention, sents: list[tuple[int, int]], sent_of: list[int]
    ) -> bool:
        """A date right after a place that opens one of the first sentences ("Tegucigalpa, 19 nov")."""
        n = sent_of[mention.start]
        if n >= _LEDE_SENTENCES:
            return False
        lo = sents[n][0]
        words = [t for t in doc[lo : mention.start] if not t.is_space]
        return (
            len(words) >= 2
            and words[-1].text == ","
            and (words[0].is_title or words[0].is_upper)
            and all(self._dateline_word(t) for t in words)
        )

    def _dateline_word(self, token: Any) -> bool:
        """A word of a dateline's place part ("Ciudad de Guatemala,", "Washington, D.C.,")."""
        return (
            token.is_title
            or token.is_upper
            or token.text == ","
            or token.lower_ in self.place_inner
            or token.text in self.place_abbreviations
        )

    @staticmethod
    def _held_near_release(day: str | None, doc: Doc) -> bool:
        """Was a meeting dated ``day`` held within a few days of the release (so at its dateline)?"""
        published = getattr(doc._, "mirps_published", None)
        if not day or not published:
            return False
        try:
            gap = (date.fromisoformat(published[:10]) - date.fromisoformat(day)).days
        except ValueError:
            return False
        return 0 <= gap <= _LEDE_PLACE_DAYS

    def _same_meeting(self, doc: Doc, item: dict[str, Any], m: _Meeting) -> bool:
        """Two mentions of one meeting: the same ordinal and body, or the same name; a titled
        name without ordinal ("the MIRPS Annual Meeting") joins the ordinal one whose name has its words."""
        if item["body"] != m.body:
            return False
        if m.ordinal is not None and item["ordinal"] is not None:
            return bool(m.ordinal == item["ordinal"])
        name = doc[m.name_start : m.name_end].text
        if m.ordinal is None and item["ordinal"] is None:
            # "la reunión de alto nivel de la Plataforma" and, later, its full name
            short, long_ = sorted((name.lower().split(), item["name"].lower().split()), key=len)
            return long_[: len(short)] == short
        if m.ordinal is None and doc[m.name_end - 1].is_title:
            return set(name.lower().split()) <= set(item["name"].lower().split())
        return False

    def _meeting_date(
        self, doc: Doc, m: _Meeting, sent: tuple[int, int], mentions: list[DateMention], bound: int
    ) -> str | None:
        """The day a meeting was held: the first day-precise date after its name in the sentence
        (", held on 7 and 8 November", "which opens tomorrow"), else the nearest one before it
        ("today, at the closing of the II Annual Meeting"); "concluded today a two-day workshop"
        goes back to the first day."""
        lo, hi = sent
        days = [d for d in mentions if lo <= d.start < hi and d.is_day]
        if not days:
            return None
        after = [d for d in days if m.name_end <= d.start < bound]
        days = [d for d in days if d.start < bound]
        if not days:
            return None
        day = after[0] if after else min(days, key=lambda d: abs(d.end - m.name_start))
        if day.value is None:
            if day.reason:
                extensions.warn(doc, f"meeting: {day.reason}")
            return None
        # "concluded today a two-day workshop", "que concluyó hoy … tras dos días": the closing day is
        # the date stated; not "a partir del 8 de diciembre", which is the first day already
        if m.days > 1 and any(doc[k].lower_ in self.end_verbs for k in range(max(lo, day.start - 2), day.start)):
            first = date.fromisoformat(day.value) - timedelta(days=m.days - 1)
            return first.isoformat()
        return day.value

    # -- documents ------------------------------------------------------------------------
    def _documents(
        self, doc: Doc, sents: list[tuple[int, int]], sent_of: list[int], kinds: list[tuple[str, int, int]]
    ) -> list[dict[str, Any]]:
        kind_matches = [(s, e) for _, s, e in kinds]
        spans = [_Mention(s, e, key) for key, s, e in longest_matches(kinds)]
        items: list[dict[str, Any]] = []
        named_until = 0  # "Declaración y Plan de Acción de Brasil": a kind inside a name found already
        for span in spans:
            lo, hi = sents[sent_of[span.start]]
            if span.start < named_until:
                continue
            if span.end < len(doc) and doc[span.end].lower_ in {"s", "es"}:
                continue
            start = self._name_left(doc, span.start, lo)
            if self._in_office_name(doc, start, lo):
                continue
            end = self._name_right(doc, span.end, hi, kind_matches)
            name_tokens = [t for t in doc[start:end] if t.i < span.start or t.i >= span.end]
            if not any(not t.is_punct for t in name_tokens):
                continue  # "the Declaration": a back-reference, not a name
            named_until = end
            name = doc[start:end].text
            action = self._action(doc, start, end, lo, hi)
            item = {
                "name": name,
                "kind": span.label_,
                "action": action,
                "start": doc[start].idx,
                "end": doc[end - 1].idx + len(doc[end - 1]),
            }
            self._add_document(items, item)
        self._resolutions(doc, sents, sent_of, items)
        return sorted(items, key=lambda it: it["start"])

    def _in_office_name(self, doc: Doc, start: int, lo: int) -> bool:
        """ "Director of Consular and Migration Policy", "Vice Minister for Foreign Policy", "Ministry of
        National Planning and Economic Policy": the words name an office or a ministry, not a text."""
        return (
            start - 2 >= lo
            and doc[start - 1].lower_ in self.office_links
            and doc[start - 2].lower_ in self.office_heads
        )

    def _add_document(self, items: list[dict[str, Any]], item: dict[str, Any]) -> dict[str, Any]:
        """Add a document, or merge it into the one it names again (longest name, strongest action)."""
        same = next((it for it in items if self._same_document(it["name"], item["name"])), None)
        if same is None:
            items.append(item)
            return item
        if len(item["name"]) > len(same["name"]):
            same["name"] = item["name"]
        if _ACTION_RANK[item["action"]] > _ACTION_RANK[same["action"]]:
            same["action"] = item["action"]
        return same

    def _resolutions(
        self, doc: Doc, sents: list[tuple[int, int]], sent_of: list[int], items: list[dict[str, Any]]
    ) -> None:
        """Resolutions named by their title in quotation marks ('the omnibus resolution "Promotion
        and Protection of Human Rights"') or, in lower case, by their code ("resolution AG/RES. 2941
        (XLIX-O/19)"); a later "The resolution was adopted" gives the last one its action."""
        last: dict[str, Any] | None = None
        for i in positions_of(doc.to_array([LOWER]), self.resolution_hashes):
            lo, hi = sents[sent_of[i]]
            # a code may run past a boundary the splitter put after "AG/RES."
            code_end = self._code_run(doc, i + 1, len(doc))
            if code_end > hi:
                hi = sents[sent_of[code_end - 1]][1]
            j = code_end + 1 if code_end < hi and doc[code_end].text == "," else code_end
            title = self._quoted(doc, j, hi)
            if title is not None:
                start, end = title
            elif code_end > i + 1 and doc[i].is_lower:
                start, end = i, code_end  # a capitalised "Resolution CRM/…" is a document kind already
            else:
                if last is not None and i > lo and doc[i - 1].lower_ in self.kind_anaphors:
                    action = self._action(doc, i, i + 1, lo, hi)
                    if _ACTION_RANK[action] > _ACTION_RANK[last["action"]]:
                        last["action"] = action
                continue
            item = {
                "name": doc[start:end].text,
                "kind": "other",
                "action": self._action(doc, i, code_end, lo, hi),
                "start": doc[start].idx,
                "end": doc[end - 1].idx + len(doc[end - 1]),
            }
            last = self._add_document(items, item)

    @staticmethod
    def _code_run(doc: Doc, i: int, hi: int) -> int:
        """End of the reference code starting at ``i`` ("AG/RES. 2941 (XLIX-O/19)"): chunks written
        without spaces that hold a digit or a slash."""
        end = k = i
        while k < hi:
            chunk_end = k
            while chunk_end < hi and not doc[chunk_end].whitespace_:
                chunk_end += 1
            chunk_end = min(chunk_end + 1, hi)
            chunk = doc[k:chunk_end].text
            if "\n" in chunk or not any(c.isdigit() or c == "/" for c in chunk):
                break
            end = k = chunk_end
        while end > i and doc[end - 1].text in {",", ";", ":"}:
            end -= 1
        if end > i + 1 and doc[end - 1].text == "." and doc[end - 2].text in {")", "]"}:
            end -= 1
        return end

    def _quoted(self, doc: Doc, i: int, hi: int) -> tuple[int, int] | None:
        """(start, end) of the words inside quotation marks opening at ``i``."""
        if i >= hi or doc[i].text not in self.open_quotes:
            return None
        for k in range(i + 1, min(hi, i + 30)):
            if doc[k].text in self.close_quotes:
                return (i + 1, k) if k > i + 1 else None
        return None

    def _name_left(self, doc: Doc, i: int, lo: int) -> int:
        start = i
        k = i - 1
        while k >= lo:
            tok = doc[k]
            if tok.text in self.name_stop or tok.lower_ in self.actions:
                break
            if tok.is_title or tok.is_upper or _YEARISH.match(tok.text) or tok.text in {"+", "-"}:
                if tok.is_punct and tok.text not in {"+", "-"}:
                    break
                start = k
                k -= 1
                continue
            if tok.lower_ in self.name_and and k - 1 >= lo and doc[k - 1].is_title and k - 1 > lo:
                start = k
                k -= 1
                continue
            break
        while start < i and doc[start].lower_ in self.name_and:
            start += 1
        return start

    def _name_right(self, doc: Doc, i: int, hi: int, kind_matches: list[tuple[int, int]]) -> int:
        end = i
        k = i
        in_prep = False
        # Spanish adjectives follow the kind word: "Estatuto Migratorio Andino", "Carta Estatutaria"
        while self.title_after_kind and k < hi and doc[k].is_title and doc[k].is_alpha:
            if doc[k].text in self.name_stop:
                break
            end = k = k + 1
        while k < hi:
            tok = doc[k]
            if tok.lower_ in self.actions and not in_prep:
                break
            if k == i and doc[k - 1].whitespace_:
                code = k  # "Resolution CRM/XXVIII/R.3": a reference code written without spaces
                while code < hi and not doc[code].whitespace_ and doc[code].text not in _CLAUSE_PUNCT:
                    code += 1
                if code < hi and doc[code].text not in _CLAUSE_PUNCT:
                    code += 1
                if code > k + 1 and any(c.isdigit() or c == "/" for c in doc[k:code].text):
                    end = k = code
                    continue
            if _YEARISH.match(tok.text):
                end = k = k + 1
                continue
            if tok.text in {"-", "–"} and k + 1 < hi and _YEARISH.match(doc[k + 1].text):
                k += 1
                continue
            if tok.lower_ in self.name_inner and tok.lower_ not in self.name_and:
                j = k + 1
                while j < hi and doc[j].lower_ in self.doc_determiners:
                    j += 1
                # "Roadmap for 2021-2022" names its years; "Declaration in 2017" dates an act
                year_ok = tok.lower_ in self.year_links and j < hi and _YEARISH.match(doc[j].text)
                if j < hi and (doc[j].is_title or doc[j].is_upper or year_ok) and doc[j].lower_ not in self.actions:
                    in_prep = True
                    end = k = j + 1
                    continue
                break
            if tok.lower_ in self.name_and:
                j = k + 1
                if in_prep and j < hi and doc[j].is_title and doc[j].lower_ not in self.actions:
                    end = k = j + 1
                    continue
                # "Declaration and Plan of Action": only another document kind continues the name
                run = j
                while run < hi and doc[run].is_title:
                    run += 1
                if run > j and any(j <= s and e <= run for s, e in kind_matches):
                    end = k = run
                    continue
                break
            if in_prep and tok.is_title and tok.is_alpha:
                end = k = k + 1
                continue
            if in_prep and tok.text == "," and k + 1 < hi and doc[k + 1].is_title:
                k += 1  # "Law for the Prevention, Attention and Protection of …"
                continue
            break
        return end

    def _same_document(self, a: str, b: str) -> bool:
        """One name is the other or its beginning ("Mexico City Declaration" and "Mexico City
        Declaration on Protection and Solutions"), also once generic first words are dropped
        ("the Salvadoran Work Plan" and "MIRPS Work Plan for 2020")."""
        x, y = _norm(a, self.doc_determiners), _norm(b, self.doc_determiners)
        if _prefix_of(x, y):
            return True
        x = x[next((i for i, w in enumerate(x) if w not in self.generic_prefix), len(x)) :]
        y = y[next((i for i, w in enumerate(y) if w not in self.generic_prefix), len(y)) :]
        return len(x) > 1 and len(y) > 1 and _prefix_of(x, y)

    def _action(self, doc: Doc, start: int, end: int, lo: int, hi: int) -> str:
        """The nearest action before the name (skipping only small words), or a passive after it."""
        k = start - 1
        while k >= lo and start - k <= _ACTION_WINDOW:
            lower = doc[k].lower_
            if lower in self.actions:
                return self.actions[lower]
            if lower not in self.action_gap:
                break
            k -= 1
        k = end
        while k < hi and k - end < 4:
            lower = doc[k].lower_
            if lower in self.actions:
                return self.actions[lower]
            if lower not in self.action_gap or lower in self.action_gap_stop:
                break
            k += 1
        return "mentioned"


def _body_rows(lang: str) -> list[dict[str, Any]]:
    """The bodies of ``chair_bodies.jsonl`` (shared with mirps_chairs, so a meeting's body and a
    chair's are one canonical name); a language without its own rows yet reads the English
    ones, whose acronyms (MIRPS, SICA, CRM) are written the same way."""
    rows = read_patterns(lang, "chair_bodies.jsonl")
    known = {r.get("body") for r in rows if r.get("body")}
    return rows + [r for r in read_patterns("en", "chair_bodies.jsonl") if r.get("body") and r["body"] not in known]


def _norm(name: str, determiners: frozenset[str]) -> list[str]:
    return [w for w in re.sub(r"[^a-z0-9 ]+", " ", name.lower()).split() if w not in determiners]


def _prefix_of(x: list[str], y: list[str]) -> bool:
    short, long_ = sorted((x, y), key=len)
    return bool(short) and long_[: len(short)] == short


@Language.factory(
    "mirps_events",
    default_config={"lang": "", "patterns": ""},
    requires=["span._.mirps_date"],
    assigns=["doc._.mirps_meetings", "doc._.mirps_documents"],
)
def make_events(nlp: Language, name: str, lang: str, patterns: str) -> EventExtractor:
    return EventExtractor(nlp, name, lang=lang, patterns=patterns)
