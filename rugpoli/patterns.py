"""A small word-pattern language for the content team's catalogues (red flags, contact needs).

  words separated by spaces    in this order, at most ``max_gap`` other words between
  a|b|c                        any of these words at that position
  word* / *word / *word*       starts with / ends with / contains
  {age50+}                     a number from 50 up to 120, also written "58e" or "70jr"
  group & group                all groups in one sentence, any order, within ``window`` words
Words of five letters or more also match with one typo, except listed real words (``no_typo``).
Patterns are written in lower case without accents, as ``rugpoli.text.tokens`` produces.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product
from typing import Iterable, Sequence

from rugpoli.text import SENTENCE_ENDS, edit_distance_at_most_one

_NUMBER_SLOT = re.compile(r"^\{age(\d+)\+\}$")
_AGE_TOKEN = re.compile(r"^(\d{1,3})(?:e|ste|de|jr|jaar)?$")  # "67", "58e", "70jr"
_WORD_SLOT = re.compile(r"^\*?[a-z0-9]+\*?$")
_FUZZY_MIN_LENGTH = 5


class PatternError(ValueError):
    """A pattern in a catalogue is not valid."""


@dataclass(frozen=True)
class MatchOptions:
    no_typo: frozenset[str] = frozenset()
    window: int = 8
    max_gap: int = 2


@dataclass(frozen=True)
class Pattern:
    text: str
    groups: tuple[tuple[tuple[str, ...], ...], ...]  # groups -> slots -> alternatives


def parse_pattern(text: str) -> Pattern:
    groups = []
    for group_text in str(text).split("&"):
        slots = tuple(tuple(word.split("|")) for word in group_text.split())
        if not slots:
            raise PatternError(f"empty group in pattern {text!r}")
        for alternative in (alt for slot in slots for alt in slot):
            if not (_WORD_SLOT.match(alternative) or _NUMBER_SLOT.match(alternative)):
                raise PatternError(
                    f"{alternative!r} in pattern {text!r}: use lower-case letters and digits "
                    "without accents, with * or {ageNN+} only as documented")
        groups.append(slots)
    return Pattern(text=str(text), groups=tuple(groups))


def _alternative_matches(alternative: str, token: str, options: MatchOptions) -> bool:
    number = _NUMBER_SLOT.match(alternative)
    if number:
        age = _AGE_TOKEN.match(token)
        return bool(age) and int(number.group(1)) <= int(age.group(1)) <= 120
    starred_front, starred_back = alternative.startswith("*"), alternative.endswith("*")
    word = alternative.strip("*")
    if starred_front and starred_back:
        return word in token
    if starred_front:
        return token.endswith(word)
    fuzzy = len(word) >= _FUZZY_MIN_LENGTH and token not in options.no_typo
    if starred_back:
        if token.startswith(word):
            return True
        return fuzzy and any(edit_distance_at_most_one(token[:size], word)
                             for size in (len(word) - 1, len(word), len(word) + 1))
    return token == word or (fuzzy and edit_distance_at_most_one(token, word))


def _slot_matches(slot: Sequence[str], token: str, options: MatchOptions) -> bool:
    return any(_alternative_matches(alt, token, options) for alt in slot)


def sentences(words: Sequence[str]) -> Iterable[list[str]]:
    """Split tokens into sentences at . ! ? ; (patterns never reach across them)."""
    sentence: list[str] = []
    for word in words:
        if word in SENTENCE_ENDS:
            if sentence:
                yield sentence
            sentence = []
        else:
            sentence.append(word)
    if sentence:
        yield sentence


def _group_spans(group, sentence: Sequence[str], options: MatchOptions) -> list[tuple[int, ...]]:
    spans = []
    for start, token in enumerate(sentence):
        if not _slot_matches(group[0], token, options):
            continue
        positions = [start]
        for slot in group[1:]:
            last = positions[-1]
            reach = min(len(sentence), last + 2 + options.max_gap)
            following = next((i for i in range(last + 1, reach)
                              if _slot_matches(slot, sentence[i], options)), None)
            if following is None:
                break
            positions.append(following)
        else:
            spans.append(tuple(positions))
    return spans


def find_matches(pattern: Pattern, sentence: Sequence[str],
                 options: MatchOptions) -> list[list[int]]:
    """Sorted token positions of every way the pattern matches in one sentence."""
    per_group = [_group_spans(group, sentence, options) for group in pattern.groups]
    if not all(per_group):
        return []
    found = []
    for combination in product(*per_group):
        positions = sorted({p for span in combination for p in span})
        if positions[-1] - positions[0] <= options.window:
            found.append(positions)
    return found
