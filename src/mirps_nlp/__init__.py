"""mirps-nlp: MIRPS press releases in, structured records out.

>>> import mirps_nlp
>>> release = mirps_nlp.extract("corpus/releases/c101_example.txt")  # doctest: +SKIP
>>> nlp = mirps_nlp.load()            # a spaCy Language with our components  # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

from mirps_nlp.extraction import InputItem, extract, extract_many
from mirps_nlp.pipeline import load
from mirps_nlp.records import Release

__all__ = ["InputItem", "Release", "__version__", "extract", "extract_many", "load"]
