"""One engine turn with the offline brain and MemoryStore: p50/p99, brief rendering apart."""

from __future__ import annotations

import asyncio
import itertools
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import machine, summary
from engine.brain.rules import RulesBrain
from engine.deliverables.files import render_all, render_brief_only
from engine.engine import Engine, Ports
from engine.messages import Inbound, ThreadKey
from engine.settings import Settings
from engine.store.memory import MemoryStore

ANSWERS = [
    "A booking tool for small dental clinics so patients stop missing appointments",
    "Front-desk staff at clinics with two or three dentists",
    "They open it in the morning, check the day, then confirm appointments",
    "Book appointments, send reminders and take deposits",
    "A web app first, phones later",
    "Google Calendar and Stripe",
]
TURNS = 2000


async def _measure() -> dict[str, Any]:
    settings = Settings(_env_file=None, MAX_QUESTIONS=60)  # type: ignore[call-arg]
    store = MemoryStore.from_settings(settings)
    ports = Ports(sessions=store, gate=store, brain=RulesBrain(), counters=store, threads=store)
    engine = Engine(settings, ports)
    samples: list[float] = []
    ids = itertools.count()
    for conversation in range(TURNS // len(ANSWERS)):
        thread = ThreadKey("bench", "W", "C", str(conversation))
        for answer in ANSWERS:
            inbound = Inbound(thread, f"m{next(ids)}", "U1", "Ann", answer)
            start = time.perf_counter()
            reply = await engine.handle(inbound)
            samples.append(time.perf_counter() - start)
            assert reply.kind == "question", reply.text
    session = await store.load(ThreadKey("bench", "W", "C", "0"))
    assert session is not None
    session = session.model_copy(update={"deliverable_version": 1})
    brief = [_time(lambda: render_brief_only(session)) for _ in range(50)]
    everything = [_time(lambda: render_all(session)) for _ in range(10)]
    await store.close()
    return {
        "turn": summary(samples),
        "brief_render": summary(brief),
        "all_deliverables_render": summary(everything),
    }


def _time(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> dict[str, Any]:
    """Run the benchmark and print the result."""
    result = asyncio.run(_measure())
    result["machine"] = machine()
    result["targets"] = {"turn_p50_ms": 1.0, "turn_p99_ms": 5.0}
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
