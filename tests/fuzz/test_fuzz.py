"""Run the atheris harness (fuzz_extract.py) for a bounded time, so CI fuzzes on every run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HARNESS = Path(__file__).with_name("fuzz_extract.py")
REPO = HARNESS.parent.parent.parent
#: Seeds for the mutator: one English text, one HTML page, one Spanish text from the corpus.
SEEDS = (
    "c101_oas_mexico_city_second_annual_meeting.txt",
    "c103_spain_mirps_fund_contribution.html",
    "s143_rree_el_salvador_ostentara_ppt_mirps_2026.txt",
)
#: Seconds of fuzzing (after the pipeline has loaded); FUZZ_SECONDS overrides it.
SECONDS = int(os.environ.get("FUZZ_SECONDS", "45"))


@pytest.mark.slow
def test_atheris_finds_no_crash_in_bounded_time(tmp_path: Path) -> None:
    try:
        import atheris  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("atheris is missing: CI installs the dev extra, which has it on Linux")
        pytest.skip("atheris is in the dev extra (Linux wheels); install it to fuzz")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for mode, name in enumerate(SEEDS):
        # The harness reads the first byte as the way to ingest (sniffed, html, text, JSONL html).
        (corpus / name).write_bytes(bytes([mode]) + (REPO / "corpus" / "releases" / name).read_bytes())
    command = [
        sys.executable, str(HARNESS), str(corpus),
        f"-max_total_time={SECONDS}",
        "-timeout=120",  # one input taking this long is a hang, reported as a crash
        "-max_len=8192",
        "-rss_limit_mb=3072",
        "-print_final_stats=1",
    ]
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=SECONDS + 600)
    output = result.stderr[-4000:]
    crashes = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-")))
    assert result.returncode == 0 and not crashes, f"{crashes}\n{output}"
    assert "Done" in result.stderr and "stat::number_of_executed_units" in result.stderr, output
    runs = int(result.stderr.split("stat::number_of_executed_units:")[1].split()[0])
    assert runs > len(SEEDS)  # it fuzzed, not only replayed the seeds
