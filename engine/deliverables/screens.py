"""The wireframe spec derived offline from a session's words, industry and requirements."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from engine.deliverables.requirements import Requirement
from engine.session import Session
from engine.types import Component, ComponentKind, Platform, Region, Screen, TopicId, WireframeSpec

_SPLIT = re.compile(r"\s*(?:[,;/\n]|\band\b|\bplus\b|\bthen\b)\s*", re.IGNORECASE)
_MOBILE = re.compile(r"\b(mobile|ios|iphone|android|phone|app store|play store)\b", re.I)
_WEB_FIRST = re.compile(r"\b(web|desktop|browser)\b[^.]*\b(first|only|primar)", re.I)
_FEATURE_TOPICS: frozenset[str] = frozenset({"key_actions", "user_journey", "screens"})


@dataclass(frozen=True, slots=True)
class Vocab:
    """Industry words: the core object, its table and sample rows, stats and form fields."""

    entity: str
    plural: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    stats: tuple[str, ...]
    fields: tuple[str, ...]
    title_col: int = 0  # the column that names a row in lists


VOCAB: dict[str, Vocab] = {
    "healthcare": Vocab(
        "Patient",
        "Patients",
        ("Patient", "Room", "Status", "Last note", "Owner"),
        (
            ("M. Okafor", "Bed 4", "Stable", "08:10", "Night shift"),
            ("R. Lindqvist", "Bed 7", "Watch", "07:45", "Night shift"),
            ("A. Haddad", "Bed 12", "Stable", "07:30", "Day shift"),
            ("J. Alvarez", "Bed 15", "Critical", "07:05", "Night shift"),
        ),
        ("On my shift: 14", "Handoffs pending: 5", "Flags: 2"),
        (
            "Patient — Select patient",
            "Situation — What is going on",
            "Background",
            "Assessment",
            "Recommendation",
        ),
    ),
    "fintech": Vocab(
        "Transaction",
        "Transactions",
        ("Date", "Description", "Category", "Amount", "Status"),
        (
            ("03 Jun", "Client lunch", "Meals", "−$84.20", "Approved"),
            ("02 Jun", "Train to Leeds", "Travel", "−$112.00", "Pending"),
            ("01 Jun", "Cloud hosting", "Software", "−$240.00", "Approved"),
            ("31 May", "Refund", "Income", "+$56.00", "Cleared"),
        ),
        ("Balance: $12,480", "This month: −$3,215", "Pending: 4"),
        ("Amount — 0.00", "Date — Today", "Category — Choose category", "Description", "Receipt"),
        1,
    ),
    "ecommerce": Vocab(
        "Product",
        "Products",
        ("Order", "Customer", "Items", "Total", "Status"),
        (
            ("#1042", "Dana K.", "3", "$86.00", "Paid"),
            ("#1041", "Leo M.", "1", "$24.00", "Shipped"),
            ("#1040", "Priya S.", "2", "$58.50", "Packed"),
            ("#1039", "Sam T.", "5", "$132.00", "Refunded"),
        ),
        ("Orders today: 38", "Revenue: $2,940", "Conversion: 3.2%", "Low stock: 6"),
        ("Product name", "Price — $0.00", "Stock — 0", "Description", "Photos — Upload images"),
    ),
    "education": Vocab(
        "Course",
        "Courses",
        ("Student", "Course", "Progress", "Last active", "Grade"),
        (
            ("Amira B.", "Algebra I", "72%", "Today", "B+"),
            ("Tom W.", "Algebra I", "45%", "Yesterday", "C"),
            ("Lena G.", "Biology", "90%", "Today", "A"),
            ("Kofi A.", "Biology", "30%", "3 days ago", "—"),
        ),
        ("Active learners: 128", "Lessons done: 342", "Avg. progress: 64%"),
        ("Course title", "Lesson title", "Video — Upload video", "Summary", "Quiz questions"),
    ),
    "real_estate": Vocab(
        "Listing",
        "Listings",
        ("Address", "Price", "Beds", "Status", "Agent"),
        (
            ("12 Elm St", "$420,000", "3", "For sale", "K. Ito"),
            ("8 Harbour Rd", "$1,150/mo", "2", "For rent", "D. Ruiz"),
            ("41 Mill Lane", "$615,000", "4", "Under offer", "K. Ito"),
            ("3 Quay Court", "$980/mo", "1", "For rent", "S. Park"),
        ),
        ("Active listings: 46", "Viewings this week: 19", "Offers: 4"),
        ("Address", "Price — $0", "Bedrooms — 0", "Description", "Photos — Upload images"),
    ),
    "logistics": Vocab(
        "Shipment",
        "Shipments",
        ("Shipment", "Origin", "Destination", "ETA", "Status"),
        (
            ("SH-2041", "Rotterdam", "Leipzig", "Today 16:00", "In transit"),
            ("SH-2040", "Antwerp", "Lyon", "Tomorrow", "Delayed"),
            ("SH-2039", "Hamburg", "Prague", "Today 11:30", "Delivered"),
            ("SH-2038", "Gdańsk", "Vienna", "Fri", "At depot"),
        ),
        ("In transit: 64", "Delayed: 7", "On-time rate: 93%"),
        ("Origin", "Destination", "Pickup date — Choose date", "Weight — kg", "Carrier"),
    ),
    "hr": Vocab(
        "Candidate",
        "Candidates",
        ("Candidate", "Role", "Stage", "Applied", "Owner"),
        (
            ("Nadia F.", "Backend engineer", "Interview", "2 Jun", "Chris"),
            ("Omar H.", "Designer", "Screening", "1 Jun", "Ana"),
            ("Julia P.", "Backend engineer", "Offer", "28 May", "Chris"),
            ("Wei L.", "Sales lead", "Applied", "27 May", "Ana"),
        ),
        ("Open roles: 9", "In interview: 23", "Offers out: 3"),
        ("Full name", "Role — Choose role", "Email", "CV — Upload file", "Notes"),
    ),
    "media_entertainment": Vocab(
        "Title",
        "Library",
        ("Title", "Type", "Duration", "Added", "Plays"),
        (
            ("Night Shift", "Series", "8 episodes", "2 Jun", "12.4k"),
            ("Coastlines", "Film", "1h 42m", "30 May", "8.1k"),
            ("Studio Talks", "Podcast", "45m", "28 May", "3.9k"),
            ("Field Notes", "Series", "6 episodes", "21 May", "2.2k"),
        ),
        ("Plays today: 4,120", "Watch time: 910 h", "New subscribers: 86"),
        ("Title", "Type — Choose type", "Description", "Cover image — Upload", "Release date"),
    ),
    "developer_tools": Vocab(
        "API key",
        "API keys",
        ("Name", "Key", "Created", "Last used", "Scope"),
        (
            ("Production", "sk_live_…9f2a", "12 Apr", "2 min ago", "read/write"),
            ("Staging", "sk_test_…41c0", "3 May", "1 h ago", "read/write"),
            ("CI pipeline", "sk_test_…7b9e", "20 May", "Yesterday", "read"),
            ("Analytics", "sk_live_…c3d1", "1 Jun", "Never", "read"),
        ),
        ("Requests (24 h): 1.2M", "Error rate: 0.4%", "p95 latency: 180 ms"),
        ("Key name", "Environment — Production", "Scopes — Choose scopes", "Expires — Never"),
    ),
}
_GENERIC = Vocab(
    "Item",
    "Items",
    ("Name", "Owner", "Status", "Updated"),
    (
        ("Q3 plan", "Alex", "Active", "Today"),
        ("Launch checklist", "Sam", "Draft", "Yesterday"),
        ("Customer feedback", "Jo", "Active", "2 days ago"),
        ("Budget review", "Alex", "Done", "Mon"),
    ),
    ("Active: 12", "Due this week: 5", "Completed: 48"),
    ("Name", "Owner — Choose person", "Due date — Choose date", "Description"),
)
_ENTITY_WORDS: tuple[tuple[str, str], ...] = (
    ("expense", "Expenses"),
    ("receipt", "Receipts"),
    ("transaction", "Transactions"),
    ("invoice", "Invoices"),
    ("order", "Orders"),
    ("ticket", "Tickets"),
    ("task", "Tasks"),
    ("project", "Projects"),
    ("booking", "Bookings"),
    ("appointment", "Appointments"),
    ("lesson", "Lessons"),
    ("course", "Courses"),
    ("patient", "Patients"),
    ("shipment", "Shipments"),
    ("delivery", "Deliveries"),
    ("listing", "Listings"),
    ("property", "Properties"),
    ("candidate", "Candidates"),
    ("product", "Products"),
    ("recipe", "Recipes"),
    ("event", "Events"),
    ("episode", "Episodes"),
    ("deal", "Deals"),
    ("lead", "Leads"),
    ("report", "Reports"),
)


@dataclass(frozen=True, slots=True)
class Ctx:
    """What the screen builders need: the session's words, requirements and choices."""

    session: Session
    reqs: tuple[Requirement, ...]
    vocab: Vocab
    industry: str
    platform: Platform
    product: str
    entity: str
    plural: str


