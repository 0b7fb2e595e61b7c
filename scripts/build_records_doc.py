"""Write docs/records.md (the record contract) and the committed JSON Schema from the pydantic models.

    .venv/bin/python scripts/build_records_doc.py            # rewrite both files
    .venv/bin/python scripts/build_records_doc.py --check    # exit 1 when either is out of date

The models in ``mirps_nlp.records`` are the one schema; this page is their reading copy: one
table per record type (field, type, default, description) and the JSON Schema itself.
``tests/test_records.py`` fails when the committed page differs from what this writes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "records.md"
SCHEMA = REPO / "src" / "mirps_nlp" / "schema" / "release.schema.json"

#: Record types in the order a reader meets them in a release.
ORDER = ("Release", "Source", "Actor", "Span", "Quote", "Figure", "ChairTransfer", "ChairTerm", "Meeting",
         "Document", "CopyRef")

INTRO = """\
# The record contract (schema_version "1")

<!-- Written by scripts/build_records_doc.py from src/mirps_nlp/records.py: do not edit by hand. -->

`mirps-nlp extract` prints one JSON object per release and `mirps-nlp batch` writes one per line
(JSONL). The pydantic models in `src/mirps_nlp/records.py` are the source of truth; this page is
written from them, and `mirps-nlp schema` prints the same JSON Schema. Renaming or removing a
field is a breaking change: `schema_version` goes up and the changelog says so. New fields only
ever add information.

Every extracted item carries its provenance: `start` and `end` are character offsets into the
release's normalised text (`text[start:end]` is the item's own words) and `sentence` is the
0-based index of the sentence it was found in. The normalised text is what ingest produced
(boilerplate stripped, whitespace folded); `--include-text` adds it to the record as `text`.
Actor ids are `country:ISO3`, `org:KEY` or `person:slug`; dates are `YYYY-MM-DD` and never
invented.

In Python, `release.model_dump()` and `release.to_json_dict()` give these names (`from`, not
the attribute name `from_`).
"""


def type_of(schema: dict[str, Any]) -> str:
    """A short reading of a JSON Schema type: `str or null`, `[Actor]`, `"a" / "b"`."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(type_of(option) for option in schema["anyOf"])
    if "const" in schema:
        return json.dumps(schema["const"])
    if "enum" in schema:
        return " / ".join(json.dumps(value) for value in schema["enum"])
    kind = schema.get("type")
    if kind == "array":
        return f"[{type_of(schema.get('items', {}))}]"
    names = {"string": "str", "integer": "int", "number": "number", "boolean": "bool", "null": "null"}
    text = names.get(kind, str(kind))
    if "pattern" in schema and schema.get("description") == "YYYY-MM-DD":
        text = '"YYYY-MM-DD"'
    bounds = [f"≥ {schema['minimum']}"] if "minimum" in schema else []
    bounds += [f"≤ {schema['maximum']}"] if "maximum" in schema else []
    return f"{text} ({', '.join(bounds)})" if bounds else text


def default_of(name: str, schema: dict[str, Any], required: set[str]) -> str:
    if name in required:
        return "required"
    if "default" in schema:
        return f"`{json.dumps(schema['default'], ensure_ascii=False)}`"
    return "empty"  # a list or an object built by default_factory


def table(name: str, schema: dict[str, Any]) -> list[str]:
    required = set(schema.get("required", []))
    lines = [f"## {name}", ""]
    if schema.get("description"):
        lines += [" ".join(schema["description"].split()), ""]
    lines += ["| field | type | default | description |", "|---|---|---|---|"]
    for field, spec in schema["properties"].items():
        description = " ".join(spec.get("description", "").split()).replace("|", "\\|")
        kind = type_of(spec).replace("|", "\\|")
        lines.append(f"| `{field}` | {kind} | {default_of(field, spec, required)} | {description} |")
    return [*lines, ""]


def render() -> tuple[str, str]:
    """(docs/records.md, release.schema.json) as they should be committed."""
    from mirps_nlp.records import json_schema

    schema = json_schema()
    definitions = {"Release": {k: v for k, v in schema.items() if k != "$defs"}, **schema["$defs"]}
    missing = [name for name in definitions if name not in ORDER]
    lines = [INTRO]
    for name in (*ORDER, *missing):
        lines += table(name, definitions[name])
    schema_text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    lines += ["## JSON Schema", "", "```json", schema_text.rstrip("\n"), "```", ""]
    return "\n".join(lines), schema_text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a committed file is out of date")
    args = parser.parse_args()
    doc, schema_text = render()
    stale = [path for path, text in ((DOC, doc), (SCHEMA, schema_text))
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    if args.check:
        for path in stale:
            print(f"{path.relative_to(REPO)} is out of date: run scripts/build_records_doc.py", file=sys.stderr)
        return 1 if stale else 0
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(doc, encoding="utf-8")
    SCHEMA.write_text(schema_text, encoding="utf-8")
    for path in stale:
        print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
