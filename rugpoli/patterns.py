"""A small word-pattern language for the content team's catalogues (red flags, contact needs).

  words separated by spaces    in this order, at most ``max_gap`` other words between
  a|b|c                        any of these words at that position
  word* / *word / *word*       starts with / ends with / contains
  @name                        any term of the catalogue's concept ``name`` (a word list)
  {age50+}                     a number from 50 up to 120, also written "58e" or "70jr"
  group & group                all groups in one sentence, any order, within ``window`` words
A term of several words ("van onderen", or ``van_onderen`` in a pattern) matches those words
side by side and fills one position of the pattern. Words of six letters or more also match with one
typo, except listed real words (``no_typo``). Patterns are written in lower case without
accents, as ``rugpoli.text.tokens`` produces.

Matching takes time linear in the message length: each group's spans are found in one pass, and
groups are combined by sliding a window over the sentence, never by trying every combination.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Iterable, Mapping, Optional, Sequence

from rugpoli.text import SENTENCE_ENDS, edit_distance_at_most_one, tokens

_NUMBER_SLOT = re.compile(r"^\{age(\d+)\+\}$")
_AGE_TOKEN = re.compile(r"^(\d{1,3})(?:e|ste|de|jr|jaar)?$")  # "67", "58e", "70jr"
_WORD_SLOT = re.compile(r"^\*?[a-z0-9_]+\*?$")
_CONCEPT = re.compile(r"^@([a-z0-9_]+)$")
_FUZZY_MIN_LENGTH = 6


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

    @cached_property
    def compiled(self) -> tuple[tuple["Slot", ...], ...]:
        return tuple(tuple(Slot.of(slot) for slot in group) for group in self.groups)

    @cached_property
    def heads(self) -> tuple[frozenset[str], ...]:
        """Per group, the alternatives (first words of terms) its first slot can start with."""
        return tuple(slots[0].single | {words[0] for words in slots[0].multi}
                     for slots in self.compiled)

    @cached_property
    def words(self) -> frozenset[str]:
        """Every plain word the pattern names (also those inside a term of several words)."""
        return frozenset(word for group in self.groups for slot in group for alt in slot
                         if "*" not in alt for word in alt.split("_"))


def glued_term(term: str) -> str:
    """How a catalogue term looks as one token ("van onderen" -> "van_onderen", "wc-papier" ->
    "wc_papier"); accents and case are normalised as in messages."""
    if term.startswith("{"):
        return term
    stars_front, stars_back = term.startswith("*"), term.endswith("*")
    glued = "_".join(word for word in tokens(term.replace("_", " ")) if word not in ",:")
    return ("*" if stars_front else "") + glued + ("*" if stars_back else "")


def parse_pattern(text: str, concepts: Mapping[str, Sequence[str]] | None = None) -> Pattern:
    concepts = concepts or {}
    groups = []
    for group_text in str(text).split("&"):
        slots = []
        for word in group_text.split():
            alternatives: list[str] = []
            for alternative in word.split("|"):
                concept = _CONCEPT.match(alternative)
                if concept:
                    if concept.group(1) not in concepts:
                        raise PatternError(f"unknown concept @{concept.group(1)} in {text!r}")
                    alternatives.extend(glued_term(term) for term in concepts[concept.group(1)])
                else:
                    alternatives.append(alternative if "_" not in alternative
                                        else glued_term(alternative))
            for alternative in alternatives:
                if not (_WORD_SLOT.match(alternative) or _NUMBER_SLOT.match(alternative)):
                    raise PatternError(
                        f"{alternative!r} in pattern {text!r}: use lower-case letters and digits "
                        "without accents, with * or {ageNN+} only as documented")
            slots.append(tuple(dict.fromkeys(alternatives)))
        if not slots:
            raise PatternError(f"empty group in pattern {text!r}")
        groups.append(tuple(slots))
    return Pattern(text=str(text), groups=tuple(groups))


@dataclass(frozen=True)
class Slot:
    """One position of a pattern: its one-word alternatives as a set, its terms of several words
    as word tuples."""
    single: frozenset[str]
    multi: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, alternatives: Sequence[str]) -> "Slot":
        multi = tuple(tuple(a.split("_")) for a in alternatives if "_" in a and "*" not in a)
        return cls(frozenset(a for a in alternatives if "_" not in a or "*" in a),
                   tuple(sorted(multi, key=len, reverse=True)))


class Lexicon:
    """Which pattern alternatives a message word satisfies, found through an index instead of
    trying every alternative: exact words by set, one-typo neighbours by their one-deletion
    variants (the SymSpell idea), and the few starred words and age slots one by one."""

    def __init__(self, alternatives: Iterable[str], no_typo: frozenset[str]) -> None:
        words = {word for alternative in alternatives for word in alternative.split("_")}
        self._no_typo = no_typo
        self._exact = {w for w in words if not w.startswith(("*", "{")) and not w.endswith("*")}
        self._starred = [w for w in words if "*" in w]
        self._ages = [w for w in words if _NUMBER_SLOT.match(w)]
        self._variants: dict[str, set[str]] = {}
        for word in self._exact:
            if len(word) >= _FUZZY_MIN_LENGTH:
                for variant in _deletions(word) | {word}:
                    self._variants.setdefault(variant, set()).add(word)
        self.matches = lru_cache(maxsize=100_000)(self._matches)

    def _matches(self, token: str) -> frozenset[str]:
        found = {token} & self._exact
        if token not in self._no_typo and len(token) >= _FUZZY_MIN_LENGTH - 1:
            for variant in _deletions(token) | {token}:
                found.update(w for w in self._variants.get(variant, ())
                             if edit_distance_at_most_one(token, w))
        found.update(w for w in self._starred if _starred_matches(w, token, self._no_typo))
        found.update(w for w in self._ages if _age_matches(w, token))
        return frozenset(found)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _age_matches(alternative: str, token: str) -> bool:
    number, age = _NUMBER_SLOT.match(alternative), _AGE_TOKEN.match(token)
    return bool(number and age) and int(number.group(1)) <= int(age.group(1)) <= 120


def _starred_matches(alternative: str, token: str, no_typo: frozenset[str]) -> bool:
    starred_front, starred_back = alternative.startswith("*"), alternative.endswith("*")
    word = alternative.strip("*")
    if starred_front and starred_back:
        return word in token
    if starred_front:
        return token.endswith(word)
    if token.startswith(word):
        return True
    fuzzy = len(word) >= _FUZZY_MIN_LENGTH and token not in no_typo
    return fuzzy and any(edit_distance_at_most_one(token[:size], word)
                         for size in (len(word) - 1, len(word), len(word) + 1))


def lexicon_for(patterns: Iterable[Pattern], no_typo: frozenset[str] = frozenset()) -> Lexicon:
    return Lexicon((alt for p in patterns for group in p.groups for slot in group for alt in slot),
                   no_typo)


def _slot_end(slot: Slot, sentence: Sequence[str], i: int, lexicon: Lexicon) -> Optional[int]:
    """Last position of the longest alternative of the slot that matches from position i."""
    here = lexicon.matches(sentence[i])
    if not here:
        return None
    for words in slot.multi:  # longest first
        last = i + len(words) - 1
        if words[0] in here and last < len(sentence) and all(
                word in lexicon.matches(sentence[i + k]) for k, word in enumerate(words)):
            return last
    return i if not here.isdisjoint(slot.single) else None


@lru_cache(maxsize=4096)
def _own_lexicon(pattern: Pattern, no_typo: frozenset[str]) -> Lexicon:
    """A lexicon of one pattern, for callers that match few patterns (the contact needs)."""
    return lexicon_for([pattern], no_typo)


def starts_term(term: str, sentence: Sequence[str], i: int) -> bool:
    """Whether the words of term (glued with _) stand in the sentence from position i."""
    words = term.split("_")
    return tuple(sentence[i:i + len(words)]) == tuple(words)


def sentences(words: Sequence[str], keep_end: bool = False) -> Iterable[list[str]]:
    """Split tokens into sentences at . ! ? ; (patterns never reach across them); with keep_end
    each sentence keeps the mark that ended it (a question ends with "?")."""
    sentence: list[str] = []
    for word in words:
        if word in SENTENCE_ENDS:
            if sentence:
                yield sentence + [word] if keep_end else sentence
            sentence = []
        else:
            sentence.append(word)
    if sentence:
        yield sentence


def _group_spans(group, sentence: Sequence[str], options: MatchOptions,
                 lexicon: Lexicon) -> list[tuple[int, ...]]:
    """Every place a group's slots match in order (first match of each following slot)."""
    spans = []
    for start in range(len(sentence)):
        end = _slot_end(group[0], sentence, start, lexicon)
        if end is None:
            continue
        positions = list(range(start, end + 1))
        for slot in group[1:]:
            last = positions[-1]
            reach = min(len(sentence), last + 2 + options.max_gap)
            for i in range(last + 1, reach):
                end = _slot_end(slot, sentence, i, lexicon)
                if end is not None:
                    positions.extend(range(i, end + 1))
                    break
            else:
                break
        else:
            spans.append(tuple(positions))
    return spans


