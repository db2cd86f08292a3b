"""The offline, deterministic brain: profile, signal and fact extraction by rules."""

from __future__ import annotations

import re
from collections.abc import Iterator

from engine.intent import read_intent
from engine.messages import Inbound
from engine.profile import read_profile
from engine.session import Session
from engine.signals import detect_signal, is_substantive
from engine.types import Signal, TopicFact, TopicId, TurnPlan

_CLAUSE_END = r"(?=[.;!?\n]|,\s+(?:and|but|so|which|because)\b|\s+because\b|$)"
_VERBS = (
    "track|book|schedule|pay|send|share|upload|search|find|compare|manage|create|review|"
    "approve|order|buy|sell|list|chat|message|log|record|report|invoice|reconcile|plan|assign|"
    "rate|sign|hand|handoff|monitor|analyze|analyse|export|import|split|request|submit|post|"
    "browse|save|learn|watch|stream|hire|apply|summari[sz]e|collect|handle|organi[sz]e|"
    "match|connect|discover|rent|capture|scan|store|sync|publish|edit|write|practi[cs]e|"
    "donate|verify|generate|claim|refill|deliver|dispatch|route|onboard|train|teach|sell"
)
_VERB_SET = frozenset((_VERBS + "|get|see|keep|stay|run|build|automate|coordinate").split("|"))
_USERS = re.compile(
    r"\b(?:for|helps?|helping|lets?|enables?|allows?|serving|targets?|targeting|aimed at|"
    r"designed for|built for|used by|made for)\s+(?P<x>[^.,;:!?\n]{3,80}?)"
    r"(?=\s+(?:to|who|that|so|because|when|by|with|in order|can|could|where|through|"
    r"via|without|and then)\b|[.,;:!?\n]|$)",
    re.IGNORECASE,
)
_USERS_ARE = re.compile(
    r"\b(?:users|customers|audience|target(?: users| audience| market)?|it'?s for|"
    r"personas?)\s+(?:are|is|would be|will be|include)\s+(?P<x>[^.;!?\n]{3,120})",
    re.IGNORECASE,
)
_NOT_USERS = re.compile(
    r"^(?:example|instance|free|now|me|us|the first|a while|years?|months?|weeks?|days?|"
    r"hours?|minutes?|good|real|sure|that|this|it|them|now|later|v1|mvp)\b|^(?!(?:engineering|marketing|nursing|accounting|trucking|shipping|housing|"
    r"banking|gaming|learning|training|recruiting|consulting|manufacturing|catering|"
    r"landscaping|plumbing|teaching|fishing|farming|clothing|lending|hiring|sporting)\b)"
    r"\w+ing(?:\s+(?:the|a|an|their|your|our|my|all|of|multiple|and|\w+s)\b|$)",
    re.IGNORECASE,
)
_PROBLEM = re.compile(
    r"\b(?P<x>(?:because|since|the (?:main |big |real )?(?:problem|issue|pain) is(?: that)?|"
    r"struggles? (?:to|with)|can'?t|cannot|hard to|difficult to|wastes? (?:time|hours|money)|"
    r"los(?:e|es|ing|t)|miss(?:es|ing)?|keeps? (?:missing|forgetting|losing)|"
    r"too (?:slow|hard|expensive|manual|complicated)|no (?:easy|simple|good) way)"
    rf"[^.;!?\n]{{3,200}}?){_CLAUSE_END}",
    re.IGNORECASE,
)
_VALUE = re.compile(
    r"\b(?P<x>(?:so (?:that|they|you|we) |in one place|without |saves? |automatically |"
    rf"automates? )[^.;!?\n]{{0,200}}?){_CLAUSE_END}",
    re.IGNORECASE,
)
_COMPARISON = re.compile(  # the whole clause: "close in two days instead of two weeks"
    r"(?P<x>[^.;!?\n,]{0,120}\b(?:unlike|instead of|better than|faster than|cheaper than)\b"
    rf"[^.;!?\n]{{0,200}}?){_CLAUSE_END}",
    re.IGNORECASE,
)
_ACTIONS = re.compile(
    r"\b(?:can|could|should be able to|need to be able to|must be able to|lets? (?:them|users|"
    r"you|people|customers)|to|(?:helps?|lets?|enables?|allows?)\s+(?:[\w-]+\s){1,4}?(?:to\s)?)"
    r"\s*(?P<x>(?:" + _VERBS + r")\b"
    rf"[^.;!?\n]{{0,160}}?){_CLAUSE_END}",
    re.IGNORECASE,
)
_JOURNEY = re.compile(
    r"\b(?P<x>(?:first|they start|starts? (?:by|with)|signs? up|log(?:s)? in|onboard\w*)"
    r"[^.!?\n]{0,200}?\b(?:then|after that|next|finally)\b[^.!?\n]{0,200})",
    re.IGNORECASE,
)
_PAIN = re.compile(
    rf"(?P<x>[^.;!?\n,]{{0,120}}\b(?:tired of|annoy\w*|frustrat\w*|hate|painful|spreadsheets?|"
    rf"paper forms?|manual(?:ly)?|double entry|back and forth)[^.;!?\n]{{0,160}}?){_CLAUSE_END}",
    re.IGNORECASE,
)
_FEATURE_LIST = re.compile(r":\s*(?P<x>[^.;!?\n:]{3,200},[^.;!?\n:]{3,200})")
_PLATFORMS: tuple[tuple[str, str], ...] = (
    (r"\bios\b|\biphone\b|\bipad\b", "iOS"),
    (r"\bandroid\b", "Android"),
    (r"\bmobile(?: app)?\b|\bphones?\b", "Mobile"),
    (r"\bweb(?: ?app| ?site)?\b|\bbrowser\b|\bsaas\b", "Web"),
    (r"\bdesktop\b|\bmac ?os\b|\bwindows app\b", "Desktop"),
    (r"\btablets?\b", "Tablet"),
    (r"\bslack app\b|\bin slack\b", "Slack"),
    (r"\bcli\b|\bcommand[- ]line\b", "CLI"),
)
_INTEGRATION_NAMES = (
    "Stripe",
    "Plaid",
    "PayPal",
    "Square",
    "Adyen",
    "Salesforce",
    "HubSpot",
    "Epic",
    "Cerner",
    "FHIR",
    "HL7",
    "Shopify",
    "QuickBooks",
    "Xero",
    "NetSuite",
    "Slack",
    "Google Calendar",
    "Outlook",
    "Office 365",
    "Google Workspace",
    "Twilio",
    "Zoom",
    "GitHub",
    "GitLab",
    "Jira",
    "Canvas",
    "Moodle",
    "Google Classroom",
    "Workday",
    "BambooHR",
    "Gusto",
    "ADP",
    "MLS",
    "Zapier",
    "Mailchimp",
    "SendGrid",
    "Okta",
    "Auth0",
    "Segment",
    "Intercom",
    "Zendesk",
    "Notion",
    "Airtable",
    "DocuSign",
    "Google Maps",
    "Mapbox",
    "Snowflake",
    "SAP",
)
_INTEGRATION_RE = re.compile(
    r"\b(?:integrat\w* with|connects? (?:to|with)|syncs? with|plugs? into|pulls? from|"
    r"pushes? to|talks? to)\s+(?P<x>[^.;!?\n]{2,120})",
    re.IGNORECASE,
)
_NAMES_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(n) for n in _INTEGRATION_NAMES) + r")\b", re.IGNORECASE
)
_COMPLIANCE: tuple[tuple[str, str], ...] = (
    (r"\bhipaa\b", "HIPAA"),
    (r"\bgdpr\b", "GDPR"),
    (r"\bpci(?:[- ]dss)?\b", "PCI DSS"),
    (r"\bsoc ?2\b", "SOC 2"),
    (r"\bkyc\b", "KYC"),
    (r"\baml\b", "AML"),
    (r"\bferpa\b", "FERPA"),
    (r"\bcoppa\b", "COPPA"),
    (r"\bccpa\b", "CCPA"),
    (r"\biso ?27001\b", "ISO 27001"),
    (r"\bsso\b|\bsaml\b", "SSO/SAML"),
    (r"\bencrypt\w*\b", "Encryption"),
    (r"\b2fa\b|\bmfa\b|two[- ]factor", "Two-factor sign-in"),
    (r"\baudit (?:log|trail)s?\b", "Audit trail"),
)
_SCALE = re.compile(
    r"(?P<x>\b\d[\d,.]*\s*(?:(?:k|m|thousand|million|hundred)\b)?\+?\s*(?:[a-z-]+\s){0,2}?"
    r"(?!(?:minutes|hours|days|weeks|months|years|seconds|dollars|euros|percent|times|steps|"
    r"screens|pages|clicks|features)\b)(?:[a-z]+s|rps|qps|tps|people|staff)\b[^.;!?\n]{0,80})",
    re.IGNORECASE,
)
_SCREENS = re.compile(
    r"\b(?P<x>(?:a |an |the )?(?:[\w-]+ )?(?:dashboard|home screen|screen|page|view|map view|"
    r"calendar|feed|inbox|timeline|checkout|cart|profile page|settings page|admin panel)s?)\b",
    re.IGNORECASE,
)
_PRIORITY = re.compile(
    rf"\b(?P<x>(?:most important|must[- ]have|mvp|first version|v1|top priority|nice[- ]to[- ]"
    rf"have|can wait|later)[^.;!?\n]{{0,160}}?){_CLAUSE_END}",
    re.IGNORECASE,
)
_FLOW = re.compile(
    r"\b(?P<x>(?:from (?:the )?\w[\w ]{1,30} (?:to|into) (?:the )?\w[\w ]{1,30})|"
    r"(?:goes?|navigate\w*|jumps?|taps?|clicks?) (?:to|into|through) [^.;!?\n]{2,100})",
    re.IGNORECASE,
)


