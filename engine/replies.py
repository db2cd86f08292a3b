"""The bot's own wording: greeting, help, status, profile and delivery notes (pure)."""

from __future__ import annotations

from engine.assumptions import assume, impact, kind_label
from engine.commands import help_text
from engine.intent import Ask
from engine.interview import progress, users_of
from engine.packs import GENERAL, lookup, packs
from engine.questions import meaning
from engine.region import chain_in, localised
from engine.session import Assumption, Session
from engine.topics import TOPIC_BY_ID, as_topic
from engine.types import Signal, TopicId

GREETING = (
    "Hi! I'm Meta-Agent. Tell me what you want to build in a sentence or two, and I'll ask "
    "a few sharp questions, then write a requirements brief and wireframes.\n\n"
    "Say **help** at any time for what I understand."
)

HELP = """**How this works**

I ask one question at a time about your product, then write a requirements brief and \
wireframes. You can just talk; I notice when you want to move on.

- *"just show me something"* — I'll fill the gaps with stated assumptions and deliver now.
- *"I'm an engineer, skip the basics"* — straight to technical questions.
- *"let's talk about payments"* — I'll jump to that topic.
- *"no idea, you pick"* — I'll assume that one and move on.
- *"actually the users are nurses"* — I'll correct it and regenerate what depends on it.

""" + help_text()

EMPTY = "I didn't get any text there. Tell me about your product in a sentence, or say **help**."
BINARY = "That looked like binary data rather than text, so I ignored it. Could you type it out?"
TRUNCATED = "_(Your message was long, so I read the first {limit:,} characters.)_"
UNREADABLE = (
    "I can't read the saved interview of this thread (it may come from a newer version of "
    "me). I've kept it untouched. Say **restart** to begin again here, or **forget** to delete it."
)
RENDER_FAILED = (
    "_I saved everything, but couldn't draw the files this time (ref {ref}). "
    "Say **export** to try again._"
)


def missing_files(failures: list[tuple[list[str], str, str]]) -> str:
    """One line per failed renderer: the files it left out, what failed, the log reference;
    e.g. "brief.pdf is missing: the PDF renderer failed (ref abc123); the other files are
    attached." `failures` holds (filenames, renderer, ref)."""
    lines = []
    for names, renderer, ref in failures:
        verb = "is" if len(names) == 1 else "are"
        lines.append(f"{', '.join(names)} {verb} missing: {renderer} failed (ref {ref})")
    return "_" + ";\n".join(lines) + "; the other files are attached._"


UNAVAILABLE = "I'm temporarily unavailable. Please resend your message in a moment."
RATE_LIMITED = (
    "You're sending messages faster than I can keep up. Please wait {seconds} s and resend."
)
FORGOTTEN = "Done: I deleted everything I stored about this thread."
RESTARTED = "Starting over. What do you want to build?"
NO_INTERVIEW_HERE = (
    "You have no interview in this channel yet. Start one with your idea, e.g. "
    "“a booking app for dog groomers”."
)
ABOUT_LATEST = "_(About your latest interview in this channel.)_"
NOT_ADMIN = "Only a workspace admin can forget another person's data."
NOTHING_YET = "There's nothing to export yet. Tell me about your product first."
MODERATED = "I can't help with that message, so I didn't store it. Let's keep to the product."


