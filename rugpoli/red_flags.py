"""Red-flag (alarm symptom) detection from the content team's catalogue.

The catalogue (content/red_flags.yml) describes each alarm symptom with word patterns over
concepts (rugpoli.patterns): a body part or function, a loss or change, a time course.
``analyse`` turns a message into the alarm symptoms it mentions and does not deny, in the manner
of ConText (Harkema et al., 2009): a negation cue ("geen", "niet", "nooit", "zonder") covers the
words it governs up to a scope boundary ("maar", a comma), pseudo-negations ("zonder reden",
"niet alleen") deny nothing, and four contexts can take a mention out of the alarm set when the
catalogue says so for that flag: a general question that is not about the writer or a relative
("kan een val een hernia geven?"), an event long past ("als kind gevallen"), a relative's
history told beside the writer's own complaint ("mijn moeder had kanker, ik heb nu rugpijn"), and
a fear named as such ("bang dat ik verlamd raak").
It is deliberately independent of the trained classifier: it is the safety net under it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from rugpoli.content_files import load_content_file
from rugpoli.patterns import (Lexicon, MatchOptions, Pattern, PatternError, find_matches,
                              glued_term, lexicon_for, parse_pattern, present, sentences,
                              starts_term)
from rugpoli.text import normalise, tokens

URGENCY_ORDER = ("soon", "same_day", "emergency")  # lowest to highest
RED_FLAG_INTENT_PREFIX = "red_flag_"  # intents red_flag_emergency, red_flag_same_day, red_flag_soon
CONTEXTS = ("general_question", "long_past", "family_history", "feared", "reported")


class CatalogueError(ValueError):
    """The red-flag catalogue is not valid."""


@dataclass(frozen=True)
class RedFlag:
    id: str
    urgency: str
    label: str
    patterns: tuple[Pattern, ...]
    exceptions: tuple[Pattern, ...]
    options: MatchOptions  # the catalogue's, with this flag's own max_gap and window if it sets them
    not_in: frozenset[str]  # contexts (CONTEXTS) in which a mention is no alarm
    within_clause: bool  # patterns match inside one clause ("plassen en niet slapen" is two)
    not_with: tuple[Pattern, ...]  # anywhere in the message, these take the alarm away
    escalate_with: tuple[Pattern, ...]  # anywhere in the message, these make it an emergency


@dataclass(frozen=True)
class Finding:
    flag_id: str
    urgency: str
    label: str
    matched_text: str


@dataclass(frozen=True)
class Negation:
    cues_before: frozenset[str]
    cues_after: frozenset[str]
    pseudo: tuple[str, ...]  # glued phrases whose cue denies nothing ("zonder_reden")
    short_reach: frozenset[str]  # cues that deny only the next word ("zonder koorts")
    coordinators: frozenset[str]  # carry a short cue on: "zonder val of ongeluk"
    scope_boundaries: frozenset[str]
    clause_boundaries: frozenset[str]
    fillers: frozenset[str]
    lookback: int


@dataclass(frozen=True)
class Contexts:
    """Words that mark the three contexts; see the catalogue's ``contexts`` section."""
    question_starts: frozenset[str]
    general_subjects: frozenset[str]
    reporting_questions: tuple[str, ...]
    about_someone: frozenset[str]
    relatives: frozenset[str]
    long_past: tuple[Pattern, ...]
    own_complaint: tuple[Pattern, ...]
    relative_complaint: tuple[Pattern, ...]
    feared_cues: frozenset[str]
    reported_cues: frozenset[str]
    feared_reach: int
    reported_reach: int
    options: MatchOptions


@dataclass(frozen=True)
class Catalogue:
    flags: tuple[RedFlag, ...]
    source: str
    negation: Negation
    contexts: Contexts
    lexicon: Lexicon  # every word the patterns name, indexed for fast matching

    def by_id(self, flag_id: str) -> RedFlag | None:
        return next((flag for flag in self.flags if flag.id == flag_id), None)

    def words(self, text: str) -> list[str]:
        """The message as the patterns see it: normalised words and clause punctuation."""
        return tokens(text or "")


