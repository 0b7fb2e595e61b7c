"""Relative dates resolved against the published date; no anchor means no date, and a reason."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import spacy
from spacy.language import Language

import mirps_nlp.components.dates
import mirps_nlp.components.sentences  # noqa: F401  (registers mirps_sentences)
from mirps_nlp.dates import DateFinder, date_mentions, first_day_date, resolve_relative_date, sentence_bounds

# 2024-01-25 is a Thursday.
RESOLVE = [
    ("today", "2024-01-25", "2024-01-25"),
    ("yesterday", "2024-01-25", "2024-01-24"),
    ("tomorrow", "2024-01-25", "2024-01-26"),
    ("on Thursday", "2024-01-25", "2024-01-25"),  # the day of issue, not a week before
    ("on Monday", "2024-01-25", "2024-01-22"),
    ("last Thursday", "2024-01-25", "2024-01-18"),
    ("last week", "2024-01-25", "2024-01-18"),
    ("24 January 2024", None, "2024-01-24"),
    ("January 24, 2024", None, "2024-01-24"),
    ("10 December", "2024-01-25", "2023-12-10"),  # a release looks back
    ("yesterday", None, None),
    ("on Thursday", None, None),
    ("10 December", None, None),
    # calendar dates are read without dateparser; the year follows the reading (past / future)
    ("December 10", "2024-01-25", "2023-12-10"),
    ("on the 24th of January", "2024-03-01", "2024-01-24"),
    ("Dec. 10, 2023", None, "2023-12-10"),
    ("2024-01-24", None, "2024-01-24"),
    ("31 February 2024", None, None),
]


@pytest.mark.parametrize(("expression", "base", "expected"), RESOLVE)
def test_resolve_relative_date(expression: str, base: str | None, expected: str | None) -> None:
    assert resolve_relative_date(expression, base) == expected


def test_base_may_be_a_date_or_datetime() -> None:
    assert resolve_relative_date("yesterday", date(2024, 1, 25)) == "2024-01-24"
    assert resolve_relative_date("yesterday", datetime(2024, 1, 25, 18, 30)) == "2024-01-24"


def test_future_reading_of_a_calendar_date() -> None:
    assert resolve_relative_date("10 December", "2024-01-25", prefer="future") == "2024-12-10"
    assert resolve_relative_date("tomorrow", "2024-01-25", prefer="future") == "2024-01-26"


def test_future_reading_of_a_weekday() -> None:
    assert resolve_relative_date("on Monday", "2024-01-25", prefer="future") == "2024-01-29"
    assert resolve_relative_date("next Thursday", "2024-01-25") == "2024-02-01"


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("mirps_sentences")
    return pipeline


@pytest.fixture(scope="module")
def finder(nlp: Language) -> DateFinder:
    return DateFinder(nlp.vocab, "en")


FIND = [
    ("The governments today approved a roadmap.", "today", "day", "2024-01-25"),
    ("They concluded the meeting yesterday with a declaration.", "yesterday", "day", "2024-01-24"),
    ("The Platform met virtually on Thursday.", "on Thursday", "day", "2024-01-25"),
    ("The group will meet on Monday in Tegucigalpa.", "on Monday", "day", "2024-01-29"),
    ("It was held on November 14 and 15, 2023, in Panama City.", "November 14 and 15, 2023", "day", "2023-11-14"),
    ("The Forum, held in Geneva from 16 to 18 December 2019, closed.", "16 to 18 December 2019", "day", "2019-12-16"),
    (
        "Belmopan, January 25, 2024. The Government of Belize has assumed the post.",
        "January 25, 2024",
        "day",
        "2024-01-25",
    ),
    ("The Platform was launched in December 2019.", "December 2019", "month", "2019-12-01"),
    ("Panama held the presidency in 2023.", "2023", "year", None),
    ("Colombia held the chair last year.", "last year", "period", "2023-01-25"),
]


@pytest.mark.parametrize(("text", "found", "precision", "value"), FIND)
def test_find_dates(nlp: Language, finder: DateFinder, text: str, found: str, precision: str, value: str) -> None:
    doc = nlp(text)
    mentions = finder(doc, published="2024-01-25")
    assert [(m.text, m.precision, m.value) for m in mentions] == [(found, precision, value)]
    assert doc.text[mentions[0].start_char : mentions[0].end_char] == found


def test_unanchored_relative_date_has_a_reason(nlp: Language, finder: DateFinder) -> None:
    doc = nlp("The seven countries concluded the VIII MIRPS Annual Meeting yesterday.")
    (mention,) = finder(doc)
    assert mention.value is None
    assert mention.reason is not None and "no published date" in mention.reason


def test_anchor_comes_from_the_doc(nlp: Language, finder: DateFinder) -> None:
    doc = nlp.make_doc("Ministers met today.")
    doc._.mirps_published = "2024-01-24"
    assert [m.value for m in finder(nlp(doc))] == ["2024-01-24"]


NOT_DATES = [
    "More than 150 commitments were made by 1,800 officials.",
    "Reference: E-002/24",
    "It may be that the May figures are late.",
    "Cartagena +40 is a process.",
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(nlp: Language, finder: DateFinder, text: str) -> None:
    assert finder(nlp(text), published="2024-01-25") == []


def test_lede_date_is_the_first_day_date(nlp: Language, finder: DateFinder) -> None:
    doc = nlp("Headline in 2024\nJanuary 24, 2024\nThe States today approved a roadmap.")
    lede = first_day_date(finder(doc, published="2024-01-24"))
    assert lede is not None and lede.text == "January 24, 2024"


def test_sentence_bounds(nlp: Language) -> None:
    doc = nlp("One sentence. Another one.\nA third")
    bounds, sent_of = sentence_bounds(doc)
    assert [doc[s:e].text.strip() for s, e in bounds] == ["One sentence.", "Another one.", "A third"]
    assert len(sent_of) == len(doc) and sent_of[-1] == 2


def test_the_component_writes_date_spans_that_survive_serialisation(nlp: Language, finder: DateFinder) -> None:
    """mirps_dates puts what the recogniser finds on the Doc as doc.spans["mirps_dates"]; the spans
    and what they resolved to come back from bytes (what n_process > 1 does) as the same mentions."""
    dated = spacy.blank("en")
    dated.add_pipe("mirps_sentences")
    dated.add_pipe("mirps_dates")
    doc = dated.make_doc("Ministers met today. They adopted a declaration yesterday and meet again in 2030.")
    doc._.mirps_published = "2024-01-25"
    doc = dated(doc)
    found = finder(doc)
    assert [(m.text, m.value) for m in found] == [("today", "2024-01-25"), ("yesterday", "2024-01-24"), ("2030", None)]
    assert [(s.text, s.label_) for s in doc.spans["mirps_dates"]] == [(m.text, m.label) for m in found]
    assert doc.spans["mirps_dates"][0]._.mirps_date == {
        "precision": "day",
        "relative": True,
        "value": "2024-01-25",
        "reason": None,
    }
    restored = type(doc)(doc.vocab).from_bytes(doc.to_bytes())
    assert date_mentions(restored) == found


def test_date_mentions_of_a_doc_without_the_component_are_none(nlp: Language) -> None:
    assert date_mentions(nlp("Ministers met on 24 January 2024.")) == []


def test_pattern_compiler_rejects_what_it_cannot_run(nlp: Language) -> None:
    from mirps_nlp.dates import TokenPatterns

    patterns = TokenPatterns(nlp.vocab)
    with pytest.raises(ValueError):
        patterns.add("BAD", [{"POS": "NOUN"}])
    with pytest.raises(ValueError):
        patterns.add("BAD", [{"ORTH": "January"}])


def test_many_dates_in_one_doc_are_found_in_order(nlp: Language, finder: DateFinder) -> None:
    doc = nlp("Held on 7 and 8 November 2019 in Mexico City; the Forum met on 16 December 2019. It ends in 2020.")
    found = [(m.text, m.value) for m in finder(doc, published="2019-11-08")]
    assert found == [("7 and 8 November 2019", "2019-11-07"), ("16 December 2019", "2019-12-16"), ("2020", None)]


# Spanish: the same rules as rows in patterns/es/dates_patterns.jsonl (2024-01-25 is a Thursday).
FIND_ES = [
    ("Ciudad de Guatemala, 24 de enero de 2024.– Los países firmaron.", "24 de enero de 2024", "2024-01-24"),
    ("Los cancilleres se reunieron ayer en Panamá.", "ayer", "2024-01-24"),
    ("El pasado martes la canciller firmó el acuerdo.", "El pasado martes", "2024-01-23"),
    ("La canciller firmó el acuerdo el martes pasado.", "el martes pasado", "2024-01-23"),
    ("La reunión se celebrará el próximo martes.", "el próximo martes", "2024-01-30"),
    ("Se reunieron el 3 de diciembre en San José.", "3 de diciembre", "2023-12-03"),
    ("El 5 de febrero se celebrará la reunión.", "5 de febrero", "2024-02-05"),
    ("Del 5 al 7 de octubre de 2022 sesionó la Asamblea.", "5 al 7 de octubre de 2022", "2022-10-05"),
    ("Los países concluyeron en la víspera una reunión.", "en la víspera", "2024-01-24"),
    ("Esta mañana se inauguró el taller.", "Esta mañana", "2024-01-25"),
    ("En el Día Mundial del Refugiado, el ACNUR pidió apoyo.", "Día Mundial del Refugiado", "2023-06-20"),
]


@pytest.fixture(scope="module")
def nlp_es() -> Language:
    pipeline = spacy.blank("es")
    pipeline.add_pipe("mirps_sentences")
    return pipeline


@pytest.mark.parametrize(("text", "found", "value"), FIND_ES)
def test_find_spanish_dates(nlp_es: Language, text: str, found: str, value: str) -> None:
    finder = DateFinder(nlp_es.vocab, "es")
    mentions = [m for m in finder(nlp_es(text), published="2024-01-25") if m.precision == "day"]
    assert [(m.text, m.value) for m in mentions] == [(found, value)]


def test_spanish_months_and_years(nlp_es: Language) -> None:
    finder = DateFinder(nlp_es.vocab, "es")
    doc = nlp_es("En diciembre pasado asumió la PPT, que ejercerá durante 2026.")
    assert [(m.text, m.precision, m.value) for m in finder(doc, published="2024-01-25")] == [
        ("diciembre pasado", "month", "2023-12-01"),
        ("2026", "year", None),
    ]


@pytest.mark.parametrize(
    ("text", "found", "value"),
    [
        ("The meeting was held December 4–5 in Belize City.", "December 4–5", "2024-12-04"),
        ("The Assembly, held from June 26 to 28 in Medellín, closed.", "June 26 to 28", "2024-06-26"),
        ("The meeting, which opened Monday in the capital, closed.", "opened Monday", "2024-12-02"),
        ("They met at a virtual meeting this morning.", "this morning", "2024-12-06"),
        ("On World Refugee Day, ministers met in Belmopan.", "World Refugee Day", "2024-06-20"),
    ],
)
def test_more_english_date_forms(nlp: Language, finder: DateFinder, text: str, found: str, value: str) -> None:
    assert [(m.text, m.value) for m in finder(nlp(text), published="2024-12-06")] == [(found, value)]


def test_spanish_resolution_words() -> None:
    assert resolve_relative_date("el pasado martes", "2024-01-25", lang="es") == "2024-01-23"
    assert resolve_relative_date("martes, 12 de marzo de 2024", None, lang="es") == "2024-03-12"
    assert resolve_relative_date("ayer", None, lang="es") is None
