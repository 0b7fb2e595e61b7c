"""Start-up of the command line against the floor spaCy's own import sets, in fresh processes.

    python benchmarks/startup.py                 # median of 3 runs per row
    python benchmarks/startup.py --runs 5 --input path/to/release.html
    python benchmarks/startup.py --other /path/to/other/checkout/src   # + its rows, interleaved

Rows (each a new process, run round-robin so that a busy machine slows every row alike):

* ``python -c pass``: the interpreter alone;
* ``import spacy``: **the baseline**; every ratio printed is a row's time over this one;
* ``spacy.blank("en")``: spaCy's own language data and tokenizer, what any spaCy pipeline pays;
* ``mirps-nlp --help``: the command line, no spaCy;
* ``extract`` (English) and ``extract`` (Spanish): time until the first record line arrives on
  standard output (the process then exits), the language detected (``--lang`` not given);
* ``extract --lang es``: the same Spanish release with the language given.

With ``--other SRC`` the mirps-nlp rows run a second time with ``PYTHONPATH=SRC`` (another
version's code), so "before" and "after" are measured in the same round-robin. Wall time is what
a user waits; CPU time (user + system of the child) stays meaningful on a shared machine, where
wall time also measures the other processes. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RELEASES = REPO / "corpus" / "releases"
ENGLISH = RELEASES / "c201_oas_vii_annual_meeting_belize.txt"
SPANISH = RELEASES / "s102_acnur_costa_rica_recibe_ppt_2025.txt"


def command_line() -> list[str]:
    """The installed ``mirps-nlp`` script beside this interpreter, else ``python -m``."""
    script = Path(sys.executable).with_name("mirps-nlp")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "mirps_nlp.cli"]


Row = tuple[str, list[str], bool, dict[str, str] | None]


def rows(english: Path, spanish: Path, other: Path | None = None) -> list[Row]:
    """``(label, argv, wait for the first stdout line, environment or None)``."""
    cli = command_line()
    python = sys.executable
    ours: list[tuple[str, list[str], bool]] = [
        ("mirps-nlp --help", [*cli, "--help"], False),
        ("extract, English: first record", [*cli, "extract", str(english)], True),
        ("extract, Spanish: first record", [*cli, "extract", str(spanish)], True),
        ("extract --lang es, Spanish: first record", [*cli, "extract", "--lang", "es", str(spanish)], True),
    ]
    table: list[Row] = [
        ("python -c pass", [python, "-c", "pass"], False, None),
        ("import spacy (baseline)", [python, "-c", "import spacy"], False, None),
        ('spacy.blank("en")', [python, "-c", "import spacy; spacy.blank('en')"], False, None),
    ]
    table += [(label, argv, first, None) for label, argv, first in ours]
    if other is not None:
        env = {**os.environ, "PYTHONPATH": str(other.resolve())}
        table += [(f"{label} [other]", argv, first, env) for label, argv, first in ours]
    return table


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(argv: list[str], first_record: bool, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds (to the first stdout line when ``first_record``) and the child's CPU seconds."""
    cpu = children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout is not None and process.stderr is not None
    wall = None
    if first_record:
        line = process.stdout.readline()
        wall = time.perf_counter() - start
        if not line.startswith(b"{") or "id" not in json.loads(line):
            raise SystemExit(f"{' '.join(argv)}: no record on standard output: {line[:200]!r}")
    process.stdout.read()
    error = process.stderr.read()
    if process.wait() != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({process.returncode}): {error.decode()[-500:]}")
    return (wall if wall is not None else time.perf_counter() - start), children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per row; the median is printed (default 3)")
    parser.add_argument("--input", type=Path, default=ENGLISH, help="the English release to extract")
    parser.add_argument("--spanish", type=Path, default=SPANISH, help="the Spanish release to extract")
    parser.add_argument("--other", type=Path, help="also run the mirps-nlp rows with PYTHONPATH=OTHER")
    args = parser.parse_args()
    table = rows(args.input, args.spanish, args.other)
    for _, argv, first, env in table:  # warm the file cache (and any bytecode cache)
        measure(argv, first, env)
    walls: dict[str, list[float]] = {label: [] for label, *_ in table}
    cpus: dict[str, list[float]] = {label: [] for label, *_ in table}
    for _ in range(args.runs):
        for label, argv, first, env in table:
            wall, cpu = measure(argv, first, env)
            walls[label].append(wall)
            cpus[label].append(cpu)
    wall_base = statistics.median(walls[table[1][0]])
    cpu_base = statistics.median(cpus[table[1][0]])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"median of {args.runs} runs; {os.cpu_count()} cores, load average {load:.1f}; "
        f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}"
    )
    print(f"English: {args.input.name}; Spanish: {args.spanish.name}")
    print(f"{'row':<50} {'wall s':>7} {'x spacy':>8} {'CPU s':>7} {'x spacy':>8}")
    for label, *_ in table:
        wall, cpu = statistics.median(walls[label]), statistics.median(cpus[label])
        print(f"{label:<50} {wall:7.2f} {wall / wall_base:7.2f}x {cpu:7.2f} {cpu / cpu_base:7.2f}x")


if __name__ == "__main__":
    main()
