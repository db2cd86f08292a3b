"""What a message is besides an answer: a question back, a complaint, a rephrase, small talk."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Intent = Literal["answer", "question_back", "complaint", "rephrase", "small_talk"]
Ask = Literal["others", "meaning", "worry", "why", ""]  # what a question back asks about

_S = r"(?:^|(?<=[.!?\n,;:]))\s*"  # start of a sentence or clause
_E = r"\s*(?:[.!?]+|$|(?=,|\n))"  # its end

_OTHERS = re.compile(
    _S + r"(?:(?:so|ok|and|but|hmm|um)\s+)?(?:what|how) (?:do|does|did|would|are) "
    r"(?:other|most|similar|the other|successful|big|typical|normal)?\s*"
    r"(?:\w+\s)?(?:people|others|folks|companies|businesses|apps|ones|trucks|clinics|shops|"
    r"teams|places|guys|competitors|restaurants|practices|firms|farms|gyms|stores|\w+s)\b"
    r"[^.!?\n]{0,60}?\b(?:do|use|have|handle|deal with|usually do|go with|pick|charge)\b"
    r"[^.!?\n]{0,40}\?",
    re.IGNORECASE,
)
_OTHERS_PLAIN = re.compile(
    r"\b(?:what(?:'s| is) (?:normal|typical|usual|common|standard)(?: here| for this| for "
    r"\w+)?\s*\?|what do (?:others|most people|people usually|people normally) do\b|"
    r"how do (?:others|other \w+|most \w+) (?:do|handle) (?:it|this|that)\b|"
    r"is there (?:a|an) (?:standard|usual|normal) (?:way|answer)\b)",
    re.IGNORECASE,
)
_MEANING = re.compile(
    _S + r"(?:(?:sorry|um|hmm|wait),?\s+)?(?:what do (?:you|u|ya) mean(?: by (?:that|this|\w+))?|"
    r"wdym|what(?:'s| is| does) (?:that|this|it) (?:mean|meant)|what does \w+ mean|"
    r"meaning what|like what|such as|what(?:'?s| is) (?:a |an |the )?[\w-]+(?: [\w-]+)?\s*\?|"
    r"what kind of (?:answer|thing|info|information)s? (?:do you|are you)[^.!?\n]{0,30}|"
    r"can you (?:explain|clarify)(?: (?:that|this|what you mean))?|explain\s*\?)" + _E,
    re.IGNORECASE,
)
_WORRY = re.compile(
    r"\b(?:is (?:that|this|it) (?:something|a thing|sth|stuff) (?:to|i|we|i'd|we'd)"
    r"(?: should| need to| have to| would)? (?:worry|care|think) about|"
    r"(?:do|should) (?:i|we) (?:really )?(?:need to |have to )?(?:worry|care|think) about "
    r"(?:that|this|it)|does (?:that|this|it) (?:really )?matter|is (?:that|this|it) "
    r"(?:important|needed|necessary|required|a big deal)|do (?:i|we) (?:really )?need "
    r"(?:that|this|it|to decide)(?: now| yet| already| for v1| right now)?\s*\?)",
    re.IGNORECASE,
)
_WHY = re.compile(
    r"\b(?:why (?:do|would) (?:you|u) (?:need|want) to know|why (?:does|do|would) (?:that|this|it)"
    r" matter|why (?:are you |r u )?ask(?:ing)?(?: that| this)?|why do you ask)\b"
    r"|^\s*why\s*\?+\s*$",
    re.IGNORECASE,
)
_COMPLAINT = re.compile(
    r"\b(?:(?:i|we|i've|we've|ive) (?:already |just |literally )?(?:said|told (?:you|u)|"
    r"answered|mentioned|explained|wrote)(?: (?:that|this|it|so))?(?: (?:already|before|earlier|"
    r"above))?|(?:didn'?t|didnt) (?:i|we) (?:just |already )?(?:say|tell (?:you|u)|mention|answer)"
    r"(?: (?:that|this|it))?|(?:you|u) (?:already |just )?asked (?:that|this|me that)(?: already)?|"
    r"asked and answered|same question(?: again)?|like i (?:said|told you|mentioned)|"
    r"as i (?:said|mentioned)|see above|read (?:my|the) (?:first |last |previous )?message|"
    r"i just told (?:you|u)|(?:not|no) listening)\b\s*[.!?]*",
    re.IGNORECASE,
)
_REPHRASE = re.compile(
    r"^\s*(?:sorry,?\s*|um+,?\s*)?(?:huh|what|wat|wut|eh|\?+|come again|sorry|pardon|"
    r"say again|what now|excuse me)\s*[?!.]*\s*$|"
    r"\b(?:i|we) (?:don'?t|dont|do not|didn'?t|didnt|did not) (?:really )?(?:understand|get|follow)"
    r"(?: (?:the|your|that) question| (?:that|it|this)| what you(?:'re| are)? (?:asking|saying)| "
    r"what (?:that|this|it) means)?\s*(?:sorry|tbh|lol)?\s*[.!?]*\s*(?:$|\n)|"
    r"\bnot sure what you(?:'re| are) (?:asking|after)\b|"
    r"\b(?:that|this|the) (?:question )?(?:makes no sense|is confusing|doesn'?t make sense)\b|"
    r"\b(?:too (?:technical|complicated|jargony)|in (?:plain|simple|normal) (?:english|words|"
    r"terms)|(?:simpler|plainer) (?:please|words)|you lost me|i'?m lost|over my head|"
    r"can you (?:rephrase|reword|simplify|say (?:that|it) (?:differently|another way|simpler))|"
    r"no idea what (?:that|you|this) means?)\b",
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


def _ask_of(text: str) -> tuple[Ask, list[re.Match[str]]]:
    for ask, patterns in (
        ("others", (_OTHERS, _OTHERS_PLAIN)),
        ("worry", (_WORRY,)),
        ("why", (_WHY,)),
        ("meaning", (_MEANING,)),
    ):
        found = [m for p in patterns for m in p.finditer(text) if m.group(0).strip()]
        if found:
            return ask, found  # type: ignore[return-value]
    return "", []


def _without(text: str, matches: list[re.Match[str]]) -> str:
    for match in sorted(matches, key=lambda m: -m.start()):
        text = text[: match.start()] + " " + text[match.end() :]
    text = _FILLER.sub("", " ".join(text.split()))
    return text.strip(" ,;:-–—")


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
    ask, found = _ask_of(stripped)
    if found:
        sentences = [_sentence_of(stripped, m) for m in found]
        return IntentReading("question_back", ask, _without(stripped, sentences))
    complaints = list(_COMPLAINT.finditer(stripped))
    if complaints:
        return IntentReading("complaint", "", _without(stripped, complaints))
    confused = [m for m in _REPHRASE.finditer(stripped) if m.group(0).strip()]
    if confused:
        return IntentReading("rephrase", "", _without(stripped, confused))
    if _SMALL_TALK.match(stripped):
        return IntentReading("small_talk", "", "")
    return IntentReading("answer", "", stripped)
