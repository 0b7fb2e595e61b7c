"""Layering read from the source with ``ast``: components never reach the scorer.

``evaluate`` scores records against gold; a component that imported it (directly, or through a
module it imports, even inside a function) would tie extraction to the scorer. Learned features
live in ``learn/features.py`` for that reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "mirps_nlp"


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, root: Path = PACKAGE) -> set[str]:
    """Every ``mirps_nlp`` module ``path`` imports, anywhere in the file (relative imports resolved;
    ``from package import name`` counts the submodule ``package.name`` when it exists)."""
    here = module_name(path, root).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "mirps_nlp" or name.startswith("mirps_nlp.")}


def module_graph() -> dict[str, set[str]]:
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {name: {m for m in imported_modules(path) if m in modules} for name, path in modules.items()}


def reachable(graph: dict[str, set[str]], start: str) -> dict[str, str]:
    """Modules reachable from ``start``, each with the module that imports it (for the message)."""
    seen: dict[str, str] = {start: ""}
    stack = [start]
    while stack:
        current = stack.pop()
        for target in graph.get(current, ()):
            if target not in seen:
                seen[target] = current
                stack.append(target)
    return seen


def chain(seen: dict[str, str], end: str) -> str:
    links = [end]
    while seen[links[-1]]:
        links.append(seen[links[-1]])
    return " <- ".join(links)


GRAPH = module_graph()
COMPONENTS = sorted(name for name in GRAPH if name.startswith("mirps_nlp.components"))


def test_the_import_reader_sees_the_package() -> None:
    assert len(COMPONENTS) > 10
    assert "mirps_nlp.learn.features" in GRAPH["mirps_nlp.components.learned"]
    assert "mirps_nlp.evaluate" in GRAPH["mirps_nlp.learn.data"]  # training may score; scoring may not train


def test_the_import_reader_resolves_relative_and_nested_imports(tmp_path: Path) -> None:
    root = tmp_path / "mirps_nlp"
    probe = root / "components" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text("from .. import evaluate\n\ndef late():\n    from ..learn import data\n", encoding="utf-8")
    assert {"mirps_nlp.evaluate", "mirps_nlp.learn.data"} <= imported_modules(probe, root)
    graph = {"mirps_nlp.components.probe": {"mirps_nlp.learn.data"}, "mirps_nlp.learn.data": {"mirps_nlp.evaluate"}}
    seen = reachable(graph, "mirps_nlp.components.probe")
    assert chain(seen, "mirps_nlp.evaluate") == (
        "mirps_nlp.evaluate <- mirps_nlp.learn.data <- mirps_nlp.components.probe"
    )


@pytest.mark.parametrize("component", COMPONENTS)
def test_components_never_import_evaluate(component: str) -> None:
    seen = reachable(GRAPH, component)
    assert "mirps_nlp.evaluate" not in seen, f"{component} reaches evaluate: {chain(seen, 'mirps_nlp.evaluate')}"


BELOW_COMPONENTS = sorted(
    name
    for name in GRAPH
    if name.startswith("mirps_nlp.ingest") or name in {"mirps_nlp.gazetteer", "mirps_nlp.dates", "mirps_nlp.bounds"}
)


def test_the_modules_below_the_components_are_found() -> None:
    assert {"mirps_nlp.ingest", "mirps_nlp.ingest.language", "mirps_nlp.gazetteer", "mirps_nlp.dates"} <= set(
        BELOW_COMPONENTS
    )


@pytest.mark.parametrize("module", BELOW_COMPONENTS)
def test_ingest_gazetteer_and_dates_never_import_components(module: str) -> None:
    """The layout follows the flow: ingest, the gazetteer and the date recogniser sit below the
    components (they read ``mirps_nlp.patterns``), so none of them reaches ``mirps_nlp.components``."""
    seen = reachable(GRAPH, module)
    reached = sorted(name for name in seen if name.startswith("mirps_nlp.components"))
    assert not reached, f"{module} reaches the components: {chain(seen, reached[0])}"
