"""Named things in one statement: platforms, services, regimes (with negation), counts, objects."""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.types import TopicId
from engine.vocabulary import VOCAB, Table, compact


@dataclass(frozen=True, slots=True)
class Named:
    """A named value found in a statement: "Web" for platforms, "PagerDuty" for integrations."""

    topic: TopicId
    value: str
    negative: bool
    start: int


_CLAUSE_BREAK = re.compile(r"[,;:]|\bbut\b|\bjust\b|\bonly\b|\bbecause\b|\binstead\b")
_NEG_WINDOW = 6


_AFTER_NO = re.compile(
    r"\s*,?\s*(?:no|nope|not needed|not yet|not required|not for now|not in v1|isn'?t needed|"
    r"not necessary)\s*(?:[,.;!]|$)"
)


def negated(lowered: str, start: int, end: int | None = None) -> bool:
    """True when a negator ("no", "not", "nobody", "without") rules out the word at `start`, or
    a bare "no" / "not needed" right after it does ("SOC 2 no, we're tiny")."""
    if end is not None and _AFTER_NO.match(lowered, end):
        return True
    head = lowered[:start]
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(head)), default=0)
    window = head[cut:].split()[-_NEG_WINDOW:]
    return bool(VOCAB.negators.search(" ".join(window)))


def _scan(table: Table, topic: TopicId, text: str, lowered: str) -> list[Named]:
    pattern, labels = table
    found: dict[str, Named] = {}
    for match in pattern.finditer(text):
        label = labels[int((match.lastgroup or "g0")[1:])]
        if label in found:
            continue
        value = label if topic != "platforms" else worded(label, match.group(0))
        no = negated(lowered, match.start(), match.end())
        found[label] = Named(topic, value, no, match.start())
    return list(found.values())


def worded(label: str, said: str) -> str:
    """A platform label with the person's own words when they differ: "Mobile (phone)"."""
    said = " ".join(said.lower().split())
    return label if said == label.lower() else f"{label} ({said})"


def base(value: str) -> str:
    """The label of a worded value: "Mobile (phone)" -> "Mobile"."""
    return value.split(" (", 1)[0]


def _services(text: str, lowered: str, context: str) -> list[Named]:
    found: dict[str, Named] = {}
    for match in VOCAB.services.finditer(text):
        label = VOCAB.service_names.get(compact(match.group(0)))
        if label is None or label in found:
            continue
        if label in VOCAB.ambiguous_services and not _service_context(context, match):
            continue
        topic: TopicId = "data" if label in VOCAB.data_services else "integrations"
        no = negated(lowered, match.start(), match.end())
        found[label] = Named(topic, label, no, match.start())
    return list(found.values())


def _service_context(text: str, match: re.Match[str]) -> bool:
    if match.group(0)[:1].isupper() and match.group(0)[1:2].islower() and match.start() > 0:
        return True  # written as a name mid-sentence: "we use Square"
    return VOCAB.service_context.search(text) is not None


_ROLE = (
    r"(?:los|ci|cd|ci/cd|pms|tms|crm|erp|ehr|emr|pos|wms|lms|ats|hris|cms|dms|lis|idp|payroll|"
    r"accounting|bookkeeping|billing|ticketing|help ?desk|scheduling|dispatch|registration|"
    r"core banking|banking core|core|practice management|inventory|email|calendar|hosting|"
    r"database|db|data warehouse|payment processor|processor|phone system|loan system|"
    r"booking system)"
)
_SYSTEM = re.compile(
    r"(?:\b" + _ROLE + r"(?: system| software| tool| platform| provider| vendor)?\s+"
    r"(?:is|=|:|runs on|is on|lives in|is in)\s+|(?<![\w-])(?:we use|we'?re on|we are on|"
    r"we run|runs on|moved to|switched to|migrated to|talks? to|integrates? with|"
    r"syncs? with|pulls? from|push(?:es)? to|connects? to|hooks? into)\s+)"
    r"(?P<n>[A-Za-z][\w.&-]*[A-Za-z0-9])(?P<after>\s+for\b|\s*(?:[,.;:!?)]|$|\s+(?:now|and|"
    r"already|too|in)\b))",
    re.IGNORECASE,
)
_NOT_SYSTEMS = VOCAB.word_sets["not_systems"] | VOCAB.word_sets["stopwords"]


