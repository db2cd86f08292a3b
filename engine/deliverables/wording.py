"""Product copy from people's words: titles, screen names, short phrases and labels (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from engine.deliverables.terms import singular
from engine.session import Session

_SPLIT = re.compile(r"\s*(?:[,;/\n]|\band\b|\bplus\b|\bthen\b|\balso\b)\s*", re.IGNORECASE)
_GREETING = re.compile(
    r"^(?:(?:hi|hey|hello|hiya|hola|yo|ok|okay|so|well|um+|uh+|basically|alright|right|morning|"
    r"good (?:morning|afternoon|evening)|thanks|there|all|folks|team|guys|everyone)\b[\s,!.:-]*)+",
    re.I,
)
_LEAD = re.compile(
    r"^(?:(?:i|we)(?:'m|'re|'d| am| are| would| will)?\s+)?(?:(?:really\s+)?(?:want|need|wanna|"
    r"would like|'d like|like|plan|planning|am planning|thinking|think|hope|have|got)\s+"
    r"(?:to\s+|of\s+|about\s+)?)?(?:(?:build|make|create|launch|start|develop|do|get|have|"
    r"building|making|creating)\s+)?(?:an? idea (?:for|about)\s+|idea:\s*|it'?s\s+|this is\s+|"
    r"(?:our |my |the )?idea is\s+|there should be\s+|something (?:like|for)\s+|"
    r"(?:please\s+)?(?:interview|ask) me "
    r"(?:about|on)\s+)?",
    re.I,
)
_ARTICLE = re.compile(r"^(?:an?|the|some|our|my|a little|a simple|simple|little)\s+", re.I)
_CUTS = (
    re.compile(r"\s+(?:so|that|which|where|because|since|but|who|when|if)\s+", re.I),
    re.compile(r"\s+(?:to|with)\s+", re.I),
    re.compile(r"\s+(?:for|in|on|at|by|from)\s+", re.I),
)
_HELPS = re.compile(
    r"\b(app|tool|platform|system|website|site|bot|thing|service|software)\s+(?:that|which)\s+"
    r"(?:helps?|lets?|allows?|enables?)\s+",
    re.I,
)
_SEES = re.compile(
    r"\b(?:sees?|view|find|check|track|manage|browse|list|review|pick|choose|add|book|log|scan)\s+"
    r"(?:all\s+|the\s+|their\s+|which\s+)?(.+)",
    re.I,
)
_STOP_TAIL = {
    "a",
    "an",
    "the",
    "for",
    "to",
    "of",
    "and",
    "or",
    "with",
    "that",
    "in",
    "on",
    "at",
    "my",
    "our",
    "your",
    "so",
    "which",
    "where",
    "by",
    "from",
    "is",
    "are",
}
_HEADS = (
    "view|page|screen|queue|list|map|dashboard|calendar|board|inbox|feed|form|report|log|diary|"
    "history|profile|record|settings|overview|summary|timeline|checklist|tracker|portal|tab|"
    "wizard|search|schedule|menu|cart|checkout|chat|messages|rota|planner|console|catalog|"
    "catalogue|library|gallery|detail|details|editor|scanner|stats|analytics|kanban|agenda|display|"
    "queue|sheet|lookup|finder|overview|book|grid|pipeline|wall|screen"
)
_HEAD = re.compile(rf"\b(?:{_HEADS})\b", re.I)
_SCREEN_LEAD = re.compile(
    r"^(?:on\s+the\s+\w+\s+side\s*,?\s+)?(?:for\s+(?:me|us|them|the\s+\w+|\w+)\s*,?\s+)?"
    r"(?:(?:we|i|they|you|it|she|he|(?:the\s+)?(?:[\w/-]+\s+)?"
    r"(?!(?:of|for|in|on|at|by|with|and|or|to)\b)[a-z]+)\s+"
    r"(?:just\s+|only\s+|also\s+|then\s+)?"
    r"(?=(?:would|need|want|like|'d|should|must|have|see|get|use|show|fill|open|check)))?"
    r"(?:(?:would\s+)?(?:need|want|like|'d like|should have|"
    r"must have|have|see|get|use|show|fill out|open|check)s?\s+(?:to\s+(?:see|have|get)\s+)?)?"
    r"(?:(?:just|only)\s+)?(?:(?:one|a|the|some)\s+(?=(?:screen|page|view)\b))?",
    re.I,
)
# "screens: …", "screens wise i picture …", "screens for refs: …": the lead-in of a screens list
_SCREENS_INTRO = re.compile(
    r"^(?:(?:the\s+)?screens?\b[^:.;]{0,24}:|(?:the\s+)?screens?\s+(?:wise\s+)?"
    r"(?:(?:i|we)\s+(?:\w+\s+)?(?:picture|imagine|guess|think|see|want|need|say)|"
    r"(?:would|could|should)\s+be|are|is|r|maybe|probably)\b"
    r"(?:\s+(?:like|basically|just|kinda|kind of|sort of|mainly|mostly)\b)*)\s*",
    re.I,
)
# words before a screen name that make it a statement: "she wont use a screen", "when a…"
_NOT_SCREEN = re.compile(
    r"^(?:correction|actually|also|btw|oh|when|if|so|because|then|click|tap|hit|"
    r"select|maybe|etc|back|not|no)\b|\b(?:i|we|you|she|he|they|it|its|it's|is|are|was|were|wont|won't|"
    r"don't|dont|can|cant|can't|aint|lol|idk|thats|that's|this|there|whoever)\b",
    re.I,
)
# a fragment without a screen word that describes the screen before it or says what happens:
# "color coded", "members send paystubs"
_NOT_NAME = re.compile(
    r"\w+ed$|^\w+ed\b|\b(?:sends?|gets?|goes|go|comes?|takes?|makes?|puts?|drops?|says?|texts?|calls?|"
    r"needs?|wants?|has|have|had|reads?|writes?|knows?|pops?|posts?|shares?|uploads?|brings?|"
    r"leaves?|asks?|tells?|finds?|pays?|signs?|walks?|runs?|etc|didn'?t|font|colou?r|bold)\b|[=%]",
    re.I,
)
_QUESTION = re.compile(
    r"\?|^(?:what|why|how|did|didn'?t|do|does|is|are|can|could|should|who|idk|dunno|not sure)\b",
    re.I,
)


def clip(text: str, limit: int) -> str:
    """Text squeezed to one line of at most `limit` characters (ellipsis when cut)."""
    flat = " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def sentence_case(text: str) -> str:
    """The first letter upper-cased, the rest untouched."""
    return text[:1].upper() + text[1:]


def phrases(text: str, limit: int = 6) -> tuple[str, ...]:
    """Short phrases of a free-text answer, sentence-cased, without duplicates."""
    out: dict[str, str] = {}
    for part in _SPLIT.split(text):
        part = part.strip(" .!:-\"'()")
        if 2 <= len(part) <= 60 and part.casefold() not in out and re.search(r"[a-z]", part, re.I):
            out[part.casefold()] = sentence_case(part)
    return tuple(out.values())[:limit]


def _trim_tail(words: list[str]) -> list[str]:
    while words and words[-1].lower().strip(",.") in _STOP_TAIL:
        words = words[:-1]
    return words


def noun_phrase(text: str, limit: int = 6) -> str:
    """A short noun phrase of a sentence: no greeting, no lead-in, first clause, <= limit words."""
    untagged = re.sub(r"<[^<>]*>", " ", text)  # markup and chat mentions are not a title
    flat = _GREETING.sub("", " ".join(untagged.split()))
    first = re.split(r"[.!?\n:;]|\s[-–—]\s", flat)[0]
    prev = None
    while prev != first:
        prev = first
        first = _ARTICLE.sub("", _LEAD.sub("", _GREETING.sub("", first).strip()).strip())
        first = re.sub(r"^(?:own|run|manage|work (?:at|in|for))\s+", "", first, flags=re.I)
    first = _HELPS.sub(r"\1 for ", first)
    comma = [m.start() for m in re.finditer("[,(]", first) if len(first[: m.start()].split()) >= 2]
    first = first[: comma[0]] if comma else first
    for pattern in _CUTS:
        if len(first.split()) <= limit:
            break
        cut = [m.start() for m in pattern.finditer(first) if len(first[: m.start()].split()) >= 2]
        if cut:
            first = first[: cut[0]]
    words = _trim_tail([w.strip(",") for w in first.split()[:limit]])
    return sentence_case(" ".join(words))


def is_chatter(text: str) -> bool:
    """True for a question or filler ('do we need that hipaa thing? its animals lol')."""
    return bool(
        _QUESTION.search(text) or re.search(r"\b(lol|tho|idk|haha|lmao|dunno)\b", text, re.I)
    )


def is_statement(text: str) -> bool:
    """True for words that say what happens rather than name a thing ('you click one',
    'color coded', 'so offline'): not a column, not a screen name."""
    return bool(looks_like_chat(text) or _NOT_SCREEN.search(text) or _NOT_NAME.search(text))


def looks_like_chat(text: str) -> bool:
    """True for a greeting, a question, a quoted sentence or a first-person statement."""
    flat = " ".join(text.split())
    if not flat or _QUESTION.search(flat) or _GREETING.fullmatch(flat):
        return True
    if re.search(r"(?<![\w-])(i|we|i'm|we're|you|just|say|said)(?![\w-])", flat, re.I):
        return True
    return len(flat.split()) > 8


# "this is Rhonda in the city clerks office", "I'm the ED at Willow Creek", "we're the eastside
# league", "I own a small firm", "IT procurement here": who is speaking, not what they want
_INTRO = re.compile(
    r"^(?:(?:this is|it'?s)\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?\s*(?:,\s*|\s+(?:from|in|at|with)\s+)"
    r"|(?:i'?m|im|i am)\s+(?:the|an?|with|from|in)\s+|(?:we'?re|we are)\s+(?:the|an?)\s+"
    r"|(?:i|we)\s+(?:own|run|manage|coordinate|work (?:at|in|for))\s+"
    r"|[\w -]{2,30}?\s+here\b|(?:hr|it|ops|operations|finance)\s+(?:for|at)\s+)",
    re.I,
)
# "… want an internal API that …", "an idea for a reading practice app": the product named
_PRODUCT = re.compile(
    r"\b(?:an?|the|some)\s+((?:[\w+-]+\s+){0,3}?(?:app|api|bot|tool|cli|system|tracker|portal|"
    r"platform|kiosk|website|dashboard|database)(?:\s+for\s+(?!(?:our|my|us|me)\b)[\w-]+"
    r"(?:\s+[\w-]+)?)?)\b",
    re.I,
)


# "ok so this is going to sound silly but hear me out." is not about the product
_FILLER = re.compile(
    r"^[^.!?]*\b(?:sound (?:silly|crazy|dumb|weird|stupid)|hear me out|bear with me)\b"
    r"[^.!?]*[.!?]\s*",
    re.I,
)
_COUNT = re.compile(r"^(?:~|about |around |like )?\d[\d,.]*k?\+?\s+(?=\S+\s+\S)", re.I)


def _intro_title(idea: str) -> str:
    """A title when the idea introduces the speaker: the product they name, else their place."""
    named = _PRODUCT.search(idea)
    if named is not None:
        return sentence_case(" ".join(_trim_tail(named.group(1).split())))
    flat = _GREETING.sub("", " ".join(idea.split()))
    intro = _INTRO.match(flat)
    here = re.match(r"(.+?)\s+here$", intro.group(0).strip(), re.I) if intro else None
    rest = here.group(1) if here is not None else _INTRO.sub("", flat, count=1)
    role = re.match(r"(?:i'?m|im|i am|this is)\s", flat, re.I)
    at = re.search(r"\s(?:at|for|in|with)\s+", rest) if role is not None else None
    at = at if at is not None and not re.search(r"[,.;:!?()~\d]", rest[: at.start()]) else None
    rest = rest[at.end() :] if at is not None else rest  # the ED at Willow Creek -> Willow Creek
    rest = re.sub(r"^(?:the|an?|our|my)\s+", "", rest, flags=re.I)
    rest = re.split(r"[,.;:!?()~\d]|\s[-–—]\s|\s(?:in|near|by|with|so|and)\s", rest)[0]
    words = _trim_tail(rest.split()[:5])
    place = " ".join(words)
    return sentence_case(place) if len(place) >= 4 and not looks_like_chat(place) else ""


# "cli that lints postgres migrations": a thing named by what it does
_DOES = re.compile(
    r"^(?P<thing>\w+)\s+(?:that|which)\s+(?P<verb>[a-z]+?)(?:e?s)\s+(?P<what>[\w\s-]+)$", re.I
)
_DANGLING = re.compile(r"\s+(?:before|after|when|until|while|since|once|if|then)$", re.I)


def _as_name(title: str) -> str:
    """A title that is a clause made a name: no dangling 'before', and 'Cli that lints postgres
    migrations' -> 'Postgres migration linter'."""
    title = _DANGLING.sub("", title)
    does = _DOES.match(title)
    if does is None:
        return title
    verb = does.group("verb").lower()
    doer = verb + ("r" if verb.endswith("e") else "er")
    *lead, last = does.group("what").split()
    return sentence_case(" ".join([*lead, singular(last), doer]))


