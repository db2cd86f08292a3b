"""Assumptions for uncovered topics: value, confidence, reasoning and impact (pure)."""

from __future__ import annotations

from engine.session import Assumption, Session
from engine.topics import TOPIC_BY_ID
from engine.types import Industry, TopicId

_GENERIC: dict[TopicId, tuple[str, float, str]] = {
    "target_users": (
        "Small teams adopting a new tool",
        0.35,
        "who you build for shapes every screen",
    ),
    "core_problem": (
        "The current process is manual and slow",
        0.35,
        "the brief would optimise for the wrong outcome",
    ),
    "value_proposition": (
        "Faster and simpler than today's workaround",
        0.4,
        "positioning and the first-run experience change",
    ),
    "user_journey": (
        "Sign up, set up, do the core task, review the result",
        0.5,
        "screen order and onboarding change",
    ),
    "key_actions": (
        "Create records, track their status, share with the team, export reports",
        0.4,
        "the feature list and the main screens change",
    ),
    "pain_points": (
        "Too much manual work and no single source of truth",
        0.4,
        "what the product optimises for changes",
    ),
    "platforms": ("Responsive web app first, mobile later", 0.55, "the whole build plan changes"),
    "integrations": (
        "Email sign-in and CSV import/export; no other integrations in v1",
        0.5,
        "scope and timeline grow with each integration",
    ),
    "data": (
        "Accounts, the core records and an activity history",
        0.5,
        "the data model needs rework",
    ),
    "security_compliance": (
        "Standard sign-in, encrypted data, role-based access",
        0.5,
        "a compliance regime found late is expensive",
    ),
    "scale": (
        "Hundreds to a few thousand users in year one",
        0.5,
        "infrastructure is sized wrongly",
    ),
    "screens": (
        "Sign-in, dashboard, list, detail and settings",
        0.55,
        "the wireframes show the wrong screens",
    ),
    "flows": (
        "Dashboard to list to detail, with create from the list",
        0.55,
        "navigation feels wrong",
    ),
    "feature_priorities": (
        "The core task is a must; reporting and integrations come later",
        0.5,
        "the MVP scope is wrong",
    ),
}

_INDUSTRY: dict[tuple[Industry, TopicId], tuple[str, float]] = {
    ("fintech", "key_actions"): ("Connect accounts, see transactions, move money, reconcile", 0.5),
    ("healthcare", "key_actions"): (
        "Find the patient, record notes, share with the care team",
        0.45,
    ),
    ("education", "key_actions"): (
        "Enrol in a course, follow lessons, submit work, track progress",
        0.5,
    ),
    ("developer_tools", "key_actions"): (
        "Create an API key, integrate the SDK, watch usage and logs",
        0.5,
    ),
    ("real_estate", "key_actions"): (
        "Search listings, save favourites, book viewings, message the agent",
        0.5,
    ),
    ("logistics", "key_actions"): (
        "Create shipments, assign carriers, track live, handle exceptions",
        0.5,
    ),
    ("hr", "key_actions"): ("Post a job, review candidates, schedule interviews, send offers", 0.5),
    ("media_entertainment", "key_actions"): (
        "Browse the library, play content, save favourites, follow creators",
        0.5,
    ),
    ("b2b_saas", "key_actions"): (
        "Invite the team, create records, assign work, report progress",
        0.45,
    ),
    ("consumer", "key_actions"): (
        "Set a goal, log activity, see progress, share with friends",
        0.45,
    ),
    ("fintech", "security_compliance"): (
        "PCI DSS via a hosted card processor, KYC/AML checks at onboarding, full audit trail",
        0.6,
    ),
    ("fintech", "integrations"): (
        "A card processor (e.g. Stripe) and bank account linking (e.g. Plaid)",
        0.55,
    ),
    ("fintech", "data"): ("An append-only transaction ledger with daily reconciliation", 0.55),
    ("fintech", "platforms"): ("Mobile app plus a web dashboard", 0.5),
    ("healthcare", "security_compliance"): (
        "HIPAA: BAAs with vendors, audit logs, role-based access to patient data",
        0.65,
    ),
    ("healthcare", "integrations"): (
        "Read-only EHR access over FHIR in a later phase; standalone in v1",
        0.45,
    ),
    ("healthcare", "platforms"): ("Tablet-friendly web app used on shared hospital devices", 0.45),
    ("healthcare", "target_users"): ("Clinicians (nurses and physicians) on busy shifts", 0.4),
    ("ecommerce", "integrations"): (
        "Stripe for payments and a shipping carrier API for labels and tracking",
        0.55,
    ),
    ("ecommerce", "key_actions"): (
        "Browse the catalogue, add to cart, check out, track the order",
        0.6,
    ),
    ("ecommerce", "security_compliance"): (
        "PCI handled by the payment provider; GDPR for customer data",
        0.55,
    ),
    ("ecommerce", "platforms"): ("Mobile-first responsive web shop", 0.55),
    ("education", "security_compliance"): (
        "FERPA for student records; COPPA if learners are under 13",
        0.55,
    ),
    ("education", "integrations"): ("LMS integration (Canvas, Google Classroom) via LTI", 0.45),
    ("education", "target_users"): ("Teachers and their students", 0.45),
    ("developer_tools", "integrations"): ("GitHub, a CLI and a REST API with SDKs", 0.55),
    ("developer_tools", "platforms"): ("SaaS web console plus CLI; self-hosting later", 0.5),
    ("developer_tools", "security_compliance"): (
        "API keys with scopes, SSO for teams, SOC 2 on the roadmap",
        0.5,
    ),
    ("real_estate", "integrations"): ("MLS/IDX listing feed and e-signature", 0.5),
    ("real_estate", "screens"): ("Search with map, listing detail, saved homes, messages", 0.5),
    ("logistics", "integrations"): ("Carrier APIs and GPS/telematics feeds", 0.5),
    ("logistics", "screens"): ("Live map, shipment list, shipment detail, exceptions", 0.5),
    ("logistics", "scale"): ("Thousands of shipments per day with minute-level tracking", 0.45),
    ("hr", "security_compliance"): (
        "GDPR for employee data; salaries and reviews visible only to HR and managers",
        0.55,
    ),
    ("hr", "integrations"): ("HRIS/payroll sync (e.g. BambooHR, Gusto) and calendars", 0.5),
    ("media_entertainment", "data"): (
        "A content library with rights metadata and viewing history",
        0.5,
    ),
    ("media_entertainment", "platforms"): ("Mobile apps and web, with TV later", 0.45),
    ("b2b_saas", "security_compliance"): ("SSO/SAML, roles and permissions, SOC 2 readiness", 0.55),
    ("b2b_saas", "integrations"): (
        "Slack, Google Workspace and a CRM (Salesforce or HubSpot)",
        0.5,
    ),
    ("consumer", "platforms"): ("iOS and Android apps first", 0.55),
    ("consumer", "scale"): ("Tens of thousands of users if it catches on; spiky traffic", 0.4),
}

