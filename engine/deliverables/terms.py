"""The words a conversation uses for its things ('stip', 'colorway', 'park'), counted (pure)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from engine.vocabulary import VOCAB

# a word right after one of these is used as a thing: "each lot", "# of stips", "our carriers"
_AFTER = re.compile(
    r"\b(?:each|every|per|which|the|our|their|my|your|his|her|a|an|all|any|many|of|no|new|open|"
    r"those|these|missing|outstanding|pending|whose|what)\s+"
    r"(?:(?:little|small|big|new|old|single|whole|daily|weekly|monthly|current|main|same)\s+)?"
    r"([a-z][a-z-]{2,})\b",
    re.I,
)
_WORD = re.compile(r"[a-z][a-z-]{2,}")
_NOT_THINGS = frozenset(
    {
        "whole", "little", "big", "same", "first", "next", "last", "other", "new", "old", "right",
        "wrong", "left", "entire", "only", "main", "few", "couple", "bunch", "end", "day", "week",
        "month", "year", "time", "morning", "night", "moment", "way", "point", "problem", "issue",
        "thing", "stuff", "idea", "app", "tool", "system", "screen", "page", "list", "one",
        "ones", "rest", "most", "more", "less", "state", "world", "phone", "email",
        "text", "paper", "spreadsheet", "excel", "group", "chat", "number", "kind", "sort",
        "type", "part", "side", "top", "bottom", "front", "back", "whats", "thats", "current",
        "usual", "real", "good", "bad", "hard", "easy", "full", "half", "such", "able", "sure",
        "weekend", "today", "tomorrow", "hour", "minute", "needs", "need", "would", "could",
        "should", "will", "can", "must", "have", "has", "get", "got", "make", "made", "see",
        "look", "use", "used", "want", "like", "just", "also", "still", "even", "really", "very",
        "much", "many", "some", "any", "all", "each", "every", "our", "their", "your", "this",
        "that", "these", "those", "them", "something", "anything", "everything", "nothing",
        "someone", "everyone", "nobody", "own", "about", "people", "person", "guys", "folks",
        "team", "staff",
        "company", "business",
    }
)  # fmt: skip


def singular(word: str) -> str:
    """A simple English singular ('entries' -> 'entry', 'boxes' -> 'box', 'pets' -> 'pet';
    'species' and 'diagnosis' stay)."""
    if word in ("species", "series") or (word.endswith("is") and len(word) > 4):
        return word  # "mastitis", "diagnosis", "analysis" are singular already
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if re.search(r"(sses|xes|zes|ches|shes)$", word):
        return word[:-2]
    if re.search(r"[^su]s$", word) and len(word) > 3:  # not "glass", "status", "bus"
        return word[:-1]
    return word


# screen, device and channel words name where things are shown, not the things
_PLACES = re.compile(
    r"^(?:view|page|screen|queue|list|map|dashboard|calendar|board|inbox|feed|form|report|grid|"
    r"pipeline|sheet|record|tab|menu|button|status|updated|ipad|iphone|tablet|phone|laptop|bot|"
    r"app|desk|web|website|portal|sms|whatsapp|slack|email)$"
)


# generic words that are things when used as one: "each lot" ("a lot of" is an amount: _AMOUNT)
_COUNTED = frozenset({"lot"})


def is_place(word: str) -> bool:
    """Whether a word names where things are shown (a screen, device or channel word)."""
    return _PLACES.match(word) is not None


def usable(word: str) -> bool:
    """Whether a word can name a thing of the product (no stopword, filler or screen word)."""
    stop = (VOCAB.word_sets["stopwords"] | VOCAB.generic_nouns) - _COUNTED
    return not (
        word in _NOT_THINGS or word in stop or word.endswith(("ly", "ing")) or _PLACES.match(word)
    )


def _modifier(text: str, end: int) -> bool:
    """Whether the word ending at `end` qualifies the next one ('the music school')."""
    nxt = re.match(r" ([a-z][a-z-]{2,})\b", text[end:])
    stop = VOCAB.word_sets["stopwords"]
    return nxt is not None and nxt.group(1) not in stop and usable(singular(nxt.group(1)))


# verbs that end a listed step ("then review") or follow a thing ("a colorway comes out")
VERBS = frozenset(
    """
    ask read write hate love want see get pick add send check mark pay sign upload scan approve
    assign swap request text call post review open close confirm save treat compare reduce renew
    fix forget remember tap click enter show find keep go come take make put give tell know think
    try start stop move handle track manage run work help print update edit delete view search
    filter sort cancel
    """.split()  # noqa: SIM905
)


# "inspections are our nightmare": what something is called, not a thing of the product
_PREDICATE = re.compile(
    r"\b(?:is|are|was|were|be|been|its|it's)\s+(?:\w+\s+)?(?:our|my|a|an|the)\s+$"
)


# "a lot of", "lots of": an amount, not a (dye, parking) lot
_AMOUNT = re.compile(r"(?:an?\s+lots?\b|\w+\s+lots?\s+of\b)")


_THEN_OBJECT = re.compile(r" (?:a|an|the|their|our|my|his|her|it|them|each|every|all)\b")


def _head(text: str, start: int, end: int) -> str:
    """The head of a compound starting at a word: 'dye lots' -> 'lots', 'tire pressure
    readings' -> 'readings' (a plural or a known object within two words; not a verb: 'each
    student books a lesson'); '' when the word only qualifies something else."""
    at = end
    for _ in range(2):
        nxt = re.match(r" ([a-z][a-z-]{2,})\b", text[at:])
        if nxt is None or not _modifier(text, at):
            break
        word, after = nxt.group(1), at + nxt.end(1)
        does = word[:-1] in VERBS or word[:-2] in VERBS  # "a colorway comes out"
        plural = (re.search(r"[^s]s$", word) is not None and not does) or word in VOCAB.objects
        if plural and not _THEN_OBJECT.match(text[after:]):
            return text[at + nxt.start(1) : after]
        at = after
    return text[start:end] if at == end else ""