def product_title(session: Session) -> str:
    """The product's name, else a short noun phrase of the idea; never a greeting or sentence."""
    if session.product_name.strip():
        return clip(session.product_name.strip(), 60)
    idea = _FILLER.sub("", " ".join(session.idea.split()))
    idea = re.sub(r"\b(St|Mt|Ft|Dr|Mr|Mrs|Ms)\.", r"\1", idea)  # "St. Brendan's" is one name
    idea = _SPEAKER.sub("", _GREETING.sub("", idea))  # "Marisol, I coordinate …": who speaks
    idea = _SPEAKER_ROLE.sub("I'm the ", idea)  # "Kristen, HR director at a ski resort"
    wants = re.search(
        r"\b(?:want|wants|need|needs|looking for|would like|wanna)\s+(?:to\s+(?:build|make|create|"
        r"have|get|start)\s+|some\s+)?(.+)",
        idea,
        re.I,
    )
    sources = [idea, *session.stated("value_proposition")]
    kind = _KIND_FIRST.search(idea)
    if kind is not None:  # "platform team. cli for just-in-time db access": the product
        sources.insert(0, kind.group("p"))
    if wants is not None and re.match(
        r"^(?:[\w,!. ]*\b(?:we|i)\s+)?(?:run|own|have|work|manage|are|am)\b",
        _GREETING.sub("", idea.strip()),
        re.I,
    ):
        sources.insert(0, wants.group(1))
    elif _INTRO.match(_GREETING.sub("", idea)):
        return clip(_intro_title(idea) or "New product", 60)
    for source in sources:
        title = _as_name(sentence_case(_COUNT.sub("", noun_phrase(source))))
        if title and not looks_like_chat(title) and not _NEGATED.search(title) and len(title) >= 3:
            return clip(title, 60)
    return "New product"


