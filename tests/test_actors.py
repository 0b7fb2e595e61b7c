"""mirps_actors: gazetteer matches, false friends, acronym definitions, the genre's ways of naming
people, surname links, roles, and the span/dict contract other components read."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from mirps_nlp.components.base import failures
from mirps_nlp.gazetteer import load_gazetteer, org_id, person_id
from mirps_nlp.pipeline import load

ACTOR_KEYS = {"id", "kind", "name", "iso3", "acronym", "title", "affiliation", "roles", "wikidata"}


@pytest.fixture(scope="module")
def actors_nlp() -> Language:
    """Sentences + actors only: fast, and independent of the other components."""
    return load(components=("mirps_sentences", "mirps_actors"))


def run(nlp: Language, text: str) -> Doc:
    return nlp(text)


def ids(doc: Doc) -> set[str]:
    return {a["id"] for a in doc._.mirps_actors}


def actor(doc: Doc, actor_id: str) -> dict[str, Any]:
    return next(a for a in doc._.mirps_actors if a["id"] == actor_id)


def mentions(doc: Doc, actor_id: str) -> list[str]:
    return [s.text for s in doc.spans["mirps_actors"] if s.id_ == actor_id]


# -- countries ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The governments of Belize, Costa Rica and El Salvador met.", {"country:BLZ", "country:CRI", "country:SLV"}),
        ("It was led by the United States as Chair.", {"country:USA"}),
        ("The United States of America joined.", {"country:USA"}),
        ("U.S. support was welcomed.", {"country:USA"}),
        ("Panama's Minister of Government spoke.", {"country:PAN"}),
        ("México y Panamá firmaron.", {"country:MEX", "country:PAN"}),
        ("The Honduran government announced a new law.", {"country:HND"}),
        ("Under the Spanish Presidency of the Platform, work advanced.", {"country:ESP"}),
    ],
)
def test_country_mentions(actors_nlp: Language, text: str, expected: set[str]) -> None:
    doc = run(actors_nlp, text)
    assert {i for i in ids(doc) if i.startswith("country:")} == expected


@pytest.mark.parametrize(
    "text",
    [
        "The meeting was held in Panama City last week.",
        "The Brazil Plan of Action guides the region.",
        "Donors pledged US$ 26 million and US$4 million more.",
        "They adopted the Mexico City Declaration.",
        "Salvadoran refugees crossed the border.",  # a demonym alone names people, not the state
        "Representatives of Central America and the Americas attended.",
        "The Global Refugee Forum and the Global Compact on Refugees were recalled.",
        "Read more on Mirage News.",
    ],
)
def test_false_friends_are_not_actors(actors_nlp: Language, text: str) -> None:
    assert run(actors_nlp, text)._.mirps_actors == []


def test_canonical_country_record(actors_nlp: Language) -> None:
    doc = run(actors_nlp, "Bolivia and the United States signed.")
    usa = actor(doc, "country:USA")
    assert usa["name"] == "United States" and usa["iso3"] == "USA" and usa["kind"] == "country"
    assert actor(doc, "country:BOL")["name"] == "Bolivia"


def test_country_inside_a_national_body_is_also_a_mention(actors_nlp: Language) -> None:
    doc = run(actors_nlp, "The U.S. Department of State and Global Affairs Canada announced funding.")
    assert {"org:US_DEPARTMENT_OF_STATE", "org:GLOBAL_AFFAIRS_CANADA", "country:USA", "country:CAN"} <= ids(doc)
    assert mentions(doc, "country:USA") == ["U.S."]


# -- organisations -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The MIRPS met in Belize.", "org:MIRPS"),
        ("Members of the MIRPS Support Platform met.", "org:MIRPS_SUPPORT_PLATFORM"),
        ("The MIRPS Fund is transforming lives.", "org:MIRPS_FUND"),
        ("Regional mechanisms such as the CRM and the Quito Process met.", "org:CRM"),
        ("Regional mechanisms such as the CRM and the Quito Process met.", "org:QUITO_PROCESS"),
        ("It works with Cartagena +40.", "org:CARTAGENA_40"),
        ("El ACNUR y la OEA apoyan.", "org:UNHCR"),
        ("El ACNUR y la OEA apoyan.", "org:OAS"),
        ("The BID and BCIE financed it.", "org:CABEI"),
        ("Financing came from IDB/CABEI/ECLAC.", "org:ECLAC"),
        ("The World Bank Group joined.", "org:WORLD_BANK_GROUP"),
        ("The World Bank joined.", "org:WORLD_BANK"),
    ],
)
def test_gazetteer_organisations(actors_nlp: Language, text: str, expected: str) -> None:
    assert expected in ids(run(actors_nlp, text))


def test_longest_match_wins_for_mirps(actors_nlp: Language) -> None:
    doc = run(actors_nlp, "The MIRPS Support Platform backs the MIRPS. The MIRPS Fund grows.")
    assert mentions(doc, "org:MIRPS") == ["MIRPS"]
    assert mentions(doc, "org:MIRPS_SUPPORT_PLATFORM") == ["MIRPS Support Platform"]
    assert mentions(doc, "org:MIRPS_FUND") == ["MIRPS Fund"]


def test_context_aliases_need_the_full_name(actors_nlp: Language) -> None:
    doc = run(actors_nlp, "The MIRPS Support Platform met. The Platform's members agreed. The Support Platform grew.")
    assert mentions(doc, "org:MIRPS_SUPPORT_PLATFORM") == ["MIRPS Support Platform", "Platform", "Support Platform"]
    assert run(actors_nlp, "The Platform met in Geneva.")._.mirps_actors == []


def test_canonical_name_when_only_the_acronym_appears(actors_nlp: Language) -> None:
    crm = actor(run(actors_nlp, "The CRM met."), "org:CRM")
    assert crm["name"] == "Regional Conference on Migration" and crm["acronym"] == "CRM"


@pytest.mark.parametrize(
    "text",
    [
        "The Technical Secretariat and the Pro Tempore Presidency reported.",
        "Through the Inter-American System, we act.",
        "UN agencies and national Red Cross societies helped.",
        "It draws on the UN Guiding Principles on Internal Displacement.",
        "The UN refugee chief visited.",
    ],
)
def test_generic_bodies_are_not_actors(actors_nlp: Language, text: str) -> None:
    assert run(actors_nlp, text)._.mirps_actors == []


def test_united_nations_on_its_own_is_an_actor(actors_nlp: Language) -> None:
    assert "org:UN" in ids(run(actors_nlp, "The United Nations said the needs are rising."))


# -- acronym definitions -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "actor_id", "name", "forms"),
    [
        (
            "The Regional Network for Migrant Protection (RNMP) met. RNMP members agreed.",
            "org:RNMP",
            "Regional Network for Migrant Protection",
            ["Regional Network for Migrant Protection", "RNMP", "RNMP"],
        ),
        (
            "Mexico's National Commission for Refugee Assistance (COMAR) registered claims. COMAR said so.",
            "org:COMAR",
            "Mexican Commission for Refugee Assistance",
            ["National Commission for Refugee Assistance", "COMAR", "COMAR"],
        ),
        (
            "COPREDEH, the Presidential Commission for Human Rights, reported. COPREDEH added data.",
            "org:COPREDEH",
            "Presidential Commission for Human Rights",
            ["COPREDEH", "Presidential Commission for Human Rights", "COPREDEH"],
        ),
        (
            "It was organized by the Secretariat of Human Rights of Honduras (SEDH).",
            "org:SEDH",
            "Secretariat of Human Rights of Honduras",
            ["Secretariat of Human Rights of Honduras", "SEDH"],
        ),
        (
            "At a session of the Committee on Migration Affairs (CAM), States spoke.",
            "org:CAM",
            "Committee on Migration Affairs",
            ["Committee on Migration Affairs", "CAM"],
        ),
        (
            "The World Bank Group (WBG) and the UN Refugee Agency (UNHCR) spoke.",
            "org:WORLD_BANK_GROUP",
            "World Bank Group",
            ["World Bank Group", "WBG"],
        ),
    ],
)
def test_acronym_definitions(actors_nlp: Language, text: str, actor_id: str, name: str, forms: list[str]) -> None:
    doc = run(actors_nlp, text)
    assert actor(doc, actor_id)["name"] == name
    assert mentions(doc, actor_id) == forms


@pytest.mark.parametrize(
    "text",
    [
        "Pledges made at the Global Refugee Forum (GRF) were reviewed.",
        "Survivors of Gender-Based Violence (GBV) need care.",
        "The Comprehensive Refugee Response Framework (CRRF) guides it.",
        "GUATEMALA CITY (HPA) - Hemisphere Press Agency reported.",
    ],
)
def test_acronym_definitions_of_non_actors(actors_nlp: Language, text: str) -> None:
    assert not {i for i in ids(run(actors_nlp, text)) if i.startswith("org:")}


def test_ministries_named_with_their_state(actors_nlp: Language) -> None:
    doc = run(actors_nlp, "Guatemala's Ministry of Foreign Affairs thanked the donors.")
    ministry = actor(doc, "org:MINISTRY_OF_FOREIGN_AFFAIRS")
    assert ministry["name"] == "Ministry of Foreign Affairs of Guatemala"
    assert "country:GTM" in ids(doc)
    assert "org:MINISTRY" not in ids(run(actors_nlp, "The Ministry announced a fund."))


def test_a_body_s_own_units_are_not_actors(actors_nlp: Language) -> None:
    doc = run(actors_nlp, "The OAS, through its Department of Access to Rights, serves as Secretariat.")
    assert ids(doc) == {"org:OAS"}


# -- people ----------------------------------------------------------------------------------------
PEOPLE = [
    # "Name, Possessive Title" after a quote
    (
        '"We act," stated Roger Tejada, Panama\'s Minister of Government.',
        "Roger Tejada",
        "Minister of Government",
        "country:PAN",
    ),
    # "Title, Name,," with the genre's double comma and an absorbed "United Nations"
    (
        "United Nations Deputy High Commissioner for Refugees, Kelly Clements,, emphasized it. UNHCR agreed.",
        "Kelly Clements",
        "United Nations Deputy High Commissioner for Refugees",
        "org:UNHCR",
    ),
    # "The Title of Org (ACR), Name,"
    (
        "The Secretary for Access to Rights and Equity of the Organization of American States (OAS), "
        "Maricarmen Plata, welcomed it.",
        "Maricarmen Plata",
        "Secretary for Access to Rights and Equity",
        "org:OAS",
    ),
    # the innermost body of a possessive chain
    (
        "said Cheryl Fernandes, Director of Western Hemisphere Affairs for the U.S. Department of State's "
        "Bureau of Population, Refugees, and Migration (PRM).",
        "Cheryl Fernandes",
        "Director of Western Hemisphere Affairs",
        "org:PRM",
    ),
    # "said Org Title Name"
    ('"It works," said OAS Secretary General Albert Ramdin.', "Albert Ramdin", "OAS Secretary General", "org:OAS"),
    # the body's own name as the title
    (
        "The United Nations High Commissioner for Refugees (UNHCR), Filippo Grandi, highlighted it.",
        "Filippo Grandi",
        "United Nations High Commissioner for Refugees",
        "org:UNHCR",
    ),
    # photo caption
    (
        "Roger Tejada (Minister of Government of Panama) opens the session.",
        "Roger Tejada",
        "Minister of Government",
        "country:PAN",
    ),
    # honorific inside the slot
    (
        "El Salvador's Vice Minister for Diaspora and Human Mobility, Ms. Claudia Ivette Romero, said it.",
        "Claudia Ivette Romero",
        "Vice Minister for Diaspora and Human Mobility",
        "country:SLV",
    ),
    # apposition "Org, the alias," then a location complement
    (
        "The Regional Representative of UNHCR, the UN Refugee Agency, for Central America, Giulia Marchetti, "
        "welcomed it.",
        "Giulia Marchetti",
        "Regional Representative for Central America",
        "org:UNHCR",
    ),
    # a unit of a body
    (
        "Mr. Esteban Carrillo, Director of the OAS Department of Social Inclusion, said it.",
        "Esteban Carrillo",
        "Director of the Department of Social Inclusion",
        "org:OAS",
    ),
    # "Chief of X at the Org" after "according to"
    (
        '"It is a challenge," according to Marcela Ibáñez, Chief of the Migration Unit at the IDB.',
        "Marcela Ibáñez",
        "Chief of the Migration Unit",
        "org:IDB",
    ),
    # honorific title before the name, title after it
    (
        "The Honourable Danielle Fortier, Minister of International Development, spoke.",
        "Danielle Fortier",
        "Minister of International Development",
        None,
    ),
    # a middle initial
    (
        "said Margaret L. Hayes, Assistant Secretary of State.",
        "Margaret L. Hayes",
        "Assistant Secretary of State",
        None,
    ),
    # a name run into its title with no comma
    (
        "Commissioner for Crisis Management Karin Lindqvist said: it matters.",
        "Karin Lindqvist",
        "Commissioner for Crisis Management",
        None,
    ),
    # a lower-case title after the name
    (
        "The head of the ECHO office for Central America, Tomás Ferreira, stressed it.",
        "Tomás Ferreira",
        "head of the office for Central America",
        "org:ECHO",
    ),
    # a press contact with an e-mail
    (
        "UNHCR contacts: In Geneva, Camille Dubreuil, dubreuil@unhcr.org, +41 79 200 7614",
        "Camille Dubreuil",
        None,
        "org:UNHCR",
    ),
    # an attribution verb and a known first name
    ('"We will not stop," said Ana Ruiz.', "Ana Ruiz", None, None),
    # a human story: first name and age
    ("In a small bakery, María, 34, kneads dough.", "María", None, None),
]


@pytest.mark.parametrize(("text", "name", "title", "affiliation"), PEOPLE)
def test_people_in_the_genre_slots(
    actors_nlp: Language, text: str, name: str, title: str | None, affiliation: str | None
) -> None:
    doc = run(actors_nlp, text)
    people = [a for a in doc._.mirps_actors if a["kind"] == "person"]
    assert [p["name"] for p in people] == [name]
    assert people[0]["id"] == person_id(name)
    assert people[0]["title"] == title
    assert people[0]["affiliation"] == affiliation


@pytest.mark.parametrize(
    "text",
    [
        "We recall the leadership of Honduras, with Internal Displacement; and of Panama, with Local Governance.",
        "Mexico led the theme of Reception, Admission and Processing of Cases.",
        "UNHCR Deputy Chief Urges Support for Costa Rica as Asylum Claims Mount",
        "Costa Rica, serving as Pro Tempore Chair in 2025, prioritized integration.",
        "Colombia completed its mandate as Chair of the Support Platform, reaffirming its commitment.",
        "Ministers and high-level representatives emphasized achievements.",
    ],
)
def test_titles_and_themes_are_not_people(actors_nlp: Language, text: str) -> None:
    doc = run(actors_nlp, text)
    assert not [a for a in doc._.mirps_actors if a["kind"] == "person"]


def test_later_surname_mentions_link_to_the_full_name(actors_nlp: Language) -> None:
    text = (
        "The United Nations High Commissioner for Refugees (UNHCR), Filippo Grandi, spoke. "
        '"Act now," Grandi said. Statement by Commissioner Grandi.'
    )
    doc = run(actors_nlp, text)
    assert mentions(doc, "person:filippo-grandi") == ["Filippo Grandi", "Grandi", "Grandi"]
    assert [a["id"] for a in doc._.mirps_actors if a["kind"] == "person"] == ["person:filippo-grandi"]


def test_a_title_before_a_bare_surname_links_to_the_full_name(actors_nlp: Language) -> None:
    text = "Statement by Minister Fortier. The Honourable Danielle Fortier, Minister of Development, spoke."
    doc = run(actors_nlp, text)
    assert mentions(doc, "person:danielle-fortier") == ["Fortier", "Danielle Fortier"]


def test_double_surnames_link_by_their_tail(actors_nlp: Language) -> None:
    doc = run(
        actors_nlp,
        "It was handed over by Guatemala's Foreign Minister Rodrigo Paiz Valdés. Paiz Valdés said it worked.",
    )
    assert mentions(doc, "person:rodrigo-paiz-valdes") == ["Rodrigo Paiz Valdés", "Paiz Valdés"]


# -- roles -----------------------------------------------------------------------------------------
def test_roles_from_the_lists(actors_nlp: Language) -> None:
    text = (
        "The Comprehensive Regional Protection and Solutions Framework (MIRPS) includes Belize, Costa Rica and "
        "Panama. The MIRPS Support Platform is comprised of Argentina, the European Union (EU) and the "
        "Inter-American Development Bank (IDB). UNHCR and the Organization of American States (OAS) serve as "
        "the MIRPS Technical Secretariat. Canada thanked Panama."
    )
    doc = run(actors_nlp, text)
    roles = {a["id"]: a["roles"] for a in doc._.mirps_actors}
    assert roles["country:BLZ"] == roles["country:PAN"] == ["member_state"]
    assert roles["country:ARG"] == roles["org:EU"] == roles["org:IDB"] == ["support_platform"]
    assert roles["org:UNHCR"] == roles["org:OAS"] == ["technical_secretariat"]
    assert roles["country:CAN"] == []


# -- contract --------------------------------------------------------------------------------------
def test_span_and_dict_contract(actors_nlp: Language) -> None:
    doc = run(actors_nlp, "OAS Secretary General Albert Ramdin thanked Spain and the EU. Ramdin said it.")
    labels = {s.id_: s.label_ for s in doc.spans["mirps_actors"]}
    assert labels == {
        "org:OAS": "ORGANIZATION",
        "person:albert-ramdin": "PERSON",
        "country:ESP": "COUNTRY",
        "org:EU": "ORGANIZATION",
    }
    for a in doc._.mirps_actors:
        assert set(a) == ACTOR_KEYS
        json.dumps(a)  # msgpack/JSON-safe values only
    assert [a["id"] for a in doc._.mirps_actors] == ["org:OAS", "person:albert-ramdin", "country:ESP", "org:EU"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Panama",
                "'s",
                "Minister",
                "of",
                "Government",
                ",",
                "Roger",
                "Tejada",
                "(",
                ")",
                "UNHCR",
                "the",
                "Platform",
                "MIRPS",
                "Support",
                "said",
                "Mr.",
                "Ana",
                "Ruiz",
                "US$",
                "City",
                "Fund",
                "Ministry",
                "Director",
                "for",
                "Refugees",
                "and",
                "Grandi",
                ".",
                "\n",
                "RNMP",
                "Network",
                "Regional",
                "María",
                "34",
                "x@unhcr.org",
                "Chargé",
                "a.i.",
            ]
        ),
        max_size=40,
    )
)
def test_never_crashes_and_offsets_are_valid(words: list[str]) -> None:
    nlp = _shared_nlp()
    doc = nlp(" ".join(words))
    assert not failures(doc), "a component raised (its exception became a warning)"
    known = {a["id"] for a in doc._.mirps_actors}
    for span in doc.spans["mirps_actors"]:
        assert span.id_ in known
        assert doc.text[span.start_char : span.end_char] == span.text
    for a in doc._.mirps_actors:
        assert a["affiliation"] is None or a["affiliation"] in known


_NLP: list[Language] = []


def _shared_nlp() -> Language:
    if not _NLP:
        _NLP.append(load(components=("mirps_sentences", "mirps_actors")))
    return _NLP[0]


# -- data --------------------------------------------------------------------------------------
def test_gazetteer_data_is_consistent() -> None:
    gaz = load_gazetteer("en")
    assert len([e for e in gaz.entries.values() if e.kind == "country"]) == 249
    for entry in gaz.entries.values():
        prefix = "country:" if entry.kind == "country" else "org:"
        assert entry.id.startswith(prefix)
        if entry.kind == "organization":
            assert entry.id == entry.id.upper().replace("ORG:", "org:")
        for ctx in entry.context_aliases:
            assert set(ctx.requires) <= set(gaz.entries)
    assert org_id("the Quito Process") == "org:QUITO_PROCESS"
    assert person_id("María José López") == "person:maria-jose-lopez"


# -- seeds ---------------------------------------------------------------------------------------
def _score_module(score_script: Path) -> Any:
    spec = importlib.util.spec_from_file_location("mirps_score", score_script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _seed_pairs(seeds_dir: Path) -> Iterator[tuple[dict[str, Any], str]]:
    for gold_path in sorted((seeds_dir / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        yield gold, (seeds_dir / gold["file"]).read_text(encoding="utf-8")


def test_seed_actor_f1(actors_nlp: Language, seeds_dir: Path, score_script: Path) -> None:
    score = _score_module(score_script)
    totals = [0, 0, 0]
    for gold, text in _seed_pairs(seeds_dir):
        predicted = run(actors_nlp, text)._.mirps_actors
        tp, missed, extra = score.match(gold["actors"], predicted, score.actor_key_matches)
        totals = [totals[0] + tp, totals[1] + len(missed), totals[2] + len(extra)]
    assert score.f1(*totals)[2] >= 0.95


@pytest.mark.model
def test_model_person_entities_add_candidates_but_not_themes() -> None:
    from mirps_nlp.errors import ModelNotFoundError

    try:
        nlp = load("en_core_web_sm", components=("mirps_sentences", "mirps_actors"))
    except ModelNotFoundError:
        pytest.skip("the optional English model is not installed")
    doc = nlp('"We will continue," said Xochitl Quetzalcoatl. Local Governance was a theme.')
    assert [a["name"] for a in doc._.mirps_actors if a["kind"] == "person"] == ["Xochitl Quetzalcoatl"]


# -- news-wire and government naming (unseen-release language) ---------------------------------
NEWSWIRE_PEOPLE = [
    # (sentence, the people it names)
    ("Foreign Minister Arnoldo André Tinoco met his counterpart.", ["Arnoldo André Tinoco"]),
    ("Vice President Ariel Henry opened the meeting in Panama.", ["Ariel Henry"]),
    ("UN refugee chief Filippo Grandi visited the Darién on Tuesday.", ["Filippo Grandi"]),
    ("UNHCR's Americas director José Samaniego said the region faced a crisis.", ["José Samaniego"]),
    ('"We are ready," said the agency\'s regional director, José Samaniego, in Panama.', ["José Samaniego"]),
    ("Betilde Muñoz-Pogossian, who heads the OAS Department of Social Inclusion, spoke.", ["Betilde Muñoz-Pogossian"]),
    ('"Funding is short," said Andrej Mahecic, a spokesperson for UNHCR, in Geneva.', ["Andrej Mahecic"]),
    ("Chargé d'Affaires a.i. Robert Kent signed the agreement.", ["Robert Kent"]),
    ("Deputy Minister Maria Luisa Hayem Brevé attended.", ["Maria Luisa Hayem Brevé"]),
    ("Commissioner Janez Lenarčič announced new funding.", ["Janez Lenarčič"]),
    ("The minister of foreign affairs Arnoldo André met the minister of the interior Juan Pérez.",
     ["Arnoldo André", "Juan Pérez"]),
    ("Pieter Van den Berg, Head of Cooperation of the EU Delegation, attended.", ["Pieter Van den Berg"]),
    ("Juan Carlos de la Cruz, Vice Minister of Migration of Guatemala, spoke.", ["Juan Carlos de la Cruz"]),
    ("María José Núñez-Ortega, Director of COMAR, said the agency was overwhelmed.", ["María José Núñez-Ortega"]),
    ("Senior Protection Officer Sean O'Neill said the programme worked.", ["Sean O'Neill"]),
    ("Jean-Pierre Lacroix, UNHCR Representative in Costa Rica, spoke.", ["Jean-Pierre Lacroix"]),
    ("J. Smith, Director of Protection, said the programme worked.", ["J. Smith"]),
    ("It was opened by Secretary General Luis Almagro and Assistant Secretary General Néstor Méndez.",
     ["Luis Almagro", "Néstor Méndez"]),
    ('"Where will they go?" asked Giovanni Lepri.', ["Giovanni Lepri"]),
    ('In the words of Giovanni Lepri, "solidarity is not optional."', ["Giovanni Lepri"]),
    # a full name with no slot of its own, vouched for by a later "said Lepri"
    ('Giovanni Lepri arrived in Tapachula on Monday.\n"We have never seen this."\nsaid Lepri in the camp.',
     ["Giovanni Lepri"]),
]


@pytest.mark.parametrize(("text", "names"), NEWSWIRE_PEOPLE)
def test_news_wire_and_government_naming(actors_nlp: Language, text: str, names: list[str]) -> None:
    doc = run(actors_nlp, text)
    assert [a["name"] for a in doc._.mirps_actors if a["kind"] == "person"] == names


def test_possessive_surname_links_to_the_full_name(actors_nlp: Language) -> None:
    doc = run(actors_nlp, "Grandi's visit comes as arrivals rise. Filippo Grandi, the UN High Commissioner for "
              "Refugees, met officials.")
    assert mentions(doc, "person:filippo-grandi") == ["Grandi", "Filippo Grandi"]


@pytest.mark.parametrize(
    "text",
    [
        "Costa Rica Foreign Minister said the country was ready.",
        "The Los Angeles Declaration was recalled in Santo Domingo and San José.",
        "The Local Governance working group met in March and on Friday.",
        "The minister of foreign affairs said on Tuesday that talks would resume.",
        '"This is a turning point," Global Refugee Forum participants said in December.',
    ],
)
def test_places_themes_and_bare_titles_are_not_people(actors_nlp: Language, text: str) -> None:
    assert [a for a in run(actors_nlp, text)._.mirps_actors if a["kind"] == "person"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They signed with the Secretariat of Social Integration.", {"org:SECRETARIAT_OF_SOCIAL_INTEGRATION"}),
        ("The Directorate General of Migration and Aliens processed them.",
         {"org:DIRECTORATE_GENERAL_OF_MIGRATION_AND_ALIENS"}),
        ("The Institute for Women and the Office of the Ombudsman joined the Department of Migration.",
         {"org:INSTITUTE_FOR_WOMEN", "org:OFFICE_OF_OMBUDSMAN", "org:DEPARTMENT_OF_MIGRATION"}),
        ("Canada's Department of Immigration, Refugees and Citizenship pledged.",
         {"country:CAN", "org:DEPARTMENT_OF_IMMIGRATION_REFUGEES_AND_CITIZENSHIP"}),
        ("The Honduran Secretariat of Human Rights attended.", {"country:HND", "org:SECRETARIAT_OF_HUMAN_RIGHTS"}),
        ("SICA, SIECA and COMISCA, with the Pacific Alliance, attended.",
         {"org:SICA", "org:SIECA", "org:COMISCA", "org:PACIFIC_ALLIANCE"}),
        ("Cristosal, the Norwegian Refugee Council and Plan International signed.",
         {"org:CRISTOSAL", "org:NRC", "org:PLAN_INTERNATIONAL"}),
        ("The UN refugee agency and the UN migration agency welcomed it.", {"org:UNHCR", "org:IOM"}),
        ("The Mexican Commission for Refugee Assistance (COMAR, for its Spanish acronym) registered claims.",
         {"org:COMAR"}),
        ("ACNUR y la OEA firmaron.", {"org:UNHCR", "org:OAS"}),
    ],
)
def test_bodies_outside_the_gazetteer_and_new_entries(actors_nlp: Language, text: str, expected: set[str]) -> None:
    assert ids(run(actors_nlp, text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Through its Department of Access to Rights and Equity, the body supported it.",
        "She heads the OAS Department of Social Inclusion.",
        "Ana Ruiz, Director of the Department of Social Inclusion, spoke.",
        "The Council of Ministers of Foreign Affairs will next convene in May.",
        "The Technical Secretariat and the Ministry announced it.",
    ],
)
def test_units_organs_and_title_complements_are_not_bodies(actors_nlp: Language, text: str) -> None:
    orgs = {a["id"] for a in run(actors_nlp, text)._.mirps_actors if a["kind"] == "organization"}
    assert orgs <= {"org:OAS"}


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AB.,\"'’\n-é")), max_size=80))
def test_token_view_matches_the_doc(text: str) -> None:
    from mirps_nlp.components.actors.mentions import TokenView

    doc = spacy_blank()(text)
    view = TokenView(doc)
    assert view.text == [t.text for t in doc]
    assert view.lower == [t.lower_ for t in doc]
    assert view.doc_text == doc.text
    assert view.where_in({"a", "."}) == [t.i for t in doc if t.text in {"a", "."}]
    assert view.where_in({"ab", "b", "a.", "é", "-"}, lower=True) == [
        t.i for t in doc if t.lower_ in {"ab", "b", "a.", "é", "-"}
    ]


def spacy_blank() -> Language:
    import spacy

    return spacy.blank("en")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Helmut Sørensen", "person:helmut-sorensen"),
        ("María José Núñez-Ortega", "person:maria-jose-nunez-ortega"),
        ("Łukasz Bæk", "person:lukasz-baek"),
    ],
)
def test_person_ids_spell_out_letters_without_accents(name: str, expected: str) -> None:
    from mirps_nlp.gazetteer import person_id

    assert person_id(name) == expected


# -- affiliation where no title gives one (issue 13) --------------------------------------------
@pytest.mark.parametrize(
    ("text", "name", "title", "affiliation"),
    [
        ("UNHCR's Per Andersson said the camps were full.", "Per Andersson", None, "org:UNHCR"),
        ("Minister Ana Pérez of Guatemala opened the meeting.", "Ana Pérez", "Minister", "country:GTM"),
    ],
)
def test_affiliation_written_around_the_name(
    actors_nlp: Language, text: str, name: str, title: str | None, affiliation: str
) -> None:
    person = next(a for a in run(actors_nlp, text)._.mirps_actors if a["kind"] == "person")
    assert (person["name"], person["title"], person["affiliation"]) == (name, title, affiliation)


# -- Spanish (issue 12) ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def es_actors_nlp() -> Language:
    return load(lang="es", components=("mirps_sentences", "mirps_actors"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Spanish names and acronyms map to the canonical English ids
        ("El ACNUR y la OEA firmaron un acuerdo con la OIM y el BID.", {"org:UNHCR", "org:OAS", "org:IOM", "org:IDB"}),
        ("La Conferencia Regional sobre Migración (CRM) y el SICA se reunieron.", {"org:CRM", "org:SICA"}),
        ("La Plataforma de Apoyo al MIRPS sesionó en Belice.", {"org:MIRPS_SUPPORT_PLATFORM", "country:BLZ"}),
        ("Panamá, México y Estados Unidos firmaron.", {"country:PAN", "country:MEX", "country:USA"}),
        # a demonym after the state noun names the state; "Reunión" is a meeting, not Réunion
        ("El Gobierno hondureño presentó la Reunión Anual.", {"country:HND"}),
        # the city is no country
        ("La cita fue en Ciudad de Guatemala.", set()),
    ],
)
def test_spanish_gazetteer(es_actors_nlp: Language, text: str, expected: set[str]) -> None:
    assert ids(run(es_actors_nlp, text)) == expected


def test_spanish_actor_records_stay_in_english(es_actors_nlp: Language) -> None:
    doc = run(es_actors_nlp, "El Alto Comisionado de las Naciones Unidas para los Refugiados (ACNUR) llegó a Belice.")
    assert actor(doc, "org:UNHCR")["name"] == "United Nations High Commissioner for Refugees"
    assert actor(doc, "country:BLZ")["name"] == "Belize"


SPANISH_PEOPLE = [
    # (sentence, name, title as written, affiliation)
    ("El canciller de Guatemala, Rodrigo Alfaro Mejía, inauguró la reunión.",
     "Rodrigo Alfaro Mejía", "canciller", "country:GTM"),
    ("La viceministra de Relaciones Exteriores de Honduras, Ana Gabriela Turcios, habló.",
     "Ana Gabriela Turcios", "viceministra de Relaciones Exteriores", "country:HND"),
    ("La representante del ACNUR en México, Lucía Ferrer Bastos, visitó Tapachula.",
     "Lucía Ferrer Bastos", "representante en México", "org:UNHCR"),
    ("El secretario general de la OEA, Martín Okonkwo Díaz, dio la bienvenida.",
     "Martín Okonkwo Díaz", "secretario general", "org:OAS"),
    ("El canciller guatemalteco, Julio César Ordóñez, visitó Guatemala.",
     "Julio César Ordóñez", "canciller", "country:GTM"),
    ("La ministra de Gobernación de Guatemala, Carla Patricia Mendoza de León, firmó.",
     "Carla Patricia Mendoza de León", "ministra de Gobernación", "country:GTM"),
    ("La embajadora de España, María José Lozano Ruiz, asistió.",
     "María José Lozano Ruiz", "embajadora", "country:ESP"),
    # a modifier after its head; a country whose name starts with an article
    ("El primer ministro adjunto de Belice, Kendrick Lowe Martínez, habló.",
     "Kendrick Lowe Martínez", "primer ministro adjunto", "country:BLZ"),
    ("La ministra de Relaciones Exteriores de El Salvador, Alicia Rivera Mancía, firmó.",
     "Alicia Rivera Mancía", "ministra de Relaciones Exteriores", "country:SLV"),
    # the country one represents, not the body one sits in
    ("El representante permanente de El Salvador ante la OEA, Rafael Cañas Velásquez, habló.",
     "Rafael Cañas Velásquez", "representante permanente ante la OEA", "country:SLV"),
    # a hyphenated surname; a first name with an age in a story
    ("La ministra de Desarrollo Internacional de Canadá, Hélène Tremblay-Roy, anunció fondos.",
     "Hélène Tremblay-Roy", "ministra de Desarrollo Internacional", "country:CAN"),
    ("Daniela, de 16 años, cruzó sola el río.", "Daniela", None, None),
]


@pytest.mark.parametrize(("text", "name", "title", "affiliation"), SPANISH_PEOPLE)
def test_spanish_people_titles_and_affiliations(
    es_actors_nlp: Language, text: str, name: str, title: str | None, affiliation: str | None
) -> None:
    people = [a for a in run(es_actors_nlp, text)._.mirps_actors if a["kind"] == "person"]
    assert [(p["name"], p["title"], p["affiliation"]) for p in people] == [(name, title, affiliation)]
    assert people[0]["id"] == person_id(name)


def test_spanish_later_surnames_link_to_the_full_name(es_actors_nlp: Language) -> None:
    doc = run(es_actors_nlp, "La canciller de Panamá, Irene Solano Vega, llegó. Después, Solano Vega firmó.")
    assert mentions(doc, "person:irene-solano-vega") == ["Irene Solano Vega", "Solano Vega"]


def test_spanish_gazetteer_data_is_consistent() -> None:
    gaz = load_gazetteer("es")
    assert len([e for e in gaz.entries.values() if e.kind == "country"]) == 249
    en = load_gazetteer("en")
    # every organisation keeps its English canonical record; Spanish only adds aliases
    for entry in en.entries.values():
        if entry.kind == "organization":
            assert gaz.entries[entry.id].name == entry.name
            assert set(entry.surface_forms()) <= set(gaz.entries[entry.id].surface_forms())


def test_a_country_name_inside_a_person_name_is_the_person(actors_nlp: Language) -> None:
    """ "Laura Jordan Pérez" is a person, not Jordan; "Minister Jordan said" later is that person too."""
    doc = run(
        actors_nlp,
        "Panama sent its Foreign Minister, Laura Jordan Pérez, to the meeting. Minister Jordan said the region "
        "must act together.",
    )
    assert "country:JOR" not in ids(doc)
    assert "person:laura-jordan-perez" in ids(doc)
    assert "country:PAN" in ids(doc)


def test_a_country_after_a_title_is_still_a_country_when_no_person_has_its_name(actors_nlp: Language) -> None:
    doc = run(actors_nlp, "The Foreign Minister of Panama met the Vice President of Colombia.")
    assert {"country:PAN", "country:COL"} <= ids(doc)


def test_a_ministry_keeps_its_listed_portfolios(actors_nlp: Language) -> None:
    """ "Ministry of Foreign Affairs, European Union and Cooperation" is one ministry (the EU there is a
    portfolio); a list of states after a ministry's name is not part of it."""
    doc = run(actors_nlp, "The Ministry of Foreign Affairs, European Union and Cooperation has announced the plan.")
    assert "org:MINISTRY_OF_FOREIGN_AFFAIRS_EUROPEAN_UNION_AND_COOPERATION" in ids(doc)
    assert "org:EU" not in ids(doc)
    doc = run(actors_nlp, "Guatemala's Ministry of Foreign Affairs, Panama and Costa Rica signed the text.")
    assert {"country:PAN", "country:CRI"} <= ids(doc)
