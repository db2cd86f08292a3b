"""The product's own nouns: columns, buttons, empty states and sample rows for each (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from engine.deliverables.ranking import people_ranked, things_ranked, user_text
from engine.deliverables.terms import companions, is_person, is_place, singular
from engine.deliverables.views import views_said
from engine.deliverables.wording import (
    button_label,
    clip,
    is_chatter,
    is_statement,
    looks_like_chat,
    phrases,
    screens_said,
    sentence_case,
)
from engine.packs import CoreObject, Pack, pack_for
from engine.session import Session

_COMMON = [
    "appointment",
    "booking",
    "visit",
    "order",
    "invoice",
    "receipt",
    "expense",
    "transaction",
    "payment",
    "ticket",
    "task",
    "job",
    "shipment",
    "delivery",
    "parcel",
    "pallet",
    "listing",
    "property",
    "candidate",
    "product",
    "recipe",
    "event",
    "report",
    "incident",
    "alert",
    "handoff",
    "request",
    "reservation",
    "customer",
    "client",
    "patient",
    "machine",
    "entry",
    "document",
    "contract",
    "lesson",
    "course",
    "member",
    "vehicle",
    "site",
    "issue",
    "shift",
]
_PEOPLE = re.compile(
    r"\b(name|owner|client|customer|person|user|contact|driver|member|staff|who|assignee|"
    r"patient|tenant|vet|tech|doctor|engineer|on.?call|by|from|seller|buyer|author|farmer|guest|"
    r"student|teacher|parent|rider|picker|foreman|manager|recipient|reviewer|approver)\b",
    re.I,
)
_MOST = 4  # nouns drawn at most
_STRONG = 4  # weight of a ranked noun drawn next to the ones the screens and objects name
# a column that already says which record a row is
_NAMED = re.compile(r"\b(?:name|title|id|#|number|code|ref|reference)\b|^#", re.I)
_NAMES = ("J. Alvarez", "P. Okafor", "L. Chen")
_HINTS: tuple[tuple[re.Pattern[str], tuple[str, str, str]], ...] = (
    (
        re.compile(r"\b(crew|headcount|people|workers)\b", re.I),
        ("4 people", "6 people", "3 people"),
    ),
    (re.compile(r"\b(weather)\b", re.I), ("Sunny, 18°C", "Rain, 12°C", "Overcast, 15°C")),
    (
        re.compile(
            r"\b(date|day|due|when|deadline|added|updated|created|last|sync|seen|modified)\b", re.I
        ),
        ("12 Mar", "14 Mar", "20 Mar"),
    ),
    (re.compile(r"\b(time|slot|start|end)\b", re.I), ("09:00", "10:30", "14:15")),
    (
        re.compile(r"\b(amount|price|total|cost|fee|balance|value|paid)\b", re.I),
        ("$120.00", "$48.50", "$310.00"),
    ),
    (re.compile(r"\b(status|state|stage|progress)\b", re.I), ("Open", "In progress", "Done")),
    (re.compile(r"\b(email)\b", re.I), ("jo@example.com", "sam@example.com", "ari@example.com")),
    (re.compile(r"\b(phone|mobile|tel)\b", re.I), ("555-0142", "555-0187", "555-0119")),
    (
        re.compile(r"\b(payee|vendor|merchant|supplier|company|business|shop|store)\b", re.I),
        ("Northwind Ltd", "Blue Door Cafe", "Acme Supplies"),
    ),
    (_PEOPLE, _NAMES),
    (
        re.compile(r"\b(address|location|site|where|place|area)\b", re.I),
        ("12 Elm St", "4 Mill Lane", "88 Park Rd"),
    ),
    (re.compile(r"\b(qty|quantity|count|number|units|size|amount of)\b", re.I), ("3", "12", "1")),
    (re.compile(r"\b(id|code|sku|ref|reference|serial)\b", re.I), ("A-1042", "A-1043", "A-1044")),
    (re.compile(r"\b(photo|image|picture)s?\b", re.I), ("1 photo", "3 photos", "—")),
    (
        re.compile(r"\b(note|notes|reason|description|comment|details|summary)\b", re.I),
        ("—", "Follow up", "—"),
    ),
)


@dataclass(frozen=True, slots=True)
class Noun:
    """A thing people handle in this product, with what the wireframes need to show it."""

    name: str  # singular, lower case
    plural: str
    fields: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    actions: tuple[str, ...]
    empty: str
    assumed: bool = False  # taken from the industry pack, not from the conversation
    related: tuple[str, ...] = ()  # other nouns people used (singular): filters, tabs, options

    @property
    def title(self) -> str:
        """The plural, capitalised: 'Appointments'."""
        return sentence_case(self.plural)


def plural_of(noun: str) -> str:
    """A simple English plural ('entry' -> 'entries', 'box' -> 'boxes')."""
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", noun):
        return noun + "es"
    return noun + "s"


def _mentions(text: str, noun: str, plural: str) -> re.Match[str] | None:
    return re.search(rf"\b(?:{re.escape(noun)}|{re.escape(plural)})\b", text, re.I)


def said_text(session: Session) -> str:
    """Everything people affirmed, joined (the idea first); exclusions left out."""
    return " ; ".join([session.idea, *(f.value for f in session.facts if not f.negative)])


def _rejected(session: Session) -> set[str]:
    return {v.casefold() for f in session.facts if f.negative for v in (f.value,)}


def _said_fields(text: str, noun: str, plural: str) -> tuple[str, ...]:
    """Columns people listed: 'appointments with pet, owner, reason and time'."""
    pattern = (
        rf"\b(?:{re.escape(noun)}|{re.escape(plural)})\b\s*(?:\([^)]*\)\s*)?(?:need|needs|with|has|"
        r"have|having|showing|show|shows|including|includes|:|that (?:has|have|show|shows))\s+"
        r"(?:an?\s+|the\s+|their\s+|its\s+)?([^.;!?]+)"
    )
    match = re.search(pattern, text, re.I)
    if match is None:
        return ()
    found = [p for p in phrases(match.group(1), 6) if len(p.split()) <= 3 and not is_statement(p)]
    found = [re.sub(r"\s+column$", "", p, flags=re.I) for p in found]
    fields = [clip(sentence_case(re.sub(r"^(?:an?|the|its|their)\s+", "", f)), 24) for f in found]
    if len(fields) == 1 and not (_NAMED.search(fields[0]) or _mentions(fields[0], noun, plural)):
        fields.insert(0, sentence_case(noun))  # "permits with a status column": Permit, Status
    return tuple(fields)


def sample_value(field: str, noun: str, index: int) -> str:
    """A neutral value that fits a column name (never a value from another domain)."""
    if field.casefold() in (noun.casefold(), "name", "title"):
        return f"{sentence_case(noun)} #{1042 + index}"
    if is_person(field):  # before the hints: a "Ref" column is a referee, not a reference
        return _NAMES[index % 3]
    for pattern, values in _HINTS:
        if pattern.search(field):
            return values[index % 3]
    return f"{sentence_case(field)} {chr(65 + index)}"


def _from_pack(obj: CoreObject, rejected: set[str]) -> Noun:
    rows = tuple(r for r in obj.rows if not any(c.casefold() in rejected for c in r))
    return Noun(
        obj.name, obj.plural, obj.fields, rows, obj.actions, obj.empty or f"No {obj.plural} yet."
    )


def _actions(session: Session, noun: str, plural: str) -> tuple[str, ...]:
    said = [
        button_label(p)
        for v in (*session.stated("key_actions"), *session.stated("user_journey"))
        for p in phrases(v, 8)
        if _mentions(p, noun, plural) and len(p.split()) <= 6 and not is_chatter(p)
    ]
    said = [a for a in said if len(a.split()) >= 2]  # "Service" alone names, it does not act
    return tuple(dict.fromkeys(a for a in said if not looks_like_chat(a)))[:3] or (f"New {noun}",)


def _near_fields(session: Session, noun: str, plural: str) -> tuple[str, ...]:
    """Columns from what people said alongside a noun: its companions, who handles it, status."""
    text = user_text(session)
    top = things_ranked(session)[:10]
    near = [w for w in companions(text, noun, plural, 3) if w in top]
    people = [p for p in people_ranked(session) if p != noun][:1]
    fields = [sentence_case(noun), *(sentence_case(w) for w in [*near[:2], *people])]
    return (*fields, "Status", "Updated")[: max(4, len(fields) + 1)]


def _built(session: Session, noun: str, rejected: set[str]) -> Noun:
    plural = plural_of(noun)
    fields = _said_fields(" ; ".join(session.stated("data")), noun, plural)
    fields = fields or _said_fields(said_text(session), noun, plural)
    if not fields:  # the things and people said alongside it ("loans … # of stips") as columns
        fields = _near_fields(session, noun, plural)
    rows = tuple(tuple(sample_value(f, noun, i) for f in fields) for i in range(3))
    rows = tuple(r for r in rows if not any(c.casefold() in rejected for c in r))
    return Noun(noun, plural, fields, rows, _actions(session, noun, plural), f"No {plural} yet.")


_SHOWN_OF = re.compile(
    r"\b(?:of|per)\s+(?:(?:all|every|each|the|their|our|my|open|pending|today'?s)\s+)*"
    r"([a-z][a-z-]+)",
    re.I,
)
_SHOWN = re.compile(
    r"^(?:my\s+|all\s+|open\s+|pending\s+)*([a-z][a-z-]+)\s+"
    r"(?:list|queue|page|detail|details|record|profile|card|log|history|status|map|roster|"
    r"report|board|tracker)\b"
    r"|^(?:my\s+|all\s+|open\s+|pending\s+|the\s+)*([a-z][a-z-]+s)$",
    re.I,
)  # the thing a screen shows: "list of all permits", "unit list", "pending makeups"
_NOT_SHOWN = frozenset(
    {
        "what",
        "whats",
        "status",
        "home",
        "main",
        "start",
        "search",
        "review",
        "summary",
        "done",
        "welcome",
        "detail",
        "details",
        "settings",
        "news",
    }
)


def screen_nouns(session: Session) -> list[str]:
    """The things the described screens and views show: 'list of all permits' -> 'permit',
    'unit list' -> 'unit', 'pending makeups' -> 'makeup', 'Piece status' -> 'piece'."""
    out: list[str] = []
    for name, _ in [*screens_said(session.stated("screens")), *views_said(session)]:
        match = _SHOWN_OF.search(name) or _SHOWN.search(name)
        word = singular(next((g for g in match.groups() if g), "").lower()) if match else ""
        if len(word) >= 3 and word not in _NOT_NOUNS | _NOT_SHOWN and not word.endswith("ing"):
            out.append(word)
    return list(dict.fromkeys(out))


def _named(session: Session, pack: Pack | None) -> list[str]:
    """Nouns in the order people used them: what their screens show and Session.objects, then
    the nouns people leaned on most (used again and again, or where they said what they do);
    the pack's and common words only when nothing else was found."""
    shown = screen_nouns(session)
    strong = things_ranked(session, _STRONG)
    if session.objects or shown:
        said = [singular(o.strip().lower()) for o in session.objects if o.strip()]
        said = [o for o in said if not is_place(o)]  # a "queue" or "record" is a screen
        screens = " ; ".join(session.stated("screens"))
        out = list(dict.fromkeys([*said, *shown]))
        unseen = [o for o in said if o not in shown and not _mentions(screens, o, plural_of(o))]
        while len(out) > _MOST and unseen:  # what the screens show wins over the rest
            out.remove(unseen.pop())
        return list(dict.fromkeys([*out, *strong]))
    if strong:
        return list(strong)
    text = said_text(session)
    known = [o.name for o in pack.objects] if pack else []
    hits = []
    for noun in dict.fromkeys([*known, *_COMMON, *_action_objects(session)]):
        match = _mentions(text, noun, plural_of(noun))
        if match is not None:
            hits.append((match.start(), noun))
    return list(dict.fromkeys(n for _, n in sorted(hits)))