# a sentence that starts by naming the kind of thing ("cli for backfills", "an app to …")
_KIND_FIRST = re.compile(
    r"(?:^|[.!?]\s+)(?P<p>(?:an?\s+)?(?:[\w-]+\s+){0,2}?(?:app|api|bot|tool|cli|tracker|"
    r"portal|kiosk|website|dashboard)\s+(?:for|to|that)\s+[^.!?]+)",
    re.I,
)
_SPEAKER_ROLE = re.compile(r"^[a-z]+,\s+(?:the\s+)?(?=[\w&/ -]{2,40}?\s+(?:at|for|of)\s)", re.I)
_SPEAKER = re.compile(r"^(?-i:[A-Z][a-z]+),\s+(?=(?:i|we|i'm|im|we're)\s)", re.I)
# "google forms didnt work for us": a statement about today, never a title
_NEGATED = re.compile(
    r"\b(?:didn'?t|don'?t|doesn'?t|isn'?t|wasn'?t|won'?t|can'?t|cant|dont|didnt|doesnt)\b", re.I
)


def without_screens_intro(value: str) -> str:
    """A screens answer without its lead-in: 'screens wise i picture a list…' -> 'a list…'."""
    return _SCREENS_INTRO.sub("", value.strip(), count=1)


_BUTTON = re.compile(
    r"^(?:(?:big|huge|large|one|single)\s+)+button\s+(?:that\s+says\s+|saying\s+|to\s+|for\s+)?"
    r"['\"]?(.+?)['\"]?$",
    re.I,
)


