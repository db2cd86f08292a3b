"""Text normalisation, tokenising and light stemming shared by profile and signal detection."""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_CHARS = 4000

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "\u00a0": " "})
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?(?:[-+.][a-z0-9]+)*")
_NO_E_STRIP = frozenset({"care", "core", "store", "house", "home", "game", "lease", "phone"})


def normalize(text: str) -> str:
    """Lowercase `text` without changing its length, so offsets map back to the original."""
    clipped = text[:MAX_CHARS].translate(_APOSTROPHES)
    lowered = clipped.lower()
    if len(lowered) == len(clipped):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in clipped)


def stem(word: str) -> str:
    """A small, consistent suffix stripper: plurals, -ing, -ed and a final -e."""
    w = word.removesuffix("'s")
    if len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "xes", "ches", "shes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    w = _strip_verb_suffix(w)
    if w.endswith("e") and len(w) > 4 and w not in _NO_E_STRIP:
        w = w[:-1]
    return w


def _strip_verb_suffix(w: str) -> str:
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and not w.endswith("eed"):
            w = w[: -len(suffix)]
            if w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]
            return w
    return w


def words(normalized: str) -> list[str]:
    """The word tokens of already-normalised text."""
    return _WORD.findall(normalized)


def stems(normalized: str) -> list[str]:
    """Stemmed word tokens of already-normalised text."""
    return [stem(w) for w in _WORD.findall(normalized)]


def ngrams(tokens: list[str], longest: int = 3) -> Iterable[str]:
    """Every 1..`longest`-gram of `tokens`, joined by single spaces."""
    count = len(tokens)
    for i in range(count):
        yield tokens[i]
        for n in range(2, longest + 1):
            if i + n <= count:
                yield " ".join(tokens[i : i + n])


def stem_phrase(phrase: str) -> str:
    """The stemmed, space-joined form of a lexicon phrase, comparable with `ngrams` output."""
    return " ".join(stems(normalize(phrase)))