def present(sentence: Sequence[str], lexicon: Lexicon) -> frozenset[str]:
    """Every alternative some word of the sentence satisfies: a pattern one of whose groups
    cannot start on any of them cannot match, so find_matches skips it at once."""
    return frozenset().union(*(lexicon.matches(word) for word in sentence))


def find_matches(pattern: Pattern, sentence: Sequence[str], options: MatchOptions,
                 lexicon: Lexicon | None = None,
                 found: frozenset[str] | None = None) -> list[list[int]]:
    """Sorted token positions of the places where the pattern matches in one sentence.

    One match per left edge: the window starting at each span start is filled with the first
    span of every group that fits inside it, so the work grows with the number of spans (linear
    in the sentence), not with their product.
    """
    if found is not None and any(head.isdisjoint(found) for head in pattern.heads):
        return []
    lexicon = lexicon or _own_lexicon(pattern, options.no_typo)
    per_group = [_group_spans(group, sentence, options, lexicon) for group in pattern.compiled]
    if not all(per_group):
        return []
    if len(per_group) == 1:
        return [list(span) for span in per_group[0]]
    starts = [[span[0] for span in spans] for spans in per_group]
    found, seen = [], set()
    for left in sorted({span[0] for spans in per_group for span in spans}):
        right = left + options.window
        chosen: list[tuple[int, ...]] = []
        for spans, span_starts in zip(per_group, starts):
            fitting = []
            for i in range(bisect_left(span_starts, left), len(spans)):
                if spans[i][0] > right or len(fitting) == 8:
                    break
                if spans[i][-1] <= right:
                    fitting.append(spans[i])
            if not fitting:
                break
            # Prefer a span of words no other group took: "a & b" names two things.
            taken = {p for span in chosen for p in span}
            chosen.append(next((span for span in fitting if taken.isdisjoint(span)), fitting[0]))
        else:
            positions = tuple(sorted({p for span in chosen for p in span}))
            if positions not in seen:
                seen.add(positions)
                found.append(list(positions))
    return found
