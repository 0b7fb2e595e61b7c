"""The contract every mirps component keeps: :class:`MirpsComponent`.

A component is configured by its language (``lang``; empty: the pipeline's), the folder its rows
are read from (``patterns``: a folder holding ``<lang>/`` subfolders; empty: the package's own
``mirps_nlp/patterns``) and its own window sizes. Building it checks that the language has a
folder (the error names the languages there are) and that an earlier pipe sets what the component
reads (``mirps_chairs`` without ``mirps_actors`` is an error at ``add_pipe``, not an empty result),
then :meth:`~MirpsComponent.initialize` compiles the rows of its language into matchers.

``__call__`` and ``pipe`` run :meth:`~MirpsComponent.annotate` with one ``try`` per Doc: spaCy
drops a Doc whose component raised (or stops the whole stream), so a bug would cost a record or
a batch; here it costs that component's items on that release, and the record's ``warnings`` say
which component failed and why.

``to_disk`` writes the rows the component compiled (its ``pattern_files``, as JSONL under
``patterns/<lang>/``) and ``from_disk`` compiles from those rows, so ``nlp.to_disk(dir)`` then
``spacy.load(dir)`` in another process gives the same records, and a saved pipeline keeps its
grammar when the package's rows change. A component with more state (the learned models) adds it
in :meth:`~MirpsComponent.save_state` / :meth:`~MirpsComponent.load_state`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ensure_path

from mirps_nlp.errors import PipelineOrderError
from mirps_nlp.extensions import warn
from mirps_nlp.patterns import check_language, read_patterns, reading_from

#: Where ``to_disk`` puts the rows, inside the component's folder.
PATTERNS_DIR = "patterns"
#: The component that sets each attribute another component may need (for the error message).
PROVIDERS: dict[str, str] = {"doc._.mirps_actors": "mirps_actors", "span._.mirps_date": "mirps_dates"}
#: What the warning of a component that raised says (see :func:`failures`).
FAILED = "failed on this release"


class MirpsComponent:
    """Base class of the mirps pipeline components (see the module docstring for the contract).

    Subclasses set their own settings, then call ``super().__init__`` (which compiles), and
    implement :meth:`compile` (rows -> matchers) and :meth:`annotate` (one Doc).

    Args:
        nlp: the pipeline (its vocab and tokenizer compile the rows).
        name: the component name.
        lang: the language whose rows are compiled; empty for ``nlp.lang``.
        patterns: a folder holding ``<lang>/`` row files; empty for the package's own.
    """

    #: Files of ``patterns/<lang>/`` the component compiles; ``to_disk`` writes them.
    pattern_files: ClassVar[tuple[str, ...]] = ()
    #: Files read in one language whatever the component's: ``(lang, filename)``.
    shared_pattern_files: ClassVar[tuple[tuple[str, str], ...]] = ()
    #: Attributes an earlier pipe must set, in spaCy's ``requires`` notation (``doc._.mirps_actors``).
    needs: ClassVar[tuple[str, ...]] = ()

    def __init__(self, nlp: Language, name: str, *, lang: str = "", patterns: str = "") -> None:
        self.name = name
        self.nlp = nlp
        self.patterns = patterns
        self.source: Path | None = Path(patterns) if patterns else None
        self.lang = check_language(lang or nlp.lang or "", self.source)
        self.rows: dict[tuple[str, str], list[Any]] = {}
        check_needs(nlp, name, self.needs)
        self.initialize(nlp=nlp)

    # ------------------------------------------------------------------ lifecycle
    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        """Compile the rows of the component's language (again, if called again)."""
        nlp = nlp or self.nlp
        check_needs(nlp, self.name, self.needs)
        with reading_from(self.source):
            self.rows = {(lang, filename): read_patterns(lang, filename) for lang, filename in self.row_files()}
            self.compile(nlp)

    def row_files(self) -> list[tuple[str, str]]:
        """``(lang, filename)`` of every row file the component compiles."""
        files = [(self.lang, filename) for filename in self.pattern_files]
        return files + [shared for shared in self.shared_pattern_files if shared not in files]

    def compile(self, nlp: Language) -> None:
        """Build matchers and tables from the rows (read with :func:`~mirps_nlp.patterns.read_patterns`)."""

    def annotate(self, doc: Doc) -> Doc:
        """Add the component's spans and values to one Doc."""
        raise NotImplementedError

    # ------------------------------------------------------------------ running
    def __call__(self, doc: Doc) -> Doc:
        try:
            with reading_from(self.source):  # rows read while running (date words) come from the same folder
                return self.annotate(doc)
        except Exception as error:  # noqa: BLE001 - isolation is the point: see the module docstring
            warn(
                doc,
                f"{self.name} {FAILED} ({type(error).__name__}: {error}); "
                "its items may be missing or incomplete",
            )
            return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Each Doc through :meth:`__call__`: a failure stays with its own Doc."""
        for doc in docs:
            yield self(doc)

    # ------------------------------------------------------------------ serialisation
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the compiled rows (``patterns/<lang>/<file>``) and any state of the component."""
        folder = ensure_path(path)
        folder.mkdir(parents=True, exist_ok=True)
        for (lang, filename), rows in self.rows.items():
            target = folder / PATTERNS_DIR / lang / filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
        self.save_state(folder)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> MirpsComponent:
        """Compile the rows ``to_disk`` wrote (not the package's) and read any state back."""
        folder = ensure_path(path)
        self.source = folder / PATTERNS_DIR
        self.load_state(folder)
        self.initialize()
        return self

    def save_state(self, folder: Path) -> None:
        """Write what the component holds besides its rows (nothing, by default)."""

    def load_state(self, folder: Path) -> None:
        """Read back what :meth:`save_state` wrote (before the rows are compiled again)."""


def check_needs(nlp: Language, name: str, needs: Iterable[str]) -> None:
    """Raise :class:`PipelineOrderError` unless a pipe before ``name`` sets each of ``needs``.

    A pipe not yet in the pipeline (being built by ``add_pipe``) comes after every pipe there.
    """
    before = list(nlp.component_names)  # disabled pipes count: they are there when enabled
    if name in before:
        before = before[: before.index(name)]
    assigned = {attr for pipe in before for attr in nlp.get_pipe_meta(pipe).assigns}
    missing = [attr for attr in needs if attr not in assigned]
    if missing:
        wanted = ", ".join(f"{attr} (set by {PROVIDERS.get(attr, 'another component')})" for attr in missing)
        raise PipelineOrderError(
            f"{name} reads {wanted}, which no pipe before it sets (the pipeline has: "
            f"{', '.join(before) or 'no pipes'}); add that component before {name}"
        )


def failures(doc: Doc) -> list[str]:
    """The warnings of components that raised on ``doc`` (empty when every component finished)."""
    return [warning for warning in doc._.mirps_warnings or [] if FAILED in warning]
