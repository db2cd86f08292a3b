"""Product copy from people's words: titles, screen names, short phrases and labels (pure)."""

from __future__ import annotations

import re

from engine.session import Session

_SPLIT = re.compile(r"\s*(?:[,;/\n]|\band\b|\bplus\b|\bthen\b|\balso\b)\s*", re.IGNORECASE)
_GREETING = re.compile(
    r"^(?:(?:hi|hey|hello|hiya|yo|ok|okay|so|well|um+|uh+|basically|alright|right|morning|"
    r"good (?:morning|afternoon|evening)|thanks|there|all|folks|team|guys|everyone)\b[\s,!.:-]*)+",
    re.I,
)
_LEAD = re.compile(
    r"^(?:(?:i|we)(?:'m|'re|'d| am| are| would| will)?\s+)?(?:(?:really\s+)?(?:want|need|wanna|"
    r"would like|'d like|like|plan|planning|am planning|thinking|think|hope|have|got)\s+"
    r"(?:to\s+|of\s+|about\s+)?)?(?:(?:build|make|create|launch|start|develop|do|get|have|"
    r"building|making|creating)\s+)?(?:an? idea (?:for|about)\s+|idea:\s*|it'?s\s+|this is\s+|"
    r"there should be\s+|something (?:like|for)\s+|(?:please\s+)?(?:interview|ask) me "
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
HEAD_WORD = _HEAD  # a word that names a screen: view, queue, list, map, report…
_SCREEN_LEAD = re.compile(
    r"^(?:for\s+(?:me|us|them|the\s+\w+|\w+)\s*,?\s+)?"
    r"(?:(?:we|i|they|you|it|she|he|[a-z]+s)\s+(?:just\s+|only\s+|also\s+|then\s+)?"
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
    r"(?:would|could|should)\s+be|are|r|maybe|probably)\b(?:\s+like\b)?)\s*",
    re.I,
)
# words before a screen name that make it a statement: "she wont use a screen", "when a…"
_NOT_SCREEN = re.compile(
    r"^(?:correction|actually|also|btw|oh|when|if|so|because|then|click|tap|press|hit|"
    r"select)\b|\b(?:i|we|you|she|he|they|it|its|it's|is|are|was|were|wont|won't|don't|dont|"
    r"can|lol|idk)\b",
    re.I,
)
# a fragment without a screen word that describes the screen before it or says what happens:
# "color coded", "members send paystubs"
_NOT_NAME = re.compile(
    r"\w+ed$|\b(?:sends?|gets?|goes|go|comes?|takes?|makes?|puts?|drops?|says?|texts?|calls?|"
    r"needs?|wants?|has|have|had|reads?|writes?|knows?)\b",
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


def looks_like_chat(text: str) -> bool:
    """True for a greeting, a question, a quoted sentence or a first-person statement."""
    flat = " ".join(text.split())
    if not flat or _QUESTION.search(flat) or _GREETING.fullmatch(flat):
        return True
    if re.search(r"\b(i|we|i'm|we're|you|just|say|said)\b", flat, re.I):
        return True
    return len(flat.split()) > 8


def product_title(session: Session) -> str:
    """The product's name, else a short noun phrase of the idea; never a greeting or sentence."""
    if session.product_name.strip():
        return clip(session.product_name.strip(), 60)
    wants = re.search(
        r"\b(?:want|wants|need|needs|looking for|would like|wanna)\s+(?:to\s+(?:build|make|create|"
        r"have|get|start)\s+|some\s+)?(.+)",
        session.idea,
        re.I,
    )
    sources = [session.idea, *session.stated("value_proposition")]
    if wants is not None and re.match(
        r"^(?:[\w,!. ]*\b(?:we|i)\s+)?(?:run|own|have|work|manage|are|am)\b",
        _GREETING.sub("", session.idea.strip()),
        re.I,
    ):
        sources.insert(0, wants.group(1))
    for source in sources:
        title = noun_phrase(source)
        if title and not looks_like_chat(title) and len(title) >= 3:
            return clip(title, 60)
    return "New product"


def without_screens_intro(value: str) -> str:
    """A screens answer without its lead-in: 'screens wise i picture a list…' -> 'a list…'."""
    return _SCREENS_INTRO.sub("", value.strip(), count=1)


def screen_name(phrase: str) -> tuple[str, str]:
    """A described screen as (name, purpose): 'a day view for the front desk' ->
    ('Day view', 'For the front desk'); ('', '') when it is not a screen description."""
    flat = " ".join(phrase.split()).strip(" .!")
    if not flat or _QUESTION.search(flat):
        return "", ""
    flat = re.sub(r"\bw/\s*|\bw\s+(?=\w)", "with ", without_screens_intro(flat))
    flat = re.sub(r"^(?:an?|the|some)\s+", "", _SCREEN_LEAD.sub("", flat), flags=re.I).strip()
    where = re.match(r"^(?:screen|page|view|place)\s+(?:where|that|to|for|with)\s+(.+)", flat, re.I)
    if where is not None:
        seen = _SEES.search(where.group(1))
        said = re.sub(r"^(?:all|every)\s+(?:the\s+|of\s+the\s+)?", "", where.group(1), flags=re.I)
        name = noun_phrase(seen.group(1), 4) if seen else noun_phrase(said, 4)
        return (clip(name, 48), clip(sentence_case(where.group(1)), 200)) if name else ("", "")
    head = _HEAD.search(flat)
    before = flat[: head.start()] if head is not None else flat
    if _NOT_SCREEN.search(before) or (
        head is None and (looks_like_chat(flat) or _NOT_NAME.search(flat))
    ):
        return "", ""  # "we're 3 locations actually", "color coded" are not screens
    if head is not None and len(flat[: head.start()].split()) <= 4:
        end = head.end()
        second = re.match(rf"\s+(?:{_HEADS})\b", flat[end:], re.I)  # "pipeline list"
        end += second.end() if second is not None else 0
        tail = flat[end:]
        of = re.match(
            r"\s+of(?:\s+\S+){1,4}?(?=\s+(?:for|to|so|that|which|where|with|by|per|you|i|we|"
            r"they)\b|$)",
            tail,
        )
        if of is not None and len(of.group(0).split()) <= 5:
            end += of.end()
        name, rest = flat[:end], flat[end:]
    else:
        name = " ".join(_trim_tail(flat.split()[: 6 if len(flat.split()) <= 6 else 4]))
        rest = flat[len(name) :]
    name = " ".join(_trim_tail(name.split()))
    rest = re.sub(r"^(?:on|in|at)\s+(?:the\s+)?", "on ", rest.strip(" ,.-"))
    if not name or len(name) < 3:
        return "", ""
    return clip(sentence_case(name), 48), clip(sentence_case(rest), 200) if rest else ""


def button_label(text: str, limit: int = 28) -> str:
    """A short verb-first button label from an action phrase ('send reminders to owners')."""
    words = _trim_tail(noun_phrase(text, 4).split())
    return clip(sentence_case(" ".join(words)), limit) if words else ""
