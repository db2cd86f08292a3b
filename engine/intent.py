"""What a message is besides an answer: a question back, a complaint, a rephrase, small talk."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from engine.named import hedged
from engine.types import Intent, TopicId

Ask = Literal["others", "meaning", "worry", "why", "open", ""]  # what a question back asks

_S = r"(?:^|(?<=[.!?\n,;:]))\s*"  # start of a sentence or clause
_E = r"\s*(?:[.!?]+|$|(?=,|\n))"  # its end

_OTHERS = re.compile(
    _S + r"(?:(?:so|ok|and|but|hmm|um)\s+)?(?:what|how) (?:do|does|did|would|are) "
    r"(?:other|most|similar|the other|successful|big|typical|normal)?\s*"
    r"(?:\w+\s)?(?:people|others|folks|companies|businesses|apps|ones|trucks|clinics|shops|"
    r"teams|places|guys|competitors|restaurants|practices|firms|farms|gyms|stores|\w+s)\b"
    r"[^.!?\n]{0,60}?\b(?:do|use|have|handle|deal with|usually do|go with|pick|charge)\b"
    r"[^.!?\n]{0,40}(?:\?|$)",
    re.IGNORECASE,
)
_OTHERS_PLAIN = re.compile(
    r"\b(?:what(?:'?s| is) (?:normal|typical|usual|common|standard)(?: here| for this| for "
    r"\w+| in \w+)?\s*(?:\?|$)|what do (?:others|most people|people usually|people normally) do\b|"
    r"how do (?:others|other \w+|most \w+) (?:do|handle) (?:it|this|that)\b|"
    r"is there (?:a|an) (?:standard|usual|normal) (?:way|answer)\b)",
    re.IGNORECASE,
)
_MEANING = re.compile(
    _S + r"(?:(?:sorry|um|hmm|wait),?\s+)?(?:what do (?:you|u|ya) mean(?: by (?:that|this|\w+))?|"
    r"wdym|what(?:'s| is| does) (?:that|this|it) (?:mean|meant)|what does \w+ mean|"
    r"meaning what|like what|such as|what(?:'?s| is) (?:a |an |the )?['\"‘’“”]?[\w-]+(?: [\w-]+)?"
    r"['\"‘’“”]?\s*\?|what does ['\"‘’“”]?[\w -]{1,30}['\"‘’“”]? mean[^.!?\n]{0,60}|"
    r"what kind of (?:answer|thing|info|information)s? (?:do you|are you)[^.!?\n]{0,30}|"
    r"can you (?:explain|clarify)(?: (?:that|this|what you mean))?|explain\s*\?)" + _E,
    re.IGNORECASE,
)
_WORRY = re.compile(
    r"\b(?:(?:is|are) (?:that|this|it|[\w-]+(?: [\w-]+){0,2}?) (?:something|a thing|sth|stuff)"
    r" (?:to|i|we|i'd|we'd)"
    r"(?: should| need to| have to| would)? (?:worry|care|think) about|"
    r"(?:do|should) (?:i|we) (?:really )?(?:need to |have to )?(?:worry|care|think) about "
    r"[\w -]{2,40}|does (?:that|this|it) (?:really )?matter|is (?:that|this|it) "
    r"(?:important|needed|necessary|required|a big deal)|do (?:i|we) (?:really )?need "
    r"(?:that|this|it|to decide)(?: [\w-]+){0,3}?(?: now| yet| already| for v1| right now)?\s*\?)",
    re.IGNORECASE,
)
_WHY = re.compile(
    r"\b(?:why (?:do|would) (?:you|u) (?:need|want) to know|why (?:does|do|would) (?:that|this|it)"
    r" matter|why (?:are you |r u )?ask(?:ing)?(?: that| this)?|why do you ask)\b"
    r"|^\s*why\s*\?+\s*$",
    re.IGNORECASE,
)
_OPEN = re.compile(  # a question to the bot about the product: kept as an open question
    _S + r"(?:(?:oh|so|ok|and|but|also|hmm|um|q|question)[:,]?\s+)?(?:is there (?:a|an|any)|"
    r"are there|is (?:that|it|this) (?:possible|hard|easy|a separate thing|doable|too much)|"
    r"can (?:it|you|we|this|the app|the bot)(?! (?:just )?(?:show|make|give|send|write|"
    r"generate|skip|wrap|finish|deliver))|could (?:it|you|we|this)|will (?:it|you|this)|"
    r"would (?:it|you|this|the)|do (?:we|i|you|customers|users|people|they|patients|clients|"
    r"staff) (?:need|have|think|handle)|does (?:it|this) "
    r"(?:need|have|work|handle)|should (?:we|i|it|this|rules|the)|how (?:long|much|many|hard|"
    r"easy) (?:should|would|will|does|do|is)|why would (?:we|i|anyone)|any (?:idea|chance)|"
    r"what about)\b[^.!?\n]{2,200}(?:\?+|(?=\s*$)|\s+or is (?:that|it|this)[^.!?\n]*)",
    re.IGNORECASE,
)
_COMPLAINT = re.compile(
    r"\b(?:"
    # "i said the refund thing like 3 times already": whatever was said, said N times
    r"(?:i|we) (?:already |just |literally )?(?:said|told (?:you|u)|mentioned|explained)"
    r"[^.!?\n]{0,40}?\b(?:like |about )?(?:\d+|two|three|four|a few|many|a million) times"
    r"(?! a (?:day|week|month|year|shift))(?: (?:already|now|over))?|"
    r"(?:i|we|i've|we've|ive) (?:already |just |literally )?(?:said|told (?:you|u)|"
    r"answered|mentioned|explained|wrote)(?: (?:that|this|it|so|who (?:uses|it'?s for) it|"
    r"who it'?s for|the (?:users?|platforms?|problem|features?|integrations?|screens?|scale)))?"
    r"(?: (?:already|before|earlier|above|again))?(?: in (?:my|the|your) (?:first|1st|last|"
    r"previous|earlier|other) (?:msg|message|answer|reply|post))?(?:,? (?:like|about) (?:\d+|"
    r"two|three|a few|many|a million) times|,? twice)?(?:,? (?:scroll up|see above|read above|"
    r"it'?s above))?|"
    r"(?:didn'?t|didnt) (?:i|we) (?:just |already )?(?:say|tell (?:you|u)|mention|answer)"
    r"(?: (?:that|this|it))?|(?:you|u) (?:already |just )?asked (?:that|this|me that)(?: already)?|"
    r"asked and answered|same question(?: again)?|like i (?:said|told you|mentioned)|"
    r"as i (?:said|mentioned)|see above|scroll up|read (?:my|the) (?:first |last |previous )?"
    r"message|why (?:are|r) (?:you|u) asking (?:about )?(?:\w+ )?(?:again|that again)|"
    r"i just told (?:you|u)|(?:not|no) listening)\b\s*[.!?]*",
    re.IGNORECASE,
)
_HUH = re.compile(
    r"(?:^|(?<=[.!?\n]))\s*(?:sorry,?\s*|um+,?\s*)?(?:huh|what|wat|wut|eh|\?+|come again|sorry|"
    r"pardon|say again|what now|excuse me)\s*(?:[?!.]+|\s*$)",
    re.IGNORECASE,
)
_REPHRASE = re.compile(
    r"\b(?:i|we) (?:don'?t|dont|do not|didn'?t|didnt|did not) (?:really )?(?:understand|get|follow)"
    r"(?: (?:the|your|that) question(?: about (?:the )?[\w-]+)?| (?:that|it|this)| what you(?:'re|"
    r" are)? (?:asking|saying)| what (?:that|this|it) means)?\s*(?:sorry|tbh|lol)?\s*"
    r"(?:[.!?,]+|$|\n)|"
    r"\b(?:i'?m|im|i am) not (?:a |very |that |really )?(?:computer|tech|techy|technical|techie)"
    r"\w*(?: person| guy| girl| at all)?\b|"
    r"\bnot sure what you(?:'re| are) (?:asking|after)\b|"
    r"\b(?:not sure|no idea|(?:i )?(?:don'?t|dont|didn'?t|didnt) (?:get|know|understand)) what "
    r"(?:you|u) mean(?: by ['\"‘’“”]?[\w -]{1,30}?['\"‘’“”]?(?=[?,.!]|$))?[?!.]*|"
    r"\b(?:that|this|the) (?:question )?(?:makes no sense|is confusing|doesn'?t make sense)\b|"
    r"\b(?:too (?:technical|complicated|jargony)|in (?:plain|simple|normal) (?:english|words|"
    r"terms)|(?:simpler|plainer) (?:please|words)|you lost me|i'?m lost|over my head|"
    r"can you (?:rephrase|reword|simplify|say (?:that|it) (?:differently|another way|simpler))|"
    r"no idea what (?:that|you|this) means?)\b",
    re.IGNORECASE,
)
# Cheap literal checks that every _REPHRASE / _COMPLAINT alternative needs (speed only).
_REPHRASE_HINT = re.compile(
    r"underst|get|follow|sure what|sense|confus|technical|complicated|jargon|plain|simpl|lost|"
    r"head|rephrase|reword|say (?:that|it)|idea what|tech|computer|mean",
    re.IGNORECASE,
)
_COMPLAINT_HINT = re.compile(
    r"said|told|answer|mention|explain|wrote|say|tell|asked|same question|like i|as i|above|"
    r"scroll|read|listen",
    re.IGNORECASE,
)
_SMALL_TALK = re.compile(
    r"^\s*(?:lol+|lmao|haha+|hehe+|ok(?:ay)?|k|kk|cool|nice|great|thanks?(?: (?:you|u))?"
    r"(?: so much)?|thx|ty|cheers|awesome|perfect|got it|how are (?:you|u)(?: doing)?(?: today)?|"
    r"how'?s it going|good morning|good afternoon|gm|nice to meet (?:you|u)|you'?re (?:good|great|"
    r"smart)|wow|oh|hm+|:\)|:d|🙂|😂|😅|👍|🙏)(?:[\s,!.?]+(?:lol|haha|thanks|:\)|🙂|😂|👍))*"
    r"[\s!.?]*$",
    re.IGNORECASE,
)
_FILLER = re.compile(r"^[\s,.;:!?\-–—]*(?:(?:and|but|so|also|ok|oh|i mean|um|uh)\b[\s,]*)*")


@dataclass(frozen=True, slots=True)
class IntentReading:
    """What kind of message this is, what a question back asks, and the words left to file."""

    kind: Intent = "answer"
    ask: Ask = ""
    rest: str = ""  # the message without its non-answer parts: file this, nothing else
    question: str = ""  # the question back itself, in the person's words


_ASKS: tuple[tuple[Ask, tuple[re.Pattern[str], ...]], ...] = (
    ("others", (_OTHERS, _OTHERS_PLAIN)),
    ("worry", (_WORRY,)),
    ("why", (_WHY,)),
    ("meaning", (_MEANING,)),
    ("open", (_OPEN,)),
)
_CORRECTING = re.compile(
    r"\b(?:actually|wait|correction|scratch that|i meant|forgot|not \d+|it'?s closer|its closer)\b",
    re.IGNORECASE,
)


def _ask_of(text: str) -> tuple[Ask, list[re.Match[str]]]:
    """The first kind of question back found (by priority) and every question-back match."""
    first: Ask = ""
    found: list[re.Match[str]] = []
    for ask, patterns in _ASKS:
        hits = [m for p in patterns for m in p.finditer(text) if m.group(0).strip()]
        if hits and not first:
            first = ask
        found.extend(hits)
    return first, found


_SIDE_QUESTION = re.compile(
    r"^(?:(?:or|and|so|like|you mean|u mean)\b.*\?|(?:or )?(?:is (?:that|it|this)|are "
    r"(?:they|those))\b.*|genuinely asking|just (?:curious|asking)|is that hard|"
    r"(?:like|e\.?g\.?|say|for example|such as),? (?!\d|~|about |around )[a-z].*)\W*$",
    re.IGNORECASE,
)


def _without(text: str, matches: list[re.Match[str]]) -> str:
    """`text` without the matched parts, and without side questions left around them
    ("...? or is that too much", "you mean like the pivot?")."""
    spans = sorted({m.span() for m in matches}, reverse=True)
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    parts = re.findall(r"[^.!?\n]+[.!?]*", text)
    kept = [p for p in (_FILLER.sub("", " ".join(p.split())) for p in parts) if p.strip(" ,.")]
    kept = [p for p in kept if not _SIDE_QUESTION.match(p.strip(" ,;:-–—"))]
    return " ".join(kept).strip(" ,;:-–—")


def _sentence_of(text: str, match: re.Match[str]) -> re.Match[str]:
    """The whole sentence around a question back (its question mark ends it)."""
    spans = list(re.finditer(r"[^.!?\n]*[.!?\n]*", text))
    for span in spans:
        if span.start() <= match.start() < max(span.end(), span.start() + 1):
            return span
    return match


def read_intent(text: str) -> IntentReading:
    """Classify one message. `rest` keeps every statement that may still answer something:
    "office folks. what do other trucks do?" is a question back whose rest is "office folks"."""
    stripped = text.strip()
    if not stripped:
        return IntentReading("answer", "", "")
    complaints = list(_COMPLAINT.finditer(stripped)) if _COMPLAINT_HINT.search(stripped) else []
    if complaints and _CORRECTING.search(stripped):
        complaints = []  # "wait i said 8 jobsites, its closer to 14" corrects, not complains
    if complaints:
        return IntentReading("complaint", "", _without(stripped, complaints))
    confused = [m for m in _HUH.finditer(stripped) if m.group(0).strip()]
    if _REPHRASE_HINT.search(stripped):
        confused += [m for m in _REPHRASE.finditer(stripped) if m.group(0).strip()]
    ask, found = _ask_of(stripped)
    found = [m for m in found if not hedged(_sentence_of(stripped, m).group(0))]
    if confused and ask in ("", "meaning", "open"):
        found = [*confused, *(_sentence_of(stripped, m) for m in found if ask == "meaning")]
        return IntentReading("rephrase", "", _without(stripped, found))
    if found:
        sentences = [_sentence_of(stripped, m) for m in found]
        asked = " ".join(dict.fromkeys(" ".join(m.group(0).split()) for m in sentences))
        return IntentReading("question_back", ask, _without(stripped, sentences), asked)
    if _SMALL_TALK.match(stripped):
        return IntentReading("small_talk", "", "")
    return IntentReading("answer", "", stripped)


_NAMED: tuple[tuple[TopicId, str], ...] = (
    ("target_users", r"users?|who uses it|who(?:'s| is) it for|who it'?s for|audience|personas?"),
    ("core_problem", r"(?:the |core |main )?problem"),
    ("value_proposition", r"value prop\w*|differentiat\w+|competitors?"),
    ("user_journey", r"journey|workflow"),
    ("key_actions", r"key actions|features?"),
    ("pain_points", r"pain ?points?"),
    ("platforms", r"platforms?|devices?|app or (?:a )?website"),
    ("integrations", r"integrations?|integrate|hook (?:in)?to|connect to"),
    ("security_compliance", r"hipaa|gdpr|pci|soc ?2|ferpa|coppa|security|compliance|privacy"),
    (
        "data",
        r"data retention|retention|(?:the |what )?data|how long (?:should |do )?(?:we|i) keep",
    ),
    ("scale", r"scale|how many (?:users|people)"),
    ("screens", r"screens?|dashboard|wireframes?|ui"),
    ("flows", r"flows?|navigation"),
    ("feature_priorities", r"priorit\w+|mvp|v1|first version|must[- ]haves?"),
)
_NAMED_RE = tuple(
    (topic, re.compile(rf"\b(?:{words})\b", re.IGNORECASE)) for topic, words in _NAMED
)


def named_topic(text: str) -> TopicId | None:
    """The topic a question back or a complaint names ("what do you mean by integrations?")."""
    found = [(m.start(), topic) for topic, rx in _NAMED_RE for m in [rx.search(text)] if m]
    return min(found)[1] if found else None
