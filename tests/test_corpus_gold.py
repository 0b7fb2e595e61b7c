"""Structural and textual checks of the gold corpus (``corpus/gold`` against ``corpus/releases``).

Gold errors poison every evaluation number, so each gold file is checked for the shape of the
seed gold (``corpus/GUIDELINES.md``) and for being grounded in its release: quote, figure and
title texts must occur in the release, actors must be named there. The shared seed gold is
checked the same way when it is present, which keeps this checker honest about the conventions.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, get_args

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _records() -> Any:
    """The schema's vocabularies; read records.py alone if the package does not import mid-refactor."""
    try:
        from mirps_nlp import records
    except ImportError:
        import importlib.util
        import sys

        spec = importlib.util.spec_from_file_location("_corpus_records", ROOT / "src/mirps_nlp/records.py")
        assert spec and spec.loader
        records = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = records
        spec.loader.exec_module(records)
    return records


_R = _records()
DocumentAction, DocumentKind, FigureCategory = _R.DocumentAction, _R.DocumentKind, _R.FigureCategory
Office, Qualifier, TermStatus, TransferStatus = _R.Office, _R.Qualifier, _R.TermStatus, _R.TransferStatus
CORPUS = ROOT / "corpus"
SEEDS = Path("/work/shared/seeds")

GOLD_DIRS = [(CORPUS / "gold", CORPUS / "releases"), (SEEDS / "gold", SEEDS)]
GOLD_FILES = [(g, texts) for gold_dir, texts in GOLD_DIRS if gold_dir.is_dir() for g in sorted(gold_dir.glob("*.json"))]

TOP_KEYS = {
    "schema_version",
    "file",
    "source",
    "title",
    "published",
    "language",
    "actors",
    "quotes",
    "figures",
    "chair_transfers",
    "chair_terms",
    "meetings",
    "documents",
    "notes",
}
ACTOR_KEYS = {
    "country": {"id", "kind", "name", "iso3"},
    "organization": {"id", "kind", "name", "acronym"},
    "person": {"id", "kind", "name", "title", "affiliation"},
}
QUOTE_KEYS = {"speaker", "speaker_name", "speaker_title", "speaker_affiliation", "cue", "text"}
FIGURE_KEYS = {"text", "value", "qualifier", "counted", "category", "unit", "scope"}
TRANSFER_KEYS = {"body", "office", "from", "to", "term", "date"}
TERM_KEYS = {"body", "office", "holder", "term", "status"}
MEETING_KEYS = {"name", "ordinal", "body", "place", "date"}
DOCUMENT_KEYS = {"name", "kind", "action"}

