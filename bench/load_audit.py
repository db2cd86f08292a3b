"""The load bench's audit: what each message got, from the fake Slack log and Redis transcripts."""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.load_traffic import Sent
from tests.fakes.slack_api import Call

THINKING = "_thinking…_"
_RESEND = re.compile(r"resend|try again|lost that message", re.IGNORECASE)
_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_PREFIX = 48  # characters of normalised text that identify a bot answer within a thread


def norm(text: str) -> str:
    """Lower-case letters and digits only, bot mentions removed (how texts are compared)."""
    plain = _MENTION.sub("", text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return re.sub(r"[^a-z0-9]", "", plain.lower())


@dataclass
class Placeholder:
    """One "thinking…" message and what became of it."""

    ts: str
    at: float
    final: str | None = None  # the text it was updated to
    final_at: float | None = None
    deleted: bool = False


@dataclass
class ThreadLog:
    """The fake Slack's view of one thread."""

    placeholders: list[Placeholder] = field(default_factory=list)
    # postMessage calls that were not placeholders: answers to plain thread replies (which get
    # no placeholder), the rest of a split reply, apologies; final is the posted text
    posts: list[Placeholder] = field(default_factory=list)
    uploads: int = 0


def slack_threads(calls: Sequence[Call]) -> dict[str, ThreadLog]:
    """Placeholders, their final texts and other posts, per channel (one thread per channel)."""
    threads: dict[str, ThreadLog] = defaultdict(ThreadLog)
    by_ts: dict[tuple[str, str], Placeholder] = {}
    for call in calls:
        channel = str(call.args.get("channel") or call.args.get("channel_id") or "")
        if call.method == "chat.postMessage":
            if call.args.get("text") == THINKING and call.result.get("ts"):
                holder = Placeholder(str(call.result["ts"]), call.at)
                threads[channel].placeholders.append(holder)
                by_ts[channel, holder.ts] = holder
            else:
                text = str(call.args.get("text", ""))
                ts = str(call.result.get("ts", ""))
                threads[channel].posts.append(Placeholder(ts, call.at, text, call.at))
        elif call.method in ("chat.update", "chat.delete"):
            found = by_ts.get((channel, str(call.args.get("ts", ""))))
            if found is None or found.final is not None or found.deleted:
                continue
            if call.method == "chat.delete":
                found.deleted = True
            else:
                found.final, found.final_at = str(call.args.get("text", "")), call.at
        elif call.method == "files.completeUploadExternal":
            threads[channel].uploads += 1
    return threads


@dataclass
class Audit:
    """The counts the bench reports."""

    messages: int = 0
    answered: int = 0
    duplicate_answers: int = 0
    lost: int = 0
    out_of_order_threads: int = 0
    out_of_order_slack_threads: int = 0
    resend_asked: int = 0
    unstored_answers: int = 0  # answered in Slack, but the turn is not in the stored transcript
    stored_but_resend_asked: int = 0  # saved, yet the user was told to resend (a resend doubles it)
    placeholders_left: int = 0
    placeholders_deleted: int = 0
    unattributed_answers: int = 0
    uploads: int = 0  # answers that came with deliverable files (each a full render)
    latencies: list[float] = field(default_factory=list)
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lost_by_turn: dict[int, int] = field(default_factory=lambda: defaultdict(int))

    def add_example(self, kind: str, text: str) -> None:
        """Keep a few examples of each problem for the report."""
        if len(self.examples[kind]) < 5:
            self.examples[kind].append(text)

    def report(self, seconds: float) -> dict[str, Any]:
        """The numbers as a JSON-ready dict."""
        lat = sorted(self.latencies)
        return {
            "messages": self.messages,
            "answered": self.answered,
            "turns_per_s": round(self.answered / seconds, 1) if seconds > 0 else 0.0,
            "p50_ms": round(1000 * statistics.median(lat)) if lat else None,
            "p99_ms": round(1000 * lat[min(len(lat) - 1, int(0.99 * len(lat)))]) if lat else None,
            "max_ms": round(1000 * lat[-1]) if lat else None,
            "duplicate_answers": self.duplicate_answers,
            "lost": self.lost,
            "out_of_order_threads": self.out_of_order_threads,
            "out_of_order_slack_threads": self.out_of_order_slack_threads,
            "resend_asked": self.resend_asked,
            "stored_but_resend_asked": self.stored_but_resend_asked,
            "unstored_answers": self.unstored_answers,
            "placeholders_left": self.placeholders_left,
            "placeholders_deleted": self.placeholders_deleted,
            "unattributed_answers": self.unattributed_answers,
            "deliverable_uploads": self.uploads,
            "lost_by_turn": dict(sorted(self.lost_by_turn.items())),
            "examples": dict(self.examples),
        }


Transcript = Sequence[tuple[str, str]]  # (role, text) in stored order


def audit(
    sent: Sequence[Sent], calls: Sequence[Call], transcripts: Mapping[str, Transcript]
) -> Audit:
    """Check every thread: Redis transcript order and count, and what Slack showed."""
    result = Audit()
    threads = slack_threads(calls)
    per_thread: dict[str, list[Sent]] = defaultdict(list)
    for item in sent:
        per_thread[item.message.channel].append(item)
    for channel, items in per_thread.items():
        items.sort(key=lambda s: s.message.turn)
        _thread(result, items, threads.get(channel, ThreadLog()), transcripts.get(channel, ()))
    return result


def _thread(result: Audit, items: list[Sent], slack: ThreadLog, transcript: Transcript) -> None:
    channel = items[0].message.channel
    result.messages += len(items)
    index = {norm(s.message.text): s.message.turn for s in items}
    order, bots = _stored_order(transcript, index)
    seen = list(dict.fromkeys(order))
    if seen != sorted(seen):
        result.out_of_order_threads += 1
        result.add_example("out_of_order", f"{channel}: " + _names(seen))
    finals = [p for p in slack.placeholders if p.final is not None]
    resend = [p for p in (*finals, *slack.posts) if _RESEND.search(p.final or "")]
    # a post is an answer when it is a stored bot turn; the others continue a split reply
    posted = [p for p in slack.posts if not _RESEND.search(p.final or "") and _known(p, bots)]
    answered = [p for p in finals if not _RESEND.search(p.final or "")] + posted
    result.resend_asked += len(resend)
    for holder in resend:
        result.add_example("resend", f"{channel}: {holder.final!r:.90}")
    result.placeholders_left += sum(p.final is None and not p.deleted for p in slack.placeholders)
    result.placeholders_deleted += sum(p.deleted for p in slack.placeholders)
    result.uploads += slack.uploads
    strays = _slack_order(result, items, answered, bots)
    # answers Slack showed beyond the stored messages: either a message answered twice, or an
    # answer whose turn is missing from the transcript (its text matches no stored bot turn)
    extra = max(0, len(answered) - len(seen))
    unstored = min(extra, strays)
    doubled = max(len(order) - len(seen), extra - unstored)
    result.duplicate_answers += doubled
    result.unstored_answers += unstored
    if doubled:
        result.add_example("duplicate", f"{channel}: stored " + _names(order))
    if unstored:
        result.add_example("unstored", f"{channel}: stored " + _names(order))
    result.answered += min(len(answered), len(seen)) + unstored
    result.stored_but_resend_asked += min(len(resend), max(0, len(seen) - len(answered)))
    missing = [s for s in items if s.message.turn not in set(seen)]
    lost = max(0, len(missing) - len(resend) - unstored)
    result.lost += lost
    if lost:
        for s in missing[-lost:]:
            result.lost_by_turn[s.message.turn] += 1
        result.add_example(
            "lost", f"{channel}: missing " + _names([s.message.turn for s in missing])
        )


def _stored_order(
    transcript: Transcript, index: Mapping[str, int]
) -> tuple[list[int], list[tuple[str, int]]]:
    """Send positions of the stored user turns, and each stored bot answer with its message."""
    order: list[int] = []
    bots: list[tuple[str, int]] = []
    last: int | None = None
    for role, text in transcript:
        key = norm(text)
        if role == "user":
            last = index.get(key)
            if last is None:
                last = next((turn for t, turn in index.items() if t and t in key), None)
            if last is not None:
                order.append(last)
        elif last is not None:
            bots.append((key[:_PREFIX], last))
    return order, bots


def _slack_order(
    result: Audit, items: list[Sent], answered: list[Placeholder], bots: list[tuple[str, int]]
) -> int:
    """Attribute each answer to its message by text; check positions, measure latency.

    Returns how many answers matched no stored bot turn at all (a repeat of an answer already
    matched is not counted: that is a message answered twice).
    """
    missed = 0
    unused = list(bots)
    positions: list[int] = []
    shown: list[tuple[float, int]] = []
    for holder in sorted(answered, key=lambda p: _ts(p.ts)):
        key = norm(holder.final or "")[:_PREFIX]
        match = next((b for b in unused if _same(b[0], key)), None)
        if match is None:
            result.unattributed_answers += 1
            missed += not any(_same(b[0], key) for b in bots)
            result.add_example("unattributed", f"{items[0].message.channel}: {holder.final!r:.80}")
            continue
        unused.remove(match)
        positions.append(match[1])
        shown.append((holder.final_at or 0.0, match[1]))
        start = items[match[1]].at if match[1] < len(items) else None
        if start is not None and holder.final_at is not None:
            result.latencies.append(holder.final_at - start)
    in_time = [turn for _, turn in sorted(shown)]
    if positions != sorted(positions) or in_time != sorted(in_time):
        result.out_of_order_slack_threads += 1
        where = f"{items[0].message.channel}: positions {_names(positions)}"
        result.add_example("slack_order", f"{where}; answered {_names(in_time)}")
    return missed


def _known(post: Placeholder, bots: Sequence[tuple[str, int]]) -> bool:
    """Whether a posted message starts like one of the stored bot turns."""
    key = norm(post.final or "")[:_PREFIX]
    return any(_same(stored, key) for stored, _ in bots)


def _same(stored: str, shown: str) -> bool:
    """Whether a shown answer is a stored bot turn (prefixes of normalised text agree)."""
    return bool(stored) and (stored.startswith(shown) or shown.startswith(stored))


def _ts(ts: str) -> tuple[int, int]:
    head, _, tail = ts.partition(".")
    return int(head), int(tail or 0)


def _names(turns: Sequence[int]) -> str:
    return " ".join(f"m{t}" for t in turns)
