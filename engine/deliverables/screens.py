"""The wireframe spec derived offline from what people said: their screens, nouns and platform."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from engine.deliverables.headless import headless_spec
from engine.deliverables.nouns import Noun, noun_in, nouns_of, plural_of, said_text
from engine.deliverables.requirements import Requirement
from engine.deliverables.steps import screens_anywhere
from engine.deliverables.terms import VERBS
from engine.deliverables.wording import (
    clip,
    phrases,
    product_title,
    sentence_case,
)
from engine.interface import frame_of, interface_of, needs_sign_in, platform_of
from engine.packs import Pack, pack_for
from engine.session import Session
from engine.types import (
    Component,
    ComponentKind,
    Platform,
    Region,
    Screen,
    TopicId,
    WireframeSpec,
)

_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("settings", re.compile(r"\b(settings|preferences|admin|configuration)\b", re.I)),
    ("scan", re.compile(r"\b(scan|scanner|scanning|camera|barcode)\b", re.I)),
    ("map", re.compile(r"\b(map|near me|nearby|route)\b", re.I)),
    (
        "schedule",
        re.compile(r"\b(calendar|schedule|day view|week|agenda|rota|roster|timetable)\b", re.I),
    ),
    (
        "overview",
        re.compile(r"\b(dashboard|overview|summary|reports?|stats|analytics|insights)\b", re.I),
    ),
    ("list", re.compile(r"\b(queue|list|inbox|board|log|history|feed|table|tracker)\b", re.I)),
    (
        "form",
        re.compile(
            r"\b(form|questionnaire|survey|intake|book|add|new|create|check[- ]?in|checkout|"
            r"request|submit|order|sign[- ]?up)\b",
            re.I,
        ),
    ),
    ("detail", re.compile(r"\b(detail|details|record|profile|card|history of|page for)\b", re.I)),
)


@dataclass(frozen=True, slots=True)
class Described:
    """One screen to draw: its name, purpose, kind, noun, frame and what it rests on."""

    name: str
    purpose: str
    kind: str
    noun: Noun
    frame: Platform
    refs: tuple[str, ...] = ()  # the assumption id when the screen is assumed
    step: bool = False  # one step of a journey people listed: its button moves on


@dataclass(frozen=True, slots=True)
class Ctx:
    """What the screen builders share: the session, requirements, title and navigation."""

    session: Session
    reqs: tuple[Requirement, ...]
    title: str
    names: tuple[str, ...]


def comp(
    kind: ComponentKind, label: str = "", refs: Iterable[str] = (), **extra: object
) -> Component:
    """A component with its label clipped, items/columns/rows trimmed to the spec limits."""
    data: dict[str, object] = {
        "kind": kind,
        "label": clip(label, 120),
        "refs": tuple(dict.fromkeys(refs))[:6],
    }
    for key, limit in (("items", 12), ("columns", 8)):
        if key in extra:
            data[key] = tuple(clip(str(v), 60) for v in extra.pop(key))[:limit]  # type: ignore[attr-defined]
    if "rows" in extra:
        data["rows"] = tuple(tuple(clip(c, 40) for c in row)[:8] for row in extra.pop("rows"))[:8]  # type: ignore[attr-defined]
    data.update(extra)
    return Component.model_validate(data)


def _named_kind(text: str) -> bool:
    return any(pattern.search(text) for _, pattern in _KINDS)


def kind_of(text: str) -> str:
    """Which layout a described screen needs, from the words naming it."""
    return next((kind for kind, pattern in _KINDS if pattern.search(text)), "list")


def req_for(ctx: Ctx, topic: TopicId) -> tuple[str, ...]:
    """Ids of the requirement for a topic plus the assumptions it rests on."""
    for req in ctx.reqs:
        if req.topic == topic:
            return (req.id, *req.refs)
    return ctx.session.said(topic)[1]


def reqs_about(ctx: Ctx, noun: Noun) -> tuple[str, ...]:
    """Feature requirement ids whose text mentions the noun."""
    pattern = re.compile(rf"\b({re.escape(noun.name)}|{re.escape(noun.plural)})\b", re.I)
    return tuple(r.id for r in ctx.reqs if r.topic == "key_actions" and pattern.search(r.detail))


def row_item(noun: Noun, row: tuple[str, ...]) -> str:
    """A sample row as a list entry: its first cell, then two others."""
    return f"{row[0]} — {' · '.join(row[1:3])}" if len(row) > 1 else row[0]


def described(session: Session, nouns: tuple[Noun, ...], frame: Platform) -> list[Described]:
    """The screens people described, in journey order; else the pack's, marked as assumed."""
    out: list[Described] = []
    for name, said, step in screens_anywhere(session):
        text = re.sub(r"\bin (?:the |that )?order\b", "", f"{name} {said}")  # not an order
        kind, noun = kind_of(text), noun_in(text, nouns)
        acts = name.split()[0].lower() in VERBS  # "Take attendance": where you do it
        kind = "form" if (step or acts) and not _named_kind(name) else kind
        purpose = said or default_purpose(kind, noun)
        out.append(Described(name, purpose, kind, noun, frame_of(text, frame), (), step))
    if out:
        return _journey_order(session, out)
    assumption = session.assumption_for("screens")
    ids = (assumption.id,) if assumption else ()
    pack = pack_for(session.profile.industry, session.profile.domain)
    for screen in pack.screens if pack is not None and _pack_fits(session, pack) else ():
        noun = next((n for n in nouns if n.name == screen.object), noun_in(screen.name, nouns))
        text = f"{screen.name} {screen.purpose}"
        out.append(Described(screen.name, screen.purpose, kind_of(text), noun, frame, ids))
    return out or _from_nouns(nouns, frame, ids)


