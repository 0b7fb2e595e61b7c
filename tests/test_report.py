"""The static report: span layout, the displaCy colours entry point, the site, and a real browser.

The browser tests drive Debian's Chromium (``/usr/bin/chromium``, installed by ``.ci/run``) headless
through playwright. Where there is no browser they skip and say why; with ``CI=true`` a missing
browser fails instead, so CI can never pass them silently.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mirps_nlp.extraction import InputItem, extract
from mirps_nlp.report.colors import SPAN_LABELS, span_colors
from mirps_nlp.report.spans import MarkedSpan, assign_levels, release_spans, render_text, sentence_starts
from mirps_nlp.store import ReleaseStore

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
CHROMIUM = Path(os.environ.get("MIRPS_CHROMIUM", "/usr/bin/chromium"))
HANDOVER_RELEASE = CORPUS / "releases" / "c101_oas_mexico_city_second_annual_meeting.txt"


# --- spans over text -------------------------------------------------------------------------------


class _Nesting(HTMLParser):
    """Checks that the produced markup is well nested and collects text and sentence ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.sentences: list[str] = []
        self.in_tag = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.stack.append(tag)
        if values.get("class") == "sent":
            self.sentences.append(values["id"] or "")
        if values.get("class") == "tag":
            self.in_tag += 1

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()
        if self.in_tag and tag == "span":  # a label tag holds only text: the next </span> is its own
            self.in_tag -= 1

    def handle_data(self, data: str) -> None:
        if not self.in_tag:
            self.text.append(data)


def _parse(html: str) -> _Nesting:
    parser = _Nesting()
    parser.feed(html)
    parser.close()
    assert parser.stack == [], f"unclosed: {parser.stack}"
    return parser


def test_levels_separate_overlapping_spans_and_reuse_free_ones() -> None:
    spans = [
        MarkedSpan(0, 20, "QUOTE", "quotes", 0, "q"),
        MarkedSpan(2, 8, "PERSON", "actors", 0, "p"),
        MarkedSpan(5, 12, "FIGURE", "figures", 0, "f"),
        MarkedSpan(25, 30, "COUNTRY", "actors", 1, "c"),
    ]
    assert assign_levels(spans) == [0, 1, 2, 0]


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet="ab .\n\"<&", min_size=1, max_size=60),
    raw=st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20), st.sampled_from(sorted(SPAN_LABELS))), max_size=8),
    cuts=st.lists(st.integers(0, 60), max_size=5),
)
def test_render_text_keeps_the_text_and_nests_markup(
    text: str, raw: list[tuple[int, int, str]], cuts: list[int]
) -> None:
    """Whatever the spans and sentence starts, the page shows the text exactly once, escaped and well nested,
    with every sentence that has words wrapped and numbered."""
    spans = sorted(
        (
            MarkedSpan(min(s, len(text)), min(s + n, len(text)), label, SPAN_LABELS[label].record_type, i, "x")
            for i, (s, n, label) in enumerate(raw)
            if min(s, len(text)) < min(s + n, len(text))
        ),
        key=lambda s: (s.start, -s.end),
    )
    starts = sorted({0, *(c for c in cuts if c < len(text))})
    parsed = _parse(str(render_text(text, spans, starts)))
    assert "".join(parsed.text) == text
    bounds = zip(starts, [*starts[1:], len(text)], strict=True)
    assert parsed.sentences == [f"s{i}" for i, (start, end) in enumerate(bounds) if text[start:end].strip()]


@pytest.fixture(scope="module")
def handover_record() -> tuple[dict[str, Any], str]:
    release = extract(InputItem(path=str(HANDOVER_RELEASE)), include_text=True)
    record = release.to_json_dict(include_text=True)
    return record, record["text"]


def test_every_item_with_offsets_becomes_a_span(handover_record: tuple[dict[str, Any], str]) -> None:
    record, _text = handover_record
    spans = release_spans(record)
    by_type: dict[str, int] = {}
    for span in spans:
        by_type[span.record_type] = by_type.get(span.record_type, 0) + 1
    assert by_type["actors"] == sum(len(a["mentions"]) for a in record["actors"])
    for record_type in ("quotes", "figures", "chair_transfers", "chair_terms", "meetings", "documents"):
        assert by_type.get(record_type, 0) == len(record[record_type]), record_type
    assert [(s.start, -s.end) for s in spans] == sorted((s.start, -s.end) for s in spans)


