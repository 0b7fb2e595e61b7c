"""The package is laid out along the flow: ingest, the gazetteer and the date recogniser sit below
the components and never import them (read from the source, so a lazy import counts too)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "mirps_nlp"
BELOW_COMPONENTS = sorted(
    [*(PACKAGE / "ingest").rglob("*.py"), PACKAGE / "gazetteer.py", PACKAGE / "dates.py", PACKAGE / "bounds.py"]
)


def imported_modules(path: Path, root: Path = PACKAGE) -> set[str]:
    """Every module ``path`` (a file under the package folder ``root``) imports, at any depth
    (relative imports resolved to absolute names)."""
    package = ".".join(path.relative_to(root.parent).with_suffix("").parts)
    package = package.removesuffix(".__init__") if path.name == "__init__.py" else package.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("path", BELOW_COMPONENTS, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_never_imports_components(path: Path) -> None:
    offending = sorted(
        m for m in imported_modules(path) if m == "mirps_nlp.components" or m.startswith("mirps_nlp.components.")
    )
    assert not offending, f"{path.relative_to(PACKAGE)} imports {offending}"


def test_the_checker_sees_imports(tmp_path: Path) -> None:
    """The check can fail: an absolute, a lazy and a relative import of the components are all seen."""
    fake = tmp_path / "mirps_nlp" / "ingest" / "probe.py"
    fake.parent.mkdir(parents=True)
    fake.write_text(
        "from mirps_nlp.components.base import MirpsComponent\ndef f():\n    from ..components import chairs\n",
        encoding="utf-8",
    )
    modules = imported_modules(fake, tmp_path / "mirps_nlp")
    assert "mirps_nlp.components.base" in modules
    assert "mirps_nlp.components.chairs" in modules