def _flag(raw: dict, defaults: MatchOptions, concepts: dict) -> RedFlag:
    missing = {"id", "urgency", "label", "patterns"} - set(raw)
    if missing:
        raise CatalogueError(f"red flag {raw.get('id', '?')} lacks {sorted(missing)}")
    if raw["urgency"] not in URGENCY_ORDER:
        raise CatalogueError(f"red flag {raw['id']}: unknown urgency {raw['urgency']!r}")
    unknown = set(raw.get("not_in", [])) - set(CONTEXTS)
    if unknown:
        raise CatalogueError(f"red flag {raw['id']}: unknown contexts {sorted(unknown)}")
    if raw.get("within", "sentence") not in ("sentence", "clause"):
        raise CatalogueError(f"red flag {raw['id']}: within is 'sentence' or 'clause'")
    try:
        return RedFlag(
            id=raw["id"],
            urgency=raw["urgency"],
            label=raw["label"],
            patterns=tuple(parse_pattern(p, concepts) for p in raw["patterns"]),
            exceptions=tuple(parse_pattern(p, concepts) for p in raw.get("except", [])),
            options=replace(defaults, max_gap=int(raw.get("max_gap", defaults.max_gap)),
                            window=int(raw.get("window", defaults.window))),
            not_in=frozenset(raw.get("not_in", [])),
            within_clause=raw.get("within", "sentence") == "clause",
            not_with=tuple(parse_pattern(p, concepts) for p in raw.get("not_with", [])),
            escalate_with=tuple(parse_pattern(p, concepts) for p in raw.get("escalate_with", [])),
        )
    except PatternError as error:
        raise CatalogueError(f"red flag {raw['id']}: {error}") from error


@lru_cache(maxsize=1)
def dutch_word_forms() -> frozenset[str]:
    """Real Dutch word forms (spaCy's Dutch lemma lookup table, spacy-lookups-data): such a word in
    a message is what it says, not a typo of a catalogue word ("leden" is no "gegleden")."""
    import gzip
    import json
    from importlib import resources

    with resources.files("spacy_lookups_data").joinpath("data/nl_lemma_lookup.json.gz").open("rb") as raw:
        table = json.load(gzip.open(raw))
    words = set(table) | set(table.values())
    return frozenset(words | {normalise(w) for w in words if not w.isascii()})


def _word_set(items: Iterable[str], concepts: dict | None = None) -> frozenset[str]:
    """Single words of a list; "@name" stands for the words of that concept."""
    words: set[str] = set()
    for item in map(str, items):
        if item.startswith("@") and concepts and item[1:] in concepts:
            words |= _word_set(concepts[item[1:]])
        else:
            words.add(item if item in ",:" else glued_term(item))
    return frozenset(words)