def _where_name(said: str) -> str:
    """The name of a 'screen where/for …' description: what it shows."""
    seen = _SEES.search(said)
    shown = re.sub(
        r"^(?:(?:me|us|them|you)\s+(?:to\s+\w+\s+)?)?(?:showing\s+|listing\s+|with\s+)?"
        r"(?:(?:all|every|each)\s+(?:the\s+|of\s+the\s+)?)?",
        "",
        seen.group(1) if seen else said,
        flags=re.I,
    )
    shown = re.split(r"\s+(?:didn'?t|don'?t|doesn'?t|are|is|was|were|has|have|get|got)\b", shown)[0]
    head = _HEAD.search(said)
    if head is not None and len(said[: head.start()].split()) <= 3:  # "page with todays due list"
        shown = re.sub(
            r"^(?:(?:with|showing|all|every|the)\s+)+", "", said[: head.end()], flags=re.I
        )
    return noun_phrase(shown, 4)


def _head_end(flat: str, head: re.Match[str]) -> int:
    """Where a screen name around its screen word ends: 'pipeline list of every open loan'."""
    end = head.end()
    second = re.match(rf"\s+(?:{_HEADS})\b", flat[end:], re.I)  # "pipeline list"
    end += second.end() if second is not None else 0
    of = re.match(
        r"\s+(?:of|per)(?:\s+\S+){1,4}?(?=\s+(?:for|to|so|that|which|where|with|by|per|you|i|we|"
        r"they)\b|$)",
        flat[end:],
    )
    if (
        of is None
        or len(of.group(0).split()) > 5
        or re.match(r"\s+of\s+(?:what|who|which)", of.group(0))
    ):
        return end  # "queue of whats to be made" is a queue
    return end + of.end()


