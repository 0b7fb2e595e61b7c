"""Batch extraction: no loss, no duplicates, resume, crash safety, JSONL inputs, the CLI.

The archive is synthetic (templated releases) so these tests do not depend on the corpus.
"""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mirps_nlp.batch import (
    BatchProgress,
    ResumeIndex,
    count_inputs,
    default_store_path,
    discover,
    output_paths,
    run_batch,
    staged,
)
from mirps_nlp.errors import MirpsError, OutputError
from mirps_nlp.records import Release
from mirps_nlp.sinks import JsonlSink, encode_line
from mirps_nlp.store import ReleaseStore

COUNTRIES = ["Belize", "Costa Rica", "Guatemala", "Honduras", "Mexico", "Panama", "El Salvador"]
PEOPLE = ["Ana Lopez", "Carlos Ruiz", "Maria Gomez", "Jorge Diaz", "Lucia Perez"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def release_text(n: int) -> str:
    """A small release in the genre; ``n`` makes it unique (and varies the phrasing)."""
    country = COUNTRIES[n % len(COUNTRIES)]
    previous = COUNTRIES[(n + 3) % len(COUNTRIES)]
    person = PEOPLE[n % len(PEOPLE)]
    month = MONTHS[n % len(MONTHS)]
    return (
        f"Press Release E-{n:03d}/24\n\n"
        f"{country} assumes the Pro Tempore Presidency of the MIRPS\n\n"
        f"Washington, D.C., {month} {n % 27 + 1}, 2024 - The Government of {country} today assumed the "
        f"Pro Tempore Presidency of the Comprehensive Regional Framework for Protection and Solutions "
        f"(MIRPS), taking over from {previous}. More than {n + 2}.{n % 10} million people have been "
        f"forcibly displaced in Central America and Mexico, and the countries made {100 + n} commitments.\n\n"
        f'"We will keep working together for the {n + 10} communities that host refugees," said {person}, '
        f"Minister of Foreign Affairs of {country}.\n"
    )


def write_archive(folder: Path, good: int = 40, bad: bool = True) -> Path:
    """``good`` releases in nested folders, plus three bad files: empty, binary, missing (dangling link)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(good):
        sub = folder / f"year{2020 + n % 3}"
        sub.mkdir(exist_ok=True)
        (sub / f"release_{n:03d}.txt").write_text(release_text(n), encoding="utf-8")
    (folder / "notes.json").write_text("{}", encoding="utf-8")  # not a release suffix: not picked up
    (folder / ".hidden.txt").write_text(release_text(999), encoding="utf-8")  # hidden: skipped
    if bad:
        (folder / "year2020" / "empty.txt").write_bytes(b"")
        (folder / "year2021" / "binary.txt").write_bytes(bytes(range(256)) * 8)
        (folder / "year2022" / "missing.txt").symlink_to(folder / "does-not-exist.txt")
    return folder


def read_lines(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw == b"" or raw.endswith(b"\n"), "the output ends in a torn line"
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_archive(tmp_path_factory.mktemp("archive") / "releases")


# --------------------------------------------------------------------------- discovery


def test_discover_walks_folders_in_a_stable_order(archive: Path) -> None:
    labels = [candidate.label for candidate in discover([archive])]
    assert len(labels) == 43
    assert labels == [c.label for c in discover([archive])]
    assert not any(label.endswith((".json", ".hidden.txt")) for label in labels)
    assert count_inputs([archive]) == 43
    broken = [c for c in discover([archive]) if c.error]
    assert [Path(c.label).name for c in broken] == ["missing.txt"]


def test_discover_reads_jsonl_lines(tmp_path: Path) -> None:
    lines = [
        {"id": "a", "text": release_text(1)},
        {"id": "b", "html": f"<html><body><p>{release_text(2)}</p></body></html>", "url": "https://example.org/b"},
        {"id": "c"},
        "not json",
    ]
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n\n")
    candidates = list(discover([path]))
    assert [c.item.id for c in candidates[:2]] == ["a", "b"]
    assert candidates[0].item.text and candidates[1].item.html and candidates[1].item.url
    assert [c.error is not None for c in candidates] == [False, False, True, True]
    assert count_inputs([path]) == 4


# --------------------------------------------------------------------------- the run


def test_forty_good_three_bad_then_resume_adds_nothing(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "records.jsonl"
    seen: list[BatchProgress] = []
    summary = run_batch([archive], out, on_progress=seen.append, commit_every=7)
    out_path, errors_path, _index = output_paths(out)

    records = read_lines(out_path)
    assert len(records) == 40 and summary.written == 40
    assert len({r["id"] for r in records}) == 40
    for record in records:
        Release.model_validate(record)  # every line is a valid record
    errors = read_lines(errors_path)
    assert summary.failed == 3 and len(errors) == 3 and not summary.ok
    assert sorted(Path(e["path"]).name for e in errors) == ["binary.txt", "empty.txt", "missing.txt"]
    assert all(e["reason"] and "\n" not in e["reason"] for e in errors)
    assert seen[-1].processed == seen[-1].total == 43

    with ReleaseStore(default_store_path(out)) as store:
        assert store.counts()["releases"] == 40
    before = out_path.read_bytes()

    again = run_batch([archive], out, resume=True)
    assert out_path.read_bytes() == before
    assert (again.written, again.skipped, again.failed) == (0, 40, 3)
    with ReleaseStore(default_store_path(out)) as store:
        assert store.counts()["releases"] == 40


def test_a_fresh_run_starts_over(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"
    run_batch([archive], out, store=False)
    second = run_batch([archive], out, store=False)
    assert second.written == 40 and len(read_lines(out)) == 40
    assert not default_store_path(out).exists()


def test_resume_picks_up_new_inputs_and_duplicates_count_once(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "in", good=5, bad=False)
    out = tmp_path / "records.jsonl"
    run_batch([archive], out)
    (archive / "new.txt").write_text(release_text(77), encoding="utf-8")
    (archive / "copy_of_1.txt").write_text(release_text(1), encoding="utf-8")  # same bytes as one done
    summary = run_batch([archive], out, resume=True)
    assert (summary.written, summary.skipped, summary.failed) == (1, 6, 0)
    assert len(read_lines(out)) == 6

    fresh = run_batch([archive, archive / "new.txt"], tmp_path / "fresh.jsonl")
    assert (fresh.written, fresh.duplicates) == (6, 2)  # copy_of_1 and new.txt named twice


def test_jsonl_input_lines_become_records(tmp_path: Path) -> None:
    path = tmp_path / "archive.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for n in range(6):
            handle.write(json.dumps({"id": f"rel-{n}", "text": release_text(n)}) + "\n")
        handle.write('{"id": "broken"\n')
        handle.write(json.dumps({"id": "empty", "text": "   "}) + "\n")
    out = tmp_path / "records.jsonl"
    summary = run_batch([path], out)
    assert (summary.written, summary.failed) == (6, 2)
    records = read_lines(out)
    assert len(records) == 6
    errors = read_lines(output_paths(out)[1])
    assert [e["input"].rsplit(":", 1)[-1].split()[0] for e in errors] == ["7", "8"]


def test_records_equal_single_extract(tmp_path: Path) -> None:
    """The batch writes exactly what ``extract`` returns for each file."""
    import mirps_nlp

    archive = write_archive(tmp_path / "in", good=4, bad=False)
    out = tmp_path / "records.jsonl"
    run_batch([archive], out, batch_size=3)
    records = read_lines(out)
    for record in records:
        assert mirps_nlp.extract(record["source"]["path"]).to_json_dict() == record


# --------------------------------------------------------------------------- crash safety


class Crash(Exception):
    pass


def test_crash_then_resume_loses_nothing_and_writes_nothing_twice(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"

    def crash_after_25(state: BatchProgress) -> None:
        if state.processed >= 25:
            raise Crash

    with pytest.raises(Crash):
        run_batch([archive], out, on_progress=crash_after_25, commit_every=10, commit_seconds=3600)
    assert not out.exists()  # a fresh run swaps its output in only when it succeeds
    partial = read_lines(staged(out))
    assert 0 < len(partial) <= 25  # whatever was written is whole lines

    # A power cut can also tear the last line: simulate one on top of the crash.
    with staged(out).open("ab") as handle:
        handle.write(b'{"schema_version":"1","id":"torn')
    summary = run_batch([archive], out, resume=True)
    records = read_lines(out)
    assert len(records) == 40 and len({r["source"]["path"] for r in records}) == 40
    assert summary.written == 40 - summary.skipped
    with ReleaseStore(default_store_path(out)) as store:
        assert store.counts()["releases"] == 40


def test_resume_refuses_an_output_it_did_not_write(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "in", good=2, bad=False)
    out = tmp_path / "records.jsonl"
    out.write_text('{"id": "x"}\n')
    with pytest.raises(MirpsError, match="resume index"):
        run_batch([archive], out, resume=True)
    assert out.read_text() == '{"id": "x"}\n'


@pytest.mark.parametrize("cut", ["torn", "shortened"])
def test_resume_repairs_a_torn_or_shortened_tail(tmp_path: Path, cut: str) -> None:
    archive = write_archive(tmp_path / "in", good=4, bad=False)
    out = tmp_path / "records.jsonl"
    run_batch([archive], out)
    lines = out.read_bytes().splitlines(keepends=True)
    assert len(lines) == 4
    # "torn": the last line loses its end (a copy cut short); "shortened": two whole lines go.
    out.write_bytes(b"".join(lines[:3]) + lines[3][:40] if cut == "torn" else b"".join(lines[:2]))
    summary = run_batch([archive], out, resume=True)
    records = read_lines(out)
    assert sorted(r["source"]["path"] for r in records) == sorted(str(p) for p in archive.rglob("release_*.txt"))
    assert summary.written == (1 if cut == "torn" else 2) and summary.skipped == 4 - summary.written
    assert summary.notes and "torn or shortened tail" in summary.notes[0]
    with ReleaseStore(default_store_path(out)) as store:
        assert store.counts()["releases"] == 4


def test_index_commit_is_atomic_with_the_committed_size(tmp_path: Path) -> None:
    index = ResumeIndex(tmp_path / "i.sqlite")
    index.start_run(fresh=True)
    index.commit([("a" * 64, "0123456789abcdef", "x.txt")], 123)
    assert index.lookup("a" * 64) == index.run and index.committed_size == 123
    index.close()


def _append_lines(path: str, worker: int, count: int) -> None:
    sink = JsonlSink(path, lock=False)
    for n in range(count):
        sink.write({"worker": worker, "n": n, "pad": "x" * (n * 37 % 5000)})
    sink.close()


def test_concurrent_appends_never_interleave(tmp_path: Path) -> None:
    path = tmp_path / "shared.jsonl"
    context = multiprocessing.get_context("fork")
    procs = [context.Process(target=_append_lines, args=(str(path), w, 200)) for w in range(4)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(30)
    lines = read_lines(path)
    assert len(lines) == 800
    assert {(line["worker"], line["n"]) for line in lines} == {(w, n) for w in range(4) for n in range(200)}


def test_a_second_writer_is_refused(tmp_path: Path) -> None:
    with JsonlSink(tmp_path / "a.jsonl"), pytest.raises(MirpsError, match="another run"):
        JsonlSink(tmp_path / "a.jsonl")


def test_encode_line_is_one_line() -> None:
    line = encode_line({"text": "two\nlines and “quotes”"})
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert json.loads(line)["text"] == "two\nlines and “quotes”"


# --------------------------------------------------------------------------- the command


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CI": "true"}
    return subprocess.run(
        [sys.executable, "-m", "mirps_nlp.cli_batch", *args],
        capture_output=True, text=True, timeout=300, env=env, check=False,
    )


def test_cli_reports_failures_with_exit_code_and_no_traceback(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "corpus.jsonl"
    result = run_cli(str(archive), "--out", str(out), "--batch-size", "8")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert len(read_lines(out)) == 40
    assert len(read_lines(out.with_suffix(".errors.jsonl"))) == 3
    assert "records written" in result.stderr and "40" in result.stderr
    assert out.with_suffix(".sqlite").exists()
    before = out.read_bytes()

    resumed = run_cli(str(archive), "--out", str(out), "--resume")
    assert resumed.returncode == 1 and "Traceback" not in resumed.stderr
    assert out.read_bytes() == before
    assert "skipped (already written)" in resumed.stderr


def test_cli_clean_run_exits_zero_and_bad_setup_is_one_line(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "in", good=3, bad=False)
    out = tmp_path / "r.jsonl"
    ok = run_cli(str(archive), "--out", str(out), "--no-store")
    assert ok.returncode == 0, ok.stderr
    assert not default_store_path(out).exists()
    bad = run_cli(str(archive), "--out", str(out), "--model", "no_such_model_xyz")
    assert bad.returncode == 2  # a usage error: the model named is not installed
    assert bad.stderr.strip().startswith("error:") and "Traceback" not in bad.stderr


# --------------------------------------------------------------------------- output faults


def test_a_failing_fresh_run_keeps_the_previous_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = write_archive(tmp_path / "in", good=6, bad=True)
    out = tmp_path / "records.jsonl"
    run_batch([archive], out)
    kept = (out, default_store_path(out), out.with_suffix(".errors.jsonl"))
    before = {path.name: path.read_bytes() for path in kept}
    real_write = os.write

    def full_disk(fd: int, data: bytes) -> int:
        if os.fstat(fd).st_size > 500:  # the disk fills up after a record or two
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(OutputError, match=r"records\.jsonl.*disk is full.*--resume"):
        run_batch([archive], out)
    monkeypatch.undo()
    assert {path.name: path.read_bytes() for path in kept} == before
    resumed = run_batch([archive], out, resume=True)  # continues the interrupted run, then swaps it in
    assert resumed.written + resumed.skipped == 6 and len(read_lines(out)) == 6
    assert not staged(out).exists() and len(read_lines(out.with_suffix(".errors.jsonl"))) == 3
    for bad in ("year2020/empty.txt", "year2021/binary.txt", "year2022/missing.txt"):
        (archive / bad).unlink()
    assert run_batch([archive], out).ok
    assert not out.with_suffix(".errors.jsonl").exists()  # the errors file describes the output beside it


def test_a_corrupt_store_is_rebuilt_by_a_fresh_run_and_named_on_resume(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "in", good=2, bad=False)
    out = tmp_path / "records.jsonl"
    run_batch([archive], out)
    records = out.read_bytes()
    default_store_path(out).write_bytes(b"this is not a database" * 100)
    with pytest.raises(OutputError, match=r"records\.sqlite is not a readable SQLite database.*delete it"):
        run_batch([archive], out, resume=True)
    assert out.read_bytes() == records
    run_batch([archive], out)
    with ReleaseStore(default_store_path(out)) as store:
        assert store.counts()["releases"] == 2


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("file.txt/records.jsonl", r"file\.txt is a file, not a folder; choose another --out"),
        ("folder", r"folder is a folder; give a file name inside it"),
        ("denied/records.jsonl", r"permission denied; choose a folder you can write to"),
    ],
)
def test_a_bad_output_place_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, message: str
) -> None:
    archive = write_archive(tmp_path / "in", good=1, bad=False)
    (tmp_path / "file.txt").write_text("x")
    (tmp_path / "folder").mkdir()
    (tmp_path / "denied").mkdir()
    real_open = os.open

    def denying_open(path: str | os.PathLike[str], flags: int, *args: object, **kwargs: object) -> int:
        # Root ignores file modes, so deny writes in the folder the way the kernel would.
        if Path(path).parent == tmp_path / "denied":
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", denying_open)
    with pytest.raises(OutputError, match=message):
        run_batch([archive], tmp_path / where)


def test_a_missing_output_folder_is_created(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "in", good=1, bad=False)
    out = tmp_path / "new" / "deeper" / "records.jsonl"
    assert run_batch([archive], out, store=tmp_path / "elsewhere" / "s.sqlite").written == 1
    assert out.is_file() and (tmp_path / "elsewhere" / "s.sqlite").is_file()
    with pytest.raises(MirpsError, match="no_such_model_xyz"):
        run_batch([archive], tmp_path / "never" / "records.jsonl", model="no_such_model_xyz")
    assert not (tmp_path / "never").exists()  # a run that cannot start creates nothing


@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() != 0 or sys.platform != "linux", reason="mounting a tmpfs needs root on Linux")
def test_cli_on_a_real_full_disk_and_a_read_only_folder(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "in", good=60, bad=False)
    for options, expected in (("ro,size=64k", "read-only"), ("size=48k", "disk is full")):
        mount = tmp_path / "mnt"
        mount.mkdir(exist_ok=True)
        if subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(mount)], check=False).returncode:
            pytest.skip("cannot mount a tmpfs here")
        try:
            result = run_cli(str(archive), "--out", str(mount / "r.jsonl"))
        finally:
            subprocess.run(["umount", str(mount)], check=True)
        assert result.returncode == 1, result.stderr
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert lines[-1].startswith("error: ") and expected in lines[-1], result.stderr
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr


# --------------------------------------------------------------------------- process faults


def write_jsonl_archive(path: Path, count: int, killer: int | None = None) -> Path:
    lines = []
    for n in range(count):
        text = release_text(n) + ("\nKILL-THE-WORKER\n" if n == killer else "")
        lines.append(json.dumps({"id": f"r{n:04d}", "text": text}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_release_that_kills_its_worker_twice_costs_only_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mirps_nlp.engines.local as local

    real_extract_many = local.extract_many

    def extract_many_that_dies(items, **options):  # type: ignore[no-untyped-def]
        def checked(items):  # type: ignore[no-untyped-def]
            for item in items:
                if item.text and "KILL-THE-WORKER" in item.text:
                    os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's OOM killer would
                yield item

        return real_extract_many(checked(items), **options)

    # The workers are forked after this, so they run the patched function.
    monkeypatch.setattr(local, "extract_many", extract_many_that_dies)
    archive = write_jsonl_archive(tmp_path / "in.jsonl", 30, killer=13)
    out = tmp_path / "out.jsonl"
    summary = run_batch([archive], out, workers=2, batch_size=4, store=False)
    assert summary.written == 29 and summary.failed == 1
    (error,) = read_lines(out.with_suffix(".errors.jsonl"))
    assert error["input"].endswith("in.jsonl:14 (r0013)") and "died twice" in error["reason"]
    assert len(read_lines(out)) == 29


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def start_cli(*args: str) -> subprocess.Popen[str]:
    """The batch command in its own process group (so a signal can reach all of it, as Ctrl-C does)."""
    env = {**os.environ, "CI": "true"}
    return subprocess.Popen(
        [sys.executable, "-m", "mirps_nlp.cli_batch", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True,
    )


def wait_for_records(path: Path, process: subprocess.Popen[str], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size > 0:
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    raise AssertionError(f"no record in {path} after {timeout}s")


def assert_complete(out: Path, count: int) -> None:
    records = read_lines(out)
    ids = sorted(r["id"] for r in records)
    assert len(records) == count and len(set(ids)) == count, "a record is missing or written twice"


#: Inputs of a faulted run: enough that the run is still going when the signal comes.
RUN_SIZE = 240
needs_proc = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")


def start_faulted_run(tmp_path: Path) -> tuple[Path, Path, subprocess.Popen[str], list[int]]:
    """A two-worker batch over RUN_SIZE inputs, running and past its first record: the stage for a fault."""
    archive = write_jsonl_archive(tmp_path / "in.jsonl", RUN_SIZE)
    out = tmp_path / "out.jsonl"
    process = start_cli(str(archive), "--out", str(out), "--workers", "2", "--batch-size", "8")
    wait_for_records(staged(out), process)
    return archive, out, process, children(process.pid)


def wait_until_gone(pids: list[int], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)


@pytest.mark.slow
@needs_proc
def test_cli_survives_a_killed_worker(tmp_path: Path) -> None:
    _archive, out, process, workers = start_faulted_run(tmp_path)
    assert len(workers) == 2
    os.kill(workers[0], signal.SIGKILL)
    _stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr and "internal error" not in stderr
    assert_complete(out, RUN_SIZE)


@pytest.mark.slow
@needs_proc
def test_cli_ctrl_c_stops_every_process_with_one_message(tmp_path: Path) -> None:
    archive, out, process, workers = start_faulted_run(tmp_path)
    os.killpg(process.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "Traceback" not in stderr + stdout and "KeyboardInterrupt" not in stderr
    progress = "batch: "  # the plain progress lines of a non-interactive run, every 10 s
    assert [line for line in stderr.splitlines() if line.strip() and not line.startswith(progress)] == [
        "interrupted: committed records are kept; rerun with --resume to continue"
    ]
    wait_until_gone(workers)
    assert not any(alive(pid) for pid in workers)
    resumed = run_cli(str(archive), "--out", str(out), "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert_complete(out, RUN_SIZE)


@pytest.mark.slow
@needs_proc
def test_cli_workers_die_with_their_parent_and_resume_works(tmp_path: Path) -> None:
    archive, out, process, workers = start_faulted_run(tmp_path)
    assert len(workers) == 2
    process.kill()
    process.communicate(timeout=30)
    wait_until_gone(workers)
    assert not any(alive(pid) for pid in workers), "a worker outlived its parent"
    resumed = run_cli(str(archive), "--out", str(out), "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert "Traceback" not in resumed.stderr
    assert_complete(out, RUN_SIZE)
