"""The load bench's traffic: simulated teams' conversations, sent to the replicas as Slack would."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from tests.fakes.slack_api import BOT_USER_ID, app_mention, event_callback, message, sign

OPENERS = (
    "hey so me and my brother run {n} taco trucks in {city} and want people to order ahead "
    "from their phone so the line isnt 40 min at lunch",
    "we're a {n} person vet clinic in {city}, front desk is drowning in phone calls for "
    "appointments. want something so owners can book + get reminders",
    "internal tool idea: on-call handoff notes for SREs, pulls open incidents from pagerduty. "
    "~{n}0 engineers",
    "i run a cleaning company ({n} crews) in {city}, scheduling is all whatsapp and a "
    "whiteboard lol. need an app for it",
    "building a book swap app for apartment buildings in {city}, maria thinks neighbourhoods "
    "but i say buildings",
    "can you help me spec a tutoring marketplace? parents in {city} find tutors, pay per "
    "session, {n} subjects to start",
    "our hospital ward ({n} nurses) swaps shifts over text and it's a mess, want a shift swap "
    "app, has to be hipaa safe i guess",
    "small gym chain, {n} locations around {city}. members want to book classes and see how "
    "busy it is before coming",
)
REPLIES = (
    "mostly office folks on their lunch break, 25-45, everyone has an iphone or android",
    "the grill guy needs to see orders on an ipad in the truck, he cant look at a phone",
    "idk honestly, what do other people do for this?",
    "right now its cash and square, we'd keep square if we can",
    "people walk away when they see the line, we lose maybe 30 orders a day",
    "no website stuff, nobody goes to a website for this. app or text message",
    "admins are me and my sister, we do the schedule on sunday nights",
    "maybe 200 users at first, if it works {n}000 by next year",
    "login with google is fine, no passwords pls",
    "we need reminders the day before, thats the #1 thing",
    "actually not just owners, the vets want to see the day's list too",
    "payments later, v1 is just booking",
    "the main screens would be like a calendar, a list of todays stuff and a profile",
    "hmm not sure, you pick something sensible",
    "integrations: google calendar for sure, maybe quickbooks",
    "data is names, phone numbers, appointment times, notes. nothing super sensitive",
    "offline would be nice, the wifi in the truck is bad",
    "we tried an excel sheet, it broke when two people edited it at once",
    "the biggest pain is no-shows, like 1 in 5",
    "i said it already, the waiting. people hate waiting",
    "tom disagrees, he thinks sms only is enough and no app",
    "it should feel simple, my dad will use it",
    "security wise just the normal stuff, we're not a bank",
    "the owner approves every swap before it goes live",
    "what would you put on the home screen?",
    "we have about {n} locations now and opening 2 more in spring",
    "reports at the end of the week would be nice, who came, who didnt",
    "english and spanish, half our customers speak spanish",
    "keep it cheap, we're a small shop",
    "the front desk uses a windows pc, everyone else is on phones",
)
DELIVER = "ok thats enough questions, just show me what you have"
CITIES = ("austin", "leeds", "lyon", "denver", "porto", "brisbane", "toronto")


@dataclass(frozen=True)
class Message:
    """One message a simulated person sends into a thread."""

    thread: int
    turn: int
    team: str
    channel: str
    user: str
    ts: str
    thread_ts: str
    text: str
    pause: float  # seconds to wait after the previous ack before sending


@dataclass
class Sent:
    """What happened to one message on the way in."""

    message: Message
    at: float = 0.0  # monotonic time of the first delivery attempt
    acked: float | None = None
    deliveries: int = 0  # POSTs made for this message, retries included
    duplicates: int = 0  # deliberate Slack retries of an acked delivery
    failures: int = 0  # deliveries that got no 200


@dataclass(frozen=True)
class Workload:
    """The size and shape of the load."""

    threads: int = 500
    turns: int = 10
    team_size: int = 10  # threads per workspace (rate limits are per workspace)
    retry_share: float = 0.2
    burst_share: float = 0.5  # threads with one burst of 5 messages within 100 ms
    deliver_share: float = 0.02  # threads whose last message asks for the deliverables
    pause: tuple[float, float] = (0.3, 1.5)  # between messages outside bursts
    ramp: float = 3.0  # threads start spread over this many seconds
    seed: int = 12
    reply_mentions: bool = False  # thread replies @mention the bot (app_mention events)
    alternate: bool = False  # message k goes to replica k mod n (its retries to the next one)


def conversation(index: int, load: Workload, rng: random.Random) -> list[Message]:
    """One thread's messages: an @mention, then thread replies (distinct texts)."""
    team = f"T{index // load.team_size:04d}"
    channel = f"C{index:05d}"
    users = [f"U{index:05d}A", f"U{index:05d}B"]
    root = f"{1_800_000_000 + index}.000100"
    n, city = rng.randint(2, 9), rng.choice(CITIES)
    texts = [f"<@{BOT_USER_ID}> " + rng.choice(OPENERS).format(n=n, city=city)]
    pool = [r.format(n=n) for r in REPLIES]
    rng.shuffle(pool)
    for k in range(1, load.turns):
        base = pool[(k - 1) % len(pool)]
        text = base if k <= len(pool) else f"{base} (again, {k})"
        texts.append(f"<@{BOT_USER_ID}> {text}" if load.reply_mentions else text)
    if load.turns > 1 and rng.random() < load.deliver_share:
        texts[-1] = DELIVER
    burst_at = -1
    if load.turns > 5 and rng.random() < load.burst_share:
        burst_at = rng.randint(1, load.turns - 5)
    out: list[Message] = []
    for k, text in enumerate(texts):
        in_burst = burst_at < k < burst_at + 5 and burst_at >= 0
        pause = rng.uniform(0.0, 0.02) if in_burst else rng.uniform(*load.pause)
        if k == 0:
            pause = rng.uniform(0.0, load.ramp)
        ts = root if k == 0 else f"{1_800_000_000 + index}.{100 + k:06d}"
        user = users[1] if k % 4 == 3 else users[0]
        out.append(Message(index, k, team, channel, user, ts, root, text, pause))
    return out


