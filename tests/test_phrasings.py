"""The phrasing suite: one invented sentence (or short release) per row, with the part of the
record it must produce, for every kind of sentence real releases use (issue 13).

Rows live in ``tests/phrasings/<lang>/*.jsonl``, one JSON object a line (``//`` lines are comments):

    {"text": "...", "published": "2025-12-05" | null, "kind": "receive-from",
     "expect": {"chair_transfers": [{"from": "country:PAN", "to": "country:BLZ"}], ...}}

``expect`` holds a subset of the record. A list of items is matched one to one: every expected
item must agree, on the keys it names, with a different extracted item, and there must be as many
extracted items as expected ones (so an empty list says "none of these": a negative row). The
``actors`` list is the exception: its expected items must be found, other actors may be there too;
``absent_actors`` lists actor ids that must NOT be found (the negative rows for actors).
A top-level scalar (``published``, ``title``) must be equal. A row the tool does not read yet
carries ``"xfail": "<why>"`` (strict: it fails the suite once it passes). The same runner reads every language
folder; the release's language is the folder's name.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mirps_nlp import ingest
from mirps_nlp.extraction import extract_ingested

PHRASINGS = Path(__file__).resolve().parent / "phrasings"
OPEN_LISTS = {"actors"}


def _rows() -> list[Any]:
    params = []
    for path in sorted(PHRASINGS.glob("*/*.jsonl")):
        lang = path.parent.name
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            row = json.loads(line)
            label = f"{lang}/{path.stem}:{number}:{row.get('kind', '')}"
            marks = [pytest.mark.xfail(reason=row["xfail"], strict=True)] if row.get("xfail") else []
            params.append(pytest.param(lang, row, id=label, marks=marks))
    return params


CASELESS = {"cue"}  # the scorer compares cues without case: "According to" is "according to"


def _same(key: str, want: Any, got: Any) -> bool:
    if key in CASELESS and isinstance(want, str) and isinstance(got, str):
        return want.casefold() == got.casefold()
    return bool(want == got)


def _agrees(expected: dict[str, Any], item: dict[str, Any]) -> bool:
    return all(_same(key, value, item.get(key)) for key, value in expected.items())


def _unmatched(expected: list[dict[str, Any]], found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The expected items left without a distinct extracted item (tried in order, each once)."""
    free = list(found)
    missing = []
    for want in expected:
        hit = next((item for item in free if _agrees(want, item)), None)
        if hit is None:
            missing.append(want)
        else:
            free.remove(hit)
    return missing


def _problems(expect: dict[str, Any], record: dict[str, Any]) -> list[str]:
    problems = []
    for field, wanted in expect.items():
        if field == "absent_actors":
            found = {actor["id"] for actor in record.get("actors") or []}
            problems.extend(f"actors: {actor_id} should not be found" for actor_id in wanted if actor_id in found)
            continue
        got = record.get(field)
        if not isinstance(wanted, list):
            if got != wanted:
                problems.append(f"{field}: expected {wanted!r}, got {got!r}")
            continue
        for item in _unmatched(wanted, got or []):
            problems.append(f"{field}: no item agrees with {item}")
        if field not in OPEN_LISTS and len(got or []) != len(wanted):
            problems.append(f"{field}: expected {len(wanted)} item(s), got {len(got or [])}")
    return problems


def _brief(record: dict[str, Any], fields: list[str]) -> str:
    drop = {"start", "end", "sentence", "mentions"}
    shown = {f: [{k: v for k, v in item.items() if k not in drop} for item in record.get(f) or []] for f in fields}
    return json.dumps(shown, ensure_ascii=False, indent=1)


def test_rows_are_read() -> None:
    assert len(_rows()) >= 20


@pytest.mark.parametrize(("lang", "row"), _rows())
def test_phrasing(lang: str, row: dict[str, Any]) -> None:
    release = ingest.Ingested(
        text=row["text"], title=None, published=row.get("published"), publisher=None, reference=None,
        syndicated_by=None, language=lang,
    )
    record = extract_ingested(release, lang=lang).model_dump(by_alias=True, mode="json")
    problems = _problems(row["expect"], record)
    lists = [f if f != "absent_actors" else "actors" for f, v in row["expect"].items() if isinstance(v, list)]
    assert not problems, "\n".join(problems) + "\nextracted: " + _brief(record, lists)
