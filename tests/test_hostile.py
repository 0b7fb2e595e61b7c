"""Hostile inputs: each row of issue 15's table, refused with a sentence or read with a warning.

FIFOs, sockets and devices must be refused before any read (a read would block forever);
symbolic links out of an input folder refused; damaged text decoded where it is damaged;
cost linear in size (timed in CPU seconds, so a busy machine does not fail the test).

Issue 15's table, row by row (the batch faults are in tests/test_batch.py):

    FIFO / socket / device            test_a_fifo_*, test_a_socket_and_a_device_are_refused
    text under the size limit         test_cost_grows_linearly_with_size (slow: 2 MB <= 40x 100 KB)
    a 940 KB headline line            test_a_long_headline_line_costs_seconds (slow)
    a JSONL line nested 100k deep     test_one_deeply_nested_jsonl_line_costs_only_itself
    a missing path without suffix     test_a_missing_path_without_suffix_is_an_error
    invalid UTF-8 in one place        test_invalid_utf8_in_one_place_is_decoded_there_only
    a lone surrogate                  test_a_lone_surrogate_does_not_cut_the_text
    20,001 unbalanced quotes          test_repeated_warnings_*, test_twenty_thousand_* (slow)
    Ctrl-C during --workers 2         test_batch: test_cli_ctrl_c_stops_every_process_with_one_message
    SIGKILL of one worker             test_batch: test_cli_survives_a_killed_worker,
                                      test_a_release_that_kills_its_worker_twice_costs_only_itself
    SIGKILL of the parent             test_batch: test_cli_workers_die_with_their_parent_and_resume_works
    fresh run over a corrupt store    test_batch: test_a_corrupt_store_*, test_a_failing_fresh_run_*
    read-only, disk full, bad --out   test_batch: test_a_bad_output_place_is_one_sentence,
                                      test_a_missing_output_folder_is_created,
                                      test_cli_on_a_real_full_disk_and_a_read_only_folder (slow, root)
    an unreadable subfolder           test_an_unreadable_subfolder_is_reported
    a symlink out of the folder       test_a_symlink_out_of_the_folder_is_refused_unless_followed
    a torn last JSONL line, --resume  test_batch: test_resume_repairs_a_torn_or_shortened_tail
    fuzzing (bytes, HTML, quotes)     test_fuzz_*
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mirps_nlp
from mirps_nlp import ingest
from mirps_nlp.batch import discover, run_batch
from mirps_nlp.errors import InputError
from mirps_nlp.extraction import InputItem, extract_ingested
from mirps_nlp.records import Release

GOOD = (
    "Panamá Hosts the MIRPS Meeting\n\n"
    "Ciudad de Panamá, 12 May 2024 – The Government of Panama hosted the annual meeting, said "
    "Minister José Martínez.\n"
)


def run_within(seconds: float, function, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Run ``function`` in a thread; fail (instead of hanging the suite) if it blocks."""
    result: dict[str, object] = {}

    def target() -> None:
        try:
            result["value"] = function(*args, **kwargs)
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            result["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"{function.__name__} blocked for more than {seconds}s"
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result.get("value")


# --------------------------------------------------------------------------- special files


def test_a_fifo_is_refused_by_extract_before_any_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="named pipe"):
        run_within(10, mirps_nlp.extract, str(fifo))


def test_a_socket_and_a_device_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(InputError, match="socket"):
            run_within(10, mirps_nlp.extract, str(path))
    finally:
        server.close()
    with pytest.raises(InputError, match="device"):
        run_within(10, mirps_nlp.extract, "/dev/zero")