def bar(covered: int, total: int, width: int = 10) -> str:
    """A text progress bar."""
    filled = round(width * covered / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def status(session: Session) -> str:
    """Coverage per stage, questions asked and cost so far."""
    prog = progress(session)
    open_count = prog.total - prog.stated - prog.assumed
    lines = [
        f"**Coverage: {prog.percent}%** ({session.status}): {prog.stated} stated, "
        f"{prog.assumed} assumed, {open_count} open"
    ]
    for stage in prog.stages:
        extra = f" (+{stage.assumed} assumed)" if stage.assumed else ""
        lines.append(
            f"- {stage.label}: {bar(stage.stated, stage.total)} {stage.stated}/{stage.total}{extra}"
        )
    usage = session.usage
    lines.append("")
    lines.append(
        f"Questions asked: {session.counters.questions_asked}; "
        f"assumptions: {len(session.assumptions)}; "
        f"cost so far: ${usage.cost_usd:.4f} ({usage.model_calls} model calls)"
    )
    if session.deliverable_version:
        lines.append(f"\nDeliverables: v{session.deliverable_version}")
    return "\n".join(lines) + pending(session)


def pending(session: Session) -> str:
    """The question still waiting for an answer, repeated after status and profile."""
    if session.status != "interviewing" or session.current_topic is None or not session.asked:
        return ""
    return f"\n\nBack to my question: {session.asked[-1].text}"


def profile(session: Session) -> str:
    """What was detected about the person and the product."""
    p = session.profile
    locked = " (set by you)" if p.industry_locked else ""
    return (
        f"**Detected profile**\n- Industry: {kind_label(p.industry, p.domain)} "
        f"({p.industry_confidence:.0%}){locked}\n- Role: {p.role} ({p.role_confidence:.0%})\n"
        f"- Sophistication: {p.sophistication} (score {p.sophistication_score:.2f})\n\n"
        "Wrong? Say so, e.g. “we're in healthcare, not fintech”." + pending(session)
    )


def noted(session: Session, topics: tuple[str, ...]) -> str:
    """A short acknowledgement of what the last message covered."""
    if not topics:
        return ""
    labels = [TOPIC_BY_ID[t].label.lower() for t in topics]
    joined = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    return f"Noted: {joined}."


def first_take(session: Session) -> str:
    """How the bot reads a new idea, so the person can correct it at once."""
    p = session.profile
    users = users_of(session)
    if p.domain:
        label = kind_label(p.industry, p.domain)
        return f"Got it: a product for {users} ({label})." if users else f"Got it: {label}."
    known = p.industry != "other" and p.industry_confidence >= 0.3
    kind = kind_label(p.industry, p.domain) if known else ""
    if kind and users:
        return f"Got it: a {kind} product for {users}."
    if kind:
        return f"Got it: sounds like a {kind} product."
    return f"Got it: a product for {users}." if users else "Got it."


def acknowledge(session: Session, signal: Signal, asked: str, learned: tuple[str, ...]) -> str:
    """The lead-in before the next question: what the last message did."""
    if signal.kind == "dont_know" and session.assumptions:
        a = session.assumptions[-1]
        return f"No problem: I'll assume **{a.value}** for now ({a.id}; you can change it later)."
    wanted = as_topic(signal.topic) if signal.kind == "redirect" else None
    if wanted is not None:
        label = TOPIC_BY_ID[wanted].label.lower()
        if wanted == asked:
            return f"Sure, let's talk about {label}."
        return f"We've already covered {label}, so let's keep going."
    if signal.kind == "expertise":
        return (
            "Got it, skipping the basics: I've filled them with assumptions you can "
            "correct later. On to the technical side."
        )
    return noted(session, learned)


def assumption_lines(assumptions: tuple[Assumption, ...]) -> str:
    """Assumptions as a compact bulleted list with confidence (the brief has the reasoning)."""
    return "\n".join(
        f"- **{a.id}** {TOPIC_BY_ID[a.topic].label}: {a.value} _({a.confidence:.0%})_"
        for a in assumptions
    )


def delivered(session: Session, new: tuple[Assumption, ...], changes: tuple[str, ...]) -> str:
    """The message that comes with the deliverables."""
    version = session.deliverable_version
    head = (
        f"Here's version {version}: the requirements brief and wireframes are attached."
        if version == 1
        else f"Updated to version {version}."
    )
    parts = [head]
    if changes:
        parts.append("**What changed**\n" + "\n".join(f"- {c}" for c in changes))
    if new:
        parts.append(
            "**I assumed these** (nobody said otherwise; the brief says why):\n"
            + assumption_lines(new)
        )
        parts.append(
            "Correct any of them in plain words, e.g. “actually the platform is iOS "
            "only”, and I'll regenerate everything that depends on it."
        )
    return "\n\n".join(parts)


def after_delivery() -> str:
    """What to say to a message after delivery that changes nothing."""
    return (
        "The brief and wireframes are posted. Tell me what to change (e.g. “actually the "
        "users are nurses”), say **export** for the files again, or **restart**."
    )


OFFER = (
    "I have enough for a first version of the brief and wireframes. "
    "Deliver now, or a few more questions first?"
)
OFFER_AGAIN = (
    "Say **deliver now** for the brief and wireframes, or **few more** and I'll keep asking."
)


def _specific_answer(session: Session, topic: TopicId) -> str:
    p = session.profile
    specific = tuple(x for x in chain_in(p.industry, p.domain, p.region) if x.id != GENERAL)
    found = lookup(specific, "answers", topic)
    return found if isinstance(found, str) else ""


def _others_answer(session: Session, topic: TopicId) -> str:
    """What others in this field do about `topic` ("what do other trucks do?")."""
    p = session.profile
    specific = tuple(x for x in chain_in(p.industry, p.domain, p.region) if x.id != GENERAL)
    for t in (topic, "key_actions"):
        found = lookup(specific, "answers", t)
        if isinstance(found, str):
            return found
    general = packs().get(GENERAL)
    return localised(general, p.region).answers.get(topic, "") if general is not None else ""


def answer_back(session: Session, topic: TopicId | None, ask: Ask = "others") -> str:
    """A short answer to a question back: what a topic means, why it matters, what others do,
    whether to worry now; a question about the product itself becomes an open question."""
    if ask == "open":
        known = _specific_answer(session, topic) if topic is not None else ""
        note = "Good question: I've added it to the brief as an open question."
        return f"{note} {known}".strip()
    if topic is None:
        return "Good question; it depends a lot on the product, so I'll keep it as an open point."
    if ask == "meaning":
        return meaning(topic)
    ask = ask or "others"
    if ask == "why":
        return f"Because if I guess it wrong, {impact(topic)}."
    answer = _others_answer(session, topic)
    if ask == "worry" and not _specific_answer(session, topic):
        guess = assume(session, topic, 0).value
        tail = (
            "If you're not sure yet, just say “idk” and I'll go with "
            f"“{guess}” for now; you can change it later."
        )
        return f"{answer} {tail}".strip()
    return answer or "It varies a lot; there's no single normal answer here."


def recorded(session: Session, topic: TopicId) -> str:
    """What was recorded for a topic, for "i already said that"."""
    label = TOPIC_BY_ID[topic].label
    facts = [f.value for f in session.facts_for(topic) if not f.negative]
    if facts:
        said = "; ".join(dict.fromkeys(facts))
        return f"You did, sorry. I have: **{label}** = {said}."
    return (
        f"Sorry, I missed that. I won't ask about {label.lower()} again; "
        "correct me any time if I get it wrong."
    )


_SMALL_TALK_LINES = (
    (("thank", "thx", "ty", "cheers"), "You're welcome!"),
    (("how are", "how's it", "hows it"), "Doing well, thanks for asking!"),
    (("lol", "haha", "lmao", "hehe", "😂", "😅"), "😄"),
    (("morning", "gm", "afternoon"), "Good to see you!"),
)


def small_talk(text: str) -> str:
    """A short friendly line for small talk."""
    lowered = text.lower()
    for words, line in _SMALL_TALK_LINES:
        if any(w in lowered for w in words):
            return line
    return "👍"
