"""Escape and correction signals in a user message (offline)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from engine.lexicon import normalize, stem_phrase, stems, words
from engine.profile import find_industry_correction
from engine.topics import TOPICS

SignalKind = Literal[
    "none", "impatience", "fatigue", "expertise", "redirect", "dont_know", "correction"
]
SIGNAL_KINDS: tuple[SignalKind, ...] = (
    "none",
    "impatience",
    "fatigue",
    "expertise",
    "redirect",
    "dont_know",
    "correction",
)


class Signal(BaseModel):
    """A signal found in a message; `topic`/`value` carry a redirect target or a correction."""

    model_config = ConfigDict(frozen=True)

    kind: SignalKind = "none"
    confidence: float = Field(0.0, ge=0.0, le=1.0)
    topic: str | None = None  # a topic id from engine.topics, for redirect and correction
    value: str | None = None  # the corrected value, for correction
    previous: str | None = None  # what the user says was wrong ("not fintech"), if stated


_SignalDraft = tuple[SignalKind, float, str | None, str | None, str | None]

_TOPIC_SYNONYMS: dict[str, str] = {
    "target_users": "user users audience customer customers persona personas who_it_is_for who"
    " who_it's_for target_market target_audience icp segment segments end_users",
    "core_problem": "problem problems pain why need issue the_issue use_case",
    "value_proposition": "value value_proposition differentiator differentiation competitors"
    " competition pricing price prices business_model monetization monetisation revenue usp"
    " positioning go-to-market make_money making_money revenue_model earn",
    "user_journey": "journey user_journey workflow workflows onboarding sign_up signup"
    " registration process day_in_the_life",
    "key_actions": "features feature actions functionality capabilities core_features",
    "pain_points": "pain_points frustrations friction bottlenecks complaints",
    "platforms": "platform platforms mobile web ios android desktop stack tech_stack"
    " architecture hosting backend frontend framework frameworks tech cloud infrastructure"
    " devices tablet",
    "integrations": "integration integrations integrate api apis payments payment stripe billing"
    " ehr crm sso webhooks third-party checkout salesforce hubspot quickbooks paypal xero"
    " zapier twilio plaid shopify connect okta auth0",
    "data": "data database databases storage analytics reporting reports data_model schema"
    " metrics postgres postgresql mysql mongodb mongo firebase dynamodb sql",
    "security_compliance": "security compliance privacy hipaa gdpr pci soc_2 soc2 kyc aml ferpa"
    " permissions auth authentication encryption access_control audit",
    "scale": "scale scaling performance load traffic volume growth latency concurrent_users"
    " how_many_users how_many_people user_count number_of_users",
    "screens": "screens screen ui interface pages page dashboard layout design wireframes"
    " wireframe mockups mockup look_and_feel home_page landing_page visuals",
    "flows": "flows flow navigation user_flow user_flows menus",
    "feature_priorities": "priorities priority prioritization mvp must-have must_have roadmap"
    " scope v1 first_version phase_one nice_to_have feature_priorities",
}


def _topic_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for topic in TOPICS:
        for term in (*topic.keywords, *_TOPIC_SYNONYMS.get(topic.id, "").split()):
            index.setdefault(stem_phrase(term.replace("_", " ")), topic.id)
    return index


_TOPIC_INDEX = _topic_index()
_LONGEST_TOPIC_PHRASE = 4


_VERB_NEED_AFTER = frozenset(
    {"we", "i", "it", "they", "you", "will", "to", "also", "really", "just"}
)
_HEAD_TOPICS = frozenset({"flows", "screens"})


def _topic_matches(normalized: str) -> list[tuple[int, int, str]]:
    """(position, phrase length, topic id) for every topic phrase, longest first at a position."""
    tokens = stems(normalized)
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(tokens):
        for n in range(_LONGEST_TOPIC_PHRASE, 0, -1):
            topic = _TOPIC_INDEX.get(" ".join(tokens[i : i + n]))
            if n == 1 and tokens[i] == "need" and i and tokens[i - 1] in _VERB_NEED_AFTER:
                topic = None
            if topic is not None:
                found.append((i, n, topic))
                i += n - 1
                break
        i += 1
    return found


def find_topic(text: str) -> str | None:
    """The topic a phrase names first; "checkout flow" names its head noun's topic, flows."""
    matches = _topic_matches(normalize(text))
    if not matches:
        return None
    position, length, topic = matches[0]
    if len(matches) > 1 and matches[1][0] == position + length and matches[1][2] in _HEAD_TOPICS:
        return matches[1][2]
    return topic


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(parts))


