"""The learned components: training on a tiny corpus, safe loading, degrading to rules."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mirps_nlp.components.learned import LearnedScorer, default_models_dir
from mirps_nlp.errors import ModelIntegrityError
from mirps_nlp.learn.linear import TextClassifier, load_classifier
from mirps_nlp.learn.train import train

RELEASES = {
    "r1.txt": (
        "Donors Pledge Support\n\n"
        "Donors pledged more than US$ 20 million for the region. "
        "The plan will reach some 40,000 displaced people in Honduras.\n\n"
        "\u201cWe stand together,\u201d said Ana Lopez, Minister of Foreign Affairs of Honduras.\n\n"
        "Honduras transferred the MIRPS Pro Tempore Presidency to Panama."
    ),
    "r2.txt": (
        "Countries Renew Commitments\n\n"
        "The seven countries presented more than 150 commitments on protection. "
        "Nearly 600,000 refugees and asylum seekers live in Mexico.\n\n"
        "\u201cProtection is a shared duty,\u201d stated Juan Perez, Minister of Government of Panama.\n\n"
        "Panama assumed the Pro Tempore Presidency from Honduras."
    ),
    "r3.txt": (
        "Fund Reaches Families\n\n"
        "The fund benefited more than 12,000 displaced people across Guatemala. "
        "About 1.2 million people have been forcibly displaced in the region.\n\n"
        "\u201cThe fund changes lives,\u201d noted Maria Ruiz, Secretary of the OAS.\n\n"
        "Guatemala handed over the Pro Tempore Presidency to Belize."
    ),
}

GOLD_FIGURES = {
    "r1.txt": [
        ("more than US$ 20 million", 20e6, "more_than", "money", "USD"),
        ("some 40,000 displaced people", 40000, "about", "beneficiaries", None),
    ],
    "r2.txt": [
        ("more than 150 commitments", 150, "more_than", "commitments", None),
        ("Nearly 600,000 refugees", 600000, "about", "refugees_asylum", None),
        ("seven countries", 7, None, "countries", None),
    ],
    "r3.txt": [
        ("more than 12,000 displaced people", 12000, "more_than", "beneficiaries", None),
        ("About 1.2 million people", 1.2e6, "about", "displaced_people", None),
    ],
}


def write_tiny_corpus(root: Path) -> Path:
    (root / "releases").mkdir(parents=True)
    (root / "gold").mkdir()
    for name, text in RELEASES.items():
        (root / "releases" / name).write_text(text, encoding="utf-8")
        figures = [
            {"text": t, "value": v, "qualifier": q, "counted": None, "category": c, "unit": u}
            for t, v, q, c, u in GOLD_FIGURES[name]
        ]
        quote = text.split("\u201c")[1].split(",\u201d")[0]
        speaker = text.split("\u201d ")[1].split(" ", 1)[1].split(",")[0]
        gold = {"file": name, "figures": figures, "quotes": [{"speaker_name": speaker, "text": quote}]}
        (root / "gold" / f"{Path(name).stem}.json").write_text(json.dumps(gold), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("learn")
    corpus = write_tiny_corpus(root / "corpus")
    train(corpus, root / "models", folds=3)
    return root


def test_training_on_a_tiny_corpus_writes_models_metrics_and_cards(trained: Path) -> None:
    models = trained / "models"
    manifest = json.loads((models / "MANIFEST.json").read_text())
    assert set(manifest["models"]) == {"figure_category", "sentence_kind"}
    for name in manifest["models"]:
        assert (models / name / "README.md").read_text().startswith(f"# {name}")
        metrics = json.loads((models / name / "metrics.json").read_text())
        assert metrics["cross_validation"].startswith("GroupKFold by release")
        assert 0.0 <= metrics["accuracy"] <= 1.0
    assert manifest["versions"]["scikit_learn"]


def test_retraining_rebuilds_identical_files(trained: Path) -> None:
    again = trained / "models-again"
    train(trained / "corpus", again, folds=3)
    for name in ("MANIFEST.json", "figure_category/model.json", "sentence_kind/model.json"):
        assert (trained / "models" / name).read_bytes() == (again / name).read_bytes(), name


def test_loaded_model_predicts_like_the_fitted_one() -> None:
    texts = ["more than 10 million dollars pledged", "people forcibly displaced in the region"] * 3
    labels = ["money", "displaced_people"] * 3
    model = TextClassifier.fit("figure_category", texts, labels)
    restored = TextClassifier.from_json(json.loads(json.dumps(model.to_json())))
    assert restored.predict(["US$ 5 million pledged"])[0][0] == model.predict(["US$ 5 million pledged"])[0][0]


def test_a_tampered_model_fails_cleanly(trained: Path, tmp_path: Path) -> None:
    copy = tmp_path / "models"
    shutil.copytree(trained / "models", copy)
    path = copy / "figure_category" / "model.json"
    path.write_text(path.read_text().replace('"intercept":[', '"intercept":[9.0,'), encoding="utf-8")
    with pytest.raises(ModelIntegrityError, match="manifest hash"):
        load_classifier(copy, "figure_category")


def test_missing_models_degrade_to_rules_with_a_warning(nlp: object, tmp_path: Path) -> None:
    import spacy

    from mirps_nlp.pipeline import register_components

    register_components()
    blank = spacy.blank("en")
    scorer = LearnedScorer(blank, models_dir=str(tmp_path / "nowhere"))
    doc = scorer(blank("Donors pledged more than US$ 20 million."))
    assert any("rules only" in warning for warning in doc._.mirps_warnings)


def test_committed_models_verify_and_load() -> None:
    folder = default_models_dir()
    if not (folder / "MANIFEST.json").is_file():
        pytest.skip("no trained models committed yet")
    for name in ("figure_category", "sentence_kind"):
        assert load_classifier(folder, name).classes


def test_fast_scoring_equals_scikit_learn() -> None:
    texts = [
        "Donors pledged more than US$ 20 million",
        "some 40,000 displaced people in Honduras",
        "“We stand together,” said the Minister",
        "Honduras transferred the Pro Tempore Presidency to Panama",
    ]
    for labels in (["money", "beneficiaries", "quote", "chair"], ["a", "b", "a", "b"]):
        model = TextClassifier.fit("m", texts * 2, labels * 2)
        probe = [*texts, "an unseen sentence entirely", ""]
        assert model.predict_proba(probe) == pytest.approx(model.sklearn_proba(probe), abs=1e-9)


def test_scoring_reads_and_hashes_n_grams_like_scikit_learn() -> None:
    """The analyser and MurmurHash3 that scoring uses (no scikit-learn import) give the same
    n-grams and the same hashes as scikit-learn on every corpus release and on odd strings."""
    from sklearn.utils import murmurhash3_32 as reference_hash

    from mirps_nlp.learn.linear import DEFAULT_VECTORIZER, murmurhash3_32, vectorizer, word_ngrams

    ours, reference = word_ngrams(DEFAULT_VECTORIZER), vectorizer(DEFAULT_VECTORIZER).build_analyzer()
    releases = sorted((Path(__file__).resolve().parent.parent / "corpus" / "releases").iterdir())
    odd = ["", "a", "ab", "abc", "abcd", "é", "“”", "\U0001f600x", "x" * 1001, "Ñandú «citó» 5%"]
    grams: set[str] = set(odd)
    for path in releases:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert ours(text) == reference(text), path.name
        grams.update(ours(text))
    assert len(grams) > 10_000
    assert all(murmurhash3_32(gram) == reference_hash(gram, seed=0) for gram in grams)
    for params in ({**DEFAULT_VECTORIZER, "ngram_range": [2, 3]}, {**DEFAULT_VECTORIZER, "lowercase": False}):
        assert word_ngrams(params)("The MIRPS met in Panama City") == vectorizer(params).build_analyzer()(
            "The MIRPS met in Panama City"
        )


def test_loading_and_scoring_import_no_scikit_learn() -> None:
    """Extraction's start-up must not pay for scikit-learn (and scipy.stats): training does."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from mirps_nlp.components.learned import default_models_dir\n"
        "from mirps_nlp.learn.linear import load_classifier\n"
        "model = load_classifier(default_models_dir(), 'figure_category')\n"
        "model.predict(['more than 10 million dollars pledged'])\n"
        "print('sklearn' in sys.modules)\n"
    )
    if not (default_models_dir() / "MANIFEST.json").is_file():
        pytest.skip("no trained models committed yet")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


