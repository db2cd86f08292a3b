"""Question wording by topic, sophistication and industry pack (pure)."""

from __future__ import annotations

import re

from engine.packs import Pack
from engine.region import chain_in
from engine.types import Industry, Sophistication, TopicId

# Plain wording for novices and intermediates, terse precise wording for advanced and experts.
_PLAIN: dict[TopicId, str] = {
    "target_users": "Who will use this day to day? Describe the main kind of person.",
    "core_problem": "What problem does this solve for them? What goes wrong today without it?",
    "value_proposition": "Why would {users} pick this over what they use now?",
    "user_journey": "Walk me through a typical session: what do {users} do first, next, and last?",
    "key_actions": "What are the two or three things {users} must be able to do with it?",
    "pain_points": "What annoys {users} most about how they do this today?",
    "platforms": "Where will {users} use it: a phone app, a website, or both?",
    "integrations": "Does it need to connect to any tools or services {users} already use?",
    "data": "What information does it need to keep, and who should be able to see it?",
    "security_compliance": "Is there anything sensitive here, like personal, health or payment "
    "details?",
    "scale": "Roughly how many {users} would use it in the first year?",
    "screens": "Which screen matters most: what should {users} see when they open it?",
    "flows": "After that first screen, where do {users} usually go next?",
    "feature_priorities": "If the first version could only do one thing really well, what "
    "would it be?",
}
_EXPERT: dict[TopicId, str] = {
    "target_users": "Primary persona and buyer: who uses it, who pays?",
    "core_problem": "What's the core job-to-be-done, and what breaks in the current workflow?",
    "value_proposition": "Differentiation vs. the incumbent or the status quo, and the wedge?",
    "user_journey": "Happy path end to end, from activation to the core loop?",
    "key_actions": "Core domain objects and the operations on them for v1?",
    "pain_points": "Biggest friction or failure modes in the current process?",
    "platforms": "Client targets (web/iOS/Android/desktop) and any stack constraints?",
    "integrations": "External systems of record and integration style (REST, webhooks, "
    "batch, SSO)?",
    "data": "Core entities, retention, and reporting/analytics needs?",
    "security_compliance": "Compliance scope and auth model (SSO/SAML, RBAC, audit, "
    "data residency)?",
    "scale": "Expected load: users, peak RPS or events/day, and latency targets?",
    "screens": "Which views carry the core loop? List the v1 screens.",
    "flows": "Key navigation paths and where users drop off today?",
    "feature_priorities": "MoSCoW for v1: what's must-have vs. later?",
}

_EXAMPLE: dict[TopicId, str] = {
    "target_users": "For example: busy parents, hospital nurses, small shop owners.",
    "core_problem": "For example: “they lose track of who owes what”.",
    "value_proposition": "For example: it's faster, cheaper, or everything is in one place.",
    "user_journey": "For example: sign up, add their first item, invite a friend.",
    "key_actions": "For example: book a slot, pay, send a reminder.",
    "pain_points": "For example: too many spreadsheets, or waiting on email replies.",
    "platforms": "If you're not sure, say so and I'll suggest something sensible.",
    "integrations": "For example: Google Calendar, Stripe for payments, or Slack.",
    "data": "For example: customer names, orders, photos, notes.",
    "security_compliance": "Anything you'd be upset to see leaked counts.",
    "scale": "A rough guess is fine: ten, a thousand, a million?",
    "screens": "For example: a home page with today's tasks, or a map.",
    "flows": "For example: from the home page to a detail page, then to checkout.",
    "feature_priorities": "Everything else can come in a later version.",
}


# Even simpler wording, for when someone says they did not understand the question.
_SIMPLE: dict[TopicId, str] = {
    "target_users": "Put simply: who is going to use this? Just describe them, like "
    "“the people at the front desk” or “people ordering lunch”.",
    "core_problem": "Put simply: what goes wrong today that this should fix?",
    "value_proposition": "Put simply: why would someone use this instead of what they do now?",
    "user_journey": "Put simply: when someone uses it, what do they do first, and then what?",
    "key_actions": "Put simply: what are the main things people should be able to do with it?",
    "pain_points": "Put simply: what bugs people most about how they do this today?",
    "platforms": "Put simply: should people use it on their phone, on a computer, or both?",
    "integrations": "Put simply: does it have to work together with anything you already use, "
    "like a payment system, a calendar or a spreadsheet?",
    "data": "Put simply: what information should it remember, like names, orders or photos?",
    "security_compliance": "Put simply: is there anything private in it that must not leak, "
    "like health, money or children's details?",
    "scale": "Put simply: about how many people will use it? A rough guess is fine.",
    "screens": "Put simply: when someone opens it, what should they see first?",
    "flows": "Put simply: after the first screen, where do people go next?",
    "feature_priorities": "Put simply: if it could only do one thing at first, what should it be?",
}

