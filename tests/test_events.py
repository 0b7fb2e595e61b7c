"""mirps_events: meetings (name, ordinal, body, place, date) and documents (name, kind, action)."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

import mirps_nlp.components.events
import mirps_nlp.components.sentences
from mirps_nlp.components.base import failures
from mirps_nlp.components.events import roman_value


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("mirps_sentences")
    pipeline.add_pipe("mirps_dates")
    pipeline.add_pipe("mirps_events")
    return pipeline


def run(nlp: Language, text: str, published: str | None = None) -> Doc:
    doc = nlp.make_doc(text)
    doc._.mirps_published = published
    return nlp(doc)


def meetings(doc: Doc) -> list[tuple[Any, ...]]:
    return [(m["ordinal"], m["body"], m["place"], m["date"]) for m in doc._.mirps_meetings]


MEETINGS = [
    (
        "The Panama City Declaration was agreed at the VI Annual Meeting of the Comprehensive Regional Framework "
        "for Protection and Solutions (MIRPS), held in Panama City.",
        [(6, "MIRPS", "Panama City", None)],
    ),
    ("The seven countries concluded the VIII MIRPS Annual Meeting yesterday.", [(8, "MIRPS", None, "2025-12-04")]),
    (
        "Members adopted a statement at the fifth High-Level Meeting of the Platform, held virtually on Thursday.",
        [(5, "MIRPS Support Platform", None, "2025-12-04")],
    ),
    (
        "At the close of the VII International Technical Meeting of the Quito Process, held virtually from Santiago, "
        "Chile passed the presidency to Brazil.",
        [(7, "Quito Process", "Santiago", None)],
    ),
    (
        "The OAS participated in the XXVIII Vice-Ministerial Meeting of the Regional Conference on Migration (CRM), "
        "held on November 14 and 15, 2023.",
        [(28, "Regional Conference on Migration", None, "2023-11-14")],
    ),
    ("The mechanism held its third annual meeting online for the first time.", [(3, None, None, None)]),
    (
        "The ceremony took place during a high-level meeting of the MIRPS Support Platform.",
        [(None, "MIRPS Support Platform", None, None)],
    ),
    (
        "Mayors met for the third Regional Dialogue on Local Governance in Panama City.",
        [(3, None, "Panama City", None)],
    ),
    (
        "The Steering Committee approved the portfolio at its third session, held in San José.",
        [(3, None, "San José", None)],
    ),
    (
        "The heads of state met at the LXIII Ordinary Meeting of Heads of State and Government of SICA.",
        [(63, "SICA", None, None)],
    ),
    (
        "Guatemala will host the XXIX Vice-Ministerial Meeting of the CRM next year.",
        [(29, "Regional Conference on Migration", None, None)],
    ),
    # an organ's session is its organisation's meeting
    (
        "Delegations met at the 53rd regular session of the OAS General Assembly in Washington on June 21, 2023.",
        [(53, "OAS", "Washington", "2023-06-21")],
    ),
    (
        "The General Assembly of the OAS, at its 52nd Regular Session held in Lima, adopted the text.",
        [(52, "OAS", "Lima", None)],
    ),
    (
        "The fourth annual meeting of the MIRPS opened Monday in Guatemala City.",
        [(4, "MIRPS", "Guatemala City", "2025-12-01")],
    ),
    # "First Virtual": first of its format, not the first meeting
    ("MIRPS States Hold First Virtual Annual Meeting", [(None, "MIRPS", None, None)]),
    (
        "Ahead of the VIII Annual Meeting of the MIRPS, to be held in Costa Rica, NGOs issued a statement.",
        [(8, "MIRPS", "Costa Rica", None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), MEETINGS)
def test_meeting_phrasings(nlp: Language, text: str, expected: list[tuple[Any, ...]]) -> None:
    assert meetings(run(nlp, text, published="2025-12-05")) == expected


NOT_MEETINGS = [
    "This roadmap is in line with the commitments made during the Global Refugee Forum in 2023.",
    "During the high-level session, Colombia completed its mandate as Chair of the Support Platform.",
    "At the close of the meeting, Panama transferred the Presidency to Belize.",
    "The Committee will follow up on the issue at its next regular meeting.",
    "The Regional Conference on Migration brings together eleven countries.",
    "The resolution of the 49th regular session of the General Assembly asks for a report.",
    "OAS General Assembly Reaffirms Support for Refugees in the Region",
    "The Secretariat must report to the Permanent Council before the 50th Regular Session.",
    "Findings are due by the 12th session of the Committee.",
]


@pytest.mark.parametrize("text", NOT_MEETINGS)
def test_not_a_meeting(nlp: Language, text: str) -> None:
    assert run(nlp, text)._.mirps_meetings == []


def test_repeated_mentions_are_one_meeting_and_a_later_generic_gives_the_place(nlp: Language) -> None:
    doc = run(
        nlp,
        "Virtual MIRPS Meeting Puts Protection First\n"
        "Today the States closed the VI Annual Meeting of the MIRPS. "
        "The VI Annual Meeting of the MIRPS highlighted solidarity. "
        "The OAS welcomed the progress made at the meeting in Panama.",
        published="2024-01-24",
    )
    assert meetings(doc) == [(6, "MIRPS", "Panama", "2024-01-24")]
    assert doc._.mirps_meetings[0]["name"] == "VI Annual Meeting of the MIRPS"


def test_unanchored_relative_date_warns(nlp: Language) -> None:
    doc = run(nlp, "The seven countries concluded the VIII MIRPS Annual Meeting yesterday.")
    assert meetings(doc) == [(8, "MIRPS", None, None)]
    assert any("yesterday" in w and "published" in w for w in doc._.mirps_warnings)


DOCUMENTS = [
    (
        "Central America, Mexico, and the International Community Approve the 2024 Roadmap to Seek Joint Solutions",
        ("2024 Roadmap", "roadmap", "approved"),
    ),
    (
        "The Panama City Declaration was agreed on the occasion of the meeting.",
        ("Panama City Declaration", "declaration", "agreed"),
    ),
    (
        "MIRPS members also officially approved the MIRPS Statutory Charter.",
        ("MIRPS Statutory Charter", "charter", "approved"),
    ),
    (
        "They concluded the meeting yesterday with the adoption of the Heredia Declaration, an agreement.",
        ("Heredia Declaration", "declaration", "adopted"),
    ),
    (
        "The MIRPS is a mechanism for the implementation of the Global Compact on Refugees.",
        ("Global Compact on Refugees", "compact", "mentioned"),
    ),
    (
        "Mechanisms like the MIRPS and the Los Angeles Declaration on Migration and Protection help.",
        ("Los Angeles Declaration on Migration and Protection", "declaration", "mentioned"),
    ),
    (
        "The dialogues aimed at strengthening the MIRPS 2023 Regional Action Plan.",
        ("MIRPS 2023 Regional Action Plan", "plan", "mentioned"),
    ),
    (
        "The delegations adopted Resolution CRM/XXVIII/R.3 at the close.",
        ("Resolution CRM/XXVIII/R.3", "other", "adopted"),
    ),
    (
        "The countries adopted the Santiago Joint Declaration and approved a Roadmap for 2021-2022.",
        ("Roadmap for 2021-2022", "roadmap", "approved"),
    ),
    (
        "Platforms link their work with the Chile Plan of Action 2024-2034.",
        ("Chile Plan of Action 2024-2034", "plan", "mentioned"),
    ),
    (
        "The countries recalled the Brazil Declaration and Plan of Action.",
        ("Brazil Declaration and Plan of Action", "declaration", "mentioned"),
    ),
    (
        "Funds are channelled in line with Canada's Feminist International Assistance Policy.",
        ("Feminist International Assistance Policy", "other", "mentioned"),
    ),
    # resolutions: a quoted title, or a code in lower case
    (
        'The General Assembly adopted the omnibus resolution "Promotion and Protection of Human Rights" on Friday.',
        ("Promotion and Protection of Human Rights", "other", "adopted"),
    ),
    (
        "The Permanent Council approved resolution CP/RES. 1150 (2230/19) last week.",
        ("resolution CP/RES. 1150 (2230/19)", "other", "approved"),
    ),
    (
        "The report responds to resolution AG/RES. 2941 (XLIX-O/19) of the General Assembly.",
        ("resolution AG/RES. 2941 (XLIX-O/19)", "other", "mentioned"),
    ),
    (
        "Mexico presented the framework's Second Annual Report to the delegations.",
        ("Second Annual Report", "other", "mentioned"),
    ),
    (
        "The delegations endorsed the Regional Protection Strategy 2024-2026.",
        ("Regional Protection Strategy 2024-2026", "other", "approved"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), DOCUMENTS)
def test_document_phrasings(nlp: Language, text: str, expected: tuple[str, str, str]) -> None:
    found = [(d["name"], d["kind"], d["action"]) for d in run(nlp, text)._.mirps_documents]
    assert expected in found


NOT_DOCUMENTS = [
    "In the Declaration, States outlined joint actions to be implemented in 2026.",
    "Members expressed commitments to strengthen the regional response and National Action Plans by 2024.",
    "Governments today approved a roadmap for 2024 that reflects their commitment.",
    "Under the Charter, the Presidency will continue to rotate once a year.",
]


@pytest.mark.parametrize("text", NOT_DOCUMENTS)
def test_not_a_document(nlp: Language, text: str) -> None:
    assert run(nlp, text)._.mirps_documents == []


def test_a_later_back_reference_gives_a_resolution_its_action(nlp: Language) -> None:
    doc = run(
        nlp,
        'The text is part of the omnibus resolution "Strengthening Regional Protection" (AG/RES. 3001 (LIII-O/23)). '
        "Delegates discussed it for two days. The resolution was adopted by consensus.",
    )
    assert [(d["name"], d["action"]) for d in doc._.mirps_documents] == [
        ("Strengthening Regional Protection", "adopted")
    ]


def test_documents_dedupe_and_the_strongest_action_wins(nlp: Language) -> None:
    doc = run(
        nlp,
        "The Mexico City Declaration on Protection and Solutions builds on past work. "
        "Delegates adopted the Mexico City Declaration at the close. "
        "El Salvador Presents MIRPS Work Plan for 2020. The Salvadoran Work Plan follows the priorities.",
    )
    found = {d["name"]: d["action"] for d in doc._.mirps_documents}
    assert found == {
        "Mexico City Declaration on Protection and Solutions": "adopted",
        "MIRPS Work Plan for 2020": "mentioned",
    }


@pytest.mark.parametrize(("roman", "value"), [("I", 1), ("IV", 4), ("VI", 6), ("VIII", 8), ("XXIX", 29), ("LXIII", 63)])
def test_roman_numerals(roman: str, value: int) -> None:
    assert roman_value(roman) == value


WORDS = [
    "VI",
    "Annual",
    "Meeting",
    "of",
    "the",
    "MIRPS",
    "held",
    "in",
    "Panama",
    "Declaration",
    "adopted",
    "Plan",
    "on",
    "Refugees",
    "third",
    "session",
    ",",
    ".",
    "\n",
    "(",
    ")",
    "Roadmap",
    "2024",
    "today",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40))
def test_never_crashes_and_offsets_are_valid(nlp: Language, words: list[str]) -> None:
    text = " ".join(words)
    doc = run(nlp, text, published="2024-01-24")
    assert not failures(doc), "a component raised (its exception became a warning)"
    for item in doc._.mirps_meetings + doc._.mirps_documents:
        assert 0 <= item["start"] < item["end"] <= len(text)


def test_factory_name() -> None:
    assert mirps_nlp.components.events.make_events is not None
    assert "mirps_events" in Language.factories


# Places and dates stated away from the name (2024-12-06 is a Friday).
PLACES = [
    (
        "MIRPS officials met in Panama City on Thursday for the third Regional Dialogue on Local Governance.",
        [(3, "MIRPS", "Panama City", "2024-12-05")],
    ),
    (
        "The Council heard the report during a regular meeting held at 10:00 a.m. in the Simón Bolívar Room "
        "of the main building of the OAS in Washington, D.C.",
        [(None, None, "Washington, D.C.", None)],
    ),
    (
        "The States met at the VII Annual Meeting of the MIRPS, held December 4–5 at the Hotel Marina, "
        "Avenida Central 12, Belize City.",
        [(7, "MIRPS", "Belize City", "2024-12-04")],
    ),
    (
        "The III Annual Meeting of the MIRPS was held yesterday in a fully virtual format.",
        [(3, "MIRPS", None, "2024-12-05")],
    ),
    (
        "The VII International Technical Meeting of the Quito Process, held virtually from Santiago, closed today.",
        [(7, "Quito Process", "Santiago", "2024-12-06")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), PLACES)
def test_places_and_dates_away_from_the_name(nlp: Language, text: str, expected: list[tuple[Any, ...]]) -> None:
    assert meetings(run(nlp, text, published="2024-12-06")) == expected


def test_a_dateline_city_is_the_place_of_a_meeting_held_that_day(nlp: Language) -> None:
    doc = run(
        nlp,
        "Returnees on the regional agenda\n\n"
        "Guatemala City, August 12, 2021. Officials of the MIRPS concluded today a two-day Regional Workshop "
        "on Returnees with Protection Needs.",
        published="2021-08-12",
    )
    # a two-day workshop that closed today began yesterday
    assert meetings(doc) == [(None, "MIRPS", "Guatemala City", "2021-08-11")]


def test_a_dateline_is_not_the_place_of_a_virtual_or_past_meeting(nlp: Language) -> None:
    doc = run(
        nlp,
        "GENEVA – The MIRPS States held their III Annual Meeting online yesterday. "
        "They recalled the II Annual Meeting of the MIRPS of 2019.",
        published="2020-12-10",
    )
    assert [m[2] for m in meetings(doc)] == [None, None]


@pytest.fixture(scope="module")
def nlp_es() -> Language:
    pipeline = spacy.blank("es")
    pipeline.add_pipe("mirps_sentences")
    pipeline.add_pipe("mirps_dates")
    pipeline.add_pipe("mirps_events")
    return pipeline


# Spanish meetings: rows in patterns/es/event_meetings.jsonl (2025-12-05 is a Friday).
MEETINGS_ES = [
    (
        "Los Estados aprobaron la Declaración en la VIII Reunión Anual del MIRPS, celebrada en Heredia.",
        [(8, "MIRPS", "Heredia", None)],
    ),
    (
        "Al clausurar este viernes la XXVI Reunión Viceministerial de la Conferencia Regional sobre Migración, "
        "iniciada el jueves en la Ciudad de México, México entregó la presidencia.",
        [(26, "Regional Conference on Migration", "Ciudad de México", "2025-12-04")],
    ),
    (
        "Honduras entregó ayer la PPT en la clausura de la LXIV Reunión Ordinaria de Jefes de Estado y de Gobierno "
        "de los países del SICA, celebrada en Tegucigalpa.",
        [(64, "SICA", "Tegucigalpa", "2025-12-04")],
    ),
    (
        "El traspaso se realizó en Heredia, Costa Rica, en la clausura de la octava reunión anual del MIRPS.",
        [(8, "MIRPS", "Heredia", None)],
    ),
    ("La III Reunión Anual del MIRPS se celebró ayer en formato virtual.", [(3, "MIRPS", None, "2025-12-04")]),
    (
        "La V Reunión Anual del MIRPS está prevista los días 7 y 8 de diciembre en Tegucigalpa.",
        [(5, "MIRPS", "Tegucigalpa", "2025-12-07")],
    ),
    # places as the Spanish blind set stated them (invented sentences, one per phrasing)
    (
        "La IV Reunión Nacional de Enlaces Municipales, celebrada el martes en Comayagua, aprobó una guía.",
        [(4, None, "Comayagua", "2025-12-02")],
    ),
    (
        "La canciller asistió a la II Reunión Binacional Guatemala-Belice sobre Movilidad Laboral, celebrada en "
        "Melchor de Mencos.",
        [(2, None, "Melchor de Mencos", None)],
    ),
    (
        "El semestre culminará con la XX Cumbre del SICA, convocada para el 14 de diciembre en San Pedro Sula.",
        [(20, "SICA", "San Pedro Sula", "2025-12-14")],
    ),
    (
        "La cita culminará con la XX Cumbre del SICA, prevista para diciembre en Ciudad de Guatemala.",
        [(20, "SICA", "Ciudad de Guatemala", None)],
    ),
    (
        "El ministro convocó a sus homólogos a la III Reunión Técnica del Consejo en Cobán en marzo.",
        [(3, None, "Cobán", None)],
    ),
    # "this city" after a venue is the dateline's; "Santo Domingo, 4 de …" is a city, not a Sunday
    (
        "Santo Domingo, 4 de diciembre de 2025 (SG-SICA). La LIX Reunión Ordinaria del SICA, celebrada en el "
        "Palacio Nacional de esta ciudad, concluyó el jueves.",
        [(59, "SICA", "Santo Domingo", "2025-12-04")],
    ),
    (
        "La XXI Cumbre de la CELAC se celebró el jueves en la capital uruguaya.",
        [(21, "CELAC", "Montevideo", "2025-12-04")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), MEETINGS_ES)
def test_spanish_meetings(nlp_es: Language, text: str, expected: list[tuple[Any, ...]]) -> None:
    assert meetings(run(nlp_es, text, published="2025-12-05")) == expected


def test_spanish_dateline_city_and_two_day_meeting(nlp_es: Language) -> None:
    doc = run(
        nlp_es,
        "Guatemala traslada la PPT\n\n"
        "Ciudad de Guatemala, 9 de diciembre de 2021.– Al concluir hoy la IV Reunión Anual del MIRPS, que sesionó "
        "durante dos días en esta capital, Guatemala trasladó la Presidencia.",
        published="2021-12-09",
    )
    assert meetings(doc) == [(4, "MIRPS", "Ciudad de Guatemala", "2021-12-08")]


def test_a_dateline_line_ingestion_dropped_places_a_meeting_held_that_day(nlp_es: Language) -> None:
    """ "Quito, 30 de junio de 2028" on a line of its own leaves the text; ingestion keeps its place."""
    text = "Los Estados participaron ayer en la XIII Reunión Técnica Internacional del Proceso de Quito."
    assert meetings(run(nlp_es, text, published="2028-06-30")) == [(13, "Quito Process", None, "2028-06-29")]
    doc = nlp_es.make_doc(text)
    doc._.mirps_published = "2028-06-30"
    doc._.mirps_dateline_place = "Quito"
    assert meetings(nlp_es(doc)) == [(13, "Quito Process", "Quito", "2028-06-29")]


DOCUMENTS_ES = [
    ("Los países adoptaron la Declaración de Heredia.", [("Declaración de Heredia", "declaration", "adopted")]),
    (
        "Pidieron alinear sus compromisos con el Pacto Mundial sobre los Refugiados.",
        [("Pacto Mundial sobre los Refugiados", "compact", "mentioned")],
    ),
    (
        "La CRM aprobó su Carta Estatutaria y una Hoja de Ruta 2024-2025.",
        [("Carta Estatutaria", "charter", "approved"), ("Hoja de Ruta 2024-2025", "roadmap", "mentioned")],
    ),
    (
        "Recordaron la Declaración y Plan de Acción de Brasil.",
        [("Declaración y Plan de Acción de Brasil", "declaration", "mentioned")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), DOCUMENTS_ES)
def test_spanish_documents(nlp_es: Language, text: str, expected: list[tuple[str, str, str]]) -> None:
    found = run(nlp_es, text)._.mirps_documents
    assert [(d["name"], d["kind"], d["action"]) for d in found] == expected


# Meeting places as blind set 3 stated them (invented sentences, one per phrasing).
PLACES_BLIND_3 = [
    # the dateline's city named as "this capital" in a wire dateline without a year
    (
        "Lima, Mar 3 (Prensa Latina) Peru closed the V Summit of Heads of State of the bloc held in this capital.",
        None,
        [(5, None, "Lima", None)],
    ),
    # "the <demonym> capital" after a long relative clause: the dateline city of a release of that week
    (
        "Quito, Oct 2 (EFE).- Delegates met on Wednesday at the XII Vice-Ministerial Meeting of the Quito "
        "Process, which gathered officials from its member countries in the Ecuadorian capital.",
        "2025-10-02",
        [(12, "Quito Process", "Quito", "2025-10-01")],
    ),
    # a body's members after its name, then the place
    (
        "The leaders closed the XL Ordinary Meeting of Heads of State of the SICA member states, held in "
        "Managua.",
        None,
        [(40, "SICA", "Managua", None)],
    ),
    # a month between the name and the place; a lower-case name of a few words
    (
        "Belize will report at the MIRPS technical meeting on labour inclusion scheduled for March in Belmopan.",
        None,
        [(None, "MIRPS", "Belmopan", None)],
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), PLACES_BLIND_3)
def test_places_of_blind_set_3(nlp: Language, text: str, published: str | None, expected: list[Any]) -> None:
    assert meetings(run(nlp, text, published=published)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The Director of Consular and Migration Policy of the Ministry spoke first.",
        "Vice Minister for Foreign Policy Ana Ruiz closed the session.",
        "The Ministry of National Planning and Economic Policy published the estimate.",
    ],
)
def test_an_office_or_ministry_ending_in_policy_is_not_a_document(nlp: Language, text: str) -> None:
    assert run(nlp, text)._.mirps_documents == []


def test_a_policy_after_an_office_name_elsewhere_is_still_a_document(nlp: Language) -> None:
    doc = run(nlp, "The Minister of the Interior presented the National Migration Policy of Belize.")
    assert [d["name"] for d in doc._.mirps_documents] == ["National Migration Policy of Belize"]


def test_an_ordinal_before_a_hyphenated_name_of_two_bodies(nlp: Language) -> None:
    doc = run(nlp, "The minister said the III SICA-European Union Summit will take place in Madrid in May.")
    assert meetings(doc) == [(3, "SICA", "Madrid", None)]
