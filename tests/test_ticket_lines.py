"""Places in line are served in the order they were taken, whatever order work starts in."""

from __future__ import annotations

import asyncio
import random

from engine.messages import Inbound, Reply
from engine.store.locks import TicketLines
from engine.store.memory import MemoryStore
from tests.harness import make_chat


async def test_served_in_ticket_order_even_when_started_in_reverse() -> None:
    lines = TicketLines()
    tickets = [lines.take("k") for _ in range(5)]
    order: list[int] = []

    async def work(number: int) -> None:
        async with lines.serve("k", number):
            order.append(number)
            await asyncio.sleep(0)

    await asyncio.gather(*(work(n) for n in reversed(tickets)))
    assert order == tickets


async def test_left_places_are_skipped_and_idle_lines_are_dropped() -> None:
    lines = TicketLines()
    one, two, three = lines.take("k"), lines.take("k"), lines.take("k")
    await lines.leave("k", two)
    order: list[int] = []

    async def work(number: int) -> None:
        async with lines.serve("k", number):
            order.append(number)

    await asyncio.gather(work(three), work(one))
    assert order == [one, three]
    assert not lines._lines


async def test_a_cancelled_waiter_does_not_block_the_line() -> None:
    lines = TicketLines()
    one, two, three = lines.take("k"), lines.take("k"), lines.take("k")
    async with lines.serve("k", one):
        waiter = asyncio.create_task(_enter(lines, two))
        await asyncio.sleep(0)
        waiter.cancel()
    async with asyncio.timeout(1), lines.serve("k", three):
        pass


async def _enter(lines: TicketLines, number: int) -> None:
    async with lines.serve("k", number):
        pass


async def test_memory_engine_keeps_arrival_order_with_slow_starts() -> None:
    chat = make_chat()
    store: MemoryStore = chat.store
    rng = random.Random(3)
    texts = ["a rota app for care homes"] + [f"answer {i}" for i in range(1, 8)]
    tasks = []

    async def later(inbound: Inbound, ticket: str, delay: float) -> Reply:
        await asyncio.sleep(delay)
        return await chat.engine.handle(inbound, ticket)

    for i, text in enumerate(texts):
        inbound = chat.inbound(text, message_id=f"m-{i}")
        ticket = await chat.engine.arrive(inbound)
        tasks.append(asyncio.create_task(later(inbound, ticket, rng.random() / 100)))
    await asyncio.gather(*tasks)
    session = await store.load(chat.thread)
    assert session is not None
    assert [t.text for t in session.transcript if t.role == "user"] == texts
