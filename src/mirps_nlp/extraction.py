"""The library's front door: inputs in, :class:`~mirps_nlp.records.Release` records out.

``extract`` handles one release, ``extract_many`` streams any number through ``nlp.pipe``.
Every engine (local processes, Dask) calls ``extract_many``; nothing else in the package
runs the pipeline. Bad input never stops a stream: it is reported through ``on_error``.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from mirps_nlp import ingest, normalize
from mirps_nlp.errors import InputError, MirpsError
from mirps_nlp.patterns import available_languages
from mirps_nlp.pipeline import NEUTRAL_COMPONENTS, check_language, load
from mirps_nlp.records import Release


@dataclass(frozen=True)
class InputItem:
    """One release to extract: a path, or text/HTML already in memory (a JSONL line)."""

    path: str | None = None
    text: str | None = None
    html: str | None = None
    url: str | None = None
    id: str | None = None

    @property
    def label(self) -> str:
        """How the item is named in errors and logs."""
        return self.path or self.id or self.url or "<text>"


InputLike = InputItem | str | Path
ErrorCallback = Callable[[InputItem, Exception], None]

AUTO = "auto"
_NEUTRAL = "neutral"  # the pipeline key of a language without patterns: actors only
_PIPELINES: dict[tuple[str | None, str], Language] = {}
# How many releases each pipeline has tokenised outside a memory zone (see ``_warm_docs``).
_WARMED: weakref.WeakKeyDictionary[Language, int] = weakref.WeakKeyDictionary()
WARM_RELEASES = 256


def get_pipeline(model: str | None = None, lang: str = "en") -> Language:
    """The pipeline for ``model`` and ``lang``, built once per process (loading costs far more
    than a release). A model serves the releases of its own language; other languages get our
    blank pipeline for theirs."""
    key = (model, lang)
    if key not in _PIPELINES:
        if lang == _NEUTRAL:
            _PIPELINES[key] = load(None, "en", components=NEUTRAL_COMPONENTS)
        elif model is not None and (model, AUTO) in _PIPELINES and _PIPELINES[(model, AUTO)].lang != lang:
            _PIPELINES[key] = get_pipeline(None, lang)
        else:
            nlp = load(model, lang)
            if model is not None:
                _PIPELINES[(model, AUTO)] = nlp
                if nlp.lang != lang:
                    nlp = get_pipeline(None, lang)
            _PIPELINES[key] = nlp
    return _PIPELINES[key]


def check_lang_option(lang: str) -> str:
    """``auto`` or a language with patterns (raises an error naming the languages there are)."""
    return lang if lang == AUTO else check_language(lang)


def _pipeline_for(ingested: ingest.Ingested, nlp: Language | None, model: str | None, lang: str) -> Language:
    """The pipeline a release goes through, and its record's language set to match.

    ``lang="auto"`` follows the language detected in the body; a language without patterns
    gets the actors named in the gazetteer and a warning, never another language's rules.
    """
    if nlp is not None:
        if ingested.language != nlp.lang and ingested.language in available_languages():
            ingested.warnings.append(
                f"the release looks {ingested.language!r} but the pipeline's patterns are {nlp.lang!r}: "
                "items phrased in its own language may be missed"
            )
        return nlp
    if lang != AUTO:
        if ingested.language != lang:
            ingested.warnings.append(
                f"the release looks {ingested.language!r} but was read as {lang!r}, as asked: "
                "items phrased in another language may be missed"
            )
            ingested.language = lang
        return get_pipeline(model, lang)
    if ingested.language in available_languages():
        return get_pipeline(model, ingested.language)
    ingested.warnings.append(
        f"the release looks {ingested.language!r}, a language mirps-nlp has no patterns for "
        f"(it has {', '.join(available_languages())}): only actors named in its gazetteer were "
        "looked for; quotes, figures, chairs, meetings and documents were not"
    )
    return get_pipeline(None, _NEUTRAL)


def as_item(source: InputLike) -> InputItem:
    """Paths stay paths; a string that is not an existing file's name is release text."""
    if isinstance(source, InputItem):
        return source
    if isinstance(source, Path):
        return InputItem(path=str(source))
    if "\n" not in source and len(source) < 4096 and _looks_like_path(source):
        return InputItem(path=source)
    return InputItem(text=source)


