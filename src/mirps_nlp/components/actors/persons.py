"""People named in a release, found in the slots where the genre names them.

A press release names an official in a handful of ways, and we look for capitalised names only
there, so that no model is needed and theme phrases ("Local Governance") never become people:

- next to a **title**: "Title, Name," / "Title Name" / "Org's Title, Name" / "said Title Name" /
  "Name, Title of Org" / "Name (Title of Country)";
- after an **honorific**: "Mr.", "Ms.", "Dr.", "Hon.", "H.E.", "Ambassador";
- next to an **attribution verb** ("said Ana Ruiz", "Ana Ruiz added"), where a first-name
  lexicon must support the name because nothing else does;
- a statistical model's PERSON entities, when a model is loaded.

A title is parsed around its head word (from ``person_titles.jsonl``): modifiers to the left
("Deputy", "Regional"), an optional body before it (bare "OAS Secretary General" stays in the
title; a possessive "Panama's" does not), and complements to the right ("of Western Hemisphere
Affairs"). A complement that names a body ("of the OAS", "for the U.S. Department of State's
Bureau of … (PRM)") gives the affiliation, the innermost body winning, and is left out of the
title as written. Names are runs of capitalised words (particles such as "de la" inside) that
are not titles, bodies, places or theme words. A person named once in full is then linked to
every later use of the full name or the surname alone ("Grandi said").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from mirps_nlp.components.actors.mentions import ActorInfo, Mention, MentionIndex, TokenView
from mirps_nlp.gazetteer import Gazetteer, TitleEntry, person_id

_MAX_NAME = 5
_CLOSING_MARKS = frozenset({'"', "”", "’", "'", "»"})


@dataclass
class Title:
    phrase_start: int  # where the whole phrase starts (a possessive owner included)
    end: int  # token after the last complement
    text: str
    affiliation: str | None
    pieces: list[tuple[int, int]] = field(default_factory=list)
    bare: str | None = None  # the text without a state written before it ("Foreign Minister")


@dataclass
class PersonCandidate:
    start: int
    end: int
    title: str | None = None
    affiliation: str | None = None
    bare_title: str | None = None  # the title without a state before it, for a counterpart
    vouched: bool = False  # a one-word name stands on its own only after an honorific
    weak: bool = False  # kept only as a later use of a name found elsewhere
    words: tuple[str, ...] = field(default_factory=tuple)


class PersonFinder:
    """Person detection for :class:`~mirps_nlp.components.actors.ActorRecognizer`."""

    def __init__(self, nlp: Language, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.offices: list[TitleEntry] = []
        heads, honorifics, suffixes = [], [], []
        self.modifiers: set[str] = set()
        self.title_words: set[str] = set()
        self.peers: set[str] = set()  # "counterpart", "homólogo": the office of the person before
        for entry in gaz.titles:
            if entry.type == "modifier":
                self.modifiers.add(entry.text.lower())
            elif entry.type == "honorific":
                honorifics.append(nlp.make_doc(entry.text))
            elif entry.type == "suffix":
                suffixes.append(nlp.make_doc(entry.text))
            elif entry.type in ("office", "relative"):
                self.matcher.add(f"O|{len(self.offices)}", [nlp.make_doc(entry.text)])
                self.offices.append(entry)
            else:
                heads.append(nlp.make_doc(entry.text))
                self.title_words.update(w.lower() for w in entry.text.replace("-", " ").split())
                if entry.type == "peer":
                    self.peers.add(entry.text.lower())
        self.matcher.add("H", heads)
        # Names of absorbed bodies as written before an office ("United Nations", "UN", "U.N.").
        self.absorbed_prefixes: set[tuple[str, ...]] = {
            tuple(t.text for t in nlp.make_doc(form))
            for entry in self.offices
            for body in entry.absorbs
            if body in gaz.entries
            for form in gaz.entries[body].surface_forms()
        }
        self.matcher.add("P", honorifics)
        self.matcher.add("S", suffixes)
        self.non_name = gaz.word_class("non_name")
        # "la subsecretaria mexicana", "el ministro de Relaciones Exteriores chileno": a demonym
        # written in lower case after a title names its state, whether or not the gazetteer pass
        # counted it as a mention (it does so only after a state noun)
        self.title_demonyms = {
            d: e.id
            for e in gaz.entries.values()
            if e.kind == "country"
            for d in e.demonyms
            if d.islower() and " " not in d
        }
        self.particles = {p for p in gaz.word_class("name_particle") if " " not in p}
        self.cues = gaz.word_class("speech_cue")
        self.cue_links = gaz.word_class("cue_link")  # "to" of "according to", "of" of "words of"
        self.org_heads = gaz.word_class("org_head")
        self.first_names = gaz.first_names
        # the language's little words around a title, from ``actor_lexicon.jsonl``: "of"/"de"
        # name the body a title belongs to, "in"/"en" where it serves, "the"/"la" is skipped
        self.affiliating = gaz.word_class("title_affiliating")
        self.locating = gaz.word_class("title_locating")
        self.serving = gaz.word_class("title_serving")
        self.run_connectors = gaz.word_class("run_connector")
        self.articles = gaz.word_class("article")
        self.possessive = gaz.word_class("possessive_clitic")
        self.list_and = gaz.word_class("list_and")  # "and"/"y" closing a list inside a name
        self.post_modifiers = gaz.word_class("title_post_modifier")  # "adjunta" in "secretaria adjunta"
        self.age_lead = gaz.word_class("age_lead")  # "de" of "Daniela, de 16 años,"
        self.age_unit = gaz.word_class("age_unit")  # "años"
        self.relative_leads = gaz.word_class("person_relative")  # "who"/"quien" after "Name,"
        self.age_article = gaz.word_class("age_article")  # "a" of ", a 17-year-old"
        # what may stand between "Name," and its title: "a spokesperson", "the Director", "who is"
        self.glue = tuple(
            sorted((tuple(g.split()) for g in gaz.word_class("apposition_glue")), key=len, reverse=True)
        )

    # -- token tests -------------------------------------------------------------------------
    def _name_ok(self, doc: Doc, i: int, index: MentionIndex, known_first: bool = False) -> bool:
        """Token ``i`` may be a word of a person's name (``known_first``: a first name the
        non-name words would keep out, checked by the caller)."""
        if not 0 <= i < len(doc):
            return False
        tv = index.tok
        text = tv.text[i]
        return (
            text[:1].isupper()
            and any(c.islower() for c in text)
            and (tv.alpha[i] or all(c.isalpha() or c in "'’-" for c in text))
            and (known_first or text not in self.non_name)
            and tv.lower[i] not in self.title_words
            and tv.lower[i] not in self.modifiers
            and index.at(i) is None
            and not index.blocked[i]
        )

    def _first_name_word(self, doc: Doc, i: int, index: MentionIndex) -> bool:
        """A known first name that is also a word kept out of names ("Marco" of "Marco
        Integral"), before a name word that is not: "Marco Tulio Reyes"."""
        tv = index.tok
        if not (0 <= i < len(doc) and tv.text[i] in self.first_names and tv.text[i] in self.non_name):
            return False
        return self._name_ok(doc, i, index, known_first=True) and self._name_ok(doc, i + 1, index)

    @staticmethod
    def _initial(tv: TokenView, i: int) -> bool:
        """A middle initial: "L." in "Margaret L. Hayes"."""
        text = tv.text[i] if 0 <= i < len(tv.text) else ""
        return len(text) == 2 and text[0].isupper() and text[1] == "."

    def _inner(self, doc: Doc, j: int, beyond: int, index: MentionIndex) -> bool:
        """Token ``j`` joins two name words: the hyphen of "Jean-Pierre", or a middle initial
        ("Margaret L. Hayes") when a name word lies ``beyond`` it."""
        tv = index.tok
        if tv.text[j] == "-" and not tv.space[j - 1] and not tv.space[j]:
            return True
        return self._initial(tv, j) and self._name_ok(doc, beyond, index)

    def _name_forward(
        self, doc: Doc, i: int, index: MentionIndex, honorifics: dict[int, int]
    ) -> tuple[int, int] | None:
        tv = index.tok
        while i in honorifics:
            i = honorifics[i]
        if self._initial(tv, i) and self._name_ok(doc, i + 1, index):
            start, last, j = i, i + 1, i + 2  # "J. Smith"
        elif not (self._name_ok(doc, i, index) or self._first_name_word(doc, i, index)):
            return None
        else:
            start, last, j = i, i, i + 1
        while j < len(doc) and j - start < _MAX_NAME and not tv.sent_start[j]:
            if self._name_ok(doc, j, index):
                last = j
            elif not (self._inner(doc, j, j + 1, index) or tv.lower[j] in self.particles):
                break
            j += 1
        return start, last + 1

    def _name_backward(self, doc: Doc, j: int, index: MentionIndex) -> tuple[int, int] | None:
        tv = index.tok
        if not self._name_ok(doc, j, index):
            return None
        first, i = j, j
        while i > 0 and j - i < _MAX_NAME and not tv.sent_start[i]:
            if self._name_ok(doc, i - 1, index):
                first = i - 1
            elif not (self._inner(doc, i - 1, i - 2, index) or tv.lower[i - 1] in self.particles):
                break
            i -= 1
        if first >= 1 and self._initial(tv, first - 1) and not tv.sent_start[first]:
            first -= 1  # "J. Smith"
        elif first >= 1 and j - first < _MAX_NAME and self._first_name_word(doc, first - 1, index):
            first -= 1  # "Marco Tulio Reyes"
        return first, j + 1

    # -- titles ------------------------------------------------------------------------------
    def _cap_run_end(self, doc: Doc, q: int, index: MentionIndex) -> int:
        """End of a capitalised complement such as "Access to Rights and Equity"; it stops before
        a connector that introduces a body ("… of the OAS") and before a person's name."""
        tv = index.tok
        n = len(doc)
        i = end = q
        listed = False  # past a list comma: "Asuntos Exteriores, Unión Europea y Cooperación"
        while i < n:
            inside = index.starting_at(i)
            if listed and inside is not None and inside.kind == "organization":
                end = i = inside.end  # a portfolio that is also a body's name
                continue
            if (i > q and tv.sent_start[i]) or index.at(i) is not None:
                break
            if tv.text[i][:1].isupper() and tv.alpha[i]:
                if i > q and tv.text[i] in self.first_names and self._name_ok(doc, i + 1, index):
                    break
                end = i = i + 1
                continue
            if tv.lower[i] in self.run_connectors:
                k = i + 1
                if k < n and tv.lower[k] in self.articles:
                    k += 1
                if k < n and index.starting_at(k) is None and tv.text[k][:1].isupper():
                    i += 1
                    continue
                break
            if tv.text[i] == "," and self._comma_in_list(doc, i, index):
                i += 1
                listed = True
                continue
            break
        return end

    def _lower_run_end(self, doc: Doc, q: int, index: MentionIndex) -> int:
        """A lower-case complement that a name follows directly ("minister of foreign affairs
        Arnoldo André") or a body's name ("jefe de la sección de migración de la OEA"); ``q``
        itself otherwise (the words are then not a title)."""
        tv = index.tok
        n = len(doc)
        r = q
        while r < n and r - q < 4 and tv.alpha[r] and tv.text[r].islower():
            r += 1
        while r > q and tv.lower[r - 1] in self.run_connectors:
            r -= 1
        if r > q and r < n and self._name_ok(doc, r, index) and self._name_ok(doc, r + 1, index):
            return r
        if r > q and r + 2 < n and tv.text[r] == "," and all(self._name_ok(doc, r + d, index) for d in (1, 2)):
            return r  # "el director del programa, Raúl Andrade": the name after a comma
        if r > q and r + 1 < n and tv.lower[r] in self.affiliating:
            # "jefe de la sección de migración de la OEA, Name": a unit of the body named next
            k = r + 2 if tv.lower[r + 1] in self.articles and index.starting_at(r + 1) is None else r + 1
            body = index.starting_at(k) if k < n else None
            if body is not None and body.kind != "person":
                return r
        return q

    def _comma_in_list(self, doc: Doc, i: int, index: MentionIndex) -> bool:
        """A comma inside a name: "Population, Refugees, and Migration" (a list closed by "and")."""
        tv = index.tok
        list_and = self.list_and
        j = i + 1
        while j < len(doc) and tv.text[j][:1].isupper() and tv.alpha[j]:
            inside = index.starting_at(j)
            if inside is not None and inside.kind == "organization":
                j = inside.end  # "…, Unión Europea y Cooperación": a portfolio named like a body
            elif index.at(j) is None:
                j += 1
            else:
                break
        if j == i + 1 or j >= len(doc):
            return False
        last = tv.lower[j + 1] if tv.text[j] == "," and j + 1 < len(doc) else tv.lower[j]
        return last in list_and

    def _title(self, doc: Doc, hs: int, he: int, office: TitleEntry | None, index: MentionIndex) -> Title | None:
        tv = index.tok
        n = len(doc)
        pieces: list[tuple[int, int]] = []
        prefix: Mention | None = None
        owner = index.at(hs)
        if owner is not None:
            # "United Nations High Commissioner for Refugees (UNHCR), Filippo Grandi": the body's
            # own name is the title.
            if office is None or office.affiliation != owner.id:
                return None
            phrase_start, pos = owner.start, max(he, owner.end)
            pieces.append((owner.start, pos))
            affiliation: str | None = owner.id
        else:
            p = hs
            while p > 0 and tv.lower[p - 1] in self.modifiers and index.at(p - 1) is None:
                p -= 1
            k = p
            while k > p - 3 and k >= 3 and tv.text[k - 1].istitle() and tv.alpha[k - 1] and index.at(k - 1) is None:
                k -= 1
            if k < p and tv.text[k - 1] in self.possessive and self._body_ends_at(index, k - 2):
                p = k  # "Belize's Foreign Affairs Minister": the portfolio belongs to the title
            phrase_start = title_start = p
            if p >= 2 and tv.text[p - 1] in self.possessive:
                prefix = index.ending_at(p - 2)
                if prefix is not None and prefix.kind != "person":
                    phrase_start = prefix.start
                else:
                    prefix = None
            elif p >= 1:
                prefix = index.ending_at(p - 1)
                if prefix is not None and prefix.kind != "person":
                    phrase_start = title_start = prefix.start
                else:
                    prefix = None
            if prefix is None and office is not None and office.absorbs:
                for words in self.absorbed_prefixes:
                    k = title_start - len(words)
                    if k >= 0 and tuple(tv.text[k:title_start]) == words:
                        phrase_start = title_start = k
                        break
            # "Assistant Secretary General": a title word after the matched head belongs to it
            # ... and so does a modifier the language writes after its head ("ministro adjunto")
            while (
                he < n
                and (
                    (tv.text[he][:1].isupper() and (tv.lower[he] in self.title_words or tv.lower[he] in self.modifiers))
                    or tv.lower[he] in self.post_modifiers
                )
                and index.at(he) is None
                and not tv.sent_start[he]
            ):
                he += 1
            pieces.append((title_start, he))
            pos = he
            affiliation = None
        complement: str | None = None
        state = self._demonym_at(pos, index) if affiliation is None else None
        if state is not None:
            # "el canciller guatemalteco": a demonym after the title names its state
            complement, pos = state
        while pos < n:
            if tv.text[pos] == "(" and pos + 2 < n and tv.text[pos + 2] == ")" and index.at(pos + 1):
                pos += 3
                continue
            word = tv.lower[pos]
            if word not in self.affiliating and word not in self.locating:
                break
            q = pos + 1
            if q < n and tv.lower[q] in self.articles and index.starting_at(q) is None:
                q += 1  # "of the OAS", "de la OEA"; not the "El" of "de El Salvador"
            body = index.starting_at(q)
            if body is not None and body.kind != "person":
                if word in self.locating or (
                    # "Commissioner of Costa Rica for the Mesoamerica Project": the state stays the
                    # affiliation; the body it serves is part of the title
                    word in self.serving and complement is not None and complement.startswith("country:")
                ):
                    pieces.append((pos, body.end))
                    pos = body.end
                    continue
                connector = pos
                complement, pos = self._affiliation_chain(doc, body, index)
                # A unit of that body: "Director of the OAS Department of Social Inclusion".
                if pos < n and tv.text[pos].capitalize() in self.org_heads and index.at(pos) is None:
                    r = self._cap_run_end(doc, pos, index) if tv.text[pos].istitle() else pos + 1
                    pieces.extend([(connector, q), (pos, r)])
                    pos = r
                continue
            if q < n and tv.text[q][:1].isupper() and tv.alpha[q] and index.at(q) is None:
                r = self._cap_run_end(doc, q, index)
                if r > q:
                    pieces.append((pos, r))
                    pos = r
                    continue
            if tv.text[hs][:1].islower():
                r = self._lower_run_end(doc, q, index)
                if r > q:
                    pieces.append((pos, r))
                    pos = r
                    continue
            break
        state = self._demonym_at(pos, index) if complement is None and affiliation is None else None
        if state is not None and pos > he:
            # "el ministro de Relaciones Exteriores chileno, Name": the demonym after the portfolio
            complement, pos = state
        if office is not None and owner is None and (prefix is None or prefix.id in office.absorbs):
            if prefix is not None:
                index.remove(prefix)
            # The office names its body only where the release names that body too; otherwise
            # the state or body around the title speaks for the person.
            if office.affiliation in index.ids():
                affiliation = office.affiliation
        if affiliation is None:
            affiliation = prefix.id if prefix is not None else complement
        bare = pieces
        if prefix is not None and prefix.kind == "country" and pieces and pieces[0][0] == prefix.start:
            bare = [(prefix.end, pieces[0][1]), *pieces[1:]]  # "Honduran Foreign Minister"
        return Title(phrase_start, pos, _title_text(doc, pieces), affiliation, pieces, _title_text(doc, bare))

    def _demonym_at(self, pos: int, index: MentionIndex) -> tuple[str, int] | None:
        """The state a lower-case demonym at token ``pos`` names, and the token after it."""
        tv = index.tok
        if pos >= len(tv.text) or not tv.text[pos][:1].islower():
            return None
        mention = index.starting_at(pos)
        if mention is not None:
            return (mention.id, mention.end) if mention.kind == "country" else None
        state = self.title_demonyms.get(tv.text[pos])
        return (state, pos + 1) if state is not None and index.at(pos) is None else None

    def _affiliation_chain(self, doc: Doc, body: Mention, index: MentionIndex) -> tuple[str, int]:
        """Follow "Department of State's Bureau of … (PRM)" and "UNHCR, the UN Refugee Agency,"
        to the innermost body; returns its id and the token after the chain."""
        tv = index.tok
        n = len(doc)
        affiliation, pos = body.id, body.end
        while pos < n:
            if tv.text[pos] == "(" and pos + 2 < n and tv.text[pos + 2] == ")" and index.at(pos + 1):
                pos += 3
                continue
            if tv.text[pos] in self.possessive:
                inner = index.starting_at(pos + 1)
                if inner is not None and inner.kind == "organization":
                    affiliation, pos = inner.id, inner.end
                    continue
            if tv.text[pos] == ",":
                q = pos + 1
                if q < n and tv.lower[q] in self.articles:
                    q += 1
                same = index.starting_at(q)
                if (
                    same is not None
                    and same.id == affiliation
                    and same.end + 1 < n
                    and tv.text[same.end] == ","
                    and tv.lower[same.end + 1] in self.affiliating | self.locating
                ):
                    pos = same.end + 1
                    continue
            break
        return affiliation, pos

    # -- the pass ----------------------------------------------------------------------------
    def __call__(self, doc: Doc, index: MentionIndex, infos: dict[str, ActorInfo], use_model: bool = True) -> None:
        tv = index.tok
        heads: list[tuple[int, int, TitleEntry | None]] = []
        honorifics: dict[int, int] = {}
        suffix_end: dict[int, int] = {}  # "a.i." after a title
        for match_id, start, end in sorted(self.matcher(doc), key=lambda m: (m[1], -(m[2] - m[1]))):
            key = doc.vocab.strings[match_id]
            if key == "P":
                honorifics[start] = max(end, honorifics.get(start, end))
            elif key == "S":
                suffix_end[start] = max(end, suffix_end.get(start, end))
            else:
                office = self.offices[int(key[2:])] if key.startswith("O|") else None
                heads.append((start, end, office))
        heads = [(s, suffix_end.get(e, e), office) for s, e, office in _longest(heads)]
        found: list[PersonCandidate] = []
        # Only honorifics starting within reach can cover a head: a scan of all of them per head
        # made a long line of titles cost quadratic time.
        reach = max((e - s for s, e in honorifics.items()), default=0)
        for hs, he, office in heads:
            if any(honorifics.get(s, s) > hs for s in range(max(hs - reach + 1, 0), hs)):
                continue
            if office is not None and office.type == "relative":
                title = self._relative_title(doc, hs, he, office, index)
                cand = self._slot_before(doc, title, index, honorifics) if title is not None else None
                if cand is not None:
                    found.append(cand)
                    self._claim(cand, index)
                continue
            title = self._title(doc, hs, he, office, index)
            if title is None:
                continue
            cand = self._slot_for(doc, title, index, honorifics)
            if cand is not None and doc[hs:he].text.lower() in self.peers:
                if not (cand.start > 0 and tv.text[cand.start - 1] == ","):
                    continue  # "her Haitian counterpart, Ambassador Name": the title written there
                # "… handed the chair to her Costa Rican counterpart, Name": the same office as
                # the person named before, the state apart
                cand.title = next((c.bare_title for c in reversed(found) if c.bare_title), cand.title)
            if cand is not None:
                cand.bare_title = cand.bare_title or (title.bare if cand.title == title.text else cand.title)
                found.append(cand)
                self._claim(cand, index)
        for end in honorifics.values():
            span = self._name_forward(doc, end, index, honorifics)
            if span is not None:
                found.append(PersonCandidate(*span, vouched=True))
                self._claim(found[-1], index)
        self._cue_slots(doc, index, found)
        if use_model and doc.has_annotation("ENT_IOB"):
            for ent in doc.ents:
                if ent.label_ != "PERSON":
                    continue
                s = ent.start
                while s in honorifics:
                    s = honorifics[s]
                if ent.end - s >= 2 and all(
                    self._name_ok(doc, i, index) or tv.lower[i] in self.particles for i in range(s, ent.end)
                ):
                    # The model's word alone does not make a person ("Avenida Balboa", "Hurricanes
                    # Eta"): a known first name or an attribution verb next to it must agree.
                    supported = (
                        tv.text[s] in self.first_names
                        or (s > 0 and tv.lower[s - 1] in self.cues)
                        or (ent.end < len(doc) and tv.lower[ent.end] in self.cues)
                    )
                    found.append(PersonCandidate(s, ent.end, weak=not supported))
                    self._claim(found[-1], index)
        self._resolve(doc, index, infos, found)

    def _slot_for(
        self, doc: Doc, title: Title, index: MentionIndex, honorifics: dict[int, int]
    ) -> PersonCandidate | None:
        tv = index.tok
        n = len(doc)
        after = title.end
        direct = None
        if after < n and tv.text[after] != ",":
            direct = self._name_forward(doc, after, index, honorifics)
        if direct is not None:
            return PersonCandidate(*direct, title=title.text, affiliation=title.affiliation)
        before = self._slot_before(doc, title, index, honorifics)
        if before is not None:
            return before
        while after < n and tv.text[after] == ",":
            after += 1
        affiliation = title.affiliation
        state = index.starting_at(after) if after > title.end else None
        if state is not None and state.kind == "country" and state.end < n and tv.text[state.end] == ",":
            # "The Mayor of Choloma, Honduras, Name": the state of the place the title names
            affiliation = affiliation or state.id
            after = state.end + 1
        if after > title.end:
            span = self._name_forward(doc, after, index, honorifics)
            if span is not None and (span[1] - span[0] >= 2 or after in honorifics):
                return PersonCandidate(*span, title=title.text, affiliation=affiliation, vouched=after in honorifics)
        return self._name_inside_title(doc, title, index)

    def _slot_before(
        self, doc: Doc, title: Title, index: MentionIndex, honorifics: dict[int, int]
    ) -> PersonCandidate | None:
        """ "Name, Title" / "Name (Title)" / "Name, a spokesperson for …" / "Name, who is the …"."""
        tv = index.tok
        b = title.phrase_start - 1
        for glue in self.glue:
            k = b - len(glue) + 1
            if k >= 0 and tuple(tv.lower[k : b + 1]) == glue:
                b = k - 1
                break
        if b >= 1 and tv.text[b] in {",", "("}:
            before = self._name_backward(doc, b - 1, index)
            if before is not None and (before[1] - before[0] >= 2 or before[0] in honorifics.values()):
                return PersonCandidate(*before, title=title.text, affiliation=title.affiliation)
        return None

    def _relative_title(
        self, doc: Doc, hs: int, he: int, entry: TitleEntry, index: MentionIndex
    ) -> Title | None:
        """ ", who heads the OAS Department of Social Inclusion," -> "Head of the OAS Department
        of Social Inclusion", affiliated with the body named."""
        tv = index.tok
        n = len(doc)
        q = he + 1 if he < n and tv.lower[he] in self.articles else he
        body = index.starting_at(q)
        if body is not None and body.kind != "person":
            affiliation, pos = self._affiliation_chain(doc, body, index)
            if pos < n and tv.text[pos].capitalize() in self.org_heads and index.at(pos) is None:
                pos = self._cap_run_end(doc, pos, index)
        elif q < n and tv.text[q][:1].isupper() and index.at(q) is None:
            affiliation, pos = None, self._cap_run_end(doc, q, index)
        else:
            return None
        text = f"{entry.role or doc[hs:he].text} of {doc[he:pos].text}"
        return Title(hs, pos, text, affiliation, [(hs, pos)])

    def _name_inside_title(self, doc: Doc, title: Title, index: MentionIndex) -> PersonCandidate | None:
        """A name run into its title with no comma: "Commissioner for Crisis Management Karin
        Lindqvist said:", "… Helmut Brandt opened the session" - the last two capitalised words
        before an attribution or a verb are the name."""
        tv = index.tok
        if not title.pieces or title.end >= len(doc):
            return None
        s, e = title.pieces[-1]
        nxt = title.end
        if e != title.end or e - s < 4 or not (
            tv.lower[nxt] in self.cues or tv.text[nxt] in {":", ","} or self._content_word(doc, nxt, index)
        ):
            return None
        if not all(tv.text[k].istitle() and tv.alpha[k] for k in range(e - 3, e)):
            return None
        if not (self._name_ok(doc, e - 2, index) and self._name_ok(doc, e - 1, index)):
            return None
        pieces = [*title.pieces[:-1], (s, e - 2)]
        return PersonCandidate(e - 2, e, title=_title_text(doc, pieces), affiliation=title.affiliation)

    def _cue_slots(self, doc: Doc, index: MentionIndex, found: list[PersonCandidate]) -> None:
        """ "said Ana Ruiz" / "according to Ana Ruiz" / "Ana Ruiz added": only names whose first
        word the first-name lexicon knows, since nothing else vouches for them."""
        tv = index.tok
        n = len(doc)
        surnames: set[str] = set()  # one-word speakers ("said Lepri"): look for their full name
        candidates = sorted(
            {
                *tv.where_in(self.cues, lower=True),
                *tv.where_in(self.first_names),
                *numpy.flatnonzero(tv.email_arr).tolist(),
            }
        )
        for k in tv.where_in({"*"}):
            # "For Valeria*, Honduras was home": the asterisk of a changed name marks a person
            if k >= 1 and not tv.space[k - 1] and self._name_ok(doc, k - 1, index):
                span = self._name_backward(doc, k - 1, index)
                if span is not None:
                    found.append(PersonCandidate(*span, vouched=True))
                    self._claim(found[-1], index)
        for k in tv.where_in({","}):
            # "María, 34, kneads dough", "Darwin, 27, a refugee", "Brayan, a 17-year-old from …":
            # an age in apposition vouches for the name before it, known first name or not
            # (human stories introduce people by first name and age)
            i = k - 1
            if (
                i >= 0
                and self._name_ok(doc, i, index)
                and age_follows(doc, k, self.age_lead, self.age_unit, self.age_article)
            ):
                span = self._name_backward(doc, i, index)
                if span is not None:
                    found.append(PersonCandidate(*span, vouched=True))
                    self._claim(found[-1], index)
        for k in tv.where_in(self.relative_leads, lower=True):
            # "Julio Andrés Samayoa Pérez, quien encabezó …", "Ana Ruiz, who led …": a relative
            # clause about a name whose first word the first-name lexicon knows
            if k >= 2 and tv.text[k - 1] == ",":
                span = self._name_backward(doc, k - 2, index)
                if span is not None and span[1] - span[0] >= 2 and tv.text[span[0]] in self.first_names:
                    found.append(PersonCandidate(*span))
                    self._claim(found[-1], index)
        for i in tv.where_in(self.first_names):
            # "Ana Ruiz closed the meeting.": a known first name and a surname as a verb's subject
            if i > 0 and self._name_ok(doc, i - 1, index):
                continue
            span = self._name_forward(doc, i, index, {})
            if span is not None and span[1] - span[0] >= 2 and self._content_word(doc, span[1], index):
                found.append(PersonCandidate(*span))
                self._claim(found[-1], index)
        for i in candidates:
            text = tv.text[i]
            # A press contact: "In Geneva, Camille Dubreuil, dubreuil@unhcr.org, +41 …"
            if tv.email_arr[i] and i >= 2 and tv.text[i - 1] == ",":
                span = self._name_backward(doc, i - 2, index)
                if span is not None and span[1] - span[0] >= 2:
                    domain = text.rsplit("@", 1)[-1].split(".")[0].upper()
                    found.append(PersonCandidate(*span, affiliation=self.gaz.by_acronym.get(domain)))
                    self._claim(found[-1], index)
                continue
            if tv.lower[i] not in self.cues:
                continue
            j = i + 1
            while j < n and j - i <= 2 and tv.lower[j] in self.cue_links:
                j += 1  # "according to X", "in the words of X"
            if j > i + 1:
                while j < n and j - i <= 4 and index.blocked[j]:
                    j += 1  # "indicó a Efe Raúl Andrade": the agency told, then the speaker
            forward = self._name_forward(doc, j, index, {})
            backward = self._name_backward(doc, i - 1, index)
            surnames.update(tv.text[sp[0]] for sp in (forward, backward) if sp is not None and sp[1] - sp[0] == 1)
            for span, mark in ((forward, i - 1), (backward, backward[0] - 1 if backward else -1)):
                # next to a closing quotation mark the slot vouches for the name by itself:
                # '"Where will they go?" asked Giovanni Lepri', '"…," Giovanni Lepri said'
                quoted = 0 <= mark < n and (
                    tv.text[mark] in _CLOSING_MARKS
                    or (tv.text[mark] == "," and mark >= 1 and tv.text[mark - 1] in _CLOSING_MARKS)  # '"…", dijo'
                )
                # "UNHCR's Per Andersson said": a body's possessive vouches for the name too
                owned = mark >= 1 and tv.text[mark] in self.possessive and self._body_ends_at(index, mark - 1)
                if span is not None and span[1] - span[0] >= 2 and (
                    quoted or owned or tv.text[span[0]] in self.first_names
                ):
                    found.append(PersonCandidate(*span))
                    self._claim(found[-1], index)
                elif span is not None and quoted and tv.text[span[0]] in self.first_names:
                    # '"I was lost," Valeria says': a known first name alone, between a closing
                    # quotation mark and its cue, is the speaker (stories name people so)
                    found.append(PersonCandidate(*span, vouched=True))
                    self._claim(found[-1], index)
        for k in tv.where_in(surnames) if surnames else ():
            # "Giovanni Lepri arrived on Monday. … said Lepri": the full name a surname speaker
            # was introduced with, even where no title or cue stood next to it
            span = self._name_backward(doc, k, index)
            if span is not None and 2 <= span[1] - span[0] <= 3 and not tv.sent_start[span[0] + 1]:
                found.append(PersonCandidate(*span))
                self._claim(found[-1], index)

    @staticmethod
    def _content_word(doc: Doc, i: int, index: MentionIndex) -> bool:
        """Token ``i`` is a lower-case word that is not a stop word: the verb after a subject
        ("… Helmut Brandt opened the session", "Ana Ruiz closed the meeting")."""
        tv = index.tok
        return i < len(tv.text) and tv.alpha[i] and tv.text[i].islower() and not doc[i].is_stop

    @staticmethod
    def _body_ends_at(index: MentionIndex, i: int) -> bool:
        """A country or organisation mention ends at token ``i``."""
        owner = index.ending_at(i)
        return owner is not None and owner.kind != "person"

    @staticmethod
    def _claim(cand: PersonCandidate, index: MentionIndex) -> None:
        """Reserve the name's tokens (the id is set once names are merged)."""
        if not index.add(Mention(cand.start, cand.end, "person:?", "person")):
            cand.end = cand.start  # lost to an earlier candidate: ignore it

    def _resolve(
        self, doc: Doc, index: MentionIndex, infos: dict[str, ActorInfo], found: list[PersonCandidate]
    ) -> None:
        """One actor per person: merge surname-only candidates into the full name, then link
        every later full-name or surname-only use."""
        index.remove_all([m for m in index.mentions if m.id == "person:?"])
        found = [c for c in found if c.end > c.start]
        for c in found:
            c.words = tuple(index.tok.text[c.start : c.end])
            if c.affiliation is None:
                c.affiliation = self._affiliation_around(c, index)
        full = {c.words for c in found if len(c.words) >= 2 and not c.weak}
        owner_of = _owners(full)
        # '"…", dice Lucía' after "Lucía Ramos, de 29 años": a first name alone is the one full
        # name it starts, when only one does
        starts: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        for name in full:
            starts.setdefault(name[:1], set()).add(name)
        people: dict[tuple[str, ...], ActorInfo] = {}
        spans: list[tuple[int, int, tuple[str, ...]]] = []
        for c in found:
            words = owner_of.get(c.words, c.words if c.words in full else None)
            if words is None and c.vouched and len(c.words) == 1 and len(starts.get(c.words, ())) == 1:
                words = next(iter(starts[c.words]))
            if words is None and (c.vouched or (len(c.words) >= 2 and not c.weak)):
                words = c.words
            if words is None:
                continue  # "UNHCR Deputy Chief Urges Support…": a headline verb, not a surname
            info = people.get(words)
            if info is None:
                written = doc[c.start : c.end].text if words == c.words else " ".join(words)
                info = people[words] = ActorInfo(person_id(written), "person", written)
            info.title = info.title or c.title
            info.affiliation = info.affiliation or c.affiliation
            spans.append((c.start, c.end, words))
        for s, e, words in spans:
            index.add(Mention(s, e, people[words].id, "person"))
        for info in people.values():
            infos.setdefault(info.id, info)
        if people:
            self._link_later(doc, index, people, _owners(set(people), self.first_names))

    def _affiliation_around(self, cand: PersonCandidate, index: MentionIndex) -> str | None:
        """The body a name is written with when no title gave one: "UNHCR's Per Andersson",
        "Minister Ana Pérez of Guatemala", "Lucía Ferrer, de la OIM"."""
        tv = index.tok
        n = len(tv.text)
        s, e = cand.start, cand.end
        if s >= 2 and tv.text[s - 1] in self.possessive:
            owner = index.ending_at(s - 2)
            if owner is not None and owner.kind != "person":
                return owner.id
        q = e + 1 if e < n and tv.text[e] == "," else e
        if q < n and tv.lower[q] in self.affiliating:
            q += 1
            if q < n and tv.lower[q] in self.articles and index.starting_at(q) is None:
                q += 1  # "of the OAS", "de la OEA"; not the "El" of "de El Salvador"
            body = index.starting_at(q)
            if body is not None and body.kind != "person":
                return body.id
        return None

    @staticmethod
    def _link_later(
        doc: Doc,
        index: MentionIndex,
        people: dict[tuple[str, ...], ActorInfo],
        owner_of: dict[tuple[str, ...], tuple[str, ...]],
    ) -> None:
        """Every later use of a full name or of its tail ("Grandi", "Paiz Valdés"), longest first."""
        forms: dict[str, list[tuple[str, ...]]] = {}
        for words in [*people, *owner_of]:
            forms.setdefault(words[0], []).append(words)
        for options in forms.values():
            options.sort(key=len, reverse=True)
        tv = index.tok
        n = len(doc)
        for i in tv.where_in(forms):
            if index.at(i) is not None or index.blocked[i]:
                continue
            for words in forms.get(tv.text[i], ()):
                end = i + len(words)
                if end <= n and tuple(tv.text[i:end]) == words and index.is_free(i, end):
                    full = words if words in people else owner_of[words]
                    index.add(Mention(i, end, people[full].id, "person"))
                    break


_MAX_AGE = 120


def age_follows(
    doc: Doc, i: int, lead: frozenset[str], unit: frozenset[str], article: frozenset[str] = frozenset()
) -> bool:
    """ ", 34," / ", de 16 años,": an age in apposition starts at token ``i``, so the name before
    it is a person's (feature stories introduce people by first name and age). ``lead`` and
    ``unit`` are the language's ``age_lead`` / ``age_unit`` words. With ``article`` (the
    language's ``age_article`` words) an apposition that states the age inside a noun phrase
    counts too: ", a 17-year-old from Olancho", ", una comerciante de 38 años". Actors and quotes
    both ask."""
    n = len(doc)
    if i >= n or doc[i].text != ",":
        return False
    k = i + 1
    if k < n and doc[k].lower_ in article:
        # the age must carry its unit here: ", a 3-member team" is no age
        return any(_age_with_unit(doc, j, lead, unit) for j in range(k + 1, min(k + 5, n)))
    if k < n and doc[k].lower_ in lead:
        k += 1
    if not (k < n and doc[k].like_num):
        return False
    k += 1
    if k < n and doc[k].lower_ in unit:
        k += 1
    return k < n and doc[k].text == ","


def _age_with_unit(doc: Doc, k: int, lead: frozenset[str], unit: frozenset[str]) -> bool:
    """ "de 38 años" / "17-year-old" at token ``k``: a plausible age followed by its unit."""
    n = len(doc)
    if k < n and doc[k].lower_ in lead:
        k += 1
    if not (k < n and doc[k].text.isdigit() and int(doc[k].text) <= _MAX_AGE):
        return False
    k += 1
    while k < n and doc[k].text == "-":
        k += 1
    return k < n and doc[k].lower_ in unit


def _owners(
    names: set[tuple[str, ...]], first_names: frozenset[str] = frozenset()
) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Each proper tail of a name ("Grandi", "Paiz Valdés") -> the one full name it ends, when
    only one name ends that way. With ``first_names``, the first of two surnames stands for the
    name too ("Mamani" for "Hernán Mamani Quispe"; not "Ramiro" of "Julio Ramiro Mendizábal")."""
    owners: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for words in names:
        for k in range(1, len(words)):
            owners.setdefault(words[k:], set()).add(words)
        if first_names and len(words) >= 3 and words[-2] not in first_names and words[-2][:1].isupper():
            owners.setdefault(words[-2:-1], set()).add(words)
    return {tail: next(iter(full)) for tail, full in owners.items() if len(full) == 1}


def _title_text(doc: Doc, pieces: list[tuple[int, int]]) -> str:
    return " ".join(doc[s:e].text for s, e in pieces if e > s)


def _longest(matches: list[tuple[int, int, TitleEntry | None]]) -> list[tuple[int, int, TitleEntry | None]]:
    """Non-overlapping title matches, longest first (an office beats its head word)."""
    taken: set[int] = set()
    out = []
    for s, e, office in sorted(matches, key=lambda m: (-(m[1] - m[0]), m[2] is None, m[0])):
        if taken.isdisjoint(range(s, e)):
            taken.update(range(s, e))
            out.append((s, e, office))
    return sorted(out, key=lambda m: m[0])