def clip(text: str, limit: int) -> str:
    """Text squeezed to one line of at most `limit` characters (ellipsis when cut)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def sentence_case(text: str) -> str:
    """The first letter upper-cased, the rest untouched."""
    return text[:1].upper() + text[1:]


def phrases(text: str, limit: int = 6) -> tuple[str, ...]:
    """Short phrases of a free-text answer, sentence-cased, without duplicates."""
    out: dict[str, str] = {}
    for part in _SPLIT.split(text):
        part = part.strip(" .!?:-\"'")
        if 2 <= len(part) <= 48 and part.casefold() not in out:
            out[part.casefold()] = sentence_case(part)
    return tuple(out.values())[:limit]


def first_phrase(text: str, default: str) -> str:
    """The first short phrase of an answer, or `default` when it has none (empty or too long)."""
    found = phrases(text, 1)
    return found[0] if found else default


def is_mobile(session: Session) -> bool:
    """True when the platforms answer (or assumption) says mobile first, iOS or Android."""
    text, _ = session.said("platforms")
    if not text or _WEB_FIRST.search(text):
        return False
    lowered = text.lower()
    if "mobile-first" in lowered or "mobile first" in lowered:
        return True
    return bool(_MOBILE.search(text)) and not re.search(r"\b(web|desktop|browser)\b", text, re.I)


def product_name(session: Session) -> str:
    """A short title from the idea: its first clause, cut before 'to'/'with', then 'for'."""
    idea = session.idea.strip() or session.said("core_problem")[0] or "New product"
    first = re.split(r"[.!?\n]", idea)[0]
    lead = r"^(i want to build|i want|we want to build|we're building|we are building|build)\s+"
    first = re.sub(lead, "", first, flags=re.I)
    first = re.sub(r"^(an?|the)\s+", "", first, flags=re.I)
    words = first.split()
    for cut in (("to", "with", "so", "that", "which", "between"), ("for",)):
        if len(words) <= 7:
            break
        at = [i for i, w in enumerate(words) if w.lower() in cut and i >= 2]
        if at:
            words = words[: at[0]]
    return clip(sentence_case(" ".join(words[:8])), 60) or "New product"


def core_entity(session: Session, vocab: Vocab) -> tuple[str, str]:
    """The core object (singular, plural): a noun the user said, else the industry's."""
    said = [f.value for t in ("key_actions", "user_journey") for f in session.facts_for(t)]
    text = " ".join([session.idea, *said]).lower()
    found = [
        (m.start(), word, plural)
        for word, plural in _ENTITY_WORDS
        if (m := re.search(rf"\b{word}s?\b", text)) is not None
    ]
    if found:
        at, word, plural = min(found)
        own = re.search(rf"\b{re.escape(vocab.entity.lower())}s?\b", text)
        if own is None or own.start() > at:
            return sentence_case(word), plural
    return vocab.entity, vocab.plural


