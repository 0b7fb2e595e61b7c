"""Writes the static report site from a store: jinja2 templates, vendored Vega scripts, no network.

The site is plain files that open from ``file://``: ``index.html`` (every release),
``timeline.html``, ``actors.html``, ``figures.html``, ``quotes.html`` and one
``releases/<id>.html`` per release. Charts are Vega-Lite specs written with altair and drawn by
the scripts in ``static/vendor`` (copied beside the pages).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from mirps_nlp import __version__
from mirps_nlp.errors import InputError
from mirps_nlp.explore import BodyTimeline, ChairEvidence, actor_registry, figure_series, quotes_by_speaker, timeline
from mirps_nlp.report.charts import series_chart, series_name, timeline_chart
from mirps_nlp.report.colors import SPAN_LABELS
from mirps_nlp.report.spans import release_spans, render_text, sentence_starts
from mirps_nlp.store import ReleaseStore

#: Record columns shown beside the text, per record type.
RECORD_COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "chair_transfers": ("Chair handovers", ("body", "office", "from", "to", "term", "status", "date")),
    "chair_terms": ("Chair terms", ("body", "office", "holder", "term", "status")),
    "quotes": ("Quotations", ("speaker_name", "speaker_title", "cue", "text")),
    "figures": ("Figures", ("text", "value", "qualifier", "counted", "category", "unit", "scope")),
    "meetings": ("Meetings", ("name", "ordinal", "body", "place", "date")),
    "documents": ("Documents", ("name", "kind", "action")),
    "actors": ("Actors", ("id", "name", "title", "affiliation", "roles")),
}

#: Columns that hold an actor id, shown by the actor's name.
ACTOR_ID_COLUMNS = frozenset({"from", "to", "holder", "affiliation"})

#: The site's pages: file name (without .html) and the navigation label.
NAV: tuple[tuple[str, str], ...] = (
    ("index", "Releases"), ("timeline", "Chair timeline"), ("actors", "Actors"), ("figures", "Figures"),
    ("quotes", "Quotes"),
)
OFFICE_LABELS = {"pro_tempore_presidency": "Pro Tempore Presidency", "chair": "Chair"}
#: Citations shown per timeline entry before the rest fold away.
SHOWN_CITES = 4
#: Figure series drawn as charts (the most populated first); every series is in the tables.
MAX_CHARTED_SERIES = 24


@dataclass
class ReportSummary:
    """What :func:`build_report` wrote."""

    out_dir: Path
    releases: int = 0
    pages: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class _Site:
    out_dir: Path
    env: jinja2.Environment
    common: dict[str, Any]
    summary: ReportSummary
    progress: Callable[[str], None] | None = None

    def write(self, name: str, template: str, **context: Any) -> None:
        root = "../" * name.count("/")
        html = self.env.get_template(template).render(**self.common, root=root, **context)
        path = self.out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        self.summary.pages.append(name)
        if self.progress is not None:
            self.progress(name)


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("mirps_nlp.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _copy_static(out_dir: Path) -> None:
    static = resources.files("mirps_nlp.report") / "static"
    target = out_dir / "static"
    if target.exists():
        shutil.rmtree(target)
    with resources.as_file(static) as source:
        shutil.copytree(source, target)


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def record_sections(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The record beside the text: one table per record type, one row per item, keyed like its spans."""
    names = {actor["id"]: actor["name"] for actor in record.get("actors") or []}
    sections = []
    for record_type, (title, columns) in RECORD_COLUMNS.items():
        rows = [
            {
                "key": f"{record_type}-{index}",
                "cells": [
                    names.get(item.get(column)) or _cell(item.get(column)) if column in ACTOR_ID_COLUMNS
                    else _cell(item.get(column))
                    for column in columns
                ],
                "sentence": item.get("sentence"),
            }
            for index, item in enumerate(record.get(record_type) or [])
        ]
        sections.append({"type": record_type, "title": title, "columns": columns, "rows": rows})
    return sections