def test_sentence_ids_are_the_records_sentence_indices(handover_record: tuple[dict[str, Any], str]) -> None:
    """The anchor #sN lands on the sentence the record cites: the handover sentence holds the handover."""
    record, text = handover_record
    starts = sentence_starts(text, record["language"])
    html = str(render_text(text, release_spans(record), starts))
    transfer = record["chair_transfers"][0]
    match = re.search(rf'<span class="sent" id="s{transfer["sentence"]}">(.*?)(?=<span class="sent" id=|$)', html, re.S)
    assert match is not None
    shown = re.sub(r'<span class="tag"[^>]*>[^<]*</span>', "", match.group(1))
    assert text[transfer["start"] : transfer["end"]] in re.sub(r"<[^>]+>", "", shown).replace("&#39;", "'")
    assert "CHAIR_TRANSFER" in match.group(1)


# --- displaCy colours -----------------------------------------------------------------------------


def test_span_colours_resolve_through_spacys_entry_point() -> None:
    from spacy.util import registry

    registered = registry.displacy_colors.get_all()
    assert "mirps_nlp" in registered, "pip install -e . registers the spacy_displacy_colors entry point"
    colours = registered["mirps_nlp"]
    assert (colours() if callable(colours) else colours) == span_colors()


def test_displacy_renders_our_labels_in_our_colours(nlp: Any) -> None:
    from spacy import displacy

    doc = nlp("Panama handed the MIRPS Pro Tempore Presidency to Guatemala, said Ana Lopez, Minister of Health.")
    html = displacy.render(doc, style="span", options={"spans_key": "mirps_actors"})
    for label in {span.label_ for span in doc.spans["mirps_actors"]}:
        assert label in html
        assert SPAN_LABELS[label].colour in html


# --- the vendored chart scripts -------------------------------------------------------------------


def test_vendored_vega_lite_is_the_version_altair_writes() -> None:
    altair = pytest.importorskip("altair", reason="the [report] extra is not installed")
    vendor = REPO / "src" / "mirps_nlp" / "report" / "static" / "vendor"
    head = (vendor / "vega-lite.min.js").read_text(encoding="utf-8")[:400]
    assert f'"{altair.VEGALITE_VERSION}"' in head
    for name in ("vega", "vega-lite", "vega-embed"):
        assert (vendor / f"LICENSE.{name}").is_file()


# --- the site from a small store ------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("jinja2", reason="the [report] extra is not installed")
    path = tmp_path_factory.mktemp("store") / "small.sqlite"
    names = ("c101_oas_mexico_city_second_annual_meeting.txt", "c105_us_media_note_chair_from_canada.txt")
    with ReleaseStore(path) as store:
        for name in names:
            record = extract(InputItem(path=str(CORPUS / "releases" / name)), include_text=True).to_json_dict(
                include_text=True
            )
            store.upsert(record)
        # and a syndicated copy of the last one, as batch links a near-duplicate
        syndicated = dict(record["source"], syndicated_by="Mirage News")
        copy = dict(record, id=COPY_ID, copy_of=record["id"], source=syndicated)
        store.upsert(copy, similarity=0.93)
        store.commit()
    return path


COPY_ID = "c0b1c0b1c0b1c0b1"


def test_report_links_a_copy_and_its_canonical_release(small_store: Path, tmp_path: Path) -> None:
    from mirps_nlp.report import build_report

    build_report(small_store, tmp_path / "site")
    with ReleaseStore(small_store) as store:
        canonical = store.query("SELECT copy_of FROM releases WHERE id = ?", (COPY_ID,))[0][0]
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert f'<a class="badge" href="releases/{canonical}.html"' in index
    copy_page = (tmp_path / "site" / "releases" / f"{COPY_ID}.html").read_text(encoding="utf-8")
    assert f'<a href="{canonical}.html">release {canonical}</a>' in copy_page
    canonical_page = (tmp_path / "site" / "releases" / f"{canonical}.html").read_text(encoding="utf-8")
    assert "syndicated by Mirage News" in canonical_page


def test_report_writes_a_page_per_release_and_ships_its_scripts(small_store: Path, tmp_path: Path) -> None:
    from mirps_nlp.report import build_report

    stale = tmp_path / "site" / "releases" / "0123456789abcdef.html"  # from an earlier run on another store
    stale.parent.mkdir(parents=True)
    stale.write_text("old", encoding="utf-8")
    summary = build_report(small_store, tmp_path / "site")
    site = tmp_path / "site"
    assert not stale.exists()
    with ReleaseStore(small_store) as store:
        ids = [row[0] for row in store.query("SELECT id FROM releases")]
    assert summary.releases == len(ids) == 3
    for release_id in ids:
        page = (site / "releases" / f"{release_id}.html").read_text(encoding="utf-8")
        assert 'class="sent" id="s0"' in page
        assert 'href="../static/report.css"' in page
    index = (site / "index.html").read_text(encoding="utf-8")
    assert all(f'href="releases/{release_id}.html"' in index for release_id in ids)
    # every actor in a release's record links to its row in the registry
    registry = (site / "actors.html").read_text(encoding="utf-8")
    anchors = re.findall(r'href="\.\./actors\.html#([^"]+)"', page)
    assert anchors and all(f'id="{anchor}"' in registry for anchor in anchors)
    for script in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        assert (site / "static" / "vendor" / script).stat().st_size > 10_000
    # No page asks the network for anything: every src and href is relative or an anchor.
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        remote = re.findall(r'(?:src|href)="(https?:[^"]*)"', html)
        assert [url for url in remote if "source" not in url] == [], page.name