def parse_catalogue(data: dict) -> Catalogue:
    language = data.get("language", {})
    real_words = dutch_word_forms() if language.get("real_words_are_not_typos", True) else frozenset()
    defaults = MatchOptions(
        no_typo=frozenset(language.get("not_typos", [])) | real_words,
        window=int(language.get("window", 8)),
        max_gap=int(language.get("max_gap", 2)),
    )
    concepts = {name: [str(term) for term in terms]
                for name, terms in (data.get("concepts") or {}).items()}
    flags = tuple(_flag(raw, defaults, concepts) for raw in data.get("red_flags", []))
    ids = [flag.id for flag in flags]
    if len(ids) != len(set(ids)):
        raise CatalogueError("red flag ids must be unique")
    contexts = data.get("contexts", {})
    try:
        long_past = tuple(parse_pattern(p, concepts) for p in contexts.get("long_past", []))
        relative_complaint = tuple(parse_pattern(p, concepts)
                                   for p in contexts.get("relative_complaint", []))
        own_complaint = tuple(parse_pattern(p, concepts) for p in contexts.get("own_complaint", []))
    except PatternError as error:
        raise CatalogueError(f"contexts: {error}") from error
    return Catalogue(
        flags=flags,
        source=data.get("source", ""),
        negation=Negation(
            cues_before=frozenset(language.get("negation_cues", [])),
            cues_after=frozenset(language.get("negation_after_cues", [])),
            pseudo=tuple(glued_term(str(p)) for p in language.get("pseudo_negations", [])),
            short_reach=frozenset(language.get("short_reach_cues", [])),
            coordinators=_word_set(language.get("coordinators", [])),
            scope_boundaries=_word_set(language.get("scope_boundaries", [])),
            clause_boundaries=_word_set(language.get("clause_boundaries", [])),
            fillers=frozenset(language.get("negation_fillers", [])),
            lookback=int(language.get("negation_lookback", 5)),
        ),
        contexts=Contexts(
            question_starts=_word_set(contexts.get("question_starts", [])),
            general_subjects=_word_set(contexts.get("general_subjects", [])),
            reporting_questions=tuple(glued_term(str(q))
                                      for q in contexts.get("reporting_questions", [])),
            about_someone=_word_set(contexts.get("about_someone", [])),
            relatives=_word_set(contexts.get("relatives", []), concepts),
            long_past=long_past,
            own_complaint=own_complaint,
            relative_complaint=relative_complaint,
            feared_cues=_word_set(contexts.get("feared_cues", [])),
            reported_cues=_word_set(contexts.get("reported_cues", [])),
            feared_reach=int(contexts.get("feared_reach", 5)),
            reported_reach=int(contexts.get("reported_reach", 10)),
            options=replace(defaults, window=int(contexts.get("window", 12))),
        ),
        lexicon=lexicon_for([p for flag in flags for p in flag.patterns + flag.exceptions
                             + flag.not_with + flag.escalate_with]
                            + list(long_past) + list(relative_complaint) + list(own_complaint),
                            defaults.no_typo),
    )


def load_catalogue(path: Path | str | None = None) -> Catalogue:
    """The catalogue at path (default content/red_flags.yml), re-read when the file changes."""
    return load_content_file(path, "red_flags.yml", parse_catalogue)


def _is_cue(i: int, sentence: Sequence[str], cues: frozenset[str], negation: Negation,
            symptom_words: frozenset[str]) -> bool:
    """A negation cue at position i: not part of a pseudo-negation ("zonder reden") and not one
    of the pattern's own words ("het toiletpapier voel ik niet")."""
    if sentence[i] not in cues or sentence[i] in symptom_words:
        return False
    return not any(starts_term(pseudo, sentence, j) for pseudo in negation.pseudo
                   for j in range(max(0, i - 3), i + 1)
                   if j + pseudo.count("_") >= i)


def _is_negated(positions: Sequence[int], sentence: Sequence[str], negation: Negation,
                symptom_words: frozenset[str] = frozenset()) -> bool:
    first, last = positions[0], positions[-1]
    between = set(range(first, last + 1)) - set(positions)
    if any(_is_cue(i, sentence, negation.cues_before, negation, frozenset()) for i in between):
        return True
    for i in range(first - 1, max(-1, first - 1 - negation.lookback), -1):
        if sentence[i] in negation.scope_boundaries:
            break
        if _is_cue(i, sentence, negation.cues_before, negation, frozenset()):
            return (sentence[i] not in negation.short_reach
                    or sum(w not in negation.coordinators for w in sentence[i + 1:first]) <= 1)
    for i in range(last + 1, min(len(sentence), last + 5)):
        if _is_cue(i, sentence, negation.cues_after, negation, symptom_words):
            return True
        if sentence[i] not in negation.fillers:
            break
    return False


def clauses(sentence: Sequence[str], boundaries: frozenset[str]) -> list[list[str]]:
    """The parts of a sentence between clause boundaries ("," "en" "want" ...)."""
    parts: list[list[str]] = [[]]
    for word in sentence:
        if word in boundaries:
            parts.append([])
        else:
            parts[-1].append(word)
    return [part for part in parts if part]


