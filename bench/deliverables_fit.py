"""How well the deliverables fit the product people described (hand-built sessions: training).

Usage: python -m bench.deliverables_fit [--show]

For each hand-built session in tests/data/deliverable_sessions.json it derives the wireframe spec
and the brief, then counts: described screens and objects present by name in the spec, sample
rows from another domain, greetings or raw sentences as titles/headlines, double-escaped
entities in the brief and the SVG. Optionally also runs the dev conversations in
/work/convsets/dev through the engine (offline rules brain) and scores them the same way.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # this checkout's engine, also when run as a script

from engine.deliverables.files import render_all  # noqa: E402
from engine.deliverables.requirements import derive_requirements  # noqa: E402
from engine.deliverables.screens import spec_from_session  # noqa: E402
from engine.deliverables.wording import looks_like_chat  # noqa: E402
from engine.interface import interface_of  # noqa: E402
from engine.session import Assumption, Disagreement, Fact, Note, Session, View  # noqa: E402
from engine.types import Profile, WireframeSpec  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "deliverable_sessions.json"
FIXED = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
# Stock values of the old template tables: any of these in a spec is a row from another domain.
STOCK = (
    "Q3 plan", "Launch checklist", "Customer feedback", "Budget review", "Client lunch",
    "Train to Leeds", "Night Shift", "Episode 3", "Coastlines", "sk_live_", "#1042 Dana",
    "Linen shirt", "Amira B.", "12 Elm St · $420,000", "SH-2041", "Nadia F.", "M. Okafor",
)  # fmt: skip
DOUBLE = re.compile(r"&amp;(?:amp|lt|gt|quot|#\d+);|&(?:lt|gt);")


def session_from(case: dict[str, Any]) -> Session:
    """A Session as a good interviewer would have filed the case's facts."""
    facts = []
    for i, row in enumerate(case.get("facts", ())):
        topic, value, *rest = row
        negative = "negative" in rest
        uid, name = (rest[0], rest[1]) if len(rest) == 2 else ("u1", "Sam")
        facts.append(Fact(topic=topic, value=value, user_id=uid, user_name=name, turn=i + 1,
                          negative=negative))  # fmt: skip
    stated = {f.topic for f in facts}
    assumptions = tuple(
        Assumption(id=f"A{i}", topic=t, value=v, confidence=0.5, reasoning="typical", impact="-")
        for i, (t, v) in enumerate(
            [
                (t, "the usual screens for this kind of product")
                for t in ("screens",)
                if t not in stated
            ],
            start=1,
        )
    )
    return Session(
        key=f"bench:{case['id']}",
        idea=case["idea"],
        product_name=case.get("product_name", ""),
        profile=Profile(industry=case.get("industry", "other"), domain=case.get("domain", "")),
        facts=tuple(facts),
        objects=tuple(case.get("objects", ())),
        notes=tuple(
            Note(text=t, user_id="u1", user_name="Sam", turn=1) for t in case.get("notes", ())
        ),
        disagreements=tuple(
            Disagreement(
                topic=d["topic"],
                views=tuple(View(user_name=n, text=t) for n, t in d["views"]),
                resolution=d.get("resolution", ""),
            )
            for d in case.get("disagreements", ())
        ),
        assumptions=assumptions,
        deliverable_version=1,
        created_at=FIXED,
        updated_at=FIXED,
    )


def load_cases(path: Path = DATA) -> list[tuple[dict[str, Any], Session]]:
    """Every hand-built case with its session."""
    cases: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return [(c, session_from(c)) for c in cases]


def spec_text(spec: WireframeSpec) -> str:
    """Every visible string of a spec, one per line."""
    out = [spec.title]
    for s in spec.screens:
        out += [s.name, s.purpose]
        for r in s.regions:
            for c in r.components:
                out += [c.label, *c.items, *c.columns, *(v for row in c.rows for v in row)]
    return "\n".join(out)


def found(name: str, text: str) -> bool:
    """A described name is present when its words appear (case-insensitive, any order)."""
    words = re.findall(r"[a-z0-9]+", name.lower())
    low = text.lower()
    return all(re.search(rf"\b{re.escape(w)}", low) for w in words)


def headlines(spec: WireframeSpec) -> list[str]:
    """The title, screen names and headings: the strings that must read like product copy."""
    heads = [spec.title, *(s.name for s in spec.screens)]
    heads += [
        c.label
        for s in spec.screens
        for r in s.regions
        for c in r.components
        if c.kind == "heading"
    ]
    return heads


def score(case: dict[str, Any], session: Session) -> dict[str, Any]:
    """The fit numbers of one case."""
    spec = spec_from_session(session, derive_requirements(session))
    text = spec_text(spec)
    names = "\n".join(s.name for s in spec.screens)
    exp = case["expect"]
    screens = [s for s in exp.get("screens", ()) if found(s, names)]
    objects = [o for o in exp.get("objects", ()) if found(o, text)]
    stock = [s for s in STOCK if s.lower() in text.lower()]
    forbidden = [f for f in exp.get("forbidden", ()) if found(f, text)]
    chatty = [h for h in headlines(spec) if looks_like_chat(h) and h not in exp.get("labels", ())]
    files = render_all(session)
    svg = next(a.content.decode() for a in files.attachments if a.filename.endswith(".svg"))
    double = DOUBLE.findall(files.brief) + re.findall(r"&amp;(?:amp|lt|gt|quot);", svg)
    return {
        "id": case["id"],
        "screens": (len(screens), len(exp.get("screens", ()))),
        "objects": (len(objects), len(exp.get("objects", ()))),
        "missing": [s for s in exp.get("screens", ()) if s not in screens]
        + [o for o in exp.get("objects", ()) if o not in objects],
        "stock": stock + forbidden,
        "chatty": chatty,
        "double": double,
        "platforms": sorted({s.platform for s in spec.screens}),
    }


