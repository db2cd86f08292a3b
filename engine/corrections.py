"""Corrections found by content: which topic a fix is about, what it removes and what it adds."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from engine.filing import Filed, condense, file_message
from engine.lexicon import value_pattern
from engine.named import base, counts, named, product_name
from engine.people import users_in
from engine.signals import find_topic
from engine.topics import as_topic
from engine.types import TopicId


@dataclass(frozen=True, slots=True)
class Fix:
    """A correction: in `topic`, drop values matching `old` (all when empty), add `new`."""

    topic: TopicId
    old: tuple[str, ...]
    new: tuple[Filed, ...]
    text: str  # the new value in the person's words ("iOS only"), for assumptions
    span: tuple[int, int]  # where in the message it was said


@dataclass(frozen=True, slots=True)
class Unclear:
    """A correction whose topic could be either of two: ask instead of guessing."""

    topics: tuple[TopicId, TopicId]
    text: str
    span: tuple[int, int]  # where in the message it was said


_P = r"[^,.;!?\n]"
_CUE = r"(?:actually|correction|sorry|oops|wait|no wait|hmm|update|ok|okay|oh|so|and|but)"
_PATTERNS = (
    # "actually not argo, we moved to spinnaker" / "not iOS, web"
    re.compile(
        rf"(?:^|[.;!?\n]\s*|\b{_CUE}\b[,:]?\s*|\bit'?s\s+)not "
        r"(?!(?:sure|really|yet|now|much|a lot|certain|quite|exactly|at all)\b)"
        rf"(?P<old>{_P}{{1,50}}?)\s*(?:[,;.:]|\s-\s|(?=it'?s\s))\s*"
        r"(?:(?P<verb>it'?s|its|it is|we(?:'ve| have)? (?:moved|switched|migrated|changed|gone) "
        r"to|we use|use|make it|go with|we'?re on|it'?ll be)\s+|(?:but|rather|instead)\s+)?(?P<new>"
        + _P
        + r"{2,80})",
        re.IGNORECASE,
    ),
    # "scratch the app, make it a website"
    re.compile(
        rf"\b(?:scratch|forget|drop|ditch|kill|lose)\s+(?:the |that |our )?(?P<old>{_P}{{1,40}}?)"
        r"\s*(?:[,;.:]|\s-\s)?\s*(?:let'?s |we'?ll |just )?(?:make it|do|go with|use|build|"
        r"we want|i want|it should be|switch to)\s+(?:an? |the )?(?P<new>" + _P + r"{2,60})",
        re.IGNORECASE,
    ),
    # "teachers are not the users, admins are"
    re.compile(
        rf"(?P<old>{_P}{{2,50}}?) (?:are|is)(?: not|n'?t) (?:the |our |really the )?"
        r"(?P<subj>users?|"
        r"customers?|audience|target|buyers?|platform|integration)s?\s*(?:[,;.:]|\s-\s)\s*"
        r"(?:it'?s |its |it is |they'?re )?(?P<new>" + _P + r"{2,60}?)(?: (?:are|is|do))?\s*$",
        re.IGNORECASE | re.MULTILINE,
    ),
    # "actually the users are nurses" / "correction: the platform should be iOS only"
    re.compile(
        r"\b(?:actually|correction|i meant|no wait|sorry|to clarify|update|wait)\b[,:]?\s*"
        rf"(?:the |our |my )?(?P<subj>[\w -]{{2,30}}?) (?:are|is|should be|will be|would be|"
        rf"need to be|needs to be) (?:actually |really |just )?(?P<new>{_P}{{2,80}})",
        re.IGNORECASE,
    ),
    # "we moved from argo to spinnaker" / "switched to X"
    re.compile(
        r"\b(?:moved|switched|migrated|changed|moving|switching|migrating|changing)\s+"
        rf"(?:over\s+)?(?:from\s+(?P<old>{_P}{{1,40}}?)\s+)?to\s+(?P<new>{_P}{{2,60}})",
        re.IGNORECASE,
    ),
    # "we're replacing manhattan with korber" / "switched off rockgympro in june, it's capitan now"
    re.compile(
        r"(?<![\w-])(?:replac(?:e|es|ed|ing)|swapp(?:ed|ing)(?: out)?|swap out)\s+"
        rf"(?P<old>{_P}{{1,40}}?)\s+(?:with|for|by)\s+(?P<new>{_P}{{2,60}})",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:switched off|moved off|got rid of|stopped using|dropped|ditched|no longer use|"
        rf"don'?t use)\s+(?P<old>{_P}{{1,40}}?)(?:\s+(?:in|last|this)\s+\w+)?\s*(?:[,;.:]|\s-\s)\s*"
        r"(?:it'?s|its|it is|we use|now|we'?re on|now we use)\s+(?P<new>" + _P + r"{2,60})",
        re.IGNORECASE,
    ),
    # "i said 8 jobsites, ... closer to 14" / "i said 3 techs earlier, its actually 4 now"
    re.compile(
        rf"\bi (?:said|told you|wrote|put)\s+(?P<old>{_P}{{1,40}}?)(?:\s+(?:earlier|before))?\s*"
        r"(?:[,;.:]|\s-\s|\bbut\b)\s*(?P<new>[^.;!?\n]{2,80})",
        re.IGNORECASE,
    ),
    # "22 presses not 18" / "elite 3e not aderant" / "3 locations actually not 2 locations"
    re.compile(
        rf"(?P<new>{_P}{{1,40}}?)\s+(?:actually\s+)?not\s+(?P<old>{_P}{{1,40}})",
        re.IGNORECASE,
    ),
    # "web, not mobile" / "X instead of Y" / "X rather than Y"
    re.compile(
        rf"(?P<new>{_P}{{2,60}}?)\s*(?:,\s*not|\binstead of|\brather than)\s+(?P<old>{_P}{{1,50}})",
        re.IGNORECASE,
    ),  # "wait no, they use it on their phones, it's a mobile app": the whole value is replaced
    re.compile(
        r"(?:^|[.;!?\n]\s*)(?:wait,? no|no,? wait|nope|no no|scratch that|correction|oh no)\b"
        r"[,:.!]?\s*(?P<new>[^\n]{2,120})",
        re.IGNORECASE,
    ),
)
_INNER_NOT = re.compile(r"\s(?:actually\s+)?not\s+\w", re.I)
_BARE_NUMBER = re.compile(r"^\s*(?:~|about |around |closer to |like )?\d[\d,.]*k?\s*$", re.I)
_NUMBER = re.compile(r"(?:~|about |around )?\d[\d,.]*k?(?:\s+[a-z][\w'-]*)?", re.I)
_STRONG = frozenset({0, 1, 3, 10})  # patterns with an explicit fix cue: unclear ones are asked
_REPLACE_ALL = 10  # "wait no, ...": replaces a whole topic, so only where one value is normal
_REPLACEABLE = frozenset({"platforms", "integrations", "target_users", "scale"})
_TRAIL = re.compile(
    r"\s+(?:last|this|next) (?:quarter|month|week|year)\b.*$|\s+(?:instead|now|too|anymore|"
    r"as well|though|then|specifically)\s*$",
    re.IGNORECASE,
)


def _topics_of(text: str, context: str) -> list[TopicId]:
    """The topics a fragment points at by content: named things, counts, people, topic words."""
    found: list[TopicId] = [n.topic for n in named(text, context)]
    if counts(text) or _BARE_NUMBER.match(text):
        found.append("scale")
    if users_in(text, asked=True):
        found.append("target_users")
    if not found:
        topic = as_topic(find_topic(text))
        if topic is not None:
            found.append(topic)
    return list(dict.fromkeys(found))


def _subject_topic(subj: str | None) -> TopicId | None:
    if not subj:
        return None
    s = subj.lower()
    if re.search(r"\b(?:users?|customers?|audience|target|buyers?|people|who)\b", s):
        return "target_users"
    return as_topic(find_topic(subj))


def _scale_fix(old_raw: str, new_raw: str, span: tuple[int, int]) -> Fix | None:
    """A changed count: "22 presses not 18", "i said 8 jobsites ... closer to 14". Of several
    numbers on the new side the last is the one set against the old ("its 4 per 100 yards not
    50": 100)."""
    old = _NUMBER.search(old_raw)
    new = next(reversed(list(_NUMBER.finditer(new_raw))), None)
    if old is None or new is None:
        return None
    value = _counted(new.group(0))
    return Fix("scale", (_counted(old.group(0)),), (Filed("scale", value),), value, span)


def _counted(phrase: str) -> str:
    """A number with its noun when it has one ("22 presses"), else the number alone."""
    words = phrase.split()
    return phrase if len(words) > 1 and words[-1].lower().endswith("s") else words[0]


Held = Mapping[TopicId, tuple[str, ...]]
"""The values a session already holds, by topic: where a correction's old value lives."""


def _held_topic(old_raw: str, held: Held) -> TopicId | None:
    """The one topic whose stored values contain the old value, if exactly one does."""
    if not old_raw.strip():
        return None
    pattern = value_pattern(old_raw)
    hits = [t for t, values in held.items() if any(pattern.search(v) for v in values)]
    return hits[0] if len(hits) == 1 else None


def _number_fix(topic: TopicId, old_raw: str, new_raw: str, span: tuple[int, int]) -> Fix | None:
    """A changed number in a free-text value ("cutoff is 7pm not 8"): the new number, with its
    unit when it has one, replaces the old one where it is stored."""
    new = _NUMBER_UNIT.search(new_raw)
    if new is None or not _DIGITS.search(old_raw):
        return None
    value = new.group(0).strip()
    return Fix(topic, (old_raw.strip(),), (Filed(topic, value),), value, span)


_DIGITS = re.compile(r"\d[\d,.]*")
_NUMBER_UNIT = re.compile(r"\d[\d,.]*(?:\s?(?:%|[a-z]+\b))?", re.IGNORECASE)


def _fix(
    match: re.Match[str], weak: bool, index: int = 0, held: Held | None = None
) -> Fix | Unclear | None:
    """The correction one pattern match says, placed by content. Where content places none,
    or reads a number as a count that no count holds ("cutoff is 7pm not 8"), the one topic
    that holds the old value places it (`held`); an unclear one is still asked."""
    fix = _content_fix(match, weak, index)
    groups = match.groupdict()
    old_raw = _TRAIL.sub("", condense(groups.get("old") or ""))
    if not held or groups.get("subj") or not old_raw or isinstance(fix, Unclear):
        return fix
    if isinstance(fix, Fix):
        counted = any(value_pattern(o).search(v) for o in fix.old for v in held.get("scale", ()))
        if fix.topic != "scale" or counted:
            return fix
    stored = _held_topic(old_raw, held)
    if stored is None:
        return fix
    new_raw = _TRAIL.sub("", condense(groups.get("new") or ""))
    if stored != "scale":
        number = _number_fix(stored, old_raw, new_raw, match.span())
        if number is not None:
            return number
    return _content_fix(match, weak, index, stored)


def _content_fix(
    match: re.Match[str], weak: bool, index: int = 0, subject: TopicId | None = None
) -> Fix | Unclear | None:
    groups = match.groupdict()
    new_raw = _TRAIL.sub("", condense(groups.get("new") or ""))
    old_raw = _TRAIL.sub("", condense(groups.get("old") or ""))
    if not new_raw:
        return None
    subject = subject or _subject_topic(groups.get("subj"))
    if _INNER_NOT.search(new_raw):
        return None  # "billing is elite 3e not aderant": the plain "X not Y" reads it better
    if _REASON.match(new_raw):  # "not meridianlink, thats the old one. we moved to temenos"
        later = _REPLACEMENT.search(match.string, match.end())
        new_raw = _WHEN.sub("", condense(later.group("new") or "")) if later else ""
        if not new_raw:
            return None
    if _same_thing(old_raw, new_raw, match.string):
        return None  # "not ipads, we tried ipads on the line": a negation with its reason
    new_topics = _topics_of(new_raw, match.string)
    old_topics = _topics_of(old_raw, match.string) if old_raw else []
    if not new_topics and groups.get("verb") and len(old_topics) == 1:
        new_topics = old_topics  # "not slack, we use google chat": what replaces the old value
    if not new_topics and subject is None:
        return None  # "not HIPAA, we treat animals": a negation with a reason, not a fix
    topic = subject or next((t for t in new_topics if not old_topics or t in old_topics), None)
    if topic is None and old_topics:
        topic = old_topics[0]
    if topic is None or (index == _REPLACE_ALL and topic not in _REPLACEABLE):
        return None
    if old_topics and new_topics and not set(old_topics) & set(new_topics) and not subject:
        return (
            None if weak else Unclear((old_topics[0], new_topics[0]), match.group(0), match.span())
        )
    if weak and not (old_topics and new_topics):
        return None
    if topic == "scale":
        return _scale_fix(old_raw, new_raw, match.span())
    old = _old_values(topic, old_raw, match.string)
    new = tuple(dict.fromkeys(f for f in _filed(new_raw, match.string) if f.topic == topic))
    if topic == "target_users" and not new:
        new = (Filed("target_users", new_raw),)
    if not new:
        new = (Filed(topic, new_raw),)
    return Fix(topic, old, new, new_raw, match.span())


_REASON = re.compile(
    r"(?:that'?s|thats|which|because|cause|cuz|since|we tried|they (?:drop|break|hate|lose))\b",
    re.IGNORECASE,
)


def _same_thing(old_raw: str, new_raw: str, context: str) -> bool:
    """True when the new side names the very thing the old side rules out."""
    if not old_raw:
        return False
    olds = {(n.topic, base(n.value)) for n in named(old_raw, context)}
    return bool(olds & {(n.topic, base(n.value)) for n in named(new_raw, context)})


def _filed(text: str, context: str) -> list[Filed]:
    named_facts = [Filed(n.topic, n.value) for n in named(text, context)]
    return named_facts + list(file_message(text).facts)


def _old_values(topic: TopicId, old_raw: str, context: str) -> tuple[str, ...]:
    if not old_raw:
        return ()
    labels = tuple(base(n.value) for n in named(old_raw, context) if n.topic == topic)
    return labels or (old_raw,)


_FIX_CUE = re.compile(
    r"\b(?:correction|actually|sorry|wait|oops|i meant|mistake|typo|wrong|more like|closer to|"
    r"update|misspoke|mis-spoke|misread|not (?:~|about )?\d|is (?:too )?(?:low|high|off|old|"
    r"outdated))\b"
    # "410 beds was last year", "14 classes was spring": an old count set in the past
    r"|(?<![\w.])\d[\d,.]*k?(?:\s+[a-z][\w'-]*){0,2}\s+(?:was|were)\b",
    re.IGNORECASE,
)
_FIGURE = re.compile(r"(?<![\w.$£€#/:-])\d[\d,.]*k?(?![\w%])", re.IGNORECASE)
# the number a message settles on when it names several: "adding 4 more so 18", "its 372 now"
_SETTLED = re.compile(
    r"(?:\b(?:so|its|it'?s|now|more like|closer to|approved for|makes?|making|total of)\s+"
    r"(?:~|about\s+|around\s+|like\s+)?)$",
    re.IGNORECASE,
)
_NOW = re.compile(r"\s+(?:[a-z][\w'-]*\s+)?now\b", re.IGNORECASE)


def _amount(figure: str) -> float | None:
    """The value of a written number: "9k" and "9,000" are both 9000."""
    digits = figure.lower().rstrip(".,").replace(",", "")
    scale = 1000.0 if digits.endswith("k") else 1.0
    try:
        return float(digits.rstrip("k")) * scale
    except ValueError:
        return None


def _settled(text: str, new: list[tuple[str, tuple[int, int]]]) -> tuple[str, tuple[int, int]]:
    """Of several new numbers, the one the message settles on, if exactly one is marked so."""
    marked = [
        (n, span)
        for n, span in new
        if _SETTLED.search(text[: span[0]]) or _NOW.match(text, span[1])
    ]
    return marked[-1] if len({n for n, _ in marked}) == 1 else ("", (0, 0))


def _changed_count(text: str, held: Held) -> Fix | None:
    """ "wait not 180. thats last year. this year we're approved for 230": a message with a fix
    cue, one number the stored counts hold and one they do not, changes that count. A number
    is the same however it is written ("9k" for a stored "9,000"); of several new numbers the
    one the message settles on counts ("14 classes was spring ... adding 4 more so 18")."""
    if not _FIX_CUE.search(text):
        return None
    stored: dict[float, str] = {}
    for value in held.get("scale", ()):
        for figure in _FIGURE.findall(value):
            amount = _amount(figure)
            if amount is not None:
                stored.setdefault(amount, figure.rstrip(".,"))
    figures = [(m.group(0).rstrip(".,"), m.span()) for m in _FIGURE.finditer(text)]
    old = list(dict.fromkeys(stored[a] for n, _ in figures if (a := _amount(n)) in stored))
    new = [(n, span) for n, span in figures if _amount(n) not in stored]
    if len(old) != 1 or not new:
        return None
    value, span = new[-1] if len({n for n, _ in new}) == 1 else _settled(text, new)
    if not value:
        return None
    return Fix("scale", (old[0],), (Filed("scale", value),), value, span)


_DROP = re.compile(
    r"\b(?:scratch|forget(?: about)?|drop|ditch|get rid of|(?:we|i|they) left|moved off|"
    r"switched off|stopped using|no longer use)\s+(?:the |that |our |my )?"
    rf"(?P<old>{_P}{{2,40}}?)(?=\s*(?:[,;.:!?\n]|$|\s(?:in|last|this|since|after|because)\b))",
    re.IGNORECASE,
)
_WEAK_DROP = re.compile(r"^(?:we|i|they) left\b", re.IGNORECASE)
_PRONOUN = re.compile(r"^(?:that|this|it|them|those|one|part|bit)$", re.IGNORECASE)
_REPLACEMENT = re.compile(
    r"\b(?:moved|switched|migrated|changed|moving|switching|went|gone|going)\s+(?:over\s+)?"
    rf"(?:us\s+)?to\s+(?P<new>{_P}{{2,60}})"
    rf"|^\W*(?:no|nope)\b[,.:]?\s+(?P<lead>{_P}{{2,40}}?)\s*[.,;!]"
    rf"|\breplaced (?:by|with)\s+(?P<by>{_P}{{2,60}})",
    re.IGNORECASE,
)
_WHEN = re.compile(
    r"\s+(?:in|since|back in|as of|last|this)\s+(?:the\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|"
    r"sep|oct|nov|dec|spring|summer|fall|autumn|winter|year|month|week|q[1-4]|\d{4})\w*\b.*$",
    re.IGNORECASE,
)


def _replacement(text: str) -> tuple[re.Match[str] | None, str]:
    """What a message moves to ("we moved to temenos", "replaced by project44"), if it says."""
    found = _REPLACEMENT.search(text)
    said = (found.group("new") or found.group("lead") or found.group("by")) if found else ""
    return found, _WHEN.sub("", condense(said or ""))


def _dropped(text: str, held: Held) -> Fix | None:
    """ "scratch loop, we moved to happy returns", "No, SkySlope. We left dotloop": a held value
    dropped by name comes out of the one topic that holds it; what the message moves to, if it
    says, replaces it."""
    for match in _DROP.finditer(text):
        old = _TRAIL.sub("", condense(match.group("old")))
        topic = None if _PRONOUN.match(old) else _held_topic(old, held)
        if topic is None:
            continue
        found, new = _replacement(text)
        new = "" if _PRONOUN.match(new) or value_pattern(old).search(new) else new
        if not new and _WEAK_DROP.match(match.group(0)):
            continue  # "we left the binder in the truck": no move, no fix
        spans = [match.span(), *([found.span()] if found and new else [])]
        span = (min(a for a, _ in spans), max(b for _, b in spans))
        values = (Filed(topic, new),) if new else ()
        return Fix(topic, (old,), values, new, span)
    return None


def find_fixes(text: str, held: Held | None = None) -> list[Fix | Unclear]:
    """Every correction in a message, by content; none for a plain "X, not Y" about nothing.
    With `held` (the session's values by topic), an old value found in exactly one topic
    decides the topic ("cutoff is 7pm not 8" where "8pm" was stored)."""
    out: list[Fix | Unclear] = []
    taken: list[tuple[int, int]] = []
    for index, pattern in enumerate(_PATTERNS):
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            fix = _fix(match, index not in _STRONG, index, held)
            if fix is not None:
                out.append(fix)
                taken.append(match.span())
    dropped = _dropped(text, held) if held and not any(isinstance(f, Fix) for f in out) else None
    out += [dropped] if dropped is not None else []
    if held and not any(isinstance(f, Fix) for f in out):
        out += _swapped(text, held)
    if held and not any(isinstance(f, Fix) and f.topic == "scale" for f in out):
        count = _changed_count(text, held)
        out += [count] if count is not None else _recounted(text, held)
    return out


# a held name said as what is left behind: "not CDK anymore", "we're off PSCU", "we left
# snowflake", "macropoint is being replaced", "markets was square"
_GONE_BEFORE = re.compile(
    r"(?:\bnot|\boff|\bleft|\bdropped|\bditched|\breplac\w+|\bfrom|\bno longer(?: use)?|"
    r"\bno more|\bstopped using|\bgot rid of|\bmoved off|\bswitched off|\bno)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_GONE_AFTER = re.compile(
    r"^\s*(?:anymore|any more|is being replaced|was replaced|is out|is gone|is the old|"
    r"was the old|(?:is|was) legacy)\b",
    re.IGNORECASE,
)
_WAS = re.compile(r"\b(?:was|used to be)\s+(?:on\s+)?$", re.IGNORECASE)
_SWAPPABLE: tuple[TopicId, ...] = ("integrations", "platforms")


def _swapped(text: str, held: Held) -> list[Fix | Unclear]:
    """ "it's not CDK anymore, we switched to Tekion", "the PMS is Mews since March, not Protel
    anymore": a held name said as left behind, and a new name, swap in the topic holding it."""
    out: list[Fix | Unclear] = []
    found = named(text)
    for topic in _SWAPPABLE:
        olds = [v for v in held.get(topic, ()) if len(v.split()) <= 3 and _left_behind(text, v)]
        if not olds:
            continue
        said = {base(v).lower() for v in held.get(topic, ())}
        new = [
            base(n.value)
            for n in found
            if n.topic in (topic, "data") and not n.negative and base(n.value).lower() not in said
        ]
        if not new:
            new = [_replacement(text)[1]]
        if new and new[0]:
            fresh = tuple(Filed(topic, v) for v in dict.fromkeys(new))
            out.append(Fix(topic, tuple(olds), fresh, new[0], (0, len(text))))
    return out


def _left_behind(text: str, value: str) -> bool:
    """Whether the message names a held value as the one left behind."""
    label = base(value)
    for match in re.finditer(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text, re.IGNORECASE):
        before, after = text[max(0, match.start() - 30) : match.start()], text[match.end() :]
        if _GONE_BEFORE.search(before) or _GONE_AFTER.match(after) or _WAS.search(before):
            return True
    return False


def _recounted(text: str, held: Held) -> list[Fix | Unclear]:
    """ "wait, 4 floors ... so more like 310 members" where "3 floors, around 260 members" is
    held: with a fix cue, a new count of a thing the session counted replaces that count."""
    if not _FIX_CUE.search(text) and not _NOW.search(text):
        return []
    stored = " ; ".join(held.get("scale", ()))
    out: list[Fix | Unclear] = []
    for phrase in counts(text):
        number = _FIGURE.search(phrase)
        noun = phrase.split()[-1].lower().rstrip(".,")
        if number is None or len(noun) < 3 or not noun.isalpha():
            continue
        figure = number.group(0)
        before = re.search(
            rf"(?<![\w.])(?P<n>\d[\d,.]*k?)(?:\s+[\w-]+){{0,2}}?\s+{re.escape(noun)}\b",
            stored,
            re.IGNORECASE,
        )
        if before is None or _amount(before.group("n")) == _amount(figure):
            continue
        new = f"{figure} {noun}"
        old = f"{before.group('n')} {noun}"
        out.append(Fix("scale", (old,), (Filed("scale", new),), new, (0, len(text))))
    return out


_RENAME = re.compile(
    r"\b(?:call it|rename|renamed|renaming|new name|name is now|calling it|instead)\b", re.I
)


def rename(text: str) -> str | None:
    """A product name given as a rename ("let's call it Booky instead")."""
    return product_name(text) if _RENAME.search(text) else None
