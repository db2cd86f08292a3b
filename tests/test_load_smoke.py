"""A small run of the load bench: two replicas, one Redis, nothing lost, doubled or reordered."""

from __future__ import annotations

import asyncio

import pytest

from bench.load import parse_args, run_scenario
from bench.load_audit import THINKING, audit
from bench.load_traffic import Message, Sent, Workload
from tests.fakes.slack_api import Call
from tests.redis_server import redis_binary

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


@pytest.mark.skipif(redis_binary() is None, reason="needs a redis-server binary")
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
    # every message is answered: replaced placeholders and posts to plain thread replies
    assert report["answered"] == 15


# ---------------------------------------------------------------- the audit on its own

ROOT_TS = "1800000000.000100"
QUESTIONS = (
    "Who will use it day to day?",
    "What goes wrong today without it?",
    "Which phones or computers do they use?",
)


def _sent(texts: list[str]) -> list[Sent]:
    return [
        Sent(Message(0, k, "T1", "C1", "U1", f"18000.{k}", ROOT_TS, text, 0.0), at=float(k))
        for k, text in enumerate(texts)
    ]


def _slack(finals: list[str | None]) -> list[Call]:
    """A placeholder per entry, updated to the text (None: never replaced)."""
    calls: list[Call] = []
    for n, final in enumerate(finals):
        ts = f"1700000000.{n:06d}"
        args = {"channel": "C1", "thread_ts": ROOT_TS, "text": THINKING}
        calls.append(Call("chat.postMessage", args, None, at=n + 0.1, result={"ts": ts}))
        if final is not None:
            update = {"channel": "C1", "ts": ts, "text": final}
            calls.append(Call("chat.update", update, None, at=n + 0.5))
    return calls


TEXTS = [
    "<@U0BOT> we run 2 taco trucks in austin, people should order ahead",
    "office folks on lunch break mostly",
    "idk, what do other trucks do?",
]


def _stored(order: list[int]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for k in order:
        out += [("user", TEXTS[k].removeprefix("<@U0BOT> ")), ("bot", QUESTIONS[k])]
    return out


def test_audit_counts_nothing_on_a_clean_thread() -> None:
    result = audit(_sent(TEXTS), _slack(list(QUESTIONS)), {"C1": _stored([0, 1, 2])})
    assert (result.answered, result.lost, result.duplicate_answers) == (3, 0, 0)
    assert (result.out_of_order_threads, result.placeholders_left) == (0, 0)
    assert [round(x, 1) for x in result.latencies] == [0.5, 0.5, 0.5]


def test_audit_sees_reordered_doubled_and_lost_messages() -> None:
    reordered = audit(_sent(TEXTS), _slack(list(QUESTIONS)), {"C1": _stored([0, 2, 1])})
    assert reordered.out_of_order_threads == 1
    assert reordered.examples["out_of_order"] == ["C1: m0 m2 m1"]
    doubled = audit(_sent(TEXTS), _slack([*QUESTIONS, QUESTIONS[2]]), {"C1": _stored([0, 1, 2, 2])})
    assert doubled.duplicate_answers == 1
    lost = audit(_sent(TEXTS), _slack([QUESTIONS[0], QUESTIONS[1], None]), {"C1": _stored([0, 1])})
    assert (lost.lost, lost.placeholders_left, dict(lost.lost_by_turn)) == (1, 1, {2: 1})


def test_audit_counts_a_please_resend_answer_as_answered_not_lost() -> None:
    resend = "I'm temporarily unavailable. Please resend your message in a moment."
    result = audit(
        _sent(TEXTS), _slack([QUESTIONS[0], QUESTIONS[1], resend]), {"C1": _stored([0, 1])}
    )
    assert (result.lost, result.resend_asked, result.answered) == (0, 1, 2)


def test_audit_flags_a_saved_message_that_was_answered_please_resend() -> None:
    resend = "I'm temporarily unavailable. Please resend your message in a moment."
    result = audit(
        _sent(TEXTS), _slack([QUESTIONS[0], QUESTIONS[1], resend]), {"C1": _stored([0, 1, 2])}
    )
    assert (result.stored_but_resend_asked, result.lost, result.resend_asked) == (1, 0, 1)


def test_audit_tells_an_answer_missing_from_the_transcript_from_a_double_answer() -> None:
    stray = "Noted: integrations. Tell me about data?"
    unstored = audit(
        _sent(TEXTS), _slack([QUESTIONS[0], QUESTIONS[1], stray]), {"C1": _stored([0, 1])}
    )
    assert (unstored.unstored_answers, unstored.duplicate_answers, unstored.lost) == (1, 0, 0)
    twice = audit(
        _sent(TEXTS), _slack([QUESTIONS[0], QUESTIONS[1], QUESTIONS[1]]), {"C1": _stored([0, 1])}
    )
    assert (twice.unstored_answers, twice.duplicate_answers, twice.lost) == (0, 1, 1)


def _posted(texts: list[str], first: int = 0) -> list[Call]:
    """Answers posted without a placeholder (how a plain thread reply is answered)."""
    return [
        Call(
            "chat.postMessage",
            {"channel": "C1", "thread_ts": ROOT_TS, "text": text},
            None,
            at=first + n + 0.5,
            result={"ts": f"1700000000.{first + n:06d}"},
        )
        for n, text in enumerate(texts)
    ]


def test_audit_counts_answers_posted_without_a_placeholder() -> None:
    # the mention gets a placeholder; the two plain replies are answered by new posts, the
    # second one split in two messages (the continuation is not an answer of its own)
    calls = [*_slack([QUESTIONS[0]]), *_posted([QUESTIONS[1], QUESTIONS[2], "and more"], 1)]
    result = audit(_sent(TEXTS), calls, {"C1": _stored([0, 1, 2])})
    assert (result.answered, result.lost, result.duplicate_answers) == (3, 0, 0)
    assert (result.unattributed_answers, result.out_of_order_slack_threads) == (0, 0)
    assert [round(x, 1) for x in result.latencies] == [0.5, 0.5, 0.5]


def test_audit_counts_a_posted_please_resend_as_asked_not_lost() -> None:
    resend = "I'm temporarily unavailable. Please resend your message in a moment."
    calls = [*_slack([QUESTIONS[0]]), *_posted([QUESTIONS[1], resend], 1)]
    result = audit(_sent(TEXTS), calls, {"C1": _stored([0, 1])})
    assert (result.answered, result.resend_asked, result.lost) == (2, 1, 0)
