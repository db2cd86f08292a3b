"""A render worker process's start: lowest CPU priority before any heavy import, then a warm-up."""

from __future__ import annotations

import contextlib
import os
from threading import Barrier
from typing import Protocol

NICENESS = 10
"""Render workers run at a lower CPU priority: acks and turns come first, files can wait."""


class Gathering(Protocol):
    """A barrier (threading's or multiprocessing's)."""

    def wait(self, timeout: float | None = None) -> int:
        """Block until every party is waiting."""
        ...


_gathered: Gathering = Barrier(1)
"""Set per worker by `start`: every worker of the pool waits on it in `ready`."""


def start(gathered: Gathering) -> None:
    """Lower this process's priority, then draw once so fonts and glyph caches are loaded.

    SCHED_IDLE (Linux) lets any woken event loop preempt a drawing worker at once; nice alone
    leaves acks waiting for the worker's time slice. The drawing modules are imported only
    after that, so even their import never competes with the bot's event loop.
    """
    global _gathered
    _gathered = gathered
    with contextlib.suppress(OSError):
        os.nice(NICENESS)
    with contextlib.suppress(OSError, AttributeError):
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    # imported here, after the priority drop, on purpose
    from engine.deliverables.files import render_all
    from engine.messages import ThreadKey
    from engine.session import new_session

    session = new_session(ThreadKey("warm", "W", "C", "T"))
    render_all(session.model_copy(update={"idea": "a booking app", "deliverable_version": 1}))


def ready() -> int:
    """Runs in a started worker and returns its process id once every worker of the pool is
    here too, so n calls land on n different workers."""
    _gathered.wait(120)
    return os.getpid()
