"""One identity, nothing lost: the JSONL and the store hold the same releases after every kind of
run, and copies of one release (syndicated, other boilerplate, lightly edited) are linked, each
keeping its own source.

The copies are generated from corpus releases in a tmp folder; the 1,000-copy run is slow-marked.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest

from mirps_nlp.batch import BatchProgress, default_store_path, run_batch
from mirps_nlp.errors import MirpsError
from mirps_nlp.identity import CopyLinker, shingles
from mirps_nlp.records import Release

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "releases"
SYNDICATION_FOOTER = "/Public Release. This material from the originating organisation was reposted ({k})."


def copy_variant(text: str, k: int) -> str:
    """The ``k``-th copy of a release: syndicated, other boilerplate, or lightly edited (unique bytes)."""
    kind = k % 3
    if kind == 0:  # a wire repost: the syndication footer is stripped, syndicated_by is set
        return f"{text.rstrip()}\n\n{SYNDICATION_FOOTER.format(k=k)}\n"
    if kind == 1:  # other boilerplate lines the ingester strips
        tags = f"Tags: refugees, MIRPS, copy {k}"
        return f"{text.rstrip()}\n\n{tags}\n© {1900 + k} Hemisphere Wire. All rights reserved.\n"
    # a light edit in the body: another id, nearly the same text
    found = re.compile(r"[.!?][\s<]").search(text, len(text) // 3)
    at = found.start() + 1 if found else len(text) // 2
    return f"{text[:at]} (Edited, version {k}.){text[at:]}"


def write_copies(folder: Path, releases: list[Path], copies_each: int, start: int = 0) -> dict[str, str]:
    """Originals plus copies; returns file name -> family (the original's stem)."""
    folder.mkdir(parents=True, exist_ok=True)
    family: dict[str, str] = {}
    for path in releases:
        text = path.read_text(encoding="utf-8")
        if start == 0:
            (folder / path.name).write_text(text, encoding="utf-8")
            family[path.name] = path.stem
        for k in range(start, start + copies_each):
            name = f"{path.stem}__{k:04d}.txt"
            (folder / name).write_text(copy_variant(text, k), encoding="utf-8")
            family[name] = path.stem
    return family


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def assert_agree(out: Path) -> list[dict]:
    """The JSONL and the store hold the same releases, the same copies and the same links."""
    lines = read_lines(out)
    with sqlite3.connect(default_store_path(out)) as db:
        release_ids = {row[0] for row in db.execute("SELECT id FROM releases")}
        copies = db.execute("SELECT release_id, canonical_id, source FROM copies").fetchall()
        data = {rid: json.loads(blob) for rid, blob in db.execute("SELECT id, data FROM releases")}
        item_count = db.execute("SELECT COUNT(*) FROM figures").fetchone()[0]
    assert {line["id"] for line in lines} == release_ids
    assert len(copies) == len(lines)
    from_lines = sorted((x["id"], x["copy_of"] or "", json.dumps(x["source"], sort_keys=True)) for x in lines)
    from_store = sorted(
        (rid, canonical or "", json.dumps(json.loads(src), sort_keys=True)) for rid, canonical, src in copies
    )
    assert from_lines == from_store
    canonical_lines = [x for x in lines if x["copy_of"] is None]
    assert len({x["id"] for x in canonical_lines}) == len(canonical_lines)  # one canonical line per release
    for line in canonical_lines:
        assert data[line["id"]]["copies"] == line["copies"]
        linked = {x["id"] for x in lines if x["copy_of"] == line["id"]}
        assert {c["id"] for c in line["copies"]} | {line["id"]} >= linked
        assert len(line["copies"]) == sum(1 for x in lines if x["copy_of"] == line["id"])
    # Items are stored once per release (an exact copy adds no rows of its own).
    unique = {x["id"]: x for x in lines}
    assert item_count == sum(len(x["figures"]) for x in unique.values())
    for line in lines[:20]:
        Release.model_validate(line)
    return lines


def assert_families_linked(lines: list[dict], family_of: dict[str, str]) -> None:
    """Every copy links to the canonical of its own family and to no other; no source is lost."""
    canonical_of_family: dict[str, set[str]] = defaultdict(set)
    for line in lines:
        name = Path(line["source"]["path"]).name
        canonical_of_family[family_of[name]].add(line["copy_of"] or line["id"])
    assert all(len(ids) == 1 for ids in canonical_of_family.values()), canonical_of_family
    assert len({next(iter(ids)) for ids in canonical_of_family.values()}) == len(canonical_of_family)
    assert sorted(Path(x["source"]["path"]).name for x in lines) == sorted(family_of)
    syndicated = [x for x in lines if "__" in x["source"]["path"] and int(x["source"]["path"][-8:-4]) % 3 == 0]
    assert syndicated and all(x["source"]["syndicated_by"] for x in syndicated)  # Mirage News, or the original's own


@pytest.fixture(scope="module")
def few_releases() -> list[Path]:
    return sorted(CORPUS.glob("c1*.txt"))[:5]


def test_shingles_ignore_punctuation_and_case() -> None:
    assert shingles("Panama handed over, the PRESIDENCY.") == shingles("panama handed over the presidency")


def test_linker_links_a_light_edit_and_not_another_release(few_releases: list[Path]) -> None:
    first, second = (path.read_text(encoding="utf-8") for path in few_releases[:2])
    linker = CopyLinker()
    assert linker.link("a" * 16, first)[0] is None
    assert linker.link("b" * 16, second)[0] is None
    edited, _ = linker.link("c" * 16, copy_variant(first, 2))
    assert edited is not None and edited.canonical_id == "a" * 16 and 0.8 <= edited.similarity < 1
    same, _ = linker.link("a" * 16, first)
    assert same is not None and same.similarity == 1.0


def test_every_kind_of_run_leaves_jsonl_and_store_agreeing(few_releases: list[Path], tmp_path: Path) -> None:
    folder = tmp_path / "in"
    family = write_copies(folder, few_releases, copies_each=3)
    out = tmp_path / "out" / "records.jsonl"

    fresh = run_batch([folder], out)
    lines = assert_agree(out)
    assert fresh.written == len(lines) == len(family) == 20 and fresh.copies == 15
    assert_families_linked(lines, family)
    # Exact copies (syndicated, boilerplate) share the original's id; light edits have their own.
    assert len({x["id"] for x in lines}) == 5 + 5

    again = run_batch([folder], out)  # a re-run without --resume replaces both outputs
    assert again.written == 20
    assert assert_agree(out) == lines

    family.update(write_copies(folder, few_releases, copies_each=2, start=3))
    resumed = run_batch([folder], out, resume=True)
    assert (resumed.written, resumed.skipped, resumed.copies) == (10, 20, 10)
    lines = assert_agree(out)
    assert_families_linked(lines, family)

    class Crash(Exception):
        pass

    def crash(state: BatchProgress) -> None:
        if state.processed >= 13:
            raise Crash

    with pytest.raises(Crash):
        run_batch([folder], out, on_progress=crash, commit_every=4, commit_seconds=3600)
    # A fresh run that crashes leaves the previous outputs whole (it writes twins, swapped in at the end).
    assert assert_agree(out) == lines
    run_batch([folder], out, resume=True)  # continues the interrupted fresh run
    lines = assert_agree(out)
    assert len(lines) == 30
    assert_families_linked(lines, family)

    # A run that would not update OUT.sqlite is refused before anything changes.
    before = out.read_bytes()
    for kwargs in ({"store": False}, {"store": tmp_path / "elsewhere.sqlite"}, {"store": False, "resume": True}):
        with pytest.raises(MirpsError, match="disagreeing"):
            run_batch([folder], out, **kwargs)
    assert out.read_bytes() == before and not (tmp_path / "elsewhere.sqlite").exists()
    assert assert_agree(out) == lines
    run_batch([folder], out, store=default_store_path(out))  # the same store, named: allowed
    assert_agree(out)


@pytest.mark.slow
def test_a_thousand_copies_of_the_corpus(tmp_path: Path) -> None:
    """1,000 near-duplicate copies of the corpus: JSONL and store agree, copies linked, nothing overwritten."""
    releases = sorted(CORPUS.glob("*.txt"))
    each = -(-1000 // len(releases))
    family = write_copies(tmp_path / "in", releases, copies_each=each)
    out = tmp_path / "out" / "records.jsonl"
    summary = run_batch([tmp_path / "in"], out, workers=2)
    lines = assert_agree(out)
    assert summary.written == len(lines) == len(family) >= 1000 + len(releases)
    assert summary.copies == len(releases) * each
    assert_families_linked(lines, family)
