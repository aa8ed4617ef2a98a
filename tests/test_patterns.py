"""The content team's pattern language: concepts, terms of several words, typos, and a matcher
whose work grows with the message, not with the number of ways to combine its matches."""
import pytest

from rugpoli.patterns import (Lexicon, MatchOptions, PatternError, find_matches, lexicon_for,
                              parse_pattern, present, sentences)
from rugpoli.text import tokens

CONCEPTS = {"bladder": ["plassen", "plas", "kleine boodschap"], "cannot": ["niet", "bijna niet"]}


def matches(pattern_text, text, **options):
    pattern, match_options = parse_pattern(pattern_text, CONCEPTS), MatchOptions(**options)
    return find_matches(pattern, tokens(text), match_options,
                        lexicon_for([pattern], match_options.no_typo))


def test_concepts_expand_and_terms_of_several_words_fill_one_position():
    assert matches("@cannot @bladder", "ik kan bijna niet plassen")
    assert matches("@bladder & @cannot", "de kleine boodschap lukt niet")
    assert not matches("@bladder & @cannot", "plassen gaat goed")


def test_unknown_concepts_and_bad_words_are_refused():
    with pytest.raises(PatternError):
        parse_pattern("@onbekend koorts", CONCEPTS)
    with pytest.raises(PatternError):
        parse_pattern("Koorts")


def test_one_typo_in_long_words_unless_the_word_is_listed_as_real():
    assert matches("plassen", "ik kan niet plasen")
    assert not matches("plassen", "ik kan niet plasen", no_typo=frozenset({"plasen"}))
    assert not matches("koorts", "koord")  # five letters: no typo allowed


def test_groups_prefer_different_words_so_a_and_b_name_two_things():
    # "afvallen" could fill both groups; the match should cover the second word too.
    found = matches("afvallen|dieet & afvallen|kilo", "ik wil afvallen , al 5 kilo")
    assert [3, 6] in found or any(len(set(m)) >= 2 for m in found)


def test_window_limits_how_far_groups_may_be_apart():
    assert matches("koorts & rug", "koorts en pijn in mijn rug", window=8)
    assert not matches("koorts & rug", "koorts " + "bla " * 10 + "rug", window=8)


def test_sentences_keep_their_end_mark_when_asked():
    assert list(sentences(tokens("is dat erg? nee."), keep_end=True)) == [["is", "dat", "erg", "?"],
                                                                         ["nee", "."]]


def test_present_lets_the_matcher_skip_patterns_that_cannot_start():
    pattern = parse_pattern("koorts & rug")
    lexicon = lexicon_for([pattern])
    words = tokens("alleen mijn rug")
    assert find_matches(pattern, words, MatchOptions(), lexicon, present(words, lexicon)) == []


def test_many_matches_do_not_multiply():
    """2,000 characters of alarm words: every group matches everywhere; the number of matches
    stays linear in the length (one per left edge), where all combinations would be millions."""
    pattern = parse_pattern("koorts & rug & pijn")
    words = tokens("koorts rug pijn " * 130)
    found = find_matches(pattern, words, MatchOptions(window=8), lexicon_for([pattern]))
    assert 0 < len(found) <= len(words)


def test_lexicon_knows_starred_words_and_ages():
    lexicon = Lexicon(["kanker*", "*kanker", "{age50+}"], frozenset())
    assert "*kanker" in lexicon.matches("borstkanker")
    assert "kanker*" in lexicon.matches("kankerpatient")
    assert "{age50+}" in lexicon.matches("67") and "{age50+}" not in lexicon.matches("49")