def _pack_fits(session: Session, pack: Pack) -> bool:
    """Whether people named any of the pack's objects: a podcast pack's 'Player' screen is not
    drawn for a funeral home that the profile mistook for media."""
    said = said_text(session).lower()
    words = {w for o in pack.objects for w in (o.name, o.plural)}
    words |= {w for s in pack.screens for w in re.findall(r"[a-z]{4,}", s.name.lower())}
    words -= {"home", "page", "list", "detail", "details", "view", "screen", "settings", "new"}
    return any(re.search(rf"\b{re.escape(w.lower())}", said) for w in words)


def default_purpose(kind: str, noun: Noun) -> str:
    """Product copy for a screen nobody explained: what it is for, in the noun's words."""
    plural = noun.plural
    return {
        "list": f"Every {noun.name} in one list",
        "schedule": f"{sentence_case(plural)} by time",
        "map": f"{sentence_case(plural)} on a map",
        "overview": f"How the {plural} are going",
        "form": f"{noun.actions[0]} in one step",
        "detail": f"Everything about one {noun.name}",
        "scan": "Scan, confirm, next",
        "settings": "Connections and notifications",
    }.get(kind, f"Every {noun.name} in one list")


def _from_nouns(nouns: tuple[Noun, ...], frame: Platform, ids: tuple[str, ...]) -> list[Described]:
    """Assumed screens when nobody described any and no pack has them: list, form, detail."""
    main = nouns[0]
    out = [
        Described(main.title, f"Every {main.name} in one list", "list", main, frame, ids),
        Described(sentence_case(main.actions[0]), f"Add a {main.name}", "form", main, frame, ids),
        Described(
            f"{sentence_case(main.name)} detail", f"One {main.name}", "detail", main, frame, ids
        ),
    ]
    out += [Described(n.title, f"Every {n.name}", "list", n, frame, ids) for n in nouns[1:3]]
    return out


