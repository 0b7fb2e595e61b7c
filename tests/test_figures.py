"""mirps_figures: every written form of a figure, and every number that is not one.

The tables below read like a specification: (sentence, expected figure) for the forms the genre
uses, and sentences whose numbers must produce no figure at all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from mirps_nlp.components.base import failures
from mirps_nlp.components.figures import figure_context
from mirps_nlp.components.figures.lexicon import load_lexicon, read_jsonl
from mirps_nlp.records import Figure, FigureCategory, Qualifier

FIGURE_KEYS = {"text", "value", "qualifier", "counted", "category", "unit", "scope", "linked_to", "start", "end",
               "confidence"}


@pytest.fixture(scope="module")
def fig_nlp() -> Language:
    """Sentences + figures only: fast, and independent of the other components."""
    from mirps_nlp.pipeline import load

    return load(components=("mirps_sentences", "mirps_figures"))


def figures(nlp: Language, text: str) -> list[dict[str, Any]]:
    return list(nlp(text)._.mirps_figures or [])


def only(nlp: Language, text: str) -> dict[str, Any]:
    found = figures(nlp, text)
    assert len(found) == 1, f"expected one figure in {text!r}, got {json.dumps(found, ensure_ascii=False)}"
    return found[0]


# ---------------------------------------------------------------- forms: value, qualifier, unit
FORMS = [
    # (sentence, value, qualifier, unit)
    ("Officials reported 24,000 arrivals at the border.", 24000, None, None),
    ("The plan covers 1,250,000 people across the region.", 1250000, None, None),
    ("About 3.5 million people need assistance.", 3500000, "about", None),
    ("The region hosts more than 1.8 million people.", 1800000, "more_than", None),
    ("Over 200,000 refugees live in Costa Rica.", 200000, "more_than", None),
    ("Upwards of 5,000 families were relocated last year.", 5000, "more_than", None),
    ("Nearly 300,000 Nicaraguans have sought asylum.", 300000, "about", None),
    ("Almost 40,000 children crossed the jungle.", 40000, "about", None),
    ("Some 890,000 people fled their homes.", 890000, "about", None),
    ("An estimated 247,000 people have been internally displaced.", 247000, "about", None),
    ("Approximately 12,500 asylum claims await a decision.", 12500, "about", None),
    ("Around 8,000 people will benefit from the projects.", 8000, "about", None),
    ("Close to 19,000 unaccompanied children were identified.", 19000, "about", None),
    ("At least 45,000 children crossed the Darien in 2023.", 45000, "at_least", None),
    ("Up to 40,000 displaced people will gain access to services.", 40000, "up_to", None),
    ("As many as 1,200 people a day crossed the border.", 1200, "up_to", None),
    ("Fewer than 1,000 applications were processed.", 1000, "less_than", None),
    ("Less than 5,000 permits were issued.", 5000, "less_than", None),
    ("Exactly 76 commitments were reviewed.", 76, "exactly", None),
    ("The mechanism counts 150 commitments or more.", 150, "at_least", None),
    ("Seven countries signed the declaration.", 7, None, None),
    ("Twenty-four new commitments were announced.", 24, None, None),
    ("The group held three technical workshops.", 3, None, None),
    ("Nearly one million people have been uprooted.", 1000000, "about", None),
    ("A million people remain displaced.", 1000000, None, None),
    ("Two hundred families received documents.", 200, None, None),
    ("The IDB approved US$ 110 million for the programme.", 110000000, None, "USD"),
    ("Donors pledged USD 210 million for the plans.", 210000000, None, "USD"),
    ("The EU allocated €28.5 million in humanitarian funding.", 28500000, None, "EUR"),
    ("Spain contributed EUR 4 million to the Fund.", 4000000, None, "EUR"),
    ("Canada will provide $5m to asylum systems.", 5000000, None, "USD"),
    ("The bank approved €3.2bn for the region.", 3200000000, None, "EUR"),
    ("Spain pledged 6.3 million euros to the Fund.", 6300000, None, "EUR"),
    ("The Platform mobilized more than US$ 1.2 billion.", 1200000000, "more_than", "USD"),
    ("The grant totals 2 million US dollars.", 2000000, None, "USD"),
    ("Around 40 per cent of asylum seekers are women.", 40, "about", "%"),
    ("Nearly 20% of the displaced population lives in cities.", 20, "about", "%"),
    ("Only 18 percent of the appeal is funded.", 18, None, "%"),
    ("Applications rose by 3.5% in one year.", 3.5, None, "%"),
]

# Wire copy states qualifiers as verbs and amounts as words or glued abbreviations.
WIRE_FORMS = [
    # (sentence, value, qualifier, unit)
    ("Deportations from the United States topped 30,000 in the quarter.", 30000, "more_than", None),
    ("Enrolment in the programme has passed 12,500, the ministry said.", 12500, "more_than", None),
    ("Requests exceeded 9,000 last month, officials said.", 9000, "more_than", None),
    ("Registrations are on track to exceed 55,000 this year.", 55000, "more_than", None),
    ("Arrivals surpassed 400,000 by November.", 400000, "more_than", None),
    ("The caseload is expected to reach nearly 90,000 next year.", 90000, "about", None),
    ("Spending fell below 2 million euros.", 2000000, "less_than", "EUR"),
    ("Less than 800 permits were issued last week.", 800, "less_than", None),
    ("The programme reached under 5,000 families.", 5000, "less_than", None),
    ("Just over 700 families were relocated.", 700, "more_than", None),
    ("Well over 1,000 children have crossed alone.", 1000, "more_than", None),
    ("Half a million people lack documents.", 500000, None, None),
    ("A quarter of a million Venezuelans live in Panama.", 250000, None, None),
    ("Roughly half a million people crossed the jungle.", 500000, "about", None),
    ("A dozen municipalities opened desks.", 12, None, None),
    ("Japan gave US$1.2bn to the response.", 1200000000, None, "USD"),
    ("The bank approved EUR 2bn for the region.", 2000000000, None, "EUR"),
    ("Canada committed C$ 10 million over four years.", 10000000, None, "CAD"),
    ("The provinces added CAD 5 million in new funding.", 5000000, None, "CAD"),
    ("Mexico budgeted MXN 300 million for its refugee agency.", 300000000, None, "MXN"),
    ("Costa Rica lacks ₡1,500 million for the unit.", 1500000000, None, "CRC"),
    ("The fund has disbursed a total of $12.4 million so far.", 12400000, None, "USD"),
    ("Claims hit 140,000 in the first nine months.", 140000, None, None),
]


@pytest.mark.parametrize(("sentence", "value", "qualifier", "unit"), WIRE_FORMS)
def test_wire_forms(fig_nlp: Language, sentence: str, value: float, qualifier: str | None, unit: str | None) -> None:
    fig = only(fig_nlp, sentence)
    assert (fig["value"], fig["qualifier"], fig["unit"]) == (pytest.approx(value), qualifier, unit)
    assert sentence[fig["start"] : fig["end"]] == fig["text"]


def test_amount_then_to_then_count_is_not_a_range(fig_nlp: Language) -> None:
    figs = figures(fig_nlp, "The fund has disbursed $12.4 million to 30 projects.")
    assert [(f["value"], f["unit"], f["counted"]) for f in figs] == [(12400000, "USD", None), (30, None, "projects")]


HYPHENATED_COUNTS = [
    # (sentence, text, value, counted): the gold counts member states in "a seven-nation bloc" (c304)
    ("The five-nation group met in Quito.", "five-nation", 5, "nation"),
    ("A 12-member committee reviewed the cases.", "12-member", 12, "member"),
    ("The 14-country coalition met again.", "14-country", 14, "country"),
]


@pytest.mark.parametrize(("sentence", "text", "value", "counted"), HYPHENATED_COUNTS)
def test_hyphenated_counts(fig_nlp: Language, sentence: str, text: str, value: int, counted: str) -> None:
    fig = only(fig_nlp, sentence)
    assert (fig["text"], fig["value"], fig["counted"]) == (text, value, counted)


@pytest.mark.parametrize(("sentence", "value", "qualifier", "unit"), FORMS)
def test_forms(fig_nlp: Language, sentence: str, value: float, qualifier: str | None, unit: str | None) -> None:
    fig = only(fig_nlp, sentence)
    assert fig["value"] == pytest.approx(value)
    assert fig["qualifier"] == qualifier
    assert fig["unit"] == unit
    assert sentence[fig["start"] : fig["end"]] == fig["text"]


# ---------------------------------------------------------------- what is counted, and where
COUNTED = [
    # (sentence, counted, scope)
    ("They support the more than 1.8 million people who have been forcibly displaced in Central America "
     "and Mexico.", "people forcibly displaced", "Central America and Mexico"),
    ("Greater efforts are needed for the more than 1.7 million people affected by displacement in Central "
     "America and Mexico.", "people affected by displacement", "Central America and Mexico"),
    ("The Fund benefited more than 24,000 displaced people across Central America and Mexico.",
     "displaced people", "Central America and Mexico"),
    ("Countries reported progress on more than 150 commitments on access to protection.", "commitments", None),
    ("UNHCR says 1.2 million people were forcibly displaced in Honduras.", "people forcibly displaced", "Honduras"),
    ("Some 500,000 refugees and asylum seekers live in Mexico.", "refugees and asylum seekers", None),
    ("Up to 12,000 people in need of international protection arrived.",
     "people in need of international protection", None),
    ("Nearly 1.6 million people remain forcibly displaced or stateless.",
     "people forcibly displaced or stateless", None),
    ("Storms Eta and Iota affected more than 7.5 million people.", "people affected by Storms Eta and Iota", None),
    ("In Honduras alone, an estimated 247,000 people have been forced to move within their own country.",
     "people forced to move within their own country", "Honduras"),
    ("An estimated 1.1 million people have now been forced from their homes.", "people forced from their homes",
     None),
    ("The seven member States of the MIRPS met in Panama.", "member States of the MIRPS", None),
    ("The seven countries of the Comprehensive Regional Protection and Solutions Framework (MIRPS) met.",
     "countries", None),
    ("Units will visit 45 border and host municipalities next year.", "border and host municipalities", None),
    ("Colombia hosts close to 2.9 million Venezuelans.", "Venezuelans", None),
    ("The number of new asylum claims lodged in Mexico rose to more than 130,000.", "new asylum claims", "Mexico"),
    ("With this announcement, Spanish contributions to the MIRPS Fund reach €4.5 million.",
     "Spanish contributions to the MIRPS Fund", None),
    ("Spain announced a new contribution of €2 million to the MIRPS Fund.",
     "new contribution to the MIRPS Fund", None),
    ("The session closed with new pledges of US$ 110 million for 2025.", "new pledges for 2025", None),
    ("The Commission allocated €28.5 million in humanitarian funding for 2023.", "humanitarian funding for 2023",
     None),
    ("Around 40 per cent of asylum seekers in Mexico are women.", "asylum seekers", "Mexico"),
    ("Around 1,500 people who have received protection measures were interviewed.",
     "people who received protection measures", None),
    ("The programme reached 300 returnees with protection needs.", "returnees with protection needs", None),
    # the counted phrase is the noun phrase as written (GUIDELINES, figures): no verb added, no paraphrase
    ("Authorities identified close to 19,000 unaccompanied children.", "unaccompanied children", None),
    ("The agency returned at least 180,000 nationals of the region.", "nationals", None),
    ("It is one of four thematic exchanges that Panama is leading.", "thematic exchanges", None),
    ("Donors announced contributions totalling US$ 26 million.", "contributions", None),
    ("Donors announced contributions of US$ 5.5 million for the plans.", "contributions", None),
    ("The IDB finances projects worth more than US$600 million.", "projects", None),
    ("The project, worth US$ 1.5 million, trains women.", "project", None),
    ("Its first phase is estimated to cost US$ 35 million.", "first phase", None),
    ("The unit faced a shortfall of about ₡3,000 million.", "shortfall", None),
    ("The agency has an annual budget of 47 million pesos.", "annual budget", None),
    ("The budget was 47.3 million pesos.", "budget", None),
    ("The bank will extend a $20 million credit line.", "credit line", None),
    ("More than 40% of this year's funding goes to protection.", "this year's funding", None),
    ("Nearly 60% of that funding reached host communities.", "funding", None),
    ("States reported progress on 183 of their national commitments.", "national commitments", None),
    ("Relative to its population of five million, it receives many claims.", "population", None),
    ("Asylum applications in Mexico reached a record 140,982 in 2023.", "Asylum applications", "Mexico"),
    ("Mexico expects claims to stay above 100,000 a year.", "claims", None),
    ("Headline: Darien crossings near half a million as arrivals grow.", "Darien crossings", None),
    ("The number of persons forcibly displaced now stands at more than 1.1 million.", "persons forcibly", None),
]


ELIDED = [
    # (sentence, counted of every figure): a bare number repeats the noun of the figure before it
    ("COMAR received more than 140,000 asylum claims in 2023, up from about 118,000 the year before.",
     ["asylum claims", "asylum claims"]),
    ("New asylum claims fell to 35,400, down from 70,400 in 2019.", ["New asylum claims", "New asylum claims"]),
    ("Some 1,200 returnees arrived last week and 800 the week before.", ["returnees", "returnees"]),
    ("Hondurans filed the largest number of claims, 41,112, followed by Cubans with 18,383.", ["claims", "claims"]),
    ("Donors gave US$ 5 million in new funding and 3,000 people benefited.", ["new funding", "people"]),
    ("Only 18 per cent was funded, compared with 27 per cent in 2024.", [None, None]),
    # partitives and conversions: both figures count the same noun phrase
    ("Pilot routes operate in 14 of the country's 298 municipalities.", ["municipalities", "municipalities"]),
    ("Members mobilized 6.3 million euros (US$ 7.6 million) in new contributions.",
     ["new contributions", "new contributions"]),
]


@pytest.mark.parametrize(("sentence", "counted"), ELIDED)
def test_elided_nouns(fig_nlp: Language, sentence: str, counted: list[str | None]) -> None:
    assert [f["counted"] for f in figures(fig_nlp, sentence)] == counted


@pytest.mark.parametrize(("sentence", "counted", "scope"), COUNTED)
def test_counted_and_scope(fig_nlp: Language, sentence: str, counted: str, scope: str | None) -> None:
    fig = only(fig_nlp, sentence)
    assert fig["counted"] == counted
    assert fig["scope"] == scope


def test_text_covers_qualifier_and_head_noun(fig_nlp: Language) -> None:
    fig = only(fig_nlp, "They benefit more than 24,000 displaced people across Central America.")
    assert fig["text"] == "more than 24,000 displaced people"


# ---------------------------------------------------------------- categories
CATEGORIES = [
    ("more than 1.8 million people who have been forcibly displaced", "displaced_people"),
    ("some 430,000 asylum claims await a decision", "refugees_asylum"),
    ("Mexico hosts 500,000 refugees", "refugees_asylum"),
    ("they made more than 150 commitments", "commitments"),
    ("the countries brought 12 new pledges", "commitments"),
    ("The seven countries of the region met", "countries"),
    ("Seven governments closed the meeting", "countries"),
    ("the Fund's projects, benefiting more than 24,000 displaced people", "beneficiaries"),
    ("the programme reached 15,000 beneficiaries", "beneficiaries"),
    ("Donors pledged USD 210 million", "money"),
    ("Nearly 40 per cent of them are children", "percent"),
    ("they held three technical workshops", "other"),
]


@pytest.mark.parametrize(("sentence", "category"), CATEGORIES)
def test_rule_categories(fig_nlp: Language, sentence: str, category: str) -> None:
    assert only(fig_nlp, sentence)["category"] == category


def test_learned_classifier_hook_overrides_rules(fig_nlp: Language) -> None:
    pipe = fig_nlp.get_pipe("mirps_figures")
    seen: list[str] = []

    def classifier(context: str, features: dict[str, Any]) -> str | None:
        seen.append(context)
        return "refugees_asylum" if "asylum" in context else None

    pipe.category_classifier = classifier
    try:
        figs = figures(fig_nlp, "States outlined 12 actions. Some 430,000 asylum claims await a decision.")
    finally:
        pipe.category_classifier = None
    assert [f["category"] for f in figs] == ["other", "refugees_asylum"]
    assert "430,000 asylum claims" in seen[1]


def test_figure_context_stays_in_the_sentence(fig_nlp: Language) -> None:
    text = "The meeting ended. Spain financed projects benefiting more than 24,000 displaced people. Next."
    fig = only(fig_nlp, text)
    context = figure_context(fig_nlp(text), fig["start"], fig["end"], window=2)
    assert context == "projects benefiting more than 24,000 displaced people."


# ---------------------------------------------------------------- money in every written form
def test_converted_amounts_are_linked(fig_nlp: Language) -> None:
    figs = figures(fig_nlp, "The EU announced 6.3 million euros (US$ 7.6 million) for host communities.")
    assert [(f["value"], f["unit"], f["linked_to"]) for f in figs] == [
        (6300000, "EUR", 1),
        (7600000, "USD", 0),
    ]


def test_converted_amount_with_qualifier_inside_brackets(fig_nlp: Language) -> None:
    figs = figures(fig_nlp, "The fund disbursed USD 2.5m (approximately EUR 2.3m) to partners.")
    assert [(f["value"], f["qualifier"], f["linked_to"]) for f in figs] == [
        (2500000, None, 1),
        (2300000, "about", 0),
    ]


def test_two_amounts_in_one_currency_are_not_linked(fig_nlp: Language) -> None:
    figs = figures(fig_nlp, "Spain gave US$ 5 million (US$ 2 million in 2023) to the Fund.")
    assert [f["linked_to"] for f in figs] == [None, None]


def test_range_is_one_figure_with_its_lower_bound(fig_nlp: Language) -> None:
    fig = only(fig_nlp, "UNHCR estimates that between 5 and 7 million people will need protection.")
    assert (fig["value"], fig["qualifier"], fig["text"]) == (5000000, "at_least", "between 5 and 7 million people")


def test_hyphenated_range(fig_nlp: Language) -> None:
    fig = only(fig_nlp, "The plan needs US$ 3-5 million.")
    assert (fig["value"], fig["qualifier"], fig["unit"]) == (3000000, "at_least", "USD")


def test_change_from_to_gives_two_figures(fig_nlp: Language) -> None:
    figs = figures(fig_nlp, "Claims rose from 5 to 7 million.")
    assert [f["value"] for f in figs] == [5000000, 7000000]


def test_us_of_a_currency_is_not_the_united_states(blank_nlp: Language) -> None:
    """A country mention inside "US $ 45 million" is dropped from the actors' span group."""
    blank_nlp.add_pipe("mirps_sentences")
    blank_nlp.add_pipe("mirps_figures")
    doc = blank_nlp.make_doc("Canada gave US $ 45 million.")
    doc.spans["mirps_actors"] = [doc.char_span(0, 6, label="COUNTRY", span_id="country:CAN"),
                                 doc.char_span(12, 14, label="COUNTRY", span_id="country:USA")]
    doc._.mirps_actors = [{"id": "country:CAN"}, {"id": "country:USA"}]
    for _name, pipe in blank_nlp.pipeline:
        doc = pipe(doc)
    assert [s.id_ for s in doc.spans["mirps_actors"]] == ["country:CAN"]
    assert [a["id"] for a in doc._.mirps_actors] == ["country:CAN"]
    assert doc._.mirps_figures[0]["unit"] == "USD"