def test_a_fifo_in_a_batch_folder_costs_only_itself(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(folder / "b.txt")
    os.mkfifo(folder / "c.jsonl")
    (folder / "d.txt").write_text(GOOD.replace("12 May", "13 May"), encoding="utf-8")
    out = tmp_path / "out" / "r.jsonl"
    summary = run_within(120, run_batch, [folder], out, store=False)
    assert summary.written == 2 and summary.failed == 2
    errors = [json.loads(line) for line in out.with_suffix(".errors.jsonl").read_text().splitlines()]
    assert all("named pipe" in error["reason"] for error in errors)


def test_a_symlink_out_of_the_folder_is_refused_unless_followed(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text(GOOD, encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "inside.txt").write_text(GOOD.replace("12 May", "14 May"), encoding="utf-8")
    (folder / "alias.txt").symlink_to(folder / "inside.txt")  # inside the folder: fine
    (folder / "leak.txt").symlink_to(outside)
    refused = [c for c in discover([folder]) if c.error]
    assert len(refused) == 1 and "follow-symlinks" in (refused[0].error or "")
    assert "leak.txt" in refused[0].label
    assert not [c for c in discover([folder], follow_symlinks=True) if c.error]


def test_an_unreadable_subfolder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    locked = str(folder / "locked")
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> object:
        # Root ignores file modes, so deny the listing the way the kernel would.
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    candidates = list(discover([folder]))
    errors = [c for c in candidates if c.error]
    assert len(errors) == 1 and "locked" in errors[0].label and "Permission denied" in (errors[0].error or "")
    assert [c.label for c in candidates if not c.error] == [str(folder / "a.txt")]


def test_a_missing_path_without_suffix_is_an_error() -> None:
    with pytest.raises(InputError, match="no such file"):
        mirps_nlp.extract("/path/to/missing_file")
    # Text is still text, even short and with a slash in it.
    assert mirps_nlp.extract("Panama and Costa Rica met on 12/05/2024 to discuss protection.").id


# --------------------------------------------------------------------------- damaged text


def test_invalid_utf8_in_one_place_is_decoded_there_only(tmp_path: Path) -> None:
    path = tmp_path / "damaged.txt"
    path.write_bytes(GOOD.encode("utf-8") + b"A stray \x96 dash on the fourth line.\n")
    release = mirps_nlp.extract(str(path), include_text=True)
    assert release.text is not None
    assert "José Martínez" in release.text and "Panamá" in release.text  # no mojibake elsewhere
    assert "stray – dash" in release.text
    assert any("line 4" in w and "not valid UTF-8" in w for w in release.warnings), release.warnings


def test_a_whole_cp1252_file_still_decodes_as_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(GOOD.encode("cp1252"))
    release = mirps_nlp.extract(str(path), include_text=True)
    assert release.text is not None and "José Martínez" in release.text
    assert any("cp1252" in w for w in release.warnings)


def test_a_lone_surrogate_does_not_cut_the_text() -> None:
    html = (
        "<html><body><h1>Ministers Meet in Panama</h1><p>Before \ud800 after the surrogate, the ministers "
        "of Panama and Belize met.</p><p>A second paragraph follows.</p></body></html>"
    )
    release = mirps_nlp.extract(InputItem(html=html), include_text=True)
    assert release.text is not None and "second paragraph" in release.text and "after the surrogate" in release.text
    assert any("surrogate" in w for w in release.warnings)
    text_release = mirps_nlp.extract(InputItem(text="Ministers Meet\n\nPanama \udc80 hosts. It ends here."),
                                     include_text=True)
    assert text_release.text is not None and "It ends here." in text_release.text


def test_repeated_warnings_are_collapsed_with_a_count() -> None:
    text = "Ministers Meet\n\nPanama City, 12 May 2024 – " + "\n\n".join('He said "yes' for _ in range(2001))
    release = mirps_nlp.extract(text)
    assert len(release.warnings) <= 6
    assert any("1,998 more warnings" in w for w in release.warnings), release.warnings


def test_one_deeply_nested_jsonl_line_costs_only_itself(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"r{n}", "text": GOOD.replace("12 May", f"{n % 27 + 1} May")}) for n in range(5)]
    lines.insert(2, "[" * 100_000 + "]" * 100_000)
    archive = tmp_path / "in.jsonl"
    archive.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = run_batch([archive], tmp_path / "out.jsonl", store=False)
    assert summary.failed == 1
    errors = (tmp_path / "out.errors.jsonl").read_text()
    assert "nested too deeply" in errors and "in.jsonl:3" in errors
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 5


# --------------------------------------------------------------------------- cost