def event_body(msg: Message, event_id: str) -> bytes:
    """The Events API body Slack would post for `msg`."""
    if msg.turn == 0:
        event = app_mention(msg.text, msg.ts, channel=msg.channel, user=msg.user)
    elif msg.text.startswith("<@"):
        event = app_mention(
            msg.text, msg.ts, channel=msg.channel, user=msg.user, thread_ts=msg.thread_ts
        )
    else:
        event = message(
            msg.text, msg.ts, channel=msg.channel, user=msg.user, thread_ts=msg.thread_ts
        )
    return json.dumps(event_callback(event, event_id, team_id=msg.team)).encode()


@dataclass
class Sender:
    """Posts signed events to the live replicas, like Slack plus a load balancer."""

    http: aiohttp.ClientSession
    targets: Callable[[], Sequence[str]]  # URLs of the replicas that run now
    load: Workload
    rng: random.Random
    log: list[Sent] = field(default_factory=list)
    deadline: float = float("inf")
    fault_after: int = 0  # messages sent before `fault_due` is set
    fault_due: asyncio.Event = field(default_factory=asyncio.Event)

    async def run_thread(self, messages: list[Message]) -> None:
        """Send a thread's messages in order, each after the previous one was acked."""
        for msg in messages:
            if time.monotonic() > self.deadline:
                return
            await asyncio.sleep(msg.pause)
            sent = Sent(msg, at=time.monotonic())
            self.log.append(sent)
            if len(self.log) >= self.fault_after:
                self.fault_due.set()
            event_id = f"Ev{msg.thread:05d}{msg.turn:03d}"
            body = event_body(msg, event_id)
            await self._deliver(sent, body)
            if self.rng.random() < self.load.retry_share:
                sent.duplicates += 1
                await self._post(sent, body, retry=1, reason="http_timeout")

    async def _deliver(self, sent: Sent, body: bytes) -> None:
        """First delivery, then Slack's retries (up to 3) while no replica answers 200."""
        for attempt in range(4):
            if await self._post(sent, body, retry=attempt, reason="http_error"):
                sent.acked = time.monotonic()
                return
            sent.failures += 1
            await asyncio.sleep(0.5 * (attempt + 1))

    async def _post(self, sent: Sent, body: bytes, retry: int, reason: str) -> bool:
        """One POST to a live replica; True on HTTP 200."""
        targets = self.targets()
        if not targets:
            return False
        if self.load.alternate:
            url = targets[(sent.message.turn + sent.deliveries) % len(targets)]
        else:
            url = self.rng.choice(list(targets))
        headers = {"Content-Type": "application/json", **sign(body)}
        if retry:
            headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": reason}
        sent.deliveries += 1
        try:
            async with self.http.post(url, data=body, headers=headers) as response:
                await response.read()
                return response.status == 200
        except (aiohttp.ClientError, TimeoutError):
            return False


def plan(load: Workload) -> list[list[Message]]:
    """Every thread's conversation, from the seed."""
    rng = random.Random(load.seed)
    return [conversation(i, load, rng) for i in range(load.threads)]


def summary(log: Sequence[Sent]) -> dict[str, Any]:
    """Counts of the sending side."""
    return {
        "messages": len(log),
        "deliveries": sum(s.deliveries for s in log),
        "slack_retries": sum(s.duplicates for s in log),
        "not_acked": sum(s.acked is None for s in log),
        "failed_deliveries": sum(s.failures for s in log),
    }