def row_item(vocab: Vocab, row: tuple[str, ...]) -> str:
    """A sample row as a list entry: its naming cell, then two other cells."""
    head = row[vocab.title_col]
    rest = [c for i, c in enumerate(row) if i != vocab.title_col][:2]
    return f"{head} — {' · '.join(rest)}"


def feature_reqs(ctx: Ctx) -> tuple[Requirement, ...]:
    """Requirements that are product features (not cross-cutting), in priority order."""
    order = {"Must": 0, "Should": 1, "Could": 2, "Won't": 3}
    feats = [r for r in ctx.reqs if r.topic in _FEATURE_TOPICS and r.priority != "Won't"]
    return tuple(sorted(feats, key=lambda r: order[r.priority]))


def req_for(ctx: Ctx, topic: TopicId) -> tuple[str, ...]:
    """Ids of the requirement for a cross-cutting topic plus the assumptions it rests on."""
    for req in ctx.reqs:
        if req.topic == topic:
            return (req.id, *req.refs)
    return ctx.session.said(topic)[1]


def refs_of(req: Requirement) -> tuple[str, ...]:
    """A requirement's id followed by the assumption ids it depends on."""
    return (req.id, *req.refs)[:6]


def comp(
    kind: ComponentKind, label: str = "", refs: Iterable[str] = (), **extra: object
) -> Component:
    """A component with its label clipped, items/columns/rows trimmed to the spec limits."""
    data: dict[str, object] = {
        "kind": kind,
        "label": clip(label, 120),
        "refs": tuple(dict.fromkeys(refs))[:6],
    }
    for key in ("items", "columns"):
        if key in extra:
            limit = 12 if key == "items" else 8
            data[key] = tuple(clip(str(v), 60) for v in extra.pop(key))[:limit]  # type: ignore[attr-defined]
    if "rows" in extra:
        data["rows"] = tuple(tuple(clip(c, 40) for c in row)[:8] for row in extra.pop("rows"))[:8]  # type: ignore[attr-defined]
    data.update(extra)
    return Component.model_validate(data)


