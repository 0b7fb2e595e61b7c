"""The static HTML report of a store: ``mirps-nlp report STORE OUT_DIR``.

:func:`build_report` needs the ``[report]`` extra (jinja2, altair); :mod:`mirps_nlp.report.colors`
needs nothing, since spaCy imports it through the ``spacy_displacy_colors`` entry point.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mirps_nlp.report.site import ReportSummary, build_report

__all__ = ["ReportSummary", "build_report"]


def __getattr__(name: str) -> Any:
    # Lazy: importing the package (as the displaCy entry point does) must not need jinja2 or altair.
    if name in __all__:
        from mirps_nlp.report import site

        return getattr(site, name)
    raise AttributeError(name)
