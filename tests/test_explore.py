"""Knowledge across releases (``mirps_nlp.explore``): chair successions with their evidence and
conflicts, the actor registry, figure series and quotes by speaker.

Constructed stores test each rule; the corpus test runs ``batch`` and compares the MIRPS
presidency succession with the one the corpus gold implies (built here from the gold files).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mirps_nlp.batch import run_batch
from mirps_nlp.explore import actor_registry, figure_series, quotes_by_speaker, term_key, timeline
from mirps_nlp.records import Release
from mirps_nlp.store import ReleaseStore

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "releases"
GOLD = ROOT / "corpus" / "gold"
MIRPS = ("MIRPS", "pro_tempore_presidency")
SUPPORT_PLATFORM = ("MIRPS Support Platform", "chair")
CRM = ("Regional Conference on Migration", "pro_tempore_presidency")


def located(source: str, words: str, **fields: Any) -> dict[str, Any]:
    """An item at the first place ``words`` occur in ``source`` (sentence: lines before it, unless given)."""
    start = source.index(words)
    return {"sentence": source[:start].count("\n"), **fields, "start": start, "end": start + len(words)}


def release(rid: str, published: str | None, text: str, **items: Any) -> dict[str, Any]:
    record = {"id": rid * 16 if len(rid) == 1 else rid, "published": published, "text": text, **items}
    return Release.model_validate(record).to_json_dict(include_text=True)


def handover(text: str, words: str, giver: str | None, receiver: str, term: str | None, **extra: Any) -> dict:
    return located(
        text, words, body="MIRPS", office="pro_tempore_presidency", **{"from": giver}, to=receiver, term=term, **extra
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ReleaseStore]:
    with ReleaseStore(tmp_path / "store.sqlite") as opened:
        yield opened


def succession(store: ReleaseStore) -> list[tuple[str, str | None, str]]:
    (body,) = timeline(store, body="mirps")
    return [(t.holder, t.term, t.status) for t in body.tenures]


def test_term_keys_order_years_halves_and_ranges() -> None:
    terms = ["second half of 2025", "2024-2025", "first half of 2025", "2023", "segundo semestre de 2024"]
    assert sorted(terms, key=term_key) == [
        "2023", "2024-2025", "segundo semestre de 2024", "first half of 2025", "second half of 2025",
    ]
    assert term_key(None) is None and term_key("the next term") is None


def test_a_succession_with_dates_evidence_and_untermed_givers(store: ReleaseStore) -> None:
    a = "Mexico handed the Pro Tempore Presidency to El Salvador for 2020.\nIt was a good day."
    b = "Second line first.\nEl Salvador handed over the Presidency to Guatemala for 2021."
    c = "Guatemala holds the Presidency in 2021."
    store.upsert(release("a", "2019-11-08", a, chair_transfers=[
        handover(a, "Mexico handed the Pro Tempore Presidency to El Salvador for 2020", "country:MEX", "country:SLV",
                 "2020", date="2019-11-08"),
    ]))
    store.upsert(release("b", "2020-12-10", b, chair_transfers=[
        handover(b, "El Salvador handed over the Presidency to Guatemala for 2021", "country:SLV", "country:GTM",
                 "2021", date="2020-12-09"),
    ]))
    store.upsert(release("c", "2021-03-01", c, chair_terms=[
        located(c, "Guatemala holds the Presidency in 2021", body="MIRPS", office="pro_tempore_presidency",
                holder="country:GTM", term="2021", status="current"),
    ]))
    store.commit()
    assert succession(store) == [
        ("country:MEX", None, "held"), ("country:SLV", "2020", "held"), ("country:GTM", "2021", "held"),
    ]
    (body,) = timeline(store)
    mexico, salvador, guatemala = body.tenures
    assert body.conflicts == []
    assert (salvador.start_date, salvador.end_date, salvador.given_by, salvador.handed_to) == (
        "2019-11-08", "2020-12-09", "country:MEX", "country:GTM",
    )
    assert mexico.end_date == "2019-11-08" and mexico.start_date is None
    assert guatemala.release_ids == ["b" * 16, "c" * 16]
    evidence = guatemala.evidence[0]
    assert evidence.sentence == 1 and evidence.sentence_text == b.splitlines()[1]
    assert b[evidence.start : evidence.end] in evidence.sentence_text
    assert [e.role for e in guatemala.evidence] == ["receiver", "holder"]


def test_conflicts_are_listed_and_nothing_is_hidden(store: ReleaseStore) -> None:
    text = (
        "Panama handed the Presidency to Belize for 2024.\n"
        "Honduras received the Presidency for 2024.\n"
        "Costa Rica handed the Presidency to El Salvador for 2025.\n"
    )
    store.upsert(release("a", "2024-01-24", text, chair_transfers=[
        handover(text, "Panama handed the Presidency to Belize for 2024", "country:PAN", "country:BLZ", "2024",
                 date="2024-01-24"),
        handover(text, "Honduras received the Presidency for 2024", None, "country:HND", "2024"),
        handover(text, "Costa Rica handed the Presidency to El Salvador for 2025", "country:CRI", "country:SLV",
                 "2025", date="2024-12-05"),
    ]))
    store.commit()
    (body,) = timeline(store)
    holders = [(t.holder, t.term) for t in body.tenures]
    assert ("country:BLZ", "2024") in holders and ("country:HND", "2024") in holders  # both kept
    kinds = Counter(c.kind for c in body.conflicts)
    assert kinds == {"two_holders": 1, "giver_not_previous": 1}
    (two,) = [c for c in body.conflicts if c.kind == "two_holders"]
    assert two.term == "2024" and set(two.holders) == {"country:BLZ", "country:HND"}
    assert {e.sentence_text for e in two.evidence} == set(text.splitlines()[:2])
    (giver,) = [c for c in body.conflicts if c.kind == "giver_not_previous"]
    assert giver.stated_giver == "country:CRI" and giver.previous_holder in {"country:BLZ", "country:HND"}
    assert giver.holders == ["country:SLV"] and giver.evidence[0].sentence_text == text.splitlines()[2]


def test_copies_do_not_count_twice_and_bodies_filter(store: ReleaseStore) -> None:
    text = "Panama handed the Presidency to Belize for 2024."
    item = handover(text, text[:-1], "country:PAN", "country:BLZ", "2024", date="2024-01-24")
    sica = {**item, "body": "SICA"}
    store.upsert(release("a", "2024-01-24", text, chair_transfers=[item, sica]))
    store.upsert({**release("b", "2024-01-25", text, chair_transfers=[item]), "copy_of": "a" * 16})
    store.commit()
    (body,) = timeline(store, body="MIRPS")
    assert [t.release_ids for t in body.tenures] == [["a" * 16], ["a" * 16]]
    assert [b.body for b in timeline(store)] == ["MIRPS", "SICA"]
    assert timeline(store, body="CRM") == []
    assert timeline(store, body="Central American Integration System") == []  # not named in the store
    sica = {"id": "org:SICA", "kind": "organization", "name": "Central American Integration System",
            "acronym": "SICA"}
    store.upsert(release("c", "2024-01-26", text, actors=[sica]))
    store.commit()
    assert [b.body for b in timeline(store, body="central american integration system")] == ["SICA"]


def test_actor_registry_follows_titles_over_time(store: ReleaseStore) -> None:
    first = "Foreign Minister Ana Lopez of Panama spoke. Lopez said more."
    second = "Vice-President Ana López of Panama opened the meeting."

    def person(text: str, name: str, title: str, *spans: str) -> dict[str, Any]:
        mentions = [{"start": text.index(s), "end": text.index(s) + len(s), "text": s} for s in spans]
        return {"id": "person:ana-lopez", "kind": "person", "name": name, "title": title,
                "affiliation": "country:PAN", "mentions": mentions}

    panama = {"id": "country:PAN", "kind": "country", "name": "Panama", "iso3": "PAN", "roles": ["member_state"]}
    store.upsert(release("a", "2022-05-01", first, actors=[
        person(first, "Ana Lopez", "Foreign Minister", "Ana Lopez", "Lopez"), panama,
    ]))
    for rid, published in (("b", "2024-02-01"), ("c", "2023-01-01")):
        later = person(second, "Ana López", "Vice-President", "Ana López")
        store.upsert(release(rid, published, second, actors=[later]))
    store.commit()
    registry = {entry.id: entry for entry in actor_registry(store)}
    ana = registry["person:ana-lopez"]
    assert ana.kinds == ["person"] and ana.n_releases == 3 and ana.n_mentions == 4
    assert ana.name == "Ana López" and set(ana.aliases) == {"Ana Lopez", "Lopez"}
    assert (ana.first_seen, ana.last_seen) == ("2022-05-01", "2024-02-01")
    assert [(t.title, t.first_seen, t.last_seen) for t in ana.titles] == [
        ("Foreign Minister", "2022-05-01", "2022-05-01"), ("Vice-President", "2023-01-01", "2024-02-01"),
    ]
    assert registry["country:PAN"].roles == ["member_state"] and registry["country:PAN"].iso3 == "PAN"


def test_figure_series_and_quotes_by_speaker(store: ReleaseStore) -> None:
    texts = {
        "a": "More than 1.8 million people were displaced in the region. “We act,” said Ana Lopez.",
        "b": "Some 1.7 million people were displaced in the region. “We will act,” Lopez said. 5% more.",
    }
    for rid, published in (("b", "2024-12-05"), ("a", "2024-01-24")):
        text = texts[rid]
        amount = re.search(r"\d\.\d million people", text)
        assert amount is not None
        quote = re.search("“[^”]+”", text)
        assert quote is not None
        figures = [located(text, amount.group(), text=amount.group(), value=float(amount.group()[:3]) * 1e6,
                           counted="people", category="displaced_people", scope="the Region")]
        if "5%" in text:
            figures.append(located(text, "5%", text="5%", value=5.0, category="percent", unit="%"))
        quotes = [located(text, quote.group(), text=quote.group()[1:-1], speaker="person:ana-lopez",
                          speaker_name="Ana Lopez", speaker_title="Minister", cue="said", sentence=1)]
        store.upsert(release(rid, published, text, figures=figures, quotes=quotes))
    store.commit()
    (series,) = figure_series(store)  # the percentage counts nothing named: no series
    assert (series.counted, series.scope, series.category) == ("people", "the Region", "displaced_people")
    assert [(p.published, p.value) for p in series.points] == [("2024-01-24", 1.8e6), ("2024-12-05", 1.7e6)]
    assert series.points[0].sentence_text == "More than 1.8 million people were displaced in the region."
    assert figure_series(store, min_points=3) == []
    (speaker,) = quotes_by_speaker(store)
    assert speaker.speaker == "person:ana-lopez" and speaker.titles == ["Minister"]
    assert [q.text for q in speaker.quotes] == ["We act,", "We will act,"]
    assert speaker.quotes[0].sentence_text is not None and "“We act,”" in speaker.quotes[0].sentence_text


# --------------------------------------------------------------------------- the corpus


def gold_mirps() -> tuple[list[tuple[str, str]], set[str], dict[tuple[str, str], set[str]]]:
    """What the gold implies: the held succession (holder, term) oldest first, every holder the
    gold names for the MIRPS presidency, and the dates gold gives each handover (receiver, term)."""
    receivers: dict[tuple[str, str], Counter[str]] = {}
    givers: dict[str, str] = {}  # the term handed over -> its giver
    named: set[str] = set()
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for item in gold.get("chair_transfers", []):
            if (item["body"], item["office"]) != MIRPS:
                continue
            named.update(x for x in (item.get("from"), item.get("to")) if x)
            if item.get("status") == "completed" and item.get("to") and item.get("term"):
                dates = receivers.setdefault((item["to"], item["term"]), Counter())
                if item.get("date"):
                    dates[item["date"]] += 1
                if item.get("from"):
                    givers.setdefault(item["term"], item["from"])
        for item in gold.get("chair_terms", []):
            if (item["body"], item["office"]) == MIRPS:
                named.add(item["holder"])
    ordered = sorted(receivers, key=lambda pair: int(pair[1][:4]))
    first_giver = givers[ordered[0][1]]
    dates = {pair: set(counted) for pair, counted in receivers.items() if counted}
    return [(first_giver, ""), *ordered], named, dates


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReleaseStore]:
    out = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    releases = tmp_path_factory.mktemp("releases")
    for path in CORPUS.iterdir():
        if path.is_file():
            shutil.copyfile(path, releases / path.name)
    run_batch([releases], out, workers=1)
    with ReleaseStore(out.with_suffix(".sqlite")) as store:
        yield store


@pytest.mark.slow
def test_corpus_mirps_succession_is_the_one_gold_implies(corpus_store: ReleaseStore) -> None:
    expected, named, dates = gold_mirps()
    (body,) = timeline(corpus_store, body="MIRPS")
    assert body.conflicts == [], [c.model_dump() for c in body.conflicts]
    held = [t for t in body.tenures if t.status == "held"]
    assert [t.holder for t in held] == [holder for holder, _term in expected]
    for tenure, (holder, term) in zip(held[1:], expected[1:], strict=True):
        assert tenure.term == term, (holder, tenure.term, term)
        if (holder, term) in dates:
            # Releases date a handover by its ceremony or their own day: one of the gold's dates.
            assert tenure.start_date in dates[(holder, term)], (holder, term)
    # No invented holder: an announced one is still one the gold names for this office.
    assert {t.holder for t in body.tenures} <= named
    for tenure in body.tenures:
        assert tenure.evidence
        for evidence in tenure.evidence:
            text = corpus_store.text(evidence.release_id)
            assert text is not None and evidence.sentence_text
            assert text[evidence.start : evidence.end].strip() in evidence.sentence_text


def gold_holders_by_term(body: tuple[str, str]) -> dict[str, set[str]]:
    """Every holder the gold gives each stated term of ``body`` (receivers of handovers and terms)."""
    holders: dict[str, set[str]] = {}
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for key, who in (("chair_transfers", "to"), ("chair_terms", "holder")):
            for item in gold.get(key, []):
                if (item["body"], item["office"]) == body and item.get(who) and item.get("term"):
                    holders.setdefault(item["term"], set()).add(item[who])
    return holders


def test_corpus_gold_tells_one_support_platform_succession() -> None:
    """The English releases (e01, e08, e15, e19) and the Spanish ones (s301, s302, s314, s317) once
    disagreed (Spain -> Canada against Switzerland -> Uruguay for 2026-2027), and blind set 4 (f05, f15,
    f21, s501, s512, s519) once told its own (Canada 2021-2022, Spain 2024, Uruguay 2027 -> Switzerland
    2028); the corpus now tells one succession, so every stated term has one holder."""
    holders = gold_holders_by_term(SUPPORT_PLATFORM)
    assert {term: who for term, who in holders.items() if len(who) > 1} == {}
    assert holders["2021-2022"] == {"country:USA"} and holders["2022-2023"] == {"country:CAN"}
    assert holders["2023"] == {"country:USA"} and holders["2024"] == {"country:COL"}
    assert holders["2025"] == {"country:COL"} and holders["2026"] == {"country:ESP"}
    assert holders["2027"] == {"country:CAN"} and holders["2028"] == {"country:URY"}


def timeline_as_gold_says(store: ReleaseStore, body: tuple[str, str], terms: set[str]) -> dict[str, Any]:
    """The corpus store's succession of ``body``: no conflict listed, every ``terms`` stated, and each
    stated term's holder one the gold gives that term; returns the tenures by term."""
    (succession,) = timeline(store, body=body[0])
    assert succession.conflicts == [], [c.model_dump() for c in succession.conflicts]
    holders = gold_holders_by_term(body)
    termed = [t for t in succession.tenures if t.term]
    assert {t.term for t in termed} >= terms
    for tenure in termed:
        assert tenure.holder in holders.get(tenure.term, {tenure.holder}), (tenure.holder, tenure.term)
    return {t.term: t for t in termed}


