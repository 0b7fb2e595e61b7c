"""Who said it: speaker mentions around a quotation and how a pronoun, a surname or a bare
title ("the High Commissioner said") is resolved to the person introduced earlier.

Mentions come from the actor component's span group (``doc.spans["mirps_actors"]``): actors is
the one person detector, and quotes only adds later uses of a person it named (a surname or a
first name alone) and a one-word surname right before a speech cue ("Requeña said"). A loaded
dependency parser, when present, adds one piece of evidence: the subject of the cue verb.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.tokens import Doc, Token

from mirps_nlp.components.actors.mentions import INITIAL, NAME_LIKE, actor_span_rows, token_view
from mirps_nlp.components.quotes.lexicon import Cue, QuoteLexicon
from mirps_nlp.extensions import ACTOR_SPANS

FINAL = frozenset({".", "!", "?"})
_NP_PUNCT = frozenset({",", "(", ")", "-", "–", "."})
_CLOSING = frozenset({'"', "”", "’", "»", ")"})
PERSON, COUNTRY, ORGANIZATION = "PERSON", "COUNTRY", "ORGANIZATION"
# ``quote_pronouns`` kinds of a noun that refers back to a body: "the ministry said" (``body``),
# "the government said" (``state``)
_BODY_NOUNS = frozenset({"body", "state"})

#: Tokens a title may span next to a name ("Deputy Minister of Foreign Affairs and Human Mobility").
_TITLE_REACH = 24


@dataclass(slots=True)
class Mention:
    """A person or actor named in the text, as token offsets ``[start, end)``."""

    start: int
    end: int
    label: str
    name: str
    actor_id: str | None = None
    title: str | None = None
    affiliation: str | None = None

    @property
    def from_actors(self) -> bool:
        return self.actor_id is not None


@dataclass(slots=True)
class Speaker:
    """The resolved speaker of a quotation; ``how`` records the evidence used."""

    name: str | None
    actor_id: str | None = None
    title: str | None = None
    affiliation: str | None = None
    how: str = "named"  # named / pronoun / surname / title / actor / context


@dataclass(slots=True)
class CueHit:
    start: int
    end: int
    cue: Cue
    text: str


class QuoteContext:
    """Per-document indexes the attribution rules read; built once per Doc, linear in its length."""

    def __init__(
        self,
        doc: Doc,
        lexicon: QuoteLexicon,
        cue_hits: list[CueHit],
        quote_tokens: list[tuple[int, int]],
        text: str | None = None,
    ) -> None:
        self.doc = doc
        self.lex = lexicon
        self.connectors = lexicon.word_class("np_connector")
        self.title_edge = lexicon.word_class("title_edge")
        self.possessive = lexicon.word_class("possessive_mark")  # "Panama's Minister"
        self.title_link = lexicon.word_class("title_link")
        self.of_words = lexicon.word_class("of_words")
        self.gendered_articles = lexicon.word_class("feminine_article") | lexicon.word_class("masculine_article")
        # the token lists the actor component built for this Doc (creating spaCy Token objects
        # is the expensive part of a scan)
        self.view = token_view(doc)
        self.text = text if text is not None else self.view.doc_text
        self.words: list[str] = self.view.text
        self.lowers: list[str] = self.view.lower
        self.spaces: list[bool] = self.view.is_space
        stops = self.view.mask_in(lexicon.stop_words, lower=True)
        self.stops: list[bool] = stops.tolist()
        # is_name_token for every token at once: name-shaped and not a title/pronoun/stop word
        shape = self.view.shape
        name_like = ((shape & NAME_LIKE) != 0) & ~stops & ~self.view.mask_in(lexicon.non_name_lower, lower=True)
        self._name_tok: list[bool] = (name_like | ((shape & INITIAL) != 0)).tolist()
        self.cue_at_start: dict[int, CueHit] = {}
        self.cue_at_end: dict[int, CueHit] = {}
        for hit in cue_hits:
            # the longest cue wins at a position ("pointed out" over a bare form)
            old = self.cue_at_start.get(hit.start)
            if old is None or hit.end > old.end:
                self.cue_at_start[hit.start] = hit
            old = self.cue_at_end.get(hit.end)
            if old is None or hit.start < old.start:
                self.cue_at_end[hit.end] = hit
        self.para: list[int] = []
        self.in_quote = bytearray(len(doc))
        for start, end in quote_tokens:
            for i in range(start, end):
                self.in_quote[i] = 1
        self.sent = self._sentence_ids()
        self.actors: dict[str, dict[str, Any]] = {
            a["id"]: a for a in (getattr(doc._, "mirps_actors", None) or []) if isinstance(a, dict) and a.get("id")
        }
        self.has_actor_spans = bool(doc.spans.get(ACTOR_SPANS))
        self.mentions = self._mentions()
        self._mention_starts = [m.start for m in self.mentions]
        self._add_titles()
        self.parsed = doc.has_annotation("DEP")
        self._by_word: dict[str, list[Mention]] | None = None
        self._genders: dict[str, str | None] | None = None

    # -- token classes -------------------------------------------------------------------

    def is_boundary(self, i: int) -> bool:
        """Token ``i`` ends a sentence (a full stop after "Hon" or an initial does not)."""
        word = self.words[i]
        if self.spaces[i]:
            return "\n" in word
        if word not in FINAL:
            return False
        if word == "." and i > 0:
            prev = self.words[i - 1]
            if self.lex.is_honorific(self.lowers[i - 1]) or (len(prev) == 1 and prev.isupper()):
                return False
        return True

    def is_name_token(self, i: int) -> bool:
        """Token ``i`` can be part of a person's name: capitalised, not a title, place or body
        word, or an initial ("J."). Precomputed for the whole Doc in ``__init__``."""
        return self._name_tok[i]

    def is_np_token(self, i: int) -> bool:
        """Token ``i`` may belong to a speaker phrase: names, titles, honorifics, acronyms, connectors."""
        text = self.words[i]
        lower = self.lowers[i]
        if self.spaces[i]:
            return "\n" not in text
        if text in _NP_PUNCT or lower in self.connectors or lower in self.lex.name_particles:
            return True
        if self.lex.is_title_word(lower) or self.lex.is_honorific(lower) or lower in self.lex.pronouns:
            return True
        return text[:1].isupper()

    # -- indexes -------------------------------------------------------------------------

    def _sentence_ids(self) -> list[int]:
        """Sentence index per token by the same rules as :meth:`is_boundary`; paragraphs too.

        Vectorised: a sentence starts at the first token after a boundary that is neither
        whitespace nor a closing mark; paragraphs are counted by the line breaks before a token.
        """
        n = len(self.words)
        if not n:
            self.para = []
            return []
        view = self.view
        space_positions = numpy.flatnonzero(view.is_space_arr).tolist()
        breaks = [i for i in space_positions if "\n" in self.words[i]]
        line_break = numpy.zeros(n, dtype=numpy.int64)
        line_break[breaks] = 1
        self.para = (numpy.cumsum(line_break) - line_break).tolist()
        boundaries = [*breaks, *(i for i in view.where_in(FINAL) if self.is_boundary(i))]
        eligible = numpy.flatnonzero(~(view.is_space_arr | view.mask_in(_CLOSING)))
        starts = numpy.zeros(n, dtype=numpy.int64)
        if boundaries and len(eligible):
            nxt = numpy.searchsorted(eligible, numpy.array(boundaries), side="right")
            starts[eligible[nxt[nxt < len(eligible)]]] = 1
        return numpy.cumsum(starts).tolist()

    def _mentions(self) -> list[Mention]:
        doc = self.doc
        found: list[Mention] = []
        covered = bytearray(len(doc))
        for span in actor_span_rows(doc):
            for i in range(span.start, span.end):
                covered[i] = 1
            if self.in_quote[span.start]:
                continue
            actor = self.actors.get(span.id, {})
            label = span.label or str(actor.get("kind", "")).upper()
            found.append(
                Mention(
                    span.start,
                    span.end,
                    PERSON if label == PERSON else (COUNTRY if label == COUNTRY else ORGANIZATION),
                    actor.get("name") or self.view.doc_text[span.start_char : span.end_char],
                    span.id or None,
                    actor.get("title"),
                    actor.get("affiliation"),
                )
            )
        self._cover_titles(covered)
        found.extend(self._later_mentions(found, covered))
        if not self.has_actor_spans:
            found.extend(self._fallback_bodies(covered))
        found.sort(key=lambda m: (m.start, -m.end))
        return found

    def _cover_titles(self, covered: bytearray) -> None:
        """Mark the words of the title the actors gave a person, where it stands right before the
        name ("la viceministra de Diáspora y Movilidad Humana, Cecilia Portillo", "la secretaria de
        Estado para Iberoamérica y el Caribe, Inés Saavedra"): its capitalised words are no person."""
        doc = self.doc
        text = self.view.doc_text
        for span in actor_span_rows(doc):
            title = str(self.actors.get(span.id, {}).get("title") or "")
            if span.label != PERSON or not title:
                continue
            begin = span.start_char
            written = text[max(0, begin - len(title) - 32) : begin]
            window = written.lower()
            at = window.rfind(title.lower())
            if at < 0 or not self._title_tail(written[at + len(title) :]):
                continue
            first = begin - len(window) + at
            i = span.start - 1
            while i >= 0 and doc[i].idx >= first:
                covered[i] = 1
                i -= 1

    def _title_tail(self, rest: str) -> bool:
        """What may stand between a person's title and their name: nothing, a comma, or the
        place the title belongs to ("… y Movilidad Humana del Ecuador, Paulina Cevallos")."""
        words = rest.strip().rstrip(",").split()
        if not words:
            return True
        return words[0].lower() in self.of_words and all(w[:1].isupper() for w in words[1:]) and 1 < len(words) <= 4

    def _later_mentions(self, persons: list[Mention], covered: bytearray) -> list[Mention]:
        """A surname alone ("Lindholm highlighted…") or a first name alone ("For María, …")
        once the full person was introduced: the same person, so pronouns find them."""
        doc = self.doc
        alias: dict[str, Mention] = {}
        for m in sorted(persons, key=lambda m: m.start):
            if m.label != PERSON:
                continue
            words = m.name.split()
            # any surname: "Salazar" and "Ortega" both name Jorge Salazar Ortega; a lone first name too
            for key in words[1:] if len(words) > 1 else words:
                if key[:1].isupper() and len(key) > 2 and key not in alias:
                    alias[key] = m
        out = []
        n = len(doc)
        # candidates: a known surname, or a word right before a comma or a speech cue
        before = {k - 1 for k, hit in self.cue_at_start.items() if hit.cue.kind == "speech"}
        before.update(k - 1 for k in self.view.where_in({","}))
        before.discard(-1)
        for i in sorted({*self.view.where_in(alias), *before}):
            word = self.words[i]
            if covered[i] or self.in_quote[i] or not word[:1].isupper():
                continue
            if i + 1 < n and self.is_name_token(i + 1):
                continue
            source = alias.get(word)
            if source is not None:
                out.append(Mention(i, i + 1, PERSON, source.name, source.actor_id, source.title, source.affiliation))
            elif (
                self._names_speaker(i + 1)
                and self.words[i + 1] != ","
                and self.is_name_token(i)
                and (i == 0 or not self.is_name_token(i - 1))
                and word.lower() not in self.lex.place_names
                # "la secretaria de Estado para Iberoamérica anuncia": a word after "of"/"para" ends a title
                and (i == 0 or self.lowers[i - 1] not in self.of_words)
            ):
                out.append(Mention(i, i + 1, PERSON, word))  # "Requeña said that …": a surname we never saw in full
        return out

    def _add_titles(self) -> None:
        """Fill the title and affiliation of persons the actor component did not describe."""
        for m in self.mentions:
            if m.label == PERSON and (m.title is None or m.affiliation is None):
                title, affiliation = self.title_near(m.start, m.end)
                if m.title is None:
                    m.title = title
                if m.affiliation is None:
                    m.affiliation = affiliation

    def _fallback_bodies(self, covered: bytearray) -> list[Mention]:
        """Without the actor component: acronyms (UNHCR) and country names as collective
        speakers, so "…, it said" and "Panama said" still find someone."""
        out = []
        n = len(self.words)
        for i, word in enumerate(self.words):
            if covered[i] or self.in_quote[i] or not word[:1].isupper():
                continue
            if 2 <= len(word) <= 8 and word.isalpha() and word.isupper():
                out.append(Mention(i, i + 1, ORGANIZATION, word))
                continue
            for size in (3, 2, 1):
                if i + size <= n and " ".join(self.lowers[i : i + size]) in self.lex.place_names:
                    out.append(Mention(i, i + size, COUNTRY, " ".join(self.words[i : i + size])))
                    break
        return out

    def _names_speaker(self, i: int) -> bool:
        """Token ``i`` (right after a name) is a speech cue or an appositive comma."""
        if i >= len(self.doc):
            return False
        hit = self.cue_at_start.get(i)
        return self.doc[i].text == "," or (hit is not None and hit.cue.kind == "speech")

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """Mentions that start inside token range ``[start, end)``."""
        k = bisect_left(self._mention_starts, start)
        out = []
        while k < len(self.mentions) and self.mentions[k].start < end:
            if self.mentions[k].end <= end:
                out.append(self.mentions[k])
            k += 1
        return out

    # -- titles --------------------------------------------------------------------------

    def _is_title_token(self, tok: Token) -> bool:
        lower = tok.lower_
        return (
            self.lex.is_title_word(lower)
            or lower in self.connectors
            or (tok.text[:1].isupper() and not self.lex.is_honorific(lower))
            or tok.text in {"(", ")"}
        )

    def title_near(self, start: int, end: int) -> tuple[str | None, str | None]:
        """Title and affiliation written next to a name: "OAS Secretary General Albert Ramdin",
        "Kelly Clements, Deputy High Commissioner", "Panama's Minister of Government, Roger Tejada"."""
        doc = self.doc
        # before the name: [title] [,] [honorific] NAME
        j = start - 1
        while j >= 0 and (self.lex.is_honorific(doc[j].lower_.rstrip(".")) or doc[j].text == "."):
            j -= 1
        if j >= 0 and doc[j].text == ",":
            j -= 1
        k = j
        # Titles are a few words: the reach keeps a long line of capitalised words linear.
        stop = max(j - _TITLE_REACH, -1)
        while k > stop and not self.in_quote[k] and self._is_title_token(doc[k]) and doc[k].text != ",":
            k -= 1
        title = self._title_from(k + 1, j + 1)
        if title[0]:
            return title
        joiners = self.lex.word_class("segment_joiner")
        if k > stop and doc[k].text == "," and any(self.lowers[x] in joiners for x in range(k + 1, j + 1)):
            # a portfolio listed with commas: "la ministra de Asuntos Exteriores, Unión Europea y
            # Cooperación, Inmaculada Sanchís": the head stands before the comma (the bodies in
            # the list are portfolios, not the affiliation)
            h = k - 1
            while h > stop and not self.in_quote[h] and self._is_title_token(doc[h]) and doc[h].text != ",":
                h -= 1
            if any(doc[x].lower_ in self.lex.title_heads for x in range(h + 1, k)):
                text = self._title_from(h + 1, j + 1)[0]
                if text:
                    return text, self._title_from(h + 1, k)[1]
        return self.title_after(end)

    def title_after(self, end: int) -> tuple[str | None, str | None]:
        """A title written after a name: "NAME, [the] [Country's] title"."""
        doc = self.doc
        j = end
        if j < len(doc) and doc[j].text == ",":
            j += 1
            if j < len(doc) and self.lowers[j] in self.lex.word_class("segment_joiner"):
                return None, None  # "…, X, and the Minister of Y, Z": the next item of a list, not X's title
            k = j
            stop = min(j + _TITLE_REACH, len(doc))
            while k < stop and not self.in_quote[k] and self._is_title_token(doc[k]) and doc[k].text != ",":
                k += 1
            return self._title_from(j, k)
        return None, None

    def _title_from(self, start: int, end: int) -> tuple[str | None, str | None]:
        doc = self.doc
        while start < end and (doc[start].lower_ in self.title_edge or doc[start].text == ")"):
            start += 1
        while end > start and (doc[end - 1].lower_ in self.title_edge or doc[end - 1].text == "("):
            end -= 1
        if end <= start or not any(doc[i].lower_ in self.lex.title_heads for i in range(start, end)):
            return None, None
        affiliation = None
        # "Panama's Minister of Government": the possessive names the affiliation, not the title
        for i in range(start, min(end - 1, start + 6)):
            if doc[i].lower_ in self.possessive:
                owners = self.mentions_in(start, i)
                if owners and owners[-1].label != PERSON:
                    affiliation = owners[-1].actor_id
                    start = i + 1
                break
        for m in self.mentions_in(start, end):
            if m.label != PERSON:
                affiliation = affiliation or m.actor_id
        words = [t for t in doc[start:end] if t.text not in {"(", ")"} and not (
            t.i > start and doc[t.i - 1].text == "(" and t.text.isupper())]
        text = "".join(t.text_with_ws for t in words).strip().rstrip(",").strip()
        return (text or None), affiliation

    # -- choosing and resolving speakers ---------------------------------------------------

    def speaker_from(self, m: Mention, how: str = "named") -> Speaker:
        if m.label != PERSON:
            return Speaker(m.name, m.actor_id, None, None, how="actor")
        return Speaker(m.name, m.actor_id, m.title, m.affiliation, how=how)

    def speaker_in(
        self, start: int, end: int, anchor: int, prefer: str, cue_token: int | None = None
    ) -> Speaker | None:
        """The speaker named in token range ``[start, end)``.

        ``prefer="first"`` after a cue ("said OAS Secretary General Albert Ramdin"),
        ``"subject"`` before one: the person right before the cue, else the first person of
        the clause ("Grandi highlighted …, noting that"). ``anchor`` is the quotation's first
        token, the point pronouns and surnames are resolved from.
        """
        if end <= start:
            return None
        mentions = self.mentions_in(start, end)
        if prefer == "subject" and not any(m.label == PERSON for m in mentions):
            end = self._before_relative_clause(start, end)
            mentions = self.mentions_in(start, end)
        # a mention inside another ("Guatemala" in "Ministerio de Relaciones Exteriores de
        # Guatemala") is part of that name, not a speaker of its own
        mentions = [m for m in mentions if not any(o is not m and o.start <= m.start and m.end <= o.end
                                                    and (o.end - o.start) > (m.end - m.start) for o in mentions)]
        if self.parsed and cue_token is not None:
            subject = self._parsed_subject(cue_token, mentions)
            if subject is not None:
                return self.speaker_from(subject)
        persons = [m for m in mentions if m.label == PERSON]
        named = [m for m in persons if m.from_actors] or persons
        if named:
            if prefer == "subject":
                last = named[-1]
                gap = [t for t in self.doc[last.end : end] if t.text not in {",", ")", "(", "-"} and not t.is_space]
                return self.speaker_from(last if len(gap) <= 1 else named[0])
            return self.speaker_from(named[0])
        # a pronoun speaks only as the subject: first in the phrase or right before the cue
        # ("She added: …", "…, she said"), not "Guatemala, which assumed it last year, said"
        words = [i for i in range(start, end) if not self.spaces[i] and self.words[i] not in _NP_PUNCT]
        actors = [m for m in mentions if m.label != PERSON]
        edges = {words[0], words[-1]} if words else set()
        if len(words) > 1 and self.lowers[words[0]] in self.lex.word_class("article"):
            edges.add(words[1])  # "El diplomático sueco subrayó"
        for i in sorted(edges):
            if self.lowers[i] in self.lex.pronouns and not self.in_quote[i]:
                if self.lex.pronouns[self.lowers[i]] == "body":
                    named_body = self._named_body(i, words, mentions, anchor)
                    if named_body is not None:
                        return named_body
                if self.lex.pronouns[self.lowers[i]] in _BODY_NOUNS:
                    if any(m.label == COUNTRY for m in actors) or (
                        actors and self.lex.pronouns[self.lowers[i]] != "state"
                    ):
                        break  # "the Honduran government said": the state named right there
                    # "A través de la Secretaría X, el Gobierno comunicó": the body is the channel,
                    # the government (the state named before) speaks
                    return self.resolve_body(self.lowers[i], words, anchor)
                return self.resolve_pronoun(self.lowers[i], anchor)
        title = self._bare_title(start, end)
        if title is not None:
            # the state the title names: "the Peruvian minister", "la canciller peruana" (the
            # demonym after the title may close the phrase)
            named_states = [*actors, *(m for m in self.mentions_in(end, end + 1) if self.words[m.start].islower())]
            states = {m.actor_id for m in named_states if m.label == COUNTRY and m.actor_id}
            by_title = self.resolve_title(title, anchor, states, guess=not actors)
            if by_title.name is not None or not actors:
                return by_title
        if actors:
            # "Panama said", "the Honduran delegation said": the state or body speaks
            chosen = actors[0] if prefer == "first" else actors[-1]
            at = actors.index(chosen)
            if chosen.label == COUNTRY and at > 0:
                owner = actors[at - 1]
                # "… de México afirmó", "la Cancillería salvadoreña informó": the state qualifies the body
                linked = owner.end == chosen.start or (
                    owner.end + 1 == chosen.start and self.lowers[owner.end] in self.of_words
                )
                if owner.label == ORGANIZATION and linked:
                    chosen = owner  # "la Secretaría de Relaciones Exteriores de México afirmó": the body speaks
            if chosen.label == COUNTRY and at + 1 < len(actors):
                body = actors[at + 1]
                if (
                    body.label == ORGANIZATION
                    and body.start == chosen.end + 1
                    and self.lowers[chosen.end] in self.possessive
                ):
                    chosen = body  # "a statement from Guatemala's foreign ministry": the ministry
            return self.speaker_from(chosen)
        for i in range(start, end):
            word = self.words[i]
            if self.is_name_token(i) or (
                word[:1].isupper()
                and word.isalpha()
                and not self.stops[i]
                and not self.lex.is_title_word(self.lowers[i])
            ):
                return self.resolve_surname(word, anchor)
        return None

    def _before_relative_clause(self, start: int, end: int) -> int:
        """The subject ends before a relative clause: "Mexico's interior ministry, which oversees
        COMAR, said" speaks for the ministry, not for COMAR."""
        relative = self.lex.word_class("relative")
        for k in range(start + 1, end - 1):
            if self.words[k] == "," and self.lowers[k + 1] in relative:
                return k
        return end

    def _named_body(self, noun: int, words: list[int], mentions: list[Mention], anchor: int) -> Speaker | None:
        """A body named by its kind and a word of its own ("the Foreign Ministry said", "Mexico's
        interior ministry said"): the organisation named earlier that shares that word, else the
        body as written (no actor known). None for a bare "the ministry" or a state's
        "the Honduran ministry" (the state speaks)."""
        own = [k for k in words if k < noun and words.index(k) >= words.index(noun) - 2 and k == noun - 1]
        if not own:
            return None
        k = own[0]
        lower = self.lowers[k]
        if (
            not self.words[k].isalpha()
            or self.stops[k]
            or lower in self.lex.word_class("article")
            or any(m.start <= k < m.end for m in mentions)
        ):
            return None
        stem = lower[:5]
        back = bisect_left(self._mention_starts, anchor) - 1
        while back >= 0:
            m = self.mentions[back]
            back -= 1
            if m.label == ORGANIZATION and m.end <= anchor and stem in {w[:5] for w in m.name.lower().split()}:
                return self.speaker_from(m)
        name = f"{self.words[k]} {self.words[noun]}"
        return Speaker(name, None, None, None, how="actor")

    def _parsed_subject(self, cue_token: int, mentions: list[Mention]) -> Mention | None:
        verb = self.doc[cue_token]
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                for m in mentions:
                    if m.label == PERSON and any(m.start <= t.i < m.end for t in child.subtree):
                        return m
        return None

    def _bare_title(self, start: int, end: int) -> str | None:
        """ "the High Commissioner", "the Minister of Foreign Affairs" with no name: the title."""
        doc = self.doc
        heads = [i for i in range(start, end) if doc[i].lower_ in self.lex.title_heads]
        if not heads:
            return None
        first = heads[0]
        while first > start and (self.lex.is_title_word(doc[first - 1].lower_) or doc[first - 1].text[:1].isupper()):
            first -= 1
        if first > start and doc[first - 1].lower_ in self.gendered_articles:
            first -= 1  # "la embajadora": the article tells the gender of an epicene title
        last = heads[-1] + 1
        while (
            last < end and doc[last].lower_ in self.title_link and last + 1 < end and doc[last + 1].text[:1].isupper()
        ):
            last += 2
            while last < end and doc[last].text[:1].isupper():
                last += 1
        return doc[first:last].text

    def _nearest_sentence_mentions(
        self, anchor: int, want: set[str], max_back: int = 6, gender: str | None = None
    ) -> list[Mention]:
        """Mentions of the wanted labels in the nearest sentence before token ``anchor`` (of a
        person whose title agrees with ``gender``, where the language marks it)."""
        k = bisect_left(self._mention_starts, anchor) - 1
        limit = self.sent[anchor] - max_back if anchor < len(self.sent) else 0
        while k >= 0:
            m = self.mentions[k]
            s = self.sent[m.start]
            if s < limit:
                return []  # bounded look-back keeps a release with many quotes linear
            if m.end <= anchor and m.label in want and self._agrees(m, gender):
                same: list[Mention] = []
                j = k
                while j >= 0 and self.sent[self.mentions[j].start] == s:
                    mj = self.mentions[j]
                    if mj.label in want and mj.end <= anchor and self._agrees(mj, gender):
                        same.append(mj)
                    j -= 1
                same.reverse()
                return same
            k -= 1
        return []

    def resolve_pronoun(self, pronoun: str, anchor: int) -> Speaker | None:
        refers = self.lex.pronouns.get(pronoun, "person")
        if refers == "person":
            want = {PERSON}
        elif refers == "collective":
            want = {COUNTRY, ORGANIZATION}
        else:
            want = {PERSON, COUNTRY, ORGANIZATION}
        found = self._nearest_sentence_mentions(anchor, want, gender=self.lex.pronoun_gender.get(pronoun))
        if not found:
            return None
        named = self._speaking_first([m for m in found if m.from_actors] or found)
        return self.speaker_from(named[0], how="pronoun")

    def _agrees(self, m: Mention, gender: str | None) -> bool:
        """A person fits a gendered reference ("la funcionaria") unless their title says otherwise
        ("el canciller" is no "funcionaria"; "la viceministra" no "diplomático")."""
        if gender is None or m.label != PERSON:
            return True
        return self._person_gender(m) in (None, gender)

    def _person_gender(self, m: Mention) -> str | None:
        """The gender any mention of this person marks: "afirmó Mejía" is the man introduced
        as "el canciller colombiano, Andrés Felipe Mejía Duque"."""
        if self._genders is None:
            self._genders = {}
            for other in self.mentions:
                if other.label == PERSON:
                    key = other.actor_id or other.name
                    if self._genders.get(key) is None:
                        self._genders[key] = self._gender_of(other)
        return self._genders.get(m.actor_id or m.name) or self._gender_of(m)

    def _gender_of(self, m: Mention) -> str | None:
        """"f"/"m" where the language marks it on the person's title ("viceministra") or on the
        article before it ("la representante", "el canciller"), else None."""
        feminine, masculine = self.lex.word_class("feminine_title"), self.lex.word_class("masculine_title")
        if not feminine and not masculine:
            return None
        head = m.title.lower().split()[0] if m.title else ""
        if head in feminine or head in masculine:
            return "f" if head in feminine else "m"
        fem_art, masc_art = self.lex.word_class("feminine_article"), self.lex.word_class("masculine_article")
        k = m.start - 1
        while k > 0 and m.start - k < 12 and self.sent[k] == self.sent[m.start]:
            if self.lowers[k] in self.lex.title_heads and self.lowers[k - 1] in fem_art | masc_art:
                return "f" if self.lowers[k - 1] in fem_art else "m"
            k -= 1
        return None

    def resolve_body(self, noun: str, phrase: list[int], anchor: int) -> Speaker:
        """ "The ministry said in a statement", "the refugee agency said", "el organismo indicó":
        the body named earlier whose name shares a word with the phrase (a government: the state
        named last). Unresolved, the body stays anonymous rather than borrowing a person."""
        state = self.lex.pronouns.get(noun) == "state"
        wanted = {self.lowers[i][:5] for i in phrase if len(self.lowers[i]) > 3 and not self.stops[i]}
        k = bisect_left(self._mention_starts, anchor) - 1
        best: Mention | None = None
        best_score = 0
        latest: Mention | None = None
        while k >= 0:
            m = self.mentions[k]
            k -= 1
            if m.end > anchor or m.label == PERSON or (state and m.label != COUNTRY):
                continue
            if state:
                return self.speaker_from(m)
            if latest is None and m.label != COUNTRY:
                latest = m
            surface = f"{m.name} {' '.join(self.lowers[m.start : m.end])}".lower().split()
            score = len(wanted & {w[:5] for w in surface})
            if score > best_score:
                best, best_score = m, score
        # "UNHCR said … . «…», the agency said": no shared word, but the organisation named last,
        # in this sentence or the one before, is the one a bare body noun points back to
        if best is None and latest is not None and anchor < len(self.sent) and (
            self.sent[anchor] - self.sent[latest.start] <= 1
        ):
            best = latest
        if best is not None:
            return self.speaker_from(best)
        return Speaker(None, None, None, None, how="actor")

    def previous_subject(self, anchor: int) -> Speaker | None:
        """The subject of the sentence before token ``anchor`` when it is a bare title or a noun
        that refers back ("La viceministra adelantó … . «…», explicó."), resolved as such."""
        if anchor >= len(self.sent) or self.sent[anchor] == 0:
            return None
        first = anchor
        while first + 1 < len(self.sent) and self.words[first] in _CLOSING:
            first += 1  # a straight opening mark counts with the sentence before; its words do not
        target = self.sent[first] - 1
        i = anchor - 1
        while i > 0 and self.sent[i - 1] >= target:
            i -= 1
        if self.sent[i] != target:
            return None
        while i < anchor and (self.spaces[i] or self.words[i] in _NP_PUNCT):
            i += 1
        if i < anchor and self.lowers[i] not in self.lex.word_class("article"):
            # a lead-in before the subject: "Por su parte, el alto comisionado recordó …", "Al
            # hacer el balance de la Presidencia, el subsecretario destacó …"
            articles = self.lex.word_class("article")
            for c in range(i, min(i + _TITLE_REACH, anchor - 1)):
                if self.words[c] == "," and self.lowers[c + 1] in articles:
                    i = c + 1
                    break
        if i + 1 >= anchor or self.lowers[i] not in self.lex.word_class("article"):
            return None
        noun = self.lowers[i + 1]
        if (
            noun not in self.lex.title_heads
            and i + 2 < anchor
            and self.lex.is_title_word(noun)
            and self.lowers[i + 2] in self.lex.title_heads
        ):
            noun = self.lowers[i + 2]  # "el alto comisionado", "the deputy minister"
        if self.lex.pronouns.get(noun) == "person":
            return self.resolve_pronoun(noun, i)
        if noun in self.lex.title_heads:
            j = i
            while j < anchor and j - i < _TITLE_REACH and self.is_np_token(j):
                j += 1
            named = [m for m in self.mentions_in(i, j) if m.label == PERSON]
            if named:
                # "La embajadora de España, Rocío Guardiola, recordó … . «…», subrayó.": the
                # subject names the person in apposition to the title
                return self.speaker_from(named[0], how="title")
            title = self._bare_title(i, min(anchor, i + 6))
            if title is not None:
                found = self.resolve_title(title, i)
                return found if found.name else None
        return None

    def resolve_context(self, anchor: int, max_back: int = 2) -> Speaker | None:
        """A quotation with no cue: the person introduced in the sentence just before."""
        found = self._nearest_sentence_mentions(anchor, {PERSON}, max_back=max_back)
        if not found:
            return None
        named = self._speaking_first([m for m in found if m.from_actors] or found)
        return self.speaker_from(named[0], how="context")

    def _speaking_first(self, found: list[Mention]) -> list[Mention]:
        """The person a speech cue right after makes the sentence's speaker comes first: "Upon
        receiving the gavel from his predecessor, Ambassador Y, Ambassador Samayoa said …" is
        Samayoa's sentence, not Y's."""
        def speaks(m: Mention) -> bool:
            hit = self.cue_at_start.get(m.end)
            return hit is not None and hit.cue.kind == "speech"
        speaking = [m for m in found if speaks(m)]
        return speaking + [m for m in found if not speaks(m)] if speaking else found

    def resolve_title(
        self, title: str, anchor: int, states: set[str] | None = None, guess: bool = True
    ) -> Speaker:
        """ "the High Commissioner said" -> the person introduced with that title. Titles are
        compared as word sets, so "Minister of Foreign Affairs of El Salvador" finds the person
        whose title is "Minister of Foreign Affairs", and "High Commissioner" prefers the High
        Commissioner over a Deputy High Commissioner (fewer extra words). ``states``: the
        states the bare title names ("la canciller peruana"); a person who speaks for another
        state is not the one meant. ``guess``: a title matching nobody may stand for the one person
        named in the sentence before (not where the phrase names a body: "the UNHCR representative")."""
        stop = self.lex.word_class("title_stop")
        wanted = _title_words(title, stop)
        # "el vicecanciller" is the person introduced as "viceministro de Relaciones Exteriores"
        synonyms = self.lex.title_synonyms.get(" ".join(sorted(wanted)), ())
        options = [wanted, *(_title_words(alt, stop) for alt in synonyms)]
        best: Mention | None = None
        best_rank: tuple[int, int, int] = (-1, 0, 0)
        gender = self._title_gender(title)
        for m in self.mentions:
            if m.label != PERSON or not m.title or not self._agrees(m, gender):
                continue  # "la canciller" is not the person introduced as "el canciller"
            if states and m.affiliation and m.affiliation.startswith("country:") and m.affiliation not in states:
                continue
            have = _title_words(m.title, stop)
            if not any(w and (w <= have or have <= w) for w in options):
                # introduced with two titles ("incoming Chair, Hugh Adamson, Assistant Deputy
                # Minister for the Americas"): the one after the name counts too
                after = self.title_after(m.end)[0]
                have = _title_words(after, stop) if after else have
            matched = next((w for w in options if w and (w <= have or have <= w)), None)
            if matched is None:
                continue
            wanted = matched
            # the same title exactly beats a longer one ("High Commissioner" over "Deputy High
            # Commissioner"); among longer forms the person introduced most recently wins
            # ("the Commissioner" after "European Commissioner for Crisis Management X")
            before = m.start < anchor
            rank = (int(have == wanted), int(before), m.start if before else -m.start)
            if rank > best_rank:
                best, best_rank = m, rank
        if best is not None:
            return self.speaker_from(best, how="title")
        if gender is not None:
            # "la embajadora" after "la representante permanente de Paraguay, X": a title the
            # language marks for gender stands for the person just introduced who agrees with it
            found = self._nearest_sentence_mentions(anchor, {PERSON}, max_back=3, gender=gender)
            if found:
                named = [m for m in found if m.from_actors] or found
                return self.speaker_from(named[0], how="title")
        if guess and not states:
            # "She received the gavel from Ambassador X, who presided … . In his farewell remarks,
            # the outgoing chair thanked …": a title nobody was introduced with stands for the one
            # person the sentence before names (a title naming a state makes that state speak)
            found = self._nearest_sentence_mentions(anchor, {PERSON}, max_back=1)
            if len({m.actor_id or m.name for m in found}) == 1:
                return self.speaker_from(found[0], how="title")
        words = title.split()
        while words and words[0].lower() in self.lex.word_class("article"):
            words = words[1:]  # "the Minister", "la embajadora": the title without its article
        return Speaker(None, None, " ".join(words) or None, None, how="title")

    def _title_gender(self, title: str) -> str | None:
        """"f"/"m" for a bare title whose words or article mark it ("la embajadora", "el canciller")."""
        words = title.lower().split()
        first = words[0] if words else ""
        if any(w in self.lex.word_class("feminine_title") for w in words) or first in self.lex.word_class(
            "feminine_article"
        ):
            return "f"
        if any(w in self.lex.word_class("masculine_title") for w in words) or first in self.lex.word_class(
            "masculine_article"
        ):
            return "m"
        return None

    def _persons_by_word(self) -> dict[str, list[Mention]]:
        """Person mentions indexed by each word of their name (built on first use)."""
        if self._by_word is None:
            self._by_word = {}
            for m in self.mentions:
                if m.label == PERSON:
                    for w in set(m.name.lower().split()):
                        self._by_word.setdefault(w, []).append(m)
        return self._by_word

    def resolve_surname(self, word: str, anchor: int) -> Speaker:
        before: Mention | None = None
        after: Mention | None = None
        for m in self._persons_by_word().get(word.lower(), ()):
            if m.start < anchor:
                if before is None or m.from_actors or not before.from_actors:
                    before = m
            elif after is None:
                after = m
        match = before or after
        if match is not None:
            return self.speaker_from(match, how="surname")
        return Speaker(word, None, None, None, how="surname")


def _title_words(title: str, stop: frozenset[str]) -> set[str]:
    return {w for w in title.lower().replace(",", " ").split() if w not in stop}