_NOT_NOUNS = frozenset(
    {
        "it", "them", "this", "that", "everything", "anything", "something", "all", "one",
        "ones", "time", "way", "thing", "things", "stuff", "online", "later", "now", "today",
        "first", "easy", "fast", "lol", "tho", "idk",
    }
)  # fmt: skip


def _action_objects(session: Session) -> list[str]:
    """The objects of the key actions people listed: 'snap receipts' -> 'receipt'."""
    out: list[str] = []
    for value in session.stated("key_actions"):
        for part in phrases(value, 8):
            if is_chatter(part):
                continue
            words = re.findall(r"[a-z][a-z'-]+", part.lower())
            if 2 <= len(words) <= 5:
                word = singular(words[-1])
                if len(word) >= 3 and word not in _NOT_NOUNS:
                    out.append(word)
    return out


def nouns_of(session: Session) -> tuple[Noun, ...]:
    """The product's nouns with columns and rows; the pack's objects only when none was said."""
    pack = pack_for(session.profile.industry, session.profile.domain)
    rejected = _rejected(session)
    by_name = {}
    if pack is not None:
        by_name = {k: o for o in pack.objects for k in (o.name.lower(), o.plural.lower())}
    out: list[Noun] = []
    named = _named(session, pack)
    base = {singular(o.strip().lower()) for o in session.objects} | set(screen_nouns(session))
    for noun in named:
        if len(out) == _MOST:
            break
        columns = " ".join(f for n in out for f in n.fields)
        if base and noun not in base and _mentions(columns, noun, plural_of(noun)):
            continue  # already a column of a drawn noun: a tractor of a rental
        obj = by_name.get(noun)
        said = _said_fields(" ; ".join(session.stated("data")), noun, plural_of(noun))
        # the columns people listed win over the pack's; the pack fills in the rest
        made = _from_pack(obj, rejected) if obj and not said else _built(session, noun, rejected)
        if made.name not in (n.name for n in out):
            out.append(made)
    if not out and pack is not None:
        out = [_from_pack(o, rejected) for o in pack.objects[:2]]
        out = [Noun(n.name, n.plural, n.fields, n.rows, n.actions, n.empty, True) for n in out]
    if not out:
        out = [_built(session, "record", rejected)]
        out = [Noun(n.name, n.plural, n.fields, n.rows, n.actions, n.empty, True) for n in out]
    return tuple(_with_related(session, out))