def _general_question(sentence: Sequence[str], contexts: Contexts) -> bool:
    """A question about back pain in general, not about the writer or someone they name: it
    starts with a question word and ends with "?" or goes on with a general subject ("kan een
    val een hernia geven", "kan je ..."); "kan sinds vanochtend niet meer staan." is none."""
    if any(starts_term(report, sentence, 0) for report in contexts.reporting_questions):
        return False  # "is het normaal dat je been slap wordt?" tells of the writer's own leg
    return (len(sentence) > 1 and sentence[0] in contexts.question_starts
            and (sentence[-1] == "?" or sentence[1] in contexts.general_subjects)
            and not contexts.about_someone.intersection(sentence))


def _long_past(sentence: Sequence[str], catalogue: Catalogue) -> bool:
    contexts = catalogue.contexts
    return any(find_matches(p, sentence, contexts.options, catalogue.lexicon)
               for p in contexts.long_past)


def _any_match(patterns: Sequence[Pattern], words: Sequence[str], catalogue: Catalogue,
               by_clause: bool = False, negatable: bool = True) -> bool:
    """Whether any of the patterns matches (and, if negatable, is not denied) in any sentence
    (or clause) of the message. Pseudo-negations protect symptoms, not these contexts: in
    "zonder dieet" the diet is denied."""
    options = catalogue.contexts.options
    negation = replace(catalogue.negation, pseudo=())
    parts = [part for sentence in sentences(words)
             for part in (clauses(sentence, catalogue.negation.clause_boundaries)
                          if by_clause else [sentence])]
    return any(not negatable or not _is_negated(match, part, negation, pattern.words)
               for pattern in patterns for part in parts
               for match in find_matches(pattern, part, options, catalogue.lexicon))


class _Message:
    """A message's words, with the message-wide context checks done once, when first needed."""

    def __init__(self, words: list[str], catalogue: Catalogue) -> None:
        self.words, self._catalogue, self._found = words, catalogue, {}

    def has(self, name: str, patterns: Sequence[Pattern], by_clause: bool = False,
            negatable: bool = True) -> bool:
        if name not in self._found:
            self._found[name] = _any_match(patterns, self.words, self._catalogue, by_clause,
                                           negatable)
        return self._found[name]


def _cue_before(cues: frozenset[str], positions: Sequence[int], part: Sequence[str],
                reach: int, boundaries: frozenset[str]) -> bool:
    """One of the cues at most reach words before the mention, with no boundary between."""
    for i in range(positions[0] - 1, max(-1, positions[0] - 1 - reach), -1):
        if part[i] in boundaries:
            return False
        if part[i] in cues:
            return True
    return False


def _relative_before(positions: Sequence[int], sentence: Sequence[str], contexts: Contexts) -> bool:
    return any(word in contexts.relatives for word in sentence[:positions[0]])


def _exempt(flag: RedFlag, positions: Sequence[int], part: Sequence[str],
            sentence: Sequence[str], message: "_Message", catalogue: Catalogue) -> bool:
    contexts = catalogue.contexts
    if "general_question" in flag.not_in and _general_question(sentence, contexts):
        return True
    if "long_past" in flag.not_in and _long_past(sentence, catalogue):
        return True
    boundaries = catalogue.negation.scope_boundaries
    if "feared" in flag.not_in and _cue_before(contexts.feared_cues, positions, part,
                                               contexts.feared_reach, boundaries):
        return True
    # What was read or asked about often comes as a list ("gevraagd naar plassen, koorts en
    # gewicht"), so commas do not end its reach.
    if "reported" in flag.not_in and _cue_before(contexts.reported_cues, positions, sentence,
                                                 contexts.reported_reach,
                                                 boundaries - {",", "en"}):
        return True
    return ("family_history" in flag.not_in and _relative_before(positions, part, contexts)
            and message.has("own_complaint", contexts.own_complaint, negatable=False)
            and not message.has("relative_complaint", contexts.relative_complaint, by_clause=True,
                                negatable=False))


