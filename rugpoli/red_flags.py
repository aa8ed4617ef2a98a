"""Red-flag (alarm symptom) detection from the content team's catalogue.

The catalogue (content/red_flags.yml) describes each alarm symptom with word patterns
(see rugpoli.patterns); ``detect`` turns a message into the alarm symptoms it mentions and
does not deny ("geen koorts", "ik ben niet gevallen"). It is deliberately independent of the
trained intent classifier: it is the safety net under it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Sequence

from rugpoli.patterns import MatchOptions, Pattern, PatternError, find_matches, parse_pattern, sentences
from rugpoli.content_files import load_content_file
from rugpoli.text import tokens

URGENCY_ORDER = ("soon", "same_day", "emergency")  # lowest to highest


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
    scope_boundaries: frozenset[str]
    fillers: frozenset[str]
    lookback: int


@dataclass(frozen=True)
class Catalogue:
    flags: tuple[RedFlag, ...]
    source: str
    negation: Negation

    def by_id(self, flag_id: str) -> RedFlag | None:
        return next((flag for flag in self.flags if flag.id == flag_id), None)


def _flag(raw: dict, defaults: MatchOptions) -> RedFlag:
    missing = {"id", "urgency", "label", "patterns"} - set(raw)
    if missing:
        raise CatalogueError(f"red flag {raw.get('id', '?')} lacks {sorted(missing)}")
    if raw["urgency"] not in URGENCY_ORDER:
        raise CatalogueError(f"red flag {raw['id']}: unknown urgency {raw['urgency']!r}")
    try:
        return RedFlag(
            id=raw["id"],
            urgency=raw["urgency"],
            label=raw["label"],
            patterns=tuple(parse_pattern(p) for p in raw["patterns"]),
            exceptions=tuple(parse_pattern(p) for p in raw.get("except", [])),
            options=replace(defaults, max_gap=int(raw.get("max_gap", defaults.max_gap)),
                            window=int(raw.get("window", defaults.window))),
        )
    except PatternError as error:
        raise CatalogueError(f"red flag {raw['id']}: {error}") from error


def parse_catalogue(data: dict) -> Catalogue:
    language = data.get("language", {})
    defaults = MatchOptions(
        no_typo=frozenset(language.get("not_typos", [])),
        window=int(language.get("window", 8)),
        max_gap=int(language.get("max_gap", 2)),
    )
    flags = tuple(_flag(raw, defaults) for raw in data.get("red_flags", []))
    ids = [flag.id for flag in flags]
    if len(ids) != len(set(ids)):
        raise CatalogueError("red flag ids must be unique")
    return Catalogue(
        flags=flags,
        source=data.get("source", ""),
        negation=Negation(
            cues_before=frozenset(language.get("negation_cues", [])),
            cues_after=frozenset(language.get("negation_after_cues", [])),
            scope_boundaries=frozenset(language.get("scope_boundaries", [])),
            fillers=frozenset(language.get("negation_fillers", [])),
            lookback=int(language.get("negation_lookback", 5)),
        ),
    )


def load_catalogue(path: Path | str | None = None) -> Catalogue:
    """The catalogue at path (default content/red_flags.yml), re-read when the file changes."""
    return load_content_file(path, "red_flags.yml", parse_catalogue)


def _is_negated(positions: Sequence[int], sentence: Sequence[str], negation: Negation) -> bool:
    first, last = positions[0], positions[-1]
    between = set(range(first, last + 1)) - set(positions)
    if any(sentence[i] in negation.cues_before for i in between):
        return True
    for i in range(first - 1, max(-1, first - 1 - negation.lookback), -1):
        if sentence[i] in negation.scope_boundaries:
            break
        if sentence[i] in negation.cues_before:
            return True
    for i in range(last + 1, min(len(sentence), last + 5)):
        if sentence[i] in negation.cues_after:
            return True
        if sentence[i] not in negation.fillers:
            break
    return False


def _scan(flag: RedFlag, sentence: Sequence[str], catalogue: Catalogue) -> tuple[list[int] | None, bool]:
    """(first affirmed match or None, whether a denied mention was seen) of a flag in a sentence."""
    options = flag.options
    excluded = {p for exception in flag.exceptions
                for match in find_matches(exception, sentence, options) for p in match}
    denied = False
    for pattern in flag.patterns:
        for match in find_matches(pattern, sentence, options):
            if excluded.intersection(match):
                continue
            if not _is_negated(match, sentence, catalogue.negation):
                return match, denied
            denied = True
    return None, denied


@dataclass(frozen=True)
class Detection:
    findings: list[Finding]
    denied: list[str]  # ids of alarm symptoms the patient mentioned only to deny them


def analyse(text: str, catalogue: Catalogue | None = None) -> Detection:
    """Alarm symptoms mentioned and not denied (highest urgency first), and those denied."""
    catalogue = catalogue or load_catalogue()
    findings: dict[str, Finding] = {}
    denied: set[str] = set()
    for sentence in sentences(tokens(text or "")):
        for flag in catalogue.flags:
            if flag.id in findings:
                continue
            match, was_denied = _scan(flag, sentence, catalogue)
            if match:
                matched = " ".join(sentence[match[0]:match[-1] + 1])
                findings[flag.id] = Finding(flag.id, flag.urgency, flag.label, matched)
            elif was_denied:
                denied.add(flag.id)
    ordered = sorted(findings.values(), key=lambda f: -URGENCY_ORDER.index(f.urgency))
    return Detection(findings=ordered, denied=sorted(denied - set(findings)))


def detect(text: str, catalogue: Catalogue | None = None) -> list[Finding]:
    """Alarm symptoms mentioned (and not denied) in a message, highest urgency first."""
    return analyse(text, catalogue).findings


def highest_urgency(urgencies: Iterable[str]) -> str | None:
    ranked = [u for u in urgencies if u in URGENCY_ORDER]
    return max(ranked, key=URGENCY_ORDER.index) if ranked else None
