"""Write the golden snapshots: the full record of every corpus release and seed.

``tests/test_golden.py`` compares fresh records with these files, so a change that alters any
record shows up as a failing test until someone looks at it, judges it against gold and
regenerates the snapshots with this script (and says why in the commit message).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import mirps_nlp

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
SUFFIXES = {".txt", ".html", ".htm"}


def golden_inputs(seeds: Path | None = None) -> list[Path]:
    """Every corpus release, then the seeds when ``../shared/seeds`` is there."""
    paths = sorted(p for p in (ROOT / "corpus" / "releases").iterdir() if p.suffix in SUFFIXES)
    seeds = seeds or ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        paths += sorted(p for p in seeds.iterdir() if p.suffix in SUFFIXES)
    return paths


def snapshot_name(path: Path) -> str:
    """The golden file of a release: seeds are prefixed so that names never collide."""
    prefix = "seed_" if path.parent.name == "seeds" else ""
    return f"{prefix}{path.stem}.json"


def record_json(release: mirps_nlp.Release) -> str:
    """The canonical text of a record: contract names, sorted keys, stable across runs."""
    data = release.model_dump(mode="json", by_alias=True)
    source = data.get("source") or {}
    if source.get("path"):  # checkouts differ in where they live: keep the last two parts
        source["path"] = "/".join(Path(source["path"]).parts[-2:])
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=GOLDEN)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    paths = golden_inputs()
    for path, release in zip(paths, mirps_nlp.extract_many(paths), strict=True):
        (args.out / snapshot_name(path)).write_text(record_json(release), encoding="utf-8")
    print(f"wrote {len(paths)} snapshots to {args.out}")


if __name__ == "__main__":
    main()
