"""TokenMatcher finds exactly what spaCy's Matcher finds for the same patterns."""

from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher
from spacy.tokens import Doc

from mirps_nlp.matching import TokenMatcher, pattern_anchor, phrase_attr, word_test

WORDS = ["hand", "Hand", "over", "the", "chair", "to", "Belize", "passes", "pass"]
LEMMAS = {"passes": "pass", "Hand": "hand", "Belize": "Belize"}
NLP = spacy.blank("en")


def _doc(vocab, words):
    return Doc(vocab, words=words, lemmas=[LEMMAS.get(w, w.lower()) for w in words])


def test_phrase_attr_tells_plain_phrases_from_the_rest():
    assert phrase_attr([{"LOWER": "hand"}, {"LOWER": "over"}]) == "LOWER"
    assert phrase_attr([{"LEMMA": "pass"}]) == "LEMMA"
    assert phrase_attr([{"LOWER": "Hand"}]) is None  # the Matcher never matches it
    assert phrase_attr([{"LOWER": "hand"}, {"ORTH": "over"}]) is None
    assert phrase_attr([{"LOWER": "hand", "OP": "?"}]) is None
    assert phrase_attr([{"LOWER": {"IN": ["hand"]}}]) is None


def test_pattern_anchor_is_a_required_word_of_a_bounded_pattern():
    assert pattern_anchor([{"LOWER": "held", "OP": "?"}, {"LOWER": {"IN": ["by", "in"]}}, {"IS_TITLE": True}]) == (
        "LOWER",
        ["by", "in"],
        3,
    )
    assert pattern_anchor([{"TEXT": "PPT"}, {"LOWER": "of", "OP": "!"}]) == ("ORTH", ["PPT"], 2)
    assert pattern_anchor([{"IS_TITLE": True}, {"LOWER": "by", "OP": "!"}]) is None  # no word every match has
    assert pattern_anchor([{"LOWER": "by"}, {"IS_TITLE": True, "OP": "+"}]) is None  # no bound on the length
    assert pattern_anchor([{"LOWER": {"REGEX": "^by"}}]) is None


def test_word_test_takes_one_token_sets_only():
    vocab = NLP.vocab
    assert word_test([{"LEMMA": {"IN": ["pass"]}, "LOWER": {"REGEX": "s$"}}], vocab)[0][0] == "LEMMA"
    assert word_test([{"LOWER": {"REGEX": "s$"}}], vocab) is None  # nothing to look up
    assert word_test([{"LEMMA": {"IN": ["pass"]}, "OP": "?"}], vocab) is None
    assert word_test([{"LEMMA": "pass"}, {"LOWER": "on"}], vocab) is None
    assert word_test([{"LEMMA": {"IN": ["pass"]}, "IS_TITLE": True}], vocab) is None


token_specs = st.one_of(
    st.sampled_from(WORDS).map(lambda w: {"LOWER": w.lower()}),
    st.sampled_from(WORDS).map(lambda w: {"ORTH": w}),
    st.sampled_from(WORDS).map(lambda w: {"LEMMA": LEMMAS.get(w, w.lower())}),
    st.sampled_from(WORDS).map(lambda w: {"LOWER": w}),  # upper case on LOWER: never matches
    st.sampled_from(WORDS).map(lambda w: {"LOWER": w.lower(), "OP": "?"}),
    st.just({"IS_TITLE": True}),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(lambda ws: {"LEMMA": {"IN": ws}}),
    st.sampled_from([r"s$", r"^h", r"ss"]).map(lambda r: {"LEMMA": {"IN": ["pass", "hand"]}, "LOWER": {"REGEX": r}}),
    st.just({"LOWER": {"IN": ["hand", "chair"]}, "ORTH": {"NOT_IN": ["Hand"]}}),
    # operators: the Matcher's patterns, read around their anchors (or everywhere)
    st.sampled_from(WORDS).map(lambda w: {"LOWER": w.lower(), "OP": "!"}),
    st.sampled_from(["*", "+"]).map(lambda op: {"IS_TITLE": True, "OP": op}),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(lambda ws: {"ORTH": {"IN": ws}, "OP": "?"}),
    st.sampled_from(WORDS).map(lambda w: {"TEXT": w}),
    st.sampled_from(WORDS).map(lambda w: {"NORM": w.lower(), "IS_ALPHA": True}),
)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(["A", "B", "C"]), st.lists(token_specs, min_size=1, max_size=3)),
        min_size=1,
        max_size=8,
    ),
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=30),
)
def test_same_matches_as_the_spacy_matcher(rows, words):
    reference, ours = Matcher(NLP.vocab), TokenMatcher(NLP.vocab)
    for key, pattern in rows:
        reference.add(key, [pattern])
        ours.add(key, [pattern])
    doc = _doc(NLP.vocab, words)
    assert ours(doc) == sorted(set(reference(doc)), key=lambda m: (m[1], m[2], m[0]))
    assert len(ours) == len(reference)