def _body(size: int) -> str:
    paragraph = (
        "The Government of Costa Rica and UNHCR met in San José with Minister Ana López, who said "
        '"we will protect the more than 1.2 million people displaced in the region," and the OAS '
        "Secretary General Luis Ramírez pledged US$ 5 million on 3 March 2024.\n\n"
    )
    return "Ministers Meet\n\nSan José, 4 March 2024 – " + paragraph * (size // len(paragraph) + 1)


def _cpu_seconds(text: str) -> float:
    started = time.process_time()
    mirps_nlp.extract(text)
    return time.process_time() - started


@pytest.mark.slow
def test_cost_grows_linearly_with_size() -> None:
    mirps_nlp.extract(_body(2_000))  # load the pipeline outside the timing
    small = _cpu_seconds(_body(100_000))
    large = _cpu_seconds(_body(2_000_000))
    assert large <= 40 * small, f"2 MB cost {large:.1f}s, 100 KB {small:.2f}s"


@pytest.mark.slow
def test_a_long_headline_line_costs_seconds() -> None:
    unit = "Deputy Foreign Minister Ana Perez of Panama and OAS Secretary General Juan Lopez Garcia "
    tail = '\n\nPanama City, 12 May 2024 – Ministers met. "We agree," said Perez.\n'
    mirps_nlp.extract(unit + tail)
    small = _cpu_seconds(unit * (94_000 // len(unit)) + tail)
    large = _cpu_seconds(unit * (940_000 // len(unit)) + tail)
    assert large <= 20 * max(small, 0.05), f"940 KB line cost {large:.1f}s, 94 KB {small:.2f}s"


# --------------------------------------------------------------------------- fuzzing (hypothesis)
# Whatever comes in: a record or an InputError, never another exception; every offset inside the
# normalised text, every mention its own words, every warning one readable sentence.

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
QUOTE_MARKS = ['"', "'", "“", "”", "‘", "’", "«", "»", "„", "‹", "›", "「", "」", "``", "''", "—"]
WORDS = [
    "said", "Minister", "Ana", "Pérez", "of", "Panama", "the", "MIRPS", "Pro", "Tempore", "Presidency",
    "to", "Belize", "we", "will", "protect", "1.2", "million", "refugees", "US$", "5", "12", "May", "2024",
    "according", "OAS", "Secretary", "General", "told", "reporters", "and", "Costa", "Rica", "handed", ".",
    ",", ";", ":", "\n", "\n\n", "–", "(", ")",
]


def assert_sound(release: Release) -> None:
    """The properties every record must have, whatever its input."""
    text = release.text
    assert text is not None
    size = len(text)
    for kind in ("quotes", "figures", "chair_transfers", "chair_terms", "meetings", "documents"):
        for item in getattr(release, kind):
            assert 0 <= item.start <= item.end <= size, (kind, item.start, item.end, size)
    for actor in release.actors:
        for span in actor.mentions:
            assert 0 <= span.start <= span.end <= size and text[span.start : span.end] == span.text
    for warning in release.warnings:
        assert_sentence(warning)


def assert_sentence(warning: str) -> None:
    """One line a person can read: words, no control characters, no traceback or object repr."""
    assert warning.strip() and "\n" not in warning and len(warning) <= 600, warning
    assert len(warning.split()) >= 2, warning
    assert not any(ord(c) < 32 for c in warning), warning
    assert "Traceback" not in warning and " object at 0x" not in warning, warning


def extract_or_refuse(data: bytes, name: str) -> None:
    try:
        ingested = ingest.ingest_bytes(data, name=name)
        release = extract_ingested(ingested, include_text=True)
    except InputError as error:  # refusing is fine, with a sentence
        assert_sentence(str(error))
        return
    assert_sound(release)


@FUZZ
@given(data=st.binary(max_size=3000), name=st.sampled_from(["fuzz.txt", "fuzz.html", "fuzz.md", "fuzz"]))
def test_fuzz_random_bytes(data: bytes, name: str) -> None:
    extract_or_refuse(data, name)


@FUZZ
@given(
    prefix=st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
    noise=st.binary(max_size=200),
)
def test_fuzz_text_with_damaged_bytes(prefix: str, noise: bytes) -> None:
    extract_or_refuse(("Ministers Meet\n\n" + prefix).encode("utf-8") + noise + b" said Ana.", "fuzz.txt")


TAGS = ["p", "div", "h1", "h2", "span", "a", "b", "i", "li", "ul", "table", "td", "tr", "script", "style",
        "title", "head", "body", "article", "br", "meta", "time", "blockquote", "q", "![CDATA[", "!--"]
ATTRIBUTES = ["", ' class="x"', ' href="http://example.org"', ' property="og:title" content="T"',
              ' datetime="2024-05-12"', " onload=alert(1)", ' style="display:none"', " x=\"'\"", " =="]


def html_strategy() -> st.SearchStrategy[str]:
    words = st.lists(st.sampled_from(WORDS + QUOTE_MARKS + ["&amp;", "&#x201c;", "&bogus;", "<", ">", "&#0;"]),
                     max_size=25).map(" ".join)
    opening = st.builds(lambda t, a: f"<{t}{a}>", st.sampled_from(TAGS), st.sampled_from(ATTRIBUTES))
    closing = st.sampled_from(TAGS).map(lambda t: f"</{t}>")
    piece = st.one_of(words, opening, closing, st.text(max_size=20))
    return st.lists(piece, max_size=40).map("".join)


@FUZZ
@given(html=html_strategy())
def test_fuzz_random_html(html: str) -> None:
    try:
        release = mirps_nlp.extract(InputItem(html=html or "<p></p>"), include_text=True)
    except InputError as error:
        assert_sentence(str(error))
        return
    assert_sound(release)
    extract_or_refuse(html.encode("utf-8", "surrogatepass"), "fuzz.html")


@FUZZ
@given(tokens=st.lists(st.sampled_from(WORDS + QUOTE_MARKS * 3), min_size=1, max_size=120))
def test_fuzz_random_mixes_of_quotation_marks(tokens: list[str]) -> None:
    body = " ".join(tokens)
    text = f"Ministers Meet in Panama\n\nPanama City, 12 May 2024 – {body}\n"
    try:
        release = mirps_nlp.extract(InputItem(text=text), include_text=True)
    except InputError as error:
        assert_sentence(str(error))
        return
    assert_sound(release)


@pytest.mark.slow
def test_twenty_thousand_unbalanced_quotation_marks_give_a_few_warnings() -> None:
    text = "Ministers Meet\n\nPanama City, 12 May 2024 – " + "\n\n".join('He said "yes' for _ in range(20_001))
    release = mirps_nlp.extract(text)
    assert len(release.warnings) <= 6
    assert any("19,998 more warnings" in w for w in release.warnings), release.warnings
    assert len(json.dumps(release.warnings)) < 2_000
    for warning in release.warnings:
        assert_sentence(warning)