def _clean(text: str, limit: int = 300) -> str:
    text = " ".join(text.split()).strip(" ,;:-")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_LEADING = re.compile(
    r"^(?:because|since|so that|so|the (?:main |big |real )?(?:problem|issue|pain) is(?: that)?)"
    r"\s+",
    re.IGNORECASE,
)


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    if not match:
        return None
    value = _LEADING.sub("", _clean(match.group("x")))
    return value[:1].upper() + value[1:] if value else None


_PEOPLE = frozenset(
    [
        "people",
        "persons",
        "users",
        "customers",
        "clients",
        "buyers",
        "sellers",
        "students",
        "kids",
        "children",
        "parents",
        "families",
        "teams",
        "staff",
        "employees",
        "nurses",
        "doctors",
        "physicians",
        "clinicians",
        "patients",
        "teachers",
        "tutors",
        "learners",
        "founders",
        "freelancers",
        "contractors",
        "owners",
        "managers",
        "admins",
        "administrators",
        "residents",
        "tenants",
        "landlords",
        "homeowners",
        "drivers",
        "couriers",
        "riders",
        "travellers",
        "travelers",
        "players",
        "fans",
        "creators",
        "artists",
        "musicians",
        "writers",
        "readers",
        "listeners",
        "viewers",
        "members",
        "volunteers",
        "donors",
        "citizens",
        "farmers",
        "chefs",
        "cooks",
        "athletes",
        "coaches",
        "recruiters",
        "candidates",
        "hr",
        "smbs",
        "smes",
        "startups",
        "companies",
        "businesses",
        "agencies",
        "firms",
        "brands",
        "retailers",
        "merchants",
        "shops",
        "stores",
        "restaurants",
        "cafes",
        "clinics",
        "hospitals",
        "schools",
        "universities",
        "studios",
        "gyms",
        "salons",
        "practices",
        "nonprofits",
        "charities",
        "churches",
        "labs",
        "developers",
        "engineers",
        "designers",
        "marketers",
        "accountants",
        "lawyers",
        "agents",
        "brokers",
        "realtors",
        "investors",
        "traders",
        "seniors",
        "adults",
        "teens",
        "women",
        "men",
        "moms",
        "dads",
        "mums",
        "couples",
        "singles",
        "friends",
        "neighbours",
        "neighbors",
        "professionals",
        "workers",
        "technicians",
        "operators",
        "dispatchers",
        "shippers",
        "carriers",
        "warehouses",
    ]
)
_NON_LETTERS = re.compile(r"[^a-z]")
_PEOPLE_SUFFIX = re.compile(r"(?:ers|ors|ists|ians|ees|eurs|folks?)$")