def _journey_order(session: Session, screens: list[Described]) -> list[Described]:
    """Screens ordered by where the journey or key actions first mention them (stable)."""
    text = " ".join((*session.stated("user_journey"), *session.stated("key_actions"))).lower()

    def where(item: tuple[int, Described]) -> tuple[int, int]:
        index, screen = item
        stems = [w[:4] for w in re.findall(r"[a-z]{4,}", screen.name.lower())]
        hits = [m.start() for w in stems if (m := re.search(rf"\b{w}", text)) is not None]
        return (min(hits) if hits else 10_000 + index, index)

    return [s for _, s in sorted(enumerate(screens), key=where)]


def nav_bar(items: list[str], active: str) -> Component:
    """The navigation in a stable order across screens, with this screen's entry selected."""
    return Component(kind="navbar", items=tuple(items), active=items.index(active))


def chrome(
    ctx: Ctx,
    active: str,
    frame: Platform,
    main: list[Component],
    side: list[Component] | None = None,
) -> tuple[Region, ...]:
    """Header, navigation (left column or bottom tabs), main and an optional sidebar."""
    nav = list(ctx.names[: 5 if frame in ("mobile", "handheld") else 6])
    if active not in nav:
        nav = [active, *nav][: len(nav) or 1]
    header = [comp("navbar", ctx.title, req_for(ctx, "platforms"))]
    if frame in ("desktop", "tablet") and needs_sign_in(ctx.session):
        header.append(comp("avatar", "Me"))
    regions = [
        Region(name="header", components=tuple(header)),
        Region(name="navigation", components=(nav_bar(nav, active),)),
        Region(name="main", components=tuple(main[:12])),
    ]
    if side and frame in ("desktop", "tablet"):
        regions.append(Region(name="sidebar", components=tuple(side[:12])))
    elif side:
        regions[2] = Region(name="main", components=tuple([*main, *side][:12]))
    return tuple(regions)


def sign_in(ctx: Ctx, frame: Platform) -> Screen:
    """Sign in, only for products where people have accounts."""
    security = req_for(ctx, "security_compliance")
    sec_text = " ".join(ctx.session.stated("security_compliance")).lower()
    main = [
        comp("heading", f"Sign in to {ctx.title}" if len(ctx.title.split()) <= 4 else "Sign in"),
        comp("input", "Email", (), items=("name@example.com",)),
        comp("input", "Password", security, items=("••••••••",)),
        comp("button", "Sign in", security, primary=True),
    ]
    if "sso" in sec_text or "single sign" in sec_text:
        main.append(comp("button", "Continue with SSO", security))
    return Screen(
        id="sign_in",
        name="Sign in",
        purpose="Get in quickly and securely",
        platform=frame,
        regions=(Region(name="main", components=tuple(main)),),
        links=(),
    )


def body_of(ctx: Ctx, d: Described) -> tuple[list[Component], list[Component]]:
    """Main and side components for one described screen, by its kind."""
    builder = {
        "list": list_body,
        "schedule": schedule_body,
        "map": map_body,
        "overview": overview_body,
        "form": form_body,
        "detail": detail_body,
        "scan": scan_body,
        "settings": settings_body,
    }[d.kind]
    return builder(ctx, d)


def _heading(d: Described, refs: Iterable[str] = ()) -> list[Component]:
    head = [comp("heading", d.name, (*d.refs, *refs))]
    if d.refs:
        head.append(comp("badge", f"Assumed screen ({d.refs[0]})", d.refs))
    return head


def _rows(ctx: Ctx, d: Described, refs: Iterable[str]) -> Component:
    narrow = d.frame in ("mobile", "handheld")
    if narrow or not d.noun.rows:
        items = tuple(row_item(d.noun, r) for r in d.noun.rows) or (d.noun.empty,)
        return comp("list", " · ".join(d.noun.fields[:3]), refs, items=items)
    return comp("table", "", refs, columns=d.noun.fields, rows=d.noun.rows)