@pytest.mark.slow
def test_corpus_support_platform_timeline_has_no_conflict(corpus_store: ReleaseStore) -> None:
    by_term = timeline_as_gold_says(corpus_store, SUPPORT_PLATFORM, {"2024", "2025", "2026", "2027", "2028"})
    assert by_term["2027"].given_by == "country:ESP" and by_term["2027"].status == "held"
    # s512 and s519 (January 2028) report the handover to Uruguay as done.
    assert by_term["2028"].given_by == "country:CAN" and by_term["2028"].status == "held"


def test_corpus_gold_tells_one_crm_succession() -> None:
    """The Regional Conference on Migration's holders once disagreed: Honduras (f04) against Panama
    (c216, s121) for 2023, Panama (e03) against Honduras (n03, s304) for 2026; one succession now."""
    holders = gold_holders_by_term(CRM)
    assert {term: who for term, who in holders.items() if len(who) > 1} == {}
    assert holders["2022"] == {"country:SLV"} and holders["2023"] == {"country:PAN"}
    assert holders["2024"] == {"country:GTM"} and holders["2025"] == {"country:CRI"}
    assert holders["2026"] == {"country:HND"} and holders["2027"] == {"country:PAN"}
    assert holders["2028"] == {"country:BLZ"}


@pytest.mark.slow
def test_corpus_crm_timeline_has_no_conflict(corpus_store: ReleaseStore) -> None:
    by_term = timeline_as_gold_says(corpus_store, CRM, {"2022", "2023", "2024", "2025", "2026", "2027", "2028"})
    assert by_term["2024"].given_by == "country:PAN" and by_term["2024"].start_date == "2023-11-15"
    assert by_term["2026"].given_by == "country:CRI" and by_term["2026"].start_date == "2025-11-19"
    assert by_term["2027"].given_by == "country:HND" and by_term["2028"].given_by == "country:PAN"