_THIRD_PARTY = re.compile(
    r"\b(?:users?|people|customers?|clients?|they|he|she|patients?|drivers?|doctors?|nurses?"
    r"|teachers?|managers?|staff|employees?|students?|parents?|admins?|everyone|folks|buyers?"
    r"|sellers?|members?|tenants?|landlords?|engineers?|agents?|regulators?)\b"
    r"|\b(?:the|our|their) \w+ (?:should|can|could|will|must|may|is|are)\b"
)
_CLAUSE_BREAK = re.compile(r"[,.;:!?()\"]|\s[—–-]\s|\bbut\b|\band\b")

_IMPATIENCE_STRONG = _rx(
    r"\b(?:just|simply|please|pls|now|already)\s+(?:show|give|build|make|generate|create|send"
    r"|draft|write|produce|do|ship)\s+(?:me\s+|us\s+)?(?:something|anything|it|that|this"
    r"|the (?:thing|damn thing|brief|spec|specs|wireframes?|mockups?|output|result|results|draft"
    r"|doc|document|summary|deliverables?|requirements|prd)|what you(?:'ve)? (?:got|have)"
    r"|an? (?:draft|brief|spec|mockup|wireframe|prd))\b",
    r"\b(?:this|that|it|the interview|this interview|this process|these questions|this chat)"
    r"\s*(?:is|'s)?\s*(?:taking|takes|took|dragging)\s+(?:forever|too long|ages|so long"
    r"|way too long|a while|on)\b(?!\s+to\b)",
    r"\bspeed (?:this|it|things) up\b",
    r"(?<!in a )\bhurry(?: up| it up)?\b",
    r"\bget (?:to the point|on with it|to it)\b",
    r"\bcut to the chase\b",
    r"\bwrap (?:this|it|things) up\b",
    r"\bskip (?:ahead|to the (?:end|output|results?|brief|spec|wireframes?|good part"
    r"|deliverables?))",
    r"\bfast[- ]?forward\b",
    r"\b(?:let's|lets|let me|can i|can we) see (?:the (?:wireframes?|brief|spec|mockups?|output"
    r"|result|draft|deliverables?)|something|it|what you)",
    r"\bshow me (?:something|anything|what you(?:'ve)? got|the (?:wireframes?|brief|spec|output"
    r"|result|mockups?|draft|thing|deliverables?))\b",
    r"\b(?:give|send) (?:me|us) (?:the|a|an) (?:brief|spec|wireframes?|output|result|summary"
    r"|mockups?|draft|prd|requirements|deliverables?)\b",
    r"\bhow many more(?: questions)?\b",
    r"\b(?:don't|do not|dont) have (?:time|all day)\b",
    r"\bi need (?:this|it) (?:today|now|asap|yesterday|by)\b",
    r"\btl;?dr\b",
    r"\b(?:move|go) (?:faster|quicker)\b",
    r"\bmove (?:it|this|things) along\b",
    r"\bjust (?:start|begin|get) (?:building|designing|going)\b",
    r"\bstop asking and\b",
    r"\b(?:just|straight|right) (?:get|go|skip|jump|move|head) (?:on )?(?:to|ahead to) (?:the )?"
    r"(?:wireframes?|brief|spec|output|results?|end|deliverables?|mockups?|draft|good part)",
    r"\bskip (?:the rest|everything else|all that|the remaining)\b",
    r"\b(?:generate|produce|write|draft|create|make|send|show) (?:me |us )?(?:the|a|an|your)"
    r" (?:brief|spec|wireframes?|prd|summary|deliverables?|first draft|draft|mockups?)\b",
    r"\b(?:i'm|i am|we're|we are) in a (?:rush|hurry)\b",
    r"\b(?:don't|let's not|lets not) overthink (?:it|this)\b",
    r"\b(?:are we|we) (?:there|done) yet\b",
)
_IMPATIENCE_WEAK = _rx(r"\bcome on\b", r"\bok(?:ay)? enough\b", r"\bquickly\b", r"\bpls\b")

