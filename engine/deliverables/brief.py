"""The requirements brief in Markdown: a pure function of the session."""

from __future__ import annotations

import re
from collections.abc import Mapping

from engine.assumptions import industry_label
from engine.deliverables.requirements import Requirement
from engine.deliverables.wording import clip, product_title
from engine.interview import cover_of, open_topics
from engine.redact import redact
from engine.session import Session
from engine.topics import TOPIC_BY_ID
from engine.types import TopicId

_NONE = "_Not discussed yet._"


def _md(text: str) -> str:
    """User text made safe for Markdown prose, escaped once: no raw HTML tags (a backslash
    before '<' that would open one), no quote marker at a line start, no secrets or personal
    data. No HTML entities: '>' stays '>' so the text reads the same in every viewer."""
    safe = re.sub(r"<(?=[A-Za-z/!?])", r"\\<", redact(text, personal=False))
    return re.sub(r"(?m)^(\s*)>", r"\1\\>", safe)


def _cell(text: str) -> str:
    return _md(" ".join(text.split())).replace("|", "\\|")


def title_of(session: Session) -> str:
    """The product's name, else a short noun phrase of the idea (never a greeting)."""
    title = product_title(session)
    return "Product requirements" if title == "New product" else title


def _exclusion(topic: TopicId, value: str) -> str:
    if topic == "security_compliance":
        return f"- {_md(value)}: does not apply"
    return f"- Not: {_md(value)}"


def _said(session: Session, topic: TopicId) -> str:
    """What people said about a topic in their words (with who, when several spoke), and what
    they ruled out; else the assumption, marked with its id, confidence and basis."""
    facts = session.facts_for(topic)
    if facts:
        many = len({f.user_id for f in session.facts}) > 1
        lines = [
            f"- {_md(clip(f.value, 240))}" + (f" _({_md(f.user_name)})_" if many else "")
            for f in facts
            if not f.negative
        ]
        lines += [_exclusion(topic, f.value) for f in facts if f.negative]
        return "\n".join(lines)
    assumption = session.assumption_for(topic)
    if assumption is not None:
        if assumption.source == "corrected":
            return f"- {_md(assumption.value)} _(corrected)_"
        return (
            f"- {_md(assumption.value)} _(assumed, {assumption.id}, "
            f"{assumption.confidence:.0%} sure: {_md(assumption.reasoning)})_"
        )
    return _NONE


def _summary(session: Session) -> str:
    users = " and ".join(_lower_first(f.value) for f in session.facts_for("target_users")[:2])
    users = users or _lower_first(_plain(session, "target_users")) or "its users"
    problem = _plain(session, "core_problem")
    value = _plain(session, "value_proposition")
    label = industry_label(session.profile.industry)
    article = "An" if label[:1].lower() in "aeiou" or label.startswith("HR") else "A"
    text = f"{article} {label} product for {users}."
    if problem:
        text += f" It addresses: {_lower_first(problem)}."
    if value:
        text += f" Why it wins: {_lower_first(value)}."
    return _md(text.replace("..", "."))


