"""The record models enforce the contract: ids, ISO3, dates, offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from mirps_nlp.records import Actor, ChairTransfer, Figure, Release, Span, json_schema

REPO = Path(__file__).resolve().parent.parent


def make_release(**fields: object) -> Release:
    return Release(id="0123456789abcdef", **fields)


def test_minimal_release_dumps_the_contract_fields() -> None:
    record = make_release().to_json_dict()
    for key in (
        "schema_version",
        "id",
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
        "warnings",
    ):
        assert key in record
    assert record["schema_version"] == "1"
    assert "text" not in record


@pytest.mark.parametrize(
    "actor_id", ["country:PAN", "org:UNHCR", "org:MIRPS_SUPPORT_PLATFORM", "person:kelly-clements"]
)
def test_valid_actor_ids(actor_id: str) -> None:
    kind = {"country": "country", "org": "organization", "person": "person"}[actor_id.split(":")[0]]
    assert Actor(id=actor_id, kind=kind, name="x").id == actor_id


@pytest.mark.parametrize("actor_id", ["country:pan", "Panama", "org:un hcr", "person:Kelly Clements", "country:PANA"])
def test_malformed_actor_ids_are_rejected(actor_id: str) -> None:
    with pytest.raises(ValidationError):
        Actor(id=actor_id, kind="country", name="x")


@pytest.mark.parametrize("iso3", ["pa", "PANA", "pan", "12A"])
def test_iso3_shape(iso3: str) -> None:
    with pytest.raises(ValidationError):
        Actor(id="country:PAN", kind="country", name="Panama", iso3=iso3)


@pytest.mark.parametrize("published", ["2024-02-30", "24/01/2024", "January 24, 2024", "2024-1-24"])
def test_published_must_be_a_real_iso_date(published: str) -> None:
    with pytest.raises(ValidationError):
        make_release(published=published)


def test_transfer_serialises_from_not_from_underscore() -> None:
    transfer = ChairTransfer(
        body="MIRPS",
        office="pro_tempore_presidency",
        **{"from": "country:PAN"},
        to="country:BLZ",
        start=0,
        end=5,
        sentence=0,
    )
    dumped = make_release(chair_transfers=[transfer]).to_json_dict()["chair_transfers"][0]
    assert dumped["from"] == "country:PAN" and "from_" not in dumped


def test_model_dump_gives_the_contract_names_by_default() -> None:
    """``from`` (the contract) whether or not the caller asks for aliases; both names validate."""
    by_name = ChairTransfer(body="MIRPS", office="chair", from_="country:PAN", start=0, end=5, sentence=0)
    by_alias = ChairTransfer.model_validate(
        {"body": "MIRPS", "office": "chair", "from": "country:PAN", "start": 0, "end": 5, "sentence": 0}
    )
    assert by_name == by_alias and by_name.from_ == "country:PAN"
    for dumped in (by_name.model_dump(), by_name.model_dump(by_alias=True), json.loads(by_name.model_dump_json())):
        assert dumped["from"] == "country:PAN" and "from_" not in dumped
    release = make_release(chair_transfers=[by_name])
    assert release.model_dump(mode="json", exclude={"text"}) == release.to_json_dict()
    assert Release.model_validate(release.model_dump()) == release  # a dump reads back


def _properties(schema: dict[str, object]) -> list[tuple[str, str, dict[str, object]]]:
    definitions = {"Release": schema, **schema["$defs"]}  # type: ignore[dict-item]
    return [
        (model, field, spec)
        for model, definition in definitions.items()
        for field, spec in definition["properties"].items()  # type: ignore[index]
    ]


def test_every_field_and_record_type_is_described() -> None:
    schema = json_schema()
    fields = _properties(schema)
    assert len(fields) > 70
    undescribed = [f"{model}.{field}" for model, field, spec in fields if not spec.get("description")]
    assert undescribed == []
    assert all(definition.get("description") for definition in schema["$defs"].values())


def test_records_doc_is_current() -> None:
    """docs/records.md is written from the models; a model change without a rebuild fails here."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_records_doc", REPO / "scripts" / "build_records_doc.py")
    assert spec is not None and spec.loader is not None
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    doc, schema_text = builder.render()
    committed = (REPO / "docs" / "records.md").read_text(encoding="utf-8")
    assert committed == doc, "run: .venv/bin/python scripts/build_records_doc.py"
    for _, field, _ in _properties(json_schema()):
        assert f"| `{field}` |" in doc
    assert json.loads(schema_text) == json_schema()


def test_offsets_beyond_the_text_are_rejected() -> None:
    figure = Figure(text="seven countries", value=7, start=0, end=99, sentence=0)
    with pytest.raises(ValidationError, match="exceed"):
        make_release(text="seven countries", figures=[figure])


def test_mentions_must_be_their_own_words() -> None:
    actor = Actor(id="country:PAN", kind="country", name="Panama", mentions=[Span(start=0, end=6, text="Belize")])
    with pytest.raises(ValidationError, match="does not match"):
        make_release(text="Panama hosted", actors=[actor])


def test_end_before_start_is_rejected() -> None:
    with pytest.raises(ValidationError):
        Figure(text="x", value=1, start=5, end=2, sentence=0)


def test_committed_schema_matches_the_models() -> None:
    """The exported JSON Schema is committed; a model change without re-export fails here."""
    committed = REPO / "src" / "mirps_nlp" / "schema" / "release.schema.json"
    assert json.loads(committed.read_text(encoding="utf-8")) == json_schema(), (
        "run: .venv/bin/python scripts/build_records_doc.py"
    )


def test_a_quoted_person_without_an_actor_record_joins_the_actors() -> None:
    from mirps_nlp.normalize import reconcile_speakers
    from mirps_nlp.records import Quote

    quote = Quote(
        text="We act", speaker="person:ana-ruiz", speaker_name="Ana Ruiz", speaker_affiliation="org:OAS",
        start=0, end=8, sentence=0,
    )
    oas = Actor(id="org:OAS", kind="organization", name="Organization of American States")
    actors = reconcile_speakers([oas], [quote])
    assert [a.id for a in actors] == ["org:OAS", "person:ana-ruiz"]
    assert actors[1].affiliation == "org:OAS" and actors[1].name == "Ana Ruiz"
    assert reconcile_speakers(actors, [quote]) == actors  # idempotent