_FATIGUE_OBJECT = (
    r"(?:all\s+)?(?:the\s+|these\s+|this\s+|your\s+|so many\s+|answering\s+)?(?:questions?"
    r"|questioning|answering|interview|q&a|back and forth|quiz|this(?=\s*(?:$|[,.!?])))"
)
_FATIGUE = _rx(
    r"\b(?:tired|sick|weary|exhausted|fed up|bored|done)\s+(?:of|with)\s+" + _FATIGUE_OBJECT,
    r"\b(?:too|so|way too|this many|that many) many questions\b(?!\s+(?:in|on|for)\b)",
    r"\bso many questions\b(?!\s+(?:in|on|for)\b)",
    r"\bno more questions\b",
    r"\benough (?:questions|for (?:today|now))\b",
    r"\b(?:i'm|i am|im)\s+(?:so\s+|really\s+|pretty\s+|getting\s+|a bit\s+|kinda\s+|kind of\s+"
    r"|totally\s+)?(?:tired|exhausted|worn out|burnt out|burned out|fried|drained|beat|wiped"
    r"|spent|over it|done)\b(?!\s+(?:of|with|by|from|at|in)\b)",
    r"\b(?:brain|head) (?:is|'s) (?:fried|mush|spinning|hurting|exploding|full)\b",
    r"\bmy head hurts\b",
    r"\b(?:can we|let's|lets|could we) (?:stop|pause|take a break|call it)\b",
    r"\b(?:stop|pause) (?:here|now|for (?:now|today))\b",
    r"\bcan't (?:answer|do|take) (?:any ?more|more)\b",
    r"\b(?:feeling|feel)\s+(?:so\s+|really\s+)?(?:tired|exhausted|burnt out|burned out|worn out"
    r"|drained)\b",
    r"\bthis is (?:a lot|too much|exhausting|tiring|draining|endless)\b",
    r"\b(?:these|your|the|so many|all these|all the|all your) questions (?:are|seem|feel)"
    r" (?:endless|never[- ]ending|too much|a lot|exhausting|tiring|draining|relentless)\b",
    r"\b(?:running out of steam|out of steam|running on empty|losing steam|hit a wall"
    r"|zoning out|need a break|running out of energy)\b",
    r"\b(?:this|these questions) (?:is|are) never[- ]ending\b",
)

_TECH_TITLE = (
    r"(?:senior |staff |principal |lead |experienced |seasoned |former |ex-|backend |frontend "
    r"|full[- ]?stack |software |platform |ml |data )?(?:engineer|developer|dev|programmer|cto"
    r"|architect|swe|sre|devops engineer|data scientist|tech lead|coder|hacker)"
)
_EXPERTISE_STRONG = _rx(
    r"\bskip (?:the |all the |over the |past the )?(?:basics|basic (?:stuff|questions)|101"
    r"|intros?(?: stuff)?|introductions?|beginner(?: stuff| questions| level)?|fundamentals"
    r"|hand[- ]?holding|easy (?:stuff|questions)|obvious (?:stuff|questions)"
    r"|simple (?:stuff|questions)|explanations?)\b(?!\s+(?:checklist|steps?|screens?|pages?"
    r"|sections?|modules?|course|training|forms?|tutorial))",
    r"\b(?:get|go|be|getting|going)\s+(?:more\s+|very\s+|really\s+)?(?:technical|deep(?:er)?"
    r"|into the weeds|low[- ]level|nerdy)\b",
    r"\bgo deep (?:on|into)\b",
    r"\bi know what i'm doing\b",
    r"\bassume i know (?:the basics|what|how|the fundamentals|the tech)\b",
    r"\b(?:go |jump |get )?straight (?:in)?to the (?:details|technical|deep end|hard stuff)\b",
    r"\bno need to (?:dumb|simplify|explain)\b",
    r"\b(?:don't|do not|dont) (?:dumb|simplify|explain (?:the )?basics|explain (?:everything"
    r"|things|the obvious))\b",
    r"\bdumb(?:ing)? (?:it|this|things) down\b",
    r"\btalk to me like (?:an? )?(?:engineer|developer|dev|expert|professional|peer|cto"
    r"|technical person)\b",
    r"\buse (?:the )?(?:jargon|technical terms|technical language)\b",
    r"\b(?:ask|give me|ask me) (?:the )?(?:hard|technical|real|deep|detailed) questions\b",
    r"\bi've (?:built|shipped|launched|done|made|designed) (?:\d+|a few|several|many|dozens(?: of)?"
    r"|a bunch|lots|plenty|a ton)(?: of)? (?:these|those|apps|products|startups|companies"
    r"|platforms|systems|before)\b",
    r"\bi(?:'m| am) (?:a |an |the )?" + _TECH_TITLE + r"\b.{0,60}\b(?:skip|details|deep"
    r"|technical|jargon|basics|weeds|architecture)\b",
    r"\b(?:beginner|basic|101|newbie) (?:stuff|questions) (?:aren't|isn't|is not|are not)\b",
)
_EXPERTISE_WEAK = _rx(
    r"\bi(?:'m| am) (?:a |an |the )?" + _TECH_TITLE + r"\b"
    r"(?!\s+by\s+(?:training|background|trade|education))(?!.*\bbut\b)",
    r"\bi(?:'m| am) (?:very |pretty |quite |highly )?technical\b",
    r"\b(?:\d+|many|several|fifteen|ten|twenty) years (?:of )?(?:experience|in (?:the industry"
    r"|software|tech))\b",
    r"\bbeen (?:building|shipping|doing|writing|coding|designing) [\w\s]{1,30}? for (?:\d+"
    r"|many|several|over|a decade|decades)",
    r"\b(?:let's|lets) get into the (?:details|nitty[- ]gritty|specifics)\b",
)