# ---------------------------------------------------------------- numbers that are not figures
NOT_FIGURES = [
    "The governments approved a roadmap for 2024.",
    "States outlined joint actions to be implemented in 2026.",
    "The 2024 Roadmap and the MIRPS 2023 Regional Action Plan were approved.",
    "The VI Annual Meeting and the VIII MIRPS Annual Meeting took place.",
    "It was the 77th session and the first time the 40º anniversary was marked.",
    "Regional mechanisms such as the CRM, the Quito Process, and Cartagena +40 took part.",
    "Reference: E-002/24",
    "Reference: E-079/25",
    "The pandemic of COVID-19 delayed the Agenda 2030.",
    "The Council adopted Resolution 2028/25 and Article 22 applies.",
    "For information call +507 301 0000.",
    "Tel: (507) 301-0000",
    "The office is at 1889 F Street NW, Washington.",
    "The meeting opened on 24 January 2024 at 10:00 a.m.",
    "The Platform was launched in December 2019.",
    "The meeting was held on November 14 and 15, 2023.",
    "Leaders met on 27 and 28 June 2024 in Antigua.",
    "The plan will be reviewed every 12 months.",
    "The work continues over the next six months.",
    "It is a 12-month programme with two consecutive years of funding.",
    "Panama played a key role in this process.",
    "One of the most important results was the Charter.",
    "The countries worked with one another.",
    "The millions of refugees displaced cannot wait.",
    "Hundreds of thousands of people have been forced to flee.",
    "Children under 18 travel alone.",
    "See paragraph 5 of the declaration and Chapter 3 of the report.",
    "The 1951 Convention and its 1967 Protocol remain essential.",
    "The 17 Sustainable Development Goals guide the work.",
    "Phase 2 of the project starts soon.",
    "(1) Protection; (2) Solutions.",
    "The report covers 2021-2023.",
    "Two of them spoke at the event.",
    # fractions, ratios and multipliers are not figures
    "One in three applicants is a woman.",
    "Seven in ten displaced people live in cities.",
    "Nine out of ten families lack documents.",
    "A third of the budget went to shelters.",
    "Two-thirds of the funds are spent locally.",
    "Half of them are children.",
    "Claims rose roughly twice as fast as last year.",
    "Arrivals were three times the level of the previous period.",
    "It was a 10-fold increase.",
    "Registrations grew fourfold.",
    # abbreviated dates in wire copy
    "Submissions are due Jan. 1 and the report on Sept. 30.",
    "The deadline moved to Oct. 15, 2024.",
    "MEXICO CITY, Jan 3 (Meridian News) - The agency spoke.",
]


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_not_figures(fig_nlp: Language, sentence: str) -> None:
    assert figures(fig_nlp, sentence) == []