_INDUSTRY_LABEL: dict[Industry, str] = {
    "fintech": "fintech",
    "healthcare": "healthcare",
    "ecommerce": "e-commerce",
    "education": "education",
    "developer_tools": "developer tools",
    "real_estate": "real estate",
    "logistics": "logistics",
    "hr": "HR",
    "media_entertainment": "media and entertainment",
    "b2b_saas": "B2B SaaS",
    "consumer": "consumer",
    "other": "general",
}


def industry_label(industry: Industry) -> str:
    """A readable name for an industry id."""
    return _INDUSTRY_LABEL[industry]


def _basis(session: Session, topic: TopicId) -> tuple[str, float, str]:
    value, confidence, _ = _GENERIC[topic]
    industry = session.profile.industry
    specific = _INDUSTRY.get((industry, topic))
    label = _INDUSTRY_LABEL[industry]
    if specific is not None:
        value, confidence = specific
        return value, confidence, f"Typical for {label} products"
    if topic in ("screens", "flows", "feature_priorities") and session.facts_for("key_actions"):
        said = session.facts_for("key_actions")[0].value
        return value, confidence, f'Derived from what you said you need ("{_clip(said)}")'
    return value, confidence, f"A common default for {label} products"


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def assume(session: Session, topic: TopicId, index: int) -> Assumption:
    """An assumption for an open topic; `index` numbers it (A1, A2…)."""
    value, confidence, basis = _basis(session, topic)
    confidence = round(confidence * (0.6 + 0.4 * session.profile.industry_confidence), 2)
    _, _, impact = _GENERIC[topic]
    label = TOPIC_BY_ID[topic].label.lower()
    return Assumption(
        id=f"A{index}",
        topic=topic,
        value=value,
        confidence=max(0.2, confidence),
        reasoning=f"{basis}; nobody has described the {label} yet.",
        impact=f"If wrong, {impact}.",
    )


def assume_open(session: Session, topics: tuple[TopicId, ...]) -> Session:
    """The session with an assumption added for each listed topic that is still open."""
    made = list(session.assumptions)
    next_index = _next_index(session)
    for topic in topics:
        if session.facts_for(topic) or session.assumption_for(topic):
            continue
        made.append(assume(session, topic, next_index))
        next_index += 1
    counters = session.counters.model_copy(
        update={
            "assumptions_made": session.counters.assumptions_made
            + len(made)
            - len(session.assumptions)
        }
    )
    return session.model_copy(update={"assumptions": tuple(made), "counters": counters})


def _next_index(session: Session) -> int:
    numbers = [int(a.id[1:]) for a in session.assumptions if a.id[1:].isdigit()]
    return max(numbers, default=0) + 1


def correct(session: Session, topic: TopicId, value: str) -> tuple[Session, Assumption | None]:
    """Apply a correction to a topic's assumption; returns the old assumption if one changed."""
    old = session.assumption_for(topic)
    if old is None:
        return session, None
    new = old.model_copy(
        update={
            "value": value,
            "source": "corrected",
            "confidence": 1.0,
            "version": old.version + 1,
            "previous": old.value,
            "reasoning": "Corrected by the user.",
        }
    )
    assumptions = tuple(new if a.id == old.id else a for a in session.assumptions)
    return session.model_copy(update={"assumptions": assumptions}), old