_REDIRECT_SUBJECT = (
    r"(?:let's|lets|let us|can we|could we|can you|could you|shall we|i'd like to|i would like to"
    r"|i want to|i wanna|i'd rather|i would rather|we need to|let me|how about we|maybe we can"
    r"|i'd prefer to|we should|we could|i'd love to)"
)
_REDIRECT_VERB = (
    r"(?:(?:now |instead |first |quickly |also )?(?:talk|chat|think) (?:about|through)"
    r"|discuss|focus (?:on|more on)|move (?:on )?(?:to|onto)|go (?:back )?to|come back to"
    r"|circle back to|return to|jump (?:ahead )?to|skip (?:ahead )?to|switch (?:over )?to"
    r"|get into|dive into|turn to|cover|look at|go over|go into|revisit|get to|address"
    r"|shift to|touch on|get back to)"
)
_REDIRECT = _rx(
    r"\b" + _REDIRECT_SUBJECT + r"\s+(?:\w+\s+){0,2}?" + _REDIRECT_VERB + r"\b(?P<a>.*)",
    r"^\s*(?:\w+[,!]?\s+){0,2}?(?:now\s+)?(?:move on to|moving on to|switch(?:ing)? to|jump to"
    r"|back to|skip to|on to|next up:?|next:|what about|how about|and what about|talk about"
    r"|discuss|focus on)\b(?P<b>.*)",
)
_REDIRECT_NOT_ANSWER = re.compile(r"^\s*(?:we|it|they|users?)\b")

_DONT_KNOW = _rx(
    r"\bi\s+(?:really\s+|honestly\s+|just\s+|truly\s+|genuinely\s+)?(?:don't|dont|do not|do n't)"
    r"\s+(?:really\s+)?know\b",
    r"^\s*(?:don't|dont) know\b",
    r"\b(?:no|zero) (?:idea|clue)\b",
    r"\b(?:not|never) (?:really |too |totally |entirely |100% )?sure\b",
    r"\bunsure\b",
    r"\bdunno\b",
    r"\bidk\b",
    r"\bbeats me\b",
    r"\bwho knows\b",
    r"\b(?:haven't|have not|hadn't|didn't) (?:really )?(?:thought|decided|considered|figured)"
    r"(?: about)?(?: that| it| this)?(?: yet| out)?\b",
    r"\bno (?:preference|opinion|strong (?:opinion|preference|feelings))\b",
    r"\b(?:don't|dont|do not) (?:care|mind)\b",
    r"\b(?:not|un)decided\b",
    r"\bhard to say\b",
    r"\bcan't say\b",
    r"\bi have no (?:idea|clue)\b",
    r"\bnot a clue\b",
)
_DELEGATE = _rx(
    r"\byou (?:pick|choose|decide|tell me|figure it out)\b",
    r"\byour (?:call|choice|pick)\b",
    r"\bup to you\b",
    r"\bwhatever (?:you )?(?:think|want|recommend|suggest|prefer|like|works|is best|makes sense)\b",
    r"\b(?:i'll|i will) leave (?:it|that|this) (?:up )?to you\b",
    r"\bsurprise me\b",
    r"\bpick (?:something|one|whatever|for me|the best)\b",
    r"\byou're the expert\b",
    r"\b(?:either|any|both) (?:is|are|works?|one is) fine\b",
    r"\b(?:doesn't|does not) matter(?: to me)?\s*$",
    r"\bmake (?:a|an) (?:assumption|guess|educated guess)\b",
    r"\buse your (?:judgement|judgment|best guess)\b",
)
_COMPLEMENT = re.compile(
    r"^\s*(?:yet\s+|really\s+|exactly\s+|for sure\s+|about\s+)?(?:how|what|which|whether|if"
    r"|when|where|who|why)\b"
)

