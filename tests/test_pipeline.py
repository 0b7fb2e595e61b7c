"""The pipeline loads without a model, exposes its factories, and fails clearly on a missing model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import mirps_nlp
from mirps_nlp import extensions
from mirps_nlp.components.base import MirpsComponent, failures
from mirps_nlp.errors import ModelNotFoundError
from mirps_nlp.pipeline import DEFAULT_COMPONENTS

REPO = Path(__file__).resolve().parent.parent


def test_default_pipeline_is_blank_plus_components() -> None:
    nlp = mirps_nlp.load()
    assert nlp.pipe_names == list(DEFAULT_COMPONENTS)
    assert not nlp.meta.get("vectors", {}).get("width")


@pytest.mark.parametrize("name", DEFAULT_COMPONENTS)
def test_components_are_registered_factories(name: str, blank_nlp: Language) -> None:
    if name in ("mirps_chairs", "mirps_events"):
        blank_nlp.add_pipe("mirps_dates")
    if name in ("mirps_chairs", "mirps_quotes"):
        blank_nlp.add_pipe("mirps_actors")
    blank_nlp.add_pipe(name)
    assert name in blank_nlp.pipe_names


def test_chairs_without_actors_fail_at_add_pipe_naming_what_is_missing(blank_nlp: Language) -> None:
    from mirps_nlp.errors import PipelineOrderError

    blank_nlp.add_pipe("mirps_sentences")
    with pytest.raises(PipelineOrderError, match=r"mirps_chairs reads doc\._\.mirps_actors \(set by mirps_actors\)"):
        blank_nlp.add_pipe("mirps_chairs")
    assert "mirps_chairs" not in blank_nlp.pipe_names


def test_quotes_without_actors_fail_at_add_pipe(blank_nlp: Language) -> None:
    """Actors is the one person detector: quotes has no people of its own to choose from."""
    from mirps_nlp.errors import PipelineOrderError

    blank_nlp.add_pipe("mirps_sentences")
    with pytest.raises(PipelineOrderError, match=r"mirps_quotes reads doc\._\.mirps_actors"):
        blank_nlp.add_pipe("mirps_quotes")


def test_actors_moved_after_chairs_fail_at_initialize(blank_nlp: Language) -> None:
    from mirps_nlp.errors import PipelineOrderError

    blank_nlp.add_pipe("mirps_dates")
    blank_nlp.add_pipe("mirps_actors")
    chairs = blank_nlp.add_pipe("mirps_chairs")
    blank_nlp.remove_pipe("mirps_actors")
    blank_nlp.add_pipe("mirps_actors", after="mirps_chairs")
    with pytest.raises(PipelineOrderError, match="pipeline has: mirps_dates\\)"):
        chairs.initialize(nlp=blank_nlp)


def test_events_without_dates_fail_at_add_pipe_naming_the_dates_component(blank_nlp: Language) -> None:
    from mirps_nlp.errors import PipelineOrderError

    blank_nlp.add_pipe("mirps_sentences")
    with pytest.raises(PipelineOrderError, match=r"mirps_events reads span\._\.mirps_date \(set by mirps_dates\)"):
        blank_nlp.add_pipe("mirps_events")


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


class Exploding(MirpsComponent):
    """A component whose rule has a bug on releases that name Belize."""

    def annotate(self, doc: Doc) -> Doc:
        if "Belize" in doc.text:
            raise RuntimeError("boom")
        extensions.warn(doc, "exploding ran")
        return doc


if not Language.has_factory("test_exploding"):
    Language.factory("test_exploding")(lambda nlp, name: Exploding(nlp, name))


def test_a_failing_component_leaves_a_partial_record_with_a_warning() -> None:
    """One component's bug costs that component's items, never the record."""
    from mirps_nlp.extraction import extract

    nlp = mirps_nlp.load()
    nlp.add_pipe("test_exploding", after="mirps_actors")
    release = extract("Panama transferred the Pro Tempore Presidency to Belize.", nlp=nlp)
    assert any("test_exploding failed" in w and "boom" in w for w in release.warnings)
    assert any(a.id == "country:PAN" for a in release.actors)
    assert release.chair_transfers, "the components after the failing one still ran"


def test_a_failure_in_a_stream_costs_only_its_own_doc(blank_nlp: Language) -> None:
    """``pipe`` isolates each Doc: the releases before and after the failing one are whole."""
    blank_nlp.add_pipe("test_exploding")
    docs = list(blank_nlp.pipe(["Panama.", "Belize.", "Honduras."], batch_size=3))
    assert [d._.mirps_warnings for d in docs] == [
        ["exploding ran"],
        ["test_exploding failed on this release (RuntimeError: boom); its items may be missing or incomplete"],
        ["exploding ran"],
    ]
    assert [bool(failures(d)) for d in docs] == [False, True, False]


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


# -- the component contract: a saved pipeline carries its rows -------------------------------

ROUND_TRIP = """
import json, sys
from pathlib import Path
import spacy
import mirps_nlp
sys.path.insert(0, sys.argv[1])
import snapshot_records as snapshot
pipelines = {lang: spacy.load(Path(sys.argv[2]) / lang) for lang in ("en", "es")}
out = {}
for path in snapshot.golden_inputs():
    name = snapshot.snapshot_name(path)
    language = json.loads((snapshot.GOLDEN / name).read_text(encoding="utf-8"))["language"]
    if language in pipelines:
        out[name] = snapshot.record_json(mirps_nlp.extract(path, nlp=pipelines[language]))