def _is_people_word(word: str) -> bool:
    word = _NON_LETTERS.sub("", word.lower())
    return word in _PEOPLE or bool(_PEOPLE_SUFFIX.search(word))


_LINK = frozenset(("of", "in", "at", "across", "from", "on", "with"))
_STOP = frozenset(("to", "who", "that", "so", "and", "because", "when", "by", "which", "where"))


def _people_phrase(phrase: str) -> str | None:
    """The noun phrase up to its first people word, with a short "of small gyms" tail."""
    words = phrase.split()
    for i, word in enumerate(words[:8]):
        if word.lower() in _LINK | _STOP:
            return None  # "ceramics from small studios": the head noun was not people
        if not _is_people_word(word):
            continue
        end = i + 1
        while (
            end + 1 < len(words)
            and words[end].lower() in ("and", "&", "or")
            and any(_is_people_word(w) for w in words[end + 1 : end + 3])
        ):
            end += 2 if _is_people_word(words[end + 1]) else 3
        if end < len(words) and words[end].lower() in _LINK:
            tail = end + 1
            while tail < min(len(words), end + 4) and words[tail].lower() not in _STOP | _VERB_SET:
                tail += 1
            end = tail if tail > end + 1 else end
        return " ".join(words[:end])
    return None


def _users(text: str) -> str | None:
    for match in _USERS_ARE.finditer(text):
        value = _clean(match.group("x"), 120)
        if value and not _NOT_USERS.match(value) and len(value.split()) <= 10:
            return value
    for match in _USERS.finditer(text):
        phrase = _people_phrase(_clean(match.group("x"), 120))
        if phrase and not _NOT_USERS.match(phrase):
            return phrase
    return None