_STRONG_CORRECTION = _rx(
    r"\bcorrection\b",
    r"\bscratch that\b",
    r"\bi misspoke\b",
    r"\bmy (?:bad|mistake)\b",
    r"\blet me (?:correct|rephrase|clarify)\b",
    r"\bto clarify\b",
    r"\bi meant\b",
    r"\bi mean(?=[,:]|\s+(?:it|the|we|they|for))",
    r"\bthat's (?:wrong|not right|incorrect)\b",
    r"\bthat was wrong\b",
    r"\bno wait\b",
    r"\bwait,? no\b",
    r"\bi said .{1,40}? but\b",
    r"\bnot what i meant\b",
    r"\bi got that wrong\b",
    r"\bcorrecting myself\b",
    r"\bi should have said\b",
    r"\bupdate:",
)
_WEAK_CORRECTION = _rx(r"\bactually\b", r"^\s*(?:wait|oops|sorry|hmm|oh)\b")
_LEADING_NOT = re.compile(
    r"^\s*not (?!(?:\w+ )?(?:sure|certain|yet|now|really|quite|exactly|much|at all|a clue"
    r"|that)\b)(?:a |an |the )?[\w\s'/-]{1,40}?\s*(?:[,—–:;]|\s-\s|but\b)"
)
_CONTRAST = re.compile(
    r"(?P<value>[^,;.!?—–]*?)\s*(?:,\s*|\s)(?:not|instead of|rather than)\s+(?:just\s+|only\s+)?"
    r"(?P<previous>[^,;.!?—–]+)"
)
_LEADING_NOT_SPLIT = re.compile(
    r"^\s*not\s+(?!(?:\w+ )?(?:sure|certain|yet|now|really)\b)(?P<previous>[^,;.!?—–]+?)"
    r"\s*(?:[,;—–:]|\s-\s|\bbut\b)\s*(?P<value>.+)$"
)
_MEANT = re.compile(r"\bi (?:meant|mean|should have said)\b\s*(?:to say\s+)?(?P<value>.+)$")
_SAID = re.compile(r"\bi said\s+(?P<previous>.{1,40}?)\s+but\b")
_CUE_PREFIX = re.compile(
    r"^(?:\s*(?:actually|correction|scratch that|i misspoke|my (?:bad|mistake)|let me (?:correct"
    r"|rephrase|clarify)(?: that| myself)?|to clarify|sorry|oops|no wait|wait|no|hmm|oh|ok"
    r"|okay|so|update)\b\s*[,:;!.—–-]*\s*)+"
)
_ANCHOR = re.compile(
    r"\b(?:is|are|was|were|'s|'re|be|with|for|through|via|on|in|need|needs|uses?|using|means)\b\s+"
)
_VALUE_LEAD = re.compile(
    r"^(?:(?:for|to|be|a|an|the|just|only|mostly|mainly|actually|really|it's|it is|we're|on|in"
    r"|built|used|meant|going|with)\s+)+"
)
_VALUE_TRAIL = re.compile(r"\s+(?:too|as well|also|instead)\s*$|[\s,.;:!?—–\"'-]+$")
_FOR_WHOM = re.compile(r"\bfor\s+(?P<who>[a-z][\w\s'-]{1,40})")
_NUMBER = re.compile(r"\b\d[\d,.]*\s*(?:k|m|million|thousand|x)?\b")
_QUESTION_END = re.compile(r"\?\s*$")

