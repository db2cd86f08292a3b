"""How well the offline interview understands realistic conversations (labelled JSON sets).

Runs every conversation of a folder through the real Engine (RulesBrain, MemoryStore), then
`done`, and compares what the session recorded with what the writer expected:

(a) expected facts under the right topic / only under another topic / missing;
(b) stored user facts matching an expected key of their topic (right), only of another topic
    (wrong), or none (unlabelled);
(c) corrections applied (every `to` present in the topic's stated values, no `from` left);
(d) inverted negations (a ruled-out word inside an affirmed value of that topic);
(e) re-asked questions: about a topic the session already held (by its own facts), and about a
    topic the person had already answered (by the labels);
(f) non-answer messages whose text was stored as a fact.

Usage: python bench/understanding.py [folder ...]  (default: bench/data/conversations/*)
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.brain.rules import RulesBrain
from engine.engine import Engine, Ports
from engine.messages import Inbound, ThreadKey
from engine.session import Fact, Session
from engine.settings import Settings
from engine.store.memory import MemoryStore

DATA = Path(__file__).resolve().parent / "data" / "conversations"
NO_FACT_KINDS = {
    "question_back",
    "complaint",
    "small_talk",
    "rephrase_request",
    "escape",
    "dont_know",
}
_ids = itertools.count()
FINISH = True  # send `done` at the end (renders every deliverable: slow); --fast skips it


@dataclass
class Score:
    """Counts over one or more conversations."""

    expected: int = 0
    right: int = 0
    wrong_topic: int = 0
    missing: int = 0
    stored: int = 0
    stored_right: int = 0
    stored_wrong: int = 0
    stored_unlabelled: int = 0
    corrections: int = 0
    corrections_applied: int = 0
    negations: int = 0
    inverted: int = 0
    asked: int = 0
    reasked_own: int = 0
    reasked_labelled: int = 0
    non_answers: int = 0
    non_answers_filed: int = 0
    names: int = 0
    names_right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        """Add another score's counts (and misses) to this one."""
        for name, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)
        self.misses.extend(other.misses)


def _matches(text: str, key: list[list[str]]) -> bool:
    low = text.lower()
    return all(any(alt.lower() in low for alt in group) for group in key)


def _keys(conv: dict[str, Any]) -> list[tuple[str, list[list[str]]]]:
    keys: list[tuple[str, list[list[str]]]] = []
    for m in conv["messages"]:
        keys += [(f["topic"], f["key"]) for f in m["facts"]]
        keys += [(n["topic"], [[w] for w in n["not"]]) for n in m["negations"]]
        keys += [(c["topic"], [[w] for w in c["to"]]) for c in m["corrections"]]
    return keys


def _superseded(conv: dict[str, Any], index: int, topic: str, key: list[list[str]]) -> bool:
    """True when a later correction removed this expected fact ("not argo")."""
    for m in conv["messages"][index + 1 :]:
        for c in m["corrections"]:
            olds = [w.lower() for w in c["from"]]
            alts = [a.lower() for g in key for a in g]
            if c["topic"] == topic and any(o in a or a in o for o in olds for a in alts):
                return True
    return False


def _score_facts(conv: dict[str, Any], session: Session, score: Score) -> None:
    stated = [f for f in session.facts if not f.negative]
    for i, m in enumerate(conv["messages"]):
        for fact in m["facts"]:
            topic, key = fact["topic"], fact["key"]
            if _superseded(conv, i, topic, key):
                continue
            score.expected += 1
            if any(f.topic == topic and _matches(f.value, key) for f in stated):
                score.right += 1
            elif any(_matches(f.value, key) for f in stated):
                score.wrong_topic += 1
                score.misses.append(f"{conv['id']}#{i} WRONG {topic} {key}")
            else:
                score.missing += 1
                score.misses.append(f"{conv['id']}#{i} MISS {topic} {key}: {m['text'][:70]}")


def _score_stored(conv: dict[str, Any], session: Session, score: Score) -> None:
    keys = _keys(conv)
    for f in session.facts:
        score.stored += 1
        own = any(t == f.topic and _matches(f.value, k) for t, k in keys)
        other = [t for t, k in keys if t != f.topic and _matches(f.value, k)]
        if own:
            score.stored_right += 1
        elif other:
            score.stored_wrong += 1
            score.misses.append(f"{conv['id']} STORED-WRONG {f.topic}={f.value!r} (is {other[0]})")
        else:
            score.stored_unlabelled += 1


