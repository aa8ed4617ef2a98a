"""Masking of personal data before a conversation is shown to nurses or exported for labelling.

Masked: telephone numbers, e-mail addresses, BSN numbers, full dates (dates of birth), Dutch
postcodes, and names that a phrase such as "mijn naam is" or "ik ben" introduces. The words that
introduce a name and the words that are never one live in content/privacy.yml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rugpoli.content_files import load_content_file

PHONE = "[telefoonnummer]"
EMAIL = "[e-mailadres]"
BSN = "[BSN]"
DATE = "[datum]"
POSTCODE = "[postcode]"
NAME = "[naam]"
NUMBER = "[nummer]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Runs of digits that may be broken up by spaces, dots, dashes or brackets, with a leading +.
_DIGIT_RUN = re.compile(r"(?<![\w])\+?\(?\d[\d\s().-]{6,}\d(?![\w])")
_MONTHS = ("januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
           "december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec")
_DATE = re.compile(
    r"\b(?:\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d{2}"
    rf"|\d{{1,2}}\s+(?:{_MONTHS})\.?\s+(?:19|20)\d{{2}}"
    r"|(?:19|20)\d{2}-\d{1,2}-\d{1,2})\b", re.IGNORECASE)
_POSTCODE = re.compile(r"\b([1-9]\d{3})\s?([A-Za-z]{2})\b")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


@dataclass(frozen=True)
class PrivacyRules:
    name_introductions: tuple[str, ...]
    not_names: frozenset[str]
    name_particles: frozenset[str]


def parse_rules(data: dict) -> PrivacyRules:
    introductions = sorted((p.lower() for p in data["name_introductions"]), key=len, reverse=True)
    return PrivacyRules(name_introductions=tuple(introductions),
                        not_names=frozenset(str(w).lower() for w in data["not_names"]),
                        name_particles=frozenset(str(w).lower() for w in data["name_particles"]))


def load_rules(path: Path | str | None = None) -> PrivacyRules:
    return load_content_file(path, "privacy.yml", parse_rules)


def _mask_digit_run(match: re.Match) -> str:
    run = match.group(0)
    digits = re.sub(r"\D", "", run)
    if len(digits) < 8:
        return run
    if run.startswith("+") or digits.startswith("0"):
        return PHONE
    if len(digits) == 9:
        return BSN
    return NUMBER


def _mask_postcode(match: re.Match, not_names: frozenset[str]) -> str:
    letters = match.group(2)
    # "sinds 2019 is het erger": lower-case letters that form a Dutch word are not a postcode.
    if letters.islower() and letters in not_names:
        return match.group(0)
    return POSTCODE


def _is_name_word(word: str, rules: PrivacyRules) -> bool:
    lowered = word.lower()
    # Lower-case past participles ("gevallen", "geopereerd") describe the patient.
    participle = word.islower() and lowered.startswith("ge") and lowered.endswith(("d", "t", "en"))
    return lowered not in rules.not_names and not participle


def _mask_names(text: str, rules: PrivacyRules) -> str:
    lowered = text.lower()
    spans = []
    for phrase in rules.name_introductions:
        for found in re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", lowered):
            position, name_words, particles = found.end(), 0, []
            while name_words < 4:
                start = len(text) - len(text[position:].lstrip(" ,:"))
                if (particles or name_words) and text[position:start].strip():
                    break  # a comma or colon ends the name
                word = _WORD.match(text, start)
                if word is None:
                    break
                candidate = word.group(0)
                if name_words and candidate.lower() in rules.name_particles:
                    position = word.end()  # "Jan de Vries": the particle belongs to the name
                    particles.append(word.span())
                    continue
                if not _is_name_word(candidate, rules):
                    break
                spans.extend(particles + [word.span()])
                particles = []
                position, name_words = word.end(), name_words + 1
    masked, last = [], 0
    for start, end in sorted(set(spans)):
        if start < last:
            continue
        masked.append(text[last:start])
        masked.append(NAME)
        last = end
    masked.append(text[last:])
    return re.sub(r"\[naam\](?:\s+\[naam\])+", NAME, "".join(masked))


def mask(text: str, rules: PrivacyRules | None = None) -> str:
    """The text with personal data replaced by [telefoonnummer], [e-mailadres], [BSN], [datum],
    [postcode] and [naam]."""
    rules = rules or load_rules()
    text = _EMAIL.sub(EMAIL, text or "")
    text = _DATE.sub(DATE, text)
    text = _DIGIT_RUN.sub(_mask_digit_run, text)
    text = _POSTCODE.sub(lambda m: _mask_postcode(m, rules.not_names), text)
    return _mask_names(text, rules)