# "docs go to NetDocuments", "tie into Planon", "nudge email thru ConvertKit": looser verbs
# name a system only with a capital (a lower-case word there is too often a plain noun)
_LOOSE_SYSTEM = re.compile(
    r"(?<![\w-])(?:go(?:es)? (?:in)?to|sent to|send (?:it |them )?to|ties? (?:in)?to|"
    r"tied (?:in)?to|thru|through|via|get (?:it |them )?from|lives? in|sits? in|stored in|"
    r"kept in|exports? to|imports? from|(?:is |are )?built on|plugs? into|feeds? into)\s+"
    r"(?P<n>[A-Z][\w.&-]*[A-Za-z0-9])(?P<after>\s+for\b|\s*(?:[,.;:!?)]|$|\s+(?:now|and|"
    r"already|too|anyway|once|in)\b))"
)


def _systems(text: str, lowered: str, known: set[str]) -> list[Named]:
    """Systems named by their role or by an integration verb that no table knows ("payroll
    is paychex", "LOS is MeridianLink", "we use sportsengine for registration")."""
    found: list[Named] = []
    for match in [*_SYSTEM.finditer(text), *_LOOSE_SYSTEM.finditer(text)]:
        name = match.group("n").rstrip(".")
        low = name.lower()
        if low in _NOT_SYSTEMS or low in known or low in VOCAB.objects or _plain(name, match):
            continue
        if VOCAB.people_suffix.search(low) or low in VOCAB.people:
            continue
        no = negated(lowered, match.start("n"), match.end("n"))
        found.append(Named("integrations", name, no, match.start("n")))
    return found


def _plain(name: str, match: re.Match[str]) -> bool:
    """A lower-case word after a verb ("we use paper"), not clearly a name: only a role word
    ("payroll is ...") or "for" ("we use X for Y") or a capital makes it one."""
    by_role = not match.group(0).lower().startswith(_VERBS)
    return name.islower() and not by_role and "for" not in match.group("after").lower()


_VERBS = (
    "we ",
    "runs",
    "moved",
    "switched",
    "migrated",
    "talk",
    "integrat",
    "sync",
    "pull",
    "push",
    "connect",
    "hook",
)


_HEDGED = re.compile(
    r"^(?!(?:what|how|why|is|are|do|does|did|can|could|should|would|will|which|who|where|when|"
    r"isn'?t|aren'?t|don'?t|doesn'?t)\b)[^?]{0,50}\b(?:i think|i guess|i believe|i assume|"
    r"probably|prob|maybe|too|also|as well|right|i'?d say)\W*\?+\s*$",
    re.IGNORECASE,
)
_HEDGED_WORDS = 6


def hedged(sentence: str) -> bool:
    """ "ferpa i think?", "coppa too?", "SOC2 maybe?": a short question that only names a
    value answers with it (a question word first makes it a real question)."""
    text = sentence.strip()
    return (
        len(text.split()) <= _HEDGED_WORDS
        and bool(_HEDGED.match(text))
        and any(not n.negative for n in named(text))
    )


def named(text: str, context: str | None = None) -> list[Named]:
    """Platforms, integrations and compliance regimes a statement names, in order; `context`
    (the whole message) decides whether an ambiguous name ("square") is a service."""
    lowered = text.lower()
    platforms = _scan(VOCAB.platforms, "platforms", text, lowered)
    services = _services(text, lowered, context or text)
    regimes = _scan(VOCAB.regimes, "security_compliance", text, lowered)
    spans = {(s.start, s.value.lower()) for s in services}
    # "slack" is a platform when the product lives in it, not also an integration
    platforms = [p for p in platforms if (p.start, p.value.lower()) not in spans]
    known = {compact(n.value) for n in [*platforms, *services, *regimes]}
    known |= {compact(base(n.value)) for n in platforms}
    systems = [
        s for s in _systems(text, lowered, known) if compact(s.value) not in VOCAB.service_names
    ]
    rules = [r for r in _rules(text, lowered) if compact(r.value.split()[0]) not in known]
    return sorted([*platforms, *services, *regimes, *systems, *rules], key=lambda n: n.start)