def _score_fixes(conv: dict[str, Any], session: Session, score: Score) -> None:
    for i, m in enumerate(conv["messages"]):
        for c in m["corrections"]:
            values = [v.lower() for v in session.stated(c["topic"])]
            score.corrections += 1
            has_new = all(any(t.lower() in v for v in values) for t in c["to"])
            old_gone = not any(o.lower() in v for o in c["from"] for v in values)
            if has_new and old_gone:
                score.corrections_applied += 1
            else:
                score.misses.append(f"{conv['id']}#{i} CORR {c} -> {values}")
        for n in m["negations"]:
            values = [v.lower() for v in session.stated(n["topic"])]
            score.negations += 1
            if any(w.lower() in v for w in n["not"] for v in values):
                score.inverted += 1
                score.misses.append(f"{conv['id']}#{i} INVERTED {n} -> {values}")


async def _run(conv: dict[str, Any], engine: Engine, store: MemoryStore) -> Score:
    score = Score()
    thread = ThreadKey("bench", "W", "C", f"{conv['id']}-{next(_ids)}")
    labelled: set[str] = set()
    before: Session | None = None
    for i, m in enumerate(conv["messages"]):
        user = m["user"] or "user"
        await engine.handle(Inbound(thread, f"m{next(_ids)}", user, user, m["text"]))
        session = await store.load(thread)
        assert session is not None
        _score_turn(conv, i, before, session, labelled, score)
        labelled |= {f["topic"] for f in m["facts"]}
        before = session
    if FINISH:
        await engine.handle(Inbound(thread, f"m{next(_ids)}", "U", "U", "done"))
    session = await store.load(thread)
    assert session is not None
    _score_facts(conv, session, score)
    _score_stored(conv, session, score)
    _score_fixes(conv, session, score)
    if conv.get("product_name"):
        score.names += 1
        score.names_right += int(session.product_name.lower() == conv["product_name"].lower())
    return score


def _score_turn(
    conv: dict[str, Any],
    i: int,
    before: Session | None,
    after: Session,
    labelled: set[str],
    score: Score,
) -> None:
    m = conv["messages"][i]
    old_facts: tuple[Fact, ...] = before.facts if before else ()
    new_facts = [f for f in after.facts if f not in old_facts and f.source == "user"]
    if m["kind"] in NO_FACT_KINDS:
        score.non_answers += 1
        if new_facts:
            score.non_answers_filed += 1
            score.misses.append(f"{conv['id']}#{i} NONANSWER-FILED {[f.value for f in new_facts]}")
    asked_before = len(before.asked) if before else 0
    for q in after.asked[asked_before:]:
        score.asked += 1
        had = {f.topic for f in after.facts if not f.negative}
        if q.topic in had:
            score.reasked_own += 1
        if q.topic in labelled | {f["topic"] for f in m["facts"]}:
            score.reasked_labelled += 1
            score.misses.append(f"{conv['id']}#{i} REASKED {q.topic}")


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def report(score: Score) -> dict[str, Any]:
    """The headline numbers of a score."""
    return {
        "expected_facts": score.expected,
        "right_topic_pct": _pct(score.right, score.expected),
        "wrong_topic_pct": _pct(score.wrong_topic, score.expected),
        "missing_pct": _pct(score.missing, score.expected),
        "stored_facts": score.stored,
        "stored_right_pct": _pct(score.stored_right, score.stored),
        "stored_wrong_pct": _pct(score.stored_wrong, score.stored),
        "stored_unlabelled_pct": _pct(score.stored_unlabelled, score.stored),
        "corrections_applied": f"{score.corrections_applied}/{score.corrections}",
        "inverted_negations": f"{score.inverted}/{score.negations}",
        "reasked_by_own_facts": f"{score.reasked_own}/{score.asked}",
        "reasked_already_answered": f"{score.reasked_labelled}/{score.asked}",
        "non_answers_filed": f"{score.non_answers_filed}/{score.non_answers}",
        "product_names": f"{score.names_right}/{score.names}",
    }


def _load(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


async def measure(folder: Path) -> Score:
    """Run every conversation JSON in `folder` and return the summed score."""
    settings = Settings(_env_file=None, MAX_QUESTIONS=12, RATE_LIMIT_USER_PER_MINUTE=100000)  # type: ignore[call-arg]
    total = Score()
    for conv in _load(folder):
        store = MemoryStore.from_settings(settings)
        engine = Engine(settings, Ports(sessions=store, gate=store, brain=RulesBrain()))
        total.add(await _run(conv, engine, store))
        await store.close()
    return total


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Measure each folder (default: every set under bench/data/conversations) and print it."""
    args = argv if argv is not None else sys.argv[1:]
    verbose = "-v" in args
    global FINISH
    FINISH = "--fast" not in args
    folders = [Path(a) for a in args if not a.startswith("-")] or sorted(
        p for p in DATA.iterdir() if p.is_dir()
    )
    results: dict[str, Any] = {}
    for folder in folders:
        score = asyncio.run(measure(folder))
        results[folder.name] = report(score)
        if verbose:
            print("\n".join(score.misses))
    print(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main()