def things(text: str) -> Counter[str]:
    """Each word used as a thing at least once (a compound by its head), by how often it occurs
    in any form."""
    return Counter(dict(_things(text)))


@lru_cache(maxsize=512)  # the same statements are read for every noun of a spec
def _things(text: str) -> tuple[tuple[str, int], ...]:
    """The reading behind `things`, kept immutable so it can be cached."""
    low = text.lower()
    used = {
        singular(_head(low, m.start(1), m.end(1)))
        for m in _AFTER.finditer(low)
        if not _PREDICATE.search(low[: m.start(1)]) and not _AMOUNT.match(low[m.start(0) :])
    }
    counts = Counter(singular(w) for w in _WORD.findall(low))
    return tuple((w, counts[w]) for w in used if w and usable(w))


def companions(text: str, noun: str, plural: str, limit: int = 2) -> tuple[str, ...]:
    """The things said in the same sentences as `noun`, most used first: a loan's 'stip'."""
    known = things(text)
    pattern = re.compile(rf"\b(?:{re.escape(noun)}|{re.escape(plural)})\b", re.I)
    near: Counter[str] = Counter()
    for sentence in re.split(r"[.;!?\n]+", text):
        if pattern.search(sentence):
            for word in {singular(w) for w in _WORD.findall(sentence.lower())}:
                wanted = known[word] >= 2 or word in VOCAB.people or word in VOCAB.objects
                if word in known and word not in (noun, singular(plural)) and wanted:
                    near[word] += known[word]
    return tuple(w for w, _ in near.most_common(limit))


def is_person(word: str) -> bool:
    """Whether a word names people ('resident', 'referees')."""
    return word.lower() in VOCAB.people or f"{word.lower()}s" in VOCAB.people