def list_body(ctx: Ctx, d: Described) -> tuple[list[Component], list[Component]]:
    """A list or queue of the screen's noun: search, filters, rows and the noun's actions."""
    about = reqs_about(ctx, d.noun)
    main = _heading(d, about[:1])
    main.append(comp("button", d.noun.actions[0], about[:1], primary=True))
    main.append(comp("search", f"Search {d.noun.plural}", ()))
    status = _column(d.noun, r"status|state|stage")
    if status is not None:
        main.append(
            comp("tabs", "", (), items=("All", *dict.fromkeys(r[status] for r in d.noun.rows)))
        )
    main.append(_rows(ctx, d, req_for(ctx, "scale")))
    side = [comp("button", a, about[1:2]) for a in d.noun.actions[1:3]]
    side += _filters(d.noun)
    side.append(comp("text", "When empty", (), items=(d.noun.empty,)))
    return main, side


def _filters(noun: Noun) -> list[Component]:
    """The other nouns people used, as filters of this one's list ('Branch', 'Member')."""
    items = tuple(sentence_case(w) for w in noun.related)
    if not items:
        return []
    return [comp("text", "Filter by"), comp("checkbox", "Filter by", (), items=items)]


def _column(noun: Noun, pattern: str) -> int | None:
    return next((i for i, f in enumerate(noun.fields) if re.search(pattern, f, re.I)), None)


def schedule_body(ctx: Ctx, d: Described) -> tuple[list[Component], list[Component]]:
    """A day view: the noun's rows by time on a timeline, with day tabs and the main action."""
    about = reqs_about(ctx, d.noun)
    main = _heading(d, about[:1])
    main.append(comp("tabs", "", (), items=("Today", "Tomorrow", "This week")))
    timed = _column(d.noun, r"time|slot|start|date|day|when")
    entries = tuple(
        f"{' · '.join(c for i, c in enumerate(r[:4]) if i != timed)} — {r[timed]}"
        if timed is not None
        else row_item(d.noun, r)
        for r in d.noun.rows
    )
    main.append(
        comp("timeline", sentence_case(d.noun.plural), about, items=entries or (d.noun.empty,))
    )
    main.append(comp("button", d.noun.actions[0], about[:1], primary=True))
    side = [comp("button", a) for a in d.noun.actions[1:3]]
    side += _filters(d.noun)
    side.append(comp("text", "When empty", (), items=(d.noun.empty,)))
    return main, side


def map_body(ctx: Ctx, d: Described) -> tuple[list[Component], list[Component]]:
    """A map with the noun's rows as pins and the nearest ones in a list."""
    about = reqs_about(ctx, d.noun)
    main = _heading(d, about[:1])
    main.append(comp("search", "Area", (), items=("Search an area",)))
    main.append(
        comp("map", sentence_case(d.noun.plural), about, items=tuple(r[0] for r in d.noun.rows))
    )
    main.append(_rows(ctx, d, ()))
    return main, [*(comp("button", a) for a in d.noun.actions[:2]), *_filters(d.noun)]


def overview_body(ctx: Ctx, d: Described) -> tuple[list[Component], list[Component]]:
    """Counts of the product's nouns, a trend and the latest rows."""
    data = req_for(ctx, "data")
    main = _heading(d)
    tiles = tuple(
        f"{sentence_case(n)}: {c}"
        for n, c in zip(_open_labels(d.noun), ("12", "3", "48"), strict=False)
    )
    main.append(comp("stat_tiles", "", data, items=tiles))
    main.append(
        comp(
            "chart",
            f"{sentence_case(d.noun.plural)} per day",
            data,
            chart="bar",
            items=("Mon", "Tue", "Wed", "Thu", "Fri"),
        )
    )
    main.append(
        comp(
            "list",
            f"Latest {d.noun.plural}",
            (),
            items=tuple(row_item(d.noun, r) for r in d.noun.rows),
        )
    )
    side = [comp("button", d.noun.actions[0], reqs_about(ctx, d.noun)[:1], primary=True)]
    return main, [*side, *_filters(d.noun)]


