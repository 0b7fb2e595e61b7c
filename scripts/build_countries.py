#!/usr/bin/env python3
"""Build ``patterns/en/countries.jsonl`` from ISO 3166 (pycountry) plus our hand-kept alias table.

Why a generated file: the runtime must not depend on pycountry's naming (official long names,
"Korea, Republic of"), and the gazetteer should be one reviewable data file. pycountry supplies
the codes and names; ``patterns/en/actor_country_aliases.jsonl`` supplies the common short name
where ISO's differs, English and Spanish aliases, demonyms and Wikidata ids. Re-run after editing
either: ``python scripts/build_countries.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pycountry

PATTERNS = Path(__file__).resolve().parent.parent / "src" / "mirps_nlp" / "patterns" / "en"


def short_name(country: object) -> str:
    """The common short name: pycountry's common_name, else its name when it has no comma."""
    common = getattr(country, "common_name", None)
    name: str = getattr(country, "name")  # noqa: B009 - pycountry records are dynamic
    return common or name


def main() -> None:
    overrides = {}
    for line in (PATTERNS / "actor_country_aliases.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            overrides[row["iso3"]] = row
    rows = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        iso3 = country.alpha_3
        extra = overrides.get(iso3, {})
        name = extra.get("name") or short_name(country)
        aliases = [name]
        for candidate in (country.name, getattr(country, "official_name", None), *extra.get("aliases", [])):
            if candidate and "," not in candidate and "(" not in candidate and candidate not in aliases:
                aliases.append(candidate)
        rows.append(
            {
                "id": f"country:{iso3}",
                "kind": "country",
                "name": name,
                "iso3": iso3,
                "iso2": country.alpha_2,
                "aliases": aliases,
                "demonyms": extra.get("demonyms", []),
                "wikidata": extra.get("wikidata"),
            }
        )
    out = PATTERNS / "countries.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} countries to {out}")


if __name__ == "__main__":
    main()
