"""Start-up: what importing the package and running ``--help`` pull in, and the shortcuts the
first record takes (each one giving exactly the answer of the slow way).

No timing is asserted here (``benchmarks/startup.py`` prints the figures); these tests fail when
an import at module level brings a heavy or optional library back into start-up.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mirps_nlp import dates
from mirps_nlp.ingest import rules as ingest_rules

#: Never imported by ``import mirps_nlp``: spaCy and what it brings, and every optional extra.
HEAVY = (
    "spacy",
    "thinc",
    "numpy",
    "pydantic",
    "sklearn",
    "scipy",
    "py3langid",
    "trafilatura",
    "lxml",
    "pycountry",
)
OPTIONAL = ("pandas", "pyarrow", "altair", "jinja2", "dask", "distributed", "rich", "playwright")


def imported_by(code: str) -> set[str]:
    """Top-level module names imported by running ``code`` in a fresh interpreter."""
    script = f"{code}\nimport json, sys\nsys.__stderr__.write(json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    names = json.loads(done.stderr.strip().splitlines()[-1])
    return {name.split(".")[0] for name in names}


def test_importing_the_package_imports_no_heavy_or_optional_module() -> None:
    loaded = imported_by("import mirps_nlp\nassert mirps_nlp.__version__")
    assert "mirps_nlp" in loaded
    assert loaded.isdisjoint(HEAVY + OPTIONAL), sorted(loaded & set(HEAVY + OPTIONAL))


def test_help_imports_no_heavy_or_optional_module() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['mirps-nlp', 'extract', '--help']\n"
        "from mirps_nlp.cli import main\n"
        "try:\n    main()\nexcept SystemExit as done:\n    assert done.code in (0, None), done.code\n"
    )
    loaded = imported_by(code)
    assert {"mirps_nlp", "typer"} <= loaded
    # typer itself checks parameter types with pydantic: that one is the command line's own cost.
    unwanted = {*HEAVY, *OPTIONAL} - {"pydantic"}
    assert loaded.isdisjoint(unwanted), sorted(loaded & unwanted)


def test_a_public_name_still_loads_on_first_use() -> None:
    loaded = imported_by("import mirps_nlp\nassert callable(mirps_nlp.extract)")
    assert "spacy" in loaded


# ---------------------------------------------------------------- government lines, gated

_RULES = ingest_rules._rules()
_COUNTRIES = sorted(_RULES.country_name)
_WORDS = [
    "Ministry",
    "Ministerio",
    "Government",
    "Gobierno",
    "of",
    "de",
    "la",
    "the",
    "Republic",
    "República",
    "Foreign",
    "Affairs",
    "Press",
    "Office",
    "'s",
    "’s",
    ".",
    "x",
]
_line = st.lists(
    st.one_of(st.sampled_from(_WORDS), st.sampled_from(_COUNTRIES), st.sampled_from(_COUNTRIES).map(str.upper)),
    min_size=1,
    max_size=9,
).map(" ".join)


def _full(pattern: ingest_rules._CountryPattern) -> re.Pattern[str]:
    return re.compile(pattern._full_source, pattern._flags)


@pytest.mark.parametrize(
    ("line", "country"),
    [
        ("Ministry of Foreign Affairs of Guatemala", "Guatemala"),
        ("Panama's Ministry of Foreign Affairs", "Panama"),
        ("Ministerio de Relaciones Exteriores de la República de Guatemala", "Guatemala"),
        ("República de Costa Rica", "Costa Rica"),
        ("The Ministry of Foreign Affairs of the Republic of Panama Press Office", "Panama"),
        ("Ministry of Foreign Affairs", None),
        ("Ministry of Foreign Affairs of Atlantis", None),
    ],
)
def test_a_gated_government_line_answers_as_the_full_pattern(line: str, country: str | None) -> None:
    found = None
    for pattern in _RULES.government_lines:
        gated, full = pattern.match(line), _full(pattern).match(line)
        assert (gated and (gated.span(), gated.group("country"))) == (full and (full.span(), full.group("country")))
        found = found or (gated and gated.group("country"))
    assert found == country


@settings(max_examples=300, deadline=None)
@given(_line)
def test_the_gate_never_refuses_a_line_the_full_pattern_takes(line: str) -> None:
    for pattern in _RULES.government_lines:
        gated, full = pattern.match(line), _full(pattern).match(line)
        assert (gated and (gated.span(), gated.group("country"))) == (full and (full.span(), full.group("country")))


# ---------------------------------------------------------------- relative periods without dateparser

_PERIODS = [(lang, phrase) for lang in ("en", "es") for phrase in dates._calendar(lang).period_offsets]


def test_every_language_lists_relative_periods() -> None:
    assert {lang for lang, _ in _PERIODS} == {"en", "es"}
    assert len(_PERIODS) >= 18


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(_PERIODS),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
    st.sampled_from(["past", "future"]),
)
def test_a_relative_period_reads_as_dateparser_reads_it(period: tuple[str, str], anchor: date, prefer: str) -> None:
    import dateparser

    lang, phrase = period
    settings = {"PREFER_DATES_FROM": prefer, "RETURN_AS_TIMEZONE_AWARE": False}
    settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    parsed = dateparser.parse(phrase, languages=[lang], settings=settings)
    assert parsed is not None
    expression = phrase.capitalize() if anchor.day % 2 else phrase  # as a sentence may start with it
    assert dates.resolve_relative_date(expression, anchor, prefer, lang) == parsed.date().isoformat()  # type: ignore[arg-type]
    assert dates.resolve_relative_date(expression, None, prefer, lang) is None  # type: ignore[arg-type]


def test_a_period_dateparser_does_not_read_is_still_left_to_it() -> None:
    assert ("en", "past year") not in _PERIODS
    assert dates.resolve_relative_date("past year", date(2024, 5, 1), "past", "en") is None
    assert dates.resolve_relative_date("last year", date(2024, 2, 29), "past", "en") == "2023-02-28"
    assert dates.resolve_relative_date("el mes pasado", date(2025, 3, 31), "past", "es") == "2025-02-28"
