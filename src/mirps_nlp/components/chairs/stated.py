"""A holder's term stated anywhere in a release, not only beside a handover verb.

Real releases give a chair holder's term in a clause of its own: "Honduras led the mechanism
throughout 2022", "Brazil, which had held it since 2021", "the presidency had been in Honduran
hands since July", "the chair, held this year by Spain, …", "who will exercise it until July
2024", "During 2021, the Guatemalan presidency will coordinate …". The chairs component finds the
holders; this reader attaches such a statement to a holder whose term is still unknown.

A statement is a term expression (``ChairContext.term_at``, or "since"/"until" a month or year,
resolved against the dateline) in one clause with a holding verb (``hold_verb`` words) whose
subject is a holder: a country, a person standing for one, a demonym ("in Honduran hands"), the
agent after "by" ("held this year by Spain"), or, for "after chairing …", the holder of the chair
verb the clause hangs on. Its body is the one the clause names, else the holder's only one.
Only null terms are filled: what a handover sentence states keeps priority. The words are data
(``patterns/<lang>/chair_triggers.jsonl``); the mechanism is the same for every language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mirps_nlp.components.actors.mentions import token_view

if TYPE_CHECKING:
    from mirps_nlp.components.chairs import Candidate, ChairContext

_YEAR = re.compile(r"^(19|20)\d\d$")
_YEAR_IN = re.compile(r"(?:19|20)\d\d")
_STOPS = frozenset({".", ";", "!", "?", ":"})
_VERB_REACH = 11  # tokens from a holding verb to its term
_SUBJECT_REACH = 14  # tokens from a holder to its holding verb


@dataclass(frozen=True)
class Anchor:
    """Where a holder is named: an actor, a person standing for one, a demonym."""

    start: int
    end: int
    actor: str
    alternatives: tuple[str, ...] = ()  # "the Central American country": the holders named before it, latest first


@dataclass(frozen=True)
class Statement:
    actor: str
    term: str
    body: str | None
    tense: str | None  # "future" / "past" / "since" (an open start: only a term that has ended) / None
    sentence: int
    alternatives: tuple[str, ...] = ()


def stated_terms(
    ctx: ChairContext, candidates: list[Candidate], terms: list[dict[str, Any]], quoted: list[tuple[int, int]]
) -> None:
    """Fill the null ``term`` of chair terms from statements elsewhere in the release."""
    if all(t["term"] for t in terms) or not ctx.lex.words.get("hold_verb"):
        return
    reader = _Reader(ctx, candidates, quoted)
    statements = reader.statements()
    holders: dict[str, list[dict[str, Any]]] = {}
    for item in terms:
        holders.setdefault(item["holder"], []).append(item)
    for s in statements:
        # an anaphor ("the Central American country will exercise …") is the latest holder it fits
        for actor in (s.actor, *s.alternatives):
            fitting = [item for item in holders.get(actor, ()) if _fits(s, item, holders)]
            if fitting:
                if not fitting[0]["term"]:
                    fitting[0]["term"] = s.term
                break


def _fits(s: Statement, item: dict[str, Any], holders: dict[str, list[dict[str, Any]]]) -> bool:
    if not _tense_fits(s.tense, item["status"]):
        return False
    if s.body is None:  # "it", "the post": only a holder of one chair in the release
        return len(holders[item["holder"]]) == 1
    return bool(s.body == item["body"])


def _tense_fits(tense: str | None, status: str | None) -> bool:
    if tense == "since":  # "Colombia has held it since July 2024": a term still running has no end yet
        return status == "completed"
    if tense == "future":
        return status != "completed"
    if tense == "past":
        return status != "incoming"
    return True


class _Reader:
    def __init__(self, ctx: ChairContext, candidates: list[Candidate], quoted: list[tuple[int, int]]) -> None:
        self.ctx = ctx
        self.doc = ctx.doc
        self.lex = ctx.lex
        self.candidates = candidates
        self.quoted = quoted
        self.anchors = self._anchors()
        self.anchor_at: dict[int, Anchor] = {}
        for a in self.anchors:
            for i in range(a.start, a.end):
                self.anchor_at.setdefault(i, a)
        self.hold = self.lex.word_set("hold_verb")
        published = getattr(self.doc._, "mirps_published", None)
        self.month = int(published[5:7]) if isinstance(published, str) and len(published) >= 7 else None

    def _anchors(self) -> list[Anchor]:
        ctx = self.ctx
        out = [Anchor(h.start, h.end, h.actor) for h in ctx.holders]
        taken = {i for h in ctx.holders for i in range(h.start, h.end)}
        taken |= {i for s, e, _, _ in ctx.actor_spans_all for i in range(s, e)}
        doc = self.doc
        for actor, start, end in ctx.matches.demonyms:  # "in Honduran hands", "the Guatemalan presidency"
            prev = doc[start - 1] if start else None
            if prev is not None and prev.is_title and not prev.is_sent_start:
                continue  # "Latin American", "the Central American country"
            if not any(i in taken for i in range(start, end)):
                out.append(Anchor(start, end, actor))
        out.sort(key=lambda a: a.start)
        return self._with_anaphors(out, taken)

    def _with_anaphors(self, anchors: list[Anchor], taken: set[int]) -> list[Anchor]:
        """ "The Central American country will exercise that role …", "her country will lead …", "whose
        country held the presidency in the second half of 2025": a
        country named by a common noun is the holder named last before it (this sentence or the
        two before)."""
        doc, lex, ctx = self.doc, self.lex, self.ctx
        out = list(anchors)
        nouns = lex.word_set("country_anaphor")
        for i, lower in enumerate(token_view(doc).lower):
            if i in taken or lower not in nouns:
                continue
            openers = ("anaphor_det", "predecessor_det", "whose")
            opener = next((j for j in range(i - 1, max(-1, i - 4), -1) if lex.is_(doc[j], *openers)), None)
            if opener is None or not all(doc[j].is_alpha for j in range(opener, i)):
                continue
            before = [a.actor for a in anchors if a.end <= opener and ctx.sent_of[i] - ctx.sent_of[a.start] <= 2]
            latest = list(dict.fromkeys(reversed(before)))
            if latest:
                out.append(Anchor(opener, self._past_modifier(i + 1), latest[0], tuple(latest[1:])))
        out.sort(key=lambda a: a.start)
        return out

    def _past_modifier(self, i: int) -> int:
        """Past an adjective after the noun ("el país centroamericano", "la nación andina")."""
        doc, lex = self.doc, self.lex
        if i >= len(doc) or not (doc[i].is_alpha and doc[i].is_lower and len(doc[i].text) > 3):
            return i
        if i in self.ctx.verbs or doc[i].lower_ in lex.word_set("hold_verb") or lex.is_(doc[i], "determiner"):
            return i
        return i + 1

    def _quoted(self, i: int) -> bool:
        char = self.doc[i].idx
        return any(s <= char < e for s, e in self.quoted)

    def statements(self) -> list[Statement]:
        out = []
        lower = token_view(self.doc).lower
        # the words a term expression can open with (see term_at): elsewhere it reads nothing, so
        # those positions are skipped without building a Token per test
        openers = self.lex.first_words(
            "since_word", "term_until", "term_open", "term_from", "previous_semester", "relative_year"
        ) | frozenset(self.lex.months)
        # words that open a term by themselves; a phrase's first word ("the" of "the previous
        # year") opens one only where its phrase is read there (its second word first)
        words = self.lex.word_set(
            "since_word", "term_until", "term_open", "term_from", "previous_semester", "relative_year"
        ) | frozenset(self.lex.months)
        seconds = frozenset(
            p[1] for kind in ("previous_semester", "relative_year") for p in self.lex.phrases.get(kind, ())
        )
        last = len(lower) - 1
        for n, (lo, hi) in enumerate(self.ctx.sents):
            k = lo
            while k < hi:
                word = lower[k]
                if word not in openers or (
                    word not in words and (k >= last or lower[k + 1] not in seconds or not self._phrase_opens(k))
                ):
                    k += 1
                    continue
                read = self.term_at(k, hi)
                if read is None or self._quoted(k):
                    # "since its relaunch in 2024" (dateline 2027) is no term, nor is its "in 2024"
                    opens_span = self.lex.is_(self.doc[k], "since_word", "term_until")
                    k = max(k + 1, self._year_after(k + 1, hi)[2]) if opens_span else k + 1
                    continue
                term, end = read
                found = self._statement(term, k, end, lo, hi, n)
                ended = self.lex.is_(self.doc[k], "since_word") or self.lex.phrase_at(self.doc, k, "previous_semester")
                if found is not None and ended:
                    found = Statement(found.actor, found.term, found.body, "since", found.sentence, found.alternatives)
                if found is not None:
                    out.append(found)
                k = end
        return out

    def _phrase_opens(self, k: int) -> bool:
        """A "previous semester" or "relative year" phrase at ``k`` (see term_at)."""
        lex = self.lex
        return (
            lex.phrase_at(self.doc, k, "previous_semester") is not None
            or lex.phrase_at(self.doc, k, "relative_year") is not None
        )

    # -- terms -------------------------------------------------------------------------
    def term_at(self, k: int, hi: int) -> tuple[str, int] | None:
        """(term, end) of a term expression opening at ``k``."""
        doc, lex = self.doc, self.lex
        view = token_view(doc)  # plain strings: no Token object per word read
        lower, word = view.lower, view.lower[k]
        if word in lex.word_set("since_word"):
            return self._since(k + 1, hi)  # read only after a past holding verb (see _statement)
        if word in lex.word_set("term_until"):
            return self._until(k + 1, hi)
        previous = lex.phrase_at(doc, k, "previous_semester")
        if previous is not None:
            term = self._previous_semester()
            return (term, previous) if term else None
        relative = lex.phrase_at(doc, k, "relative_year")
        if relative is not None and relative < hi and lower[relative] in lex.word_set("possessive"):
            return None  # "held most of this year's sessions": a year that owns something is no term
        opens = k if word in lex.word_set("term_open") or relative is not None else None
        if word in lex.word_set("term_from"):
            opens = k + 1  # "from July to December 2023"
        if word in lex.months and not (k > 0 and lower[k - 1] in lex.word_set("term_open", "term_from")):
            opens = k  # "June 2020 to June 2021"
        if opens is None:
            return None
        term = self.ctx.term_at(opens, hi)
        if term is None:
            return None
        relative = lex.phrase_at(doc, opens, "relative_year")
        if relative is not None:
            return term, relative
        years = set(_YEAR_IN.findall(term))
        last = [j for j in range(k, min(hi, k + 12)) if years & set(_YEAR_IN.findall(view.text[j]))]
        return term, (last[-1] + 1 if last else k + 1)

    def _year_after(
        self, k: int, hi: int, reach: int = 8, until: bool = False
    ) -> tuple[int | None, int | None, int]:
        """(month, year, end) of "July", "July 2022", "2021", "the last round of talks in 2021"; with
        ``until`` also "julio de 2028" (a month linked to its year: "since July of 2022" stays open)."""
        doc, lex = self.doc, self.lex
        month = None
        for j in range(k, min(hi, k + reach)):
            text = doc[j].text
            if text in _STOPS or text == "," or j in self.ctx.verbs:
                break
            if doc[j].lower_ in lex.months and month is None:
                month = lex.months[doc[j].lower_]
                linked = j + 2 < hi and lex.is_(doc[j + 1], "month_link") and _YEAR.match(doc[j + 2].text)
                if linked and until:  # "hasta julio de 2028"
                    return month, int(doc[j + 2].text), j + 3
                if not (j + 1 < hi and _YEAR.match(doc[j + 1].text)):
                    return month, None, j + 1
                continue
            if _YEAR.match(text):
                return month, int(text), j + 1
            if any(c.isdigit() for c in text):
                break  # "since 24 January": a day dates an event
        return None, None, k

    def _since(self, k: int, hi: int) -> tuple[str, int] | None:
        """ "since July 2022" (dateline 2023) -> "2022-2023"; "since July" (dateline December
        2024) -> "second half of 2024"; "since 2021" (dateline 2022) -> "2021-2022"."""
        year_now = self.ctx.year
        # "desde julio de 2025": a month linked to its year by "de" gives the year too
        month, year, end = self._year_after(k, hi, until=True)
        month_word = self.doc[k].lower_ if month is not None else None
        if year_now is None or (month is None and year is None):
            return None
        if year is not None and year == year_now - 1:  # a one-year rotation across two years
            return f"{year}-{year_now}", end
        if year is not None and (month is None or year != year_now):
            return None
        half = self.lex.halves.get(month_word or "") if self.lex.is_(self.doc[k], "half_start") else None
        if half == "first" and self.month is not None:
            # "que ostentaba la PPT desde enero": the first half (dateline mid-year) or the whole year
            # (dateline at its end); in between the release does not say
            if self.month <= 7:
                return f"first half of {year_now}", end
            return (str(year_now), end) if self.month >= 11 else None
        if half and (self.month is None or self.month >= (month or 13)):
            return f"{half} half of {year_now}", end
        return None

    def _previous_semester(self) -> str | None:
        """ "Panama, which held the presidency for the previous six-month term" (dateline January
        2026): the half-year that ends at the handover; a dateline away from a semester's turn says
        nothing."""
        year, month = self.ctx.year, self.month
        if year is None or month is None:
            return None
        if month <= 2:
            return f"second half of {year - 1}"
        if 6 <= month <= 8:
            return f"first half of {year}"
        if month >= 11:
            return f"second half of {year}"
        return None

    def _until(self, k: int, hi: int) -> tuple[str, int] | None:
        """ "until July 2024" (dateline 2023) -> "2023-2024"; "until the first half of 2027" states
        when a term ends, not what it is."""
        year_now = self.ctx.year
        month, year, end = self._year_after(k, hi, reach=3, until=True)
        if year_now is None or month is None or year is None or year != year_now + 1:
            return None
        return f"{year_now}-{year}", end

    # -- statements --------------------------------------------------------------------
    def _statement(self, term: str, k: int, end: int, lo: int, hi: int, sentence: int) -> Statement | None:
        doc, lex = self.doc, self.lex
        verb = self._verb_before(k, lo)
        if verb is None:
            if k == lo or (k > lo and lex.is_(doc[k - 1], "determiner") and k - 1 == lo):
                return self._fronted(term, end, hi, sentence)
            return None
        anchor = self._by_agent(verb, k, end, hi) or self._subject(verb, lo)
        if anchor is None:
            return None
        body = self._body(min(anchor.start, verb), max(end, anchor.end), lo)
        return Statement(anchor.actor, term, body, self._tense(verb, lo), sentence, anchor.alternatives)

    def _verb_before(self, k: int, lo: int) -> int | None:
        for j in range(k - 1, max(lo, k - _VERB_REACH) - 1, -1):
            tok = self.doc[j]
            if tok.text in _STOPS:
                return None
            support = self._support_verb(j, lo)
            if support is not None:
                return support
            article = j > 0 and self.lex.is_(self.doc[j - 1], "determiner") and not self._clitic(j - 1)
            if tok.lower_ not in self.hold or article:
                continue  # "at the head of the Platform" is no verb
            event = j + 1 < k and self.lex.is_(self.doc[j + 1], "event_participle_next")
            if event and j - 1 not in self.anchor_at:  # "Panama presided over the forum" has its holder
                return None  # "the meeting held in virtual format": an event's participle holds no chair
            return j
        return None

    def _support_verb(self, j: int, lo: int) -> int | None:
        """ "tuvo a su cargo", "estuvo a cargo de", "estará al frente de": a holding verb made of a
        support verb and a noun (``hold_locution``); the support verb is the verb."""
        lex = self.lex
        if not lex.is_(self.doc[j], "hold_locution"):
            return None
        i = j - 1
        while i > lo and lex.is_(self.doc[i], "hold_locution_filler"):
            i -= 1
        return i if i < j - 1 and lex.is_(self.doc[i], "hold_support") else None

    def _clitic(self, i: int) -> bool:
        """ "Guatemala la ejercerá", "que la ejerció": an object pronoun after a subject, a relative
        or a conjunction, not an article."""
        doc, lex = self.doc, self.lex
        if not (i > 0 and lex.is_(doc[i], "object_pronoun")):
            return False
        return i - 1 in self.anchor_at or lex.is_(doc[i - 1], "relative", "coordinator")

    def _by_agent(self, verb: int, k: int, end: int, hi: int) -> Anchor | None:
        """ "held this year by Spain": the agent after "by" holds it."""
        for j in (end, verb + 1):
            if verb < j < hi and self.lex.is_(self.doc[j], "by_word") and j + 1 < hi:
                return self.anchor_at.get(j + 1)
        return None

    def _subject(self, verb: int, lo: int) -> Anchor | None:
        """The holder before the verb ("Brazil, which had held it", "in Honduran hands"), or, for
        "after chairing", the holder of the chair verb the clause hangs on."""
        doc, lex = self.doc, self.lex
        j = verb - 1
        while j > lo and lex.is_(doc[j], "hold_aux"):
            j -= 1
        if lex.is_(doc[j], "adjunct_word", "coordinator") and j < verb:
            main = self._main_holder(j, lo)  # "…, after chairing it", "… and held it": the clause's subject
            if main is not None:
                return main  # else the subject before ("Colombia entregó la presidencia tras presidir …")
        if j == verb - 1 and j > lo and self._clitic(j):
            j -= 1  # "la presidencia, que la ejerció"
        if j < verb and lex.is_(doc[j], "relative") and j > lo:
            # "entregó a Belice la presidencia, que ejerció durante 2027": a relative on the office (not
            # on a holder) has the clause's subject; the other side of the handover if the tense says so
            before = j - 1 if doc[j - 1].text == "," else j
            if before - 1 >= lo and before - 1 not in self.anchor_at:
                main = self._main_holder(j, lo, every=True)
                if main is not None:
                    return main
        for i in range(verb - 1, max(lo, verb - _SUBJECT_REACH) - 1, -1):
            if doc[i].text in _STOPS:
                return None
            anchor = self.anchor_at.get(i)
            if anchor is not None:
                return anchor
        return None

    def _main_holder(self, j: int, lo: int, every: bool = False) -> Anchor | None:
        for cand in reversed(self.candidates):
            if not (lo <= cand.start < j):
                continue
            # the subject stands first: the giver of "Mexico handed …", the receiver of "Guatemala took over … from"
            sides = sorted(
                (h for h in (cand.source, cand.target, cand.holder) if h is not None and h.start < j),
                key=lambda h: h.start,
            )
            if sides:
                side = sides[0]
                others = tuple(dict.fromkeys(h.actor for h in sides[1:] if h.actor != side.actor)) if every else ()
                return Anchor(side.start, side.end, side.actor, others)
        return None

    def _fronted(self, term: str, end: int, hi: int, sentence: int) -> Statement | None:
        """ "During 2021, the Guatemalan presidency will also coordinate …": a term opening the
        sentence, then its subject and a holding verb."""
        doc = self.doc
        if not (end < hi and doc[end].text == ","):
            return None
        anchor = next((a for a in self.anchors if end < a.start < end + 5), None)
        if anchor is None:
            return None
        verb = next((j for j in range(anchor.end, min(hi, anchor.end + 6)) if doc[j].lower_ in self.hold), None)
        if verb is None:
            return None
        body = self._body(anchor.start, verb + 1, anchor.start)
        return Statement(anchor.actor, term, body, self._tense(verb, end), sentence, anchor.alternatives)

    def _body(self, lo: int, hi: int, sent_lo: int) -> str | None:
        """The body a statement names: a body or an office of a body between its holder and its
        term, else one just before ("the chair of the MIRPS Support Platform, held …")."""
        ctx = self.ctx
        for i in range(lo, hi):
            idx = ctx.body_at[i]
            if idx != -1 and not ctx.bodies[idx].info.anaphor and ctx.bodies[idx].info.name:
                return ctx.bodies[idx].info.name
        for i in range(lo, hi):
            idx = ctx.body_at[i]
            if idx != -1 and ctx.bodies[idx].info.anaphor:
                # "Panama presided over the eleven-country forum this year": the body named last before
                return self._named_before(ctx.bodies[idx].start)
        for i in range(lo - 1, max(sent_lo, lo - 8) - 1, -1):
            idx = ctx.body_at[i]
            if idx != -1 and not ctx.bodies[idx].info.anaphor and ctx.bodies[idx].info.name:
                return self._bracketed_owner(idx) or ctx.bodies[idx].info.name
        return None

    def _bracketed_owner(self, idx: int) -> str | None:
        """ "the Support Platform of the Comprehensive Regional Protection and Solutions Framework
        (MIRPS)": an acronym in brackets right after a body's name belongs to that name, so the body
        is the one named before the bracket (the Platform), not the acronym's own (the MIRPS)."""
        ctx, doc = self.ctx, self.doc
        start = ctx.bodies[idx].start
        if idx == 0 or start < 2 or doc[start - 1].text != "(":
            return None
        before = ctx.bodies[idx - 1]
        if before.end != start - 1 or before.info.anaphor or not before.info.name:
            return None
        return before.info.name

    def _named_before(self, i: int) -> str | None:
        """The body named last before ``i``, in its sentence or the two before."""
        ctx = self.ctx
        for m in reversed(ctx.bodies):
            if m.end <= i and not m.info.anaphor and m.info.name:
                return m.info.name if ctx.sent_of[i] - ctx.sent_of[m.start] <= 2 else None
        return None

    def _tense(self, verb: int, lo: int) -> str | None:
        ctx = self.ctx
        if ctx.future_before(verb, lo):
            return "future"
        if any(self.lex.is_(self.doc[j], "perfect_aux") for j in range(max(lo, verb - 3), verb)):
            return None  # "has held it since July 2024": still holding it
        if any(self.lex.is_(self.doc[j], "past_aux_word") for j in range(max(lo, verb - 5), verb)):
            return "past"
        return "past" if self.lex.is_(self.doc[verb], "hold_past") else None
