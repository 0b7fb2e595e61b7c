"""Knowledge across releases: chair successions, an actor registry, figure series, quotes by speaker.

Library functions over a :class:`~mirps_nlp.store.ReleaseStore` (a batch's SQLite store). Each
returns pydantic rows that carry their evidence: the release id, its date, the sentence that
states the fact (text and index) and the character offsets into the release's normalised text.
Nothing here prints; the CLI (``mirps-nlp timeline``, ``mirps-nlp actors``) and the HTML report
render these rows.

Only canonical releases count: a copy (``copy_of`` another release: a syndicated repost, a light
edit) would count the same statement twice.

>>> with ReleaseStore("out/corpus.sqlite") as store:  # doctest: +SKIP
...     for body in timeline(store, body="MIRPS"):
...         print([(t.holder, t.term) for t in body.tenures])
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from mirps_nlp.store import ReleaseStore

EvidenceKind = Literal["chair_transfer", "chair_term"]
EvidenceRole = Literal["receiver", "giver", "holder"]
ConflictKind = Literal["two_holders", "giver_not_previous"]


class Row(BaseModel):
    """Base of every row: unknown fields are refused, so a renamed field fails loudly."""

    model_config = ConfigDict(extra="forbid")


class Evidence(Row):
    """Where a release states something: its sentence and the item's offsets in its normalised text."""

    release_id: str
    published: str | None = None
    title: str | None = None
    sentence: int = Field(description="0-based index of the sentence in the release")
    sentence_text: str | None = Field(default=None, description="that sentence (None when the store kept no text)")
    start: int
    end: int


class ChairEvidence(Evidence):
    """A chair handover or term, and what it says about one holder."""

    kind: EvidenceKind
    item: int = Field(description="the item's index in the release's chair_transfers or chair_terms")
    role: EvidenceRole = Field(description="receiver or giver of a handover, or holder of a term")
    status: str | None = None
    date: str | None = None
    giver: str | None = None
    receiver: str | None = None


class Tenure(Row):
    """One holder of one body's office for one term, with the releases and sentences that state it."""

    body: str
    office: str
    holder: str
    holder_name: str | None = None
    term: str | None = None
    start_date: str | None = Field(default=None, description="the handover to this holder, as most releases date it")
    end_date: str | None = Field(default=None, description="the handover from this holder to the next")
    status: Literal["held", "planned"] = Field(
        description="held: a completed handover to it or a current/completed term is stated; planned: only announced"
    )
    given_by: str | None = Field(default=None, description="the previous holder as the handovers state it")
    handed_to: str | None = Field(default=None, description="the next holder as the handovers state it")
    evidence: list[ChairEvidence] = Field(default_factory=list)

    @property
    def release_ids(self) -> list[str]:
        return list(dict.fromkeys(e.release_id for e in self.evidence))


class Conflict(Row):
    """Releases that disagree: two holders for one term, or a handover from someone who did not hold it."""

    body: str
    office: str
    kind: ConflictKind
    term: str | None = None
    holders: list[str] = Field(default_factory=list)
    stated_giver: str | None = None
    previous_holder: str | None = None
    message: str
    evidence: list[ChairEvidence] = Field(default_factory=list)


class BodyTimeline(Row):
    """The succession of one office of one body, oldest first, and the conflicts in it."""

    body: str
    office: str
    tenures: list[Tenure] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)


class TitleHeld(Row):
    title: str
    affiliation: str | None = None
    first_seen: str | None = None
    last_seen: str | None = None
    releases: list[str] = Field(default_factory=list)


class ActorEntry(Row):
    """One actor across releases."""

    id: str
    name: str
    kinds: list[str]
    aliases: list[str] = Field(default_factory=list, description="every other name and mention text used for it")
    iso3: str | None = None
    acronym: str | None = None
    wikidata: str | None = None
    roles: list[str] = Field(default_factory=list)
    affiliations: list[str] = Field(default_factory=list)
    titles: list[TitleHeld] = Field(default_factory=list, description="titles held over time, oldest first")
    first_seen: str | None = Field(default=None, description="earliest `published` of a release naming it")
    last_seen: str | None = None
    n_releases: int
    n_mentions: int
    releases: list[str] = Field(default_factory=list)


