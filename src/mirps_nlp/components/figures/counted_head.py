"""What a figure counts, for languages that put the noun before its modifiers (Spanish).

    más de 1,8 millones de personas desplazadas por la fuerza -> personas desplazadas por la fuerza
    unas 247.000 personas que han sido desplazadas internamente -> personas desplazadas internamente
    140.982 solicitudes de asilo en México                      -> solicitudes de asilo (scope México)
    US$ 110 millones en ayuda humanitaria                       -> ayuda humanitaria
    una contribución adicional de 2 millones de euros           -> contribución adicional
    las solicitudes de refugio ascendieron a 35.000              -> solicitudes de refugio

The English reader (:mod:`.figures_counted`) reads pre-modifiers up to a head; here the head
comes first and agreeing adjectives, participles and a short "de" complement follow it. Every
word comes from ``patterns/<lang>/figures_context.jsonl``; the reader is a bounded look around
one figure, never a pass over the document.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from mirps_nlp.components.figures.counted import Counted, _by_last, _join, fixed_phrase_at, fronted_scope
from mirps_nlp.components.figures.lexicon import FigureLexicon

_BREAKS = frozenset({",", ";", ":", "(", ")", '"', "“", "”", "«", "»", "—", "–", "."})


class HeadFirstReader:
    """Reads counted phrases and scopes with one head-first language's word lists."""

    def __init__(self, lex: FigureLexicon) -> None:
        self.lex = lex
        w = lex.words
        self.function = w("function_word")
        self.determiners = w("determiner")
        self.not_np = self.function | w("time_unit") | w("month") | set(lex.numbers) | set(lex.scales)
        self.links = w("number_link")  # "millones de personas"
        self.money_preps = w("money_counted_preposition")
        self.percent_preps = w("percent_counted_preposition")
        self.money_of = w("money_of_preposition")  # "un préstamo por US$ 300 millones"
        self.money_nouns = w("money_noun")
        self.suffixes = tuple(w("participle_suffix"))
        self.adverb_suffixes = tuple(w("adverb_suffix"))
        self.adjective_suffixes = tuple(w("adjective_suffix"))
        self.plural_suffixes = tuple(w("plural_suffix"))
        self.relative = w("relative_pronoun")
        self.aux = w("auxiliary")
        self.complement_preps = w("complement_preposition")  # "solicitudes de asilo"
        self.agent_preps = w("agent_preposition")  # "desplazadas por la violencia"
        self.coordination = w("coordination")
        self.scope_preps = w("scope_preposition")
        self.scope_joins = w("scope_connector")
        self.scope_mods = w("scope_modifier")
        self.name_links = w("name_link")  # "Ciudad de Guatemala"
        self.clause_openers = w("clause_opener")
        self.postmod_phrases = sorted((tuple(p.split()) for p in w("postmod_phrase")), key=len, reverse=True)
        self.count_prefixes = sorted((tuple(p.split()) for p in w("count_noun_prefix")), key=len, reverse=True)
        linking = [tuple(p.split()) for p in w("linking_verb")]
        self.linking_by_last = _by_last(sorted(linking, key=len, reverse=True))
        self.immediate = {tuple(p.split()) for p in w("immediate_linking_verb")}  # "por un total de"
        money = sorted({*linking, *(tuple(p.split()) for p in w("money_linking_verb"))}, key=len, reverse=True)
        self.money_linking_by_last = _by_last(money)

    # ------------------------------------------------------------------ entry point
    def read(self, doc: Doc, start: int, end: int, unit: str | None, core: int | None = None) -> Counted:
        """The counted phrase of the figure whose words run ``start:end`` (qualifier and unit included)."""
        n = len(doc)
        j = end
        direct = True
        preps = self.percent_preps if unit == "%" else self.money_preps if unit is not None else self.links
        if j < n and doc[j].lower_ in preps:
            k = j + 1
            partitive = k < n and doc[k].lower_ in self.determiners
            if partitive:
                k += 1  # "el 40 % de los fondos", "110 de los 177 compromisos"
            while unit is None and k < n and (doc[k].text[:1].isdigit() or doc[k].lower_ in self.lex.numbers):
                k += 1
            if self.noun_phrase(doc, k, money=unit not in (None, "%"))[1] is not None:
                j, direct = k, not partitive and unit is None
        tokens, head = self.noun_phrase(doc, j, money=unit not in (None, "%") and j > end)
        if head is None:
            return self._from_before(doc, start, end, unit)
        words = [doc[k] for k in tokens]
        if len(words) >= 2 and all(t.is_title or t.is_upper for t in words) and not doc[j].is_sent_start:
            return Counted(name=True)
        k = tokens[-1] + 1
        listed, k = self._listed(doc, k)
        extra, k = self.post_modifier(doc, k)
        more, k = self._coordinated(doc, k)
        extra = [*listed, *extra]
        counted = Counted(_join([*words, *extra, *more]), head, k, direct)
        counted.scope = self.scope(doc, k) or self.scope_before(doc, start)
        return counted

    # ------------------------------------------------------------------ noun phrases
    def is_participle(self, low: str) -> bool:
        return len(low) > 4 and low.endswith(self.suffixes)

    def is_plural(self, low: str) -> bool:
        return len(low) > 3 and low.endswith(self.plural_suffixes) and low not in self.function

    def _plain(self, tok: Token) -> bool:
        return tok.is_alpha and tok.is_lower and tok.lower_ not in self.not_np

    def _noun(self, tok: Token) -> bool:
        """A plain word, or a known counted noun capitalised as the genre does ("13 Estados miembros")."""
        return self._plain(tok) or (tok.is_title and tok.lower_ in self.lex.heads and not tok.is_sent_start)

    def noun_phrase(self, doc: Doc, j: int, money: bool = False) -> tuple[list[int], int | None]:
        """Token indices of the noun phrase at ``j`` and its head: pre-adjectives ("nuevos"), the
        head (a known counted noun, else the first plural-looking word), then agreeing adjectives
        and participles ("personas refugiadas", "personas internamente desplazadas")."""
        n = len(doc)
        k = j
        tokens: list[int] = []
        head: int | None = None
        while k < n and len(tokens) < 3 and self._noun(doc[k]):
            low = doc[k].lower_
            if low in self.lex.heads or (money and low in self.money_nouns):
                head = k
                tokens.append(k)
                k += 1
                break
            tokens.append(k)
            k += 1
        if head is None:
            plural = [t for t in tokens if self.is_plural(doc[t].lower_)]
            if not plural:
                return [], None
            head = plural[0]
            if head + 1 < n and doc[head + 1].lower_ in self.lex.heads and self._plain(doc[head + 1]):
                head += 1  # "nuevos compromisos": the known noun after an adjective
            tokens = [t for t in tokens if t <= head]
            k = head + 1
        # agreeing modifiers after the head
        while k < n and k - head <= 3 and self._plain(doc[k]):
            low = doc[k].lower_
            if low.endswith(self.adverb_suffixes) and k + 1 < n and self.is_participle(doc[k + 1].lower_):
                tokens += [k, k + 1]  # "internamente desplazadas"
                k += 2
                continue
            if self.is_participle(low) or (self.is_plural(low) and low not in self.lex.heads) or (
                low.endswith(self.adjective_suffixes) and low not in self.lex.heads
            ) or (
                low.endswith(self.adverb_suffixes) and self.is_participle(doc[k - 1].lower_)
            ):
                tokens.append(k)
                k += 1
                continue
            break
        return tokens, head

    # ------------------------------------------------------------------ modifiers after the phrase
    def post_modifier(self, doc: Doc, k: int) -> tuple[list[Token], int]:
        """"en necesidad de protección internacional", "de asilo", "por la fuerza", and a passive
        relative clause without its pronoun and auxiliaries ("que han sido desplazadas" -> "desplazadas")."""
        n = len(doc)
        if k >= n:
            return [], k
        low = doc[k].lower_
        fixed = fixed_phrase_at(doc, k, self.postmod_phrases, self.function, self._object)
        if fixed is not None:
            return fixed
        relative = low in self.relative
        m = k + 1 if relative else k
        while m < n and doc[m].lower_ in self.aux and m - k <= 4:
            m += 1
        if m > (k + 1 if relative else k) and m < n and doc[m].is_lower:
            # "personas que han sido desplazadas", "personas fueron desplazadas por la violencia"
            adverb = [doc[m]] if doc[m].lower_.endswith(self.adverb_suffixes) and m + 1 < n else []
            p = m + len(adverb)
            if p < n and self.is_participle(doc[p].lower_) and doc[p].is_lower:
                out = [*adverb, doc[p]]
                q = p + 1
                if q < n and doc[q].lower_.endswith(self.adverb_suffixes) and doc[q].is_lower:
                    out.append(doc[q])  # "desplazadas internamente"
                    q += 1
                more, end = self._agent(doc, q)
                return out + more, end
        if relative:
            return [], k
        if low in self.complement_preps and k + 1 < n and self._plain(doc[k + 1]):
            obj = self._object(doc, k + 1, 2)
            if obj:
                return [doc[k], *obj], k + 1 + len(obj)
        return self._agent(doc, k)

    def _agent(self, doc: Doc, k: int) -> tuple[list[Token], int]:
        """"por la violencia", "por la fuerza": what displaced them."""
        if k < len(doc) and doc[k].lower_ in self.agent_preps:
            obj = self._object(doc, k + 1, 2)
            if obj:
                return [doc[k], *obj], k + 1 + len(obj)
        return [], k

    def _object(self, doc: Doc, k: int, limit: int) -> list[Token]:
        """A short object: an optional article, then plain lower-case words."""
        out: list[Token] = []
        n = len(doc)
        if k < n and doc[k].lower_ in self.determiners and k + 1 < n and self._plain(doc[k + 1]):
            out.append(doc[k])
            k += 1
        words: list[Token] = []
        while k < n and len(words) < limit and self._plain(doc[k]):
            low = doc[k].lower_
            if words and not (low.endswith(self.adjective_suffixes) or self.is_participle(low)):
                break  # "de asilo viven": a verb, not a modifier of "asilo"
            words.append(doc[k])
            k += 1
        return out + words if words else []

    def _listed(self, doc: Doc, k: int) -> tuple[list[Token], int]:
        """"niñas, niños y adolescentes": nouns listed with commas before the last "y"."""
        n = len(doc)
        out: list[Token] = []
        m = k
        while m + 1 < n and doc[m].text == "," and doc[m + 1].lower_ in self.lex.heads and self._plain(doc[m + 1]):
            out += [doc[m], doc[m + 1]]
            m += 2
        if not out or m + 1 >= n or doc[m].lower_ not in self.coordination:
            return [], k
        tokens, head = self.noun_phrase(doc, m + 1)
        if head is None or doc[head].lower_ not in self.lex.heads:
            return [], k
        return [*out, doc[m], *(doc[t] for t in tokens)], tokens[-1] + 1

    def _coordinated(self, doc: Doc, k: int) -> tuple[list[Token], int]:
        """"refugiados y solicitantes de asilo": a second noun phrase joined to the first."""
        n = len(doc)
        if k + 1 >= n or doc[k].lower_ not in self.coordination:
            return [], k
        tokens, head = self.noun_phrase(doc, k + 1)
        if head is None or doc[head].lower_ not in self.lex.heads:
            return [], k
        out = [doc[k], *(doc[t] for t in tokens)]
        extra, end = self.post_modifier(doc, tokens[-1] + 1)
        return out + extra, end

    # ------------------------------------------------------------------ looking before the figure
    def _from_before(self, doc: Doc, start: int, end: int, unit: str | None) -> Counted:
        """No noun after the number: the subject of a linking verb ("las solicitudes de asilo
        ascendieron a 140.982"), or the money noun the amount is "de" ("una contribución de")."""
        scope = self.scope(doc, end) or self.scope_before(doc, start)
        if start == 0:
            return Counted(end=end, scope=scope)
        before = tuple(doc[k].lower_ for k in range(max(0, start - 4), start))
        money = unit not in (None, "%")
        if money:
            for phrase in sorted(self.immediate, key=len, reverse=True):
                if before[-len(phrase) :] == phrase:  # "contribuciones por un total de US$ 46 millones"
                    counted = self._money_noun(doc, start - len(phrase) + 1, end, unit, scope)
                    if counted.text:
                        return counted
        table = self.money_linking_by_last if money else self.linking_by_last
        for phrase in table.get(before[-1], ()) if before else ():
            if before[-len(phrase) :] == phrase:
                return self._subject(doc, start - len(phrase), end, scope)
        if doc[start - 1].lower_ in self.money_of:
            return self._money_noun(doc, start - 1, end, unit, scope)
        return Counted(end=end, scope=scope)

    def _subject(self, doc: Doc, verb: int, end: int, scope: str | None) -> Counted:
        k = verb - 1
        while k >= 0 and doc[k].lower_ in self.aux:
            k -= 1
        first = k
        while first >= 0 and verb - first < 12:
            t = doc[first]
            if t.text in _BREAKS or t.lower_ in self.clause_openers or t.is_sent_start:
                break
            first -= 1
        if first >= 0 and (doc[first].is_sent_start and doc[first].text not in _BREAKS) and (
            doc[first].lower_ not in self.clause_openers
        ):
            first -= 1
        m = first + 1
        while m <= k and doc[m].lower_ in self.determiners:
            m += 1
        lows = tuple(t.lower_ for t in doc[m : k + 1])
        for prefix in self.count_prefixes:  # "el número de solicitudes"
            if lows[: len(prefix)] == prefix:
                m += len(prefix)
                break
        while m <= k and doc[m].lower_ in self.determiners:
            m += 1
        tokens, head = self.noun_phrase(doc, m, money=True)
        if head is None or tokens[-1] > k:
            return Counted(end=end, scope=scope)
        extra, _ = self.post_modifier(doc, tokens[-1] + 1)
        extra = [t for t in extra if t.i <= k]
        while extra and extra[-1].lower_ in self.function:
            extra.pop()
        return Counted(_join([*(doc[t] for t in tokens), *extra]), None, end, False, scope)

    def _money_noun(self, doc: Doc, link: int, end: int, unit: str | None, scope: str | None) -> Counted:
        """"una contribución adicional de 2 millones de euros" -> "contribución adicional";
        "una población de cinco millones" -> "población"."""
        wanted = self.money_nouns if unit not in (None, "%") else set(self.lex.heads) if unit is None else set()
        k = link - 1
        while k > 1 and doc[k].is_title and doc[k - 1].lower_ in self.name_links and not doc[k].is_sent_start:
            k -= 2  # "una contribución pionera de España de un millón de euros": past the giver
        words: list[Token] = []
        if k >= 0 and self._plain(doc[k]) and doc[k].lower_ not in wanted and doc[k].lower_.endswith(
            self.adjective_suffixes
        ):
            words.append(doc[k])  # "contribución adicional de", "préstamo concesional por"
            k -= 1
        if not words and k > 0 and self._plain(doc[k]) and doc[k].lower_ not in wanted and doc[k - 1].lower_ in wanted:
            words.append(doc[k])  # "contribución pionera de"
            k -= 1
        if k < 0 or not self._plain(doc[k]) or doc[k].lower_ not in wanted:
            return Counted(end=end, scope=scope)
        words.insert(0, doc[k])
        if k > 1 and doc[k - 1].lower_ in self.complement_preps and self._plain(doc[k - 2]) and (
            doc[k - 2].lower_ in wanted
        ):
            words[:0] = [doc[k - 2], doc[k - 1]]  # "cartera de cooperación regional"
            k -= 2
        if k > 0 and self._plain(doc[k - 1]) and doc[k - 1].lower_.endswith(self.adjective_suffixes) and (
            doc[k - 1].lower_ not in self.function
        ):
            words.insert(0, doc[k - 1])  # "nueva contribución de"
        if not words:
            return Counted(end=end, scope=scope)
        return Counted(_join(words), None, end, False, scope)

    # ------------------------------------------------------------------ scope
    def scope(self, doc: Doc, k: int) -> str | None:
        """The capitalised place phrase after "en" / "desde": "en Centroamérica y México"."""
        if k >= len(doc) or doc[k].lower_ not in self.scope_preps:
            return None
        return self._place(doc, k + 1)

    def _place(self, doc: Doc, k: int) -> str | None:
        n = len(doc)
        begin = k
        if k < n and doc[k].lower_ in self.determiners:
            k += 1
        if k + 1 < n and doc[k].lower_ in self.scope_mods and doc[k].is_lower and doc[k + 1].lower_ in self.name_links:
            k += 2  # "el norte de Centroamérica"
        first = last = None
        while k < n:
            t = doc[k]
            if t.is_alpha and (t.is_title or t.is_upper) and t.lower_ not in self.not_np and (
                first is None or not t.is_sent_start
            ):
                first = k if first is None else first
                last = k
            elif first is not None and (t.lower_ in self.scope_joins or t.text == "," or (
                t.lower_ in self.name_links and k + 1 < n and doc[k + 1].is_title
            )):
                pass
            else:
                break
            k += 1
        if first is None or last is None:
            return None
        return doc[begin : last + 1].text if begin < first else doc[first : last + 1].text

    def scope_before(self, doc: Doc, start: int) -> str | None:
        """A place fronted in the sentence: "En Honduras, unas 247.000 personas …"."""
        return fronted_scope(doc, start, self.scope_preps, self._place)