def test_an_age_is_not_a_figure(fig_nlp: Language) -> None:
    fig = only(fig_nlp, "Nearly 30 per cent of them are under the age of 18.")
    assert (fig["value"], fig["unit"]) == (30, "%")


def test_vague_amounts_can_be_kept_without_value(blank_nlp: Language) -> None:
    blank_nlp.add_pipe("mirps_sentences")
    blank_nlp.add_pipe("mirps_figures", config={"keep_vague": True})
    doc = blank_nlp("The millions of refugees displaced cannot wait.")
    [fig] = doc._.mirps_figures
    assert fig["value"] is None and fig["counted"] == "refugees displaced"
    assert any("vague" in w for w in doc._.mirps_warnings)


# ---------------------------------------------------------------- the seeds, end to end
def test_seed_figures_match_gold(fig_nlp: Language, seeds_dir: Path) -> None:
    for gold_path in sorted((seeds_dir / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (seeds_dir / gold["file"]).read_text(encoding="utf-8")
        got = figures(fig_nlp, text)
        key = [(g["value"], g["qualifier"], g["counted"], g["category"], g["scope"]) for g in gold["figures"]]
        assert [(f["value"], f["qualifier"], f["counted"], f["category"], f["scope"]) for f in got] == key


# ---------------------------------------------------------------- the contract
def test_records_validate_against_the_schema(fig_nlp: Language) -> None:
    text = ("Donors pledged 6.3 million euros (US$ 7.6 million). More than 1.8 million people were "
            "forcibly displaced in Central America, and 40% of them are children.")
    figs = figures(fig_nlp, text)
    assert len(figs) == 4
    for fig in figs:
        assert set(fig) == FIGURE_KEYS
        Figure(**fig, sentence=0)


def test_data_files_are_well_formed() -> None:
    lex = load_lexicon("en")
    qualifiers = set(Qualifier.__args__)  # type: ignore[attr-defined]
    categories = set(FigureCategory.__args__)  # type: ignore[attr-defined]
    assert set(lex.qualifiers_before.values()) | set(lex.qualifiers_after.values()) <= qualifiers
    assert {rule.category for rule in lex.categories} <= categories
    assert {c for c in lex.heads.values() if c} <= categories
    assert lex.numbers["seven"] == 7 and lex.scales["million"] == 10**6
    for row in read_jsonl("en", "figures_units.jsonl"):
        assert row["position"] in {"prefix", "suffix"} and (row["unit"] == "%" or len(row["unit"]) == 3)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.-%$€()abcmnoprstuyUSDEReightvlx\n")), max_size=80))
def test_never_crashes_and_offsets_are_valid(text: str) -> None:
    from mirps_nlp.pipeline import load

    nlp = _cached_pipeline(load)
    doc: Doc = nlp(text)
    assert not failures(doc), "a component raised (its exception became a warning)"
    for fig in doc._.mirps_figures or []:
        assert 0 <= fig["start"] <= fig["end"] <= len(text)
        assert text[fig["start"] : fig["end"]] == fig["text"]


_PIPELINE: list[Language] = []


def _cached_pipeline(load: Any) -> Language:
    if not _PIPELINE:
        _PIPELINE.append(load(components=("mirps_sentences", "mirps_figures")))
    return _PIPELINE[0]


# ---------------------------------------------------------------- Spanish (patterns/es, issue 12)
@pytest.fixture(scope="module")
def es_nlp() -> Language:
    from mirps_nlp.pipeline import load

    return load(lang="es", components=("mirps_sentences", "mirps_figures"))


SPANISH_FIGURES = [
    # (sentence, value, qualifier, unit, category, counted prefix, scope)
    ("Según la agencia, más de 2,4 millones de personas han sido desplazadas por la fuerza en Mesoamérica y Colombia.",
     2_400_000, "more_than", None, "displaced_people", "personas desplazadas por la fuerza", "Mesoamérica y Colombia"),
    ("El instituto registró 96.314 solicitudes de asilo durante el año.",
     96_314, None, None, "refugees_asylum", "solicitudes de asilo", None),
    ("La oficina contabilizó 61,207 solicitudes de refugio en los primeros meses.",
     61_207, None, None, "refugees_asylum", "solicitudes de refugio", None),
    ("El banco aprobó un préstamo de US$ 85 millones para la región.",
     85_000_000, None, "USD", "money", "préstamo", None),
    ("Los donantes anunciaron 37 millones de dólares en ayuda humanitaria.",
     37_000_000, None, "USD", "money", "ayuda humanitaria", None),
    ("Suecia aportó 1,5 millones de euros al fondo común.", 1_500_000, None, "EUR", "money", None, None),
    ("El municipio invertirá ₡2.750 millones en albergues.", 2_750_000_000, None, "CRC", "money", None, None),
    ("La alcaldía asignó Q312 mil 450 a la oficina de atención.", 312_450, None, "GTQ", "money", None, None),
    ("El Congreso liberó L95 millones para las familias afectadas.", 95_000_000, None, "HNL", "money", None, None),
    ("El ministerio reservó B/. 4,2 millones para el centro de recepción.",
     4_200_000, None, "PAB", "money", None, None),
    ("El programa dispone de MXN 18 millones este año.", 18_000_000, None, "MXN", "money", None, None),
    ("Las remesas sumaron 3 mil millones de dólares.", 3_000_000_000, None, "USD", "money", None, None),
    ("El fondo alcanzó los 2 millardos de euros.", 2_000_000_000, None, "EUR", "money", None, None),
    ("Cerca de 58 mil 300 personas retornaron al país.", 58_300, "about", None, None, "personas", None),
    ("Alrededor de tres millones de personas necesitan asistencia.", 3_000_000, "about", None, None, "personas", None),
    ("Al menos 4.150 familias fueron desalojadas por la violencia.",
     4_150, "at_least", None, "displaced_people", "familias desalojadas por la violencia", None),
    ("Por lo menos 900 niños no acompañados cruzaron la frontera.", 900, "at_least", None, None, "niños", None),
    ("Casi 12.000 solicitantes de asilo esperan una respuesta.",
     12_000, "about", None, "refugees_asylum", "solicitantes de asilo", None),
    ("Unas 83.000 personas refugiadas viven en la capital.",
     83_000, "about", None, "refugees_asylum", "personas refugiadas", None),
    ("Menos de 300 casos fueron resueltos.", 300, "less_than", None, None, "casos", None),
    ("El plan podrá atender hasta 5.000 personas por mes.", 5_000, "up_to", None, None, "personas", None),
    ("La cooperación creció un 35 por ciento.", 35, None, "%", "percent", None, None),
    ("El 62,5 % de los fondos llegó tarde.", 62.5, None, "%", "percent", "fondos", None),
    ("Los siete países presentaron 212 compromisos.", 212, None, None, "commitments", "compromisos", None),
    ("Once países firmaron la declaración.", 11, None, None, "countries", "países", None),
    ("El proyecto beneficiará a más de 2.300 personas desplazadas.",
     2_300, "more_than", None, "beneficiaries", "personas desplazadas", None),
    # a qualifier with an article before the amount (Spanish blind set; invented sentences)
    ("El presupuesto subió cerca de un 18 % frente al año anterior.", 18, "about", "%", "percent", None, None),
    ("Al menos un 45 % de los hogares depende de remesas.", 45, "at_least", "%", "percent", None, None),
    ("La obra tendrá un costo cercano a los US$ 2,5 millones.", 2_500_000, "about", "USD", "money", None, None),
]


@pytest.mark.parametrize(("sentence", "value", "qualifier", "unit", "category", "counted", "scope"), SPANISH_FIGURES)
def test_spanish_figures(
    es_nlp: Language, sentence: str, value: float, qualifier: str | None, unit: str | None,
    category: str | None, counted: str | None, scope: str | None,
) -> None:
    found = [f for f in figures(es_nlp, sentence) if f["value"] == value]
    assert len(found) == 1, figures(es_nlp, sentence)
    figure = found[0]
    assert figure["qualifier"] == qualifier
    assert figure["unit"] == unit
    if category is not None:
        assert figure["category"] == category
    if counted is not None:
        assert (figure["counted"] or "").startswith(counted), figure
    if scope is not None:
        assert figure["scope"] == scope


def test_spanish_range_is_one_figure(es_nlp: Language) -> None:
    found = figures(es_nlp, "Entre el 60 y 75 por ciento de las solicitudes siguen pendientes.")
    assert [(f["value"], f["qualifier"], f["unit"]) for f in found] == [(60, "at_least", "%")]
    found = figures(es_nlp, "El banco ofrece entre 2 y 3 millones de dólares por proyecto.")
    assert [(f["value"], f["qualifier"], f["unit"]) for f in found] == [(2_000_000, "at_least", "USD")]


def test_spanish_conversion_is_linked(es_nlp: Language) -> None:
    found = figures(es_nlp, "La dirección destinó ₡900 millones (unos US$ 1,7 millones) de presupuesto adicional.")
    assert [(f["value"], f["unit"]) for f in found] == [(900_000_000, "CRC"), (1_700_000, "USD")]
    assert found[1]["linked_to"] == 0 and found[1]["qualifier"] == "about"
    assert found[0]["counted"] == found[1]["counted"] == "presupuesto adicional"


@pytest.mark.parametrize(
    "sentence",
    [
        "La reunión se celebró el 14 y 15 de marzo de 2025 en la capital.",
        "Ciudad de Panamá, 3 dic (AGENCIA).- La canciller habló ayer.",
        "La presidencia durará dos años y la comisión sesionará durante seis meses.",
        "Una veintena de países y miles de personas participaron, junto a decenas de organizaciones.",
        "Uno de cada cinco solicitantes es menor de edad.",
        "El mandato 2025-2026 comienza en enero.",
        "La Resolución 2417 y el artículo 22 de la Ley 8764 lo establecen.",
        "Llame al teléfono 2205 3000 para más información.",
        "El informe del Q3 llegará pronto.",
    ],
)
def test_spanish_numbers_that_are_not_figures(es_nlp: Language, sentence: str) -> None:
    assert figures(es_nlp, sentence) == []


# ---------------------------------------------------------------- English local currencies, ranges, durations
@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("Belize committed BZ$2.4 million to the refugee department.", 2_400_000, "BZD"),
        ("Panama allocated B/.750,000 to the reception centre.", 750_000, "PAB"),
        ("Guatemala set aside Q12 million for returnees.", 12_000_000, "GTQ"),
        ("Honduras budgeted L85 million for internally displaced people.", 85_000_000, "HNL"),
        ("Costa Rica approved ₡1,500 million for the refugee unit.", 1_500_000_000, "CRC"),
        ("Mexico announced MX$40 million for COMAR.", 40_000_000, "MXN"),
        ("The fund received 6 million Belize dollars.", 6_000_000, "BZD"),
    ],
)
def test_local_currencies(fig_nlp: Language, sentence: str, value: int, unit: str) -> None:
    found = [f for f in figures(fig_nlp, sentence) if f["value"] == value]
    assert len(found) == 1 and found[0]["unit"] == unit and found[0]["category"] == "money", figures(fig_nlp, sentence)


def test_money_range_with_currency_on_both_bounds_is_one_figure(fig_nlp: Language) -> None:
    found = figures(fig_nlp, "The bank offers grants of between US$1 million and US$2 million to host towns.")
    assert len(found) == 1
    assert (found[0]["value"], found[0]["qualifier"], found[0]["unit"]) == (1_000_000, "at_least", "USD")
    assert found[0]["text"] == "between US$1 million and US$2 million"


@pytest.mark.parametrize(
    "sentence",
    [
        "She spent six months in office before the handover.",
        "Belize was elected to a two-year term at the helm of the mechanism.",
        "The presidency rotates every 12 months among the members.",
        "Revenue rose in Q4 2024, the ministry said.",
    ],
)
def test_durations_and_quarters_are_not_figures(fig_nlp: Language, sentence: str) -> None:
    assert [f for f in figures(fig_nlp, sentence) if f["category"] != "countries"] == []