@pytest.mark.slow
def test_corpus_registry_series_and_quotes_hold_together(corpus_store: ReleaseStore) -> None:
    counts = corpus_store.counts()
    registry = actor_registry(corpus_store)
    assert len({e.id for e in registry}) == len(registry)
    assert sum(e.n_releases for e in registry) == counts["actors"]
    assert all(e.first_seen is None or e.first_seen <= (e.last_seen or "") for e in registry)
    quotes = quotes_by_speaker(corpus_store)
    assert sum(len(s.quotes) for s in quotes) == counts["quotes"]
    series = figure_series(corpus_store)
    assert sum(len(s.points) for s in series) == corpus_store.query(
        "SELECT COUNT(*) FROM figures WHERE counted IS NOT NULL AND counted != ''"
    )[0][0]


# --------------------------------------------------------------------------- exports and the CLI


def sqlite_keywords() -> set[str]:
    """SQLite's own keyword list (sqlite3_keyword_name), from the library Python's sqlite3 uses."""
    import _sqlite3
    import ctypes

    try:
        lib = ctypes.CDLL(_sqlite3.__file__)
        count = lib.sqlite3_keyword_count()
    except (OSError, AttributeError) as error:  # a build without the keyword API
        pytest.skip(f"sqlite3_keyword_count is not reachable through ctypes: {error}")
    lib.sqlite3_keyword_name.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_int)]
    words = set()
    for i in range(count):
        name, size = ctypes.c_char_p(), ctypes.c_int()
        lib.sqlite3_keyword_name(i, ctypes.byref(name), ctypes.byref(size))
        assert name.value is not None
        words.add(name.value[: size.value].decode().casefold())
    return words


