"""The product's interface and device frame, inferred from what people said (pure)."""

from __future__ import annotations

import re
from typing import Literal

from engine.session import Session
from engine.types import Platform

Interface = Literal["gui", "cli", "api", "chat", "voice", "device"]

_KINDS: tuple[tuple[Interface, re.Pattern[str]], ...] = (
    (
        "cli",
        re.compile(
            r"\b(cli|command[- ]line( tool)?|(?<!payment )(?<!card )terminal|shell)\b", re.I
        ),
    ),
    (
        "chat",
        re.compile(
            r"\b((slack|discord|ms teams|microsoft teams|telegram|whatsapp)"
            r"( app| bot| integration)?|chat ?bot|bot)\b",
            re.I,
        ),
    ),
    ("voice", re.compile(r"\b(voice|alexa|google home|siri|phone line|ivr|speaker)\b", re.I)),
    ("api", re.compile(r"\b(api|sdk|webhooks?|rest|graphql|endpoints?)\b", re.I)),
    (
        "device",
        re.compile(r"\b(hardware|firmware|device|sensors?|kiosk|embedded|iot|raspberry)\b", re.I),
    ),
)
_GUI = re.compile(
    r"\b(web ?app|website|web|browser|dashboard|mobile|ios|android|iphone|ipad|tablet|app|"
    r"desktop|screens?|portal|admin)\b",
    re.I,
)
_NO_GUI = re.compile(
    r"\b(no|not|without|never)\b[^.;]*\b(ui|gui|web|website|dashboard|app)\b", re.I
)
_HANDHELD = re.compile(r"\b(scanners?|handhelds?|zebra|honeywell|rugged|barcode gun)\b", re.I)
_TABLET = re.compile(r"\b(ipads?|tablets?)\b", re.I)
_PHONE = re.compile(r"\b(mobile|phones?|ios|iphone|android|app store|play store)\b", re.I)
_DESKTOP = re.compile(r"\b(web|desktop|browser|laptop|computers?|pc|website)\b", re.I)
_SIGN_IN = re.compile(
    r"\b(log ?in|sign ?in|sign ?up|accounts?|passwords?|sso|roles?|permissions?|admins?|"
    r"multi[- ]tenant|workspaces?|subscriptions?|saas|members?|profiles?)\b",
    re.I,
)


# what people said they would use, in their own messages: the cues of each non-GUI kind
_SAID: tuple[tuple[Interface, re.Pattern[str]], ...] = (
    ("cli", re.compile(r"\b(?:cli|command[- ]line)\b", re.I)),
    (
        "chat",
        re.compile(
            r"\b(?:(?:slack|discord|teams|telegram|whatsapp) ?bot|chat ?bot|a bot|the bot|"
            r"bot (?:posts|pings|asks|dms|sends|opens|replies|says))\b|(?:^|\s)/[a-z]{3,}\b",
            re.I,
        ),
    ),
    (
        "voice",
        re.compile(
            r"\b(?:voice|alexa|siri|google home|out loud|talks? to it|headset|push to talk|"
            r"hands[- ]free)\b",
            re.I,
        ),
    ),
    (
        "api",
        re.compile(
            r"(?<!their )(?<!its )(?<!'s )\b(?:api|webhooks?|endpoints?|sdk)\b|"
            r"\b(?-i:POST|GET|PUT|PATCH) /",
            re.I,
        ),
    ),
    (
        "device",
        re.compile(
            r"\b(?:wearable|pendant|hardware|firmware|sensors?|turnstile|gate opens|"
            r"(?:physical|panic|call) button|button (?:at|on|by) (?:each|every))\b",
            re.I,
        ),
    ),
)
_SAID_GUI = re.compile(
    r"\b(?:web ?app|website|dashboard|(?<!slack )(?<!discord )(?<!teams )app(?! directory)|apps|"
    r"ipads?|tablets?|screens?|portal|page|browser|touchscreen)\b",
    re.I,
)
_RULED_OUT = re.compile(r"\b(?:no|not|never|without|nobody|don'?t|dont|cant|can'?t|won'?t)\b", re.I)


def said_interface(session: Session) -> Interface | None:
    """The interface people's own messages point to: the non-GUI kind named most, unless screens
    and apps were named more; None when nobody typed anything about it. A clause that rules
    something out ('no app on the phone', 'not alexa') does not count."""
    counts: dict[str, int] = {}
    for turn in session.transcript:
        if turn.role != "user":
            continue
        for clause in re.split(r"[.;!?\n]+", turn.text):
            if _RULED_OUT.search(clause):
                continue
            for kind, pattern in (*_SAID, ("gui", _SAID_GUI)):
                counts[kind] = counts.get(kind, 0) + len(pattern.findall(clause))
    best = max((k for k, _ in _SAID), key=lambda k: counts.get(k, 0))
    if counts.get(best, 0):
        return best if counts[best] >= counts.get("gui", 0) else "gui"
    return "gui" if counts.get("gui") else None


def _platform_text(session: Session) -> str:
    """Everything said about platforms, plus the idea (where people often name the device)."""
    return " ; ".join([*session.stated("platforms"), session.idea])


def interface_of(session: Session) -> Interface:
    """What the product is used through: what people's messages point to, else a GUI unless the
    facts name only a non-GUI surface."""
    said = said_interface(session)
    if said is not None:
        return said
    stated = " ; ".join(session.stated("platforms"))
    excluded = " ".join(session.excluded("platforms"))
    text = stated or session.idea
    # ruling out one screen ("not on phones") leaves a GUI that is still named ("web portal")
    gui_ruled_out = bool(_NO_GUI.search(text)) or (
        bool(_GUI.search(excluded)) and not _GUI.search(stated)
    )
    for kind, pattern in _KINDS:
        if pattern.search(text):
            rest = pattern.sub(" ", text)
            if gui_ruled_out or not _GUI.search(rest):
                return kind
    return "gui"


def frame_of(text: str, default: Platform = "desktop") -> Platform:
    """The device frame a text names first: handheld scanner, tablet, phone or desktop."""
    hits: list[tuple[int, Platform]] = []
    table: tuple[tuple[re.Pattern[str], Platform], ...] = (
        (_HANDHELD, "handheld"),
        (_TABLET, "tablet"),
        (_PHONE, "mobile"),
        (_DESKTOP, "desktop"),
    )
    for pattern, frame in table:
        match = pattern.search(text)
        if match is not None:
            hits.append((match.start(), frame))
    if any(frame == "handheld" for _, frame in hits):
        return "handheld"  # "android scanner": the scanner decides the frame
    return min(hits)[1] if hits else default


def platform_of(session: Session) -> Platform:
    """The main frame: stated platforms (minus what was ruled out), else the assumption."""
    stated = " ; ".join(session.stated("platforms"))
    if stated:
        frame = frame_of(stated)
        excluded = " ".join(session.excluded("platforms"))
        if frame == "desktop" and excluded and _DESKTOP.search(excluded):
            return frame_of(stated.replace("web", ""), "mobile")
        return frame
    if _HANDHELD.search(session.idea):
        return "handheld"
    said, _ = session.said("platforms")
    return frame_of(said or session.idea)


def needs_sign_in(session: Session) -> bool:
    """True when someone signs in: accounts, users or roles were mentioned, or multi-user SaaS."""
    topics = ("security_compliance", "target_users", "key_actions", "user_journey", "screens")
    text = " ".join(v for t in topics for v in session.stated(t)) + " " + session.idea
    return bool(_SIGN_IN.search(text))