print(json.dumps(out))
"""


@pytest.mark.slow
def test_a_saved_pipeline_loads_in_a_fresh_process_with_the_same_records(tmp_path: Path) -> None:
    """``nlp.to_disk`` then ``spacy.load`` in another process: every English and Spanish release of
    the corpus and the seeds gives its golden record (the rows and models travel with the pipeline)."""
    for lang in ("en", "es"):
        mirps_nlp.load(lang=lang).to_disk(tmp_path / lang)
    assert (tmp_path / "en" / "mirps_chairs" / "patterns" / "en" / "chair_triggers.jsonl").is_file()
    assert (tmp_path / "en" / "mirps_learned" / "models" / "sentence_kind" / "model.json").is_file()
    done = subprocess.run(
        [sys.executable, "-c", ROUND_TRIP, str(REPO / "scripts"), str(tmp_path)],
        capture_output=True, text=True, check=False, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    records = json.loads(done.stdout)
    golden = REPO / "tests" / "golden"
    assert len(records) > 100
    changed = [name for name, record in records.items() if record != (golden / name).read_text(encoding="utf-8")]
    assert not changed, f"records differ after the round trip: {changed}"


def test_a_loaded_pipeline_compiles_the_saved_rows_not_the_packages(tmp_path: Path) -> None:
    text = "Panama transferred the Pro Tempore Presidency to Belize."
    nlp = mirps_nlp.load()
    assert "country:BLZ" in {a["id"] for a in nlp(text)._.mirps_actors}
    nlp.to_disk(tmp_path)
    countries = tmp_path / "mirps_actors" / "patterns" / "en" / "countries.jsonl"
    rows = [r for r in countries.read_text(encoding="utf-8").splitlines() if '"BLZ"' not in r]
    countries.write_text("\n".join(rows) + "\n", encoding="utf-8")
    loaded = spacy.load(tmp_path)
    assert loaded.pipe_names == nlp.pipe_names
    assert "country:BLZ" not in {a["id"] for a in loaded(text)._.mirps_actors}
    assert "country:PAN" in {a["id"] for a in loaded(text)._.mirps_actors}


def test_a_component_for_a_language_without_rows_names_those_there_are(blank_nlp: Language) -> None:
    from mirps_nlp.errors import LanguageNotSupportedError

    with pytest.raises(LanguageNotSupportedError, match=r"no patterns for language 'fr'.* has en, es"):
        blank_nlp.add_pipe("mirps_quotes", config={"lang": "fr"})
    with pytest.raises(LanguageNotSupportedError, match="has none"):
        blank_nlp.add_pipe("mirps_figures", config={"patterns": "/nonexistent/rows"})


def test_a_component_reads_another_language_when_configured(blank_nlp: Language) -> None:
    blank_nlp.add_pipe("mirps_actors", config={"lang": "es"})
    quotes = blank_nlp.add_pipe("mirps_quotes", config={"lang": "es"})
    assert quotes.lang == "es"
    assert ("es", "quote_cues.jsonl") in quotes.rows