ID_SHAPE = {
    "country": re.compile(r"^country:[A-Z]{3}$"),
    "organization": re.compile(r"^org:[A-Z0-9]+(_[A-Z0-9]+)*$"),
    "person": re.compile(r"^person:[a-z0-9]+(-[a-z0-9]+)*$"),
}
# Surface forms a release may use for a country instead of its short name.
COUNTRY_ALIASES = {
    "USA": ["United States", "U.S.", "US", "USA", "United States of America"],
    "GBR": ["United Kingdom", "UK", "U.K."],
    "VEN": ["Venezuela"],
    "BOL": ["Bolivia"],
    # Spanish releases name countries in Spanish; the gold keeps the short English name.
    "MEX": ["México"],
    "PAN": ["Panamá"],
    "BLZ": ["Belice"],
    "ESP": ["España"],
    "CAN": ["Canadá"],
    "BRA": ["Brasil"],
    "CHE": ["Suiza"],
    "FRA": ["Francia"],
    "DOM": ["República Dominicana"],
    "PER": ["Perú"],
    "HTI": ["Haití"],
    "DEU": ["Alemania"],
    "ITA": ["Italia"],
    "SWE": ["Suecia"],
    "JPN": ["Japón"],
    "NOR": ["Noruega"],
    "NLD": ["Países Bajos"],
    "VCT": ["San Vicente y las Granadinas"],
    "KOR": ["Corea del Sur"],
}
COUNTRY_ALIASES["USA"] += ["Estados Unidos", "EE.UU.", "EEUU"]
COUNTRY_ALIASES["GBR"] += ["Reino Unido"]
# Organisations a release may name only by an alias of the canonical name.
ORG_ALIASES = {
    "org:UNHCR": ["UN Refugee Agency", "UNHCR"],
    "org:MIRPS_SUPPORT_PLATFORM": ["Support Platform"],
    "org:CRM": ["Regional Conference on Migration", "Conferencia Regional sobre Migración"],
    # Spanish aliases of organisations whose gold keeps the canonical English name.
    "org:OAS": ["OEA", "Organización de los Estados Americanos"],
    "org:IOM": ["OIM", "Organización Internacional para las Migraciones"],
    "org:IDB": ["BID", "Banco Interamericano de Desarrollo"],
    "org:CABEI": ["BCIE", "Banco Centroamericano de Integración Económica"],
    "org:ECLAC": ["CEPAL"],
    "org:EU": ["Unión Europea", "UE"],
    "org:UN": ["ONU", "Naciones Unidas"],
    "org:MIRPS_FUND": ["Fondo MIRPS"],
    "org:QUITO_PROCESS": ["Proceso de Quito"],
    "org:SICA": ["Sistema de la Integración Centroamericana"],
    "org:WORLD_BANK": ["Banco Mundial"],
    "org:WORLD_BANK_GROUP": ["Grupo Banco Mundial"],
    "org:WFP": ["PMA", "Programa Mundial de Alimentos"],
    "org:UNDP": ["PNUD"],
    "org:EUROPEAN_COMMISSION": ["Comisión Europea"],
    "org:CAN": ["Comunidad Andina"],
    "org:PACIFIC_ALLIANCE": ["Alianza del Pacífico"],
    "org:ICRC": ["CICR", "Comité Internacional de la Cruz Roja"],
    "org:NRC": ["Consejo Noruego para Refugiados"],
    "org:MSF": ["Médicos Sin Fronteras"],
    "org:JRS": ["Servicio Jesuita a Refugiados"],
    "org:CARICOM": ["Comunidad del Caribe"],
    "org:MERCOSUR": ["Mercosur"],
    "org:AECID": ["Agencia Española de Cooperación Internacional para el Desarrollo"],
    "org:COMAR": ["Comisión Mexicana de Ayuda a Refugiados"],
    "org:CONARE": ["Comisión Nacional para Refugiados", "Comisión Nacional para los Refugiados"],
    "org:UN_HABITAT": ["ONU-Habitat", "ONU-Hábitat"],
    "org:MESOAMERICA_PROJECT": [
        "Mesoamerica Project",
        "Proyecto Mesoamérica",
        "Proyecto de Integración y Desarrollo de Mesoamérica",
        "Proyecto de Integración y Desarrollo Mesoamérica",
    ],
}
ORG_ALIASES["org:UNHCR"] += ["ACNUR", "Agencia de la ONU para los Refugiados"]
ORG_ALIASES["org:MIRPS_SUPPORT_PLATFORM"] += ["Plataforma de Apoyo"]

_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "\u00a0": " "})


def fold(text: str) -> str:
    """Compare texts modulo quote-mark style and whitespace (curly vs straight is not an error)."""
    return " ".join(text.translate(_QUOTE_MARKS).split())