def _looks_like_path(candidate: str) -> bool:
    """An existing file, a release suffix, or one word with a folder in it ("/data/r17").

    A missing path must fail as a missing file, not become a record whose text is its name;
    release text always has spaces between its words, a path usually has none.
    """
    try:
        if Path(candidate).exists() or Path(candidate).suffix.lower() in ingest.SUFFIXES:
            return True
    except OSError:  # a name too long for the file system is text, not a path
        return False
    word = candidate.strip()
    return bool(word) and not any(c.isspace() for c in word) and (
        "/" in word or "\\" in word or word.startswith(("~", "."))
    )


def ingest_item(item: InputItem) -> ingest.Ingested:
    """Read one input into normalised text and metadata (raises InputError on bad input)."""
    if item.path is not None and item.text is None and item.html is None:
        return ingest.ingest_path(item.path)
    if item.html is not None:
        return ingest.ingest_html(item.html, path=item.path, url=item.url)
    if item.text is not None:
        return ingest.ingest_text(item.text, path=item.path, url=item.url)
    raise InputError(f"{item.label}: nothing to read (no path, text or html)")


def extract(
    source: InputLike,
    *,
    nlp: Language | None = None,
    model: str | None = None,
    lang: str = AUTO,
    include_text: bool = False,
) -> Release:
    """Extract one release from a path, text, or :class:`InputItem`.

    ``lang`` is ``"auto"`` (the language detected in the release) or a language code with
    patterns (``"en"``, ``"es"``). Raises :class:`~mirps_nlp.errors.InputError` when the input
    cannot be read.
    """
    item = as_item(source)
    return extract_ingested(
        ingest_item(item), nlp=nlp, model=model, lang=lang, include_text=include_text, input_id=item.id
    )


def extract_ingested(
    ingested: ingest.Ingested,
    *,
    nlp: Language | None = None,
    model: str | None = None,
    lang: str = AUTO,
    include_text: bool = False,
    input_id: str | None = None,
) -> Release:
    """Extract a release that has already been read (e.g. from standard input)."""
    nlp = _pipeline_for(ingested, nlp, model, check_lang_option(lang))
    _check_length(nlp, ingested)
    doc = nlp(_make_doc(nlp, ingested))
    return normalize.to_release(doc, ingested, input_id=input_id, include_text=include_text)


def extract_many(
    sources: Iterable[InputLike],
    *,
    nlp: Language | None = None,
    model: str | None = None,
    lang: str = AUTO,
    n_process: int = 1,
    batch_size: int = 32,
    include_text: bool = False,
    on_error: ErrorCallback | None = None,
) -> Iterator[Release]:
    """Stream releases through ``nlp.pipe``, in input order, with constant memory.

    Each release goes through the pipeline of its language (``lang="auto"``) or of ``lang``.
    An input that cannot be read, or whose extraction fails, is passed to ``on_error`` and
    skipped; without ``on_error`` the error is raised. ``n_process > 1`` forks workers that
    each hold the pipeline (spaCy ships Docs back as bytes: extensions hold plain values).
    """
    lang = check_lang_option(lang)

    def report(item: InputItem, error: Exception) -> None:
        if on_error is None:
            raise error
        on_error(item, error)

    def routed_items() -> Iterator[tuple[InputItem, ingest.Ingested, Language]]:
        for source in sources:
            item = as_item(source)
            try:
                ingested = ingest_item(item)
                pipeline = _pipeline_for(ingested, nlp, model, lang)
                _check_length(pipeline, ingested)
            except MirpsError as error:
                report(item, error)
                continue
            # One unreadable input must not cost the batch: report it like any bad input.
            except Exception as error:  # noqa: BLE001
                report(item, InputError(f"{item.label}: could not be read ({type(error).__name__}: {error})"))
                continue
            yield item, ingested, pipeline

    # Chunks bound memory: each runs in a memory zone, whose strings and lexemes are freed at
    # its end. Large chunks keep the cost of re-creating the common words' lexemes (and, with
    # worker processes, of restarting spaCy's workers) small; records still stream one by one.
    chunk_size = max(batch_size * 16 * max(n_process, 1), 1024)
    stream = routed_items()
    while chunk := list(itertools.islice(stream, chunk_size)):
        for result in _process_mixed_chunk(chunk, n_process, batch_size, include_text):
            if isinstance(result, Release):
                yield result
            else:
                report(*result)


Outcome = Release | tuple[InputItem, Exception]


