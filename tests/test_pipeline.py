"""The pipeline loads without a model, exposes its factories, and fails clearly on a missing model."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

import mirps_nlp
from mirps_nlp.errors import ModelNotFoundError
from mirps_nlp.pipeline import DEFAULT_COMPONENTS


def test_default_pipeline_is_blank_plus_components() -> None:
    nlp = mirps_nlp.load()
    assert nlp.pipe_names == list(DEFAULT_COMPONENTS)
    assert not nlp.meta.get("vectors", {}).get("width")


@pytest.mark.parametrize("name", DEFAULT_COMPONENTS)
def test_components_are_registered_factories(name: str, blank_nlp: Language) -> None:
    if name == "mirps_chairs":
        blank_nlp.add_pipe("mirps_actors")
    blank_nlp.add_pipe(name)
    assert name in blank_nlp.pipe_names


def test_chairs_without_actors_fail_at_add_pipe_naming_what_is_missing(blank_nlp: Language) -> None:
    from mirps_nlp.errors import PipelineOrderError

    blank_nlp.add_pipe("mirps_sentences")
    with pytest.raises(PipelineOrderError, match=r"mirps_chairs reads doc\._\.mirps_actors \(set by mirps_actors\)"):
        blank_nlp.add_pipe("mirps_chairs")
    assert "mirps_chairs" not in blank_nlp.pipe_names


def test_actors_moved_after_chairs_fail_at_initialize(blank_nlp: Language) -> None:
    from mirps_nlp.errors import PipelineOrderError

    blank_nlp.add_pipe("mirps_actors")
    chairs = blank_nlp.add_pipe("mirps_chairs")
    blank_nlp.remove_pipe("mirps_actors")
    blank_nlp.add_pipe("mirps_actors", after="mirps_chairs")
    with pytest.raises(PipelineOrderError, match="pipeline has: no pipes"):
        chairs.initialize(nlp=blank_nlp)


def test_entry_points_name_every_component() -> None:
    from importlib.metadata import entry_points

    declared = {ep.name for ep in entry_points(group="spacy_factories")}
    assert set(DEFAULT_COMPONENTS) <= declared


def test_missing_model_is_a_clear_error() -> None:
    with pytest.raises(ModelNotFoundError, match="not installed"):
        mirps_nlp.load("xx_no_such_model_sm")


def test_pipe_with_two_processes_keeps_extension_values() -> None:
    """Docs cross process boundaries as bytes: extension values must survive the trip."""
    nlp = mirps_nlp.load()
    texts = ["Panama officially transferred the MIRPS Pro Tempore Presidency to Belize."] * 4
    single = [(doc.text, doc._.mirps_chair_transfers, doc._.mirps_actors) for doc in nlp.pipe(texts)]
    double = [
        (doc.text, doc._.mirps_chair_transfers, doc._.mirps_actors)
        for doc in nlp.pipe(texts, n_process=2, batch_size=2)
    ]
    assert single == double
    assert single[0][1], "the chair component found the handover"
    assert spacy.__version__.startswith("3.8")


def test_sentences_split_at_line_breaks_and_closing_quotes(nlp: Language) -> None:
    doc = nlp("Headline without a stop\n\n“We can make change.” she said. Mr. Smith agreed.")
    assert [s.text.strip() for s in doc.sents] == [
        "Headline without a stop",
        "“We can make change.” she said.",
        "Mr. Smith agreed.",
    ]


def test_a_failing_component_leaves_a_partial_record_with_a_warning() -> None:
    """One component's bug costs that component's items, never the record."""
    from spacy.language import Language as SpacyLanguage

    from mirps_nlp.extraction import extract
    from mirps_nlp.pipeline import guard_component

    class Exploding:
        name = "exploding"

        def __call__(self, doc: object) -> object:
            raise RuntimeError("boom")

    if not SpacyLanguage.has_factory("test_exploding"):
        SpacyLanguage.factory("test_exploding")(lambda nlp, name: Exploding())
    nlp = mirps_nlp.load()
    component = nlp.add_pipe("test_exploding", after="mirps_actors")
    guard_component(type(component))
    release = extract("Panama transferred the Pro Tempore Presidency to Belize.", nlp=nlp)
    assert any("exploding failed" in w and "boom" in w for w in release.warnings)
    assert any(a.id == "country:PAN" for a in release.actors)


def test_extract_many_with_two_processes_equals_one(tmp_path: object) -> None:
    texts = [
        "Panama transferred the MIRPS Pro Tempore Presidency to Belize.",
        "“We stand together,” said Ana Lopez, Minister of Foreign Affairs of Honduras.",
        "Donors pledged more than US$ 20 million for some 40,000 displaced people.",
    ] * 3
    one = [r.to_json_dict() for r in mirps_nlp.extract_many(texts)]
    two = [r.to_json_dict() for r in mirps_nlp.extract_many(texts, n_process=2, batch_size=2)]
    assert one == two and len(one) == len(texts)


SPANISH = (
    "Migrantes y Refugiados\n\nLos países del MIRPS aprobaron hoy una hoja de ruta para la "
    "protección de las personas refugiadas en la región, con el apoyo de la comunidad internacional."
)
FRENCH = (
    "Le ministre des affaires étrangères du Guatemala a reçu hier le représentant du HCR pour discuter "
    "de la situation des réfugiés au Honduras et au Mexique, dans le cadre du MIRPS."
)


def test_a_spanish_release_is_read_with_the_spanish_patterns() -> None:
    release = mirps_nlp.extract(SPANISH)
    assert release.language == "es"
    assert not any("patterns" in warning for warning in release.warnings)


def test_a_language_without_patterns_gets_actors_and_a_warning_never_english_rules() -> None:
    release = mirps_nlp.extract(FRENCH)
    assert release.language == "fr"
    assert {"country:GTM", "country:HND"} <= {actor.id for actor in release.actors}
    assert any("'fr'" in warning and "no patterns" in warning for warning in release.warnings)
    assert not release.quotes and not release.figures and not release.chair_transfers


def test_a_forced_language_is_the_records_language_and_a_disagreement_is_said() -> None:
    release = mirps_nlp.extract(SPANISH, lang="en")
    assert release.language == "en"
    assert any("looks 'es'" in warning for warning in release.warnings)


def test_a_language_with_no_folder_is_an_error_naming_those_there_are() -> None:
    from mirps_nlp.pipeline import LanguageNotSupportedError

    with pytest.raises(LanguageNotSupportedError, match="en, es"):
        mirps_nlp.load(lang="fr")
    with pytest.raises(LanguageNotSupportedError):
        mirps_nlp.extract(SPANISH, lang="de")


def test_a_mixed_batch_keeps_input_order_and_each_language_its_pipeline() -> None:
    english = "Panama transferred the MIRPS Pro Tempore Presidency to Belize."
    texts = [english, SPANISH, FRENCH, english, SPANISH]
    records = list(mirps_nlp.extract_many(texts))
    assert [r.language for r in records] == ["en", "es", "fr", "en", "es"]
    assert [r.to_json_dict() for r in records] == [mirps_nlp.extract(t).to_json_dict() for t in texts]


def test_lemmas_come_from_the_shipped_table_and_default_to_the_lower_case_form() -> None:
    nlp = mirps_nlp.load()
    doc = nlp("She Said they acknowledged it")
    assert [t.lemma_ for t in doc] == ["she", "say", "they", "acknowledge", "it"]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("It adopted resolution AG/RES. 2941 (XLIX-O/19). Then it closed.", 2),
        ("See Press Release No. 45 for details. Ministers agreed.", 2),
        ("“We will act.” She left.\nNext line", 3),
        ("Title line\nBody text here.", 2),
    ],
)
def test_sentence_boundaries(nlp: Language, text: str, sentences: int) -> None:
    assert len(list(nlp(text).sents)) == sentences
