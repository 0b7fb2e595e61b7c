"""Vega-Lite specs for the report, written with altair; the pages draw them with the vendored scripts.

Data go inline (``alt.Data(values=...)``), so a chart needs no file and no network. Every function
returns a plain ``dict`` (the spec), ready for ``json.dumps``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import altair as alt

from mirps_nlp.explore import BodyTimeline, FigureSeries, Tenure, term_key

#: Pixels per row of a timeline chart.
ROW_HEIGHT = 22


def _first_day(tenure: Tenure) -> str | None:
    if tenure.start_date:
        return tenure.start_date
    key = term_key(tenure.term)
    # A release's own date says when it spoke, not when a term began: such a tenure is in the table only.
    return None if key is None else f"{int(key):04d}-01-01"


def tenure_bars(body: BodyTimeline) -> list[dict[str, Any]]:
    """One bar per tenure that can be placed in time: from its handover (or its term's first day)
    to the next handover (or a year on); planned tenures are kept and drawn lighter. A tenure with
    neither a handover date nor a term is left out of the chart (the table lists it)."""
    bars = []
    starts = [_first_day(t) for t in body.tenures]
    for position, (tenure, start) in enumerate(zip(body.tenures, starts, strict=True)):
        if start is None:
            continue
        end = tenure.end_date
        if end is None:
            later = [s for s in starts[position + 1 :] if s and s > start]
            end = later[0] if later else (date.fromisoformat(start) + timedelta(days=365)).isoformat()
        bars.append({
            "row": f"{tenure.holder_name or tenure.holder}{' ' + tenure.term if tenure.term else ''}",
            "holder": tenure.holder_name or tenure.holder,
            "term": tenure.term or "",
            "start": start,
            "end": end,
            "status": tenure.status,
            "dates": f"{tenure.start_date or '?'} to {tenure.end_date or '?'}",
            "releases": len({e.release_id for e in tenure.evidence}),
        })
    return bars


def timeline_chart(body: BodyTimeline) -> dict[str, Any] | None:
    """A Gantt chart of a body's holders, oldest at the top; ``None`` when no tenure has a date."""
    bars = tenure_bars(body)
    if not bars:
        return None
    chart = (
        alt.Chart(alt.Data(values=bars))
        .mark_bar(cornerRadius=3)
        .encode(
            x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
            x2="end:T",
            y=alt.Y("row:N", sort=None, title=None),
            color=alt.Color("holder:N", legend=None),
            opacity=alt.condition(alt.datum.status == "planned", alt.value(0.35), alt.value(1.0)),
            tooltip=[
                alt.Tooltip("holder:N"), alt.Tooltip("term:N"), alt.Tooltip("dates:N"),
                alt.Tooltip("status:N"), alt.Tooltip("releases:Q", title="releases stating it"),
            ],
        )
        .properties(width="container", height=ROW_HEIGHT * len(bars))
    )
    return chart.to_dict()


def series_chart(series: Sequence[tuple[int, FigureSeries]]) -> dict[str, Any] | None:
    """One line per series (value over publication date), in small multiples titled with each
    series' number (as the page's tables number them); ``None`` with no dated value."""
    titles = [f"{number}. {series_name(s)}" for number, s in series]
    points = [
        {
            "series": title,
            "published": p.published,
            "value": p.value,
            "text": p.text,
            "title": p.title or p.release_id,
        }
        for title, (_number, s) in zip(titles, series, strict=True)
        for p in s.points
        if p.published and p.value is not None
    ]
    if not points:
        return None
    chart = (
        alt.Chart(alt.Data(values=points))
        .mark_line(point=True)
        .encode(
            x=alt.X("published:T", title=None),
            y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False), axis=alt.Axis(format="~s")),
            tooltip=[alt.Tooltip("text:N"), alt.Tooltip("published:T"), alt.Tooltip("title:N", title="release")],
        )
        .properties(width=280, height=150)
        .facet(facet=alt.Facet("series:N", title=None, sort=titles), columns=3)
        .resolve_scale(y="independent", x="independent")
    )
    return chart.to_dict()


def series_name(series: FigureSeries) -> str:
    """What a series counts, where, in which unit: its chart title."""
    parts = [series.counted or series.category]
    if series.scope:
        parts.append(f"in {series.scope}")
    if series.unit:
        parts.append(f"({series.unit})")
    return " ".join(parts)

