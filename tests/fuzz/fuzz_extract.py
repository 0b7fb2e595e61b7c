"""atheris harness: arbitrary bytes through ingest and extraction.

    .venv/bin/python tests/fuzz/fuzz_extract.py -max_total_time=600 [CORPUS_DIR ...]

Each input is read as a file's bytes would be (the first byte picks how: sniffed, as HTML, as
plain text, or as a JSONL line's HTML string) and, when ingest accepts it, extracted in full.
What must hold, whatever the bytes:

- ingest either reads them or raises :class:`~mirps_nlp.errors.MirpsError` (one sentence);
- extraction never raises anything else, and no component fails (no "component … failed"
  warning: the components' own isolation would otherwise hide a crash);
- every offset lies inside the normalised text and every mention is its own words;
- every warning is one line of text.

Anything else is a crash that libFuzzer reports with the input that caused it
(``crash-<sha1>`` in the working folder). ``tests/fuzz/test_fuzz.py`` runs this harness for a
bounded time in the suite; CI runs it (marked slow).
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["mirps_nlp"]):
    from mirps_nlp import ingest
    from mirps_nlp.errors import MirpsError
    from mirps_nlp.extraction import extract_ingested, get_pipeline

_KINDS = (None, "html", "text")


def check_release(release: object) -> None:
    """The properties every record must have (raises AssertionError otherwise)."""
    from mirps_nlp.records import Release

    assert isinstance(release, Release)
    text = release.text or ""
    size = len(text)
    located = [*release.quotes, *release.figures, *release.chair_transfers, *release.chair_terms,
               *release.meetings, *release.documents]
    for item in located:
        assert 0 <= item.start <= item.end <= size, (type(item).__name__, item.start, item.end, size)
    for actor in release.actors:
        for span in actor.mentions:
            assert text[span.start : span.end] == span.text, (actor.id, span)
    for warning in release.warnings:
        assert isinstance(warning, str) and warning.strip() and "\n" not in warning, repr(warning)
        assert "component" not in warning or "failed" not in warning, warning
    Release.model_validate_json(release.model_dump_json())  # what is printed reads back


def read(data: bytes) -> ingest.Ingested | None:
    """Ingest the bytes the way the first byte says; None when ingest refuses them (its job)."""
    if not data:
        return None
    mode, body = data[0] % 4, data[1:]
    try:
        if mode == 3:  # a JSONL line's "html": already a string, maybe with lone surrogates
            return ingest.ingest_html(body.decode("utf-8", "surrogatepass" if b"\xed" in body else "replace"))
        return ingest.ingest_bytes(body, name="fuzz", kind=_KINDS[mode])
    except UnicodeDecodeError:
        return None
    except MirpsError as error:
        message = str(error)
        assert message.strip() and "\n" not in message, repr(message)
        return None


def TestOneInput(data: bytes) -> None:  # atheris' name for the entry point
    ingested = read(data)
    if ingested is None:
        return
    try:
        release = extract_ingested(ingested, include_text=True)
    except MirpsError:
        return  # a refusal with a sentence (e.g. a text over the pipeline's length) is allowed
    check_release(release)


def main(argv: list[str]) -> None:
    get_pipeline(None, "en")  # load once, before the clock starts
    get_pipeline(None, "es")
    atheris.Setup(argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
