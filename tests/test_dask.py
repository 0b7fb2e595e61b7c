"""The Dask engine on a real scheduler and two workers on loopback gives the local engine's records."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed")

from mirps_nlp.batch import run_batch
from test_batch import read_lines, write_archive

pytestmark = pytest.mark.slow

DASK = Path(sys.executable).with_name("dask")
START_TIMEOUT = 90.0


def _wait_for(condition, what: str, procs: list[subprocess.Popen[bytes]]) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        for proc in procs:
            if proc.poll() is not None:
                pytest.fail(f"a dask process exited early ({proc.args}) while waiting for {what}")
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``dask scheduler`` + two ``dask worker`` processes on 127.0.0.1, as separate commands."""
    if not DASK.exists() and shutil.which("dask") is None:
        pytest.skip("the dask command is not installed")
    command = str(DASK) if DASK.exists() else "dask"
    folder = tmp_path_factory.mktemp("dask")
    scheduler_file = folder / "scheduler.json"
    env = dict(os.environ)
    procs: list[subprocess.Popen[bytes]] = []
    logs = [open(folder / f"log{n}.txt", "wb") for n in range(3)]  # noqa: SIM115 - closed below
    try:
        procs.append(subprocess.Popen(
            [command, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--scheduler-file", str(scheduler_file)],
            stdout=logs[0], stderr=subprocess.STDOUT, env=env,
        ))
        _wait_for(scheduler_file.exists, "the scheduler file", procs)
        address = json.loads(scheduler_file.read_text())["address"]
        for n in (1, 2):
            procs.append(subprocess.Popen(
                [command, "worker", address, "--host", "127.0.0.1", "--nworkers", "1", "--nthreads", "1",
                 "--no-dashboard", "--name", f"w{n}"],
                stdout=logs[n], stderr=subprocess.STDOUT, env=env,
            ))
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=START_TIMEOUT)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in reversed(procs):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        for log in logs:
            log.close()


def test_a_real_scheduler_gives_the_local_records(scheduler: str, tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "in", good=40, bad=True)
    local = run_batch([archive], tmp_path / "local.jsonl", store=False)
    remote = run_batch(
        [archive], tmp_path / "dask.jsonl", engine="dask", scheduler=scheduler, batch_size=4, store=False
    )
    assert (remote.written, remote.failed) == (local.written, local.failed) == (40, 3)
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    local_errors = read_lines(tmp_path / "local.errors.jsonl")
    remote_errors = read_lines(tmp_path / "dask.errors.jsonl")
    assert sorted(e["path"] for e in local_errors) == sorted(e["path"] for e in remote_errors)

    resumed = run_batch(
        [archive], tmp_path / "dask.jsonl", engine="dask", scheduler=scheduler, resume=True, store=False
    )
    assert (resumed.written, resumed.skipped) == (0, 40)


def test_a_local_cluster_when_no_scheduler_is_given(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "in", good=6, bad=False)
    local = run_batch([archive], tmp_path / "local.jsonl", store=False)
    cluster = run_batch([archive], tmp_path / "cluster.jsonl", engine="dask", workers=2, store=False)
    assert cluster.written == local.written == 6
    assert (tmp_path / "cluster.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