def report(results: list[dict[str, Any]], label: str) -> None:
    """Print the totals and the misses."""
    got_s = sum(r["screens"][0] for r in results)
    all_s = sum(r["screens"][1] for r in results)
    got_o = sum(r["objects"][0] for r in results)
    all_o = sum(r["objects"][1] for r in results)
    both = (got_s + got_o) / max(1, all_s + all_o)
    print(f"{label}: {len(results)} sessions")
    print(f"  described screens present: {got_s}/{all_s} ({got_s / max(1, all_s):.0%})")
    print(f"  described objects present: {got_o}/{all_o} ({got_o / max(1, all_o):.0%})")
    print(f"  screens + objects present: {both:.0%}")
    print(
        "  sample rows from another domain / rejected values:",
        sum(len(r["stock"]) for r in results),
    )
    print(
        "  greetings or raw sentences as titles/headlines:",
        sum(len(r["chatty"]) for r in results),
    )
    print(f"  double-escaped entities: {sum(len(r['double']) for r in results)}")
    for r in results:
        if r["missing"] or r["stock"] or r["chatty"] or r["double"]:
            print(f"  - {r['id']}: missing={r['missing']} stock={r['stock']} "
                  f"chatty={r['chatty']} double={r['double'][:3]}")  # fmt: skip


DEV = Path("/work/convsets/dev")
_INTERFACES = {"chat_bot": "chat", "hardware": "device"}


async def _run(conv: dict[str, Any]) -> Session:
    """One dev conversation through the engine (offline rules brain), asked to deliver."""
    from engine.brain.rules import RulesBrain
    from engine.engine import Engine, Ports
    from engine.messages import Inbound, ThreadKey
    from engine.settings import Settings
    from engine.store.memory import MemoryStore

    config = Settings(_env_file=None, MAX_QUESTIONS=40, RATE_LIMIT_USER_PER_MINUTE=1000)  # type: ignore[call-arg]
    store = MemoryStore.from_settings(config)
    ports = Ports(store, store, RulesBrain(), limiter=store, counters=store)
    engine = Engine(config, ports)
    thread = ThreadKey("bench", "W", "C", conv["id"])
    texts = [(m["user"], m["text"]) for m in conv["messages"]]
    for i, (user, text) in enumerate([*texts, (texts[0][0], "ok just show me the wireframes")]):
        await engine.handle(Inbound(thread, f"m{i}", user, user, text, None))
    session = await store.load(thread)
    assert session is not None
    return session


def dev_case(conv: dict[str, Any]) -> dict[str, Any]:
    """A dev conversation's expectations in the hand-built case format (first names only)."""
    return {
        "id": conv["id"],
        "expect": {
            "screens": [alts[0] for alts in conv.get("screens", ())],
            "screen_alts": conv.get("screens", ()),
            "objects": [alts[0] for alts in conv.get("objects", ())],
            "object_alts": conv.get("objects", ()),
            "interface": _INTERFACES.get(conv["interface"], conv["interface"]),
        },
    }


def score_dev(conv: dict[str, Any], session: Session) -> dict[str, Any]:
    """Fit numbers of one dev conversation; any listed synonym counts as present."""
    case = dev_case(conv)
    result = score(case, session)
    spec = spec_from_session(session, derive_requirements(session))
    text, names = spec_text(spec), "\n".join(s.name for s in spec.screens)
    exp = case["expect"]
    screens = sum(any(found(a, names) for a in alts) for alts in exp["screen_alts"])
    objects = sum(any(found(a, text) for a in alts) for alts in exp["object_alts"])
    result["screens"] = (screens, len(exp["screen_alts"]))
    result["objects"] = (objects, len(exp["object_alts"]))
    result["interface_ok"] = interface_of(session) == exp["interface"]
    return result


def main() -> None:
    """Score the hand-built sessions (training data) and, with --dev, the dev conversations."""
    results = [score(c, s) for c, s in load_cases()]
    report(results, "hand-built sessions (training)")
    folders = [Path(a.split("=", 1)[1]) for a in sys.argv if a.startswith("--folder=")]
    if "--dev" in sys.argv:
        folders.insert(0, DEV)
    for folder in (f for f in folders if f.is_dir()):
        import asyncio

        convs = [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]
        dev = [score_dev(c, asyncio.run(_run(c))) for c in convs]
        report(dev, f"{folder.name} conversations through the engine (rules brain)")
        ok = sum(r["interface_ok"] for r in dev)
        print(f"  interface right: {ok}/{len(dev)}")
    if "--show" in sys.argv:
        for r in results:
            print(r)


if __name__ == "__main__":
    main()
