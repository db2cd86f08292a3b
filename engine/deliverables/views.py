"""Views people described in their own messages, named in their words (pure).

People describe a screen by what someone sees or does there: "a page where i see who's late",
"students would see where their piece is", "a roster per class", "they check themselves in on
an ipad", "couples fill out a questionnaire". Each phrasing class below turns such a sentence
into a short name; sentences about today ("right now it's a google sheet") or ruled out ("no
customer portal") name nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

from engine.deliverables.terms import VERBS, is_person, singular
from engine.deliverables.wording import clip, looks_like_chat, sentence_case
from engine.session import Session
from engine.vocabulary import VOCAB

# nouns that name a view when a determiner says they are a thing ("a roster", "the bed map")
_HEADS = (
    "list|map|roster|report|log|logbook|board|queue|calendar|schedule|dashboard|diagram|"
    "checklist|tracker|form|questionnaire|survey|timeline|feed|inbox|portal|pipeline|overview|"
    "summary|view|page|screen|display|gallery|catalog|catalogue|status|history|review|agenda|"
    "planner|leaderboard|scoreboard|sheet"
)
# heads too generic to be a name alone ("the list", "a form"): they need a modifier
_GENERIC = frozenset(
    """list map board form view page screen display status history review summary sheet report
    log overview schedule calendar queue""".split()  # noqa: SIM905
)
_DETERMINED = re.compile(
    r"\b(?P<det>a|an|the|one|my|our|their|his|her|your|(?P<owner>(?-i:[A-Z][a-z]+))'s)\s+"
    rf"(?P<mods>(?:[\w'-]+\s+){{0,3}}?)(?P<head>{_HEADS})\b(?=(?P<tail>[^.;!?\n]*))",
    re.I,
)
# what may follow a view's name: the phrase ends there ("a board meeting" is a meeting)
_FOLLOWERS = frozenset(
    """of per on for by with that which where and or so to in at from would could should can
    will is are was be has have had gets goes pdf csv export thing too first later maybe v1 v2
    i we you they he she it but also then like before after when if every each""".split()  # noqa: SIM905
)
# modifiers that make it a thing of today or of paper, or not a modifier at all
_BAD_MODS = frozenset(
    """a an the is are was were be to of in on at for with and or not no very really just need
    needs want wants get gets see sees has have paper excel
    spreadsheet whiteboard notebook word google shared giant whole big little same other another
    this that these those any some every each all own new old current""".split()  # noqa: SIM905
)
# sentences about how things are done today
_TODAY = re.compile(
    r"\b(?:right now|today|currently|at the moment|these days|used to|we use|they use|"
    r"(?:right\s+)?now\s+(?:it'?s|its|we|they|i|she|he))\b",
    re.I,
)
_NEGATION = re.compile(
    r"\b(?:no|not|never|don'?t|dont|doesn'?t|without|won'?t|wont|scratch|instead of|nobody)\b",
    re.I,
)
_MODAL = (
    r"(?:would|could|can|should|will|need to|needs to|want to|wanna|able to|has to|have to|"
    r"like to|'d like to|gotta|got to)"
)
_WH = r"(?:where|how much|how many|how close|how far|who'?s|whos|who is|who are|which)\b"
# "students would ... see where their piece is", "need to see how much cod quota is left"
_SEES = re.compile(
    rf"\b{_MODAL}\s+(?:[\w']+\s+){{0,8}}?(?:see|check|view|know|find out|look up|sees)\s+"
    rf"(?:only\s+)?(?P<what>{_WH}[^.;!?,:]*)",
    re.I,
)
# "a screen that shows whos checked in", "a page where i see who's late", "a screen in the
# office with all 38 doors", "a kiosk where families check in"
_SHOWS = re.compile(
    r"\b(?:screen|page|view|display|dashboard|kiosk|board|tv|monitor)\b(?:\s+(?:in|on|at)\s+"
    r"(?:the|each|every)\s+[\w-]+)?\s+(?:(?:that|which)\s+(?:shows?|lists?|has)\s+|with\s+|"
    r"(?:for\s+[\w']+\s+)?(?:showing|listing|to\s+see)\s+|"
    r"where\s+(?:[\w']+\s+){1,2}?(?:can\s+)?(?P<see>see|check|find|view)\s+|"
    r"where\s+(?P<who>[\w']+\s+)(?P<act>(?!can\b|see\b)[a-z]+\s+[^.;!?,]*))"
    r"(?P<what>[^.;!?:]*)",
    re.I,
)
# "main screen: every customer in onboarding, what stage, …"
_LABELLED = re.compile(
    r"\b(?:main|home|first|start|landing|one)\s+(?:screen|page|view)\s*(?::|is|would be|shows?)"
    r"\s+(?P<what>[^.;!?]+)",
    re.I,
)
# "id like people to check themselves in on an ipad", "they can request a roommate, fine, on
# a form", "teachers would take attendance on the computer"
_ON_DEVICE = re.compile(
    rf"\b(?:{_MODAL}|to)\s+(?P<verb>[a-z]+)(?P<rest>(?:\s+[\w']+){{0,3}}?)(?:\s*,[^,.]{{0,14}},)?"
    r"\s+(?:on|at)\s+(?:a|an|the|their|his|her|our|a shared)\s+(?:[\w-]+\s+)?"
    r"(?P<dev>ipad|tablet|phone|kiosk|computer|laptop|form|screen|website|portal)\b",
    re.I,
)
# "they see their items, sold or not": what one person sees of their own
_OWN = re.compile(
    rf"\b(?:{_MODAL}\s+(?:[\w']+\s+){{0,6}}?)?(?:see|sees|check|view)\s+(?:only\s+)?"
    r"(?:their|his|her)\s+(?:own\s+)?(?P<x>[\w-]+(?:\s+[\w-]+)?)",
    re.I,
)
# "when you tap a ticket it should open the details": the thing's details
_DETAILS = re.compile(
    r"\b(?:tap|taps|click|clicks|open|opens|select|selects)\s+(?:a|an|the|one)\s+(?P<x>[a-z]+)\b"
    r"[^.;!?]{0,40}?\b(?:opens?|shows?|see|brings up)\s+(?:the\s+|its\s+|their\s+)?"
    r"(?P<h>details|profile|history)\b",
    re.I,
)
# "produce the disbursement authorization for the title company": a document it makes
_MAKES = re.compile(
    r"\b(?:produce|produces|generate|generates|print|prints|export|exports)\s+(?:a|an|the)\s+"
    r"(?P<x>(?:[\w-]+\s+){0,2}?(?:authorization|report|invoice|statement|summary|letter|"
    r"certificate|receipt|label|sheet|manifest|packet))\b",
    re.I,
)
# "couples fill out a questionnaire 2 weeks before"
_FILLS = re.compile(
    r"\b(?:fill(?:s|ing)?\s+(?:out|in)|complete|completes|submit|submits)\s+(?:a|an|the|their|"
    r"this|our)\s+(?P<what>(?:[\w-]+\s+){0,2}?(?:form|questionnaire|survey|application|"
    r"checklist|intake|waiver))\b",
    re.I,
)
_RETRACTS = re.compile(
    r"^\W*(?:(?:wait|oh|ok|no|hm+|sorry)\W+)*(?:actually\s+)?(?:scratch that|never ?mind|"
    r"forget (?:that|it)|ignore that|strike that)\b",
    re.I,
)
_REFLEXIVE = re.compile(r"\b(?:themselves|himself|herself|myself|ourselves|yourself)\s+", re.I)
_DEVICE_WORDS = frozenset("app ipad tablet phone kiosk computer laptop website".split())  # noqa: SIM905


def _clauses(text: str) -> list[str]:
    """A message split into sentences; a sentence about today or ruled out is dropped."""
    out = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n+|;\s*", text):
        if sentence.strip() and not _TODAY.search(sentence):
            out.append(" ".join(sentence.split()))
    return out


def _negated(sentence: str, start: int) -> bool:
    """Whether the clause holding position `start` rules it out ('no customer facing portal')."""
    clause = re.split(r"[,:]\s*|\s+but\s+", sentence[:start])[-1]
    return bool(_NEGATION.search(clause))


def _wh_name(clause: str) -> str:
    """A wh-clause as a name: 'where their piece is' -> 'Piece status', 'how much cod quota is
    left' -> 'Cod quota left', "who's close to 12 hours" -> 'Close to 12 hours'."""
    flat = re.sub(r"\b(?:and|or)\s+(?:who'?s|whos|who is|who are)\s+", "and ", clause.strip())
    flat = re.split(r"\s+(?:every|each|so|because|before|after|until|when|if|in order)\b", flat)[0]
    owner = r"(?:(?:their|the|my|his|her|our|your|a)\s+)?"
    where = re.match(rf"where\s+{owner}(?P<x>[\w\s-]+?)\s+(?:is|are)\b", flat, re.I)
    if where is not None:
        return f"{sentence_case(singular_phrase(where.group('x')))} status"
    much = re.match(r"how\s+(?:much|many)\s+(?P<x>[\w\s-]+?)\s+(?:is|are)?\s*(?P<y>left|remaining)",
                    flat, re.I)  # fmt: skip
    if much is not None:
        return sentence_case(f"{much.group('x')} {much.group('y')}")
    close = re.match(
        r"how\s+(?P<adj>close|far)\s+(?:[\w']+\s+){0,2}?(?:is|are)\s+(?P<y>.+)", flat, re.I
    )
    if close is not None:
        return sentence_case(f"{close.group('adj')} {close.group('y')}")
    which = re.match(
        r"which\s+(?P<x>[\w-]+(?:\s+[\w-]+)?)\s+(?:is|are)\s+(?P<y>.+)", flat, re.I
    ) or re.match(r"which\s+(?P<x>[\w-]+)\s+(?P<y>.+)", flat, re.I)
    if which is not None:
        return sentence_case(f"{which.group('x')} {which.group('y')}")
    who = re.match(r"(?:who'?s|whos|who is|who are)\s+(?P<y>.+)", flat, re.I)
    if who is not None:
        pred = who.group("y").strip()
        return sentence_case(pred if len(pred.split()) > 1 else f"{pred} list")
    return ""


