"""An interview at a glance: its title and the summary a list of interviews shows (pure)."""

from __future__ import annotations

from engine.deliverables.wording import clip, product_title
from engine.interview import progress
from engine.messages import InterviewSummary, ThreadKey
from engine.session import Session

UNTITLED = "New interview"
_NO_TITLE = "New product"  # what product_title answers before there is an idea


def title(session: Session) -> str:
    """The brief's title once the interview has an idea or a product name, else ""."""
    found = product_title(session)
    return "" if found == _NO_TITLE else found


def new_title(before: Session, after: Session) -> str:
    """The title when this step gave the interview one or changed it, else ""."""
    found = title(after)
    return found if found != title(before) else ""


def key_of(slug: str) -> ThreadKey:
    """The thread key of a slug `platform:workspace:channel:thread`."""
    platform, workspace, channel, thread = [*slug.split(":", 3), "", "", ""][:4]
    return ThreadKey(platform, workspace, channel, thread)


def summary_of(session: Session) -> InterviewSummary:
    """Where the interview is, what it is about, how far it got and when it last moved."""
    covered = progress(session)
    return InterviewSummary(
        thread=key_of(session.key),
        title=title(session) or clip(session.idea, 60) or UNTITLED,
        stated=covered.stated,
        assumed=covered.assumed,
        total=covered.total,
        version=session.deliverable_version,
        updated=session.updated_at,
    )