def action_label(req: Requirement) -> str:
    """A button label from a feature title ('Log expenses' stays, 'Expense reports' -> 'Open …')."""
    title = clip(req.title, 32)
    first = title.split()[0].lower() if title.split() else ""
    verbs = {
        "add",
        "create",
        "log",
        "record",
        "write",
        "send",
        "start",
        "book",
        "track",
        "scan",
        "upload",
        "share",
        "approve",
        "invite",
        "pay",
        "order",
        "search",
        "find",
        "export",
        "review",
        "submit",
        "schedule",
        "assign",
        "flag",
        "hand",
        "view",
        "see",
        "check",
        "compare",
        "apply",
        "buy",
        "watch",
        "learn",
        "post",
        "reconcile",
        "categorize",
        "categorise",
        "message",
        "chat",
        "sign",
        "import",
        "sync",
        "request",
        "plan",
    }
    return title if first in verbs else clip(f"Open {title[:1].lower()}{title[1:]}", 32)


# ---------------------------------------------------------------- shared chrome


def nav_bar(items: list[str], active: str) -> Component:
    """The navigation in a stable order across screens, with this screen's entry selected."""
    return Component(kind="navbar", items=tuple(items), active=items.index(active))


def chrome(
    ctx: Ctx,
    screen_names: tuple[str, ...],
    active: str,
    main: list[Component],
    side: list[Component] | None = None,
    header_extra: Iterable[Component] = (),
) -> tuple[Region, ...]:
    """Header, navigation (left column or bottom tabs), main and an optional sidebar."""
    nav_items = list(screen_names[:6])
    if active not in nav_items:
        nav_items = [active, *nav_items][:6]
    platform_refs = req_for(ctx, "platforms")
    header = [
        comp("navbar", ctx.product, platform_refs),
        *header_extra,
    ]
    if ctx.platform == "desktop":
        header.append(comp("avatar", "Me"))
    regions = [
        Region(name="header", components=tuple(header)),
        Region(name="navigation", components=(nav_bar(nav_items, active),)),
        Region(name="main", components=tuple(main[:12])),
    ]
    if side:
        regions.append(Region(name="sidebar", components=tuple(side[:12])))
    return tuple(regions)


# ---------------------------------------------------------------- screens


ScreenBuilder = Callable[[Ctx, tuple[str, ...]], Screen]


def sign_in(ctx: Ctx, names: tuple[str, ...]) -> Screen:
    """Sign-in / onboarding with the value proposition as the welcome text."""
    value, value_refs = ctx.session.said("value_proposition")
    users, user_refs = ctx.session.said("target_users")
    security = req_for(ctx, "security_compliance")
    sec_text = ctx.session.said("security_compliance")[0].lower()
    main = [
        comp("heading", f"Welcome to {ctx.product}", user_refs),
        comp("text", sentence_case(value or f"Built for {users or 'your team'}."), value_refs),
        comp("input", "Work email", (), items=("name@company.com",)),
        comp("input", "Password", security, items=("••••••••",)),
        comp("button", "Sign in", security, primary=True),
    ]
    if "sso" in sec_text or "single sign" in sec_text:
        main.append(comp("button", "Continue with SSO", security))
    if any(w in sec_text for w in ("2fa", "mfa", "two-factor", "two factor")):
        main.append(comp("checkbox", "", security, items=("Remember this device for 30 days",)))
    if ctx.platform == "mobile":
        main.insert(0, comp("image", f"{ctx.product} logo"))
    return Screen(
        id="sign_in",
        name="Sign in",
        purpose=clip(f"Get {users or 'people'} in quickly and securely", 240),
        platform=ctx.platform,
        regions=(Region(name="main", components=tuple(main)),),
        links=(("Sign in", "dashboard"),),
    )


