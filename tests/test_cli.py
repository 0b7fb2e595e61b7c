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


RELEASE = "Pledges Made\n\nDonors pledged more than US$ 110 million for refugees."


def write_release(folder: Path, name: str = "r.txt", text: str = RELEASE) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag: str) -> None:
    result = run_cli(flag)
    assert result.returncode == 0 and result.stdout.decode().strip() == f"mirps-nlp {__version__}"


def _commands() -> list[list[str]]:
    from mirps_nlp.cli import app

    names = [info.name or (info.callback.__name__ if info.callback else "") for info in app.registered_commands]
    assert {"extract", "batch", "schema", "evaluate", "train"} <= set(names)
    return [[], *([name] for name in names)]


@pytest.mark.parametrize("command", _commands())
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_lists_exit_codes_and_shows_flags_as_flags(command: list[str], flag: str) -> None:
    result = run_cli(*command, flag)
    text = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "Exit codes:" in text and "usage" in text and "internal error" in text
    assert "<bool>" not in text  # an on/off flag takes no value


def test_importing_the_package_or_the_cli_loads_no_spacy() -> None:
    """Start-up is lazy: --help must not pay for spaCy, the pipeline or the batch machinery."""
    code = (
        "import sys, mirps_nlp, mirps_nlp.cli; "
        "print(sorted(m for m in ('spacy', 'mirps_nlp.batch', 'mirps_nlp.extraction', 'datasketch', 'trafilatura') "
        "if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().strip() == "[]"


def test_the_package_still_exports_its_names_lazily() -> None:
    import mirps_nlp

    assert {"extract", "extract_many", "load", "InputItem", "Release"} <= set(dir(mirps_nlp))
    assert mirps_nlp.Release.__name__ == "Release"
    with pytest.raises(AttributeError):
        _ = mirps_nlp.no_such_name


def test_schema_is_json_schema(tmp_path: Path) -> None:
    schema = json.loads(run_cli("schema").stdout)
    assert schema["title"] == "Release" and "chair_transfers" in schema["properties"]
    assert json.loads(run_cli("schema", "-o", "-").stdout) == schema
    assert run_cli("schema", "-o", str(tmp_path / "s.json")).returncode == 0
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8")) == schema


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
    missing = run_cli("extract", str(tmp_path / "nope.txt"))
    assert "nope.txt" in assert_one_line_error(missing) and missing.returncode == 2
    directory = run_cli("extract", str(tmp_path))
    assert "batch" in assert_one_line_error(directory) and directory.returncode == 1


def test_many_inputs_go_to_one_jsonl_file_and_a_bad_one_costs_only_itself(tmp_path: Path) -> None:
    good = write_release(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "records.jsonl"
    result = run_cli("extract", str(good), str(tmp_path / "empty.txt"), "-", "-o", str(out), stdin=RELEASE.encode())
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "Traceback" not in err and "empty.txt: is empty" in err and "2 records written" in err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["title"] for line in lines] == ["Pledges Made", "Pledges Made"]
    assert [json.loads(line)["source"]["path"] for line in lines] == [str(good), None]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "r.txt", "records.jsonl"]  # no temp left
    quiet = run_cli("extract", str(good), str(good), "-o", str(out), "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == b""
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    dash = run_cli("extract", str(good), str(good), "-o", "-", "-q")
    assert [json.loads(line)["title"] for line in dash.stdout.decode().splitlines()] == ["Pledges Made"] * 2


@pytest.mark.parametrize(
    "args",
    [
        ["extract", "{good}", "{missing}", "-o", "{out}"],
        ["extract", "{good}", "-o", "{missing_folder}/x.jsonl"],
        ["extract", "{good}", "-f", "pretty", "-o", "{out}"],
        ["extract", "-", "-"],
        ["extract", "{good}", "--lang", "xx"],
        ["extract", "{good}", "--model", "xx_missing_model"],
        ["batch", "{good}", "{missing}", "-o", "{missing_folder}/x.jsonl"],
        ["batch", "{good}", "-o", "-", "--resume"],
        ["extract", "{good}", "--no-such-option"],
    ],
)
def test_usage_errors_exit_2_and_write_nothing(tmp_path: Path, args: list[str]) -> None:
    good = write_release(tmp_path)
    names = {
        "good": str(good),
        "missing": str(tmp_path / "typo.txt"),
        "missing_folder": str(tmp_path / "new"),
        "out": str(tmp_path / "out.jsonl"),
    }
    result = run_cli(*(arg.format(**names) for arg in args), stdin=b"")
    assert result.returncode == 2, result.stderr.decode()
    assert "Traceback" not in result.stderr.decode() and result.stdout == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.txt"]  # no output, no folder, no summary


def test_a_folder_of_unsupported_files_says_why(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "report.pdf").write_bytes(b"%PDF-1.4")
    (folder / "notes.docx").write_bytes(b"PK")
    result = run_cli("batch", str(folder), "-o", str(tmp_path / "out" / "all.jsonl"))
    line = assert_one_line_error(result)
    assert result.returncode == 1
    assert "no release files" in line and ".pdf" in line and ".docx" in line and ".txt" in line
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_symlink_out_of_the_folder_is_read_only_with_follow_symlinks(tmp_path: Path) -> None:
    outside = write_release(tmp_path, "outside.txt")
    folder = tmp_path / "archive"
    folder.mkdir()
    write_release(folder, "inside.txt", RELEASE.replace("110", "130"))
    (folder / "link.txt").symlink_to(outside)
    refused = run_cli("batch", str(folder), "--out", "-", "-q")
    assert refused.returncode == 1 and "--follow-symlinks" in refused.stderr.decode()
    assert len(refused.stdout.decode().splitlines()) == 1
    followed = run_cli("batch", str(folder), "--out", "-", "-q", "--follow-symlinks")
    assert followed.returncode == 0, followed.stderr.decode()
    assert len(followed.stdout.decode().splitlines()) == 2


@pytest.mark.slow
def test_batch_reads_paths_or_jsonl_from_stdin_and_writes_stdout(tmp_path: Path) -> None:
    good = write_release(tmp_path)
    other = write_release(tmp_path, "other.txt", RELEASE.replace("110", "120"))
    paths = run_cli("batch", "-", "--out", "-", "--quiet", stdin=f"{good}\n{other}\n".encode())
    assert paths.returncode == 0, paths.stderr.decode()
    records = [json.loads(line) for line in paths.stdout.decode().splitlines()]
    assert [r["source"]["path"] for r in records] == [str(good), str(other)]
    assert paths.stderr == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.txt", "r.txt"]  # no store, no index

    lines = json.dumps({"id": "a1", "text": RELEASE}) + "\n" + json.dumps({"id": "a2"}) + "\n"
    jsonl = run_cli("batch", "-", "-o", str(tmp_path / "out.jsonl"), "--no-store", stdin=lines.encode())
    assert jsonl.returncode == 1  # the second line has no text
    written = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["source"]["input_id"] for r in written] == ["a1"]
    assert "Traceback" not in jsonl.stderr.decode() and "stdin.jsonl:2" in jsonl.stderr.decode()


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


def test_evaluate_json_to_stdout_leaves_the_tables_on_stderr(seeds_dir: Path) -> None:
    result = run_cli("evaluate", "--gold", str(seeds_dir / "gold"), "--texts", str(seeds_dir), "--json", "-")
    assert result.returncode == 0, result.stderr.decode()
    scores = json.loads(result.stdout)  # nothing but the JSON on standard output
    assert scores and "micro-F1" in result.stderr.decode()