def test_export_views_name_no_column_with_an_sql_keyword(store: ReleaseStore) -> None:
    from mirps_nlp.store import EXPORT_TABLES

    keywords = sqlite_keywords()
    assert {"from", "to", "end", "action", "select"} <= keywords  # the list is the real one
    for table in EXPORT_TABLES:
        columns = [row[1] for row in store.query(f"PRAGMA table_info(export_{table})")]
        assert columns and not {c.casefold() for c in columns} & keywords, (table, columns)
        if table not in ("releases", "copies", "actors"):
            assert {"release_id", "sentence", "start_char", "end_char"} <= set(columns) or table == "actor_mentions"
    columns = [row[1] for row in store.query("PRAGMA table_info(export_chair_transfers)")]
    assert "from_actor" in columns and "to_actor" in columns


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_exports_round_trip(corpus_store: ReleaseStore, tmp_path: Path, fmt: str) -> None:
    from mirps_nlp.export import export_store

    if fmt == "parquet":
        pytest.importorskip("pyarrow", reason="pyarrow is in the dev extra; without it Parquet cannot be tested")
    written = export_store(corpus_store, tmp_path, fmt)
    counts = corpus_store.counts()
    mentions = corpus_store.query("SELECT COUNT(*) FROM actors a, json_each(a.data, '$.mentions')")[0][0]
    assert written == {**counts, "actor_mentions": mentions}
    for table, expected in written.items():
        assert len(rows_of(tmp_path / f"{table}.{fmt}", fmt)) == expected, table
    # A row names its release, sentence and offsets, and the offsets index the release's text.
    transfers = rows_of(tmp_path / f"chair_transfers.{fmt}", fmt)
    assert transfers and {"from_actor", "to_actor", "release_id", "sentence", "start_char", "end_char"} <= set(
        transfers[0]
    )
    for row in transfers[:10]:
        text = corpus_store.text(str(row["release_id"]))
        assert text is not None and 0 <= int(row["start_char"]) < int(row["end_char"]) <= len(text)