def singular_phrase(phrase: str) -> str:
    """A noun phrase with its last word singular ('pieces' -> 'piece')."""
    *lead, last = phrase.split()
    return " ".join([*lead, singular(last)])


def _shown_name(what: str) -> str:
    """The name of what a screen shows: 'all 38 doors, color coded' -> 'All 38 doors'."""
    first = re.split(
        r",|\s+(?:so|because|in order|sorted|color|and (?:which|who|what|how))\b", what.strip()
    )[0].strip()
    if re.match(_WH, first, re.I):
        return _wh_name(first)
    first = re.sub(r"^(?:the|a|an|their|our)\s+", "", first, flags=re.I)
    words = first.split()
    return sentence_case(" ".join(words)) if 1 <= len(words) <= 6 else ""


def _determined(sentence: str, match: re.Match[str], compounds: dict[str, str]) -> str:
    """The name of 'a roster per class', 'a pour report pdf', 'the bed map thing', 'the list'."""
    head = match.group("head").lower()
    mods = match.group("mods").split()
    tail = match.group("tail")
    nxt = re.match(r"\s*([\w']+)", tail)
    if (
        nxt is not None
        and not re.match(r"\s*[,:(]", tail)
        and nxt.group(1).lower() not in _FOLLOWERS
    ):
        return ""  # "a board meeting", "a shot list app": the phrase goes on to another noun
    if any(m.lower() in _BAD_MODS or m.isdigit() for m in mods):
        return ""
    before = sentence[: match.start()]
    if re.search(r"\b(?:per|under|by|according to|from|into|off|upload|attach)\s+$", before, re.I):
        return ""  # "per the state schedule", "upload the signature sheet": not a view of ours
    owner = match.group("owner")
    if head == "list" and not mods:
        wh = re.match(rf"\s+of\s+(?P<c>{_WH}[^,.;!?]*)", tail, re.I)
        if wh is not None:
            return _wh_name(wh.group("c"))
    preps = "of|per|for|on" if head == "status" else "of|per|for"  # "a status on their request"
    of = re.match(
        rf"\s+(?:{preps})\s+(?:their\s+|the\s+|each\s+|every\s+)?(?P<n>[a-z]+)"
        r"(?=\s*(?:$|[,.;:!?]|\s(?:by|and|so|for|on|in|at|that|with)\b))",
        tail,
        re.I,
    )
    if not mods and of is not None and of.group("n").lower() not in _FOLLOWERS | _DEVICE_WORDS:
        return sentence_case(f"{singular(of.group('n').lower())} {head}")
    if owner is not None and owner.lower() not in _FOLLOWERS:
        return f"{owner}'s {' '.join([*mods, head])}"
    if not mods and head in _GENERIC:  # "the list" is the one named before: "a shot list app"
        return compounds.get(head, "") if match.group("det").lower() == "the" else ""
    return sentence_case(" ".join([*mods, head]))


