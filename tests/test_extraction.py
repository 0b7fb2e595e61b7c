"""extract_many's tokenizer warm-up: the first releases' Docs made outside the memory zone, bounded."""

from __future__ import annotations

import pytest

import mirps_nlp
from mirps_nlp import extraction

RELEASES = [
    f"Panama hands the Pro Tempore Presidency of the MIRPS to Costa Rica. Release {n} of the test."
    for n in range(5)
]


def test_only_the_first_releases_of_a_pipeline_are_tokenised_outside_the_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    nlp = mirps_nlp.load(lang="en")
    monkeypatch.setattr(extraction, "WARM_RELEASES", 3)
    outside: list[str] = []
    made: list[str] = []
    make_doc = nlp.make_doc

    def spy(text: str):  # type: ignore[no-untyped-def]
        made.append(text)
        if not nlp.vocab.in_memory_zone:
            outside.append(text)
        return make_doc(text)

    monkeypatch.setattr(nlp, "make_doc", spy)
    first = list(mirps_nlp.extract_many(RELEASES[:2], nlp=nlp))
    assert outside == RELEASES[:2]
    second = list(mirps_nlp.extract_many(RELEASES[2:], nlp=nlp))
    assert outside == RELEASES[:3]  # the warm-up stops at WARM_RELEASES for this pipeline
    assert extraction._WARMED[nlp] == 3
    assert made == RELEASES  # each release tokenised once: the warm-up is no extra work
    # warm or not, a release's record is the same
    again = list(mirps_nlp.extract_many(RELEASES, nlp=nlp))
    assert [r.to_json_dict() for r in again] == [r.to_json_dict() for r in first + second]
