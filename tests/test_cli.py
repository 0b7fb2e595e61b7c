"""The command line: records on stdout, one-line errors on stderr, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mirps_nlp import __version__


def run_cli(*args: str, stdin: bytes | None = None, timeout: int = 300) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "mirps_nlp.cli", *args]
    return subprocess.run(command, input=stdin, capture_output=True, timeout=timeout)


def assert_one_line_error(result: subprocess.CompletedProcess[bytes]) -> str:
    err = result.stderr.decode()
    assert result.returncode != 0
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and __version__ in result.stdout.decode()


def test_schema_is_json_schema() -> None:
    schema = json.loads(run_cli("schema").stdout)
    assert schema["title"] == "Release" and "chair_transfers" in schema["properties"]


@pytest.mark.slow
def test_extract_seed_prints_a_valid_record_with_metadata(seeds_dir: Path) -> None:
    from mirps_nlp.records import Release

    result = run_cli("extract", str(seeds_dir / "002_b4751ba577fa868e.txt"), "--include-text")
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout)
    release = Release.model_validate({**record, "chair_transfers": record["chair_transfers"]})
    assert release.title == "Central America, Mexico Pledge to Boost Refugee Protections"
    assert release.published is None  # the text has no date: never invent one
    assert release.source.reference == "E-079/25"
    assert release.source.syndicated_by == "Mirage News"
    assert "Public Release" not in record["text"] and "View in full here" not in record["text"]


def test_extract_reads_stdin() -> None:
    text = "Panama Hosts Meeting\n\nPanama City, 12 December 2020 – Ministers met today."
    result = run_cli("extract", "-", stdin=text.encode())
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout)
    assert record["published"] == "2020-12-12"


def test_pretty_format_is_human_readable(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("Pledges Made\n\nDonors pledged more than US$ 110 million for refugees.", encoding="utf-8")
    result = run_cli("extract", str(path), "--format", "pretty")
    assert result.returncode == 0, result.stderr.decode()
    assert "Pledges Made" in result.stdout.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.txt", b""),
        ("blank.txt", b"   \n\n  "),
        ("binary.txt", bytes(range(256)) * 8),
        ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200),
    ],
)
def test_bad_input_gives_a_one_line_error(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert_one_line_error(run_cli("extract", str(path)))


def test_missing_path_and_directory(tmp_path: Path) -> None:
    assert "tmp" in assert_one_line_error(run_cli("extract", str(tmp_path / "nope.txt")))
    assert_one_line_error(run_cli("extract", str(tmp_path)))


def test_missing_model_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("Some release text about Panama.", encoding="utf-8")
    line = assert_one_line_error(run_cli("extract", str(path), "--model", "xx_missing_model"))
    assert "not installed" in line


def test_cp1252_input_gives_a_record_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Ministers Meet\n\n\u201cWe will act,\u201d said the Minister of Panama.".encode("cp1252"))
    result = run_cli("extract", str(path))
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout)
    assert any("cp1252" in warning for warning in record["warnings"])


def test_broken_html_gives_a_record_or_an_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    path.write_text("<html><body><h1>Meeting</h1><p>Costa Rica handed over the <b>Pro Tempore", encoding="utf-8")
    result = run_cli("extract", str(path))
    assert "Traceback" not in result.stderr.decode()
    if result.returncode == 0:
        assert json.loads(result.stdout)["schema_version"] == "1"
    else:
        assert_one_line_error(result)


@pytest.mark.slow
def test_five_megabytes_of_text(tmp_path: Path) -> None:
    paragraph = "Costa Rica and Panama met in San José to discuss protection. " * 20 + "\n\n"
    path = tmp_path / "huge.txt"
    path.write_text("Huge Release\n\n" + paragraph * (5_000_000 // len(paragraph)), encoding="utf-8")
    result = run_cli("extract", str(path), timeout=900)
    assert "Traceback" not in result.stderr.decode()
    if result.returncode == 0:
        assert json.loads(result.stdout)["schema_version"] == "1"
    else:
        assert_one_line_error(result)