def _acted(match: re.Match[str]) -> str:
    """The name of what someone does on a device: 'check themselves in' -> 'Check in'."""
    verb = match.group("verb").lower()
    if verb not in VERBS and verb not in {"take", "book", "log", "fill", "claim", "enter"}:
        return ""
    rest = _REFLEXIVE.sub("", match.group("rest")).split()
    if any(w.lower() in _DEVICE_WORDS for w in rest) or verb in {"see", "open", "use", "go"}:
        return ""  # "open an app on their phone" names no view
    return sentence_case(" ".join([verb, *rest]))


def _compounds(text: str) -> dict[str, str]:
    """Generic heads people qualified somewhere ('a shot list app' -> list: 'Shot list')."""
    out: dict[str, str] = {}
    for match in re.finditer(rf"\b([a-z]{{3,}})\s+({_HEADS})\b", text, re.I):
        mod, head = match.group(1).lower(), match.group(2).lower()
        if mod not in _BAD_MODS and mod not in _FOLLOWERS and mod not in VERBS:
            out.setdefault(head, sentence_case(f"{mod} {head}"))
    return out


def _named_in(sentence: str, compounds: dict[str, str]) -> list[tuple[int, str, str]]:
    """(position, name, purpose) of every view one sentence describes."""
    found: list[tuple[int, str, str]] = []
    for match in _LABELLED.finditer(sentence):
        found.append((match.start(), _shown_name(match.group("what")), match.group("what")))
    for match in _SHOWS.finditer(sentence):
        what = match.group("what")
        if match.group("act") is not None:
            name = _acted_where(match.group("act"))
            what = f"{match.group('who')}{match.group('act')}{what}"
        else:
            name = _shown_name(what)
        found.append((match.start(), name, what))
    for match in _SEES.finditer(sentence):
        found.append((match.start("what"), _wh_name(match.group("what")), match.group("what")))
    for match in _ON_DEVICE.finditer(sentence):
        found.append((match.start("verb"), _acted(match), f"On the {match.group('dev').lower()}"))
    for match in _OWN.finditer(sentence):
        own = re.split(r"\s+(?:and|or|on|in|at|so|when|if|before|after)\b", match.group("x"))[0]
        person = any(is_person(singular(w.lower())) for w in own.split())
        who = re.search(r"\bwho\s+$", sentence[: match.start()], re.I)
        if own.lower() not in _FOLLOWERS | _BAD_MODS and not person and who is None:
            found.append((match.start("x"), f"My {own}", match.group(0)))
    for match in _DETAILS.finditer(sentence):
        name = f"{singular(match.group('x').lower())} {match.group('h').lower()}"
        found.append((match.start(), sentence_case(name), match.group(0)))
    for match in _MAKES.finditer(sentence):
        found.append((match.start("x"), sentence_case(match.group("x")), match.group(0)))
    for match in _FILLS.finditer(sentence):
        found.append((match.start("what"), sentence_case(match.group("what")), ""))
    for match in _DETERMINED.finditer(sentence):
        name = (
            ""
            if _of_a_service(sentence, match.start())
            else _determined(sentence, match, compounds)
        )
        found.append((match.start(), name, _phrase(sentence[match.start() :])))
    return [(p, n, w) for p, n, w in found if n and not _negated(sentence, p)]


