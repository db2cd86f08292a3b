"""Text normalisation, tokenising and light stemming shared by profile and signal detection."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

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


_BRITISH: dict[str, str] = {
    "centre": "center",
    "centres": "centers",
    "catalogue": "catalog",
    "catalogues": "catalogs",
    "colour": "color",
    "colours": "colors",
    "behaviour": "behavior",
    "neighbour": "neighbor",
    "neighbours": "neighbors",
    "neighbourhood": "neighborhood",
    "neighbourhoods": "neighborhoods",
    "programme": "program",
    "programmes": "programs",
    "licence": "license",
    "licences": "licenses",
    "favourite": "favorite",
    "cheque": "check",
    "cheques": "checks",
    "enrol": "enroll",
    "enrolment": "enrollment",
    "labour": "labor",
    "theatre": "theater",
    "theatres": "theaters",
    "jewellery": "jewelry",
    "paediatric": "pediatric",
    "paediatrician": "pediatrician",
    "paediatricians": "pediatricians",
    "orthopaedic": "orthopedic",
    "anaesthesia": "anesthesia",
    "haematology": "hematology",
    "tyre": "tire",
    "tyres": "tires",
    "mum": "mom",
    "mums": "moms",
    "nappies": "diapers",
    "nappy": "diaper",
    "lorry": "truck",
    "lorries": "trucks",
    "postcode": "zipcode",
    "maths": "math",
    "defence": "defense",
    "travelling": "traveling",
    "cancelled": "canceled",
}
# -ise/-isation spellings of the -ize verbs ("organise", "prioritisation").
_ISE = re.compile(
    r"^(organ|recogn|priorit|custom|personal|optim|visual|digit|summar|categor|standard|special"
    r"|author|minim|maxim|util|synchron|monet|central|modern|real)is(e|es|ed|ing|ation|ations)$"
)


@lru_cache(maxsize=32768)
def stem(word: str) -> str:
    """A small, consistent suffix stripper: plurals, -ing, -ed and a final -e.

    British spellings are folded onto American ones first ("centre", "organise").
    """
    word = _BRITISH.get(word, word)
    word = _ISE.sub(r"\1iz\2", word)
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


_SHORTHAND: dict[str, str] = {
    "u": "you",
    "ya": "you",
    "ur": "your",
    "pls": "please",
    "plz": "please",
    "plse": "please",
    "rn": "right now",
    "idk": "i don't know",
    "idc": "i don't care",
    "dunno": "don't know",
    "dont": "don't",
    "cant": "can't",
    "wont": "won't",
    "didnt": "didn't",
    "havent": "haven't",
    "doesnt": "doesn't",
    "isnt": "isn't",
    "arent": "aren't",
    "wasnt": "wasn't",
    "werent": "weren't",
    "couldnt": "couldn't",
    "wouldnt": "wouldn't",
    "shouldnt": "shouldn't",
    "youre": "you're",
    "whats": "what's",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "ppl": "people",
    "msg": "message",
    "im": "i'm",
    "ive": "i've",
    "lets": "let's",
    "gonna": "going to",
    "wanna": "want to",
    "lemme": "let me",
    "gimme": "give me",
    "kinda": "kind of",
    "sorta": "sort of",
    "sth": "something",
    "smth": "something",
    "abt": "about",
    "qs": "questions",
    "q's": "questions",
    "ques": "questions",
    "tbh": "",
    "ngl": "",
    "tbf": "",
    "imo": "",
    "imho": "",
    "fwiw": "",
    "lol": "",
    "lmao": "",
    "ugh": "",
}
_SHORTHAND_WORD = re.compile(
    r"(?<![\w'])(?:" + "|".join(map(re.escape, _SHORTHAND)) + r")(?![\w'])"
)


# "id rather", "ill need", "were going to": a contraction typed without its apostrophe, told
# apart from the words "id", "ill" and "were" by the verb that follows.
_BARE_SUBJECT = {"id": "i'd", "ill": "i'll", "youd": "you'd", "youll": "you'll", "weve": "we've"}
_BARE_CONTRACTION = re.compile(
    r"(?<![\w'])(id|ill|youd|youll|weve) (?=(?:rather|like|love|prefer|say|want|need|have|be"
    r"|go|just|really|probably|also|still|never|much|definitely|guess|think|take|pick|start"
    r"|check|ask|get|got|been|done|had|decided|already|come)\b)"
)


def expand_shorthand(normalized: str) -> str:
    """Chat shorthand spelled out ("idk" -> "i don't know", "u" -> "you"), for cue matching only.

    The result no longer maps offset-for-offset onto the original text.
    """
    expanded = _SHORTHAND_WORD.sub(lambda m: _SHORTHAND[m.group(0)], normalized)
    expanded = _BARE_CONTRACTION.sub(lambda m: _BARE_SUBJECT[m.group(1)] + " ", expanded)
    return re.sub(r"  +", " ", expanded)


_BARE_NUMBER = re.compile(r"^\s*(?:~|about |around |like )?(?P<n>\d[\d,.]*)k?\s*$", re.IGNORECASE)


def value_pattern(old: str) -> re.Pattern[str]:
    """How an old value shows inside a stored one: a bare number with whatever unit follows it
    ("8" in "8pm", "40" in "40%"), anything else as whole words, case-blind."""
    bare = _BARE_NUMBER.match(old)
    if bare is not None:
        return re.compile(rf"(?<![\w.]){re.escape(bare.group('n'))}(?!\d)")
    return re.compile(rf"(?<!\w){re.escape(old.strip())}(?!\w)", re.IGNORECASE)
