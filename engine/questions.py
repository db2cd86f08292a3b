"""Question wording by topic, sophistication and industry (pure)."""

from __future__ import annotations

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

# Industry knowledge: the angle a good product person would take on a topic in that field.
_INDUSTRY: dict[tuple[Industry, TopicId], str] = {
    ("fintech", "security_compliance"): "Does it touch KYC/AML, card data (PCI DSS) or "
    "money transmission licensing?",
    ("fintech", "integrations"): "How does money move: card processor, bank links (Plaid, "
    "open banking), ACH/SEPA, or a ledger of your own?",
    ("fintech", "data"): "Do you need a double-entry ledger, reconciliation and an audit trail "
    "of every transaction?",
    ("fintech", "key_actions"): "Which money movements are core: pay, transfer, invoice, "
    "reconcile, approve?",
    ("healthcare", "security_compliance"): "It will hold patient data: is HIPAA (BAAs, "
    "audit logs, minimum-necessary access) in scope, or GDPR health data?",
    ("healthcare", "integrations"): "Does it need to read or write the EHR (Epic, Cerner "
    "via FHIR/HL7), or stand alone?",
    ("healthcare", "pain_points"): "Where do clinicians lose time today: charting, handoffs, "
    "double entry?",
    ("healthcare", "platforms"): "Where are clinicians when they use it: at a workstation, "
    "on a shared tablet, or on their own phone between patients?",
    ("ecommerce", "key_actions"): "What does the catalogue look like (products, variants, "
    "stock) and how do people buy: cart, subscriptions, one-click?",
    ("ecommerce", "integrations"): "Which payments and fulfilment: Stripe/PayPal, Shopify, "
    "a 3PL or shipping carriers?",
    ("ecommerce", "user_journey"): "From browsing to delivery: discovery, cart, checkout, "
    "tracking, returns — where does it start and end?",
    ("education", "security_compliance"): "Are learners minors? That brings FERPA/COPPA "
    "and parental consent into scope.",
    ("education", "integrations"): "Does it plug into an LMS (Canvas, Moodle, Google "
    "Classroom) or rostering via LTI/OneRoster?",
    ("developer_tools", "integrations"): "How do developers adopt it: CLI, SDKs, REST/GraphQL "
    "API, GitHub app, CI plugins?",
    ("developer_tools", "platforms"): "Self-hosted, SaaS, or both? Which languages and "
    "runtimes first?",
    ("real_estate", "integrations"): "Does it pull listings from an MLS/IDX feed or "
    "portals, and connect to e-signature?",
    ("real_estate", "key_actions"): "Which parts of the deal are core: search, viewings, "
    "offers, leases, rent collection?",
    ("logistics", "integrations"): "Which carriers, telematics/GPS or WMS/TMS systems does "
    "it need to talk to?",
    ("logistics", "scale"): "How many shipments, vehicles or stops per day, and how live "
    "must tracking be?",
    ("hr", "security_compliance"): "It holds employee data: GDPR, EEO reporting, and who may "
    "see salaries and reviews?",
    ("hr", "integrations"): "Does it sync with an HRIS or payroll (Workday, BambooHR, "
    "Gusto) and calendars?",
    ("media_entertainment", "data"): "What content is it: video, audio, articles? Who holds "
    "the rights, and do you need DRM?",
    ("media_entertainment", "scale"): "Peak concurrent viewers or listeners, and how much "
    "content in the library?",
    ("b2b_saas", "security_compliance"): "Will enterprise buyers ask for SSO/SAML, roles and "
    "permissions, SOC 2?",
    ("b2b_saas", "integrations"): "Which tools must it sync with: CRM (Salesforce, HubSpot), "
    "Slack, Google Workspace?",
    ("consumer", "value_proposition"): "Why would someone open it again next week: what's the "
    "habit or the social hook?",
    ("consumer", "security_compliance"): "Any personal data to protect beyond sign-in: "
    "location, photos, payments, kids?",
}


_HINT: dict[tuple[Industry, TopicId], str] = {
    (
        "fintech",
        "security_compliance",
    ): "identity checks (KYC), card-data rules (PCI) and money-transfer licences",
    (
        "fintech",
        "integrations",
    ): "a card processor, links to people's bank accounts, and bank transfers",
    ("fintech", "data"): "a record of every money movement that always adds up",
    ("fintech", "key_actions"): "paying, transferring, invoicing and approving",
    ("healthcare", "security_compliance"): "patient privacy rules such as HIPAA",
    ("healthcare", "integrations"): "the hospital's patient-record system (the EHR)",
    ("healthcare", "pain_points"): "time lost to paperwork, shift handoffs and typing things twice",
    ("healthcare", "platforms"): "shared ward computers, tablets, or staff phones between patients",
    ("ecommerce", "key_actions"): "the product catalogue, the cart and checkout",
    ("ecommerce", "integrations"): "taking payments and shipping orders",
    ("ecommerce", "user_journey"): "browsing, checkout, delivery tracking and returns",
    (
        "education",
        "security_compliance",
    ): "student-privacy rules (FERPA) and parental consent for children",
    (
        "education",
        "integrations",
    ): "the school's learning system, such as Google Classroom or Canvas",
    ("developer_tools", "integrations"): "a command-line tool, code libraries (SDKs) and GitHub",
    ("developer_tools", "platforms"): "hosted for them, or installed on their own servers",
    ("real_estate", "integrations"): "listing feeds (MLS) and e-signatures",
    ("real_estate", "key_actions"): "searching, viewings, offers, leases and rent",
    ("logistics", "integrations"): "shipping carriers, vehicle GPS trackers and warehouse systems",
    ("logistics", "scale"): "shipments or stops per day, and how live tracking must be",
    ("hr", "security_compliance"): "employee privacy, and who may see salaries and reviews",
    ("hr", "integrations"): "payroll and HR systems, and calendars",
    ("media_entertainment", "data"): "the content itself and who owns the rights to it",
    ("media_entertainment", "scale"): "how many people watch or listen at the same time",
    (
        "b2b_saas",
        "security_compliance",
    ): "company sign-in (SSO), user roles and security audits (SOC 2)",
    ("b2b_saas", "integrations"): "the CRM, Slack and Google Workspace",
    ("consumer", "value_proposition"): "a habit or a social reason to come back",
    ("consumer", "security_compliance"): "location, photos, payments or children's data",
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


def question_for(
    topic: TopicId,
    sophistication: Sophistication,
    industry: Industry,
    users: str = "",
) -> str:
    """The question to ask about a topic for this person.

    Novices get plain words and an example, intermediates plain words with the industry's
    angle, advanced users precise wording, experts precise wording plus the industry angle.
    `users` (a short name for the target users) makes the question speak their language.
    """
    angle = _INDUSTRY.get((industry, topic))
    hint = _HINT.get((industry, topic))
    if sophistication == "novice":
        tail = f"In products like yours that usually covers {hint}." if hint else _EXAMPLE[topic]
        base = f"{_PLAIN[topic]} {tail}"
    elif sophistication == "intermediate":
        base = angle or _PLAIN[topic]
    elif sophistication == "advanced":
        base = angle or _EXPERT[topic]
    else:
        base = f"{_EXPERT[topic]} {angle}" if angle else _EXPERT[topic]
    who = users if users and len(users.split()) <= 4 else ""
    return base.replace("{users}", who or "people").replace(
        "{Users}", (who or "people").capitalize()
    )


def has_industry_angle(industry: Industry, topic: TopicId) -> bool:
    """True when the question for this topic carries industry-specific knowledge."""
    return (industry, topic) in _INDUSTRY
