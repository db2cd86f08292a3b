"""Benchmark: model calls, wall time and prompt tokens per turn of a 20-turn interview."""

from __future__ import annotations

import asyncio
import math
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from openai import AsyncOpenAI  # noqa: E402

from engine.brain.openai import OpenAIBrain  # noqa: E402
from engine.messages import Inbound, ThreadKey  # noqa: E402
from engine.session import Asked, Fact, Session, Turn, new_session, utcnow  # noqa: E402
from engine.types import Question, TurnPlan  # noqa: E402
from tests.fakes.openai_server import FakeOpenAI  # noqa: E402

KEY = "sk-bench-0123456789abcdefghijklmnop"
THREAD = ThreadKey("terminal", "bench", "c1", "t1")
ANSWERS = (
    "A shift-swap app for hospital nurses; today swaps happen over group texts and get lost.",
    "Charge nurses approve swaps; staff nurses request them from their phones between rounds.",
    "Managers waste hours reconciling the rota with payroll at the end of every month.",
    "We save every ward about six hours a week and nobody works an unsafe double shift.",
    "A nurse picks a shift, offers it, a colleague accepts, the charge nurse approves.",
    "Offer a shift, accept, approve, see the rota, get notified, export to payroll.",
    "Late approvals, missed messages, and nobody knowing who is qualified for ICU.",
)


class _Offline:
    """The offline stand-in (never expected to answer in the bench)."""

    async def turn(self, session: Session, inbound: Inbound) -> TurnPlan:
        return TurnPlan(source="rules", question=Question(topic="scale", text="How many?"))


def _advance(session: Session, inbound: Inbound, plan: TurnPlan, turn: int) -> Session:
    """A minimal stand-in for interview.advance: record facts, the question and the transcript."""
    now = utcnow()
    facts = [
        Fact(topic=f.topic, value=f.value, user_id="U1", user_name="Ann", turn=turn)
        for f in plan.facts
    ]
    transcript = [Turn(role="user", user_id="U1", user_name="Ann", text=inbound.text, at=now)]
    asked: list[Asked] = []
    current = session.current_topic
    if plan.question is not None:
        q = plan.question
        asked.append(Asked(topic=q.topic, text=q.text, turn=turn))
        transcript.append(Turn(role="bot", user_id="bot", user_name="bot", text=q.text, at=now))
        current = q.topic
    return session.model_copy(
        update={
            "facts": session.facts + tuple(facts),
            "asked": session.asked + tuple(asked),
            "transcript": session.transcript + tuple(transcript),
            "current_topic": current,
            "idea": session.idea or inbound.text,
        }
    )


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


async def run(turns: int = 20, delay: float = 0.3) -> dict[str, Any]:
    """Run one interview of `turns` turns against the fake answering after `delay` seconds."""
    async with FakeOpenAI(api_key=KEY, delay=delay) as fake:
        client = AsyncOpenAI(api_key=KEY, base_url=fake.base_url, max_retries=0, timeout=5.0)
        brain = OpenAIBrain(
            client, _Offline(), primary="gpt-4o-mini", fallback_model="gpt-4.1-mini"
        )
        session = new_session(THREAD)
        calls: list[int] = []
        wall: list[float] = []
        tokens: list[int] = []
        try:
            await brain.warm_up()  # what `serve` does at start-up; cold numbers are reported too
            for turn in range(1, turns + 1):
                text = f"{ANSWERS[(turn - 1) % len(ANSWERS)]} (turn {turn})"
                inbound = Inbound(THREAD, f"m{turn}", "U1", "Ann", text)
                before = len(fake.chat_requests)
                start = time.perf_counter()
                plan = await brain.turn(session, inbound)
                wall.append(time.perf_counter() - start)
                calls.append(len(fake.chat_requests) - before)
                tokens.append(int(fake.responses[-1]["usage"]["prompt_tokens"]))
                session = _advance(session, inbound, plan, turn)
        finally:
            await brain.aclose()
    return _report(calls, wall, tokens, delay)


def _report(calls: list[int], wall: list[float], tokens: list[int], delay: float) -> dict[str, Any]:
    wall_ms = [w * 1000 for w in wall]
    return {
        "turns": len(calls),
        "fake_delay_ms": delay * 1000,
        "calls_per_turn": {"median": statistics.median(calls), "p99": _p99([*map(float, calls)])},
        "wall_ms": {"median": round(statistics.median(wall_ms), 1), "p99": round(_p99(wall_ms), 1)},
        "wall_over_delay": {
            "median": round(statistics.median(wall_ms) / (delay * 1000), 3),
            "p99": round(_p99(wall_ms) / (delay * 1000), 3),
        },
        "prompt_tokens_by_turn": tokens,
        "prompt_tokens_turn20_over_turn5": round(tokens[19] / tokens[4], 3)
        if len(tokens) >= 20
        else None,
    }


def main() -> dict[str, Any]:
    """Run the bench, print the numbers and return them."""
    result = asyncio.run(run())
    calls = result["calls_per_turn"]
    wall = result["wall_ms"]
    print(f"model calls per turn: median {calls['median']}, p99 {calls['p99']}")
    print(
        f"wall time per turn: median {wall['median']} ms, p99 {wall['p99']} ms "
        f"(fake answers after {result['fake_delay_ms']:.0f} ms; "
        f"x{result['wall_over_delay']['median']} / x{result['wall_over_delay']['p99']})"
    )
    print(f"prompt tokens by turn: {result['prompt_tokens_by_turn']}")
    print(f"prompt tokens turn 20 / turn 5: {result['prompt_tokens_turn20_over_turn5']}")
    return result


if __name__ == "__main__":
    main()
