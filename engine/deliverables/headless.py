"""Deliverables for products without a GUI: terminal sessions, API sketch, chat script, states."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from engine.deliverables.nouns import Noun, plural_of
from engine.deliverables.requirements import Requirement
from engine.deliverables.terms import VERBS
from engine.deliverables.wording import clip, is_chatter, is_statement, phrases, sentence_case
from engine.session import Session
from engine.types import Component, Platform, Region, Screen, WireframeSpec
from engine.vocabulary import VOCAB

_GENERIC = {"cli", "tool", "app", "command", "line", "api", "bot", "slack", "a", "the", "for"}
_ONE = {"show", "open", "get", "delete", "cancel", "remove", "edit", "close", "start", "stop"}
_CHANNELS = ("slack", "discord", "teams", "telegram", "whatsapp")


def _c(
    kind: str,
    label: str = "",
    items: tuple[str, ...] = (),
    refs: tuple[str, ...] = (),
    **kw: object,
) -> Component:
    """A component with items clipped to the spec's limits."""
    data: dict[str, object] = {
        "kind": kind,
        "label": clip(label, 120),
        "items": tuple(i if len(i) <= 90 else i[:89] + "…" for i in items)[:12],
        "refs": tuple(dict.fromkeys(refs))[:6],
    }
    data.update(kw)
    return Component.model_validate(data)


def _screen(sid: str, name: str, purpose: str, frame: Platform, comps: list[Component]) -> Screen:
    return Screen(
        id=sid,
        name=clip(name, 60),
        purpose=clip(purpose, 240),
        platform=frame,
        regions=(Region(name="main", components=tuple(comps[:12])),),
    )


# a key action becomes a command only when it starts with what one does ("send reminders"),
# never "someone always fat-fingers…" or "i'm …"
_COMMAND_VERBS = (VERBS | VOCAB.word_sets["action_verbs"]) - frozenset(
    [
        "want",
        "hate",
        "love",
        "think",
        "know",
        "go",
        "come",
        "get",
        "make",
        "take",
        "give",
        "tell",
        "try",
        "help",
        "work",
        "keep",
        "let",
    ]
)


def actions_of(session: Session, nouns: tuple[Noun, ...]) -> list[tuple[str, str, str]]:
    """Key actions as (verb, object words, requirement text): 'send reminders' -> ('send', ...)."""
    out: list[tuple[str, str, str]] = []
    for value in (*session.stated("key_actions"), *session.stated("user_journey")):
        for part in phrases(value, 8):
            if is_chatter(part):
                continue
            words = re.findall(r"[a-z][a-z'-]*", part.lower())
            if 1 <= len(words) <= 7 and words[0] in _COMMAND_VERBS:
                rest = " ".join(w for w in words[1:4] if w not in ("the", "a", "an", "my", "our"))
                out.append((words[0], rest, part))
    if not out:
        out = [("list", nouns[0].plural, f"List {nouns[0].plural}")]
        out.append(("add", nouns[0].name, f"Add a {nouns[0].name}"))
    return list({a[0] + a[1]: a for a in out}.values())[:4]


def _refs(reqs: tuple[Requirement, ...], text: str) -> tuple[str, ...]:
    return tuple(r.id for r in reqs if r.detail.casefold() == text.casefold())[:2]


def _table_lines(noun: Noun) -> list[str]:
    head = "\t".join(f.upper() for f in noun.fields[:4])
    return [head, *("\t".join(r[:4]) for r in noun.rows[:3])]


def command_name(session: Session, title: str) -> str:
    """The CLI's command word: the product's name, else the first telling word of the title."""
    source = session.product_name or " ".join(w for w in title.lower().split() if w not in _GENERIC)
    word = re.sub(r"[^a-z0-9-]", "", (source.split() or ["tool"])[0].lower())
    return word[:16] or "tool"


