#!/usr/bin/env python3
"""Build ``patterns/<lang>/countries.jsonl`` from ISO 3166 (pycountry) plus our hand-kept alias table.

Why a generated file: the runtime must not depend on pycountry's naming (official long names,
"Korea, Republic of"), and the gazetteer should be one reviewable data file. pycountry supplies
the codes and names; ``patterns/en/actor_country_aliases.jsonl`` supplies the common short name
where ISO's differs, English and Spanish aliases, demonyms and Wikidata ids. Re-run after editing
either: ``python scripts/build_countries.py`` (every language folder that has an alias table).

For a language other than English, the English short name stays the canonical ``name`` (the record
contract is language-neutral) and the names pycountry's own translations give for that language
("Belice", "Panamá", "Estados Unidos") join the aliases, with that folder's alias table (its
demonyms: "guatemalteco", "hondureña") on top of the English one.
"""

from __future__ import annotations

import gettext
import json
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent / "src" / "mirps_nlp" / "patterns"


def short_name(country: object) -> str:
    """The common short name: pycountry's common_name, else its name when it has no comma."""
    common = getattr(country, "common_name", None)
    name: str = getattr(country, "name")  # noqa: B009 - pycountry records are dynamic
    return common or name


def read_aliases(lang: str) -> dict[str, dict]:
    """The hand-kept alias table of one language folder, by ISO3."""
    path = ROOT / lang / "actor_country_aliases.jsonl"
    out: dict[str, dict] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("//"):
                row = json.loads(line)
                out[row["iso3"]] = row
    return out


def build(lang: str) -> None:
    """Write ``patterns/<lang>/countries.jsonl``."""
    overrides = read_aliases("en")
    local = read_aliases(lang) if lang != "en" else {}
    translate = (
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]).gettext
        if lang != "en"
        else None
    )
    rows = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        iso3 = country.alpha_3
        extra = overrides.get(iso3, {})
        name = extra.get("name") or short_name(country)
        aliases = [name]
        candidates = [country.name, getattr(country, "official_name", None), *extra.get("aliases", [])]
        demonyms = list(extra.get("demonyms", []))
        if translate is not None:
            own = local.get(iso3, {})
            candidates += [translate(country.name), *own.get("aliases", [])]
            official = getattr(country, "official_name", None)
            if official:
                candidates.append(translate(official))
            demonyms += own.get("demonyms", [])
        dropped = set(local.get(iso3, {}).get("drop", []))
        for candidate in candidates:
            if candidate in dropped:
                continue  # a translation that is a common word ("Reunión" for Réunion)
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
                "demonyms": list(dict.fromkeys(demonyms)),
                "wikidata": extra.get("wikidata"),
            }
        )
    out = ROOT / lang / "countries.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} countries to {out}")


def main() -> None:
    langs = sys.argv[1:] or sorted(p.parent.name for p in ROOT.glob("*/actor_country_aliases.jsonl"))
    for lang in langs:
        build(lang)


if __name__ == "__main__":
    main()