class FigurePoint(Evidence):
    text: str
    value: float | None = None
    qualifier: str | None = None
    unit: str | None = None


class FigureSeries(Row):
    """The same counted thing in the same scope (and unit), over time."""

    category: str
    counted: str | None = None
    scope: str | None = None
    unit: str | None = None
    points: list[FigurePoint] = Field(default_factory=list, description="oldest first; undated last")


class QuoteRow(Evidence):
    text: str
    cue: str | None = None
    partial: bool = False
    speaker_name: str | None = None
    speaker_title: str | None = None
    speaker_affiliation: str | None = None


class SpeakerQuotes(Row):
    speaker: str | None = Field(description="the speaker's actor id (None: unattributed or a name with no id)")
    name: str | None = None
    titles: list[str] = Field(default_factory=list)
    affiliations: list[str] = Field(default_factory=list)
    quotes: list[QuoteRow] = Field(default_factory=list)


# --------------------------------------------------------------------------- store access


@dataclass
class _Release:
    id: str
    published: str | None
    title: str | None
    language: str


class _Sentences:
    """Sentence texts of stored releases, cut by the same rule component as the batch."""

    def __init__(self, store: ReleaseStore) -> None:
        self.store = store
        self._bounds: dict[str, list[tuple[int, int]] | None] = {}
        self._texts: dict[str, str | None] = {}
        self._nlp: dict[str, Any] = {}

    def _pipeline(self, lang: str) -> Any:
        if lang not in self._nlp:
            from mirps_nlp.pipeline import LanguageNotSupportedError, load

            try:
                self._nlp[lang] = load(lang=lang, components=("mirps_sentences",))
            except LanguageNotSupportedError:
                self._nlp[lang] = self._pipeline("en")
        return self._nlp[lang]

    def _load(self, release: _Release) -> list[tuple[int, int]] | None:
        if release.id not in self._bounds:
            text = self.store.text(release.id)
            self._texts[release.id] = text
            if text is None:
                self._bounds[release.id] = None
            else:
                doc = self._pipeline(release.language or "en")(text)
                self._bounds[release.id] = [(s.start_char, s.end_char) for s in doc.sents]
        return self._bounds[release.id]

    def text(self, release: _Release, index: int, start: int, end: int) -> str | None:
        """The sentence ``index`` of the release, or (if the index does not hold the item) the one that does."""
        bounds = self._load(release)
        text = self._texts.get(release.id)
        if not bounds or text is None:
            return None
        if 0 <= index < len(bounds) and bounds[index][0] <= start < max(bounds[index][1], start + 1):
            lo, hi = bounds[index]
        else:
            lo, hi = next(((a, b) for a, b in bounds if a <= start < b), (start, end))
        # An item may run past its sentence (a quote over several): the evidence covers the item.
        return text[lo : max(hi, end)].strip()


def _canonical_releases(store: ReleaseStore) -> dict[str, _Release]:
    rows = store.query(
        "SELECT id, published, title, language FROM releases WHERE copy_of IS NULL OR copy_of = id"
    )
    return {rid: _Release(rid, published, title, language or "en") for rid, published, title, language in rows}


def _items(store: ReleaseStore, table: str, releases: dict[str, _Release]) -> Iterator[tuple[_Release, int, dict]]:
    """``(release, idx, item)`` of one item table, canonical releases only, in release and item order."""
    for release_id, idx, data in store.cursor(f"SELECT release_id, idx, data FROM {table} ORDER BY release_id, idx"):
        release = releases.get(release_id)
        if release is not None:
            yield release, idx, json.loads(data)