def _scan(flag: RedFlag, part: Sequence[str], found: frozenset[str], sentence: Sequence[str],
          message: "_Message", catalogue: Catalogue) -> tuple[list[int] | None, bool]:
    """(first affirmed match or None, whether a denied or exempted mention was seen) of a flag
    in a part (a clause or the whole sentence) of a sentence; found: what the part's words
    satisfy (patterns.present)."""
    options = flag.options
    matches = [(pattern, match) for pattern in flag.patterns
               for match in find_matches(pattern, part, options, catalogue.lexicon, found)]
    if not matches:
        return None, False
    excluded = {p for exception in flag.exceptions
                for match in find_matches(exception, part, options, catalogue.lexicon, found)
                for p in match}
    denied = False
    for pattern, match in matches:
        if excluded.intersection(match):
            continue
        if _is_negated(match, part, catalogue.negation, pattern.words):
            denied = True
        elif _exempt(flag, match, part, sentence, message, catalogue):
            denied = True
        else:
            return match, denied
    return None, denied


@dataclass(frozen=True)
class Detection:
    findings: list[Finding]
    # ids of alarm symptoms mentioned only to deny them, or in a context that is no alarm
    # ("geen koorts", "tien jaar geleden gevallen")
    denied: list[str]


def analyse(text: str, catalogue: Catalogue | None = None) -> Detection:
    """Alarm symptoms mentioned and not denied (highest urgency first), and those denied."""
    catalogue = catalogue or load_catalogue()
    findings: dict[str, Finding] = {}
    denied: set[str] = set()
    words = catalogue.words(text)
    message = _Message(words, catalogue)
    for sentence in sentences(words, keep_end=True):
        # What each clause's words satisfy, worked out once for all flags.
        whole = [(sentence, present(sentence, catalogue.lexicon))]
        parts = [(part, present(part, catalogue.lexicon))
                 for part in clauses(sentence, catalogue.negation.clause_boundaries)]
        for flag in catalogue.flags:
            if flag.id in findings:
                continue
            for part, found in (parts if flag.within_clause else whole):
                match, was_denied = _scan(flag, part, found, sentence, message, catalogue)
                if match and flag.not_with and message.has(f"{flag.id}.not_with", flag.not_with):
                    match, was_denied = None, True
                if match:
                    matched = " ".join(part[match[0]:match[-1] + 1])
                    urgency = ("emergency" if flag.escalate_with and message.has(
                        f"{flag.id}.escalate_with", flag.escalate_with) else flag.urgency)
                    findings[flag.id] = Finding(flag.id, urgency, flag.label, matched)
                    break
                if was_denied:
                    denied.add(flag.id)
    ordered = sorted(findings.values(), key=lambda f: -URGENCY_ORDER.index(f.urgency))
    return Detection(findings=ordered, denied=sorted(denied - set(findings)))


def detect(text: str, catalogue: Catalogue | None = None) -> list[Finding]:
    """Alarm symptoms mentioned (and not denied) in a message, highest urgency first."""
    return analyse(text, catalogue).findings


def highest_urgency(urgencies: Iterable[str]) -> str | None:
    ranked = [u for u in urgencies if u in URGENCY_ORDER]
    return max(ranked, key=URGENCY_ORDER.index) if ranked else None


def red_flag_intent(urgency: str) -> str:
    return RED_FLAG_INTENT_PREFIX + urgency


def urgency_of(intent: str | None) -> str | None:
    """The urgency of a red-flag intent, None for every other intent."""
    if intent and intent.startswith(RED_FLAG_INTENT_PREFIX):
        urgency = intent[len(RED_FLAG_INTENT_PREFIX):]
        return urgency if urgency in URGENCY_ORDER else None
    return None
