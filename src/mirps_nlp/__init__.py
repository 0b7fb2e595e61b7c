"""mirps-nlp: MIRPS press releases in, structured records out.

>>> import mirps_nlp
>>> release = mirps_nlp.extract("corpus/releases/c101_example.txt")  # doctest: +SKIP
>>> nlp = mirps_nlp.load()            # a spaCy Language with our components  # doctest: +SKIP

Importing the package is cheap: spaCy and the pipeline load on first use of a name below
(module ``__getattr__``), so ``mirps-nlp --help`` answers at once.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_LAZY = {
    "InputItem": "mirps_nlp.extraction",
    "extract": "mirps_nlp.extraction",
    "extract_many": "mirps_nlp.extraction",
    "load": "mirps_nlp.pipeline",
    "Release": "mirps_nlp.records",
}

if TYPE_CHECKING:
    from mirps_nlp.extraction import InputItem, extract, extract_many
    from mirps_nlp.pipeline import load
    from mirps_nlp.records import Release

__all__ = ["InputItem", "Release", "__version__", "extract", "extract_many", "load"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mirps_nlp' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