def _names(store: ReleaseStore) -> dict[str, str]:
    """The most used name of every actor id."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for actor_id, name in store.query("SELECT actor_id, name FROM actors WHERE name IS NOT NULL"):
        counts[actor_id][name] += 1
    return {actor_id: names.most_common(1)[0][0] for actor_id, names in counts.items()}


def _date_key(value: str | None) -> tuple[int, str]:
    return (0, value) if value else (1, "")


# --------------------------------------------------------------------------- timeline

_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
_SECOND_HALF = re.compile(r"\b(second|2nd|segundo)\b|\bjul", re.IGNORECASE)


def term_key(term: str | None) -> float | None:
    """Where a stated term sits in time: its first year, plus a half for a second semester.

    >>> term_key("2021-2022"), term_key("second half of 2025"), term_key("first half of 2026"), term_key("soon")
    (2021.0, 2025.5, 2026.0, None)
    """
    if not term:
        return None
    years = _YEAR.findall(term)
    if not years:
        return None
    return float(years[0]) + (0.5 if _SECOND_HALF.search(term) else 0.0)


def _year(value: str | None) -> int | None:
    return int(value[:4]) if value and value[:4].isdigit() else None


def _when(value: str | None) -> float | None:
    """A date as a fractional year (2024-07-01 -> about 2024.5)."""
    year = _year(value)
    if year is None or value is None:
        return None
    try:
        return year + (date.fromisoformat(value).timetuple().tm_yday - 1) / 366
    except ValueError:
        return float(year)


@dataclass
class _Claim:
    holder: str
    term: str | None
    evidence: ChairEvidence
    held: bool  # a completed handover to/from it, or a current/completed term
    receiver_term: str | None = None  # a giver's claim: the term it handed over


@dataclass
class _TenureBuilder:
    holder: str
    term: str | None
    claims: list[_Claim] = field(default_factory=list)

    def sort_key(self) -> float:
        key = term_key(self.term)
        if key is not None:
            return key
        # No term stated: place it by its dates (a term opens at the handover to it and ends
        # at the one from it, about a year later for most rotations).
        received = [y for c in self.claims if c.evidence.role == "receiver" and (y := _when(c.evidence.date))]
        given = [y for c in self.claims if c.evidence.role == "giver" and (y := _when(c.evidence.date))]
        if received:
            return min(received) + 0.1
        if given:
            return min(given) - 0.9
        published = [y for c in self.claims if (y := _year(c.evidence.published)) is not None]
        if not published:
            return float("inf")
        # Only announced: after the term running when the release was published.
        return min(published) + (1.5 if not any(c.held for c in self.claims) else 0.0)


def _most_common(values: Iterable[str | None]) -> str | None:
    counted = Counter(v for v in values if v)
    if not counted:
        return None
    best = max(counted.values())
    return min(v for v, n in counted.items() if n == best)  # ties: the earliest date / first id


def _chair_claims(store: ReleaseStore, releases: dict[str, _Release], sentences: _Sentences) -> Iterator[
    tuple[tuple[str, str], _Claim]
]:
    for release, idx, item in _items(store, "chair_transfers", releases):
        base = {
            "release_id": release.id, "published": release.published, "title": release.title,
            "sentence": item["sentence"], "start": item["start"], "end": item["end"],
            "sentence_text": sentences.text(release, item["sentence"], item["start"], item["end"]),
            "kind": "chair_transfer", "item": idx, "status": item.get("status"), "date": item.get("date"),
            "giver": item.get("from"), "receiver": item.get("to"),
        }
        key = (item["body"], item["office"])
        completed = item.get("status") == "completed"
        if item.get("to"):
            evidence = ChairEvidence(role="receiver", **base)
            yield key, _Claim(item["to"], item.get("term"), evidence, held=completed)
        if item.get("from"):
            evidence = ChairEvidence(role="giver", **base)
            # The term stated belongs to the receiver; the giver's own term comes from other claims.
            yield key, _Claim(item["from"], None, evidence, held=True, receiver_term=item.get("term"))
    for release, idx, item in _items(store, "chair_terms", releases):
        evidence = ChairEvidence(
            release_id=release.id, published=release.published, title=release.title,
            sentence=item["sentence"], start=item["start"], end=item["end"],
            sentence_text=sentences.text(release, item["sentence"], item["start"], item["end"]),
            kind="chair_term", item=idx, role="holder", status=item.get("status"),
        )
        held = item.get("status") in ("current", "completed")
        yield (item["body"], item["office"]), _Claim(item["holder"], item.get("term"), evidence, held=held)


def _attach_untermed(builders: dict[tuple[str, str | None], _TenureBuilder], claim: _Claim) -> None:
    """A claim with no term joins the holder's tenure it is about, or the holder's untermed one.

    A giver's tenure is the holder's latest before the term it handed over (or, with no term, the
    one its handover date ends); a receiver's is the one other handovers from the same giver
    opened, nearest its date. A planned receipt is never about a term that was over when the
    release was published.
    """
    evidence = claim.evidence
    own = [b for (holder, term), b in builders.items() if holder == claim.holder and term is not None]
    when = _year(evidence.date) or _year(evidence.published)
    if evidence.role == "giver":
        handed = term_key(claim.receiver_term)
        if handed is not None:
            own = [b for b in own if (term_key(b.term) or 0) < handed]
            if own:
                max(own, key=lambda b: term_key(b.term) or 0).claims.append(claim)
                return
        elif when is not None:
            own = [b for b in own if (term_key(b.term) or 0) <= when] or own
    elif evidence.role == "receiver":
        if evidence.giver:
            same_giver = [b for b in own if any(c.evidence.giver == evidence.giver for c in b.claims)]
            own = same_giver or own
        published = _year(evidence.published)
        if not claim.held and published is not None:
            own = [b for b in own if (term_key(b.term) or 0) >= published]
    if own and when is not None:
        # A receiver's term opens at the handover (a December handover opens next year's term).
        about = when + (0.75 if evidence.role == "receiver" else 0.0)
        nearest = min(own, key=lambda b: (abs((term_key(b.term) or 0) - about), term_key(b.term) or 0))
        nearest.claims.append(claim)
        return
    if len(own) == 1:
        own[0].claims.append(claim)
        return
    builders.setdefault((claim.holder, None), _TenureBuilder(claim.holder, None)).claims.append(claim)


def _tenure(body: str, office: str, builder: _TenureBuilder, names: dict[str, str]) -> Tenure:
    evidence = sorted(
        (c.evidence for c in builder.claims),
        key=lambda e: (_date_key(e.published), e.release_id, e.kind, e.item, e.role),
    )
    received = [e for e in evidence if e.role == "receiver"]
    given = [e for e in evidence if e.role == "giver"]
    return Tenure(
        body=body, office=office, holder=builder.holder, holder_name=names.get(builder.holder), term=builder.term,
        start_date=_most_common(e.date for e in received if e.status == "completed"),
        end_date=_most_common(e.date for e in given if e.status == "completed"),
        status="held" if any(c.held for c in builder.claims) else "planned",
        given_by=_most_common(e.giver for e in received),
        handed_to=_most_common(e.receiver for e in given),
        evidence=evidence,
    )


def _conflicts(body: str, office: str, tenures: list[Tenure], keys: list[float]) -> list[Conflict]:
    conflicts: list[Conflict] = []
    by_term: dict[float, list[Tenure]] = defaultdict(list)
    for tenure, key in zip(tenures, keys, strict=True):
        if tenure.term is not None:
            by_term[key].append(tenure)
    for same in by_term.values():
        holders = list(dict.fromkeys(t.holder for t in same))
        if len(holders) > 1:
            terms = ", ".join(dict.fromkeys(t.term or "" for t in same))
            conflicts.append(Conflict(
                body=body, office=office, kind="two_holders", term=same[0].term, holders=holders,
                message=f"{body}: {len(holders)} holders stated for the term {terms}: {', '.join(holders)}",
                evidence=[e for t in same for e in t.evidence if e.role != "giver"],
            ))
    # The previous holder by other evidence than the handover itself: a tenure known only as a
    # giver exists because of a handover, so it cannot confirm one.
    held = [
        (t, k) for t, k in zip(tenures, keys, strict=True)
        if t.status == "held" and any(e.role != "giver" for e in t.evidence)
    ]
    for tenure, key in zip(tenures, keys, strict=True):
        previous = [t for t, k in held if k < key and t.holder != tenure.holder]
        if not previous:
            continue
        last = previous[-1]
        wrong = [
            e for e in tenure.evidence
            if e.role == "receiver" and e.giver and e.giver != last.holder and e.status in ("completed", "planned")
        ]
        for giver in dict.fromkeys(e.giver for e in wrong):
            cited = [e for e in wrong if e.giver == giver]
            conflicts.append(Conflict(
                body=body, office=office, kind="giver_not_previous", term=tenure.term, holders=[tenure.holder],
                stated_giver=giver, previous_holder=last.holder,
                message=(
                    f"{body}: a handover to {tenure.holder} ({tenure.term or 'term not stated'}) names {giver} "
                    f"as giver, but the previous holder is {last.holder} ({last.term or 'term not stated'})"
                ),
                evidence=cited,
            ))
    return conflicts


def _body_aliases(store: ReleaseStore) -> dict[str, set[str]]:
    """Each chair body's names, case-folded: itself, and the acronym or full name of the
    organisation it names (``CRM`` for the Regional Conference on Migration, ``SICA``'s long name)."""
    organisations = store.query("SELECT DISTINCT name, acronym FROM actors WHERE kind = 'organization'")
    bodies = [row[0] for row in store.query("SELECT body FROM chair_transfers UNION SELECT body FROM chair_terms")]
    aliases: dict[str, set[str]] = {}
    for body in bodies:
        names = {body.casefold()}
        for name, acronym in organisations:
            if body in (name, acronym):
                names.update(x.casefold() for x in (name, acronym) if x)
        aliases[body] = names
    return aliases


def timeline(store: ReleaseStore, body: str | None = None) -> list[BodyTimeline]:
    """The chair succession of every body (or of ``body``: its name, or the acronym or full name of the
    organisation it is, case aside), oldest first.

    Each holder gets one :class:`Tenure` per term the releases state, with the handovers and terms
    that state it; a handover's giver and a term with no term named join that holder's nearest
    tenure. Conflicts (two holders for one term, a handover whose giver is not the previous holder)
    are listed in :attr:`BodyTimeline.conflicts`, and the tenures they involve stay in the list.
    """
    releases = _canonical_releases(store)
    sentences = _Sentences(store)
    names = _names(store)
    aliases = _body_aliases(store)
    claims: dict[tuple[str, str], list[_Claim]] = defaultdict(list)
    for key, claim in _chair_claims(store, releases, sentences):
        if body is None or body.casefold() in aliases.get(key[0], {key[0].casefold()}):
            claims[key].append(claim)
    result: list[BodyTimeline] = []
    for (body_name, office), found in sorted(claims.items()):
        builders: dict[tuple[str, str | None], _TenureBuilder] = {}
        for claim in found:
            if claim.term is not None and term_key(claim.term) is not None:
                builders.setdefault((claim.holder, claim.term), _TenureBuilder(claim.holder, claim.term))
        termed = [c for c in found if term_key(c.term) is not None]
        for claim in termed:
            builders[(claim.holder, claim.term)].claims.append(claim)
        # Untermed claims after every termed one, givers last (they follow the receivers' terms).
        untermed = [c for c in found if term_key(c.term) is None]
        for claim in sorted(untermed, key=lambda c: c.evidence.role == "giver"):
            _attach_untermed(builders, claim)
        ordered = sorted(
            (b for b in builders.values() if b.claims), key=lambda b: (b.sort_key(), b.term or "", b.holder)
        )
        tenures = [_tenure(body_name, office, b, names) for b in ordered]
        keys = [b.sort_key() for b in ordered]
        result.append(BodyTimeline(
            body=body_name, office=office, tenures=tenures, conflicts=_conflicts(body_name, office, tenures, keys)
        ))
    return result


# --------------------------------------------------------------------------- actor registry


def actor_registry(store: ReleaseStore) -> list[ActorEntry]:
    """One entry per actor id across releases, most-named first."""
    releases = _canonical_releases(store)
    acc: dict[str, dict[str, Any]] = {}
    rows = store.cursor("SELECT release_id, data FROM actors ORDER BY release_id")
    for release_id, data in rows:
        release = releases.get(release_id)
        if release is None:
            continue
        actor = json.loads(data)
        entry = acc.setdefault(actor["id"], {
            "names": Counter(), "aliases": Counter(), "kinds": Counter(), "roles": {}, "affiliations": {},
            "titles": {}, "dates": [], "releases": [], "mentions": 0, "iso3": None, "acronym": None, "wikidata": None,
        })
        entry["names"][actor["name"]] += 1
        entry["kinds"][actor["kind"]] += 1
        for mention in actor.get("mentions") or []:
            entry["aliases"][mention["text"]] += 1
        entry["mentions"] += len(actor.get("mentions") or [])
        for key in ("iso3", "acronym", "wikidata"):
            entry[key] = entry[key] or actor.get(key)
        if actor.get("acronym"):
            entry["aliases"][actor["acronym"]] += 1
        entry["roles"].update(dict.fromkeys(actor.get("roles") or []))
        if actor.get("affiliation"):
            entry["affiliations"][actor["affiliation"]] = None
        if actor.get("title"):
            # One title however cased; a release that leaves out the affiliation is the same title.
            held = entry["titles"].setdefault(_fold(actor["title"]), [])
            held.append((release, actor["title"], actor.get("affiliation")))
        entry["dates"].append(release.published)
        entry["releases"].append(release_id)
    entries: list[ActorEntry] = []
    for actor_id, entry in acc.items():
        name = entry["names"].most_common(1)[0][0]
        aliases = sorted({*entry["names"], *entry["aliases"]} - {name}, key=str.casefold)
        titles = []
        for held in entry["titles"].values():
            dates = sorted(r.published for r, _title, _aff in held if r.published)
            titles.append(TitleHeld(
                title=Counter(title for _r, title, _aff in held).most_common(1)[0][0],
                affiliation=_most_common(aff for _r, _title, aff in held),
                first_seen=dates[0] if dates else None, last_seen=dates[-1] if dates else None,
                releases=list(dict.fromkeys(r.id for r, _title, _aff in held)),
            ))
        titles.sort(key=lambda t: (_date_key(t.first_seen), t.title))
        dates = sorted(d for d in entry["dates"] if d)
        entries.append(ActorEntry(
            id=actor_id, name=name, kinds=[k for k, _n in entry["kinds"].most_common()], aliases=aliases,
            iso3=entry["iso3"], acronym=entry["acronym"], wikidata=entry["wikidata"], roles=sorted(entry["roles"]),
            affiliations=list(entry["affiliations"]), titles=titles,
            first_seen=dates[0] if dates else None, last_seen=dates[-1] if dates else None,
            n_releases=len(set(entry["releases"])), n_mentions=entry["mentions"],
            releases=list(dict.fromkeys(entry["releases"])),
        ))
    entries.sort(key=lambda e: (-e.n_releases, -e.n_mentions, e.id))
    return entries


# --------------------------------------------------------------------------- figure series


def _fold(value: str | None) -> str | None:
    return " ".join(value.casefold().split()) if value else None


def figure_series(store: ReleaseStore, min_points: int = 1) -> list[FigureSeries]:
    """Figures grouped by what they count, where, in which unit: each series oldest first.

    The same thing is the same category, counted noun phrase and scope (case and spacing aside)
    and unit; a figure that names nothing counted belongs to no series. Series with the most
    points come first.
    """
    releases = _canonical_releases(store)
    sentences = _Sentences(store)
    groups: dict[tuple[str, str | None, str | None, str | None], list[tuple[dict, FigurePoint]]] = defaultdict(list)
    for release, _idx, item in _items(store, "figures", releases):
        if not item.get("counted"):
            continue  # an amount or a percentage of nothing named is no series
        point = FigurePoint(
            release_id=release.id, published=release.published, title=release.title,
            sentence=item["sentence"], start=item["start"], end=item["end"],
            sentence_text=sentences.text(release, item["sentence"], item["start"], item["end"]),
            text=item["text"], value=item.get("value"), qualifier=item.get("qualifier"), unit=item.get("unit"),
        )
        key = (item.get("category") or "other", _fold(item.get("counted")), _fold(item.get("scope")), item.get("unit"))
        groups[key].append((item, point))
    series: list[FigureSeries] = []
    for (category, _counted, _scope, unit), members in groups.items():
        if len(members) < min_points:
            continue
        points = sorted((p for _item, p in members), key=lambda p: (_date_key(p.published), p.release_id, p.start))
        series.append(FigureSeries(
            category=category, unit=unit, points=points,
            counted=_most_common(item.get("counted") for item, _p in members),
            scope=_most_common(item.get("scope") for item, _p in members),
        ))
    series.sort(key=lambda s: (-len(s.points), s.category, s.counted or "", s.scope or ""))
    return series


# --------------------------------------------------------------------------- quotes


def quotes_by_speaker(store: ReleaseStore) -> list[SpeakerQuotes]:
    """Every quote grouped by its speaker's id (a speaker named without an id by that name;
    unattributed quotes last), each speaker's quotes oldest first."""
    releases = _canonical_releases(store)
    sentences = _Sentences(store)
    names = _names(store)
    groups: dict[tuple[str | None, str | None], list[QuoteRow]] = defaultdict(list)
    for release, _idx, item in _items(store, "quotes", releases):
        row = QuoteRow(
            release_id=release.id, published=release.published, title=release.title,
            sentence=item["sentence"], start=item["start"], end=item["end"],
            sentence_text=sentences.text(release, item["sentence"], item["start"], item["end"]),
            text=item["text"], cue=item.get("cue"), partial=bool(item.get("partial")),
            speaker_name=item.get("speaker_name"), speaker_title=item.get("speaker_title"),
            speaker_affiliation=item.get("speaker_affiliation"),
        )
        speaker = item.get("speaker")
        groups[(speaker, None if speaker else item.get("speaker_name"))].append(row)
    result: list[SpeakerQuotes] = []
    for (speaker, name), rows in groups.items():
        rows.sort(key=lambda q: (_date_key(q.published), q.release_id, q.start))
        result.append(SpeakerQuotes(
            speaker=speaker,
            name=(names.get(speaker) if speaker else None) or name or _most_common(q.speaker_name for q in rows),
            titles=list(dict.fromkeys(q.speaker_title for q in rows if q.speaker_title)),
            affiliations=list(dict.fromkeys(q.speaker_affiliation for q in rows if q.speaker_affiliation)),
            quotes=rows,
        ))
    result.sort(key=lambda s: (s.speaker is None and s.name is None, -len(s.quotes), s.speaker or s.name or ""))
    return result


__all__ = [
    "ActorEntry", "BodyTimeline", "ChairEvidence", "Conflict", "Evidence", "FigurePoint", "FigureSeries",
    "QuoteRow", "SpeakerQuotes", "Tenure", "TitleHeld", "actor_registry", "figure_series", "quotes_by_speaker",
    "term_key", "timeline",
]