# Regimes no table knows, by how people name a rule: "the Privacy Act", "PIPA applies",
# "bound by the NCCP", "Law Society rules", and where data must stay ("stays in Canada")
_RULE = re.compile(
    r"(?P<a>\b(?:the )?[A-Z][\w.'-]*\s+(?:(?:of |for )?[A-Z][\w.'-]*\s+){0,3}"
    r"(?:Act|Rules?|Regulations?|Code|Directive|rules)\b)"
    r"|(?P<b>\b(?:the )?[a-z]+(?: [a-z]+)? (?:act|regulations?)\b)(?= (?:applies|apply|says|"
    r"requires|covers)|,| and\b|\.|$)"
    r"|\b(?:bound by|regulated by|comply with|compliant with|covered by|under) (?:the )?"
    r"(?P<c>[A-Z][A-Z0-9-]{1,9})\b"
    r"|(?P<d>\b[A-Z][A-Z0-9-]{2,9})(?= (?:act )?(?:applies|apply|rules apply|compliance|"
    r"compliant|requires)\b)"
)
_RESIDENCY = re.compile(
    r"\b(?:data|it|everything|servers?|hosting|records|files)\b[^.;!?]{0,30}?\b(?:has to |have to |"
    r"must |needs? to |should )?(?:stays?|kept|be kept|hosted|be hosted|lives?|sits?|reside|"
    r"be stored|stored)\s+in\s+(?:the\s+)?(?P<n>eu|europe|uk|canada|australia|india|the us|us|"
    r"usa|germany|france|ireland|new zealand|nz|singapore|brazil|country|region)\b",
    re.IGNORECASE,
)
_CANT = re.compile(r"\b(?:can'?t|cannot|can not|mustn'?t|must not|never|not|shouldn'?t)\b", re.I)
_NOT_RULES = frozenset({"the act", "act", "an act", "the rules", "rules", "code", "the code"})


def _rules(text: str, lowered: str) -> list[Named]:
    """Named rules and data-residency requirements no regime table lists."""
    found = []
    for match in _RULE.finditer(text):
        group = next(g for g in "abcd" if match.group(g))
        name = " ".join(match.group(group).split())
        name = name[4:] if name.lower().startswith("the ") else name
        if name.lower() in _NOT_RULES or name.lower() in _NOT_SYSTEMS:
            continue
        no = negated(lowered, match.start(group), match.end(group))
        found.append(Named("security_compliance", name, no, match.start(group)))
    for match in _RESIDENCY.finditer(text):
        place = match.group("n")
        where = place.upper() if len(place) <= 3 else place.title()
        no = bool(_CANT.search(match.group(0)))  # "it can't sit in the US": ruled out
        found.append(Named("security_compliance", f"Data residency: {where}", no, match.start()))
    return found


_NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
    "fifty|a dozen|a few|a couple(?: of)?|a handful of|dozens of|hundreds of|thousands of|"
    "a hundred|a thousand|a few hundred|a few thousand|several"
)
_COUNT = re.compile(
    r"(?<![\w.$£€#/:-])(?P<x>(?:~|about |around |roughly |over |under |up to |maybe |like |"
    r"almost |nearly |close to |closer to )?(?:\d(?:[\d,.]*\d)?\s*(?:k|m|mm|\+)?|"
    + _NUMBER_WORDS
    + r")"
    r"(?![\w.%:]|\s*(?:%|percent|am|pm)\b)"
    r"(?:[ -]+(?!(?:and|or|to|of|at|on|the|a|for|is|are|was|but|so|if|then|not|no|now|i|we|"
    r"it|in|with|per)\b)[a-z][\w'/]*){0,3})",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_YEAR_BEFORE = re.compile(r"\b(?:in|since|from|until|till|by|before|after|of|back in)\s+$", re.I)
_AT_TIME = re.compile(r"\b(?:at|by|until|till|before|after|around)\s+$", re.I)
_NOT_COUNT = re.compile(r"\b(?:press|option|step|v|version|level|type|tier|phase|top)\s*$", re.I)


def counts(text: str) -> list[str]:
    """Number-of-things phrases ("2 taco trucks", "~60 engineers"), not durations or money."""
    out = []
    for match in _COUNT.finditer(text):
        if _NOT_COUNT.search(text[: match.start()]):
            continue
        words = match.group("x").split()
        kept: list[str] = []
        for word in words:
            if word.lower().strip(",.") in VOCAB.time_units:
                break
            kept.append(word)
        has_number = any(ch.isdigit() for ch in " ".join(kept))
        if kept and (len(kept) >= 2 or has_number) and (len(kept) >= 2 or len(words) == 1):
            if kept[-1].lower() in VOCAB.time_units or (len(kept) == 1 and len(words) > 1):
                continue
            if (
                len(kept) == 1
                and _YEAR.match(kept[0])
                and _YEAR_BEFORE.search(text[: match.start()])
            ):
                continue  # "since 1998", "i left etsy in 2022": a year, not a count
            if len(kept) == 1 and _AT_TIME.search(text[: match.start()]):
                continue  # "i've got court at 2": a time, not a count
            out.append(" ".join(kept))
    return out


def singular(word: str) -> str:
    """A plural noun's singular form (light rules: enough for objects people handle)."""
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


_DETERMINER = VOCAB.word_sets["determiners"]
_TOKEN = re.compile(r"[a-z][a-z'-]*")


def objects(text: str) -> list[str]:
    """Nouns people handle in a statement, singular and lower case, in order."""
    tokens = _TOKEN.findall(text.lower())
    found: list[str] = []
    for i, token in enumerate(tokens):
        pair = f"{tokens[i - 1]} {singular(token)}" if i else ""
        noun = pair if pair in VOCAB.objects else singular(token)
        if noun not in VOCAB.objects or noun in VOCAB.generic_nouns:
            continue
        plural = token != singular(token)
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if plural and (after in _DETERMINER or singular(after) in VOCAB.objects):
            continue  # "the vet books appointments": a verb before its object
        if plural or (i and tokens[i - 1] in _DETERMINER) or noun == pair:
            found.append(noun)
    return list(dict.fromkeys(found))


_NAME_WORD = r"[A-Z][\w'-]*(?:\s[A-Z][\w'-]*)?"
_PRODUCT_NAME = (
    re.compile(
        r"\b(?:we'?re|we are|i'?m|i am|we'?ve been|i'?ve been) (?:building|making|creating|"
        r"launching|working on|calling it) (?P<n>" + _NAME_WORD + r")"
    ),
    re.compile(
        r"(?i:\b(?:it'?s called|it is called|call it|calling it|named it|name it|rename(?:d)? it"
        r"(?: to)?|renam\w+ to|the name is(?: now)?|new name(?: is)?:?|product name(?: is)?:?|"
        r"going with the name|codename(?:d)?|code name))\s+[\"'“]?(?P<n>[\w][\w'-]*"
        r"(?:\s[A-Z][\w'-]*)?)"
    ),
    re.compile(r"\b(?i:let'?s do|lets do|go with|going with|let'?s go with)\s+(?P<n>[A-Z][\w'-]*)"),
    re.compile(
        r"(?i:changing the name|change the name|rename|new name)[^\n]*"
        r"(?P<n>[A-Z][a-z]+[A-Z]\w*)"
    ),
)
_NOT_NAMES = VOCAB.word_sets["not_names"]


def product_name(text: str) -> str | None:
    """The product's name when the message gives one ("we're building Shelfie"); the last
    one said wins ("call it VaxPing. no wait, go with ShotClock")."""
    found: list[tuple[int, str]] = []
    for pattern in _PRODUCT_NAME:
        for match in pattern.finditer(text):
            name = _name(match.group("n"))
            if name:
                found.append((match.start("n"), name))
    return max(found)[1] if found else None


def _name(raw: str) -> str | None:
    name = raw.strip(" \"'”.,!")
    words = name.split()
    if not words or words[0].lower() in _NOT_NAMES or len(name) > 40:
        return None
    if len(words) > 1 and words[1].lower() in _NOT_NAMES:
        name = words[0]
    return name[:1].upper() + name[1:]