class _TextOnly(HTMLParser):
    """Visible text of an HTML page, one block per element boundary (good enough for grounding)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1
        self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def release_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    if path.suffix.lower() in {".html", ".htm"}:
        parser = _TextOnly()
        parser.feed(raw)
        raw = html.unescape("".join(parser.parts))
    return fold(unicodedata.normalize("NFC", raw))


def contains_words(haystack: str, needle: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(fold(needle)) + r"(?!\w)", haystack) is not None


def _ids(case: tuple[Path, Path]) -> str:
    return f"{case[0].parent.parent.name}/{case[0].name}"


@pytest.fixture(params=GOLD_FILES, ids=[_ids(c) for c in GOLD_FILES])
def gold_case(request: pytest.FixtureRequest) -> tuple[dict[str, Any], Path, str]:
    gold_path, text_dir = request.param
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text_path = text_dir / gold["file"]
    assert text_path.is_file(), f"{gold_path.name}: release {gold['file']} does not exist"
    return gold, gold_path, release_text(text_path)


def test_corpus_is_not_empty() -> None:
    assert list((CORPUS / "gold").glob("*.json")), "no corpus gold yet"


def test_every_release_has_gold() -> None:
    stems = {p.stem for p in (CORPUS / "gold").glob("*.json")}
    orphans = [p.name for p in (CORPUS / "releases").iterdir() if p.is_file() and p.stem not in stems]
    assert not orphans, f"releases without gold: {orphans}"


def test_top_level_shape(gold_case: tuple[dict[str, Any], Path, str]) -> None:
    gold, path, text = gold_case
    assert set(gold) == TOP_KEYS, f"keys differ: {set(gold) ^ TOP_KEYS}"
    assert gold["schema_version"] == "1" and gold["language"] in {"en", "es"}
    if path.parent == CORPUS / "gold":
        assert Path(gold["file"]).stem == path.stem, "gold and release must share their stem"
    assert set(gold["source"]) == {"publisher", "reference", "syndicated_by"}
    if gold["published"] is not None:
        date.fromisoformat(gold["published"])
    if gold["title"] is not None:
        assert fold(gold["title"]) in text, "title not in the release"
    if gold["source"]["reference"] is not None:
        assert fold(gold["source"]["reference"]) in text
    assert isinstance(gold["notes"], str) and gold["notes"].strip()


def test_actors(gold_case: tuple[dict[str, Any], Path, str]) -> None:
    gold, _, text = gold_case
    ids = [a["id"] for a in gold["actors"]]
    assert len(ids) == len(set(ids)), "duplicate actor ids"
    for actor in gold["actors"]:
        kind = actor["kind"]
        assert kind in ACTOR_KEYS, actor
        assert set(actor) == ACTOR_KEYS[kind], f"{actor['id']}: keys {set(actor) ^ ACTOR_KEYS[kind]}"
        assert ID_SHAPE[kind].match(actor["id"]), f"bad id {actor['id']}"
        if kind == "country":
            iso3 = actor["id"].split(":", 1)[1]
            assert actor["iso3"] == iso3
            names = [actor["name"], *COUNTRY_ALIASES.get(iso3, [])]
        elif kind == "organization":
            acronym = [actor["acronym"]] if actor["acronym"] else []
            names = [actor["name"], *acronym, *ORG_ALIASES.get(actor["id"], [])]
        else:
            slug = unicodedata.normalize("NFKD", actor["name"]).encode("ascii", "ignore").decode().lower()
            assert actor["id"] == "person:" + "-".join(re.findall(r"[a-z0-9]+", slug)), f"slug of {actor['name']}"
            names = [actor["name"]]
            assert actor["affiliation"] is None or actor["affiliation"] in ids, f"{actor['id']}: unknown affiliation"
        assert any(contains_words(text, n) for n in names), f"{actor['id']} ({names}) not named in the release"


def test_quotes(gold_case: tuple[dict[str, Any], Path, str]) -> None:
    gold, _, text = gold_case
    actors = {a["id"]: a for a in gold["actors"]}
    for quote in gold["quotes"]:
        assert QUOTE_KEYS <= set(quote) <= QUOTE_KEYS | {"partial"}, f"quote keys {set(quote) ^ QUOTE_KEYS}"
        assert isinstance(quote.get("partial", False), bool)
        assert quote["text"] and fold(quote["text"]) in text, f"quote not verbatim: {quote['text'][:60]!r}"
        assert not quote["text"].endswith(","), "drop the trailing comma"
        speaker = quote["speaker"]
        if speaker is not None:
            assert speaker in actors, f"unknown speaker {speaker}"
            assert quote["speaker_name"] == actors[speaker]["name"]
            if actors[speaker]["kind"] == "person":
                assert quote["speaker_affiliation"] == actors[speaker]["affiliation"]
        assert quote["speaker_affiliation"] is None or quote["speaker_affiliation"] in actors


def test_figures(gold_case: tuple[dict[str, Any], Path, str]) -> None:
    gold, _, text = gold_case
    for figure in gold["figures"]:
        assert FIGURE_KEYS <= set(figure) <= FIGURE_KEYS | {"linked_to"}, f"figure keys {set(figure) ^ FIGURE_KEYS}"
        if "linked_to" in figure:
            linked = figure["linked_to"]
            assert 0 <= linked < len(gold["figures"]) and gold["figures"][linked] is not figure
        assert fold(figure["text"]) in text, f"figure not verbatim: {figure['text']!r}"
        assert isinstance(figure["value"], (int, float)) and not isinstance(figure["value"], bool)
        assert figure["qualifier"] in (None, *get_args(Qualifier))
        assert figure["category"] in get_args(FigureCategory)
        if figure["category"] == "percent":
            assert figure["unit"] == "%"
        if figure["category"] == "money":
            assert figure["unit"] and re.fullmatch(r"[A-Z]{3}", figure["unit"]), "money needs an ISO currency"


def test_chairs(gold_case: tuple[dict[str, Any], Path, str]) -> None:
    gold, _, _ = gold_case
    actors = {a["id"] for a in gold["actors"]}
    for transfer in gold["chair_transfers"]:
        assert TRANSFER_KEYS <= set(transfer) <= TRANSFER_KEYS | {"status"}
        assert transfer["office"] in get_args(Office)
        assert transfer.get("status", "completed") in get_args(TransferStatus)
        for end in ("from", "to"):
            assert transfer[end] is None or transfer[end] in actors, f"unknown {end} {transfer[end]}"
        if transfer["date"] is not None:
            date.fromisoformat(transfer["date"])
    keys = set()
    for term in gold["chair_terms"]:
        assert set(term) == TERM_KEYS
        assert term["office"] in get_args(Office)
        assert term["holder"] in actors, f"unknown holder {term['holder']}"
        assert term["status"] in (None, *get_args(TermStatus))
        key = (term["body"], term["office"], term["holder"])
        assert key not in keys, f"one chair term per (body, office, holder): {key}"
        keys.add(key)
    # RECORDS.md: both sides of a transfer hold a chair term (giver completed, receiver incoming).
    for transfer in gold["chair_transfers"]:
        for end in ("from", "to"):
            if transfer[end] is not None:
                key = (transfer["body"], transfer["office"], transfer[end])
                assert key in keys, f"the {end} side of a transfer holds no chair term: {key}"


def test_meetings_and_documents(gold_case: tuple[dict[str, Any], Path, str]) -> None:
    gold, _, text = gold_case
    lowered = text.lower()
    for meeting in gold["meetings"]:
        assert set(meeting) == MEETING_KEYS
        assert meeting["ordinal"] is None or (isinstance(meeting["ordinal"], int) and meeting["ordinal"] > 0)
        if meeting["date"] is not None:
            date.fromisoformat(meeting["date"])
    for document in gold["documents"]:
        assert set(document) == DOCUMENT_KEYS
        assert document["kind"] in get_args(DocumentKind)
        assert document["action"] in get_args(DocumentAction)
        missing = [w for w in re.findall(r"\w+", document["name"].lower()) if w not in lowered]
        assert not missing, f"document {document['name']!r}: words {missing} not in the release"