def _with_related(session: Session, nouns: list[Noun]) -> list[Noun]:
    """Each noun with the other nouns people used (the other drawn ones first, then the most
    used things and people) that are not already its columns."""
    things, people = things_ranked(session)[:8], people_ranked(session)[:3]
    out = []
    for noun in nouns:
        columns = " ".join(noun.fields).lower()

        def fresh(words: Iterable[str], noun: Noun = noun, columns: str = columns) -> list[str]:
            return [
                w
                for w in dict.fromkeys(words)
                if w != noun.name and not _mentions(columns, w, plural_of(w))
            ]

        others = [n.name for n in nouns if n.name != noun.name]
        related = tuple(dict.fromkeys([*fresh([*others, *things])[:6], *fresh(people)[:2]]))
        out.append(
            Noun(noun.name, noun.plural, noun.fields, noun.rows, noun.actions, noun.empty,
                 noun.assumed, related)
        )  # fmt: skip
    return out


def noun_in(text: str, nouns: tuple[Noun, ...]) -> Noun:
    """The first noun a phrase mentions, else the product's main noun."""
    hits = [(m.start(), n) for n in nouns if (m := _mentions(text, n.name, n.plural)) is not None]
    if not hits:  # "the menu" names the noun "menu item" by one of its words
        hits = [
            (m.start(), n)
            for n in nouns
            for w in n.name.split()
            if len(w) > 3 and (m := _mentions(text, w, plural_of(w))) is not None
        ]
    return min(hits, key=lambda h: h[0])[1] if hits else nouns[0]