def cli_spec(
    session: Session, reqs: tuple[Requirement, ...], title: str, nouns: tuple[Noun, ...]
) -> list[Screen]:
    """Terminal sessions: help, one per key action (command and output), then the errors."""
    cmd = command_name(session, title)
    acts = actions_of(session, nouns)
    helps = [f"$ {cmd} --help", f"Usage: {cmd} <command> [options]", "", "Commands:"]
    helps += [f"  {verb}\t{sentence_case(text)}" for verb, _, text in acts]
    if nouns[0].related:  # the other things people named become filters
        helps += ["", "Options:"]
        helps += [f"  --{_slug(r)} NAME\tOnly this {r}" for r in nouns[0].related[:3]]
    screens = [
        _screen(
            "getting_started",
            "Getting started",
            f"What {cmd} can do",
            "terminal",
            [_c("terminal", f"{cmd} --help", tuple(helps), req_ids(reqs, "platforms"))],
        ),
    ]
    for i, (verb, rest, text) in enumerate(acts[:3]):
        noun = next((n for n in nouns if n.name in rest or n.plural in rest), nouns[0])
        singular = verb in _ONE and noun.rows
        arg = f"'{noun.rows[0][0]}'" if singular else ""
        lines = [f"$ {cmd} {verb} {arg}".rstrip(), *_table_lines(noun)]
        lines.append(f"# {len(noun.rows)} {noun.plural} · done in 0.4 s")
        screens.append(
            _screen(
                f"cmd_{i}",
                f"{cmd} {verb}",
                sentence_case(text),
                "terminal",
                [_c("terminal", sentence_case(text), tuple(lines), _refs(reqs, text))],
            )
        )
    main = nouns[0]
    errs = [
        f"$ {cmd} {acts[0][0]} nothing-here",
        f"! error: no {main.name} matches 'nothing-here'",
        f"# try `{cmd} list` to see every {main.name}",
        f"$ {cmd} {acts[0][0]} --format yaml",
        "! error: unknown format 'yaml' (use: table, json, csv)",
        "$ echo $?",
        "2",
    ]
    screens.append(
        _screen(
            "errors",
            "Errors",
            "What goes wrong, and what it says",
            "terminal",
            [_c("terminal", "Errors and exit codes", tuple(errs))],
        )
    )
    return screens


def req_ids(reqs: tuple[Requirement, ...], topic: str) -> tuple[str, ...]:
    """Ids of the requirement for a cross-cutting topic plus its assumption ids."""
    return next(((r.id, *r.refs) for r in reqs if r.topic == topic), ())


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "field"


def example_json(noun: Noun, with_id: bool) -> list[str]:
    """A JSON object of the noun's first sample row, one line per key, indented."""
    row = noun.rows[0] if noun.rows else tuple("…" for _ in noun.fields)
    body: dict[str, str] = {"id": f"{noun.name[:3]}_1042"} if with_id else {}
    body.update({_slug(f): v for f, v in zip(noun.fields[:5], row, strict=False)})
    return json.dumps(body, indent=2, ensure_ascii=False).splitlines()


