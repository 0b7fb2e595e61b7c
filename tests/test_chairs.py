"""mirps_chairs: one row per way a release hands over, holds or ends a chair.

The actors component is replaced by a small gazetteer fixture, so these tests pin the chair
rules alone: every holder below is found from ``doc.spans["mirps_actors"]`` exactly as the
real component would fill it.
"""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

import mirps_nlp.components.chairs
import mirps_nlp.components.sentences
from mirps_nlp import extensions
from mirps_nlp.components.base import failures

COUNTRIES = {
    "Belize": "BLZ",
    "Costa Rica": "CRI",
    "El Salvador": "SLV",
    "Guatemala": "GTM",
    "Honduras": "HND",
    "Mexico": "MEX",
    "Panama": "PAN",
    "Colombia": "COL",
    "Canada": "CAN",
    "Spain": "ESP",
    "United States": "USA",
    "Brazil": "BRA",
    "Chile": "CHL",
    # Spanish names of the same states (the Spanish tests below)
    "Panamá": "PAN",
    "México": "MEX",
    "Belice": "BLZ",
    "Perú": "PER",
    "Ecuador": "ECU",
    "Nicaragua": "NIC",
    "Canadá": "CAN",
    "España": "ESP",
    "Estados Unidos": "USA",
}
ORGS = {
    "MIRPS": "MIRPS",
    "MIRPS Support Platform": "MIRPS_SUPPORT_PLATFORM",
    "Support Platform": "MIRPS_SUPPORT_PLATFORM",
    "Quito Process": "QUITO_PROCESS",
    "European Union": "EU",
    "UNHCR": "UNHCR",
    "OAS": "OAS",
    "SICA": "SICA",
    "Plataforma de Apoyo": "MIRPS_SUPPORT_PLATFORM",
    "Secretaría de Gobernación": "SEGOB",
    "Ministry of the Interior": "MINISTRY_OF_THE_INTERIOR",
}
PERSONS = {"Roger Tejada": "country:PAN", "Ana Ruiz": "country:BLZ"}