_FILLER = frozenset(
    str.split(
        "a an the and or but so just really honestly tbh hmm um uh well like please pls thanks"
        " thank lol yes yeah yep no nope ok okay sure maybe perhaps probably i me my we us you your"
        " it it's this that these those is are was be to of for in on at with about what whatever"
        " think guess know idea clue pick decide call let's lets can could would should will do"
        " don't dont not any some something anything all much more very too now then there here"
        " still yet at least kind sort good question hm oh ah right fine great cool im i'm sounds"
        " go ahead"
    )
)
_SUBSTANCE_STRIP = (
    _IMPATIENCE_STRONG,
    _FATIGUE,
    _EXPERTISE_STRONG,
    _EXPERTISE_WEAK,
    _DONT_KNOW,
    _DELEGATE,
    _STRONG_CORRECTION,
    _WEAK_CORRECTION,
    re.compile(r"\b" + _REDIRECT_SUBJECT + r"\s+(?:\w+\s+){0,2}?" + _REDIRECT_VERB + r"\b"),
)
_COLON_CONTENT = re.compile(r":\s*\w")
_PRIORITY: dict[SignalKind, int] = {
    "expertise": 6,
    "fatigue": 5,
    "impatience": 4,
    "correction": 3,
    "redirect": 2,
    "dont_know": 1,
    "none": 0,
}
_THRESHOLD = 0.5


def _third_party(normalized: str, start: int) -> bool:
    """True when the cue at `start` is said about someone else ("doctors are in a hurry")."""
    head = normalized[:start]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    clause = head[breaks[-1].end() :] if breaks else head
    return _THIRD_PARTY.search(clause) is not None


def _first_person_hit(pattern: re.Pattern[str], normalized: str) -> re.Match[str] | None:
    for match in pattern.finditer(normalized):
        if not _third_party(normalized, match.start()):
            return match
    return None


def _impatience(normalized: str) -> float:
    if _first_person_hit(_IMPATIENCE_STRONG, normalized) is not None:
        return 0.9
    weak = _IMPATIENCE_WEAK.search(normalized)
    return 0.55 if weak is not None and weak.start() < 3 else 0.0


def _fatigue(normalized: str) -> float:
    return 0.9 if _first_person_hit(_FATIGUE, normalized) is not None else 0.0


def _expertise(normalized: str) -> float:
    if _first_person_hit(_EXPERTISE_STRONG, normalized) is not None:
        return 0.95
    return 0.65 if _first_person_hit(_EXPERTISE_WEAK, normalized) is not None else 0.0


def _first_clause(text: str) -> str:
    cut = re.search(r"[.;!?]|\bbecause\b|\bsince\b|\bso that\b", text)
    return text[: cut.start()] if cut else text


def _redirect(normalized: str) -> tuple[float, str | None]:
    match = _REDIRECT.search(normalized)
    if match is None or _third_party(normalized, match.start()):
        return 0.0, None
    tail = match.group("a") if match.group("a") is not None else match.group("b")
    topic = find_topic(_first_clause(tail or ""))
    if topic is None or _COLON_CONTENT.search(tail or ""):
        return 0.0, None
    return (0.85 if match.group("a") is not None else 0.75), topic


def _dont_know(text: str, normalized: str) -> float:
    for pattern in (_DONT_KNOW, _DELEGATE):
        for match in pattern.finditer(normalized):
            if _third_party(normalized, match.start()):
                continue
            rest = normalized[match.end() :]
            if _COMPLEMENT.match(rest) and _has_content(rest):
                continue
            return 0.6 if is_substantive(text) else 0.9
    return 0.0


def _has_content(normalized: str) -> bool:
    return any(
        w.isdigit() or (len(w) > 1 and w not in _FILLER and stem_phrase(w) not in _TOPIC_INDEX)
        for w in words(normalized)
    )


def is_substantive(text: str) -> bool:
    """True when a message carries answer content beyond its signal ("not sure, maybe nurses?")."""
    remaining = normalize(text)
    for pattern in _SUBSTANCE_STRIP:
        remaining = pattern.sub(" ", remaining)
    return _has_content(remaining)


def _span(text: str, normalized: str, part: str, start: int) -> str:
    index = normalized.find(part, start)
    return text[index : index + len(part)] if index >= 0 else part