def screen_phrases(value: str) -> list[str]:
    """A screens answer split into one phrase per screen: commas always, 'and' only between
    two screen names ('bank lines on the left and invoices on the right' stays one)."""
    out: list[str] = []
    value = without_screens_intro(re.sub(r"\bw/\s*", "with ", value, flags=re.I))
    # "date/park" and "shelf/bin" stay inside one phrase; " / " separates two screens
    for part in re.split(r"\s*[,;\n]\s*|\s+/\s+|\s+then\s+|\s+plus\s+", value):
        pieces = re.split(r"\s+and\s+", part.strip(" ."))
        merged: list[str] = []
        for piece in pieces:
            if merged and not (_HEAD.search(piece) and _HEAD.search(merged[-1])):
                merged[-1] = f"{merged[-1]} and {piece}"
            else:
                merged.append(piece)
        out += [re.sub(r"^(?:and\s+)?(?:then\s+)?|\s+and$", "", m).strip() for m in merged]
    return [o for o in out if o]


def screens_said(values: Iterable[str]) -> list[tuple[str, str]]:
    """Every (name, purpose) the screens answers describe, first mention first. An answer whose
    first phrase is a statement ('members send paystubs, ins dec pages, …') names no screen."""
    out: dict[str, tuple[str, str]] = {}
    for value in values:
        named = [screen_name(p) for p in screen_phrases(value)[:8]]
        if not named or not named[0][0]:
            continue
        for name, why in (n for n in named if n[0]):
            out.setdefault(name.casefold(), (name, why))
    return list(out.values())