def _open_labels(noun: Noun) -> tuple[str, ...]:
    return (f"open {noun.plural}", f"{noun.plural} due today", f"{noun.plural} this week")


def form_body(ctx: Ctx, d: Described) -> tuple[list[Component], list[Component]]:
    """A form with the noun's fields and its main action as the submit button."""
    about = reqs_about(ctx, d.noun)
    first = d.noun.rows[0] if d.noun.rows else ()
    fields = tuple(
        f"{f} — {first[i]}" if i < len(first) else f for i, f in enumerate(d.noun.fields)
    ) + tuple(f"{sentence_case(w)} — pick one" for w in d.noun.related[:2])
    main = _heading(d, about[:1])
    main.append(comp("form", "", about, items=fields))
    main.append(
        comp("button", "Continue" if d.step else d.noun.actions[0], about[:1], primary=True)
    )
    main.append(comp("button", "Back" if d.step else "Cancel"))
    return main, []


def detail_body(ctx: Ctx, d: Described) -> tuple[list[Component], list[Component]]:
    """One record of the noun: its values, tabs and a short history."""
    row = d.noun.rows[0] if d.noun.rows else tuple(d.noun.fields)
    main = _heading(d)
    main.append(comp("avatar", row_item(d.noun, row)))
    facts = tuple(f"{f}: {v}" for f, v in zip(d.noun.fields[1:], row[1:], strict=False))[:4]
    main.append(comp("stat_tiles", "", (), items=facts))
    main.append(
        comp(
            "tabs",
            "",
            (),
            items=(
                "Details",
                *(sentence_case(plural_of(w)) for w in d.noun.related[:3]),
                "History",
            ),
        )
    )
    history = (f"{sentence_case(d.noun.name)} created — 08:00", f"{d.noun.actions[0]} — 09:30")
    main.append(comp("timeline", "History", (), items=history))
    return main, [comp("button", a, reqs_about(ctx, d.noun)[:1]) for a in d.noun.actions[:3]]


def scan_body(ctx: Ctx, d: Described) -> tuple[list[Component], list[Component]]:
    """Scan first: the viewfinder, a typed fallback, the big action and the last scans."""
    about = reqs_about(ctx, d.noun)
    main = _heading(d, about[:1])
    main.append(comp("image", "Camera / scanner"))
    main.append(comp("input", "Or type the code", (), items=("A-1042",)))
    main.append(comp("button", d.noun.actions[0], about[:1], primary=True))
    main.append(
        comp("list", "Last scanned", (), items=tuple(row_item(d.noun, r) for r in d.noun.rows))
    )
    return main, []


def settings_body(ctx: Ctx, d: Described) -> tuple[list[Component], list[Component]]:
    """Integrations as toggles, security choices and notifications."""
    main = _heading(d)
    integ = ctx.session.stated("integrations")
    if integ:
        links = tuple(f"Connect {p}" for v in integ for p in phrases(v, 4))[:5]
        main.append(comp("toggle", "Integrations", req_for(ctx, "integrations"), items=links))
    sec = ctx.session.stated("security_compliance")
    if sec:
        opts = tuple(p for v in sec for p in phrases(v, 4))[:4]
        main.append(comp("checkbox", "Security", req_for(ctx, "security_compliance"), items=opts))
    main.append(
        comp("toggle", "Notifications", (), items=(f"New {d.noun.plural}", "Daily summary"))
    )
    main.append(comp("button", "Save changes", primary=True))
    return main, []


def build_screen(ctx: Ctx, d: Described, sid: str) -> Screen:
    """One screen from its description, in its frame."""
    main, side = body_of(ctx, d)
    purpose = d.purpose or default_purpose(d.kind, d.noun)
    if d.refs:
        purpose = f"Assumed ({d.refs[0]}): {purpose}"
    return Screen(
        id=sid,
        name=clip(d.name, 60),
        purpose=clip(purpose, 240),
        platform=d.frame,
        regions=chrome(ctx, d.name, d.frame, main, side),
    )


