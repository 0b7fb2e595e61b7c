"""mirps_quotes: direct quotations, their cue verb and their speaker, linked to the actors.

Press releases attribute a quotation in a handful of ways, all handled without a model:

* after it: ``“…,” stated Roger Tejada, Panama's Minister of Government`` / ``“…” acknowledged
  X`` (no comma) / ``“…,” she noted`` / ``“…,” Salazar added`` / ``“…,” according to X``;
* before it: ``X said: “…”`` / ``X opened the session, stating, “…”`` / ``…, noting that “…”`` /
  ``According to X, “…”``;
* with a description: ``“…,” said a UNHCR spokesperson`` (the body speaks) / ``said the
  agency's regional director, José Samaniego,`` (the person after the description);
* not at all: the second half of a split quote (``“…,” X said. “…”``) takes the speaker of
  the first; a quotation standing alone takes the person introduced just before it, else the
  person named in the sentence after it (the next paragraph's ``said Lepri`` / ``The warning
  came from Giovanni Lepri``).

Speed: the token lists come from the actor component's shared ``TokenView`` (built once
per Doc), sentence and paragraph ids are computed with numpy, and the person fallback only
visits capitalised tokens.

A quoted fragment woven into reported speech (``describing them as “…”``) is a quotation with
``partial: true``; a short title-cased phrase in marks with no cue (the campaign "No One
Left Behind") is a motto, not a quotation. Pronouns, surnames and bare titles ("the High
Commissioner said") resolve to the person introduced earlier, preferably an actor from the
``mirps_actors`` span group, so the quote carries the actor id, name, title and affiliation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from mirps_nlp.components.actors.mentions import TokenView, token_view
from mirps_nlp.components.base import MirpsComponent
from mirps_nlp.components.quotes.lexicon import Cue, QuoteLexicon, load_lexicon
from mirps_nlp.components.quotes.marks import QuoteSpan, pair_quotes
from mirps_nlp.components.quotes.speakers import PERSON, CueHit, QuoteContext, Speaker
from mirps_nlp.extensions import items, warn
from mirps_nlp.matching import TokenMatcher

_LEAD_PUNCT = frozenset({",", "—", "–", "-"})
_SEPARATORS = frozenset({":", ",", "—", "–", "-"})
_FINAL_IN_QUOTE = (".", "!", "?", "…")

# How sure each kind of evidence makes us (reported as ``confidence``).
_CONFIDENCE = {"named": 0.95, "actor": 0.9, "pronoun": 0.85, "surname": 0.85, "title": 0.8, "context": 0.6}


@dataclass(slots=True)
class _Draft:
    """A quotation on its way to a record."""

    quote: QuoteSpan
    text: str
    tokens: tuple[int, int] | None
    speaker: Speaker | None = None
    cue: str | None = None
    partial: bool = False
    confidence: float | None = None
    needs_context: bool = False
    joined: bool = False  # a further quoted segment of the attribution before it ('"A" and "B"')
    keep: bool = True
    short: bool = False  # dropped only for being short and unattributed (a headline may echo a quote)
    topic: bool = False  # 'MIRPS at the Executive Committee: "…"': a body before a colon, maybe only the topic

    def record(self) -> dict[str, Any]:
        sp = self.speaker
        return {
            "text": self.text,
            "speaker": sp.actor_id if sp else None,
            "speaker_name": sp.name if sp else None,
            "speaker_title": sp.title if sp else None,
            "speaker_affiliation": sp.affiliation if sp else None,
            "cue": self.cue,
            "partial": self.partial,
            "confidence": self.confidence,
            "start": self.quote.start,
            "end": self.quote.end,
        }


@dataclass(slots=True)
class _Attribution:
    kind: str  # right / direct / source / colon / partial
    cue: CueHit | None
    speaker: Speaker | None
    separator: str = ""
    inherit: bool = False  # no subject of its own: the speaker of the quotation just before


class QuoteExtractor(MirpsComponent):
    """Finds quotations and attributes them.

    nlp, name, lang, patterns: see :class:`~.base.MirpsComponent` (``lang`` selects
        ``patterns/<lang>/quote_*.jsonl``).
    window (int): how many tokens around a quotation are searched for its cue. Default 40.
    min_unattributed_words (int): a quotation with neither cue nor speaker is kept only when it
        has at least this many words (shorter ones are scare quotes or titles). Default 6.
    """

    # the people a quotation's speaker is chosen from: actors is the one person detector
    needs = ("doc._.mirps_actors",)
    pattern_files = (
        "quote_cues.jsonl",
        "quote_motto_heads.jsonl",
        "quote_name_particles.jsonl",
        "quote_not_name_words.jsonl",
        "quote_pronouns.jsonl",
        "quote_titles.jsonl",
        "quote_words.jsonl",
    )

    def __init__(
        self,
        nlp: Language,
        name: str = "mirps_quotes",
        window: int = 40,
        min_unattributed_words: int = 6,
        *,
        lang: str = "",
        patterns: str = "",
    ) -> None:
        self.window = window
        self.min_unattributed_words = min_unattributed_words
        super().__init__(nlp, name, lang=lang, patterns=patterns)

    def compile(self, nlp: Language) -> None:
        self.lexicon: QuoteLexicon = load_lexicon(self.lang)
        self.cues: dict[str, Cue] = {cue.form: cue for cue in self.lexicon.cues}
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher.add("QUOTE_CUE", [nlp.make_doc(form) for form in self.cues])
        # Rows marked ``by_lemma`` also match every form the pipeline's lemmas map to them
        # ("afirmaba", "señalaría"), where a lemma component ran; the written forms always match.
        self.lemma_matcher = TokenMatcher(nlp.vocab)
        for lemma in self.lexicon.lemma_cues:
            self.lemma_matcher.add(lemma, [[{"LEMMA": lemma}]])
        self.auxiliaries = self.lexicon.word_class("auxiliary")
        self.participle_endings = tuple(self.lexicon.word_class("participle_ending"))

    def annotate(self, doc: Doc) -> Doc:
        text = token_view(doc).doc_text  # spaCy's doc.text creates every Token
        scan = pair_quotes(text, self.lexicon.word_class("dialogue_dash"))
        for message in scan.warnings:
            warn(doc, message)
        if not scan.quotes:
            return doc
        token_ranges: list[tuple[int, int] | None] = []
        for q in scan.quotes:
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            token_ranges.append((span.start, span.end) if span is not None and len(span) else None)
        ctx = QuoteContext(doc, self.lexicon, self._cue_hits(doc), [r for r in token_ranges if r], text)
        drafts = [self._draft(ctx, q, r) for q, r in zip(scan.quotes, token_ranges, strict=True)]
        for d in drafts:
            if not any(c.isalnum() for c in d.text):
                d.keep = False  # marks around punctuation only: nothing was said
        self._fill_from_context(ctx, drafts)
        quotes = items(doc, "mirps_quotes")
        quotes.extend(d.record() for d in drafts if d.keep)
        return doc

    def _cue_hits(self, doc: Doc) -> list[CueHit]:
        hits = []
        view = token_view(doc)
        words, trailing = view.text, view.space
        for _key, start, end in self.matcher(doc):
            if start and words[start - 1] == "-" and not trailing[start - 1]:
                continue  # the second half of a compound ("so-called", "above-mentioned") is no verb
            text = words[start] if end == start + 1 else doc[start:end].text
            if text[:1].isupper() and not _opens_clause(view, start):
                continue  # "the seven member States", "the Note": a capitalised noun mid-sentence
            cue = self.cues.get(text.lower())
            if cue is not None:
                hits.append(CueHit(start, end, cue, text))
        if self.lexicon.lemma_cues and doc.has_annotation("LEMMA"):
            hits.extend(self._lemma_cue_hits(doc, view))
        return hits

    def _lemma_cue_hits(self, doc: Doc, view: TokenView) -> list[CueHit]:
        """Cue verbs found by lemma. A participle counts only after an auxiliary ("ha
        afirmado", which then is the cue); alone it is an adjective ("el plazo señalado")."""
        hits = []
        strings = doc.vocab.strings
        for key, start, end in self.lemma_matcher(doc):
            lower = view.lower[start]
            if lower in self.cues or (view.text[start][:1].isupper() and not _opens_clause(view, start)):
                continue  # a written form (the phrase matcher has it) or a capitalised noun
            if lower.endswith(self.participle_endings):
                if not (start and view.lower[start - 1] in self.auxiliaries):
                    continue
                start -= 1
            lemma = strings[key]
            text = doc[start:end].text
            hits.append(CueHit(start, end, Cue(text.lower(), lemma, self.lexicon.lemma_cues[lemma]), text))
        return hits

    # -- one quotation ---------------------------------------------------------------------

    def _draft(self, ctx: QuoteContext, q: QuoteSpan, tokens: tuple[int, int] | None) -> _Draft:
        text = _clean(ctx.text[q.text_start : q.text_end])
        draft = _Draft(q, text, tokens)
        if tokens is None:
            draft.needs_context = True
            return draft
        start, end = tokens
        l0 = self._left_edge(ctx, start)
        r1 = self._right_edge(ctx, end)
        left = self._left(ctx, l0, start, anchor=start)
        right = self._right(ctx, end, r1, anchor=start, ends_sentence=text.endswith(_FINAL_IN_QUOTE))
        strong = right is not None or (left is not None and left.kind != "partial" and left.separator != "")
        if not strong and self._is_motto(ctx, text, start, l0, reported=left is not None):
            draft.keep = False
            return draft
        if left is not None and left.kind == "direct" and left.separator == ":":
            chosen: _Attribution | None = left
        elif right is not None:
            chosen = right
        else:
            chosen = left
        if chosen is None and (self._joins_previous(ctx, l0, start) or self._continues_clause(ctx, l0, start)):
            # 'described the shelters as "overwhelmed" and "short of staff"': one attribution
            draft.needs_context = draft.joined = True
            return draft
        if chosen is None:
            if any(ctx.doc[i].is_alpha for i in range(l0, start)):
                # mid-sentence, no cue anywhere: a scare quote unless it is long reported speech
                if len(text.split()) < self.min_unattributed_words:
                    draft.keep, draft.short = False, True  # unless a quotation below holds its words
                    return draft
                draft.speaker = ctx.speaker_in(l0, start, start, "subject")
                draft.partial = True
                draft.confidence = 0.5 if draft.speaker else 0.3
                return draft
            byline = self._byline(ctx, end)
            if byline is not None:
                draft.speaker, draft.confidence = byline, 0.9
                return draft
            draft.needs_context = True
            return draft
        draft.speaker = chosen.speaker
        draft.topic = chosen.kind == "colon" and not (chosen.speaker and (chosen.speaker.actor_id or "").startswith(
            "person:"))
        draft.joined = chosen.inherit
        draft.needs_context = chosen.inherit
        draft.cue = chosen.cue.text if chosen.cue else None
        draft.partial = chosen.kind == "partial" or self._sentence_continues(ctx, text, end, r1, right)
        draft.confidence = self._confidence(chosen, q)
        return draft

    def _joins_previous(self, ctx: QuoteContext, l0: int, start: int) -> bool:
        """Only a joiner ("and", ",", "y") separates this quotation from the one before it."""
        if l0 == 0 or l0 >= start or not ctx.in_quote[l0 - 1]:
            return False
        joiners = self.lexicon.word_class("segment_joiner")
        between = [k for k in range(l0, start) if not ctx.spaces[k] and ctx.words[k] != ","]
        return bool(between) and all(ctx.lowers[k] in joiners for k in between)

    def _continues_clause(self, ctx: QuoteContext, l0: int, start: int) -> bool:
        """'said the law was "long overdue" and that shelters would be "properly funded"': a
        joiner opens the words after the quotation before, which name nobody new and hold no cue
        of their own, so the same attribution goes on."""
        if l0 == 0 or l0 >= start or not ctx.in_quote[l0 - 1]:
            return False
        first = next((k for k in range(l0, start) if not ctx.spaces[k] and ctx.words[k] != ","), None)
        if first is None or ctx.lowers[first] not in self.lexicon.word_class("segment_joiner"):
            return False
        return not ctx.mentions_in(l0, start) and not any(k in ctx.cue_at_start for k in range(l0, start))

    def _left_edge(self, ctx: QuoteContext, start: int) -> int:
        i = start - 1
        lo = max(0, start - 2 * self.window)
        if i > lo and ctx.spaces[i] and "\n" in ctx.words[i] and ctx.words[i - 1] == ":":
            i -= 1  # 'issued the following communiqué:' / "…": a lead-in paragraph ending in a colon
        while i >= lo and not ctx.in_quote[i] and not ctx.is_boundary(i):
            i -= 1
        return i + 1

    def _right_edge(self, ctx: QuoteContext, end: int) -> int:
        i = end
        hi = min(len(ctx.doc), end + self.window)
        while i < hi and not ctx.in_quote[i] and not ctx.is_boundary(i):
            i += 1
        return i

    def _byline(self, ctx: QuoteContext, end: int) -> Speaker | None:
        """Government "Quotes" sections put the speaker on the next line:
        ``“…”`` / ``– Hon. Marguerite Lalonde, Minister of International Development``."""
        doc = ctx.doc
        i, n = end, len(doc)
        breaks = 0
        while i < n and ctx.spaces[i]:
            breaks += ctx.words[i].count("\n")
            i += 1
        if breaks == 0 or breaks > 2 or i >= n or ctx.words[i] not in _LEAD_PUNCT - {","}:
            return None
        j = i + 1
        while j < n and not (ctx.spaces[j] and "\n" in ctx.words[j]) and j < i + self.window:
            j += 1
        return ctx.speaker_in(i + 1, j, end, "first")

    def _apposed_person(self, ctx: QuoteContext, start: int, anchor: int) -> Speaker | None:
        """ "indicó a Prensa Latina la viceministra de …, Karla Ordóñez": after the cue, a title
        phrase too long for the window, then the person's name in apposition after a comma."""
        n = len(ctx.doc)
        for c in range(start, min(n, start + 16)):
            if ctx.is_boundary(c) or ctx.in_quote[c]:
                return None
            if ctx.words[c] == ",":
                found = ctx.speaker_in(c + 1, min(n, c + 8), anchor, "first")
                return found if found is not None and (found.actor_id or "").startswith("person:") else None
        return None

    def _right(
        self, ctx: QuoteContext, r0: int, r1: int, anchor: int, ends_sentence: bool
    ) -> _Attribution | None:
        """``“…,” stated X`` / ``“…,” she noted`` / ``“…,” according to X``."""
        doc = ctx.doc
        i = r0
        while i < r1 and (doc[i].text in _LEAD_PUNCT or doc[i].is_space):
            i += 1
        if i >= r1:
            return None
        first = doc[i]
        if ctx.lowers[i] in self.lexicon.word_class("segment_joiner"):
            return None  # '"…" and said …', '"…", and confirmed …': the subject's next verb, not this quote's cue
        if (
            ends_sentence
            and first.text[:1].isupper()
            and (first.lower_ in self.lexicon.pronouns or first.is_stop)
        ):
            return None  # ``… lives." He recalled that …``: a new sentence, not an attribution
        hit = ctx.cue_at_start.get(i)
        if hit is not None and hit.end < r1 and ctx.lowers[hit.end] in self.lexicon.word_class("complementizer"):
            return None  # '… "short of staff," adding that more funds …': a new clause, not this quote's cue
        if hit is not None and hit.cue.kind in ("speech", "source"):
            end = hit.end
            while end < r1 and ctx.is_np_token(end):
                end += 1
            if end > hit.end and ctx.lowers[end - 1] in ctx.possessive:
                end = hit.end  # "says Keila's sister, Yadira": the name before 's describes the speaker
            speaker = ctx.speaker_in(hit.end, end, anchor, "first") or self._described_speaker(ctx, hit.end, r1)
            if speaker is None or (speaker.how in ("title", "actor") and self._titled(ctx, hit.end, end)):
                # '"…", señaló el representante del ACNUR en el país, Óscar Villaseñor': a title
                # phrase (its body or an unresolved title) and the person in apposition after it
                speaker = self._apposed_person(ctx, hit.end, anchor) or speaker
            if speaker is None and self._document_speaks(ctx, hit.end, r1):
                return _Attribution("right", hit, None)  # '"…", concluye el pronunciamiento': no person
            if (
                speaker is None
                and hit.end < r1
                and ctx.words[hit.end][:1].isalnum()
                and hit.text.lower().endswith(tuple(self.lexicon.word_class("gerund_ending")))
            ):
                # '"…", highlighting 14 desks opened this year': a gerund with an object, not a
                # speaker: a clause of the sentence's own subject, not this quotation's cue
                return None
            if speaker is None and end == hit.end:
                # '"…", explicó.' with no subject: the one the sentence before was about
                speaker = ctx.previous_subject(anchor)
            return _Attribution("right", hit, speaker or ctx.resolve_context(anchor, 3))
        j = i
        while j < r1 and j < i + 16:
            hit = ctx.cue_at_start.get(j)
            if hit is not None and hit.cue.kind in ("speech", "source"):
                if j > i and ctx.lowers[j - 1] in self.lexicon.word_class("segment_joiner"):
                    return None  # '… el «compromiso sostenido» de Honduras y anunció …': the subject's next verb
                speaker = ctx.speaker_in(i, j, anchor, "first", cue_token=j)
                return _Attribution("right", hit, speaker)
            if not (
                ctx.is_np_token(j)
                or ctx.lowers[j] in self.lexicon.word_class("article")  # '"…," a spokesperson for X said'
                or self._modifies_body(ctx, j, r1)
                or ctx.lowers[j] in self.lexicon.word_class("statement_noun")  # '"…," the statement said'
            ):
                return None
            j += 1
        return None

    def _titled(self, ctx: QuoteContext, start: int, end: int) -> bool:
        """Tokens ``[start, end)`` hold a title head ("el representante del ACNUR")."""
        return any(ctx.lowers[k] in self.lexicon.title_heads for k in range(start, end))

    def _document_speaks(self, ctx: QuoteContext, start: int, r1: int) -> bool:
        """The words after a cue name a text, not a person: "concluye el pronunciamiento", "the
        statement said" (an article and a ``statement_noun``)."""
        k = start
        if k < r1 and ctx.lowers[k] in self.lexicon.word_class("article"):
            k += 1
        return k < r1 and ctx.lowers[k] in self.lexicon.word_class("statement_noun")

    def _modifies_body(self, ctx: QuoteContext, j: int, r1: int) -> bool:
        """A lower-case word before a body noun: "the refugee agency said", "the interior ministry said"."""
        nxt = j + 1
        return (
            nxt < r1
            and ctx.words[j].isalpha()
            and not ctx.stops[j]
            and self.lexicon.pronouns.get(ctx.lowers[nxt]) in ("body", "state")
        )

    def _described_speaker(self, ctx: QuoteContext, start: int, r1: int) -> Speaker | None:
        """ "said a UNHCR spokesperson" (the body speaks) / "said the agency's regional director,
        José Samaniego" (the person named after the description): a short description in lower
        case after the cue, up to the first person or the end of the clause."""
        words = ctx.words
        clitics = self.lexicon.word_class("possessive_clitic")
        end = start
        while end < r1 and end - start < 8 and not ctx.is_boundary(end) and not ctx.in_quote[end]:
            # "said the agency's regional director": a possessive clitic or a comma may stand inside
            if ctx.spaces[end] or not (words[end].isalpha() or words[end] in clitics or words[end] == ","):
                break
            end += 1
        if end == start:
            return None
        mentions = ctx.mentions_in(start, min(end + 6, r1))
        person = next((m for m in mentions if m.label == PERSON and not (
            m.end < len(ctx.lowers) and ctx.lowers[m.end] in ctx.possessive)), None)  # "Keila's sister": not Keila
        if person is not None and all(ctx.words[k] != "." for k in range(start, person.start)):
            return ctx.speaker_from(person)
        bodies = [m for m in mentions if m.label != PERSON and m.start < end]  # "un comunicado de la OEA"
        statement = self.lexicon.word_class("statement_noun")  # "señaló un comunicado del Ministerio …"
        describing = any(ctx.lex.is_title_word(ctx.lowers[k]) or ctx.lowers[k] in statement for k in range(start, end))
        if bodies and describing:
            return ctx.speaker_from(bodies[0])
        last = end - 1
        if (
            person is None
            and last - 1 > start
            and ctx.words[last - 1] == ","
            and ctx.is_name_token(last)
            and (end >= r1 or ctx.is_boundary(end))
            and ctx.lowers[last] not in ctx.lex.place_names
        ):
            # "says Keila's sister, Yadira.": a first name in apposition closes the description
            return Speaker(ctx.words[last], None, None, None, how="named")
        return None

    def _left(self, ctx: QuoteContext, l0: int, lend: int, anchor: int) -> _Attribution | None:
        """``X said: “…”`` / ``stating, “…”`` / ``noting that “…”`` / ``According to X, “…”`` /
        a cue earlier in the clause (``describing them as “…”``: a partial quote)."""
        doc = ctx.doc
        k = lend
        separator = ""
        while k > l0 and (doc[k - 1].text in _SEPARATORS or doc[k - 1].is_space):
            if not separator and doc[k - 1].text in {":", ","}:
                separator = doc[k - 1].text
            k -= 1
        if k > l0 and doc[k - 1].lower_ in self.lexicon.word_class("complementizer"):
            k -= 1
            separator = separator or "that"
        else:
            for lead in self.lexicon.word_class("colon_lead"):  # "as follows: “…”"
                words = lead.split()
                if k - len(words) > l0 and [doc[k - len(words) + m].lower_ for m in range(len(words))] == words:
                    k -= len(words)
                    break
        hit = ctx.cue_at_end.get(k)
        if (hit is None or hit.cue.kind != "speech") and separator in (":", "that"):
            # "X told participants: “…”", "X noted that the law needs funding: “…”",
            # "X said in a statement that “…”"
            for e in range(k - 1, l0, -1):
                candidate = ctx.cue_at_end.get(e)
                if candidate is not None and candidate.cue.kind == "speech":
                    hit = candidate
                    break
        if hit is not None and hit.cue.kind == "speech" and hit.start >= l0:
            speaker = ctx.speaker_in(l0, hit.start, anchor, "subject", cue_token=hit.start)
            if speaker is None and self._joins_previous(ctx, l0, hit.start):
                return _Attribution("direct", hit, None, separator, inherit=True)
            return _Attribution("direct", hit, speaker or ctx.resolve_context(anchor, 3), separator)
        for s in range(l0, k):
            # "According to X, “…”" / "According to its field coordinator, X, ‘…’"
            source = ctx.cue_at_start.get(s)
            if source is not None and source.cue.kind == "source" and separator == ",":
                speaker = ctx.speaker_in(source.end, k, anchor, "first")
                if speaker is not None:
                    return _Attribution("source", source, speaker, separator)
        if separator == ":":
            statement = self._statement_before(ctx, l0, k)
            if statement is not None:
                # 'The members of the Platform … issued the following joint communiqué: "We …"':
                # the text speaks in the voice of the clause's subject, the body issuing it
                speaker = ctx.speaker_in(l0, statement, anchor, "first")
                if speaker is not None and speaker.name:
                    return _Attribution("colon", None, speaker, separator)
            s = k
            while s > l0 and ctx.is_np_token(s - 1):
                s -= 1
            if s == l0 or not ctx.words[s - 1].isalpha():
                # 'Grandi: "…"', 'UNHCR: "…"': a name standing as the whole lead-in (not the end
                # of a phrase: '… in a statement on Monday: "…"')
                speaker = ctx.speaker_in(s, k, anchor, "subject")
                if speaker is not None and speaker.name:
                    return _Attribution("colon", None, speaker, separator)
            speaker = ctx.speaker_in(l0, k, anchor, "subject")
            if speaker is not None and (speaker.actor_id or "").startswith("person:"):
                # 'Belize's Minister, Keisha Arnold, struck a similar tone in a statement on Monday:'
                return _Attribution("colon", None, speaker, separator)
        if not any(doc[i].is_alpha for i in range(l0, lend)):
            return None
        for i in range(lend - 1, l0 - 1, -1):
            hit = ctx.cue_at_start.get(i)
            if hit is not None and hit.cue.kind == "source":
                # "Según el portavoz, la falta de fondos «…»": the source follows its cue
                stop = next((c for c in range(hit.end, lend) if ctx.words[c] == ","), lend)
                speaker = ctx.speaker_in(hit.end, stop, anchor, "first")
                if speaker is not None:
                    return _Attribution("partial", hit, speaker, separator)
            if hit is not None:
                if (
                    0 < l0 < hit.start
                    and ctx.in_quote[l0 - 1]
                    and ctx.lowers[hit.start - 1] in self.lexicon.word_class("segment_joiner")
                ):
                    # 'agradeció el "liderazgo constante" de España y subrayó que … "…"': a verb
                    # coordinated with the clause of the quotation before keeps its subject
                    return _Attribution("partial", hit, None, separator, inherit=True)
                speaker = ctx.speaker_in(l0, hit.start, anchor, "subject", cue_token=hit.start)
                if speaker is None and self._joins_previous(ctx, l0, hit.start):
                    # '… es «un ejemplo» y agregó que la Plataforma «…»': the same subject goes on
                    return _Attribution("partial", hit, None, separator, inherit=True)
                if speaker is None and hit.start > l0 and ctx.words[hit.start - 1] in _LEAD_PUNCT - {","}:
                    # "—A —explicó la vicecanciller—, y B": the aside's subject, after its cue
                    close = next((c for c in range(hit.end, lend) if ctx.words[c] in _LEAD_PUNCT), lend)
                    speaker = ctx.speaker_in(hit.end, close, anchor, "first")
                if (
                    speaker is None
                    and separator == ","
                    and l0 > 0
                    and ctx.in_quote[l0 - 1]
                    and not any(doc[i].is_alpha for i in range(l0, hit.start))
                ):
                    # «A», dijo X, «B»: the second segment of a split quote, as full as the first
                    speaker = ctx.speaker_in(hit.end, k, anchor, "first") or ctx.resolve_context(anchor, 3)
                    return _Attribution("direct", hit, speaker, separator)
                return _Attribution("partial", hit, speaker or ctx.resolve_context(anchor, 3), separator)
        return None

    def _statement_before(self, ctx: QuoteContext, l0: int, k: int) -> int | None:
        """The first token of "the following joint communiqué" / "el siguiente comunicado" when
        the words before token ``k`` (a colon) end with a statement noun; None otherwise."""
        statement = self.lexicon.word_class("statement_noun")
        articles = self.lexicon.word_class("article")
        for j in range(k - 1, max(l0, k - 5) - 1, -1):
            if ctx.lowers[j] in statement:
                i = j
                while i > l0 and i > j - 4 and ctx.words[i - 1].isalpha() and ctx.words[i - 1][:1].islower():
                    i -= 1
                    if ctx.lowers[i] in articles:
                        break
                return i if i > l0 else None
            if not (ctx.words[j].isalpha() and ctx.words[j][:1].islower()):
                return None
        return None

    def _is_motto(self, ctx: QuoteContext, text: str, start: int, l0: int, reported: bool = False) -> bool:
        """The campaign "No One Left Behind", the theme "Solidarity in Action": names, not speech.

        A noun like "campaign" right before the marks makes a short phrase a name, unless the
        clause reports speech (``described the programme as "a lifeline"``); a short title-cased
        phrase with no cue of its own is a name either way.
        """
        words = text.split()
        if not words or len(words) > 12:
            return False
        doc = ctx.doc
        i = start - 1
        while i >= l0 and (doc[i].text in {",", ":"} or doc[i].is_space):
            i -= 1
        if i >= l0 and doc[i].lower_ in self.lexicon.motto_heads and (
            not reported or (i == start - 1 and text[:1].isupper())
        ):
            # 'said it would work under the theme "Central America, one region, one future"': a
            # capitalised phrase right after the noun is its name, not speech ('called the plan
            # "a lifeline"', 'el plan «pone a las personas en el centro»' are)
            return True
        if not reported and i >= l0:
            head = doc[i].lower_
            naming = self.lexicon.word_class("naming")
            if head in naming and i - 1 >= l0 and doc[i - 1].lower_ in self.lexicon.motto_heads:
                return True
        if len(words) > 8 or text.rstrip().endswith(_FINAL_IN_QUOTE):
            return False
        long_words = [w for w in words if sum(c.isalpha() for c in w) >= 4]
        return bool(long_words) and words[0][:1].isupper() and all(w[:1].isupper() for w in long_words)

    def _sentence_continues(
        self, ctx: QuoteContext, text: str, end: int, r1: int, right: _Attribution | None
    ) -> bool:
        """``He said the plan was “a turning point” for the region``: the clause goes on."""
        if right is not None or text.rstrip().endswith(_FINAL_IN_QUOTE) or end >= r1:
            return False
        first = ctx.doc[end]
        return first.is_alpha and first.text[:1].islower()

    @staticmethod
    def _confidence(chosen: _Attribution, q: QuoteSpan) -> float:
        if chosen.speaker is None:
            value = 0.3
        elif chosen.speaker.name is None:
            value = 0.5
        else:
            value = _CONFIDENCE.get(chosen.speaker.how, 0.7)
        if chosen.kind == "partial":
            value = min(value, 0.7)
        if not q.closed:
            value *= 0.8
        return round(value, 2)

    # -- quotations with no cue of their own -----------------------------------------------

    def _fill_from_context(self, ctx: QuoteContext, drafts: list[_Draft]) -> None:
        """Split quotes take the speaker of the quote before; a quotation that runs over
        paragraphs takes the speaker of its last part; otherwise the person just introduced."""
        for idx in range(1, len(drafts)):
            d, before = drafts[idx], drafts[idx - 1]
            if d.joined and d.needs_context and before.keep and (before.speaker is not None or before.cue):
                if d.cue is None:
                    d.cue, d.partial = before.cue, before.partial
                d.speaker, d.needs_context = before.speaker, False
                d.confidence = before.confidence
        for idx in range(len(drafts) - 2, -1, -1):
            d, nxt = drafts[idx], drafts[idx + 1]
            if d.needs_context and d.quote.continues and nxt.keep and nxt.speaker is not None:
                d.speaker, d.cue, d.needs_context = nxt.speaker, nxt.cue, False
                d.confidence = 0.75
        previous: _Draft | None = None
        for d in drafts:
            if d.needs_context and d.keep:
                self._from_context(ctx, d, previous)
            if d.keep and d.speaker is not None:
                previous = d
        for d in drafts:
            if (d.keep or d.short) and (d.speaker is None or d.topic) and len(d.text.split()) >= 3:
                # a headline that repeats words quoted below ('"Aquí mis hijos ya no tienen miedo":
                # una familia …', 'MIRPS at the Executive Committee: "Displacement is a regional
                # responsibility"'): the speaker of the quotation that holds them
                source = next((o for o in drafts if o is not d and o.keep and o.speaker is not None
                               and not o.topic and _echoes(d.text, o.text)), None)
                if source is not None:
                    d.speaker, d.confidence, d.keep = source.speaker, 0.6, True

    def _from_context(self, ctx: QuoteContext, d: _Draft, previous: _Draft | None) -> None:
        d.needs_context = False
        anchor = d.tokens[0] if d.tokens else 0
        if previous is not None and previous.tokens and d.tokens and self._continues_speech(ctx, previous, d):
            d.speaker, d.cue = previous.speaker, previous.cue
            d.confidence = 0.75
            return
        speaker = ctx.resolve_context(anchor, max_back=2) if d.tokens else None
        if speaker is None and d.tokens:
            # a quotation standing first, its speaker named in the next sentence:
            # '"…" / The warning came from Giovanni Lepri, UNHCR's regional director, …'
            speaker, cue = self._named_after(ctx, d.tokens[1])
            if speaker is not None:
                d.speaker, d.cue, d.confidence = speaker, d.cue or cue, 0.5
                return
        if speaker is None and d.tokens and not self._is_motto(ctx, d.text, anchor, anchor):
            # a paragraph that is only a quotation, in a story about one person: the person the
            # paragraph before (else after) attributes speech to ("Mejía said the shelter …")
            speaker = self._speaker_next_door(ctx, d.tokens, -1) or self._speaker_next_door(ctx, d.tokens, 1)
            if speaker is not None:
                d.speaker, d.confidence = speaker, 0.5
                return
        if speaker is not None:
            d.speaker, d.confidence = speaker, 0.6
            if d.tokens and d.cue is None:
                # '"…" / said Lepri, …': the next paragraph opens with the cue
                after, cue = self._named_after(ctx, d.tokens[1])
                if after is not None and after.actor_id == speaker.actor_id and after.name == speaker.name:
                    d.cue = cue
            return
        words = d.text.split()
        motto = self._is_motto(ctx, d.text, anchor, anchor)
        if len(words) < self.min_unattributed_words or motto:
            d.keep, d.short = False, not motto
            return
        d.confidence = 0.3

    def _speaker_next_door(self, ctx: QuoteContext, tokens: tuple[int, int], step: int) -> Speaker | None:
        """The person a speech cue attributes words to in the paragraph before (``step=-1``) or
        after (``step=1``) a quotation that forms a paragraph of its own; None otherwise."""
        n = len(ctx.words)
        start, end = tokens
        if not n or end > n:
            return None
        lo, hi = start, end
        para = ctx.para[start]
        while lo > 0 and ctx.para[lo - 1] == para:
            lo -= 1
        while hi < n and ctx.para[hi] == para:
            hi += 1
        if any(ctx.words[k].isalpha() and not ctx.in_quote[k] for k in (*range(lo, start), *range(end, hi))):
            return None  # the paragraph has words of its own beside the quotation
        if step < 0:
            b = lo
            while b > 0 and (ctx.spaces[b - 1] or ctx.para[b - 1] == para):
                b -= 1
            if b == 0:
                return None
            target = ctx.para[b - 1]
            a = b - 1
            while a > 0 and ctx.para[a - 1] == target and b - a < 4 * self.window:
                a -= 1
        else:
            a = hi
            while a < n and ctx.spaces[a]:
                a += 1
            if a >= n:
                return None
            target = ctx.para[a]
            b = a
            while b < n and ctx.para[b] == target and b - a < 4 * self.window:
                b += 1
        hits = [ctx.cue_at_start[k] for k in range(a, b) if k in ctx.cue_at_start and not ctx.in_quote[k]]
        for hit in hits if step > 0 else reversed(hits):
            if hit.cue.kind != "speech":
                continue
            s0 = hit.start
            while s0 > a and ctx.sent[s0 - 1] == ctx.sent[hit.start]:
                s0 -= 1
            s1 = hit.end
            while s1 < b and ctx.sent[s1] == ctx.sent[hit.start]:
                s1 += 1
            speaker = ctx.speaker_in(s0, hit.start, start, "subject", cue_token=hit.start) or ctx.speaker_in(
                hit.end, min(s1, hit.end + 12), start, "first"
            )
            if speaker is not None and speaker.name and speaker.how != "actor":
                speaker.how = "context"
                return speaker
        return None

    def _named_after(self, ctx: QuoteContext, end: int) -> tuple[Speaker | None, str | None]:
        """The first person named in the sentence after token ``end`` (the next paragraph's
        "said Lepri, …" or "The warning came from Giovanni Lepri"), with a cue there if any."""
        n = len(ctx.words)
        i = end
        while i < n and (ctx.spaces[i] or ctx.words[i] in _LEAD_PUNCT):
            i += 1
        if i >= n or ctx.in_quote[i]:
            return None, None
        sentence = ctx.sent[i]
        j = i
        while j < n and j - i < self.window and ctx.sent[j] == sentence and not ctx.in_quote[j]:
            j += 1
        person = next((m for m in ctx.mentions_in(i, j) if m.label == PERSON), None)
        if person is None:
            return None, None
        hit = next((ctx.cue_at_start[k] for k in range(i, j) if k in ctx.cue_at_start), None)
        cue = hit.text if hit is not None and hit.cue.kind == "speech" else None
        return ctx.speaker_from(person, how="context"), cue

    @staticmethod
    def _continues_speech(ctx: QuoteContext, previous: _Draft, d: _Draft) -> bool:
        """The quote before is in this or the previous paragraph and nobody else is named between."""
        assert previous.tokens is not None and d.tokens is not None and previous.speaker is not None
        p_end, start = previous.tokens[1], d.tokens[0]
        if ctx.para[start] - ctx.para[min(p_end, len(ctx.para) - 1)] > 1:
            return False
        for m in ctx.mentions_in(p_end, start):
            if m.label == PERSON and m.name != previous.speaker.name and (
                m.actor_id is None or m.actor_id != previous.speaker.actor_id
            ):
                return False
        return True


def _opens_clause(view: TokenView, i: int) -> bool:
    """Token ``i`` starts a sentence, a line, or follows a mark or a colon."""
    if i == 0 or view.sent_start[i]:
        return True
    prev = view.text[i - 1]
    return ("\n" in prev and view.is_space[i - 1]) or prev in {".", "!", "?", ":", "(", "—", "–"} or any(
        c in prev for c in "\"“”‘’'«»"
    )


def _echoes(short: str, long: str) -> bool:
    """``short`` repeats ``long``'s words: all of them in a row, or nearly all its content words
    (a headline trims a quotation: "Displacement is a regional responsibility")."""
    words, source = _folded(short), _folded(long)
    if words in source:
        return True
    content = {w for w in words.split() if len(w) > 3}
    return len(content) >= 3 and len(content & set(source.split())) >= 0.8 * len(content)


def _folded(text: str) -> str:
    """Lower-case words only, for comparing two quotations' wording."""
    return " ".join("".join(c for c in w if c.isalnum()) for w in text.lower().split())


def _clean(text: str) -> str:
    """The words inside the marks: no surrounding space, no trailing comma."""
    text = text.strip()
    while text.endswith((",", ";")):
        text = text[:-1].rstrip()
    return text


@Language.factory(
    "mirps_quotes",
    default_config={"window": 40, "min_unattributed_words": 6, "lang": "", "patterns": ""},
    requires=["doc._.mirps_actors"],
    assigns=["doc._.mirps_quotes"],
)
def make_quotes(
    nlp: Language, name: str, window: int, min_unattributed_words: int, lang: str, patterns: str
) -> QuoteExtractor:
    return QuoteExtractor(
        nlp, name, window=window, min_unattributed_words=min_unattributed_words, lang=lang, patterns=patterns
    )