def api_spec(
    session: Session, reqs: tuple[Requirement, ...], title: str, nouns: tuple[Noun, ...]
) -> list[Screen]:
    """An API sketch: the endpoints, a request/response per main noun, errors and webhooks."""
    rows = []
    for n in nouns[:3]:
        path = f"/v1/{_slug(n.plural)}"
        query = "&".join(f"{_slug(r)}=…" for r in n.related[:2])
        rows += [
            ("GET", f"{path}?{query}" if query else path, f"List {n.plural}"),
            ("POST", path, f"Create a {n.name}"),
            ("GET", f"{path}/{{id}}", f"One {n.name}"),
        ]
    security = (
        " ".join(session.stated("security_compliance")) or "API key in the Authorization header"
    )
    comps = [
        _c("heading", f"{title} API"),
        _c(
            "table",
            "",
            (),
            req_ids(reqs, "platforms"),
            columns=("Method", "Path", "What"),
            rows=tuple(rows[:8]),
        ),
        _c("text", "Auth", (clip(f"Auth: {security}", 60),), req_ids(reqs, "security_compliance")),
    ]
    screens = [_screen("endpoints", "Endpoints", "Every call the API offers", "document", comps)]
    for n in nouns[:2]:
        path = f"/v1/{_slug(n.plural)}"
        request = [f"POST {path}", *example_json(n, False)]
        response = ["201 Created", *example_json(n, True)]
        screens.append(
            _screen(
                f"post_{_slug(n.plural)}",
                f"POST {path}",
                f"Create a {n.name}",
                "document",
                [_c("code", "Request", tuple(request)), _c("code", "Response", tuple(response))],
            )
        )
    err = [
        "422 Unprocessable Entity",
        "{",
        f'  "error": "invalid_{_slug(nouns[0].name)}",',
        f'  "message": "{nouns[0].fields[0]} is required"',
        "}",
    ]
    comps = [
        _c("code", "Validation error", tuple(err)),
        _c("code", "Rate limited", ("429 Too Many Requests", "Retry-After: 30")),
    ]
    if re.search(r"webhook", " ".join(f.value for f in session.facts), re.I):
        hook = [
            "POST https://your-app.example.com/hooks",
            "{",
            f'  "event": "{_slug(nouns[0].name)}.created",',
            f'  "id": "{nouns[0].name[:3]}_1042"',
            "}",
        ]
        comps.insert(0, _c("code", "Webhook we send", tuple(hook)))
    screens.append(
        _screen("errors", "Errors and webhooks", "What callers get back", "document", comps)
    )
    return screens


def channel_of(session: Session) -> str:
    """The chat platform people named ('Slack'), else 'Chat'."""
    text = " ".join((*session.stated("platforms"), session.idea)).lower()
    return next((c.title() for c in _CHANNELS if c in text), "Chat")


def _script_name(text: str, verb: str, rest: str, index: int) -> str:
    """A conversation script's title: the action, never the person's sentence."""
    for name in (text, f"/{verb}" if text.lstrip().startswith("/") else "", f"{verb} {rest}"):
        name = sentence_case(name.strip())
        if name and len(name.split()) <= 5 and not is_statement(name):
            return name
    return f"Conversation {index + 1}"


def chat_spec(
    session: Session, reqs: tuple[Requirement, ...], title: str, nouns: tuple[Noun, ...]
) -> list[Screen]:
    """A conversation script per key action, and a message form (modal) for the main noun."""
    channel = channel_of(session)
    bot = f"{title} (bot)"
    acts = actions_of(session, nouns)
    person = next(iter(session.contributors()), "You")
    screens = []
    for i, (verb, rest, text) in enumerate(acts[:3]):
        noun = next((n for n in nouns if n.name in rest or n.plural in rest), nouns[0])
        turns = [f"{person}: /{_slug(title)[:12]} {verb} {rest}".rstrip()]
        turns.append(f"{bot}: Here are the {noun.plural} ({len(noun.rows)}):")
        turns += [f"{bot}: " + " · ".join(r[:3]) for r in noun.rows[:2]]
        turns.append(f"{bot}: [{noun.actions[0]}]  [Open the list]")
        turns.append(f"{person}: (clicks {noun.actions[0]})")
        turns.append(f"{bot}: Done. Posted in the channel, with who did it and when.")
        screens.append(
            _screen(
                f"chat_{i}",
                _script_name(text, verb, rest, i),
                f"In {channel}: {text}",
                "document",
                [
                    _c("heading", f"#{_slug(title)[:20]} · {channel}"),
                    _c("chat", "", tuple(turns), _refs(reqs, text)),
                ],
            )
        )
    main = nouns[0]
    row = main.rows[0] if main.rows else tuple("" for _ in main.fields)
    fields = tuple(f"{f}: {v}" for f, v in zip(main.fields, row, strict=False))
    fields += tuple(f"{sentence_case(plural_of(r))}: pick from the list" for r in main.related[:2])
    modal = _c("modal", main.actions[0], fields[:3])
    screens.append(
        _screen(
            "modal",
            f"{main.actions[0]} (form)",
            f"The {channel} form that opens from the {main.actions[0].lower()} button",
            "document",
            [
                _c("heading", f"{channel} modal"),
                modal,
                _c("form", "All fields", fields[:6]),
                _c("list", "What it keeps track of", _kept(nouns), req_ids(reqs, "data")),
            ],
        )
    )
    return screens