def _process_mixed_chunk(
    chunk: list[tuple[InputItem, ingest.Ingested, Language]], n_process: int, batch_size: int, include_text: bool
) -> Iterator[Outcome]:
    """One chunk, each release through its own language's pipeline, results in input order."""
    groups: dict[int, tuple[Language, list[int]]] = {}
    for index, (_, _, pipeline) in enumerate(chunk):
        groups.setdefault(id(pipeline), (pipeline, []))[1].append(index)
    if len(groups) == 1:
        pipeline, _ = next(iter(groups.values()))
        yield from _process_chunk(pipeline, [(i, g) for i, g, _ in chunk], n_process, batch_size, include_text)
        return
    results: dict[int, Outcome] = {}
    for pipeline, indexes in groups.values():
        part = [(chunk[i][0], chunk[i][1]) for i in indexes]
        outcomes = _process_chunk(pipeline, part, n_process, batch_size, include_text)
        results.update(zip(indexes, outcomes, strict=True))
    for index in range(len(chunk)):
        yield results[index]


def _process_chunk(
    nlp: Language,
    chunk: list[tuple[InputItem, ingest.Ingested]],
    n_process: int,
    batch_size: int,
    include_text: bool,
) -> Iterator[Outcome]:
    """Run one chunk through ``nlp.pipe``; if the pipe itself breaks, finish the rest one by one."""
    done = 0
    try:
        early = _warm_docs(nlp, chunk)  # made before the zone: see _warm_docs
        # Tokenise inside the zone so the chunk's strings are freed with it.
        with nlp.memory_zone():
            docs = (
                (early[i] if i < len(early) else _make_doc(nlp, ingested), (item, ingested))
                for i, (item, ingested) in enumerate(chunk)
            )
            for doc, (item, ingested) in nlp.pipe(docs, as_tuples=True, n_process=n_process, batch_size=batch_size):
                outcome = _record_or_error(doc, item, ingested, include_text)
                done += 1
                yield outcome
    # Components are guarded, so this is the tokenizer or spaCy itself: isolate the release.
    except Exception:  # noqa: BLE001
        for item, ingested in chunk[done:]:
            try:
                doc = nlp(_make_doc(nlp, ingested))
            except Exception as error:  # noqa: BLE001
                yield item, MirpsError(f"{item.label}: extraction failed ({type(error).__name__}: {error})")
                continue
            yield _record_or_error(doc, item, ingested, include_text)


def _warm_docs(nlp: Language, chunk: list[tuple[InputItem, ingest.Ingested]]) -> list[Doc]:
    """The Docs of the first ``WARM_RELEASES`` releases a pipeline reads in this process, made
    outside any memory zone (the rest of the chunk is tokenised inside it).

    spaCy's tokenizer caches how it split each word only outside a memory zone (the cache
    points at lexemes, which a zone frees), so a stream that always tokenises inside zones
    re-splits every word of every release: about as much work again as tokenising with a
    warm cache. Making the first releases' Docs outside keeps the lexemes of the genre's
    common words and their cached splits for the process's life, at no extra work; memory
    stays bounded (the words of ``WARM_RELEASES`` releases, and the tokenizer's cache has a
    fixed size). Tokens are the same with or without the cache.
    """
    done = _WARMED.get(nlp, 0)
    if done >= WARM_RELEASES or nlp.vocab.in_memory_zone:  # type: ignore[attr-defined]  # not in spaCy's stubs
        return []
    part = chunk[: WARM_RELEASES - done]
    _WARMED[nlp] = done + len(part)
    return [_make_doc(nlp, ingested) for _, ingested in part]


def _record_or_error(doc: Doc, item: InputItem, ingested: ingest.Ingested, include_text: bool) -> Outcome:
    try:
        return normalize.to_release(doc, ingested, input_id=item.id, include_text=include_text)
    # A record that fails validation is a bug to report, not a reason to stop the stream.
    except Exception as error:  # noqa: BLE001
        return item, MirpsError(f"{item.label}: the record is invalid ({type(error).__name__}: {error})")


def _check_length(nlp: Language, ingested: ingest.Ingested) -> None:
    if len(ingested.text) > nlp.max_length:
        raise InputError(
            f"{ingested.path or 'input'}: {len(ingested.text):,} characters exceed this pipeline's limit "
            f"of {nlp.max_length:,} (a statistical parser needs about 1 GB per 100,000); "
            "split the file or run without --model"
        )


def _make_doc(nlp: Language, ingested: ingest.Ingested) -> Doc:
    """Tokenise and attach the release date, which components use to resolve "today"."""
    doc = nlp.make_doc(ingested.text)
    doc._.mirps_published = ingested.published
    doc._.mirps_dateline_place = ingested.dateline_place
    return doc