def _clean_value(raw: str) -> str | None:
    clause = _first_clause(raw).strip()
    anchor = _ANCHOR.search(clause.lower())
    if anchor is not None and anchor.end() < len(clause):
        clause = clause[anchor.end() :]
    lead = _VALUE_LEAD.match(clause.lower())
    if lead is not None:
        clause = clause[lead.end() :]
    value = _VALUE_TRAIL.sub("", clause).strip(" \t\"'")
    return value or None


def _clean_previous(raw: str) -> str | None:
    lead = _VALUE_LEAD.match(raw.lower())
    value = _VALUE_TRAIL.sub("", raw[lead.end() :] if lead else raw).strip(" \t\"'")
    return value or None


def _correction_value(text: str, normalized: str) -> tuple[str | None, str | None]:
    prefix = _CUE_PREFIX.match(normalized)
    start = prefix.end() if prefix else 0
    body = normalized[start:]
    original = text[start : start + len(body)]
    meant = _MEANT.search(body)
    if meant is not None:
        said = _SAID.search(body)
        value, previous = _split_contrast(original[meant.start("value") :], meant.group("value"))
        if said is not None:
            previous = _clean_previous(original[said.start("previous") : said.end("previous")])
        return value, previous
    leading = _LEADING_NOT_SPLIT.match(body)
    if leading is not None:
        previous = _clean_previous(original[leading.start("previous") : leading.end("previous")])
        return _clean_value(original[leading.start("value") :]), previous
    return _split_contrast(original, body)


def _split_contrast(original: str, lowered: str) -> tuple[str | None, str | None]:
    contrast = _CONTRAST.search(lowered)
    if contrast is None or not contrast.group("value").strip():
        return _clean_value(original), None
    value = _clean_value(original[contrast.start("value") : contrast.end("value")])
    previous = _clean_previous(original[contrast.start("previous") : contrast.end("previous")])
    return value, previous


def _correction_topic(normalized: str) -> str | None:
    prefix = _CUE_PREFIX.match(normalized)
    body = normalized[prefix.end() :] if prefix else normalized
    matches = {topic for _, _, topic in _topic_matches(body)}
    if _NUMBER.search(body) and matches <= {"target_users", "scale"} and matches:
        return "scale"
    topic = find_topic(body)
    if topic is None and _FOR_WHOM.search(body):
        return "target_users"
    return topic


def _correction(text: str, normalized: str, current_topic: str | None) -> _SignalDraft | None:
    industry = find_industry_correction(text)
    if industry is not None:
        return "correction", 0.9, None, industry.value or None, industry.previous
    strong = _STRONG_CORRECTION.search(normalized) is not None
    leading_not = _LEADING_NOT.match(normalized) is not None
    if not (strong or leading_not or _WEAK_CORRECTION.search(normalized)):
        return None
    if not strong and _QUESTION_END.search(normalized):
        return None
    topic = _correction_topic(normalized)
    if topic is None and not (strong or leading_not):
        return None
    value, previous = _correction_value(text, normalized)
    confidence = 0.85 if strong else 0.75 if leading_not else 0.7
    return "correction", confidence, topic or current_topic, value, previous


def _drafts(text: str, normalized: str, current_topic: str | None) -> list[_SignalDraft]:
    redirect, redirect_topic = _redirect(normalized)
    drafts: list[_SignalDraft] = [
        ("expertise", _expertise(normalized), None, None, None),
        ("fatigue", _fatigue(normalized), None, None, None),
        ("impatience", _impatience(normalized), None, None, None),
        ("redirect", redirect, redirect_topic, None, None),
        ("dont_know", _dont_know(text, normalized), None, None, None),
    ]
    correction = _correction(text, normalized, current_topic)
    if correction is not None:
        drafts.append(correction)
    return drafts


def detect_signal(text: str, current_topic: str | None = None) -> Signal:
    """The strongest escape or correction signal in a user message, or kind "none"."""
    normalized = normalize(text)
    if not normalized.strip():
        return Signal()
    best = max(_drafts(text, normalized, current_topic), key=lambda d: (d[1], _PRIORITY[d[0]]))
    kind, confidence, topic, value, previous = best
    if confidence < _THRESHOLD:
        return Signal()
    return Signal(kind=kind, confidence=confidence, topic=topic, value=value, previous=previous)
