"""What a figure counts, and where: the noun phrase around a number, read from tokens.

Press releases say the same thing many ways, and the record wants one short phrase:

    more than 1.8 million people who have been forcibly displaced  -> people forcibly displaced
    more than 1.7 million people affected by displacement          -> people affected by displacement
    Hurricanes Eta and Iota affected 7.5 million people             -> people affected by Hurricanes Eta and Iota
    the number of new asylum claims lodged in Mexico rose to 130,000 -> new asylum claims (scope Mexico)
    a new contribution of €2 million to the MIRPS Fund              -> new contribution to the MIRPS Fund
    €28.5 million in humanitarian funding for 2023                  -> humanitarian funding for 2023

With no part-of-speech tagger (the default pipeline has no model) the head noun is a known
counted noun (``figures_nouns.jsonl``) or a plural-looking word, and modifiers are recognised
from small word lists (``figures_context.jsonl``). Everything here is a bounded look around
one figure: a few tokens to each side, never a pass over the document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from mirps_nlp.components.actors.mentions import token_view
from mirps_nlp.components.figures.lexicon import FigureLexicon

_CLAUSE_BREAKS = frozenset({",", ";", ":", "(", ")", '"', "“", "”", "«", "»", "—", "–"})


@dataclass
class Counted:
    """The counted phrase of one figure."""

    text: str | None = None
    head: int | None = None  # token index of the head noun
    end: int = 0  # token after the phrase and its modifiers (where a scope may start)
    direct: bool = False  # the phrase follows the number, so the figure's text runs to its head
    scope: str | None = None
    name: bool = False  # the "phrase" is a capitalised name: the number is part of it


class CountedReader:
    """Reads counted phrases and scopes with one language's word lists."""

    def __init__(self, lex: FigureLexicon) -> None:
        self.lex = lex
        w = lex.words
        self.function = w("function_word")
        self.hyphen_nouns = w("hyphen_count_noun")
        self.not_np = w("function_word") | w("time_unit") | w("month") | set(lex.numbers) | set(lex.scales)
        self.participles = w("postmod_participle")
        self.states = w("state_participle")
        self.suffixes = tuple(w("participle_suffix"))
        self.relative = w("relative_pronoun")
        self.aux = w("auxiliary")
        self.copulas = w("copula")  # "were displaced": a passive participle follows
        # auxiliaries that are verbs, without the adverbs among them ("now", "already")
        self.verb_aux = self.aux - w("auxiliary_adverb")
        self.aux_not_perfect = self.aux - w("perfect_auxiliary")
        self.place_determiners = w("determiner") | w("article_or_possessive")
        self.subject_function = w("function_word") - w("subject_inner_word")
        self.not_plural_endings = tuple(w("not_plural_ending"))
        self.scope_preps = w("scope_preposition")
        self.scope_joins = w("scope_connector")
        self.scope_mods = w("scope_modifier")
        self.agent_preps = w("agent_preposition")
        self.of = w("complement_preposition")  # "members of", "14 of the 298", "the number of"
        self.by = w("passive_agent")  # "people affected by displacement"
        # the word that makes an active clause passive in a counted phrase (sorted: one per language)
        self.by_word = min(self.by, default="")
        self.the = w("definite_article")  # "the Darién jungle", "to the MIRPS Fund"
        self.to = w("infinitive_marker")  # "people forced to flee"
        self.goal = w("goal_preposition")  # "a contribution of €2 million to the MIRPS Fund"
        self.emphatic = w("emphatic_possessive")  # "their own country"
        self.person_relative = w("person_relative")  # "people who have received ..."
        self.with_preps = w("comitative_preposition")  # "returnees with protection needs"
        self.for_preps = w("purpose_preposition")  # "funding for 2023"
        self.money_preps = w("money_counted_preposition")
        self.percent_preps = w("percent_counted_preposition")
        self.determiners = w("determiner")
        self.months = w("month")
        self.coordination = w("coordination")
        self.stop_adverbs = w("stop_adverb")
        self.active_verbs = w("active_state_verb")
        self.money_nouns = w("money_noun")
        self.immediate_links = {tuple(p.split()) for p in w("immediate_linking_verb")}
        self.subject_skip = w("subject_skip")
        self.subject_words = w("clause_subject")
        self.clause_openers = w("clause_opener")
        self.fillers = sorted((tuple(p.split()) for p in w("linking_filler")), key=len, reverse=True)
        self.linking = sorted((tuple(p.split()) for p in w("linking_verb")), key=len, reverse=True)
        # "the budget was 47.3 million pesos": a copula links a subject to money only
        self.money_linking = sorted(
            {*self.linking, *(tuple(p.split()) for p in w("money_linking_verb"))}, key=len, reverse=True
        )
        # by last word, longest first: one dict lookup per figure instead of a scan of every phrase
        self.linking_by_last = _by_last(self.linking)
        self.money_linking_by_last = _by_last(self.money_linking)
        self.count_prefixes = sorted((tuple(p.split()) for p in w("count_noun_prefix")), key=len, reverse=True)
        self.postmod_phrases = sorted((tuple(p.split()) for p in w("postmod_phrase")), key=len, reverse=True)

    # ------------------------------------------------------------------ entry point
    def read(self, doc: Doc, start: int, end: int, unit: str | None, core: int | None = None) -> Counted:
        """The counted phrase of the figure whose words run ``start:end`` (qualifier and unit included);
        ``core`` is where the words after a qualifier start ("topped 108,000": the verb is both)."""
        core = start if core is None else core
        n = len(doc)
        j = end
        direct = True
        owner: list[Token] = []
        if j < n and unit is not None and doc[j].lower_ in (self.percent_preps if unit == "%" else self.money_preps):
            direct = False  # "US$ 5 million in funding", "40 per cent of refugees"
            j += 1
            owner, after = self._possessor(doc, j)  # "40% of this year's funding"
            if owner:
                j = after
            elif j < n and doc[j].lower_ in self.determiners:
                j += 1
        elif j + 2 < n and unit is None and doc[j].lower_ in self.of and doc[j + 1].lower_ in self.determiners:
            # partitive: "more than 110 of the 177 commitments", "14 of the country's 298 municipalities",
            # "183 of their national commitments" count commitments / municipalities
            k = j + 2
            _, k = self._possessor(doc, k)
            while k < n and (doc[k].text[:1].isdigit() or doc[k].lower_ in self.lex.numbers):
                k += 1
            if k > j + 2 or self.noun_phrase(doc, k)[1] is not None:
                j, direct = k, False
        tokens, head = self.noun_phrase(doc, j)
        if head is None:
            return self._from_before(doc, core, end, unit) if core != start and self._links_at(
                doc, core
            ) else self._from_before(doc, start, end, unit)
        words = [*owner, *(doc[k] for k in tokens if k <= head)]
        if (
            len(words) >= 2
            and all(t.is_title or t.is_upper or not t.is_alpha for t in words)
            and doc[head].lower_ not in self.lex.heads
            and not doc[j].is_sent_start
        ):
            return Counted(name=True)
        extra, k = self.post_modifier(doc, head + 1)
        more, k = self._coordinated(doc, k, bool(extra))
        if more and not extra:
            extra, k = self.post_modifier(doc, k)
            more += extra
        if not extra:
            extra, k = self._of_name(doc, k)
        if not extra:
            extra, k = self._with_phrase(doc, k)
        parts = [*words, *extra, *more]
        if unit not in (None, "%"):
            year, k = self._for_year(doc, k)
            parts += year
        counted = Counted(_join(parts), head, k, direct)
        counted = self._active_verb(doc, start, counted, words, extra)
        counted.scope = self.scope(doc, counted.end) or self.scope_before(doc, start)
        return counted

    # ------------------------------------------------------------------ noun phrases
    def noun_phrase(self, doc: Doc, j: int) -> tuple[list[int], int | None]:
        """Token indices of the noun phrase at ``j`` and its head: the last known counted noun or
        plural-looking word before a post-modifier ("displaced people", "border and host municipalities")."""
        n = len(doc)
        tokens: list[int] = []
        head: int | None = None
        k = j
        if 0 < k < n - 1 and doc[k].text == "-" and not doc[k - 1].whitespace_ and not doc[k].whitespace_:
            if doc[k + 1].lower_ in self.lex.heads or doc[k + 1].lower_ in self.hyphen_nouns:
                # "the seven-nation bloc", "a 12-member committee": the count of members
                return [k + 1], k + 1
            return [], None
        while k < n and len(tokens) < 7:
            t = doc[k]
            low = t.lower_
            if t.text == "-" and tokens and not doc[k - 1].whitespace_ and not t.whitespace_:
                tokens.append(k)  # "asylum-seekers", "women-led"
                k += 1
                continue
            if (
                head is None
                and tokens
                and low in self.coordination
                and k + 1 < n
                and doc[k + 1].is_alpha
                and doc[k + 1].lower_ not in self.not_np
            ):
                tokens.append(k)  # "border and host municipalities", "financial and technical support"
                k += 1
                continue
            if not t.is_alpha or (t.is_sent_start and k != j) or low in self.not_np:
                break
            if head is not None:
                if low not in self.lex.heads and (self.is_participle(low) or low.endswith(("ing", "ly"))):
                    break  # (a known head first: "children" is not a participle in "-en")
                if (t.is_title or t.is_upper) and not (doc[head].is_title or doc[head].is_upper):
                    break
                if low in self.lex.heads:  # "refugee children"; not "population lives"
                    head = k
                    tokens.append(k)
                    k += 1
                    continue
                break
            if low in self.lex.heads or self.is_plural(low):
                head = k
            elif tokens and low.endswith("ly"):
                break
            tokens.append(k)
            k += 1
        while tokens and (doc[tokens[-1]].text == "-" or doc[tokens[-1]].lower_ in self.coordination):
            tokens.pop()
        return tokens, head

    def is_plural(self, low: str) -> bool:
        return (
            len(low) > 3
            and low.endswith("s")
            and not low.endswith(self.not_plural_endings)
            and low not in self.function
        )

    def is_participle(self, low: str) -> bool:
        return low in self.participles or (len(low) > 4 and low.endswith(self.suffixes))

    def _possessor(self, doc: Doc, j: int) -> tuple[list[Token], int]:
        """A possessor before the noun: "this year's", "UNHCR's", "the country's" (tokens, next index)."""
        n = len(doc)
        for k in range(j, min(n, j + 4)):
            low = doc[k].lower_
            if low in {"'s", "’s"} and k > j:
                owner = [t for t in doc[j : k + 1] if t.lower_ not in self.determiners or t.lower_ in {"this", "that"}]
                return owner, k + 1
            if not doc[k].is_alpha or (low in self.function and low not in self.determiners):
                break
        return [], j

    # ------------------------------------------------------------------ modifiers after the head
    def post_modifier(self, doc: Doc, k: int) -> tuple[list[Token], int]:
        """Modifiers after the head that say what is counted: "who have been forcibly displaced",
        "affected by displacement", "in need of protection", "seeking asylum"."""
        n = len(doc)
        if k >= n:
            return [], k
        low = doc[k].lower_
        # "people in need of international protection"
        fixed = fixed_phrase_at(doc, k, self.postmod_phrases, self.function, self.plain_words)
        if fixed is not None:
            return fixed
        # "people who have been forcibly displaced"; in a main clause only for participles that say
        # what happened to them: "1.2 million people were forcibly displaced" (not "were made")
        relative = low in self.relative
        m = k + 1 if relative else k
        aux = 0
        passive = False
        while m < n and doc[m].lower_ in self.aux and aux < 4:
            passive = passive or doc[m].lower_ in self.copulas
            m += 1
            aux += 1
        # collapse a passive or a state: "who have been forcibly displaced" -> "forcibly displaced",
        # but keep an active clause whole: "who have received protection measures"
        if aux and (passive or (m < n and doc[m].lower_ in self.states) or not relative):
            adverb: list[Token] = []
            if m < n and doc[m].lower_.endswith("ly") and doc[m].is_alpha:
                adverb = [doc[m]]
                m += 1
            if m < n and (
                (self.is_participle(doc[m].lower_) and (relative or doc[m].lower_ in self.states))
                or (doc[m].lower_.endswith("ing") and doc[m].lower_ in self.participles)
            ):
                return self._participle_phrase(doc, m, adverb)
        if relative:
            return self._relative_clause(doc, k)
        # "people affected by displacement", "people forced to flee", "people seeking asylum"
        if low in self.participles or (self.is_participle(low) and k + 1 < n and doc[k + 1].lower_ in self.by):
            return self._participle_phrase(doc, k, [])
        return [], k

    def _relative_clause(self, doc: Doc, k: int) -> tuple[list[Token], int]:
        """"people who have received protection measures" -> "people who received protection measures":
        the clause up to its first break, auxiliaries dropped."""
        n = len(doc)
        out = [doc[k]]
        m = k + 1
        if m < n and doc[k].lower_ not in self.person_relative and (
            (doc[m].is_title and not doc[m].is_sent_start) or doc[m].lower_ in self.subject_words
        ):
            return [], k  # an object clause with its own subject: "exchanges that Panama is leading"
        while m < n and len(out) < 8:
            t = doc[m]
            if t.text in _CLAUSE_BREAKS or t.is_punct or t.is_space or (t.is_sent_start and m > k):
                break
            if t.lower_ in self.scope_preps and m + 1 < n and (doc[m + 1].is_title or doc[m + 1].is_upper):
                break  # "… who fled in Central America": the place is the scope
            if t.lower_ in self.verb_aux:
                if len(out) > 1:
                    break  # the main clause resumes: "people who received help were interviewed"
                m += 1
                continue
            out.append(t)
            m += 1
        if len(out) < 2:
            return [], k
        while out and out[-1].lower_ in self.function:
            out.pop()
        return out, out[-1].i + 1

    def _of_name(self, doc: Doc, k: int) -> tuple[list[Token], int]:
        """"member States of the MIRPS", "members of the Support Platform": a short name after "of"
        (not a long full name with its acronym: "countries of the Comprehensive … Framework (MIRPS)")."""
        n = len(doc)
        if k + 1 >= n or doc[k].lower_ not in self.of:
            return [], k
        m = k + 1
        out = [doc[k]]
        if doc[m].lower_ in self.the:
            out.append(doc[m])
            m += 1
        name: list[Token] = []
        while m < n and doc[m].is_alpha and (doc[m].is_title or doc[m].is_upper) and len(name) < 4:
            name.append(doc[m])
            m += 1
        if not name or len(name) > 3 or (m < n and doc[m].text == "("):
            return [], k
        if m + 1 < n and doc[m].lower_ in self.scope_joins and doc[m + 1].is_title:
            return [], k  # "… of the Comprehensive Regional Protection and Solutions Framework"
        if any(t.lower_ in self.months for t in name):
            return [], k
        return out + name, m

    def _with_phrase(self, doc: Doc, k: int) -> tuple[list[Token], int]:
        """"returnees with protection needs", "municipalities with safe spaces"."""
        if k < len(doc) and doc[k].lower_ in self.with_preps:
            obj = self.plain_words(doc, k + 1, 3)
            if obj:
                return [doc[k], *obj], k + 1 + len(obj)
        return [], k

    def _participle_phrase(self, doc: Doc, m: int, adverb: list[Token]) -> tuple[list[Token], int]:
        """The participle at ``m`` with what completes it: "displaced or stateless", "forced to move
        within their own country", "forced from their homes", "awaiting a decision"."""
        n = len(doc)
        low = doc[m].lower_
        extra = [*adverb, doc[m]]
        k = m + 1
        if low.endswith("ing"):
            obj = self._object(doc, k, 3)
            if not obj and low not in self.participles:
                return [], m
            extra += obj
            return extra, k + len(obj)
        # "forcibly displaced or stateless"
        if k + 1 < n and doc[k].lower_ in self.coordination and doc[k + 1].lower_ in self.participles:
            extra += [doc[k], doc[k + 1]]
            k += 2
        more, k = self._complement(doc, k)
        return extra + more, k

    def _complement(self, doc: Doc, k: int) -> tuple[list[Token], int]:
        """"by violence", "to flee", "to move within their own country", "from their homes"."""
        n = len(doc)
        if k >= n:
            return [], k
        low = doc[k].lower_
        if low in self.by:
            obj = self.plain_words(doc, k + 1, 3)
            return ([doc[k], *obj], k + 1 + len(obj)) if obj else ([], k)
        if low in self.to:
            verb = self.plain_words(doc, k + 1, 1)
            if not verb:
                return [], k
            out = [doc[k], *verb]
            j = k + 2
            obj = self.plain_words(doc, j, 1)
            if obj:
                out += obj
                j += 1
            pp, j = self._place_phrase(doc, j)
            return out + pp, j
        return self._place_phrase(doc, k)

    def _place_phrase(self, doc: Doc, k: int) -> tuple[list[Token], int]:
        """"from their homes", "within their own country": a lower-case prepositional phrase."""
        if k < len(doc) and doc[k].lower_ in self.agent_preps and doc[k].lower_ not in self.by:
            obj = self._object(doc, k + 1, 3)
            if obj and obj[-1].lower_ not in self.function:
                return [doc[k], *obj], k + 1 + len(obj)
        return [], k

    def _object(self, doc: Doc, k: int, limit: int) -> list[Token]:
        """A short object: an optional determiner, then plain words ("a decision", "their own country",
        "the Darién jungle")."""
        out: list[Token] = []
        n = len(doc)
        if k < n and doc[k].lower_ in self.place_determiners:
            out.append(doc[k])
            k += 1
            names = 0
            while k < n and doc[k].is_alpha and doc[k].is_title and names < 3 and not doc[k].is_sent_start:
                out.append(doc[k])
                k += 1
                names += 1
            if names:
                return out + self.plain_words(doc, k, 1)
        words = self.plain_words(doc, k, limit, allow=self.emphatic)
        return out + words if words else []

    def _coordinated(self, doc: Doc, k: int, after_modifier: bool) -> tuple[list[Token], int]:
        """"refugees and asylum seekers", "displaced people and members of host communities"."""
        n = len(doc)
        if after_modifier or k + 1 >= n or doc[k].lower_ not in self.coordination:
            return [], k
        tokens, head = self.noun_phrase(doc, k + 1)
        if head is None or doc[head].is_title:
            return [], k
        out = [doc[k], *(doc[t] for t in tokens if t <= head)]
        j = head + 1
        if j < n and doc[j].lower_ in self.of:
            obj = self.plain_words(doc, j + 1, 3)
            if obj:
                out += [doc[j], *obj]
                j += 1 + len(obj)
        return out, j

    def _for_year(self, doc: Doc, k: int) -> tuple[list[Token], int]:
        """Money earmarked for a year: "€28.5 million in humanitarian funding for 2023"."""
        if k + 1 < len(doc) and doc[k].lower_ in self.for_preps and _is_year(doc[k + 1]):
            return [doc[k], doc[k + 1]], k + 2
        return [], k

    def plain_words(self, doc: Doc, k: int, limit: int, allow: frozenset[str] | set[str] = frozenset()) -> list[Token]:
        out: list[Token] = []
        while k < len(doc) and len(out) < limit:
            t = doc[k]
            low = t.lower_
            if not t.is_alpha or not t.is_lower or (low in self.not_np and low not in allow):
                break
            if low in self.stop_adverbs:
                break
            if out and self.is_participle(low):
                break  # "in need of protection arrived"
            out.append(t)
            k += 1
        return out

    # ------------------------------------------------------------------ looking before the figure
    def _active_verb(self, doc: Doc, start: int, counted: Counted, words: list[Token], extra: list[Token]) -> Counted:
        """"Hurricanes Eta and Iota affected 7.5 million people" -> "people affected by Hurricanes
        Eta and Iota"; "violence has forced 890,000 people … to seek safety" -> "people forced to seek safety"."""
        if extra or start < 2 or counted.head is None:
            return counted
        verb = doc[start - 1]
        if verb.lower_ not in self.active_verbs or doc[start - 2].lower_ in self.aux_not_perfect:
            return counted
        k = start - 2
        while k >= 0 and doc[k].lower_ in self.aux:
            k -= 1
        subject = self._clause_before(doc, k)
        parts: list[Token | str] = [*words, verb]
        if subject and len(subject) <= 6 and not any(t.text in _CLAUSE_BREAKS for t in subject):
            parts += [self.by_word, *subject]
        end = counted.end
        # the complement may follow a place: "forced 890,000 people from Guatemala … to seek safety"
        scope_end = self._scope_end(doc, end)
        more, after = self._complement(doc, scope_end)
        if more and more[0].lower_ in self.to:
            parts += more
        elif scope_end == end:
            more, after = self._complement(doc, end)
            parts += more
            end = after
        counted.text = _join(parts)
        counted.end = end
        return counted

    def _links_at(self, doc: Doc, start: int) -> bool:
        prev = tuple(doc[k].lower_ for k in range(max(0, start - 3), start))
        return bool(prev) and any(prev[-len(p) :] == p for p in self.linking_by_last.get(prev[-1], ()))

    def _from_before(self, doc: Doc, start: int, end: int, unit: str | None) -> Counted:
        """No noun after the number: look before it. "the number of new asylum claims lodged in Mexico
        rose to more than 130,000"; "Spanish contributions to the MIRPS Fund reach €4.5 million";
        "a new contribution of €2 million to the MIRPS Fund"."""
        if start == 0:
            return Counted(end=end)
        before = tuple(doc[k].lower_ for k in range(max(0, start - 5), start))
        for filler in self.fillers:  # "reached a record 140,982"
            if len(before) > len(filler) and before[-len(filler) :] == filler:
                start -= len(filler)
                before = before[: -len(filler)]
                break
        prev = before[-3:]
        table = self.money_linking_by_last if unit not in (None, "%") else self.linking_by_last
        for phrase in table.get(prev[-1], ()) if prev else ():
            if prev[-len(phrase) :] == phrase:
                verb_start = start - len(phrase)
                immediate = phrase[0].endswith("ing") or phrase in self.immediate_links
                return self._subject(doc, verb_start, end, immediate=immediate)
        if doc[start - 1].lower_ in self.of:
            return self._money_noun(doc, start - 1, end, unit)
        if doc[start - 1].text == ",":
            counted = self._apposition(doc, start - 1, end)
            if counted.text:
                return counted
        return Counted(end=end, scope=self.scope(doc, end) or self.scope_before(doc, start))

    def _apposition(self, doc: Doc, comma: int, end: int) -> Counted:
        """"Hondurans filed the largest number of claims, 41,112": the noun after a count prefix."""
        for of in range(comma - 2, max(-1, comma - 6), -1):
            if doc[of].lower_ not in self.of:
                continue
            lows = tuple(t.lower_ for t in doc[max(0, of - 3) : of + 1])
            if any(lows[-len(p) :] == p for p in self.count_prefixes):
                words = self.plain_words(doc, of + 1, comma - of - 1)
                if len(words) == comma - of - 1:
                    return Counted(_join(words), None, end, False, self.scope(doc, end))
            break
        return Counted(end=end)

    def _subject(self, doc: Doc, verb_start: int, end: int, immediate: bool) -> Counted:
        k = verb_start - 1
        infinitive = False
        while k >= 0 and (doc[k].lower_ in self.aux or doc[k].lower_ in self.subject_skip):
            infinitive = infinitive or doc[k].lower_ in self.to
            k -= 1
        if immediate and k >= 0 and doc[k].text == ",":
            k -= 1  # "The project, worth US$ 1.5 million"
        subject = self._clause_before(doc, k)
        if immediate or infinitive:
            # "donors announced contributions totalling US$ 26 million", "expects claims to stay above
            # 100,000", "its first phase is estimated to cost": only the noun phrase right before
            run: list[Token] = []
            for t in reversed(subject):
                low = t.lower_
                if len(run) == 3 or not t.is_alpha or low in self.function or (
                    low not in self.lex.heads and (self.is_participle(low) or (run and self.is_plural(low)))
                ):
                    break  # a verb: "announced", "expects", "finances" (modifier nouns are singular)
                run.insert(0, t)
            subject = run
        while subject and subject[0].lower_ in self.determiners | self.coordination | {"a", "an"}:
            subject = subject[1:]
        lows = [t.lower_ for t in subject]
        for prefix in self.count_prefixes:  # "the number of new asylum claims"
            if tuple(lows[: len(prefix)]) == prefix:
                subject = subject[len(prefix) :]
                break
        kept: list[Token] = []
        rest_start = None
        for t in subject:
            low = t.lower_
            if kept and (low in self.subject_function or (
                low not in self.lex.heads and self.is_participle(low)
            )):
                rest_start = t.i
                break
            kept.append(t)
        while kept and kept[-1].lower_ in self.function:
            kept.pop()
        scope = None
        if rest_start is not None:
            j = rest_start
            while j < verb_start and doc[j].lower_ not in self.scope_preps:
                j += 1
            scope = self.scope(doc, j) if j < verb_start else None
        if not kept:
            return Counted(end=end)
        return Counted(_join(kept), None, end, False, scope or self.scope(doc, end) or self.scope_before(
            doc, kept[0].i))

    def _money_noun(self, doc: Doc, of: int, end: int, unit: str | None) -> Counted:
        """The noun an amount is "of": "a new contribution of €2 million to the MIRPS Fund", "new pledges
        of US$ 110 million for 2025", "a shortfall of about ₡3,000 million", "its population of five million"."""
        k = of - 1
        if k < 0:
            return Counted(end=end)
        low = doc[k].lower_
        if not (low in self.money_nouns if unit not in (None, "%") else low in self.lex.heads and unit is None):
            return Counted(end=end)
        first = k
        while first - 1 >= 0 and doc[first - 1].is_alpha and (
            doc[first - 1].lower_ not in self.not_np
        ) and not doc[first - 1].is_sent_start and not (
            doc[first - 1].lower_ not in self.lex.heads and self.is_participle(doc[first - 1].lower_)
        ):
            first -= 1
        parts: list[Token | str] = list(doc[first : k + 1])
        j = end
        n = len(doc)
        if j + 1 < n and doc[j].lower_ in self.goal:
            m = j + 1
            target = []
            if doc[m].lower_ in self.the:
                target.append(doc[m])
                m += 1
            while m < n and doc[m].is_alpha and (doc[m].is_title or doc[m].is_upper) and len(target) < 6:
                target.append(doc[m])
                m += 1
            if any(t.is_title or t.is_upper for t in target):
                parts += [doc[j], *target]
                j = m
        year, j = self._for_year(doc, j)
        parts += year
        return Counted(_join(parts), None, j, False, self.scope(doc, j) or self.scope_before(doc, first))

    def _clause_before(self, doc: Doc, k: int) -> list[Token]:
        """Tokens from the start of the clause up to token ``k`` (inclusive)."""
        first = k
        while first >= 0:
            t = doc[first]
            if t.text in _CLAUSE_BREAKS or t.lower_ in self.clause_openers:
                break
            if t.is_sent_start:
                first -= 1
                break
            first -= 1
        return list(doc[first + 1 : k + 1]) if k >= 0 else []

    # ------------------------------------------------------------------ scope
    def scope(self, doc: Doc, k: int) -> str | None:
        """The capitalised place phrase after "in" / "across" / "from": "in Central America and Mexico"."""
        n = len(doc)
        if k >= n or doc[k].lower_ not in self.scope_preps:
            return None
        return self._place(doc, k + 1)

    def _scope_end(self, doc: Doc, k: int) -> int:
        if k < len(doc) and doc[k].lower_ in self.scope_preps and self._place(doc, k + 1):
            m = k + 1
            while m < len(doc) and (
                (doc[m].is_alpha and (doc[m].is_title or doc[m].is_upper)) or doc[m].lower_ in self.scope_joins
            ):
                m += 1
            while m > k and doc[m - 1].text == ",":
                m -= 1
            return m
        return k

    def _place(self, doc: Doc, k: int) -> str | None:
        n = len(doc)
        begin = k
        if k < n and doc[k].lower_ in self.the:
            k += 1
        if k < n and doc[k].lower_ in self.scope_mods and doc[k].is_lower:
            k += 1
        first = last = None
        while k < n:
            t = doc[k]
            if t.is_alpha and (t.is_title or t.is_upper) and t.lower_ not in self.months and (
                first is None or not t.is_sent_start
            ):
                if first is None and t.lower_ in self.function:
                    break
                first = k if first is None else first
                last = k
            elif first is not None and (t.lower_ in self.scope_joins or t.text == ","):
                pass
            else:
                break
            k += 1
        if first is None or last is None:
            return None
        return doc[begin : last + 1].text if begin < first else doc[first : last + 1].text

    def scope_before(self, doc: Doc, start: int) -> str | None:
        """A place fronted in the sentence: "In Honduras alone, an estimated 247,000 people …"."""
        return fronted_scope(doc, start, self.scope_preps, self._place)


