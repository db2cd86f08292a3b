"""A small run of the load bench: two replicas, one Redis, nothing lost, doubled or reordered."""

from __future__ import annotations

import asyncio

import pytest

from bench.load import parse_args, run_scenario
from bench.load_traffic import Workload
from tests.redis_server import redis_binary

pytestmark = pytest.mark.skipif(redis_binary() is None, reason="needs a redis-server binary")

# Message k of a thread goes to replica k mod 2, so every thread crosses replicas; replies
# are plain thread messages (no @mention), sent right after the previous ack.
SMALL = Workload(
    threads=5,
    turns=3,
    team_size=5,
    retry_share=0.2,
    burst_share=0.0,
    deliver_share=0.0,
    pause=(0.0, 0.05),
    ramp=0.2,
    alternate=True,
)


def test_two_replicas_answer_every_message_once_and_in_order() -> None:
    args = parse_args(["--quiet", "4", "--settle-max", "15", "--max-send-seconds", "20"])
    report = asyncio.run(run_scenario("offline", SMALL, args))
    assert report["messages"] == 15
    assert report["not_acked"] == 0
    problems = {
        key: report[key]
        for key in ("duplicate_answers", "lost", "out_of_order_threads", "placeholders_left")
    }
    assert problems == dict.fromkeys(problems, 0), report["examples"]
    assert report["answered"] == 15