def _cover_rest(screens: list[Screen], reqs: tuple[Requirement, ...]) -> list[Screen]:
    """Requirements not yet on any screen become an 'Also in scope' list on the first screen."""
    used = {ref for s in screens for r in s.regions for c in r.components for ref in c.refs}
    missing = [r for r in reqs if r.id not in used and r.priority != "Won't"]
    target = next((i for i, s in enumerate(screens) if s.id != "sign_in"), None)
    if not missing or target is None:
        return screens
    screen = screens[target]
    extra = comp(
        "list",
        "Also in scope",
        [r.id for r in missing],
        items=tuple(f"{r.title} — {r.priority}" for r in missing),
    )
    regions = tuple(
        Region(name="main", components=(*r.components[:11], extra)) if r.name == "main" else r
        for r in screen.regions
    )
    screens[target] = screen.model_copy(update={"regions": regions})
    return screens


def _slug(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:32] or "screen"
    sid, n = base, 2
    while sid in taken or sid == "sign_in":
        sid, n = f"{base}_{n}", n + 1
    taken.add(sid)
    return sid


def _linked(screens: list[Screen]) -> list[Screen]:
    """Each screen links to the next one in journey order (the flow map's arrows)."""
    out = []
    for i, screen in enumerate(screens):
        nxt = screens[i + 1] if i + 1 < len(screens) else None
        links = ((f"Open {nxt.name.lower()}", nxt.id),) if nxt else ()
        out.append(screen.model_copy(update={"links": links}))
    return out


def spec_from_session(session: Session, requirements: tuple[Requirement, ...]) -> WireframeSpec:
    """The screens people described (or the fitting non-GUI deliverable), in their own nouns."""
    title = product_title(session)
    nouns = nouns_of(session)
    interface = interface_of(session)
    if interface != "gui":
        spec = headless_spec(session, requirements, interface, title, nouns)
        return _with_companions(spec, session, requirements, interface, nouns)
    frame = platform_of(session)
    wanted = described(session, nouns, frame)[:7]
    ctx = Ctx(session, requirements, title, tuple(d.name for d in wanted))
    taken: set[str] = set()
    screens = [build_screen(ctx, d, _slug(d.name, taken)) for d in wanted]
    if needs_sign_in(session) and len(screens) < 8:
        screens.insert(0, sign_in(ctx, frame))
    screens = _linked(_cover_rest(screens, requirements))
    return WireframeSpec(title=clip(title, 80), screens=tuple(screens[:8]))


def _with_companions(
    spec: WireframeSpec,
    session: Session,
    requirements: tuple[Requirement, ...],
    interface: str,
    nouns: tuple[Noun, ...],
) -> WireframeSpec:
    """A device or voice product plus the screens people described for it ('the shipping clerk
    gets a screen in the office with all 38 doors'); none are assumed for it."""
    if interface not in ("device", "voice"):
        return spec
    said = {name for name, _, _ in screens_anywhere(session)}
    wanted = [d for d in described(session, nouns, platform_of(session)) if d.name in said][:3]
    if not wanted:
        return spec
    ctx = Ctx(session, requirements, spec.title, tuple(d.name for d in wanted))
    taken = {s.id for s in spec.screens}
    extra = [build_screen(ctx, d, _slug(d.name, taken)) for d in wanted]
    screens = [*spec.screens[: 8 - len(extra)], *extra]
    linked = [
        s.model_copy(
            update={"links": (("Next", screens[i + 1].id),) if i + 1 < len(screens) else ()}
        )
        for i, s in enumerate(screens)
    ]
    return spec.model_copy(update={"screens": tuple(linked)})


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