def fixed_phrase_at(
    doc: Doc,
    k: int,
    phrases: Iterable[tuple[str, ...]],
    function: frozenset[str] | set[str],
    object_at: Callable[[Doc, int, int], list[Token]],
) -> tuple[list[Token], int] | None:
    """A listed post-modifier phrase starting at token ``k`` ("in need of", "en necesidad de"),
    with the short object a phrase ending in a function word needs; shared by every word order."""
    low = doc[k].lower_
    for words in phrases:
        if words[0] == low and tuple(t.lower_ for t in doc[k : k + len(words)]) == words:
            end = k + len(words)
            extra = list(doc[k:end])
            if words[-1] in function:
                obj = object_at(doc, end, 3)
                if not obj:
                    continue
                extra += obj
                end += len(obj)
            return extra, end
    return None


def fronted_scope(
    doc: Doc, start: int, preps: frozenset[str], place_at: Callable[[Doc, int], str | None]
) -> str | None:
    """The place of a sentence-initial scope phrase closed by a comma before token ``start``
    (shared by the readers of every word order: "In Honduras alone, …", "En Honduras, …")."""
    k = start
    sent_start = token_view(doc).sent_start  # plain booleans: no Token object per step back
    while k > 0 and start - k < 40 and not sent_start[k]:
        k -= 1
    if k >= start or doc[k].lower_ not in preps:
        return None
    place = place_at(doc, k + 1)
    if place is None:
        return None
    m = k + 1
    while m < start and doc[m].text != ",":
        m += 1
    return place if m < start and m - k <= 8 else None


def _by_last(phrases: list[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    table: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        table.setdefault(phrase[-1], []).append(phrase)
    return table


def _join(parts: list[Token] | list[Token | str]) -> str:
    text = " ".join(p if isinstance(p, str) else p.text for p in parts)
    return text.replace(" - ", "-").replace(" 's ", "'s ").replace(" ’s ", "’s ").replace(" , ", ", ")


def _is_year(tok: Token) -> bool:
    return tok.text.isdigit() and len(tok.text) == 4 and 1900 <= int(tok.text) <= 2100