# What a question is for, in plain words ("what do you mean?").
_MEANING: dict[TopicId, str] = {
    "target_users": "I mean the people who will actually open it and use it.",
    "core_problem": "I mean the thing that goes wrong today that made you want to build this.",
    "value_proposition": "I mean the reason people would pick this over what they do now.",
    "user_journey": "I mean the steps someone goes through, from opening it to being done.",
    "key_actions": "I mean the main things people do with it: the buttons they'd press most.",
    "pain_points": "I mean what annoys or slows people down with how they do it today.",
    "platforms": "I mean what people use it on: a phone app, a website, a tablet, or inside "
    "another tool.",
    "integrations": "I mean other tools or services it has to work with, like the payment "
    "system you use, a calendar or a spreadsheet.",
    "data": "I mean the information it keeps, and who is allowed to see it.",
    "security_compliance": "I mean anything private or regulated it holds (health, money, "
    "children's details) and who may see it.",
    "scale": "I mean roughly how many people, or how many orders or bookings, it has to handle.",
    "screens": "I mean the pages people look at, and which one matters most.",
    "flows": "I mean how people move from one page to the next.",
    "feature_priorities": "I mean what must be in the first version and what can wait.",
}

# Words a non-technical person should never be asked for (checked by the tests).
JARGON: tuple[str, ...] = (
    "moscow",
    "stack",
    "sla",
    "p99",
    "rbac",
    "saml",
    "sso",
    "api",
    "apis",
    "sdk",
    "sdks",
    "webhook",
    "webhooks",
    "rest",
    "graphql",
    "persona",
    "job-to-be-done",
    "mvp",
    "latency",
    "rps",
    "qps",
    "etl",
    "schema",
    "data residency",
    "oauth",
    "kpi",
    "crud",
    "entities",
    "integration style",
    "ci",
    "telematics",
    "fhir",
    "hl7",
    "idx",
    "lti",
    "oneroster",
    "drm",
    "tms",
    "wms",
    "pims",
    "pms",
    "kds",
    "ledger",
    "reconciliation",
    "differentiation",
    "wedge",
    "core loop",
    "happy path",
    "activation",
    "systems of record",
    "concurrent",
    "throughput",
    "runtimes",
    "self-hosted",
    "saas",
    "ats",
    "hris",
    "audit log",
    "dms",
    "isobus",
    "gl",
)
_JARGON_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(j) for j in JARGON) + r")(?![\w-])", re.IGNORECASE
)


def jargon_in(text: str) -> list[str]:
    """Jargon words in `text` (lower case), for checking wording meant for novices."""
    return [m.group(0).lower() for m in _JARGON_RE.finditer(text)]


def _from_packs(packs_in_order: tuple[Pack, ...], topic: TopicId, fields: tuple[str, ...]) -> str:
    """The most specific pack's wording; a parent's wording naming a regime the sub-domain
    rules out (healthcare's HIPAA for a vet clinic) is skipped."""
    for i, pack in enumerate(packs_in_order):
        for field in fields:
            text: str | None = getattr(pack, field).get(topic)
            if text and not (i and _rules_out(packs_in_order[0], text)):
                return text
    return ""


def _rules_out(first: Pack, text: str) -> bool:
    return any(r.name.casefold() in text.casefold() for r in first.not_compliance)


def question_for(
    topic: TopicId,
    sophistication: Sophistication,
    industry: Industry,
    users: str = "",
    domain: str = "",
    region: str = "",
) -> str:
    """The question to ask about a topic for this person.

    Novices and intermediates get the pack's plain wording (novices an example too when no
    pack has one), advanced users the pack's precise wording, experts the terse generic
    question plus the precise angle. `users` (a short name for the target users) makes the
    question speak their language; `region` (where they are) localises compliance wording.
    """
    packs_in_order = chain_in(industry, domain, region)
    plain = _from_packs(packs_in_order, topic, ("questions",))
    precise = _from_packs(packs_in_order, topic, ("precise",))
    if sophistication == "novice":
        base = plain or f"{_PLAIN[topic]} {_EXAMPLE[topic]}"
    elif sophistication == "intermediate":
        base = plain or _PLAIN[topic]
    elif sophistication == "advanced":
        base = precise or _EXPERT[topic]
    else:
        base = f"{_EXPERT[topic]} {precise}" if precise else _EXPERT[topic]
    return _with_users(base, users)


def _with_users(text: str, users: str) -> str:
    who = users if users and len(users.split()) <= 4 else ""
    return text.replace("{users}", who or "people").replace(
        "{Users}", (who or "people").capitalize()
    )


def plainer(
    topic: TopicId,
    industry: Industry,
    before: str,
    users: str = "",
    domain: str = "",
    region: str = "",
) -> str:
    """The same question in plainer words than `before` (after "huh?" or "i dont get it")."""
    found = _from_packs(chain_in(industry, domain, region), topic, ("questions",))
    plain = _with_users(found, users)
    if plain and plain != before and not jargon_in(plain):
        return plain
    return _SIMPLE[topic]


def meaning(topic: TopicId) -> str:
    """What a question about `topic` is asking for, in plain words."""
    return _MEANING[topic]


def has_industry_angle(
    industry: Industry, topic: TopicId, domain: str = "", region: str = ""
) -> bool:
    """True when the precise question for this topic carries industry-specific knowledge."""
    return bool(_from_packs(chain_in(industry, domain, region), topic, ("precise",)))
