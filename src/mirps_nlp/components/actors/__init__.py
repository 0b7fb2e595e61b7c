"""mirps_actors: the countries, organisations and people a release names.

How it reads a release (no statistical model needed):

1. **Gazetteer.** Two ``PhraseMatcher``s built once from ``patterns/<lang>/`` (case-exact for
   acronyms and short names, lower-case for names of three words or more) find every alias of a
   country or organisation, every demonym and every *blocker* (publishers, events, documents,
   regions, cities). The longest match wins, so "MIRPS Support Platform" is not also "MIRPS" and
   "Panama City" is not Panama; a country directly followed by a place/text word ("Brazil Plan of
   Action") is dropped; a demonym counts only before a state noun ("the Honduran government").
   Short context aliases ("the Platform", "the Fund") count only when the body they abbreviate
   is named in full in the same release.
2. **Acronym definitions** (:mod:`.actors_acronyms`): "Long Name (ACR)" and "ACR, the Long
   Name" tie both forms to one actor, for bodies outside the gazetteer too, and later bare uses
   of the acronym become mentions. Ministries named with their state ("Guatemala's Ministry of
   Foreign Affairs") become organisations.
3. **People** (:mod:`.actors_persons`): names are looked for only in the slots where the genre
   puts them: next to a title ("Title, Name", "Title Name", "Name, Title of Org", "Name (Title of
   Country)"), after an honorific ("Mr.", "H.E.") or next to an attribution verb ("said Name").
   The title is split from its affiliation (the innermost body it names, or a body the title
   itself implies: "Deputy High Commissioner for Refugees" -> UNHCR). A first-name lexicon only
   supports the weakest slots, except next to a closing quotation mark ('"…?" asked Giovanni
   Lepri'), which vouches for a name by itself. Apposition glue ("Name, a spokesperson for
   UNHCR", "Name, who is the …") and relative clauses ("Name, who heads the OAS Department of
   …") come from data; lower-case titles take a lower-case complement only when a name follows
   ("the minister of foreign affairs Arnoldo André"). With a statistical model loaded, its
   PERSON entities add candidates. Later surname-only mentions ("Grandi said") link to the
   full name, and a one-word speaker ("said Lepri") vouches for the full name written earlier.
   National bodies without an acronym ("the Secretariat of Social Integration", "the
   Directorate General of Migration and Aliens") are organisations by their own name, unless
   they are a unit of an international body ("its Department of …", "the OAS Department of
   …", "… of the OAS") or complete a title ("Director of the Department of …").

Speed: every rule reads the shared :class:`~.actors_mentions.TokenView` (one ``to_array``
per Doc, words from a process-wide table) and finds its candidate positions with numpy or a
matcher; no rule loops over every token in Python.
4. **Roles** (:mod:`.actors_roles`): member states, Support Platform members and the Technical
   Secretariat where the release lists them.

Output (the contract in :mod:`mirps_nlp.extensions`): ``doc.spans["mirps_actors"]`` holds every
mention (label COUNTRY/ORGANIZATION/PERSON, ``id_`` the actor id) and ``doc._.mirps_actors`` one
dict per distinct actor.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from mirps_nlp.components.actors.acronyms import find_acronym_actors, find_state_bodies
from mirps_nlp.components.actors.mentions import ActorInfo, Mention, MentionIndex, actor_span_rows, token_view
from mirps_nlp.components.actors.persons import PersonFinder
from mirps_nlp.components.actors.roles import assign_roles
from mirps_nlp.components.base import MirpsComponent
from mirps_nlp.extensions import ACTOR_SPANS, items
from mirps_nlp.gazetteer import ActorEntry, Gazetteer, load_gazetteer

_LABELS = {"country": "COUNTRY", "organization": "ORGANIZATION", "person": "PERSON"}


class ActorRecognizer(MirpsComponent):
    """Finds actors with gazetteer matchers and the genre's naming patterns.

    Args:
        demonym_mentions: count "the Honduran government" as a mention of Honduras.
        model_persons: use a statistical model's PERSON entities as extra candidates when present.
        nlp, name, lang, patterns: see :class:`~.base.MirpsComponent`.
    """

    pattern_files = (
        "countries.jsonl",
        "organizations.jsonl",
        "person_titles.jsonl",
        "actor_lexicon.jsonl",
        "actor_blockers.jsonl",
        "actor_first_names.jsonl",
    )

    def __init__(
        self,
        nlp: Language,
        name: str = "mirps_actors",
        demonym_mentions: bool = True,
        model_persons: bool = True,
        *,
        lang: str = "",
        patterns: str = "",
    ) -> None:
        self.demonym_mentions = demonym_mentions
        self.model_persons = model_persons
        super().__init__(nlp, name, lang=lang, patterns=patterns)

    def compile(self, nlp: Language) -> None:
        self.gaz: Gazetteer = load_gazetteer(self.lang)
        self._state_forms: frozenset[str] | None = None  # country names, read on first need
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._build_matchers(nlp)
        self.place_suffix = self.gaz.word_class("place_suffix")
        self.state_noun = self.gaz.word_class("state_noun")
        self.state_noun_before = self.gaz.word_class("state_noun_before")
        self.standalone_follow = self.gaz.word_class("standalone_follow")
        self.persons = PersonFinder(nlp, self.gaz)

    def _build_matchers(self, nlp: Language) -> None:
        exact: dict[str, list[Doc]] = {}
        lower: dict[str, list[Doc]] = {}

        def add(key: str, text: str) -> None:
            doc = nlp.make_doc(text)
            table = lower if len(doc) >= 3 else exact
            table.setdefault(key, []).append(doc)
            if table is lower:  # a title-case name is also matched exactly (cheap, and safe)
                exact.setdefault(key, []).append(doc)

        for entry in self.gaz.entries.values():
            for form in entry.surface_forms():
                add(f"A|{entry.id}", form)
            for demonym in entry.demonyms:
                exact.setdefault(f"D|{entry.id}", []).append(nlp.make_doc(demonym))
            for ctx in entry.context_aliases:
                key = f"C|{entry.id}|{','.join(ctx.requires)}"
                exact.setdefault(key, []).append(nlp.make_doc(ctx.text))
        for text, reason in self.gaz.blockers:
            exact.setdefault(f"B|{reason}", []).append(nlp.make_doc(text))
        for key, docs in exact.items():
            self.exact.add(key, docs)
        for key, docs in lower.items():
            self.lower.add(key, docs)

    def annotate(self, doc: Doc) -> Doc:
        index = MentionIndex(doc)
        infos: dict[str, ActorInfo] = {}
        self._gazetteer_mentions(doc, index)
        find_acronym_actors(doc, index, self.gaz, infos)
        find_state_bodies(doc, index, self.gaz, infos)
        self.persons(doc, index, infos, use_model=self.model_persons)
        self._drop_surname_countries(doc, index)
        for mention in index.mentions:
            if mention.id not in infos:
                infos[mention.id] = self._info(mention.id)
        roles = assign_roles(doc, index, self.gaz)
        self._write(doc, index, infos, roles)
        return doc

    # -- gazetteer -------------------------------------------------------------------------
    def _gazetteer_mentions(self, doc: Doc, index: MentionIndex) -> None:
        vocab = doc.vocab.strings
        seen: set[tuple[str, int, int]] = set()
        candidates: list[tuple[str, int, int]] = []
        for match_id, start, end in [*self.exact(doc), *self.lower(doc)]:
            key = vocab[match_id]
            if (key, start, end) not in seen:
                seen.add((key, start, end))
                candidates.append((key, start, end))
        # Longest first; blockers win ties so "Mexico City" never yields Mexico.
        candidates.sort(key=lambda c: (-(c[2] - c[1]), not c[0].startswith("B|"), c[1]))
        context: list[tuple[str, int, int]] = []
        nested: list[Mention] = []
        for key, start, end in candidates:
            kind, _, rest = key.partition("|")
            if kind == "B":
                if index.is_free(start, end):
                    index.block(start, end)
                continue
            if kind == "C":
                context.append((rest, start, end))
                continue
            actor_id = rest
            entry = self.gaz.entries[actor_id]
            if kind == "D" and not (self.demonym_mentions and self._demonym_names_state(doc, start, end)):
                continue
            if entry.kind == "country" and (
                self._names_place_or_text(doc, end) or self._in_person_name(doc, start, end)
            ):
                continue
            if entry.standalone_only and not self._stands_alone(doc, end):
                continue
            if entry.kind == "organization" and _in_capitals_run(doc, start, end):
                continue
            if end < len(doc) and doc[end].text == ":" and doc[start:end].text in self.gaz.word_class("advisory_label"):
                continue  # a media advisory's "WHO: - Name, Minister …" label, not the WHO
            mention = Mention(start, end, actor_id, entry.kind)
            if index.add(mention) or kind == "D":
                continue
            # A country name inside a national body's name also names the state ("U.S." in
            # "U.S. Department of State", "Canada" in "Global Affairs Canada").
            outer = index.at(start)
            if (
                entry.kind == "country"
                and outer is not None
                and outer.end >= end
                and self.gaz.entries.get(outer.id, entry).country == entry.iso3
            ):
                nested.append(Mention(start, end, actor_id, "country", nested=True))
        for mention in nested:
            index.add(mention)
        self._context_mentions(doc, index, context)

    def _demonym_names_state(self, doc: Doc, start: int, end: int) -> bool:
        """ "the Honduran government", "the Spanish Presidency", "Costa Rican Vice Minister";
        in languages that put the adjective last, "el Gobierno hondureño" (``state_noun_before``)."""
        if start > 0 and doc[start - 1].text in self.state_noun_before:
            return True
        return any(t.text in self.state_noun for t in doc[end : end + 2] if not t.is_punct)

    def _stands_alone(self, doc: Doc, end: int) -> bool:
        """ "the UN said" names the body; "UN refugee chief", "UN Guiding Principles" do not."""
        if end >= len(doc):
            return True
        nxt = doc[end]
        return not nxt.is_alpha or nxt.text in self.standalone_follow

    def _in_person_name(self, doc: Doc, start: int, end: int) -> bool:
        """ "Sofía Montenegro Ulate": a country's name after a known first name, with a capitalised
        surname after it, is part of a person's name; so is a country's name that is itself a
        known first name before two more name words ("Mauricio Ezequiel Tobar", Mauricio being
        Mauritius in Spanish)."""
        if not (end < len(doc) and doc[end].is_title and doc[end].is_alpha):
            return False
        if start > 0 and doc[start - 1].text in self.gaz.first_names:
            return True
        return (
            end - start == 1
            and doc[start].text in self.gaz.first_names
            and end + 1 < len(doc)
            and doc[end + 1].is_title
            and doc[end + 1].is_alpha
        )

    def _drop_surname_countries(self, doc: Doc, index: MentionIndex) -> None:
        """ "Vice President Montenegro said", after "Sofía Montenegro Ulate": a country's name right
        after a title, that is a surname of a person the release names, is that person."""
        view = token_view(doc)  # plain strings: no Span or Token object per mention
        surnames = {w for m in index.mentions if m.kind == "person" for w in view.text[m.start + 1 : m.end]}
        if not surnames:
            return
        gone = [
            m
            for m in index.mentions
            if m.kind == "country"
            and not m.nested
            and view.span_text(m.start, m.end) in surnames
            and m.start > 0
            and doc[m.start - 1].is_title
            and doc[m.start - 1].lower_ not in self.gaz.word_class("article")  # "The Montenegro delegation"
        ]
        if gone:
            index.remove_all(gone)

    def _names_place_or_text(self, doc: Doc, end: int) -> bool:
        """ "Panama City", "Brazil Plan of Action": the country word names a place or a text."""
        return end < len(doc) and doc[end].text in self.place_suffix

    def _context_mentions(self, doc: Doc, index: MentionIndex, context: list[tuple[str, int, int]]) -> None:
        """ "the Platform" after "MIRPS Support Platform"; two rounds, as one context alias can
        enable another ("Support Platform" needs MIRPS, "Platform" needs the Support Platform)."""
        article = self.gaz.word_class("article")
        for _ in range(2):
            present = index.ids()
            for rest, start, end in context:
                actor_id, _, requires = rest.partition("|")
                if present.isdisjoint(requires.split(",")) or not index.is_free(start, end):
                    continue
                before = doc[start - 1] if start else None
                if before is not None and before.is_title and before.lower_ not in article and not before.is_sent_start:
                    continue  # "Regional Platform", "Population Fund": another body's name
                index.add(Mention(start, end, actor_id, self.gaz.entries[actor_id].kind))

    # -- output ----------------------------------------------------------------------------
    def _info(self, actor_id: str) -> ActorInfo:
        entry: ActorEntry | None = self.gaz.entries.get(actor_id)
        if entry is None:
            return ActorInfo(actor_id, "organization", actor_id.split(":", 1)[1].replace("_", " "))
        return ActorInfo(
            entry.id,
            entry.kind,
            entry.name,
            iso3=entry.iso3,
            acronym=entry.acronym,
            wikidata=entry.wikidata,
        )

    def _write(self, doc: Doc, index: MentionIndex, infos: dict[str, ActorInfo], roles: dict[str, set[str]]) -> None:
        mentions = sorted(index.mentions, key=lambda m: (m.start, m.end))
        spans = [Span(doc, m.start, m.end, label=_LABELS[m.kind], span_id=m.id) for m in mentions]
        doc.spans[ACTOR_SPANS] = spans
        actor_span_rows(doc, spans)  # the rows later components read, from these Spans
        order: dict[str, int] = {}
        for m in mentions:
            order.setdefault(m.id, len(order))
        # An affiliation must be an actor of the release; a title never invents one.
        for info in infos.values():
            if info.affiliation and info.affiliation not in order:
                info.affiliation = None
        self._national_names_as_written(doc, mentions, infos)
        actors = items(doc, "mirps_actors")
        ranked = sorted(infos.values(), key=lambda i: order.get(i.id, len(order)))
        for info in ranked:
            if info.id not in order:
                continue
            info.roles = sorted(roles.get(info.id, ()))
            actors.append(info.as_dict())

    def _national_names_as_written(self, doc: Doc, mentions: list[Mention], infos: dict[str, ActorInfo]) -> None:
        """A national ministry or agency the release never calls by its acronym keeps the name it is
        written with, its fullest form ("Secretaría de Gobernación", not "Secretariat of the
        Interior"): the corpus's ministry convention. International bodies keep their canonical
        English name whatever the release calls them (ACNUR is UNHCR)."""
        written: dict[str, list[str]] = {}
        view = token_view(doc)  # plain strings: no Span or Token object per mention
        for m in mentions:
            written.setdefault(m.id, []).append(view.span_text(m.start, m.end))
        for info in infos.values():
            entry = self.gaz.entries.get(info.id)
            forms = written.get(info.id)
            if entry is None or entry.country is None or entry.kind != "organization" or not forms:
                continue
            if entry.acronym and entry.acronym in forms:
                continue
            fullest = self._without_state(max(forms, key=len))
            if len(fullest.split()) >= 2 and fullest[:1].isupper():
                info.name = fullest

    def _without_state(self, name: str) -> str:
        """The name without the state it ends in: "Ministerio de Relaciones Exteriores de
        Guatemala" -> "Ministerio de Relaciones Exteriores" (the state is an actor of its own)."""
        if self._state_forms is None:
            self._state_forms = frozenset(
                form.casefold() for e in self.gaz.entries.values() if e.kind == "country" for form in e.surface_forms()
            )
        link = self.gaz.word_class("complement_link")  # "of", "de": the rows the acronym readers use
        words = name.split()
        for k in range(len(words) - 1, 1, -1):
            if words[k - 1].casefold() in link and " ".join(words[k:]).casefold() in self._state_forms:
                return " ".join(words[: k - 1])
        return name


@Language.factory(
    "mirps_actors",
    default_config={"demonym_mentions": True, "model_persons": True, "lang": "", "patterns": ""},
    assigns=["doc.spans", "doc._.mirps_actors"],
)
def make_actors(
    nlp: Language, name: str, demonym_mentions: bool, model_persons: bool, lang: str, patterns: str
) -> ActorRecognizer:
    return ActorRecognizer(
        nlp, name, demonym_mentions=demonym_mentions, model_persons=model_persons, lang=lang, patterns=patterns
    )


def _in_capitals_run(doc: Doc, start: int, end: int) -> bool:
    """ "FAMILIES WHO FLED VIOLENCE": a one-word acronym between words all in capitals is a
    word of a headline written in capitals, not the body ("WHO" the pronoun)."""
    if end - start != 1 or not doc[start].text.isupper():
        return False

    def caps_word(i: int) -> bool:
        return 0 <= i < len(doc) and doc[i].is_alpha and len(doc[i].text) > 1 and doc[i].text.isupper()

    return caps_word(start - 1) and caps_word(end) and (caps_word(start - 2) or caps_word(end + 1))