def dashboard(ctx: Ctx, names: tuple[str, ...]) -> Screen:
    """Home: the problem in a sentence, stats, a trend chart, recent items and top actions."""
    problem, problem_refs = ctx.session.said("core_problem")
    users, user_refs = ctx.session.said("target_users")
    data_refs = req_for(ctx, "data")
    feats = feature_reqs(ctx)
    main: list[Component] = [
        comp("heading", f"Today, {first_phrase(users, 'your team')}", user_refs)
    ]
    if problem:
        main.append(comp("text", sentence_case(clip(problem, 110)), problem_refs))
    main += [
        comp("button", action_label(r), refs_of(r), primary=i == 0) for i, r in enumerate(feats[:2])
    ]
    main.append(comp("stat_tiles", "", data_refs, items=ctx.vocab.stats))
    data_text = ctx.session.said("data")[0]
    chart_label = clip(first_phrase(data_text, f"{ctx.plural} this week"), 40)
    main.append(
        comp(
            "chart",
            chart_label,
            data_refs,
            chart="line" if ctx.industry in ("fintech", "developer_tools") else "bar",
            items=("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
        )
    )
    recent = tuple(row_item(ctx.vocab, row) for row in ctx.vocab.rows)
    main.append(
        comp("list", f"Recent {ctx.plural.lower()}", [r.id for r in feats[:1]], items=recent)
    )
    links = [(f"View {ctx.plural.lower()}", "items")]
    if feats:
        links.append((action_label(feats[0]), "create"))
    links.append(("Settings", "settings"))
    return Screen(
        id="dashboard",
        name="Dashboard",
        purpose=clip(
            f"What needs attention now: {problem}" if problem else "What needs attention now", 240
        ),
        platform=ctx.platform,
        regions=chrome(ctx, names, "Dashboard", main),
        links=tuple(links),
    )


def items_list(ctx: Ctx, names: tuple[str, ...]) -> Screen:
    """The core object's list as a table (desktop) or list (mobile) with search and filters."""
    scale_refs = req_for(ctx, "scale")
    feats = feature_reqs(ctx)
    search_refs = [r.id for r in feats if re.search(r"search|find|filter", r.title, re.I)][:3]
    name = clip(ctx.plural, 40)
    filters = ("All", *sorted({row[min(2, len(row) - 1)] for row in ctx.vocab.rows}))[:5]
    main: list[Component] = [
        comp("heading", name, [r.id for r in feats[:1]]),
        comp("search", f"Search {ctx.plural.lower()}", search_refs),
        comp("tabs", "", (), items=filters),
    ]
    if ctx.platform == "mobile":
        main.append(
            comp(
                "list", "", scale_refs, items=tuple(row_item(ctx.vocab, r) for r in ctx.vocab.rows)
            )
        )
    else:
        main.append(comp("table", "", scale_refs, columns=ctx.vocab.columns, rows=ctx.vocab.rows))
    create = next(
        (r for r in feats if re.search(r"add|create|new|log|record|upload", r.title, re.I)),
        feats[0] if feats else None,
    )
    if create is not None:
        main.insert(1, comp("button", action_label(create), refs_of(create), primary=True))
    return Screen(
        id="items",
        name=name,
        purpose=clip(f"Find and scan every {ctx.entity.lower()}", 240),
        platform=ctx.platform,
        regions=chrome(ctx, names, name, main),
        links=((f"Open {ctx.entity.lower()}", "detail"), (f"New {ctx.entity.lower()}", "create")),
    )


def detail(ctx: Ctx, names: tuple[str, ...]) -> Screen:
    """One object: header facts, tabs, activity timeline and related actions in the sidebar."""
    feats = feature_reqs(ctx)
    row = ctx.vocab.rows[0]
    pains = phrases(ctx.session.said("pain_points")[0], 3)
    pain_refs = ctx.session.said("pain_points")[1]
    title = {"healthcare": "Patient chart", "fintech": "Transaction detail"}.get(
        ctx.industry, f"{ctx.entity} detail"
    )
    stats = tuple(f"{c}: {v}" for c, v in zip(ctx.vocab.columns[1:], row[1:], strict=False))[:4]
    journey = phrases(ctx.session.said("user_journey")[0], 5)
    timeline = tuple(
        f"{step} — {t}"
        for step, t in zip(journey, ("08:00", "09:30", "11:15", "13:40", "16:05"), strict=False)
    ) or ("Created — 08:00", "Updated — 09:30")
    main: list[Component] = [
        comp("avatar", row_item(ctx.vocab, row)),
        comp("stat_tiles", "", (), items=stats),
        comp("tabs", "", (), items=("Overview", "Activity", "Notes", "Files")),
        comp(
            "timeline",
            "Activity",
            ctx.session.said("user_journey")[1]
            + tuple(r.id for r in feats if r.topic == "user_journey")[:3],
            items=timeline,
        ),
    ]
    if ctx.industry == "healthcare":
        main.insert(
            3,
            comp(
                "chart",
                "Vitals, last 24 h",
                req_for(ctx, "data"),
                chart="line",
                items=("00", "04", "08", "12", "16", "20"),
            ),
        )
    side = [
        comp("button", action_label(r), refs_of(r), primary=i == 0)
        for i, r in enumerate(feats[2:5])
    ]
    if pains:
        side.append(comp("text", "Watch-outs", pain_refs, items=pains))
    side.append(comp("badge", row[2] if len(row) > 2 else "Active", (), items=()))
    if ctx.platform == "mobile":
        main += side
        side = []
    return Screen(
        id="detail",
        name=clip(title, 60),
        purpose=clip(f"Everything about one {ctx.entity.lower()} in one place", 240),
        platform=ctx.platform,
        regions=chrome(ctx, names, title, main, side),
        links=(("Edit", "create"), ("Back to list", "items")),
    )


def create_form(ctx: Ctx, names: tuple[str, ...]) -> Screen:
    """The main create/edit form, named after the top feature, fields from the industry."""
    feats = feature_reqs(ctx)
    top = next(
        (
            r
            for r in feats
            if re.search(r"add|create|new|log|record|write|upload|submit|book", r.title, re.I)
        ),
        None,
    )
    title = clip(top.title, 60) if top else f"New {ctx.entity.lower()}"
    refs = refs_of(top) if top else ()
    fields = list(ctx.vocab.fields)
    if top and top.detail and len(top.detail) < 48:
        fields.append(f"Notes — {sentence_case(top.detail)}")
    main = [
        comp("heading", title, refs),
        comp("form", "", refs, items=fields),
        comp("button", "Save", refs, primary=True),
        comp("button", "Cancel"),
    ]
    return Screen(
        id="create",
        name=title,
        purpose=clip(top.detail if top else f"Add a {ctx.entity.lower()}", 240),
        platform=ctx.platform,
        regions=chrome(ctx, names, title, main),
        links=(("Save", "detail"), ("Cancel", "items")),
    )


def settings(ctx: Ctx, names: tuple[str, ...]) -> Screen:
    """Settings: integrations as toggles, security and compliance options, notifications."""
    integ, _ = ctx.session.said("integrations")
    sec, _ = ctx.session.said("security_compliance")
    main: list[Component] = [
        comp("heading", "Settings"),
        comp("tabs", "", (), items=("Account", "Integrations", "Security", "Notifications")),
    ]
    if integ:
        main.append(
            comp(
                "toggle",
                "Integrations",
                req_for(ctx, "integrations"),
                items=tuple(f"Connect {p}" for p in phrases(integ, 5)),
            )
        )
    if sec:
        main.append(
            comp("checkbox", "Security", req_for(ctx, "security_compliance"), items=phrases(sec, 4))
        )
    main.append(
        comp(
            "toggle",
            "Notifications",
            (),
            items=(f"Notify me about new {ctx.plural.lower()}", "Daily summary email"),
        )
    )
    main.append(comp("button", "Save changes", primary=True))
    return Screen(
        id="settings",
        name="Settings",
        purpose="Connections, security and notifications",
        platform=ctx.platform,
        regions=chrome(ctx, names, "Settings", main),
        links=(("Back", "dashboard"),),
    )


def special(ctx: Ctx, names: tuple[str, ...]) -> Screen | None:
    """The industry's signature screen (ledger, cart, lesson, map, pipeline, player, logs)."""
    ind = ctx.industry
    feats = feature_reqs(ctx)
    frefs = [r.id for r in feats[3:6]]
    if ind == "fintech":
        rows = tuple((*r[:4],) for r in ctx.vocab.rows)
        main = [
            comp("heading", "Ledger", frefs),
            comp(
                "stat_tiles",
                "",
                req_for(ctx, "data"),
                items=("Opening: $9,120", "In: +$6,575", "Out: −$3,215", "Closing: $12,480"),
            ),
            comp(
                "table",
                "June",
                req_for(ctx, "integrations"),
                columns=("Date", "Description", "Category", "Amount"),
                rows=rows,
            ),
            comp("button", "Export CSV"),
        ]
        return Screen(
            id="ledger",
            name="Ledger",
            purpose="Every movement of money, reconciled",
            platform=ctx.platform,
            regions=chrome(ctx, names, "Ledger", main),
            links=(("Open transaction", "detail"),),
        )
    if ind == "ecommerce":
        main = [
            comp("heading", "Your cart", frefs),
            comp(
                "list",
                "",
                (),
                items=(
                    "Linen shirt — Size M · $48.00",
                    "Canvas tote — $24.00",
                    "Ceramic mug — 2 × $14.00",
                ),
            ),
            comp(
                "stat_tiles",
                "",
                (),
                items=("Subtotal: $100.00", "Shipping: $4.90", "Total: $104.90"),
            ),
            comp(
                "form",
                "Checkout",
                req_for(ctx, "integrations"),
                items=("Email", "Shipping address", "Card — Card number"),
            ),
            comp("button", "Pay $104.90", req_for(ctx, "integrations"), primary=True),
        ]
        return Screen(
            id="cart",
            name="Cart and checkout",
            purpose="From cart to paid in one screen",
            platform=ctx.platform,
            regions=chrome(ctx, names, "Cart and checkout", main),
            links=(("Pay", "dashboard"),),
        )
    if ind == "education":
        main = [
            comp("heading", "Lesson 3: Linear equations", frefs),
            comp("image", "Lesson video"),
            comp("tabs", "", (), items=("Notes", "Transcript", "Quiz")),
            comp("text", "Work through the examples, then try the quiz.", ()),
            comp("button", "Mark complete", primary=True),
            comp("button", "Next lesson"),
        ]
        return Screen(
            id="lesson",
            name="Lesson",
            purpose="Watch, practise and track progress",
            platform=ctx.platform,
            regions=chrome(ctx, names, "Lesson", main),
            links=(("Next lesson", "lesson"), ("Back to course", "items")),
        )
    if ind == "real_estate":
        main = [
            comp("search", "Area", (), items=("Neighbourhood, city or postcode",)),
            comp("map", "Listings map", frefs, items=tuple(r[0] for r in ctx.vocab.rows)),
            comp("card_grid", "", (), items=tuple(f"{r[0]} — {r[1]}" for r in ctx.vocab.rows)),
        ]
        return Screen(
            id="map",
            name="Map search",
            purpose="Browse listings by area",
            platform=ctx.platform,
            regions=chrome(ctx, names, "Map search", main),
            links=(("Open listing", "detail"),),
        )
    if ind == "logistics":
        main = [
            comp("heading", "Tracking SH-2041", frefs),
            comp(
                "map",
                "Live route",
                req_for(ctx, "integrations"),
                items=("Rotterdam", "Truck 14", "Leipzig"),
            ),
            comp(
                "timeline",
                "Milestones",
                (),
                items=("Picked up — 06:10", "Border crossed — 09:45", "Out for delivery — 14:20"),
            ),
        ]
        return Screen(
            id="tracking",
            name="Tracking",
            purpose="Where every shipment is, live",
            platform=ctx.platform,
            regions=chrome(ctx, names, "Tracking", main),
            links=(("Open shipment", "detail"),),
        )
    if ind == "hr":
        main = [
            comp("heading", "Pipeline", frefs),
            comp(
                "tabs",
                "",
                (),
                items=("Applied 41", "Screening 12", "Interview 8", "Offer 3", "Hired 2"),
            ),
            comp("card_grid", "", (), items=tuple(f"{r[0]} — {r[1]}" for r in ctx.vocab.rows)),
        ]
        return Screen(
            id="pipeline",
            name="Candidate pipeline",
            purpose="Move candidates through the stages",
            platform=ctx.platform,
            regions=chrome(ctx, names, "Candidate pipeline", main),
            links=(("Open candidate", "detail"),),
        )
    if ind == "media_entertainment":
        main = [
            comp("image", "Now playing"),
            comp("heading", "Night Shift · Episode 3", frefs),
            comp("button", "Play", primary=True),
            comp("button", "Add to list"),
            comp(
                "list",
                "Up next",
                (),
                items=("Episode 4 — 42m", "Episode 5 — 39m", "Episode 6 — 44m"),
            ),
        ]
        return Screen(
            id="player",
            name="Player",
            purpose="Watch and continue where you left off",
            platform=ctx.platform,
            regions=chrome(ctx, names, "Player", main),
            links=(("Back to library", "items"),),
        )
    if ind == "developer_tools":
        main = [
            comp("heading", "Request logs", frefs),
            comp("search", "Filter", (), items=("status:500 path:/v1/charges",)),
            comp(
                "chart",
                "Requests per minute",
                req_for(ctx, "scale"),
                chart="line",
                items=("-60m", "-45m", "-30m", "-15m", "now"),
            ),
            comp(
                "table",
                "",
                req_for(ctx, "data"),
                columns=("Time", "Method", "Path", "Status", "Latency"),
                rows=(
                    ("12:04:11", "POST", "/v1/charges", "200", "142 ms"),
                    ("12:04:09", "GET", "/v1/customers", "200", "38 ms"),
                    ("12:04:02", "POST", "/v1/refunds", "500", "911 ms"),
                ),
            ),
        ]
        return Screen(
            id="logs",
            name="Logs",
            purpose="See and debug every API request",
            platform=ctx.platform,
            regions=chrome(ctx, names, "Logs", main),
            links=(("Open key", "detail"),),
        )
    return None


SCREEN_NAMES: dict[str, str] = {"dashboard": "Dashboard", "settings": "Settings"}


def _cover_rest(screens: list[Screen], ctx: Ctx) -> list[Screen]:
    """Requirements not yet on any screen become a 'Planned features' list on the dashboard."""
    used = {ref for s in screens for r in s.regions for c in r.components for ref in c.refs}
    missing = [r for r in ctx.reqs if r.id not in used and r.priority != "Won't"]
    if not missing:
        return screens
    out = []
    for screen in screens:
        if screen.id == "dashboard":
            regions = []
            for region in screen.regions:
                if region.name == "main":
                    extra = comp(
                        "list",
                        "Also in scope",
                        [r.id for r in missing],
                        items=tuple(f"{r.title} — {r.priority}" for r in missing),
                    )
                    region = Region(name="main", components=(*region.components[:11], extra))
                regions.append(region)
            screen = screen.model_copy(update={"regions": tuple(regions)})
        out.append(screen)
    return out


def spec_from_session(session: Session, requirements: tuple[Requirement, ...]) -> WireframeSpec:
    """3–8 screens built from the session's features, journey, industry and platform."""
    industry = session.profile.industry
    vocab = VOCAB.get(industry, _GENERIC)
    entity, plural = core_entity(session, vocab)
    if (entity, plural) != (vocab.entity, vocab.plural):
        vocab = Vocab(
            entity, plural, vocab.columns, vocab.rows, vocab.stats, vocab.fields, vocab.title_col
        )
    ctx = Ctx(
        session,
        requirements,
        vocab,
        industry,
        "mobile" if is_mobile(session) else "desktop",
        product_name(session),
        entity,
        plural,
    )
    builders: list[ScreenBuilder] = [sign_in, dashboard, items_list, detail, create_form]
    probe = special(ctx, ())
    names: tuple[str, ...] = ("Dashboard", clip(plural, 40))
    names += (probe.name, "Settings") if probe is not None else ("Settings",)
    screens = [b(ctx, names) for b in builders]
    extra = special(ctx, names)
    if extra is not None:
        screens.insert(3, extra)
    screens.append(settings(ctx, names))
    screens = _cover_rest(screens, ctx)
    ids = {s.id for s in screens}
    screens = [
        s.model_copy(update={"links": tuple(link for link in s.links if link[1] in ids)})
        for s in screens
    ]
    if extra is not None:
        screens = [_link_extra(s, extra) for s in screens]
    return WireframeSpec(title=clip(ctx.product, 80), screens=tuple(screens[:8]))


def _link_extra(screen: Screen, extra: Screen) -> Screen:
    """The dashboard links to the industry screen too."""
    if screen.id != "dashboard" or len(screen.links) >= 8:
        return screen
    return screen.model_copy(
        update={"links": (*screen.links, (f"Open {extra.name.lower()}", extra.id))}
    )


def coverage(spec: WireframeSpec) -> dict[str, tuple[str, ...]]:
    """Each requirement/assumption id → names of the screens that realise it, in spec order."""
    found: dict[str, list[str]] = {}
    for screen in spec.screens:
        for region in screen.regions:
            for component in region.components:
                for ref in component.refs:
                    names = found.setdefault(ref, [])
                    if screen.name not in names:
                        names.append(screen.name)
    return {
        ref: tuple(names)
        for ref, names in sorted(
            found.items(), key=lambda kv: (kv[0][0], int(kv[0][1:]) if kv[0][1:].isdigit() else 0)
        )
    }
