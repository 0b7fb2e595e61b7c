"""Golden snapshots: every corpus release and seed gives exactly the record stored in tests/golden.

A rule change that alters any record fails here until its author has judged the change against
gold and regenerated the snapshots with ``scripts/snapshot_records.py``.
"""

from __future__ import annotations

import difflib
import importlib.util
from pathlib import Path

import pytest

import mirps_nlp

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("snapshot_records", ROOT / "scripts" / "snapshot_records.py")
assert _spec and _spec.loader
snapshot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(snapshot)

INPUTS = snapshot.golden_inputs()


def test_every_input_has_a_snapshot() -> None:
    names = {snapshot.snapshot_name(p) for p in INPUTS}
    stored = {p.name for p in snapshot.GOLDEN.glob("*.json")}
    corpus_only = {n for n in stored if not n.startswith("seed_")}
    assert names >= corpus_only, f"snapshots without a release: {sorted(corpus_only - names)}"
    assert not names - stored, f"releases without a snapshot: {sorted(names - stored)}"


@pytest.fixture(scope="module")
def fresh() -> dict[str, str]:
    return {
        snapshot.snapshot_name(p): snapshot.record_json(r)
        for p, r in zip(INPUTS, mirps_nlp.extract_many(INPUTS), strict=True)
    }


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_record_matches_snapshot(path: Path, fresh: dict[str, str]) -> None:
    name = snapshot.snapshot_name(path)
    expected = (snapshot.GOLDEN / name).read_text(encoding="utf-8")
    got = fresh[name]
    if got != expected:
        diff = "".join(list(difflib.unified_diff(
            expected.splitlines(True), got.splitlines(True), "golden", "now", n=1))[:60])
        pytest.fail(f"{name} changed (regenerate with scripts/snapshot_records.py if better):\n{diff}")
