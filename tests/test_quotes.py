"""mirps_quotes: quotation marks, cues, speakers, and the link to the actors.

The tables below read like the specification: one row per way a press release quotes
someone. Rows run without the actor component (the speaker finder must work on its own);
the ``actors`` tests add person/country/org spans the way ``mirps_actors`` does and check
that the quote links to them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from mirps_nlp.components.base import failures
from mirps_nlp.components.quotes.lexicon import CUE_KINDS, load_lexicon, read_jsonl
from mirps_nlp.components.quotes.marks import pair_quotes
from mirps_nlp.extensions import ACTOR_SPANS
from mirps_nlp.pipeline import register_components

QUOTE_KEYS = {
    "text", "speaker", "speaker_name", "speaker_title", "speaker_affiliation",
    "cue", "partial", "confidence", "start", "end",
}


@pytest.fixture(scope="module")
def qnlp() -> Language:
    """Sentences + actors + quotes: actors is the one person detector quotes reads; a test that
    hands in its own actors (:func:`add_actors`) skips the actor component."""
    register_components()
    nlp = spacy.blank("en")
    nlp.add_pipe("mirps_sentences")
    nlp.add_pipe("mirps_actors")
    nlp.add_pipe("mirps_quotes")
    return nlp


@dataclass
class FakeActor:
    """What mirps_actors would produce for one actor: the dict plus the surfaces it tags."""

    id: str
    name: str
    surfaces: list[str] = field(default_factory=list)
    title: str | None = None
    affiliation: str | None = None

    @property
    def kind(self) -> str:
        return {"person": "person", "country": "country"}.get(self.id.split(":")[0], "organization")


def add_actors(doc: Doc, actors: Iterable[FakeActor]) -> None:
    """Fill ``doc.spans["mirps_actors"]`` and ``doc._.mirps_actors`` the way the actor component does."""
    spans, taken = [], set()
    pairs = sorted(((s, a) for a in actors for s in [a.name, *a.surfaces]), key=lambda p: -len(p[0]))
    for surface, actor in pairs:
        pos = doc.text.find(surface)
        while pos >= 0:
            span = doc.char_span(pos, pos + len(surface), label=actor.kind.upper(), span_id=actor.id)
            if span is not None and not taken & set(range(span.start, span.end)):
                spans.append(span)
                taken |= set(range(span.start, span.end))
            pos = doc.text.find(surface, pos + 1)
    doc.spans[ACTOR_SPANS] = sorted(spans, key=lambda s: s.start)
    doc._.mirps_actors = [
        {"id": a.id, "kind": a.kind, "name": a.name, "title": a.title, "affiliation": a.affiliation}
        for a in actors
    ]


def run(nlp: Language, text: str, actors: Iterable[FakeActor] = ()) -> Doc:
    doc = nlp.get_pipe("mirps_sentences")(nlp.make_doc(text))
    actors = list(actors)
    if actors:
        add_actors(doc, actors)
    else:
        doc = nlp.get_pipe("mirps_actors")(doc)
    return nlp.get_pipe("mirps_quotes")(doc)


def quotes(nlp: Language, text: str, actors: Iterable[FakeActor] = ()) -> list[dict]:
    return run(nlp, text, actors)._.mirps_quotes or []


# -- pairing the marks ---------------------------------------------------------------------

PAIRING = [
    ('He said: "We act."', ["We act."]),
    ("“We act,” she said.", ["We act,"]),
    ('"The spirit is here. We can make change,” she noted.', ["The spirit is here. We can make change,"]),
    ("«Nous agissons», dijo.", ["Nous agissons"]),
    ("“When we talk about ‘durable solutions’ we mean jobs,” she said.",
     ["When we talk about ‘durable solutions’ we mean jobs,"]),
    ("Panama's minister didn't speak; the countries’ plans are ready.", []),
    ("‘We act together,’ she said.", ["We act together,"]),
    ("“A. “B,” she said.", ["A.", "B,"]),
    ('Ana said: "We will act." Then "more words here," she added.', ["We will act.", "more words here,"]),
    ("“One.” “Two.”", ["One.", "Two."]),
    ('A "" B', []),
]


@pytest.mark.parametrize(("text", "inside"), PAIRING)
def test_pairing(text: str, inside: list[str]) -> None:
    scan = pair_quotes(text)
    assert [text[q.text_start : q.text_end] for q in scan.quotes] == inside
    for q in scan.quotes:
        assert text[q.start] in "\"“”‘’'«»" and q.start < q.text_start <= q.text_end <= q.end


def test_unclosed_mark_closes_at_paragraph_end_with_warning(qnlp: Language) -> None:
    text = 'Ana Ruiz said: "We will not stop working for the people of the region.\nThe meeting ended.'
    doc = run(qnlp, text)
    (q,) = doc._.mirps_quotes
    assert q["text"] == "We will not stop working for the people of the region."
    assert text[q["start"] : q["end"]] == '"We will not stop working for the people of the region.'
    assert q["speaker_name"] == "Ana Ruiz"
    assert any("unclosed" in w for w in doc._.mirps_warnings)


def test_quote_over_two_paragraphs_keeps_speaker_without_warning(qnlp: Language) -> None:
    text = (
        "Ana Ruiz opened the session.\n"
        '"The first part of the speech runs over a whole paragraph.\n'
        '"The second part ends it," she said.'
    )
    doc = run(qnlp, text)
    assert [q["speaker_name"] for q in doc._.mirps_quotes] == ["Ana Ruiz", "Ana Ruiz"]
    assert not doc._.mirps_warnings


def test_stray_closing_mark_warns_and_keeps_the_release(qnlp: Language) -> None:
    doc = run(qnlp, 'It works," she said. Ana Ruiz said: "We act now."')
    assert [q["text"] for q in doc._.mirps_quotes] == ["We act now."]
    assert any("without an opening" in w for w in doc._.mirps_warnings)


# -- attribution forms (no actor component) -----------------------------------------------

FORMS = [
    # attribution after the quote, comma inside the curly mark, appositive title
    ("“We recall the leadership of the region,” stated Roger Tejada, Panama's Minister of Government.",
     [("Roger Tejada", "stated", False)]),
    # no comma before the closing mark
    ("“We are well-positioned to face these challenges together” acknowledged Cheryl Fernandes, "
     "Director of Western Hemisphere Affairs.",
     [("Cheryl Fernandes", "acknowledged", False)]),
    # pronoun in the next clause -> the person introduced in the sentence before
    ("United Nations Deputy High Commissioner for Refugees, Kelly Clements, emphasized joint efforts. "
     '"The spirit of engagement is what the MIRPS represents. We can make change,” she noted.',
     [("Kelly Clements", "noted", False)]),
    # inside the sentence after "noting that", the quote ends with its own full stop
    ("The High Commissioner, Filippo Grandi, highlighted the relevance of the mechanism and recalled its "
     'principles, noting that "the MIRPS demonstrates that dialogue is essential."',
     [("Filippo Grandi", "noting", False)]),
    # title before the name after the cue, several sentences inside the marks
    ('"We raised awareness. The Fund is transforming lives. We implemented the first portfolio," '
     "said OAS Secretary General Albert Ramdin.",
     [("Albert Ramdin", "said", False)]),
    # colon attribution with an honorific
    ("Mr. Esteban Carrillo, Director of the OAS Department of Social Inclusion, said: "
     '"The MIRPS shows that countries can sit at the same table."',
     [("Esteban Carrillo", "said", False)]),
    # "stating," before the quote
    ("UNHCR's Assistant High Commissioner for Protection, Dr. Helena Varga, opened the session, stating, "
     '"Nobody in this room can solve displacement alone."',
     [("Helena Varga", "stating", False)]),
    # split quote: two items, one speaker
    ("“Spain has walked alongside Central America for decades,” said Spain's Secretary of State, "
     "Mr. Jorge Salazar Ortega. “Chairing this Platform turns friendship into support.”",
     [("Jorge Salazar Ortega", "said", False), ("Jorge Salazar Ortega", "said", False)]),
    # split inside one sentence
    ('Ana Ruiz closed the meeting. "We are ready," she said, "and we will deliver on every pledge."',
     [("Ana Ruiz", "said", False), ("Ana Ruiz", "said", False)]),
    # inverted attribution with a title that names a state and an honorific
    ("“Belize is proud to lead the mechanism,” stated Prime Minister of Belize, Hon. John Briceño.",
     [("John Briceño", "stated", False)]),
    # surname only, introduced before
    ("Mr. Jorge Salazar Ortega opened the session. The agency will host an exchange in 2020. "
     "“We will listen first to the MIRPS countries,” Salazar added.",
     [("Jorge Salazar Ortega", "added", False)]),
    # bare title, the person named earlier with that title
    ("The United Nations High Commissioner for Refugees, Filippo Grandi, opened the meeting. "
     "“Solidarity must be shared,” the High Commissioner said.",
     [("Filippo Grandi", "said", False)]),
    # a state as the speaker, long cue phrase before a colon
    ("Guatemala, which takes over the Presidency for 2021, said in a statement read at the closing "
     'session: "We will work so that the commitments reach the municipalities."',
     [("Guatemala", "said", False)]),
    # partial quote woven into reported speech
    ('Minister Ana Ruiz praised host communities, describing them as "the backbone of the response" '
     "in the region.",
     [("Ana Ruiz", "describing", True)]),
    ('Ana Ruiz said the roadmap was "a turning point" for the region.', [("Ana Ruiz", "said", True)]),
    # nested single quotes, told participants
    ("\"When we talk about 'durable solutions', we mean a job and a school,\" UNHCR's Director, "
     "Ms. Renata Oliveira, told participants.",
     [("Renata Oliveira", "told", False)]),
    # guillemets
    ("«We stand with the displaced,» said Ana Ruiz.", [("Ana Ruiz", "said", False)]),
    # according to, after and before
    ("“Displacement is a development challenge,” according to Marcela Ibáñez, Chief of the Migration Unit.",
     [("Marcela Ibáñez", "according to", False)]),
    ('According to Marcela Ibáñez, "displacement is a development challenge."',
     [("Marcela Ibáñez", "According to", False)]),
    # a quote standing alone after the sentence that introduces the speaker
    ('Minister Ana Ruiz presented the plan. "We have doubled the capacity of our asylum system this year."',
     [("Ana Ruiz", None, False)]),
    # comma outside the closing mark, em dash before the attribution
    ("“We act together”, said Ana Ruiz.", [("Ana Ruiz", "said", False)]),
    ("“We act together” — Ana Ruiz said.", [("Ana Ruiz", "said", False)]),
    # a second quote introduced by "adding that"
    ('"We are ready," said Ana Ruiz, adding that "the region will not be left alone."',
     [("Ana Ruiz", "said", False), ("Ana Ruiz", "adding", False)]),
    # "said in a statement that": the cue is not right before the marks
    ('Ana Ruiz said in a statement that "the region will not be left alone in this effort."',
     [("Ana Ruiz", "said", False)]),
    # a colon after a long reported clause is still a full quotation
    ("UNHCR's Representative, Rocío Fuentes Albarrán, noted that the law would need municipalities and "
     "donors: “A law on paper does not protect anyone.”",
     [("Rocío Fuentes Albarrán", "noted", False)]),
    # single quotes as the only marks, the source phrase with a possessive
    ("According to its field coordinator, Inés Montalvo, 'the jungle is now a business for smugglers'.",
     [("Inés Montalvo", "According to", False)]),
    # a collective speaker by pronoun (named as the actor record names it)
    ('UNHCR welcomed the new law on internal displacement. "This is a milestone for the region," it said.',
     [("United Nations High Commissioner for Refugees", "said", False)]),
    # a government "Quotes" section: the speaker on the next line after a dash
    ("Quotes\n\n“Millions of people in our hemisphere have been forced to flee their homes.”\n\n"
     "– Hon. Marguerite Lalonde, Minister of International Development",
     [("Marguerite Lalonde", None, False)]),
    # a feature story: first name and age, then "she says"
    ("In a small bakery, María, 34, kneads dough. She fled San Pedro Sula with her daughters.\n\n"
     '"For a year I did not sleep," she says.',
     [("María", "says", False)]),
    # a surname we never saw in full, then "she stated"
    ('Requeña said the protocol would help small countries. "We cannot do this alone," she stated.',
     [("Requeña", "stated", False)]),
    # mottos, titles and scare quotes are not quotations
    ('The campaign "No One Left Behind" was launched in 2023.', []),
    ('The meeting was held under the theme "Solidarity in Action".', []),
    ('The so-called "caravans" moved north.', []),
    ('Delegates approved the "Safe Spaces Guide" on Monday.', []),
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_attribution_forms(qnlp: Language, text: str, expected: list[tuple[str, str | None, bool]]) -> None:
    got = quotes(qnlp, text)
    assert [(q["speaker_name"], q["cue"], q["partial"]) for q in got] == expected
    for q in got:
        assert set(q) == QUOTE_KEYS
        assert text[q["start"]] in "\"“”‘’'«»"
        assert q["text"] in text[q["start"] : q["end"]]
        assert not q["text"].endswith(",")


CUES = ["said", "stated", "noted", "added", "stressed", "underlined", "acknowledged", "emphasized",
        "affirmed", "told participants", "remarked", "underscored", "highlighted", "explained"]


@pytest.mark.parametrize("cue", CUES)
def test_every_cue_verb_after_the_quote(qnlp: Language, cue: str) -> None:
    (q,) = quotes(qnlp, f"“Protection is a shared responsibility,” Ana Ruiz {cue}.")
    assert (q["speaker_name"], q["cue"]) == ("Ana Ruiz", cue.split()[0])


@pytest.mark.parametrize("cue", CUES)
def test_every_cue_verb_before_the_quote(qnlp: Language, cue: str) -> None:
    (q,) = quotes(qnlp, f"Ana Ruiz {cue}: “Protection is a shared responsibility.”")
    assert (q["speaker_name"], q["cue"]) == ("Ana Ruiz", cue.split()[0])


def test_text_drops_marks_and_trailing_comma(qnlp: Language) -> None:
    text = '"It is important to act together," stated Roger Tejada.'
    (q,) = quotes(qnlp, text)
    assert q["text"] == "It is important to act together"
    assert text[q["start"] : q["end"]] == '"It is important to act together,"'


# -- linking to the actors ------------------------------------------------------------------

TEJADA = FakeActor("person:roger-tejada", "Roger Tejada", ["Tejada"], "Minister of Government", "country:PAN")
PANAMA = FakeActor("country:PAN", "Panama")
CLEMENTS = FakeActor(
    "person:kelly-clements", "Kelly Clements", [], "United Nations Deputy High Commissioner for Refugees", "org:UNHCR"
)
GRANDI = FakeActor(
    "person:filippo-grandi", "Filippo Grandi", [], "United Nations High Commissioner for Refugees", "org:UNHCR"
)
GUATEMALA = FakeActor("country:GTM", "Guatemala")
OAS = FakeActor("org:OAS", "Organization of American States", ["OAS"])


def test_speaker_links_to_the_actor_record(qnlp: Language) -> None:
    text = "“We recall the leadership of the region,” stated Roger Tejada, Panama's Minister of Government."
    (q,) = quotes(qnlp, text, [TEJADA, PANAMA])
    assert q["speaker"] == "person:roger-tejada"
    assert (q["speaker_name"], q["speaker_title"], q["speaker_affiliation"]) == (
        "Roger Tejada", "Minister of Government", "country:PAN")


def test_pronoun_follows_to_the_actor(qnlp: Language) -> None:
    text = ("United Nations Deputy High Commissioner for Refugees, Kelly Clements, emphasized joint efforts. "
            "“We can make change,” she noted.")
    (q,) = quotes(qnlp, text, [CLEMENTS])
    assert (q["speaker"], q["speaker_affiliation"], q["cue"]) == ("person:kelly-clements", "org:UNHCR", "noted")


def test_surname_and_title_follow_to_the_actor(qnlp: Language) -> None:
    text = ("Roger Tejada and Filippo Grandi opened the dialogue. “We will act,” Tejada said. "
            "“So will we,” the High Commissioner added.")
    got = quotes(qnlp, text, [TEJADA, GRANDI])
    assert [q["speaker"] for q in got] == ["person:roger-tejada", "person:filippo-grandi"]


def test_state_as_speaker_gets_the_country_id(qnlp: Language) -> None:
    text = 'Guatemala, which takes over the Presidency, said: "We will work for the municipalities."'
    (q,) = quotes(qnlp, text, [GUATEMALA])
    assert (q["speaker"], q["speaker_name"]) == ("country:GTM", "Guatemala")


def test_delegation_of_a_state_speaks_for_the_state(qnlp: Language) -> None:
    text = 'Honduras presented its plan. "We will protect every displaced family," the Honduran delegation said.'
    (q,) = quotes(qnlp, text, [FakeActor("country:HND", "Honduras", ["Honduran"])])
    assert (q["speaker"], q["speaker_name"], q["cue"]) == ("country:HND", "Honduras", "said")


def test_actor_person_preferred_over_an_org_in_the_clause(qnlp: Language) -> None:
    text = ("The Secretary for Access to Rights of the OAS, Maricarmen Plata, welcomed the progress. "
            "“Collaboration is essential,” she said.")
    plata = FakeActor("person:maricarmen-plata", "Maricarmen Plata", [], "Secretary for Access to Rights", "org:OAS")
    (q,) = quotes(qnlp, text, [plata, OAS])
    assert q["speaker"] == "person:maricarmen-plata"


# -- robustness -------------------------------------------------------------------------------

_PIECES = st.sampled_from(['"', "“", "”", "‘", "’", "'", "«", "»", " ", " ", "\n", ",", ".", ":", "said",
                           "she", "Ana Ruiz", "the Minister", "Panama's", "we act", "noting that", "s",
                           "–", "\n\n", "María, 34,", "according to", "UNHCR", "it"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_random_marks_never_crash_and_offsets_stay_valid(qnlp: Language, text: str) -> None:
    doc = qnlp(text)
    assert not failures(doc), "a component raised (its exception became a warning)"
    for q in doc._.mirps_quotes or []:
        assert set(q) == QUOTE_KEYS
        assert 0 <= q["start"] < q["end"] <= len(text)
        assert q["text"] and q["text"] in text[q["start"] : q["end"]]
        assert q["confidence"] is None or 0 <= q["confidence"] <= 1
    assert all(isinstance(w, str) for w in doc._.mirps_warnings or [])


def test_pairing_is_linear_on_a_long_text() -> None:
    text = ('"We act," she said. ' * 20000) + '"open'
    scan = pair_quotes(text)
    assert len(scan.quotes) == 20001


# -- data ---------------------------------------------------------------------------------------

def test_lexicon_tables_are_valid() -> None:
    lex = load_lexicon("en")
    assert {c.kind for c in lex.cues} <= set(CUE_KINDS)
    assert {"said", "stated", "noted", "according to", "describing"} <= {c.form for c in lex.cues}
    assert {"minister", "commissioner", "secretary"} <= lex.title_heads
    assert lex.pronouns["she"] == "person"
    for name in ("quote_cues", "quote_titles", "quote_pronouns", "quote_motto_heads"):
        assert read_jsonl("en", name), name


# -- the seeds, end to end ----------------------------------------------------------------------

def _quote_f1(nlp: Language, seeds: Path, score_script: Path) -> float:
    import importlib.util

    spec = importlib.util.spec_from_file_location("mirps_score", score_script)
    assert spec is not None and spec.loader is not None
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    tp = fn = fp = 0
    for gold_path in sorted((seeds / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text())
        doc = nlp((seeds / gold["file"]).read_text())
        hit, missed, extra = score.match(gold["quotes"], doc._.mirps_quotes or [], score.quote_matches)
        tp, fn, fp = tp + hit, fn + len(missed), fp + len(extra)
    return 2 * tp / (2 * tp + fn + fp) if tp + fn + fp else 1.0


def test_seed_quotes_with_actors_and_quotes_only(qnlp: Language, seeds_dir: Path, score_script: Path) -> None:
    assert _quote_f1(qnlp, seeds_dir, score_script) == 1.0


@pytest.mark.slow
def test_seed_quotes_with_the_full_pipeline(seeds_dir: Path, score_script: Path) -> None:
    from mirps_nlp.pipeline import load

    assert _quote_f1(load(), seeds_dir, score_script) == 1.0


# -- news-wire attribution, with the actor component in front ------------------------------------


@pytest.fixture(scope="module")
def aqnlp() -> Language:
    """Sentences + actors + quotes: speakers resolve to actor records."""
    from mirps_nlp.pipeline import load

    return load(components=("mirps_sentences", "mirps_actors", "mirps_quotes"))


NEWSWIRE = [
    # (release text, [(speaker_name, speaker id, cue)] in order)
    ('"We cannot do this alone," Foreign Minister Arnoldo André Tinoco told reporters in San José.',
     [("Arnoldo André Tinoco", "person:arnoldo-andre-tinoco", "told")]),
    ('"The numbers are unprecedented," Giovanni Lepri told AFP on Tuesday.',
     [("Giovanni Lepri", "person:giovanni-lepri", "told")]),
    ('"This agreement is a milestone," Ana Lucía Mejía said in a statement.',
     [("Ana Lucía Mejía", "person:ana-lucia-mejia", "said")]),
    ('"Protection must come first," Alicia Bárcena wrote on X (formerly Twitter).',
     [("Alicia Bárcena", "person:alicia-barcena", "wrote")]),
    ('In the words of Giovanni Lepri, "solidarity is not optional."',
     [("Giovanni Lepri", "person:giovanni-lepri", "In the words of")]),
    # a description after the cue: the body speaks, or the person named after the description
    ('"Funding has dropped by a third," said a UNHCR spokesperson in Geneva.',
     [("United Nations High Commissioner for Refugees", "org:UNHCR", "said")]),
    ('"We are ready," said the agency\'s regional director, José Samaniego, in Panama.',
     [("José Samaniego", "person:jose-samaniego", "said")]),
    # questions and exclamations end the quote; the split second half keeps the speaker
    ('"Where will they go?" asked Giovanni Lepri. "Who will protect them?"',
     [("Giovanni Lepri", "person:giovanni-lepri", "asked"), ("Giovanni Lepri", "person:giovanni-lepri", "asked")]),
    ('"Enough is enough!" said Ana Lucía Mejía, Minister of Human Rights of Honduras.',
     [("Ana Lucía Mejía", "person:ana-lucia-mejia", "said")]),
    # British single marks, and apostrophes inside the quote
    ("'We need more support for host communities,' said Giovanni Lepri, the UNHCR Regional Director.",
     [("Giovanni Lepri", "person:giovanni-lepri", "said")]),
    ('"We must secure the region’s future," said Ana Lucía Mejía, Minister of Human Rights.',
     [("Ana Lucía Mejía", "person:ana-lucia-mejia", "said")]),
    # a quotation over two paragraphs where only the last one closes
    ('"The region faces its worst crisis in decades.\n"We need everyone," said Ana Lucía Mejía, '
     "Minister of Human Rights of Honduras.",
     [("Ana Lucía Mejía", "person:ana-lucia-mejia", "said"), ("Ana Lucía Mejía", "person:ana-lucia-mejia", "said")]),
    # attribution in the next paragraph
    ('The border post was overwhelmed on Monday.\n"We have never seen numbers like this. Families sleep '
     'outside."\nThe warning came from Giovanni Lepri, UNHCR\'s regional director, who said more was needed.',
     [("Giovanni Lepri", "person:giovanni-lepri", "said")]),
    ('Giovanni Lepri arrived in Tapachula on Monday.\n"We have never seen numbers like this in the region."\n'
     "said Lepri, who leads the agency's work in the Americas.",
     [("Giovanni Lepri", "person:giovanni-lepri", "said")]),
    # a bare title names the person introduced earlier with a longer form of it, the most recent one
    ("Deputy High Commissioner Kelly Clements met the ministers on Monday.\nEuropean Commissioner for "
     "Crisis Management Helmut Brandt announced new funding.\nThe Commissioner said: \"Europe will stand "
     'with the region."',
     [("Helmut Brandt", "person:helmut-brandt", "said")]),
    ("Guatemala's Assistant Deputy Minister of Foreign Affairs Marta Lucía Quintanilla welcomed the "
     'delegations.\nThe Assistant Deputy Minister noted that "protection is a shared duty of all States."',
     [("Marta Lucía Quintanilla", "person:marta-lucia-quintanilla", "noted")]),
    ("U.S. Ambassador to Costa Rica Helena Marwick visited the shelter.\nCosta Rica hosts many refugees.\n"
     '"We will keep supporting host communities," the Ambassador added.',
     [("Helena Marwick", "person:helena-marwick", "added")]),
    # a quotation that is a paragraph of its own takes the person the next paragraph quotes
    ("The shelter opened in March with room for 200 people.\n\"We are building a future for families who "
     'arrived with nothing at all."\nThe project is funded by donors. Honduran Minister of Human Rights '
     "Ana Lucía Mejía said the shelter would expand.",
     [("Ana Lucía Mejía", "person:ana-lucia-mejia", None)]),
    # the cue is the verb attached to the quote, not a later verb of the sentence
    ('"We will double our support next year," said Giovanni Lepri, UNHCR Representative, who later '
     "confirmed that needs were rising.",
     [("Giovanni Lepri", "person:giovanni-lepri", "said")]),
]


@pytest.mark.parametrize(("text", "expected"), NEWSWIRE)
def test_news_wire_attribution(aqnlp: Language, text: str, expected: list[tuple[str, str, str | None]]) -> None:
    got = aqnlp(text)._.mirps_quotes
    assert [(q["speaker_name"], q["speaker"], q["cue"]) for q in got] == expected


CHARACTERISED = [
    # (sentence, speaker_name, cue): a fragment after "called"/"described … as" is a partial quote
    ("Canadian Minister of International Development Ahmed Hussen called the MIRPS 'a model for the world'.",
     "Ahmed Hussen", "called"),
    ('U.S. Ambassador to Colombia Paul Whitaker described the MIRPS as "an example of shared '
     'responsibility" in his remarks.', "Paul Whitaker", "described"),
]


@pytest.mark.parametrize(("text", "name", "cue"), CHARACTERISED)
def test_characterising_verb_gives_a_partial_quote(aqnlp: Language, text: str, name: str, cue: str) -> None:
    (q,) = aqnlp(text)._.mirps_quotes
    assert (q["speaker_name"], q["cue"], q["partial"]) == (name, cue, True)


def test_bare_title_finds_the_titled_person(qnlp: Language) -> None:
    (q,) = quotes(qnlp, "European Commissioner for Crisis Management Helmut Brandt opened the session.\n"
                  'The Commissioner said: "Europe will stand with the region."')
    assert q["speaker_name"] == "Helmut Brandt"


# -- news-style attribution (issue 13) ------------------------------------------------------

NEWS_STYLE = [
    # (release text, [(text, speaker_name, cue, partial)] in order)
    # a speaker named by surname only, never introduced in full
    ('"We cannot keep up," Okoro said. "The shelters are full."',
     [("We cannot keep up", "Okoro", "said", False), ("The shelters are full.", "Okoro", "said", False)]),
    # an institution speaks: the body named earlier whose name shares a word with the phrase
    ("Kenji Sato met officials of the International Organization for Migration in Tapachula.\n"
     'The organization said in a statement that "the route is more dangerous than ever."',
     [("the route is more dangerous than ever.", "International Organization for Migration", "said", False)]),
    # an institution nobody named stays anonymous rather than borrowing the person just quoted
    ('"Families arrive exhausted," said Kenji Sato.\n'
     'The ministry said in a statement that "the border remains open to people who need protection."',
     [("Families arrive exhausted", "Kenji Sato", "said", False),
      ("the border remains open to people who need protection.", None, "said", False)]),
    # several quoted segments in one attribution, then a new clause that is no cue of theirs
    ('Kenji Sato described the shelters as "overwhelmed" and "short of staff," adding that funds were late.',
     [("overwhelmed", "Kenji Sato", "described", True), ("short of staff", "Kenji Sato", "described", True)]),
    # a coordinated verb after a partial quote is the subject's next clause, not this quote's cue
    ('Kenji Sato called the plan "a lifeline for host towns" and said more donors were needed.',
     [("a lifeline for host towns", "Kenji Sato", "called", True)]),
]


@pytest.mark.parametrize(("text", "expected"), NEWS_STYLE)
def test_news_style_quotes(aqnlp: Language, text: str, expected: list[tuple[str, str | None, str, bool]]) -> None:
    got = aqnlp(text)._.mirps_quotes
    assert [(q["text"], q["speaker_name"], q["cue"], q["partial"]) for q in got] == expected


def test_a_person_introduced_with_two_titles_answers_to_either(aqnlp: Language) -> None:
    text = (
        "Canada's incoming Chair, Hugh Marlowe, Assistant Deputy Minister for the Americas, spoke first.\n"
        'The Assistant Deputy Minister noted that "money alone will not end displacement."'
    )
    (q,) = aqnlp(text)._.mirps_quotes
    assert q["speaker_name"] == "Hugh Marlowe"


# -- Spanish (issue 12) ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def esnlp() -> Language:
    """The Spanish pipeline: sentences + actors + quotes reading patterns/es."""
    from mirps_nlp.pipeline import load

    return load(lang="es", components=("mirps_sentences", "mirps_actors", "mirps_quotes"))


SPANISH = [
    # (release text, [(text, speaker_name, cue)] in order); every mark and cue of the genre
    ('"La protección es una responsabilidad compartida", afirmó el canciller de Guatemala, Rodrigo Alfaro Mejía.',
     [("La protección es una responsabilidad compartida", "Rodrigo Alfaro Mejía", "afirmó")]),
    ("«Necesitamos más recursos», subrayó la representante del ACNUR en México, Lucía Ferrer Bastos.",
     [("Necesitamos más recursos", "Lucía Ferrer Bastos", "subrayó")]),
    ("“Es un paso histórico”, ha dicho el representante regional de la OIM, Pedro Arriaga Ruiz. "
     "“La región está lista”.",
     [("Es un paso histórico", "Pedro Arriaga Ruiz", "ha dicho"),
      ("La región está lista", "Pedro Arriaga Ruiz", "ha dicho")]),
    ("El secretario general de la OEA, Martín Okonkwo Díaz, declaró a la prensa: «El MIRPS es un ejemplo».",
     [("El MIRPS es un ejemplo", "Martín Okonkwo Díaz", "declaró")]),
    ('Según la ministra de Gobernación de Honduras, Carla Patricia Mendoza de León, "nadie debe quedarse atrás".',
     [("nadie debe quedarse atrás", "Carla Patricia Mendoza de León", "Según")]),
    ('De acuerdo con el director de Migración, Óscar Ibarra Solís, "los plazos se reducirán".',
     [("los plazos se reducirán", "Óscar Ibarra Solís", "De acuerdo con")]),
    # dialogue dashes: the words on either side of the aside, with the aside's speaker
    ("La viceministra de Relaciones Exteriores de Honduras, Ana Gabriela Turcios, abrió la sesión.\n"
     "—Este es un momento histórico para la región —dijo la viceministra—. Honduras asume el compromiso.",
     [("Este es un momento histórico para la región", "Ana Gabriela Turcios", "dijo"),
      ("Honduras asume el compromiso", "Ana Gabriela Turcios", "dijo")]),
    # a title with 'y' before the name: its last words are no person, the cue with no subject finds her
    ("La viceministra de Diáspora y Movilidad Humana, Cecilia Portillo Hernández, recibió la Presidencia. "
     "«El Salvador vuelve a conducir el MIRPS», enfatizó.",
     [("El Salvador vuelve a conducir el MIRPS", "Cecilia Portillo Hernández", "enfatizó")]),
    # a place closing a title ('para Iberoamérica', also before a cue verb in a subtitle) is no person:
    # 'la secretaria de Estado' later is the person introduced with that title
    ("La secretaria de Estado para Iberoamérica anuncia la contribución\n\n"
     "Lo ha anunciado la secretaria de Estado para Iberoamérica y el Caribe, Inés Saavedra Lluch, en Madrid. "
     "La secretaria de Estado ha subrayado que la cooperación debe «llegar allí donde el Estado no llega».",
     [("llegar allí donde el Estado no llega", "Inés Saavedra Lluch", "ha subrayado")]),
    # a body speaks
    ('La Organización de los Estados Americanos (OEA) expresó en un comunicado que '
     '"la migración segura es prioritaria".',
     [("la migración segura es prioritaria", "Organization of American States", "expresó")]),
]


@pytest.mark.parametrize(("text", "expected"), SPANISH)
def test_spanish_quotes(esnlp: Language, text: str, expected: list[tuple[str, str, str]]) -> None:
    got = esnlp(text)._.mirps_quotes
    assert [(q["text"], q["speaker_name"], q["cue"]) for q in got] == expected


def test_spanish_quote_carries_title_and_affiliation(esnlp: Language) -> None:
    (q,) = esnlp("«Seguiremos trabajando», afirmó la canciller de Panamá, Irene Solano Vega.")._.mirps_quotes
    assert (q["speaker"], q["speaker_title"], q["speaker_affiliation"]) == (
        "person:irene-solano-vega", "canciller", "country:PAN")


def test_la_funcionaria_and_el_diplomatico_find_the_person_of_their_gender(esnlp: Language) -> None:
    text = (
        "La representante del ACNUR, Lucía Ferrer Bastos, llegó con el alto comisionado adjunto, "
        "Tomas Lindqvist.\n"
        "Por su parte, la funcionaria destacó que la región «ha dado pasos firmes».\n"
        "El diplomático sueco subrayó que el MIRPS es «un ejemplo para el mundo» y agregó que "
        "la Plataforma de Apoyo «debe movilizar más recursos»."
    )
    got = [(q["speaker_name"], q["cue"], q["partial"]) for q in esnlp(text)._.mirps_quotes]
    assert got == [
        ("Lucía Ferrer Bastos", "destacó", True),
        ("Tomas Lindqvist", "subrayó", True),
        ("Tomas Lindqvist", "agregó", True),
    ]


def test_a_zero_subject_cue_takes_the_person_just_introduced(esnlp: Language) -> None:
    text = (
        "La ministra de Gobernación, Carla Patricia Mendoza de León, visitó el albergue.\n"
        "«Los desplazados no pueden esperar», puntualizó."
    )
    (q,) = esnlp(text)._.mirps_quotes
    assert (q["speaker_name"], q["cue"]) == ("Carla Patricia Mendoza de León", "puntualizó")


def test_english_has_no_dialogue_dashes(qnlp: Language) -> None:
    """A paragraph opening with a dash is a byline or a list item in English, never speech."""
    doc = run(qnlp, "The plan has three parts:\n—Protection at borders for everyone in need.\n—Jobs.")
    assert not doc._.mirps_quotes


def test_dialogue_paragraphs_split_at_the_aside() -> None:
    text = "—Es un paso histórico —dijo la canciller—. Seguiremos adelante.\n— una lista, no un diálogo"
    scan = pair_quotes(text, frozenset("—"))
    assert [text[q.text_start : q.text_end] for q in scan.quotes] == ["Es un paso histórico", "Seguiremos adelante"]


def test_spanish_cues_match_by_lemma_and_participles_need_an_auxiliary() -> None:
    """With the lemma component, any tense of a cue verb is a cue ("insistía", "ha subrayado");
    a bare participle is an adjective ("el plazo señalado"), no cue."""
    from mirps_nlp.pipeline import load

    nlp = load(lang="es", components=("mirps_sentences", "mirps_lemmas", "mirps_actors", "mirps_quotes"))
    text = (
        "La ministra de Gobernación, Carla Patricia Mendoza de León, visitó el albergue.\n"
        "«Nadie debe quedarse atrás», insistía la ministra. «Lo hemos visto en la frontera», "
        "ha subrayado Mendoza de León."
    )
    got = [(q["speaker_name"], q["cue"]) for q in nlp(text)._.mirps_quotes]
    assert got == [("Carla Patricia Mendoza de León", "insistía"), ("Carla Patricia Mendoza de León", "ha subrayado")]
    quotes = nlp.get_pipe("mirps_quotes")
    doc = nlp("El plazo señalado por la ley vence hoy.")
    assert all(hit.text != "señalado" for hit in quotes._cue_hits(doc))


def test_spanish_bare_titles_synonyms_and_the_previous_subject(esnlp: Language) -> None:
    text = (
        "El viceministro de Relaciones Exteriores de Guatemala, Otto René Chinchilla Barrios, abrió la sesión.\n"
        "«La migración ordenada empieza en casa», puntualizó el vicecanciller.\n"
        "La viceministra de Asuntos Multilaterales de Panamá, Yariela Castrellón Vega, tomó la palabra.\n"
        "La viceministra adelantó las líneas de trabajo. «Vamos a proponer tres ejes», explicó."
    )
    got = [(q["speaker_name"], q["cue"]) for q in esnlp(text)._.mirps_quotes]
    assert got == [("Otto René Chinchilla Barrios", "puntualizó"), ("Yariela Castrellón Vega", "explicó")]


def test_a_statement_of_a_body_gives_the_body(esnlp: Language) -> None:
    text = (
        "El canciller de Costa Rica, Fernando Brenes Ulate, viajó a Quito.\n"
        '"La Presidencia es una oportunidad", señaló un comunicado de la Organización de los Estados Americanos.'
    )
    (q,) = esnlp(text)._.mirps_quotes
    assert q["speaker"] == "org:OAS"