def _release_rows(store: ReleaseStore) -> list[dict[str, Any]]:
    rows = store.query(
        """SELECT r.id, r.title, r.published, r.publisher, r.language, r.n_actors, r.n_quotes, r.n_figures,
                  r.n_chair_transfers,
                  (SELECT COUNT(*) FROM copies c WHERE c.canonical_id = r.id AND c.release_id != r.id),
                  CASE WHEN r.copy_of != r.id THEN r.copy_of END
           FROM releases r ORDER BY r.published IS NULL, r.published, r.title, r.id"""
    )
    keys = ("id", "title", "published", "publisher", "language", "n_actors", "n_quotes", "n_figures",
            "n_chair_transfers", "n_copies", "copy_of")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def write_release_pages(site: _Site, store: ReleaseStore) -> int:
    """One page per release: the text with every span highlighted, the record beside it."""
    count = 0
    for release_id, data in store.cursor("SELECT id, data FROM releases ORDER BY id").fetchall():
        record = json.loads(data)
        text = store.text(release_id)
        text_html = ""
        if text is not None:
            spans = [s for s in release_spans(record) if s.end <= len(text)]
            text_html = render_text(text, spans, sentence_starts(text, record.get("language")))
        own_source = record.get("source")
        copies = [c for c in store.copies_of(release_id) if c["id"] != release_id or c["source"] != own_source]
        site.write(
            f"releases/{release_id}.html",
            "release.html.j2",
            page_title=record.get("title") or release_id,
            active="release",
            charts=[],
            record=record,
            text=text,
            text_html=text_html,
            sections=record_sections(record),
            copies=copies,
            labels=SPAN_LABELS,
        )
        count += 1
    return count


def _anchor(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.casefold()).strip("-")


def _body_order(body: BodyTimeline) -> tuple[int, str, str]:
    """MIRPS's own offices first (the project's subject), then every other body by name."""
    return (0 if body.body.startswith("MIRPS") else 1, body.body.casefold(), body.office)


_ROLE_ORDER = {"receiver": 0, "holder": 1, "giver": 2}


def ordered_evidence(evidence: Sequence[ChairEvidence]) -> list[ChairEvidence]:
    """A tenure's evidence as the table cites it: handovers to the holder first (completed ones before
    planned), then its terms, then the handovers from it, each oldest first; one citation per release
    sentence."""
    ordered = sorted(evidence, key=lambda e: (
        e.kind != "chair_transfer" or e.role == "giver", _ROLE_ORDER.get(e.role, 3), e.status != "completed",
        e.published or "9999",
    ))
    seen: set[tuple[str, int]] = set()
    kept = []
    for cite in ordered:
        if (cite.release_id, cite.sentence) not in seen:
            seen.add((cite.release_id, cite.sentence))
            kept.append(cite)
    return kept


def write_timeline(site: _Site, store: ReleaseStore) -> None:
    """Each body's succession: a Gantt chart, the table of holders with the sentences that state them, conflicts."""
    bodies, charts = [], []
    for number, body in enumerate(sorted(timeline(store), key=_body_order)):
        spec = timeline_chart(body)
        chart_id = f"chart-timeline-{number}" if spec else None
        if spec:
            charts.append({"id": chart_id, "spec": spec})
        bodies.append({
            "timeline": body,
            "cites": [ordered_evidence(tenure.evidence) for tenure in body.tenures],
            "body": body.body,
            "office_label": OFFICE_LABELS.get(body.office, body.office),
            "anchor": _anchor(f"{body.body} {body.office}"),
            "chart_id": chart_id,
        })
    site.write("timeline.html", "timeline.html.j2", page_title="Chair timeline", active="timeline",
               charts=charts, bodies=bodies, shown_cites=SHOWN_CITES)