def rows_of(path: Path, fmt: str) -> list[dict[str, Any]]:
    import csv

    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    import pyarrow.parquet as pq

    return list(pq.read_table(path).to_pylist())


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mirps_nlp.cli", *args]
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env=env, check=False)


@pytest.mark.slow
def test_cli_timeline_actors_and_export(corpus_store: ReleaseStore, tmp_path: Path) -> None:
    expected, _named, _dates = gold_mirps()
    names = {e.id: e.name for e in actor_registry(corpus_store)}
    shown = run_cli("timeline", str(corpus_store.path), "--body", "MIRPS")
    assert shown.returncode == 0, shown.stderr
    for holder, _term in expected:
        assert names[holder] in shown.stdout
    as_json = run_cli("timeline", str(corpus_store.path), "--json")
    assert as_json.returncode == 0
    bodies = json.loads(as_json.stdout)
    assert {b["body"] for b in bodies} >= {"MIRPS", "MIRPS Support Platform", "SICA"}
    crm = run_cli("timeline", str(corpus_store.path), "--body", "CRM", "--json")  # the acronym names the body
    assert [b["body"] for b in json.loads(crm.stdout)] == ["Regional Conference on Migration"]
    actors = run_cli("actors", str(corpus_store.path), "--kind", "country", "--json")
    assert actors.returncode == 0 and all("country" in e["kinds"] for e in json.loads(actors.stdout))
    table = run_cli("actors", str(corpus_store.path), "--limit", "3")
    assert table.returncode == 0 and "org:MIRPS" in table.stdout
    exported = run_cli("export", str(corpus_store.path), str(tmp_path / "tables"), "--format", "jsonl")
    assert exported.returncode == 0 and (tmp_path / "tables" / "chair_transfers.jsonl").is_file()
    missing = run_cli("timeline", str(tmp_path / "nothing.sqlite"))
    assert missing.returncode == 2 and missing.stderr.startswith("error: no store at")
    assert not (tmp_path / "nothing.sqlite").exists()
