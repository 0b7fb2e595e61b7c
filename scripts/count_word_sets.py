"""Count the literal word sets left in the Python that reads releases.

A word set is a ``{...}``, ``frozenset(...)``/``set(...)`` of a list or tuple, or a tuple literal,
holding three or more items that are all strings: grammar that belongs in
``patterns/<lang>/*.jsonl``, where a language or a phrasing can change it without code. Looked at:
``src/mirps_nlp/components/``, ingest, dates and the gazetteer. ``--list`` prints where each is.

    python scripts/count_word_sets.py [--list]
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "mirps_nlp"
MIN_ITEMS = 3


def scanned_files() -> list[Path]:
    """The component modules, then ingest (a module or a package), dates and the gazetteer."""
    files = sorted((PACKAGE / "components").rglob("*.py"))
    for name in ("ingest", "dates", "gazetteer"):
        module, package = PACKAGE / f"{name}.py", PACKAGE / name
        files += [module] if module.is_file() else sorted(package.rglob("*.py")) if package.is_dir() else []
    return files


def _all_strings(node: ast.AST) -> bool:
    elements = getattr(node, "elts", [])
    return len(elements) >= MIN_ITEMS and all(
        isinstance(e, ast.Constant) and isinstance(e.value, str) for e in elements
    )


def word_sets(source: str) -> list[tuple[int, str, str]]:
    """(line, kind, first words) of each string set in a module's source (see :func:`kind_of`)."""
    tree = ast.parse(source)
    found: list[tuple[int, str]] = []
    wrapped: set[int] = set()  # a list or tuple inside frozenset(...) counts once, as the call
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"set", "frozenset"}
            and node.args
            and isinstance(node.args[0], ast.List | ast.Tuple | ast.Set)
            and _all_strings(node.args[0])
        ):
            wrapped.add(id(node.args[0]))
            found.append((node.lineno, kind_of(_words(node.args[0])), _preview(node.args[0])))
    for node in ast.walk(tree):
        if isinstance(node, ast.Set | ast.Tuple) and id(node) not in wrapped and _all_strings(node):
            found.append((node.lineno, kind_of(_words(node)), _preview(node)))
    return sorted(found)


def kind_of(preview_words: list[str]) -> str:
    """``punctuation`` (no letters), ``files`` (data file names: a component's ``pattern_files``)
    or ``words``: only the last is grammar."""
    if not any(any(c.isalpha() for c in w) for w in preview_words):
        return "punctuation"
    if all(w.endswith(".jsonl") for w in preview_words):
        return "files"
    return "words"


def _words(node: ast.AST) -> list[str]:
    return [e.value for e in getattr(node, "elts", []) if isinstance(e, ast.Constant)]


def _preview(node: ast.AST) -> str:
    words = _words(node)
    return ", ".join(repr(w) for w in sorted(words)[:4]) + (", ..." if len(words) > 4 else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print each word set with its place")
    args = parser.parse_args()
    counts = {"words": 0, "punctuation": 0, "files": 0}
    for path in scanned_files():
        for line, kind, preview in word_sets(path.read_text(encoding="utf-8")):
            counts[kind] += 1
            if args.list:
                print(f"{path.relative_to(ROOT)}:{line}: [{kind}] {preview}")
    print(
        f"{counts['words']} literal word sets in {len(scanned_files())} modules "
        f"(besides {counts['punctuation']} of punctuation only and {counts['files']} lists of data files)"
    )


if __name__ == "__main__":
    main()
