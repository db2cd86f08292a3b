"""Rendering a saved version off the event loop, and the delivery reply that carries it."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import re
import secrets
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from engine import replies, worker
from engine.deliverables.drawing import Missing
from engine.deliverables.files import Deliverables, render_all, screens_touched
from engine.interview import progress
from engine.messages import Action, Reply
from engine.redact import thread_hash
from engine.session import Session

log = logging.getLogger("meta_agent.engine")

QUESTION_ACTIONS = (
    Action("deliver", "Skip to deliverables", "primary"),
    Action("skip", "Skip this question"),
)
OFFER_ACTIONS = (
    Action("deliver", "Deliver now", "primary"),
    Action("more", "A few more questions"),
)
DELIVERY_ACTIONS = (
    Action("accept", "Accept assumptions", "primary"),
    Action("email", "Email me the summary"),
)
_REF = re.compile(r"^A\d+ ")


@dataclass(frozen=True, slots=True)
class Delivery:
    """Files still to draw for one saved, versioned session, and the text that goes with them."""

    session: Session
    text: str
    changes: tuple[str, ...] = ()
    title: str = ""  # the interview's title when this step gave or changed it


Render = Callable[[Session], Awaitable[Deliverables]]
"""Draws every file of a saved session without blocking the event loop."""


async def render_in_thread(session: Session) -> Deliverables:
    """Every file of the session, drawn on a worker thread (tests, terminal, small loads)."""
    return await asyncio.to_thread(render_all, session)


class RenderPool:
    """Draws in worker processes, so rendering never holds the event loop's GIL."""

    def __init__(self, workers: int) -> None:
        """A pool of `workers` processes (spawned: safe next to threads), each warmed once;
        they start on the first render, or at once with `warm()`."""
        self._workers = max(1, workers)
        spawn = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(
            max_workers=self._workers,
            mp_context=spawn,
            initializer=worker.start,
            initargs=(spawn.Barrier(self._workers),),
        )

    async def warm(self) -> list[int]:
        """Start every worker and wait until each has drawn once; call before taking traffic,
        so no worker starts (at full priority, importing) while acks are due. Returns the
        workers' process ids."""
        loop = asyncio.get_running_loop()
        started = [loop.run_in_executor(self._pool, worker.ready) for _ in range(self._workers)]
        return sorted(set(await asyncio.gather(*started)))

    async def __call__(self, session: Session) -> Deliverables:
        """Every file of the session, drawn in a worker process."""
        return await asyncio.get_running_loop().run_in_executor(self._pool, render_all, session)

    def close(self) -> None:
        """Stop the workers (waits for renders in flight)."""
        self._pool.shutdown(wait=True, cancel_futures=True)


VersionId = tuple[str, int, str]
"""A rendered version: the thread, the version number and when that version was made."""


def version_id(session: Session) -> VersionId | None:
    """What identifies the content of the session's current deliverables; None before any.

    A version's content never changes once made (any change makes the next version), and
    `restart` starts a new changelog, so the time the version was made tells two v1s apart."""
    version = session.deliverable_version
    if not version:
        return None
    last = session.changelog[-1] if session.changelog else None
    made = last.at.isoformat() if last is not None and last.version == version else ""
    return session.key, version, made


class Remembered:
    """A Render that draws each version once per process: sending the same version again
    (`export`, "show me again", the summary email) reuses its files. Only complete renders
    are kept, so `export` after a failure draws again."""

    def __init__(self, render: Render, size: int = 8) -> None:
        """Wraps `render`; keeps the files of the last `size` versions drawn."""
        self._render = render
        self._size = size
        self._recent: OrderedDict[VersionId, Deliverables] = OrderedDict()

    async def __call__(self, session: Session) -> Deliverables:
        """The session's files, drawn unless this version was drawn already."""
        key = version_id(session)
        if key is not None and key in self._recent:
            self._recent.move_to_end(key)
            return self._recent[key]
        files = await self._render(session)
        if key is not None and not files.missing:
            self._recent[key] = files
            while len(self._recent) > self._size:
                self._recent.popitem(last=False)
        return files


async def deliver(
    delivery: Delivery,
    render: Render,
    can_mail: bool = False,
    observe: Callable[..., None] | None = None,
) -> Reply:
    """The deliverables reply; a rendering failure keeps the saved session and offers export.
    The email button is offered only when a mailer is configured."""
    session = delivery.session
    started = time.perf_counter()
    try:
        files = await render(session)
    except Exception:
        ref = secrets.token_hex(3)
        log.exception("rendering failed ref=%s thread=%s", ref, thread_hash(session.key))
        if observe is not None:
            observe("error", kind="render")
        text = f"{delivery.text}\n\n{replies.RENDER_FAILED.format(ref=ref)}"
        return Reply(text, (), (), progress(session), "error")
    if observe is not None:
        observe("render_seconds", time.perf_counter() - started)
    text = delivery.text
    if files.missing:
        text += "\n\n" + _report_missing(files.missing, session.key, observe)
    refs = {c.split(" ", 1)[0] for c in delivery.changes if _REF.match(c)}
    touched = screens_touched(files.spec, refs)
    if touched:
        text += "\n\nScreens touched: " + ", ".join(touched) + "."
    actions = DELIVERY_ACTIONS if can_mail else DELIVERY_ACTIONS[:1]
    return Reply(text, files.attachments, actions, progress(session), "deliverables")


def _report_missing(
    missing: tuple[Missing, ...], thread: str, observe: Callable[..., None] | None
) -> str:
    """Log each failed renderer's traceback under a reference, count it, and say in one
    line per renderer which files are missing."""
    by_kind: dict[str, list[Missing]] = {}
    for item in missing:
        by_kind.setdefault(item.kind, []).append(item)
    failures = []
    for kind, items in by_kind.items():
        ref = secrets.token_hex(3)
        names = [m.filename for m in items]
        log.error(
            "rendering %s failed ref=%s thread=%s\n%s",
            ", ".join(names),
            ref,
            thread_hash(thread),
            items[0].detail.rstrip(),
        )
        if observe is not None:
            observe("error", float(len(items)), kind=f"render_{kind}")
        failures.append((names, items[0].renderer, ref))
    return replies.missing_files(failures)