def test_cli_report_writes_the_site_and_says_how_long(small_store: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from mirps_nlp.cli import app

    result = CliRunner().invoke(app, ["report", str(small_store), str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert re.search(r"report: 3 releases, \d+ pages in \d+\.\ds", result.output)
    assert (tmp_path / "out" / "index.html").is_file()


def test_cli_report_on_a_missing_store_is_one_error_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from mirps_nlp.cli import app

    result = CliRunner().invoke(app, ["report", str(tmp_path / "none.sqlite"), str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output.strip().startswith("error: ")
    assert "Traceback" not in result.output
    assert not (tmp_path / "none.sqlite").exists(), "reading a store must not create one"
    assert not (tmp_path / "out").exists()
    (tmp_path / "junk.sqlite").write_text("not a database", encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(tmp_path / "junk.sqlite"), str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.strip().startswith("error: ") and "cannot be read" in result.output


# --- a real browser -------------------------------------------------------------------------------


def _no_browser(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI runs the browser tests and cannot: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        _no_browser("playwright is not installed (it comes with the [dev] extra)")
    if not CHROMIUM.is_file():
        _no_browser(f"no Chromium at {CHROMIUM} (.ci/run installs Debian's chromium package)")
    with sync_playwright() as playwright:
        try:
            # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        except Error as error:
            _no_browser(f"Chromium at {CHROMIUM} does not start headless: {str(error).splitlines()[0]}")
        yield launched
        launched.close()


class _Watched:
    """A page with every console error, page error and non-file request recorded."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.network: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

        def route(r: Any) -> None:
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                self.network.append(r.request.url)
                r.abort()

        self.page.route("**/*", route)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser: Any) -> Iterator[_Watched]:
    page = _Watched(browser)
    yield page
    page.close()


def test_release_page_opens_with_no_console_error_and_no_network(
    small_store: Path, tmp_path: Path, watched: _Watched
) -> None:
    from mirps_nlp.report import build_report

    build_report(small_store, tmp_path / "site")
    for page in sorted((tmp_path / "site").rglob("*.html")):
        watched.page.goto(page.as_uri())
        watched.page.wait_for_load_state("load")
    assert watched.errors == []
    assert watched.network == []


def test_a_span_click_picks_its_row_in_the_record(small_store: Path, tmp_path: Path, watched: _Watched) -> None:
    from mirps_nlp.report import build_report

    build_report(small_store, tmp_path / "site")
    with ReleaseStore(small_store) as store:
        release_id, data = store.query("SELECT id, data FROM releases WHERE n_chair_transfers > 0 LIMIT 1")[0]
    record = json.loads(data)
    watched.page.goto((tmp_path / "site" / "releases" / f"{release_id}.html").as_uri())
    watched.page.locator('.tag[data-item="chair_transfers-0"]').click()
    picked = watched.page.locator("tr.picked")
    assert picked.count() == 1
    assert picked.get_attribute("id", timeout=1000) == "chair_transfers-0"
    transfer = record["chair_transfers"][0]
    receiver = next(actor["name"] for actor in record["actors"] if actor["id"] == transfer["to"])
    assert receiver in picked.inner_text()
    # the text's spans of that handover are picked too
    assert watched.page.locator('.seg.picked[data-items~="chair_transfers-0"]').count() >= 1
    watched.page.screenshot(path=str(tmp_path / "release.png"))
    assert (tmp_path / "release.png").stat().st_size > 10_000
    assert watched.errors == []


# --- the corpus, end to end: batch, report, browser -----------------------------------------------


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The corpus through ``batch`` into a store, and its report (the time it took is printed, not asserted)."""
    pytest.importorskip("altair", reason="the [report] extra is not installed")
    from mirps_nlp.batch import run_batch
    from mirps_nlp.report import build_report

    folder = tmp_path_factory.mktemp("corpus")
    releases = tmp_path_factory.mktemp("releases")
    for path in (CORPUS / "releases").iterdir():
        if path.is_file():
            shutil.copyfile(path, releases / path.name)
    run_batch([releases], folder / "corpus.jsonl", workers=1)
    store = folder / "corpus.sqlite"
    summary = build_report(store, folder / "site")
    print(f"\nreport on the corpus: {summary.releases} releases, {len(summary.pages)} pages in {summary.seconds:.1f}s")
    return store, folder / "site"


def _section(page: Any, body: str, office: str) -> Any:
    return page.locator(f'section.body[data-body="{body}"][data-office="{office}"]')


@pytest.mark.slow
def test_corpus_report_lists_every_conflict_the_timeline_finds(corpus_site: tuple[Path, Path]) -> None:
    from mirps_nlp.explore import timeline

    store_path, site = corpus_site
    with ReleaseStore(store_path) as store:
        bodies = timeline(store)
    html = (site / "timeline.html").read_text(encoding="utf-8")
    assert html.count('<p class="conflict" data-kind=') == sum(len(b.conflicts) for b in bodies)
    assert html.count('<tr class="tenure ') == sum(len(b.tenures) for b in bodies)
    assert html.count('<section class="body"') == len(bodies)


@pytest.mark.slow
def test_corpus_report_opens_with_no_console_error_and_draws_its_charts(
    corpus_site: tuple[Path, Path], watched: _Watched
) -> None:
    _store, site = corpus_site
    pages = ["index.html", "timeline.html", "actors.html", "figures.html", "quotes.html"]
    pages += [f"releases/{p.name}" for p in sorted((site / "releases").glob("*.html"))[:5]]
    for name in pages:
        watched.page.goto((site / name).as_uri())
        charts = watched.page.locator("div.chart")
        for number in range(charts.count()):
            charts.nth(number).locator("svg").first.wait_for(state="attached", timeout=15_000)
    assert watched.errors == []
    assert watched.network == []


@pytest.mark.slow
def test_corpus_timeline_shows_the_mirps_holders_gold_implies(
    corpus_site: tuple[Path, Path], watched: _Watched
) -> None:
    from test_explore import MIRPS, gold_mirps

    expected, named, _dates = gold_mirps()
    _store, site = corpus_site
    watched.page.goto((site / "timeline.html").as_uri())
    rows = _section(watched.page, *MIRPS).locator("tr.tenure")
    shown = [
        (rows.nth(i).get_attribute("data-holder"), rows.nth(i).get_attribute("data-status"))
        for i in range(rows.count())
    ]
    assert [holder for holder, status in shown if status == "held"] == [holder for holder, _term in expected]
    assert {holder for holder, _status in shown} <= named, "no holder the gold does not name"
    # what a reader sees: the holders' names, in the order of the succession
    names = rows.locator("td.holder").all_inner_texts()
    assert names[0] == "Mexico" and len(names) == len(shown)


@pytest.mark.slow
def test_corpus_timeline_entry_opens_the_release_at_its_handover_sentence(
    corpus_site: tuple[Path, Path], watched: _Watched, tmp_path: Path
) -> None:
    from test_explore import MIRPS

    store_path, site = corpus_site
    watched.page.goto((site / "timeline.html").as_uri())
    # The second holder's tenure: the handover that gave it the chair.
    link = _section(watched.page, *MIRPS).locator('tr.tenure[data-status="held"]').nth(1).locator(
        'a.cite[data-kind="chair_transfer"][data-role="receiver"]'
    ).first
    href = link.get_attribute("href") or ""
    release_id, sentence = re.fullmatch(r"releases/([0-9a-f]{16})\.html#s(\d+)", href).groups()  # type: ignore[union-attr]
    link.click()
    watched.page.wait_for_url(re.compile(rf"{release_id}\.html#s{sentence}$"))
    target = watched.page.locator(":target")
    assert target.count() == 1
    assert target.get_attribute("class") == "sent" and target.get_attribute("id") == f"s{sentence}"
    with ReleaseStore(store_path) as store:
        record = json.loads(store.query("SELECT data FROM releases WHERE id = ?", (release_id,))[0][0])
        text = store.text(release_id) or ""
    transfers = [t for t in record["chair_transfers"] if t["sentence"] == int(sentence)]
    assert transfers, "the entry cites a sentence that holds a handover"
    # the sentence as a reader sees it, without the small label tags
    shown = " ".join(target.evaluate(
        "el => { const c = el.cloneNode(true); c.querySelectorAll('.tag').forEach(t => t.remove());"
        " return c.textContent; }"
    ).split())
    assert " ".join(text[transfers[0]["start"] : transfers[0]["end"]].split()) in shown
    assert target.locator('.seg[data-labels~="CHAIR_TRANSFER"]').count() >= 1
    highlight = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert highlight == "rgb(255, 241, 168)", "the :target rule highlights the handover sentence"
    assert target.is_visible()
    shot = tmp_path / "handover.png"
    watched.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    assert watched.errors == []
