"""Text normalisation shared by the red-flag matcher and the contact-need matcher."""
from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"[a-z0-9]+|[.!?;:,]")
_REPEATS = re.compile(r"([a-z])\1{2,}")
SENTENCE_ENDS = frozenset(".!?;")


def normalise(text: str) -> str:
    """Lower case, accents removed, letters typed three or more times folded to two."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("'s ", " ").replace("’s ", " ")
    return _REPEATS.sub(r"\1\1", plain)


def tokens(text: str) -> list[str]:
    """Words and clause punctuation of a message, normalised."""
    return _TOKEN.findall(normalise(text))


def edit_distance_at_most_one(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (len(diffs) == 2 and diffs[1] == diffs[0] + 1
                and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]])
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]