def write_actors(site: _Site, store: ReleaseStore, published: Mapping[str, str | None]) -> None:
    """The actor registry, each actor linked to the releases that first and last name it."""
    entries = []
    for entry in actor_registry(store):
        dated = sorted(entry.releases, key=lambda rid: (published.get(rid) or "9999", rid))
        entries.append(entry.model_dump() | {"first_release": dated[0] if dated else None,
                                             "last_release": dated[-1] if dated else None})
    site.write("actors.html", "actors.html.j2", page_title="Actors", active="actors", charts=[], entries=entries)


def write_figures(site: _Site, store: ReleaseStore) -> None:
    """Figure series with two or more figures: small-multiple line charts and a table per series."""
    every = figure_series(store)
    series = [s for s in every if len(s.points) >= 2]
    charted = [
        (number, s) for number, s in enumerate(series, start=1)
        if sum(1 for p in s.points if p.published and p.value is not None) >= 2
    ]
    spec = series_chart(charted[:MAX_CHARTED_SERIES])
    charts = [{"id": "chart-figures", "spec": spec}] if spec else []
    site.write("figures.html", "figures.html.j2", page_title="Figures", active="figures", charts=charts,
               chart_id="chart-figures" if spec else None, n_single=len(every) - len(series),
               series=[{"series": s, "name": series_name(s)} for s in series])


def write_quotes(site: _Site, store: ReleaseStore) -> None:
    speakers = quotes_by_speaker(store)
    site.write("quotes.html", "quotes.html.j2", page_title="Quotes", active="quotes", charts=[],
               speakers=speakers, n_quotes=sum(len(s.quotes) for s in speakers))


def _remove_stale_release_pages(out: Path, written: set[str]) -> None:
    """A report rewritten into the same folder drops the pages of releases the store no longer has."""
    for page in (out / "releases").glob("*.html"):
        if f"releases/{page.name}" not in written and len(page.stem) == 16:
            page.unlink()


def build_report(
    store: ReleaseStore | str | Path,
    out_dir: str | Path,
    *,
    progress: Callable[[str], None] | None = None,
) -> ReportSummary:
    """Write the report of ``store`` (a :class:`ReleaseStore` or its path) into ``out_dir``.

    ``progress`` is called with each page name as it is written (the library itself prints nothing).
    """
    started = time.perf_counter()
    if not isinstance(store, ReleaseStore):
        path = Path(store)
        if not path.is_file():
            raise InputError(f"no store at {path} (batch writes one beside its JSONL: OUT.sqlite)")
        try:
            opened = ReleaseStore(path)
        except (ValueError, sqlite3.DatabaseError) as error:
            raise InputError(f"{path} cannot be read as a mirps-nlp store: {error}") from None
        with opened:
            return build_report(opened, out_dir, progress=progress)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    summary = ReportSummary(out_dir=out)
    releases = _release_rows(store)
    common = {
        "version": __version__, "store_name": store.path.name, "n_releases": len(releases), "nav": list(NAV),
    }
    env = _environment()
    names = {actor_id: name for actor_id, name in store.query("SELECT actor_id, name FROM actors")}
    env.filters["name_of"] = lambda value: "" if value is None else names.get(value, value)
    env.filters["actor_anchor"] = lambda actor_id: "actor-" + _anchor(str(actor_id))
    site = _Site(out, env, common, summary, progress)
    _copy_static(out)
    totals = dict(zip(
        ("quotes", "figures", "chair_transfers"),
        store.query("SELECT SUM(n_quotes), SUM(n_figures), SUM(n_chair_transfers) FROM releases")[0],
        strict=True,
    ))
    n_copies = sum(row["n_copies"] for row in releases)
    site.write("index.html", "index.html.j2", page_title="Releases", active="index", charts=[],
               releases=releases, totals={k: v or 0 for k, v in totals.items()}, n_copies=n_copies)
    write_timeline(site, store)
    write_actors(site, store, {row["id"]: row["published"] for row in releases})
    write_figures(site, store)
    write_quotes(site, store)
    summary.releases = write_release_pages(site, store)
    _remove_stale_release_pages(out, set(summary.pages))
    summary.seconds = time.perf_counter() - started
    return summary
