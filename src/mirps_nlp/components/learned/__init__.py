"""mirps_learned: the scikit-learn models applied on top of the rules.

Runs last. The figure-category model decides what a figure counts where it is confident
(a currency or per-cent unit is left to the rules: it is certain). The sentence model gives
quotes and chair transfers a ``confidence`` (blended with the rules' own, the model weighing
``model_weight``); with ``veto_below`` > 0 it also drops rule
candidates it finds very unlikely (off by default: the ablation in the README says why).
Without trained models the rules stand and each record says so in ``warnings``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from mirps_nlp.components.base import MirpsComponent
from mirps_nlp.errors import ModelIntegrityError
from mirps_nlp.extensions import warn
from mirps_nlp.learn.features import (
    CHAIR,
    FIGURE_CATEGORY,
    QUOTE,
    SENTENCE_KIND,
    figure_features,
    model_name,
    sentence_features,
)
from mirps_nlp.learn.linear import MANIFEST, TextClassifier, load_classifier

MODELS_ENV = "MIRPS_NLP_MODELS"
_SAVED_MODELS = "models"  # inside the component's folder of a saved pipeline
_STATE = "learned.json"


def default_models_dir() -> Path:
    """``$MIRPS_NLP_MODELS``, else ``models/`` of the source checkout the package runs from."""
    if os.environ.get(MODELS_ENV):
        return Path(os.environ[MODELS_ENV])
    return Path(__file__).resolve().parents[4] / "models"


class LearnedScorer(MirpsComponent):
    """Applies the figure-category and sentence-kind models to the rules' output.

    Args:
        models_dir: the folder of trained models (empty: ``$MIRPS_NLP_MODELS`` or ``models/``).
        category_min_confidence: the figure model relabels a figure only this sure.
        veto_below: drop a quote or transfer the sentence model scores below this (0: never).
        model_weight: the sentence model's weight in a blended confidence.
        nlp, name, lang, patterns: see :class:`~.base.MirpsComponent`.

    ``to_disk`` writes the models it loaded (and their manifest) beside the pipeline, so a saved
    pipeline scores with the models it was saved with.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "mirps_learned",
        models_dir: str = "",
        category_min_confidence: float = 0.5,
        veto_below: float = 0.0,
        model_weight: float = 0.25,
        *,
        lang: str = "",
        patterns: str = "",
    ) -> None:
        self.model_weight = model_weight
        self.category_min_confidence = category_min_confidence
        self.veto_below = veto_below
        self.models_folder = Path(models_dir) if models_dir else default_models_dir()
        self.saved_unavailable: str | None = None  # read back by load_state: the saved pipeline had no models
        super().__init__(nlp, name, lang=lang, patterns=patterns)

    def compile(self, nlp: Language) -> None:
        folder = self.models_folder
        self.figure_model: TextClassifier | None = None
        self.sentence_model: TextClassifier | None = None
        self.unavailable: str | None = self.saved_unavailable
        if self.unavailable:
            return
        try:
            # The models read words: one pair per language ("figure_category" and "sentence_kind" are
            # English, "figure_category_es" and "sentence_kind_es" Spanish, written by ``mirps-nlp train``
            # when the corpus has enough gold in that language). English models must be there; a
            # language without its own models keeps the rules' categories and confidences, never
            # another language's model.
            for kind, attribute in ((FIGURE_CATEGORY, "figure_model"), (SENTENCE_KIND, "sentence_model")):
                name = model_name(kind, self.lang)
                if self.lang in ("en", "") or (folder / name / "model.json").is_file():
                    setattr(self, attribute, load_classifier(folder, name))
        except ModelIntegrityError as error:
            # Said in every record's warnings; the library itself stays silent.
            self.unavailable = f"learned models unavailable, rules only ({error})"

    def save_state(self, folder: Path) -> None:
        models = {
            model_name(FIGURE_CATEGORY, self.lang): self.figure_model,
            model_name(SENTENCE_KIND, self.lang): self.sentence_model,
        }
        loaded = [name for name, model in models.items() if model is not None]
        for name in loaded:
            (folder / _SAVED_MODELS / name).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.models_folder / name / "model.json", folder / _SAVED_MODELS / name / "model.json")
        if loaded:
            shutil.copyfile(self.models_folder / MANIFEST, folder / _SAVED_MODELS / MANIFEST)
        srsly.write_json(folder / _STATE, {"unavailable": self.unavailable})

    def load_state(self, folder: Path) -> None:
        self.models_folder = folder / _SAVED_MODELS
        self.saved_unavailable = srsly.read_json(folder / _STATE)["unavailable"]

    def annotate(self, doc: Doc) -> Doc:
        if self.unavailable:
            warn(doc, self.unavailable)
            return doc
        self._categorise_figures(doc)
        self._score_sentences(doc)
        return doc

    def _categorise_figures(self, doc: Doc) -> None:
        figures = [f for f in doc._.mirps_figures or [] if not f.get("unit")]
        if not figures or self.figure_model is None:
            return
        texts = [
            figure_features(doc, f["start"], f["end"], f.get("counted"), f.get("unit"), f.get("category"))
            for f in figures
        ]
        for figure, (label, probability) in zip(figures, self.figure_model.predict(texts), strict=True):
            if probability >= self.category_min_confidence:
                figure["category"] = label

    def _score_sentences(self, doc: Doc) -> None:
        if self.sentence_model is None:
            return
        kinds = {"mirps_quotes": QUOTE, "mirps_chair_transfers": CHAIR}
        items = [(ext, item) for ext in kinds for item in getattr(doc._, ext) or []]
        if not items:
            return
        texts = [sentence_features(doc, item["start"], item["end"]) for _, item in items]
        probabilities = self.sentence_model.predict_proba(texts)
        column = {label: i for i, label in enumerate(self.sentence_model.classes)}
        vetoed: set[int] = set()
        for (ext, item), row in zip(items, probabilities, strict=True):
            wanted = kinds[ext]
            probability = float(row[column[wanted]]) if wanted in column else 0.0
            rule = item.get("confidence")
            blended = (
                probability if rule is None else (1 - self.model_weight) * float(rule) + self.model_weight * probability
            )
            item["confidence"] = round(blended, 4)
            if probability < self.veto_below:
                vetoed.add(id(item))
                words = str(item.get("text", ""))[:60]
                warn(doc, f"dropped a {wanted} candidate the sentence model scored {probability:.2f}: {words!r}")
        if vetoed:
            for ext in kinds:
                setattr(doc._, ext, [item for item in getattr(doc._, ext) or [] if id(item) not in vetoed])


@Language.factory(
    "mirps_learned",
    default_config={
        "models_dir": "",
        "category_min_confidence": 0.5,
        "veto_below": 0.0,
        "model_weight": 0.25,
        "lang": "",
        "patterns": "",
    },
    assigns=["doc._.mirps_figures", "doc._.mirps_quotes", "doc._.mirps_chair_transfers"],
)
def make_learned(
    nlp: Language,
    name: str,
    models_dir: str,
    category_min_confidence: float,
    veto_below: float,
    model_weight: float,
    lang: str,
    patterns: str,
) -> LearnedScorer:
    return LearnedScorer(
        nlp, name, models_dir, category_min_confidence, veto_below, model_weight, lang=lang, patterns=patterns
    )