@Language.factory("test_chair_actors", assigns=["doc.spans", "doc._.mirps_actors"])
def make_test_actors(nlp: Language, name: str) -> Any:
    """A stand-in for mirps_actors: gazetteer spans with the contract's labels and ids."""
    matcher = PhraseMatcher(nlp.vocab)
    for text, iso in COUNTRIES.items():
        matcher.add(f"COUNTRY|country:{iso}", [nlp.make_doc(text)])
    for text, key in ORGS.items():
        matcher.add(f"ORGANIZATION|org:{key}", [nlp.make_doc(text)])
    for text in PERSONS:
        matcher.add(f"PERSON|person:{text.lower().replace(' ', '-')}", [nlp.make_doc(text)])

    def tag(doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in matcher(doc):
            label, actor = doc.vocab.strings[match_id].split("|")
            spans.append(doc[start:end].char_span(0, len(doc[start:end].text), label=label, span_id=actor))
        doc.spans[extensions.ACTOR_SPANS] = filter_spans(spans)
        doc._.mirps_actors = [
            {"id": f"person:{n.lower().replace(' ', '-')}", "kind": "person", "name": n, "affiliation": a}
            for n, a in PERSONS.items()
        ]
        return doc

    return tag


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("mirps_sentences")
    pipeline.add_pipe("mirps_dates")
    pipeline.add_pipe("test_chair_actors")
    pipeline.add_pipe("mirps_chairs")
    return pipeline


def run(nlp: Language, text: str, published: str | None = None) -> Doc:
    doc = nlp.make_doc(text)
    doc._.mirps_published = published
    return nlp(doc)


def transfers(doc: Doc) -> list[tuple[Any, ...]]:
    return [(t["body"], t["office"], t["from"], t["to"], t["term"], t["status"]) for t in doc._.mirps_chair_transfers]


def terms(doc: Doc) -> set[tuple[Any, ...]]:
    return {(t["body"], t["office"], t["holder"], t["term"]) for t in doc._.mirps_chair_terms}


PPT = "pro_tempore_presidency"
SP = "MIRPS Support Platform"

TRANSFERS = [
    # active handovers
    (
        "At the close of the meeting, Panama officially transferred the MIRPS Pro-tempore Presidency to Belize.",
        ("MIRPS", PPT, "country:PAN", "country:BLZ", None, "completed"),
    ),
    (
        "Costa Rica officially transferred the MIRPS Pro Tempore Chair to El Salvador, which will lead the "
        "mechanism in 2026.",
        ("MIRPS", PPT, "country:CRI", "country:SLV", "2026", "completed"),
    ),
    (
        "Mexico handed over the Presidency Pro Tempore (PPT) of the MIRPS to Guatemala.",
        ("MIRPS", PPT, "country:MEX", "country:GTM", None, "completed"),
    ),
    (
        "Canada transferred its role as Chair of the Support Platform to the United States for the 2022-2023 period.",
        (SP, "chair", "country:CAN", "country:USA", "2022-2023", "completed"),
    ),
    (
        "Mexico concluded its term as Pro Tempore President, handing over leadership to Guatemala for 2025.",
        ("MIRPS", PPT, "country:MEX", "country:GTM", "2025", "completed"),
    ),
    (
        "Chile passed the presidency of the Quito Process to Brazil, which will lead the Process for the "
        "2021-2022 period.",
        ("Quito Process", PPT, "country:CHL", "country:BRA", "2021-2022", "completed"),
    ),
    (
        "Spain passes the baton to Canada as Chair of the Support Platform.",
        (SP, "chair", "country:ESP", "country:CAN", None, "completed"),
    ),
    (
        "Honduras held the MIRPS rotating presidency in 2022 and handed it over to Panama in December.",
        ("MIRPS", PPT, "country:HND", "country:PAN", None, "completed"),
    ),
    # receiving
    (
        "Guatemala assumed the Pro Tempore Presidency of the MIRPS from Mexico for 2025.",
        ("MIRPS", PPT, "country:MEX", "country:GTM", "2025", "completed"),
    ),
    (
        "Colombia takes the helm of the Support Platform, succeeding the United States.",
        (SP, "chair", "country:USA", "country:COL", None, "completed"),
    ),
    ("Belize takes the helm of the MIRPS.", ("MIRPS", PPT, None, "country:BLZ", None, "completed")),
    (
        "Costa Rica received on Thursday the Pro Tempore Presidency of the MIRPS from Belize.",
        ("MIRPS", PPT, "country:BLZ", "country:CRI", None, "completed"),
    ),
    (
        "Panama took over from Honduras as Pro Tempore President of the MIRPS.",
        ("MIRPS", PPT, "country:HND", "country:PAN", None, "completed"),
    ),
    # passive, officials as agents
    (
        "The Pro Tempore Presidency was handed over by Roger Tejada to Ana Ruiz.",
        ("MIRPS", PPT, "country:PAN", "country:BLZ", None, "completed"),
    ),
    (
        "The presidency was handed over to Belize yesterday by Panama.",
        ("MIRPS", PPT, "country:PAN", "country:BLZ", None, "completed"),
    ),
    # a bare noun phrase
    (
        "The handover of the Pro Tempore Presidency from Panama to Belize took place in Panama City.",
        ("MIRPS", PPT, "country:PAN", "country:BLZ", None, "completed"),
    ),
    # planned
    (
        "The Pro Tempore Presidency will pass to Honduras for 2021.",
        ("MIRPS", PPT, None, "country:HND", "2021", "planned"),
    ),
    (
        "Mexico will hand over the Pro Tempore Presidency to Guatemala in 2025.",
        ("MIRPS", PPT, "country:MEX", "country:GTM", "2025", "planned"),
    ),
    (
        "Costa Rica will pass the torch to El Salvador at the end of the year.",
        ("MIRPS", PPT, "country:CRI", "country:SLV", None, "planned"),
    ),
    (
        "Panama completed its mandate as Pro Tempore Presidency, which passed to Guatemala for 2024.",
        ("MIRPS", PPT, "country:PAN", "country:GTM", "2024", "completed"),
    ),
    # elections
    (
        "Costa Rica was elected as the first pro tempore president of the MIRPS.",
        ("MIRPS", PPT, None, "country:CRI", None, "elected"),
    ),
    (
        "Spain was elected as the first Chair of the Support Platform.",
        (SP, "chair", None, "country:ESP", None, "elected"),
    ),
    (
        "The Support Platform was launched, with Spain agreeing to chair the new group in 2020.",
        (SP, "chair", None, "country:ESP", "2020", "elected"),
    ),
    (
        "Spain was its first chair of the Support Platform, followed by the United States.",
        (SP, "chair", "country:ESP", "country:USA", None, "completed"),
    ),
    # the new holder as subject, the old one after "from" / "succeeding"
    (
        "Costa Rica took on the pro tempore presidency of the framework from Belize for 2025.",
        ("MIRPS", PPT, "country:BLZ", "country:CRI", "2025", "completed"),
    ),
    (
        "Panama became the new Pro Tempore President of the MIRPS, succeeding Honduras.",
        ("MIRPS", PPT, "country:HND", "country:PAN", None, "completed"),
    ),
    # the office as a pronoun after the body that stood for it
    (
        "Mexico chaired the MIRPS in 2019 before handing it over to El Salvador.",
        ("MIRPS", PPT, "country:MEX", "country:SLV", None, "completed"),
    ),
    # a first holder chosen for a body still to be launched
    (
        "Spain, which will chair the Support Platform to be launched in December, pledged its support.",
        (SP, "chair", None, "country:ESP", None, "elected"),
    ),
    # other regional bodies, Spanish-influenced names of the office
    (
        "Guatemala assumed the Pro Tempore Presidency of SICA for the first half of 2024, taking over from Belize.",
        ("SICA", PPT, "country:BLZ", "country:GTM", "first half of 2024", "completed"),
    ),
    ("Costa Rica assumed the PPT-MIRPS for 2025.", ("MIRPS", PPT, None, "country:CRI", "2025", "completed")),
    (
        "Colombia was elected to chair the Conference of States Parties for 2025.",
        ("Conference of States Parties", "chair", None, "country:COL", "2025", "elected"),
    ),
    # the new holder as subject of a succession verb; the old one as its object
    (
        "Canada succeeded Spain as Chair of the Support Platform.",
        (SP, "chair", "country:ESP", "country:CAN", None, "completed"),
    ),
    (
        "Colombia succeeds the United States at the helm of the MIRPS Support Platform.",
        (SP, "chair", "country:USA", "country:COL", None, "completed"),
    ),
    (
        "Brazil will replace Chile at the head of the Support Platform in 2026.",
        (SP, "chair", "country:CHL", "country:BRA", "2026", "planned"),
    ),
    (
        "The MIRPS Pro Tempore Presidency rotates among its members every year. Honduras took over from "
        "Guatemala in January.",
        ("MIRPS", PPT, "country:GTM", "country:HND", None, "completed"),
    ),
    (
        "El Salvador received from Costa Rica the Pro Tempore Presidency of the MIRPS.",
        ("MIRPS", PPT, "country:CRI", "country:SLV", None, "completed"),
    ),
    (
        "At the annual meeting, Mexico received the presidency from Honduras.",
        ("MIRPS", PPT, "country:HND", "country:MEX", None, "completed"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), TRANSFERS)
def test_transfer_phrasings(nlp: Language, text: str, expected: tuple[Any, ...]) -> None:
    assert transfers(run(nlp, text)) == [expected]


HOLDINGS = [
    ("Panama, as the MIRPS Pro-tempore Presidency in 2023, played a key role.", ("MIRPS", PPT, "country:PAN", "2023")),
    (
        "The Segment was led by the United States as Chair of the Support Platform in 2023.",
        (SP, "chair", "country:USA", "2023"),
    ),
    (
        "Costa Rica, serving as Pro Tempore Chair in 2025, prioritized integration.",
        ("MIRPS", PPT, "country:CRI", "2025"),
    ),
    ("Colombia completed its mandate as Chair of the Support Platform.", (SP, "chair", "country:COL", None)),
    (
        "Honduras, in its capacity as Pro Tempore Presidency of the mechanism for 2022, convened the meeting.",
        ("MIRPS", PPT, "country:HND", "2022"),
    ),
    ("The Pro Tempore Presidency is currently held by Mexico.", ("MIRPS", PPT, "country:MEX", None)),
    (
        "Mexico, which held the Pro Tempore Presidency of the MIRPS in 2019, hosted the talks.",
        ("MIRPS", PPT, "country:MEX", "2019"),
    ),
    ("During the Spanish Presidency of the Support Platform, new members joined.", (SP, "chair", "country:ESP", None)),
    (
        "As current Chair of the MIRPS Support Platform, Canada has worked under a new theme.",
        (SP, "chair", "country:CAN", None),
    ),
    ("Donors met at the MIRPS Support Platform, which Colombia chairs.", (SP, "chair", "country:COL", None)),
    (
        "Honduras will hold the pro tempore presidency of the MIRPS, known by its acronym, throughout 2022.",
        ("MIRPS", PPT, "country:HND", "2022"),
    ),
    ("Belize, which held the post in 2024, made children its priority.", ("MIRPS", PPT, "country:BLZ", "2024")),
    # a verb of leading + "the work of" + a year
    ("Belize will guide the work of the seven member States during 2024.", ("MIRPS", PPT, "country:BLZ", "2024")),
    ("Honduras chaired the MIRPS throughout 2022.", ("MIRPS", PPT, "country:HND", "2022")),
    ("The PPT-MIRPS was exercised by Honduras in 2022.", ("MIRPS", PPT, "country:HND", "2022")),
    (
        "Mexico is a founding member of the MIRPS. The country held the framework's rotating presidency in 2019.",
        ("MIRPS", PPT, "country:MEX", "2019"),
    ),
    # no chair verb: an apposition, a pronoun subject, a perfect with "since"
    (
        "Honduras, current Pro Tempore Chair of the MIRPS, welcomed the delegations.",
        ("MIRPS", PPT, "country:HND", None),
    ),
    (
        "Delegates travelled to Guatemala. The country currently holds the PPT of the MIRPS.",
        ("MIRPS", PPT, "country:GTM", None),
    ),
    (
        "Costa Rica has held the presidency of the MIRPS since the beginning of 2025.",
        ("MIRPS", PPT, "country:CRI", "2025"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), HOLDINGS)
def test_holding_phrasings(nlp: Language, text: str, expected: tuple[Any, ...]) -> None:
    doc = run(nlp, text)
    assert terms(doc) == {expected}
    assert doc._.mirps_chair_transfers == []


NEGATIVES = [
    "The chair of the session thanked Belize for its hospitality.",
    "Mexico transferred funds to Belize.",
    "Mexico succeeded in reducing the backlog of asylum claims.",
    "Belize received from Canada a donation for its asylum system.",
    "Panama was succeeded by nobody.",
    "Delegates from Belize, Canada, the Chair of the session, and UNHCR attended.",
    "The MIRPS Fund transferred funds to Belize and Honduras for two pilot projects.",
    "The President of Costa Rica welcomed the delegations.",
    "Guatemalan President Bernardo Arévalo received Canada's minister.",
    "Canada received support from Spain as part of the Platform.",
    "The OAS reiterated its support as MIRPS Technical Secretariat alongside UNHCR.",
    "We recall the leadership of Costa Rica, with the theme of jobs and livelihoods.",
    "Mexico will chair the session on Thursday.",
    "The delegations concluded the VIII MIRPS Annual Meeting with the adoption of a declaration.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_a_chair(nlp: Language, text: str) -> None:
    doc = run(nlp, text)
    assert doc._.mirps_chair_transfers == []
    assert doc._.mirps_chair_terms == []


def test_a_retold_handover_inside_a_quotation_is_not_a_handover(nlp: Language) -> None:
    text = 'The minister recalled: "Mexico assumed this presidency convinced that no country can act alone."'
    doc = nlp.make_doc(text)
    doc._.mirps_quotes = [{"start": text.index('"'), "end": len(text)}]  # what mirps_quotes would find
    doc = nlp(doc)
    assert doc._.mirps_chair_transfers == []


def test_past_and_future_holders_get_their_status(nlp: Language) -> None:
    doc = run(nlp, "The PPT-MIRPS was exercised by Honduras in 2022.")
    assert [t["status"] for t in doc._.mirps_chair_terms] == ["completed"]
    doc = run(nlp, "Spain, which will chair the Support Platform to be launched in December, pledged its support.")
    assert [t["status"] for t in doc._.mirps_chair_terms] == ["incoming"]


def test_transfer_implies_terms_and_merges_the_stated_year(nlp: Language) -> None:
    doc = run(
        nlp,
        "Panama, as the MIRPS Pro-tempore Presidency in 2023, played a key role. "
        "At the close of the meeting, Panama officially transferred the MIRPS Pro-tempore Presidency to Belize.",
    )
    by_holder = {t["holder"]: (t["term"], t["status"]) for t in doc._.mirps_chair_terms}
    assert by_holder == {"country:PAN": ("2023", "completed"), "country:BLZ": (None, "incoming")}


def test_headline_and_body_transfer_are_one(nlp: Language) -> None:
    doc = run(
        nlp,
        "Belize Assumes the Pro Tempore Presidency of the MIRPS for 2024\n"
        "The presidency was handed over to Belize yesterday by Panama, which held it in 2023.",
        published="2024-01-25",
    )
    assert transfers(doc) == [("MIRPS", PPT, "country:PAN", "country:BLZ", "2024", "completed")]
    assert doc._.mirps_chair_transfers[0]["date"] == "2024-01-24"
    assert ("MIRPS", PPT, "country:PAN", "2023") in terms(doc)


def test_headline_without_giver_merges_into_the_full_body_sentence(nlp: Language) -> None:
    doc = run(
        nlp,
        "Honduras assumes the PPT of the MIRPS\n"
        "At the close of the meeting, Honduras received the Presidency from El Salvador.",
    )
    assert transfers(doc) == [("MIRPS", PPT, "country:SLV", "country:HND", None, "completed")]
    item = doc._.mirps_chair_transfers[0]
    assert "El Salvador" in doc.text[item["start"] : item["end"]]  # the body sentence's words


def test_succession_and_holdings_get_their_status(nlp: Language) -> None:
    planned = run(nlp, "Brazil will succeed Chile at the head of the Support Platform in 2026.")
    assert statuses(planned) == {"country:BRA": ("incoming", "2026"), "country:CHL": ("current", None)}
    for text, holder in (
        ("Honduras, current Pro Tempore Chair of the MIRPS, welcomed the delegations.", "country:HND"),
        ("Costa Rica has held the presidency of the MIRPS since 2025.", "country:CRI"),
        ("Delegates travelled to Guatemala. The country currently holds the PPT of the MIRPS.", "country:GTM"),
    ):
        assert statuses(run(nlp, text))[holder][0] == "current"
    former = run(nlp, "Mexico, former Pro Tempore Chair of the MIRPS, spoke first.")
    assert statuses(former) == {"country:MEX": ("completed", None)}


@pytest.mark.parametrize(
    ("text", "office"),
    [
        (
            "The ministers also established a Technical Committee on Labour Mobility, of which Panama was "
            "designated as the first chair.",
            "chair",
        ),
        (
            "The States created a new Regional Observatory, for which Panama was elected as its first "
            "pro tempore president.",
            PPT,
        ),
    ],
)
def test_first_holder_of_a_body_just_created(nlp: Language, text: str, office: str) -> None:
    doc = run(nlp, text)
    (item,) = doc._.mirps_chair_transfers
    assert (item["office"], item["to"], item["status"]) == (office, "country:PAN", "elected")
    assert item["body"] in {"Technical Committee on Labour Mobility", "Regional Observatory"}
    assert statuses(doc) == {"country:PAN": ("incoming", None)}


def statuses(doc: Doc) -> dict[str, tuple[str | None, str | None]]:
    return {t["holder"]: (t["status"], t["term"]) for t in doc._.mirps_chair_terms}


def test_date_from_the_lede_and_warning_without_anchor(nlp: Language) -> None:
    text = (
        "MIRPS meets\nThe States today approved a roadmap.\n"
        "At the close of the meeting, Panama transferred the Pro Tempore Presidency to Belize."
    )
    assert run(nlp, text, published="2024-01-24")._.mirps_chair_transfers[0]["date"] == "2024-01-24"
    doc = run(nlp, text)
    assert doc._.mirps_chair_transfers[0]["date"] is None
    assert any("no published date" in w for w in doc._.mirps_warnings)


def test_planned_transfer_takes_the_current_holder(nlp: Language) -> None:
    doc = run(
        nlp,
        "Mexico, which holds the Pro Tempore Presidency of the MIRPS in 2019, presented a report. "
        "In November the Pro Tempore Presidency will pass to El Salvador for 2020.",
    )
    assert transfers(doc) == [("MIRPS", PPT, "country:MEX", "country:SLV", "2020", "planned")]


def test_rotation_lists_every_holder(nlp: Language) -> None:
    doc = run(
        nlp,
        "Since then the Chair of the Support Platform has rotated among the United States, Canada "
        "and Colombia, which holds it today.",
    )
    assert {t[2] for t in terms(doc)} == {"country:USA", "country:CAN", "country:COL"}


def test_offsets_are_the_items_own_words(nlp: Language) -> None:
    text = "At the close of the meeting, Panama officially transferred the MIRPS Pro-tempore Presidency to Belize."
    doc = run(nlp, text)
    item = doc._.mirps_chair_transfers[0]
    assert (
        text[item["start"] : item["end"]] == "Panama officially transferred the MIRPS Pro-tempore Presidency to Belize"
    )


WORDS = [
    "Panama",
    "Belize",
    "transferred",
    "the",
    "Pro",
    "Tempore",
    "Presidency",
    "to",
    "as",
    "Chair",
    "of",
    "Support",
    "Platform",
    "in",
    "2023",
    ",",
    ".",
    "handed",
    "over",
    "by",
    "from",
    "will",
    "pass",
    "\n",
    "was",
    "elected",
    "its",
    "it",
    "(",
    ")",
    "PPT",
    "MIRPS",
    "which",
    "holds",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40))
def test_never_crashes_and_offsets_are_valid(nlp: Language, words: list[str]) -> None:
    text = " ".join(words)
    doc = run(nlp, text)
    assert not failures(doc), "a component raised (its exception became a warning)"
    for item in doc._.mirps_chair_transfers + doc._.mirps_chair_terms:
        assert 0 <= item["start"] <= item["end"] <= len(text)
        assert item["office"] in {"pro_tempore_presidency", "chair"}


def test_factory_name() -> None:
    assert mirps_nlp.components.chairs.make_chairs is not None
    assert "mirps_chairs" in Language.factories


# -- real phrasings (issue 13): invented sentences of the kinds real releases use ---------------

REAL_TRANSFERS = [
    # the receiver's side, with the giver after "from"
    (
        "Belize received the Pro Tempore Presidency of the MIRPS from Panama at the closing ceremony.",
        ("MIRPS", PPT, "country:PAN", "country:BLZ", None, "completed"),
    ),
    # officials as agents, named by a demonym
    (
        "The Panamanian minister handed over the Pro Tempore Presidency to the Belizean Attorney General.",
        ("MIRPS", PPT, "country:PAN", "country:BLZ", None, "completed"),
    ),
    (
        "Canada's Foreign Minister passed the chair of the Support Platform to his Spanish counterpart.",
        (SP, "chair", "country:CAN", "country:ESP", None, "completed"),
    ),
    # a country acting through an official or a ministry
    (
        "Mexico, through its Ministry of the Interior, handed over the Pro Tempore Presidency of the CRM to "
        "El Salvador.",
        ("Regional Conference on Migration", PPT, "country:MEX", "country:SLV", None, "completed"),
    ),
    # an acronym from another language: one canonical body
    (
        "The Regional Conference on Migration (RCM) Pro Tempore Presidency passed from Mexico to Guatemala.",
        ("Regional Conference on Migration", PPT, "country:MEX", "country:GTM", None, "completed"),
    ),
    # planned, with a semester; a range of years; months that make a semester
    (
        "Guatemala will take over the Pro Tempore Presidency of the MIRPS in the first half of 2025.",
        ("MIRPS", PPT, None, "country:GTM", "first half of 2025", "planned"),
    ),
    (
        "Belize took over the presidency of the MIRPS from Panama for the period 2024-2025.",
        ("MIRPS", PPT, "country:PAN", "country:BLZ", "2024-2025", "completed"),
    ),
    (
        "Mexico transferred the SICA Pro Tempore Presidency to Belize, which will exercise that role from July "
        "to December 2024.",
        ("SICA", PPT, "country:MEX", "country:BLZ", "second half of 2024", "completed"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), REAL_TRANSFERS)
def test_real_transfer_phrasings(nlp: Language, text: str, expected: tuple[Any, ...]) -> None:
    assert transfers(run(nlp, text)) == [expected]


def test_past_holder_held_the_position_this_year_gives_the_chair(nlp: Language) -> None:
    """ "received the presidency … in Mexico, country that held the position this year": Mexico is
    the giver, and "this year" is the release's year."""
    doc = run(
        nlp,
        "El Salvador received the Pro Tempore Presidency of the CRM at the meeting held in Mexico, country that "
        "held the position this year.",
        published="2021-12-03",
    )
    assert transfers(doc) == [
        ("Regional Conference on Migration", PPT, "country:MEX", "country:SLV", None, "completed")
    ]
    assert ("Regional Conference on Migration", PPT, "country:MEX", "2021") in terms(doc)


def test_permanent_presidency_is_not_a_rotation(nlp: Language) -> None:
    doc = run(nlp, "Mexico holds the permanent presidency of the Mesoamerica Project.")
    assert doc._.mirps_chair_terms == [] and doc._.mirps_chair_transfers == []


def test_falls_to_names_the_next_holder(nlp: Language) -> None:
    doc = run(nlp, "The next Pro Tempore Presidency of the MIRPS, which falls to Guatemala in 2026, was announced.")
    assert {(t["holder"], t["term"], t["status"]) for t in doc._.mirps_chair_terms} == {
        ("country:GTM", "2026", "incoming")
    }


def test_lemma_rows_need_a_lemmatizer() -> None:
    """A form no row lists ("entrusting") is read through its lemma when the pipeline sets lemmas."""
    text = "Panama closed the session, entrusting the Pro Tempore Presidency of the MIRPS to Belize."
    plain = spacy.blank("en")
    for name in ("mirps_sentences", "mirps_dates", "test_chair_actors", "mirps_chairs"):
        plain.add_pipe(name)
    assert transfers(run(plain, text)) == []
    lemmatized = spacy.blank("en")
    lemmatized.add_pipe("mirps_sentences")
    lemmatized.add_pipe("mirps_lemmas")
    lemmatized.add_pipe("mirps_dates")
    lemmatized.add_pipe("test_chair_actors")
    lemmatized.add_pipe("mirps_chairs")
    assert transfers(run(lemmatized, text)) == [("MIRPS", PPT, "country:PAN", "country:BLZ", None, "completed")]


# -- Spanish (issue 12) ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp_es() -> Language:
    pipeline = spacy.blank("es")
    pipeline.add_pipe("mirps_sentences")
    pipeline.add_pipe("mirps_dates")
    pipeline.add_pipe("test_chair_actors")
    pipeline.add_pipe("mirps_chairs")
    return pipeline


ES_TRANSFERS = [
    (
        "El Salvador traspasó este miércoles la Presidencia Pro Tempore del SICA a Honduras, tras seis meses en el "
        "cargo.",
        ("SICA", PPT, "country:SLV", "country:HND", None, "completed"),
    ),
    (
        "Panamá asumió la Presidencia Pro Tempore del MIRPS de manos de Costa Rica durante la VIII Reunión Anual.",
        ("MIRPS", PPT, "country:CRI", "country:PAN", None, "completed"),
    ),
    (
        "El canciller peruano Mario Quispe recibió ayer de manos de su homólogo ecuatoriano, Luis Arcos, la "
        "Presidencia Pro Tempore del SICA.",
        ("SICA", PPT, "country:ECU", "country:PER", None, "completed"),
    ),
    (
        "El mando fue entregado por el vicepresidente salvadoreño, Tomás Ruiz, al designado presidencial del "
        "Gobierno de Honduras.",
        ("MIRPS", PPT, "country:SLV", "country:HND", None, "completed"),
    ),
    (
        "México, a través de la Secretaría de Gobernación, entregó la Presidencia Pro Tempore a El Salvador de la "
        "Conferencia Regional sobre Migración.",
        ("Regional Conference on Migration", PPT, "country:MEX", "country:SLV", None, "completed"),
    ),
    (
        "Honduras recibió la Presidencia Pro Tempore del SICA para el primer semestre de 2020.",
        ("SICA", PPT, None, "country:HND", "first half of 2020", "completed"),
    ),
    (
        "Belice asumirá la Presidencia Pro Tempore del MIRPS en 2026.",
        ("MIRPS", PPT, None, "country:BLZ", "2026", "planned"),
    ),
    (
        "Chile oficializó el traspaso de la Presidencia Pro Tempore de la Alianza del Pacífico a Perú.",
        ("Pacific Alliance", PPT, "country:CHL", "country:PER", None, "completed"),
    ),
    (
        "Colombia asumió la Presidencia de la Plataforma de Apoyo al MIRPS, que ejercerá de junio de 2025 a junio "
        "de 2026.",
        (SP, "chair", None, "country:COL", "2025-2026", "completed"),
    ),
    (
        "Costa Rica cedió la PPT del MIRPS a Panamá para el periodo 2024-2025.",
        ("MIRPS", PPT, "country:CRI", "country:PAN", "2024-2025", "completed"),
    ),
    (
        "En 2026, Guatemala deberá entregar la Presidencia Pro Tempore del SICA a Honduras.",
        ("SICA", PPT, "country:GTM", "country:HND", None, "planned"),
    ),
    # handovers as the Spanish blind set stated them (invented sentences, one per phrasing)
    (  # a short adverbial between the verb and its object
        "Chile, que presidió la Plataforma de Apoyo durante 2024, cedió durante el acto la conducción del espacio a "
        "Canadá.",
        (SP, "chair", "country:CHL", "country:CAN", None, "completed"),
    ),
    (  # the office of a possessive relative, the receiver after the verb
        "Los donantes respaldan a la Plataforma de Apoyo, cuya conducción asumirá España en marzo.",
        (SP, "chair", None, "country:ESP", None, "planned"),
    ),
    (  # a generic office right before the giver's "de manos de"
        "Perú recibió la presidencia de manos de Chile el pasado 3 de marzo, en la cumbre del SICA.",
        ("SICA", PPT, "country:CHL", "country:PER", None, "completed"),
    ),
    (  # the giver "en sustitución de" past a long term; the organisation after "ante" only locates
        "El representante permanente de Belice ante la OAS, embajador Juan Ruiz, asumió la presidencia del "
        "Consejo Permanente para el trimestre de enero a marzo de 2026, en sustitución de la representante "
        "permanente de Chile.",
        ("OAS Permanent Council", "chair", "country:CHL", "country:BLZ", None, "completed"),
    ),
    (  # the working group's coordination is its chair; its term past the parent body
        "Belice recibió de Panamá la coordinación del Grupo de Trabajo sobre Desplazamiento Interno del MIRPS, "
        "que ejercerá durante el periodo 2025-2026.",
        ("Working Group on Internal Displacement", "chair", "country:PAN", "country:BLZ", "2025-2026", "completed"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), ES_TRANSFERS)
def test_spanish_transfers(nlp_es: Language, text: str, expected: tuple[Any, ...]) -> None:
    assert transfers(run(nlp_es, text)) == [expected]


def test_spanish_transfer_terms_both_sides(nlp_es: Language) -> None:
    doc = run(nlp_es, "Costa Rica cedió la PPT del MIRPS a Panamá para el periodo 2024-2025.")
    assert {(t["holder"], t["term"], t["status"]) for t in doc._.mirps_chair_terms} == {
        ("country:CRI", None, "completed"),
        ("country:PAN", "2024-2025", "incoming"),
    }


ES_HOLDINGS = [
    (
        "Durante el segundo semestre de 2026, la presidencia del SICA le corresponderá a Nicaragua.",
        ("SICA", PPT, "country:NIC", "second half of 2026", "incoming"),
    ),
    (
        "Guatemala ejercerá la Presidencia Pro Tempore del MIRPS durante 2026.",
        ("MIRPS", PPT, "country:GTM", "2026", "incoming"),
    ),
    (
        "Panamá, que ejerce la Presidencia Pro Tempore de la CRM, convocó a la reunión.",
        ("Regional Conference on Migration", PPT, "country:PAN", None, "current"),
    ),
    (
        "Costa Rica concluyó su gestión al frente de la Presidencia Pro Tempore del MIRPS.",
        ("MIRPS", PPT, "country:CRI", None, "completed"),
    ),
    (
        "Honduras ostentó la presidencia del SICA en 2023.",
        ("SICA", PPT, "country:HND", "2023", "completed"),
    ),
    (
        "La Presidencia Pro Tempore del SICA, actualmente en manos de Honduras, convocó la cumbre.",
        ("SICA", PPT, "country:HND", None, "current"),
    ),
    (
        "Honduras asume la Presidencia Pro Tempore del SICA, que le corresponde en el primer semestre del año próximo.",
        ("SICA", PPT, "country:HND", "first half of 2026", "incoming"),
    ),
    # terms as real releases state them (Spanish blind set)
    # a relative clause after the office when the receiver stands before it
    (
        "Nicaragua traspasó ayer a Perú la Presidencia Pro Tempore del SICA (SICA), que el país ejercerá durante "
        "el periodo 2025-2026.",
        ("SICA", PPT, "country:PER", "2025-2026", "incoming"),
    ),
    # "el periodo comprendido entre julio de X y junio de Y"
    (
        "Ecuador asumió la Presidencia Pro Tempore del SICA para el periodo comprendido entre julio de 2025 y junio "
        "de 2026.",
        ("SICA", PPT, "country:ECU", "2025-2026", "incoming"),
    ),
    # a whole calendar year stated as its first and last days
    (
        "Belice ejercerá la presidencia del SICA del 1 de enero al 31 de diciembre de 2026.",
        ("SICA", PPT, "country:BLZ", "2026", "incoming"),
    ),
    # a semester of the release's own year
    (
        "Perú recibió de Chile la Presidencia Pro Tempore del SICA, que conducirá en el segundo semestre del año.",
        ("SICA", PPT, "country:PER", "second half of 2025", "incoming"),
    ),
    # the years past an acronym in brackets
    (
        "Costa Rica también presidió la Conferencia Regional sobre Migración (CRM) en 2016.",
        ("Regional Conference on Migration", PPT, "country:CRI", "2016", "completed"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), ES_HOLDINGS)
def test_spanish_holdings(nlp_es: Language, text: str, expected: tuple[Any, ...]) -> None:
    doc = run(nlp_es, text, published="2025-11-20")
    assert expected in {(t["body"], t["office"], t["holder"], t["term"], t["status"]) for t in doc._.mirps_chair_terms}


ES_NEGATIVES = [
    "La presidencia permanente del Proyecto Mesoamérica es ejercida por México.",
    "México ejerce la presidencia permanente del Proyecto Mesoamérica.",
    "El presidente de Honduras recibió a la delegación de Panamá.",
    "El Fondo MIRPS entregó fondos a Belice y Honduras para dos proyectos.",
    "La Plataforma de Apoyo recibió aportes de España y Canadá.",
]


@pytest.mark.parametrize("text", ES_NEGATIVES)
def test_spanish_negatives(nlp_es: Language, text: str) -> None:
    doc = run(nlp_es, text)
    assert doc._.mirps_chair_transfers == [] and doc._.mirps_chair_terms == []


# -- the grammar as data --------------------------------------------------------------------------

CHAIR_FILES = [
    (lang, name)
    for lang in ("en", "es")
    for name in ("chair_triggers.jsonl", "chair_offices.jsonl", "chair_bodies.jsonl", "chair_demonyms.jsonl")
]


@pytest.mark.parametrize(("lang", "name"), CHAIR_FILES)
def test_every_chair_file_validates(lang: str, name: str) -> None:
    from mirps_nlp.components.chairs import rules as chairs_rules

    model = {
        "chair_offices.jsonl": chairs_rules.OfficeRow,
        "chair_bodies.jsonl": chairs_rules.BodyRow,
        "chair_demonyms.jsonl": chairs_rules.DemonymRow,
    }.get(name)
    rows = chairs_rules.read_rows(lang, name, model)
    assert rows, f"patterns/{lang}/{name} is empty"


def test_a_bad_row_names_its_file_and_line(tmp_path: Any) -> None:
    from mirps_nlp.components.chairs import rules as chairs_rules
    from mirps_nlp.patterns import reading_from

    folder = tmp_path / "patterns" / "xx"
    folder.mkdir(parents=True)
    (folder / "chair_triggers.jsonl").write_text(
        '// a comment\n{"kind": "give", "phrases": ["cedes"], "slots": {"giver": "subject"}}\n'
        '{"kind": "give", "phrases": ["hands"], "slots": {"receiver": "subject"}}\n',
        encoding="utf-8",
    )
    with (
        reading_from(tmp_path / "patterns"),
        pytest.raises(ValueError, match=r"(?s)patterns/xx/chair_triggers.jsonl:3: .*no slot receiver=subject"),
    ):
        chairs_rules.read_rows("xx", "chair_triggers.jsonl")


# Terms stated the ways blind set 3 stated them (invented sentences, one per phrasing).
TERM_PHRASINGS = [
    # a year range written "between X and Y"
    (
        "Chile handed over the Pro Tempore Presidency of the MIRPS to Brazil. Chile, which held the post "
        "between 2023 and 2024, thanked the States.",
        "2024-06-01",
        ("MIRPS", PPT, "country:CHL", "2023-2024"),
    ),
    # an appositive "the country that held the position this year", a comma and more clause after it
    (
        "Belize received the Pro Tempore Presidency of the MIRPS from Mexico, the country that held the "
        "position this year, during the annual meeting.",
        "2023-11-30",
        ("MIRPS", PPT, "country:MEX", "2023"),
    ),
    # the term after the body's acronym in brackets
    (
        "Mexico coordinates with Panama, which will chair the Comprehensive Regional Protection and Solutions "
        "Framework (MIRPS) in 2027.",
        "2026-05-02",
        ("MIRPS", PPT, "country:PAN", "2027"),
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), TERM_PHRASINGS)
def test_term_phrasings_of_blind_set_3(nlp: Language, text: str, published: str, expected: tuple[Any, ...]) -> None:
    assert expected in terms(run(nlp, text, published=published))


def test_a_demonym_presidency_is_the_office_its_country_was_handed(nlp: Language) -> None:
    """ "The Guatemalan presidency will coordinate with the MIRPS": the SICA presidency Guatemala just
    received, not a MIRPS presidency because the MIRPS is named in that sentence."""
    doc = run(
        nlp,
        "Guatemala took over the Pro Tempore Presidency of SICA from Honduras. The Guatemalan presidency "
        "will coordinate with Mexico, which chairs the MIRPS this year.",
        published="2024-06-30",
    )
    holders = {(body, holder) for body, _office, holder, _term in terms(doc)}
    assert ("SICA", "country:GTM") in holders
    assert ("MIRPS", "country:GTM") not in holders
    assert ("MIRPS", PPT, "country:MEX", "2024") in terms(doc)


# -- terms as real releases state them (Spanish blind set, lane tune-es) ---------------------------


def test_english_semester_of_the_release_year(nlp: Language) -> None:
    doc = run(
        nlp,
        "Panama handed the SICA presidency to Belize, which will hold it in the second half of the year.",
        published="2025-06-30",
    )
    assert ("SICA", PPT, "country:BLZ", "second half of 2025") in terms(doc)


def test_an_earlier_term_of_the_receiver_does_not_replace_the_new_one(nlp_es: Language) -> None:
    doc = run(
        nlp_es,
        "Honduras ya presidió el SICA en 2019. Honduras ejercerá la presidencia del SICA durante 2026.",
        published="2025-12-01",
    )
    assert ("SICA", PPT, "country:HND", "2026") in terms(doc)


def test_a_transfer_takes_the_receivers_term_stated_elsewhere(nlp_es: Language) -> None:
    doc = run(
        nlp_es,
        "Perú presidirá en 2026 el SICA.\n\nChile entregó ayer la Presidencia Pro Tempore del SICA a Perú.",
        published="2025-12-01",
    )
    assert transfers(doc) == [("SICA", PPT, "country:CHL", "country:PER", "2026", "completed")]


def test_a_giver_named_as_the_predecessor_completes_the_handover_before(nlp: Language) -> None:
    """ "X today assumed the chair …, a post it will hold until 30 September. Upon receiving the gavel
    from its predecessor, Y, …": one handover Y -> X, dated today (not the day the term ends)."""
    doc = run(
        nlp,
        "Chile today assumed the chair of the Permanent Council, a post it will hold until September 30, 2025. "
        "Upon receiving the gavel from its predecessor, Brazil, the delegation of Chile thanked the Council.",
        published="2025-07-01",
    )
    assert transfers(doc) == [("OAS Permanent Council", "chair", "country:BRA", "country:CHL", None, "completed")]
    assert doc._.mirps_chair_transfers[0]["date"] == "2025-07-01"
    assert ("OAS Permanent Council", "chair", "country:BRA", None) in terms(doc)


def test_welcome_as_it_takes_up_the_chair_after_thanks_for_the_stewardship(nlp: Language) -> None:
    """An implicit handover: thanks to the holder and a welcome to the one that "takes up the Chair";
    the giver is the holder thanked in that sentence, not a past chair named in the next one."""
    doc = run(
        nlp,
        "We thank Mexico for its stewardship as Chair of the MIRPS Support Platform this year and welcome "
        "Brazil as it takes up the Chair. Canada, which chaired the Support Platform in 2021, remains a member.",
        published="2024-12-10",
    )
    assert transfers(doc) == [("MIRPS Support Platform", "chair", "country:MEX", "country:BRA", None, "completed")]


def test_elected_to_chair_the_short_name_of_a_body_named_before(nlp: Language) -> None:
    """ "the Working Group" after "the MIRPS Working Group on Internal Displacement" is that body; an
    election at the meeting the lede dates is dated too."""
    doc = run(
        nlp,
        "Delegations met yesterday for the first session of the MIRPS Working Group on Internal Displacement. "
        "The States elected Panama to chair the Working Group for the 2025-2026 period.",
        published="2025-03-11",
    )
    body = "Working Group on Internal Displacement"
    assert transfers(doc) == [(body, "chair", None, "country:PAN", "2025-2026", "elected")]
    assert doc._.mirps_chair_transfers[0]["date"] == "2025-03-10"


def test_a_longer_name_after_the_short_one_is_another_body(nlp: Language) -> None:
    doc = run(
        nlp,
        "The Working Group on Internal Displacement met. The States elected Panama to chair the Working Group "
        "on Labour Mobility for 2025.",
        published="2025-03-11",
    )
    assert not any(t[0] == "Working Group on Internal Displacement" for t in transfers(doc))


def test_a_planned_receiver_of_the_office_named_the_sentence_before(nlp_es: Language) -> None:
    """ "Tras Honduras, corresponderá a Belice asumirla": a clitic for the office just named, from
    the holder the release installed."""
    doc = run(
        nlp_es,
        "Honduras asumió la presidencia del SICA. La presidencia del SICA rota cada seis meses. Tras Honduras, "
        "corresponderá a Belice asumirla en julio de 2026.",
    )
    assert ("SICA", PPT, "country:HND", "country:BLZ", None, "planned") in transfers(doc)