SPANISH = {
    "s1.txt": (
        "Donantes anuncian apoyo\n\n"
        "Los donantes comprometieron más de US$ 20 millones para la región. "
        "El plan llegará a unas 40.000 personas desplazadas en Honduras.\n\n"
        "«Estamos juntos», afirmó Ana López, ministra de Relaciones Exteriores de Honduras.\n\n"
        "Honduras traspasó la Presidencia Pro Tempore del MIRPS a Panamá."
    ),
    "s2.txt": (
        "Los países renuevan compromisos\n\n"
        "Los siete países presentaron más de 150 compromisos de protección. "
        "Cerca de 600.000 personas refugiadas y solicitantes de asilo viven en México.\n\n"
        "«La protección es un deber compartido», señaló Juan Pérez, ministro de Gobierno de Panamá.\n\n"
        "Panamá asumió la Presidencia Pro Tempore de manos de Honduras."
    ),
    "s3.txt": (
        "El fondo llega a las familias\n\n"
        "El fondo benefició a más de 12.000 personas desplazadas en Guatemala. "
        "Alrededor de 1,2 millones de personas han sido desplazadas por la fuerza en la región.\n\n"
        "«El fondo cambia vidas», destacó María Ruiz, secretaria de la OEA.\n\n"
        "Guatemala entregó la Presidencia Pro Tempore a Belice."
    ),
}

