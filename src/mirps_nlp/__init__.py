"""mirps-nlp: MIRPS press releases in, structured records out."""

from __future__ import annotations

__version__ = "0.1.0"