def _of_a_service(sentence: str, start: int) -> bool:
    """Whether the clause names a service ('loop for the returns portal'): its view, not ours."""
    clause = re.split(r"[,:]\s*|\s+but\s+", sentence[:start])[-1]
    return VOCAB.services.search(clause) is not None


def _phrase(text: str) -> str:
    """The words describing one view, up to the next one: 'a roster per class, …' -> 'a roster
    per class'; a list after a colon stays ('a status on their request: pending, assigned')."""
    text = re.split(r"\s*[()]", text)[0]
    head, colon, rest = text.partition(":")
    cut = re.split(r",\s|\s(?:and|so|because|but|if)\s", head)[0]
    return f"{cut}: {rest.strip()}" if colon and cut == head else cut


def _acted_where(act: str) -> str:
    """'check in' of 'a kiosk where families check in': the action as the view's name."""
    words = re.split(r"\s+(?:and|so|with|when|if|on|at)\b", act.strip())[0].split()
    return sentence_case(" ".join(words[:3])) if words else ""


def view_key(name: str) -> frozenset[str]:
    """Two names with the same content words are one view ('Bed map', 'Map of beds')."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    return frozenset(
        singular(w)[:5] for w in words if w not in {"of", "the", "a", "per", "s", "my"}
    )


@lru_cache(maxsize=32)  # one spec reads the views of the same session several times
def views_said(session: Session) -> tuple[tuple[str, str], ...]:
    """Every (name, purpose) of a view people described in their messages, first said first."""
    said = [t.text for t in session.transcript if t.role == "user"]
    # a message the next one takes back ("wait actually scratch that") describes nothing
    nexts = [*said[1:], ""][: len(said)]
    texts = [t for t, nxt in zip(said, nexts, strict=True) if not _RETRACTS.match(nxt)]
    compounds = _compounds(" ".join(texts))
    seen: dict[frozenset[str], tuple[str, str]] = {}
    for text in texts:
        for sentence in _clauses(text):
            for _, name, purpose in sorted(_named_in(sentence, compounds)):
                name = clip(name.strip(" ,.-"), 48)
                if len(name) < 3 or looks_like_chat(name) or view_key(name) in seen:
                    continue
                why = clip(sentence_case(purpose.strip(" ,.:-")), 200) if purpose.strip() else ""
                seen[view_key(name)] = (name, why)
    return tuple(seen.values())