SPANISH_FIGURES = {
    "s1.txt": [
        ("más de US$ 20 millones", 20e6, "more_than", "money", "USD"),
        ("unas 40.000 personas desplazadas", 40000, "about", "beneficiaries", None),
    ],
    "s2.txt": [
        ("más de 150 compromisos", 150, "more_than", "commitments", None),
        ("Cerca de 600.000 personas refugiadas", 600000, "about", "refugees_asylum", None),
        ("siete países", 7, None, "countries", None),
    ],
    "s3.txt": [
        ("más de 12.000 personas desplazadas", 12000, "more_than", "beneficiaries", None),
        ("Alrededor de 1,2 millones de personas", 1.2e6, "about", "displaced_people", None),
    ],
}


def test_each_language_trains_its_own_models_on_its_own_gold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Spanish gold trains ``*_es`` models (and only them); English gold the bare names; the Spanish
    pipeline then scores with the Spanish models, never with the English ones."""
    from mirps_nlp.learn import train as train_module
    from mirps_nlp.pipeline import load

    corpus = write_tiny_corpus(tmp_path / "corpus")
    for name, text in SPANISH.items():
        (corpus / "releases" / name).write_text(text, encoding="utf-8")
        figures = [
            {"text": t, "value": v, "qualifier": q, "counted": None, "category": c, "unit": u}
            for t, v, q, c, u in SPANISH_FIGURES[name]
        ]
        quote = text.split("«")[1].split("»")[0]
        gold = {"file": name, "language": "es", "figures": figures, "quotes": [{"text": quote}]}
        (corpus / "gold" / f"{Path(name).stem}.json").write_text(json.dumps(gold), encoding="utf-8")
    monkeypatch.setattr(train_module, "MIN_RELEASES_PER_LANGUAGE", 3)
    summary = train(corpus, tmp_path / "models", folds=3)
    manifest = json.loads((tmp_path / "models" / "MANIFEST.json").read_text())
    assert set(manifest["models"]) == {"figure_category", "sentence_kind", "figure_category_es", "sentence_kind_es"}
    assert summary["figure_category_es"]["releases"] == 3 == summary["figure_category"]["releases"]
    assert summary["figure_category_es"]["examples"] == sum(len(v) for v in SPANISH_FIGURES.values())
    assert "rules_accuracy" in summary["figure_category_es"]
    card = (tmp_path / "models" / "sentence_kind_es" / "README.md").read_text()
    assert card.startswith("# sentence_kind_es") and "Language: `es`" in card
    spanish_words = load_classifier(tmp_path / "models", "sentence_kind_es")
    english_words = load_classifier(tmp_path / "models", "sentence_kind")
    probe = ["«Estamos juntos», afirmó la ministra."]
    assert spanish_words.predict_proba(probe).tolist() != english_words.predict_proba(probe).tolist()

    monkeypatch.setenv("MIRPS_NLP_MODELS", str(tmp_path / "models"))
    scorer = load(lang="es").get_pipe("mirps_learned")
    assert scorer.sentence_model is not None and scorer.sentence_model.name == "sentence_kind_es"
    assert scorer.figure_model is not None and scorer.figure_model.name == "figure_category_es"


def test_a_language_without_its_own_models_keeps_the_rules(trained: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tiny English-only corpus wrote no Spanish models: the Spanish pipeline scores nothing with
    the English ones (the rules' categories and confidences stand)."""
    from mirps_nlp.pipeline import load

    monkeypatch.setenv("MIRPS_NLP_MODELS", str(trained / "models"))
    scorer = load(lang="es").get_pipe("mirps_learned")
    assert scorer.figure_model is None and scorer.sentence_model is None
    assert scorer.unavailable is None