def _lower_first(text: str) -> str:
    """Lower-case a leading capital unless it starts an acronym or a name-like word."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _plain(session: Session, topic: TopicId) -> str:
    facts = session.facts_for(topic)
    if facts:
        return facts[-1].value.rstrip(".")
    assumption = session.assumption_for(topic)
    return assumption.value.rstrip(".") if assumption else ""


def _features(reqs: tuple[Requirement, ...], screens: Mapping[str, tuple[str, ...]]) -> str:
    if not reqs:
        return _NONE
    rows = [
        "| ID | Requirement | Priority | Detail | Screens | Basis |",
        "|---|---|---|---|---|---|",
    ]
    for r in reqs:
        basis = ", ".join(r.refs) if r.refs else "stated"
        where = ", ".join(screens.get(r.id, ())) or "—"
        rows.append(
            f"| {r.id} | {_cell(r.title)} | {r.priority} | {_cell(r.detail)} | {_cell(where)} "
            f"| {basis} |"
        )
    return "\n".join(rows)


def _assumptions(session: Session) -> str:
    if not session.assumptions:
        return "_None: everything in this brief was stated in the conversation._"
    rows = [
        "| ID | Topic | Assumption | Confidence | Basis | If wrong |",
        "|---|---|---|---|---|---|",
    ]
    for a in session.assumptions:
        value = a.value if a.previous is None else f"{a.value} (was: {a.previous})"
        rows.append(
            f"| {a.id} | {TOPIC_BY_ID[a.topic].label} | {_cell(value)} | {a.confidence:.0%} "
            f"| {_cell(a.reasoning)} | {_cell(a.impact)} |"
        )
    return "\n".join(rows)


def _open_questions(session: Session) -> str:
    lines = _disagreements(session)
    lines += [f"- {TOPIC_BY_ID[t].label}: not discussed yet" for t in open_topics(session)]
    shaky = sorted(
        (a for a in session.assumptions if a.source == "assumed" and a.confidence < 0.6),
        key=lambda a: a.confidence,
    )
    lines += [
        f"- {TOPIC_BY_ID[a.topic].label}: is “{_md(a.value)}” right? ({a.id}, "
        f"{a.confidence:.0%} sure)"
        for a in shaky[:5]
    ]
    return "\n".join(lines) or "_None._"


def _notes(session: Session) -> str:
    if not session.notes:
        return ""
    many = len({n.user_id for n in session.notes}) > 1 or len(session.contributors()) > 1
    lines = [
        f"- {_md(clip(n.text, 300))}" + (f" _({_md(n.user_name)})_" if many else "")
        for n in session.notes
    ]
    return "## Notes\n\n" + "\n".join(lines)


def _disagreements(session: Session) -> list[str]:
    lines = []
    for d in session.disagreements:
        views = "; ".join(f"{_md(v.user_name)} said “{_md(clip(v.text, 160))}”" for v in d.views)
        line = f"- {TOPIC_BY_ID[d.topic].label}: {views}."
        if d.resolution:
            line += f" Agreed: {_md(clip(d.resolution, 160))}."
        lines.append(line)
    return lines


def _facts(session: Session) -> str:
    c, p = session.counters, session.profile
    escape = "yes" if c.escapes else "no"
    return "\n".join(
        [
            f"- Questions asked: {c.questions_asked}",
            f"- Escape used: {escape}; corrections: {c.corrections}",
            f"- Detected profile: {industry_label(p.industry)} "
            f"({p.industry_confidence:.0%}), role {p.role}, {p.sophistication} "
            f"({p.sophistication_score:.2f})",
            f"- Coverage: {sum(1 for t in TOPIC_BY_ID if cover_of(session, t) == 'user')} "
            f"of {len(TOPIC_BY_ID)} topics stated, {len(session.assumptions)} assumed",
        ]
    )


def _changelog(session: Session) -> str:
    if not session.changelog:
        return ""
    lines = [f"- v{c.version}: {_md(c.summary)}" for c in session.changelog]
    return "\n## Changelog\n\n" + "\n".join(lines) + "\n"


def render_brief(
    session: Session,
    requirements: tuple[Requirement, ...],
    screens: Mapping[str, tuple[str, ...]],
    version: int,
) -> str:
    """The brief as Markdown; `screens` maps requirement ids to the screens covering them."""
    contributors = ", ".join(_md(n) for n in session.contributors()) or "—"
    tech = "\n\n".join(
        f"**{TOPIC_BY_ID[t].label}**\n\n{_said(session, t)}"
        for t in ("platforms", "integrations", "data", "scale")
    )
    sections = [
        f"# {_md(title_of(session))}",
        f"_Requirements brief v{version} · Meta-Agent_",
        f"## Summary\n\n{_summary(session)}",
        f"## Problem\n\n{_said(session, 'core_problem')}\n\n**Pain points**\n\n"
        f"{_said(session, 'pain_points')}"
        if session.facts_for("pain_points")
        else f"## Problem\n\n{_said(session, 'core_problem')}",
        f"## Target users\n\n{_said(session, 'target_users')}",
        f"## Value proposition\n\n{_said(session, 'value_proposition')}",
        f"## User journey\n\n{_said(session, 'user_journey')}",
        f"## Key actions\n\n{_said(session, 'key_actions')}",
        f"## Features\n\n{_features(requirements, screens)}",
        f"## Technical requirements\n\n{tech}",
        f"## Compliance\n\n{_said(session, 'security_compliance')}",
        f"## Assumptions\n\n{_assumptions(session)}\n\nCorrect any of these in plain words, "
        "for example “actually the users are nurses”.",
        f"## Open questions\n\n{_open_questions(session)}",
        *([_notes(session)] if session.notes else []),
        f"## Contributors\n\n{contributors}",
        f"## Interview facts\n\n{_facts(session)}",
    ]
    return "\n\n".join(sections) + "\n" + _changelog(session)