# "(the main screen) should be like a list of …": what the screen is, without the verb
_COPULA = re.compile(
    r"^(?:should|would|could|will|needs? to|has to|must|can)\s+be\s+(?:like\s+|kind of\s+|"
    r"basically\s+|just\s+|more like\s+)*|^(?:is|are)\s+(?:like\s+|basically\s+|just\s+)*",
    re.I,
)


def screen_name(phrase: str) -> tuple[str, str]:
    """A described screen as (name, purpose): 'a day view for the front desk' ->
    ('Day view', 'For the front desk'); ('', '') when it is not a screen description."""
    flat = " ".join(phrase.split()).strip(" .!")
    if not flat or _QUESTION.search(flat):
        return "", ""
    flat = re.sub(r"\bw/\s*|\bw\s+(?=\w)", "with ", without_screens_intro(flat))
    said = _HEAD.search(flat)
    if said is not None and _NOT_SCREEN.search(flat[: said.start()]):
        return "", ""  # "she wont use a screen"
    lead = _SCREEN_LEAD.match(flat)
    if lead is not None and not _HEAD.search(lead.group(0).rstrip()[:-1] or "-"):
        flat = flat[lead.end() :]  # "the inspection screen needs …" keeps its subject
    flat = _COPULA.sub("", flat, count=1)
    flat = re.sub(r"^(?:an?|the|some)\s+", "", flat, flags=re.I).strip()
    button = _BUTTON.match(flat)
    if button is not None:  # "a big button report a problem": the screen is the action
        label = " ".join(_trim_tail(button.group(1).split()[:6]))
        name = sentence_case(label) if label and not looks_like_chat(label) else "Big button"
        return clip(name, 48), clip(f"One big button: {label}", 200) if label else ""
    where = re.match(r"^(?:screen|page|view|place)\s+(?:where|that|to|for|with)\s+(.+)", flat, re.I)
    if where is not None:
        name = _where_name(where.group(1))
        return (clip(name, 48), clip(sentence_case(where.group(1)), 200)) if name else ("", "")
    head = _HEAD.search(flat)
    if head is not None and len(flat[: head.start()].split()) <= 4:
        end = _head_end(flat, head)
    else:  # no screen word: the words up to the first preposition ("waveform with the …")
        cut = re.search(r"\s(?:with|for|to|on|in|at|where|that|which|under|and)\s", flat)
        end = cut.start() if cut is not None and cut.start() > 2 else len(flat)
        words = flat[:end].split()
        end = len(" ".join(words[: 6 if len(words) <= 6 else 4]))
    name = " ".join(_trim_tail(flat[:end].split()))
    if head is None and is_statement(name):
        return "", ""  # "color coded", "members send paystubs" are not screens
    rest = re.sub(r"^(?:on|in|at)\s+(?:the\s+)?", "on ", flat[end:].strip(" ,.-"))
    if not name or len(name) < 3:
        return "", ""
    return clip(sentence_case(name), 48), clip(sentence_case(rest), 200) if rest else ""


def button_label(text: str, limit: int = 28) -> str:
    """A short verb-first button label from an action phrase ('send reminders to owners')."""
    verb_first = _SUBJECT.sub("", " ".join(text.split()), count=1)
    words = _trim_tail(noun_phrase(verb_first, 4).split())
    return clip(sentence_case(" ".join(words)), limit) if words else ""


# "refs see open games" -> "see open games": a button starts with the verb, not who does it
_SUBJECT = re.compile(
    r"^(?:the\s+)?[a-z]+s\s+(?=(?:see|get|claim|book|pick|add|send|check|mark|log|pay|sign|"
    r"upload|scan|approve|assign|swap|request|report|text|call|post|review|open|close)s?\b)",
    re.I,
)