def states_spec(
    session: Session,
    reqs: tuple[Requirement, ...],
    title: str,
    nouns: tuple[Noun, ...],
    voice: bool,
) -> list[Screen]:
    """A state diagram (voice or device) with its transitions, plus a spoken script for voice."""
    acts = actions_of(session, nouns)
    start = "Idle"
    listen = "Listening" if voice else "Ready"
    trans = [f"{start} -> {listen}: " + ("wake word" if voice else "power on / button")]
    for _, _, text in acts[:3]:
        state = clip(sentence_case(text), 24)
        trans += [
            f"{listen} -> {state}: " + ("asked" if voice else "pressed"),
            f"{state} -> {start}: done",
        ]
    trans += [
        f"{listen} -> "
        + ("Didn't catch that" if voice else "Error")
        + ": "
        + ("no match" if voice else "fault"),
        ("Didn't catch that" if voice else "Error")
        + f" -> {listen}: "
        + ("retry" if voice else "reset"),
    ]
    table = tuple(tuple(re.split(r" -> |: ", t, maxsplit=2)) for t in trans)
    comps = [
        _c("states", "States", tuple(trans), req_ids(reqs, "platforms")),
        _c("table", "Transitions", (), columns=("From", "To", "On"), rows=table[:8]),
        _c("list", "What it keeps track of", _kept(nouns), req_ids(reqs, "data")),
    ]
    screens = [_screen("states", "States", "How it behaves, step by step", "document", comps)]
    if voice:
        turns = []
        for _, _, text in acts[:3]:
            turns += [
                f"User: Alexa, ask {title} to {text.lower()}",
                f"Alexa: {_spoken(nouns, text)}",
            ]
        turns += [
            "User: uh, the other one",
            "Alexa: Sorry, which one? You can say the name or 'first'.",
        ]
        screens.append(
            _screen(
                "script",
                "Voice script",
                "What people say and what it answers",
                "document",
                [_c("chat", "", tuple(turns))],
            )
        )
    return screens


def _kept(nouns: tuple[Noun, ...]) -> tuple[str, ...]:
    """The things a voice or device product records, with their fields, then the other nouns."""
    kept = [f"{n.title}: {', '.join(f.lower() for f in n.fields[1:4])}" for n in nouns[:3]]
    others = [r for r in nouns[0].related if r not in (n.name for n in nouns)]
    kept += [sentence_case(plural_of(r)) for r in others[:3]]
    return tuple(kept)


def _spoken(nouns: tuple[Noun, ...], text: str) -> str:
    noun = next((n for n in nouns if n.name in text.lower() or n.plural in text.lower()), nouns[0])
    if noun.rows:
        return f"You have {len(noun.rows)} {noun.plural}. The first is {noun.rows[0][0]}."
    return f"Okay. {sentence_case(noun.empty)}"


def headless_spec(
    session: Session,
    reqs: tuple[Requirement, ...],
    interface: str,
    title: str,
    nouns: tuple[Noun, ...],
) -> WireframeSpec:
    """The non-GUI deliverable that fits the interface, linked in order."""
    builders: dict[str, Callable[[], list[Screen]]] = {
        "cli": lambda: cli_spec(session, reqs, title, nouns),
        "api": lambda: api_spec(session, reqs, title, nouns),
        "chat": lambda: chat_spec(session, reqs, title, nouns),
        "voice": lambda: states_spec(session, reqs, title, nouns, True),
        "device": lambda: states_spec(session, reqs, title, nouns, False),
    }
    screens = builders[interface]()[:8]
    linked = [
        s.model_copy(
            update={"links": (("Next", screens[i + 1].id),) if i + 1 < len(screens) else ()}
        )
        for i, s in enumerate(screens)
    ]
    return WireframeSpec(title=clip(title, 80), screens=tuple(linked))