def _compiled(table: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern, re.IGNORECASE), label) for pattern, label in table)


_PLATFORM_LABELS = _compiled(_PLATFORMS)
_COMPLIANCE_LABELS = _compiled(_COMPLIANCE)


def _labels(table: tuple[tuple[re.Pattern[str], str], ...], text: str) -> str | None:
    found = [label for pattern, label in table if pattern.search(text)]
    return ", ".join(dict.fromkeys(found)) or None


def _integrations(text: str) -> str | None:
    phrase = _first(_INTEGRATION_RE, text)
    names = list(dict.fromkeys(m.group(0) for m in _NAMES_RE.finditer(text)))
    if phrase:
        return phrase
    return ", ".join(names) or None


def _screens(text: str) -> str | None:
    found = [_clean(m.group("x"), 40) for m in _SCREENS.finditer(text)]
    return ", ".join(dict.fromkeys(found)) or None


def mentioned(text: str) -> Iterator[tuple[TopicId, str]]:
    """Every topic a message gives facts about, with the words that say it."""
    finders: tuple[tuple[TopicId, str | None], ...] = (
        ("target_users", _users(text)),
        ("core_problem", _first(_PROBLEM, text)),
        ("value_proposition", _first(_COMPARISON, text) or _first(_VALUE, text)),
        ("user_journey", _first(_JOURNEY, text)),
        ("key_actions", _first(_FEATURE_LIST, text) or _first(_ACTIONS, text)),
        ("pain_points", _first(_PAIN, text)),
        ("platforms", _labels(_PLATFORM_LABELS, text)),
        ("integrations", _integrations(text)),
        ("security_compliance", _labels(_COMPLIANCE_LABELS, text)),
        ("scale", _first(_SCALE, text)),
        ("screens", _screens(text)),
        ("flows", _first(_FLOW, text)),
        ("feature_priorities", _first(_PRIORITY, text)),
    )
    for topic, value in finders:
        if value:
            yield topic, value


def extract_facts(
    text: str, current_topic: TopicId | None, signal: Signal
) -> tuple[TopicFact, ...]:
    """Facts in a message: the whole answer for the topic asked, plus any topic it names."""
    if signal.kind in ("impatience", "fatigue", "correction") or not is_substantive(text):
        return ()
    facts: dict[TopicId, str] = {}
    if current_topic is not None and signal.kind in ("none", "expertise"):
        facts[current_topic] = _clean(text)
    for topic, value in mentioned(text):
        facts.setdefault(topic, value)
    return tuple(TopicFact(topic=t, value=v) for t, v in facts.items())


class RulesBrain:
    """Understands messages offline with deterministic rules; never fails."""

    async def turn(self, session: Session, inbound: Inbound) -> TurnPlan:
        """Plan a turn from the message alone; question wording is left to the policy."""
        return plan_turn(session, inbound.text)


def plan_turn(session: Session, text: str) -> TurnPlan:
    """The rules brain's plan for one message (synchronous, pure)."""
    intent = read_intent(text)  # only the parts that are not a question back etc. are filed
    signal = detect_signal(text, session.current_topic)
    facts = extract_facts(intent.rest, session.current_topic, signal)
    reading = read_profile(text)
    return TurnPlan(reading=reading, signal=signal, facts=facts, source="rules", intent=intent.kind)
