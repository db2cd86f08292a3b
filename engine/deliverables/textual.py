"""Layout of non-GUI components: terminal sessions, code blocks, chat scripts, state diagrams."""

from __future__ import annotations

from engine.deliverables.fonts import text_width, wrap_text
from engine.deliverables.geometry import (
    GRID,
    INK,
    LINE,
    MUTED,
    PANEL,
    WHITE,
    Area,
    Block,
    Box,
    Line,
    Style,
    more_marker,
    snap,
    text_box,
    with_caption,
)
from engine.types import Component

TERM_BG = "#111827"
TERM_TEXT = Style(text_color="#D1D5DB", font_size=13, pad=0)
TERM_CMD = Style(text_color="#F9FAFB", font_size=13, bold=True, pad=0)
TERM_ERR = Style(text_color="#FCA5A5", font_size=13, bold=True, pad=0)
TERM_NOTE = Style(text_color="#9CA3AF", font_size=13, pad=0)
CODE_TEXT = Style(text_color=INK, font_size=13, pad=0)
CODE_KEY = Style(text_color="#374151", font_size=13, bold=True, pad=0)
BOT_BUBBLE = Style("#F3F4F6", LINE, INK, 13, False, "left", 8, 1, False, 12)
USER_BUBBLE = Style(INK, INK, WHITE, 13, False, "left", 8, 1, False, 12)
SPEAKER = Style(text_color=MUTED, font_size=11, bold=True, pad=0)
STATE = Style(WHITE, INK, INK, 13, True, "center", 12, 2, False, 8)
EDGE_LABEL = Style(WHITE, None, MUTED, 11, False, "center", 0, 1, False, 2)


def line_style(text: str) -> tuple[Style, str]:
    """How a terminal line is painted: '$ ' commands bright, '! ' errors red, '# ' notes grey."""
    if text.startswith("$ "):
        return TERM_CMD, text
    if text.startswith("! "):
        return TERM_ERR, text[2:]
    if text.startswith("# "):
        return TERM_NOTE, text
    return TERM_TEXT, text


def lay_terminal(comp: Component, area: Area, gid: str) -> Block | None:
    """A dark terminal window: a title strip, then commands, output and errors line by line."""

    def body(inner: Area) -> Block | None:
        step = 22
        fit = (inner.max_h - 48) // step
        if fit < 2:
            return None
        shown = list(comp.items[:fit])
        height = snap(40 + step * len(shown) + 16)
        pid = f"{gid}.win"
        window = Style(TERM_BG, None, radius=8)
        boxes = [Box(pid, "terminal", inner.x, inner.y, inner.w, height, window, "", (), gid)]
        for i, color in enumerate(("#F87171", "#FBBF24", "#34D399")):
            dot = Style(color, None, radius=6)
            boxes.append(
                Box(
                    f"{pid}.dot{i}",
                    "icon",
                    inner.x + 16 + 20 * i,
                    inner.y + 12,
                    12,
                    12,
                    dot,
                    "",
                    (),
                    pid,
                    "ellipse",
                )
            )
        for i, raw in enumerate(shown):
            style, text = line_style(raw)
            cells = text.split("\t")
            col_w = min(180, (inner.w - 40) // len(cells))
            for k, cell in enumerate(cells):
                x = inner.x + 20 + col_w * k
                last = k == len(cells) - 1
                width = inner.x + inner.w - 20 - x if last else col_w - 8
                rect = (x, inner.y + 40 + step * i, width, step)
                boxes.append(text_box(f"{pid}.l{i}.{k}", "text", rect, cell, style, pid))
        return Block(height, boxes)

    return with_caption(comp, area, gid, body)


def lay_code(comp: Component, area: Area, gid: str) -> Block | None:
    """A light code panel (JSON, HTTP): indentation kept, keys in bold."""

    def body(inner: Area) -> Block | None:
        step = 20
        fit = (inner.max_h - 24) // step
        if fit < 2:
            return None
        shown = list(comp.items[:fit])
        height = snap(24 + step * len(shown))
        pid = f"{gid}.code"
        panel = Style(PANEL, LINE, radius=6)
        boxes = [Box(pid, "code", inner.x, inner.y, inner.w, height, panel, "", (), gid)]
        for i, raw in enumerate(shown):
            indent = (len(raw) - len(raw.lstrip(" "))) * 8
            text = raw.strip()
            style = CODE_KEY if text.startswith('"') and '":' in text else CODE_TEXT
            x = inner.x + 16 + min(indent, inner.w // 3)
            rect = (x, inner.y + 12 + step * i, inner.x + inner.w - 16 - x, step)
            boxes.append(text_box(f"{pid}.l{i}", "text", rect, text, style, pid))
        return Block(height, boxes)

    return with_caption(comp, area, gid, body)


def _bubble(gid: str, index: int, item: str, inner: Area, y: int) -> tuple[list[Box], int] | None:
    """One chat turn: the speaker's name and a wrapped bubble, bot left and people right."""
    speaker, _, text = item.partition(": ")
    if not text:
        speaker, text = "", item
    bot = speaker.lower() in ("bot", "assistant", "alexa", "device", "system") or speaker.endswith(
        "(bot)"
    )
    max_w = min(inner.w - 48, 560)
    lines = wrap_text(text, max_w - 24, 13, 3) or [""]
    width = min(max_w, snap(max(text_width(ln, 13) for ln in lines) + 48))
    height = 16 + 20 * len(lines)
    if y + 16 + height > inner.y + inner.max_h:
        return None
    x = inner.x if bot else inner.x + inner.w - width
    style = BOT_BUBBLE if bot else USER_BUBBLE
    bid = f"{gid}.b{index}"
    name_style = Style(text_color=MUTED, font_size=11, bold=True, pad=0)
    if not bot:
        name_style = Style(text_color=MUTED, font_size=11, bold=True, align="right", pad=0)
    boxes = [text_box(f"{bid}.who", "text", (x, y, width, 16), speaker, name_style, gid)]
    bubble = Box(
        bid,
        "bubble",
        x,
        y + 16,
        width,
        height,
        Style(style.fill, style.stroke, radius=12),
        "",
        (),
        gid,
    )
    boxes.append(bubble)
    plain = Style(text_color=style.text_color, font_size=13, pad=0)
    for k, ln in enumerate(lines):
        rect = (x + 12, y + 24 + 20 * k, width - 24, 20)
        boxes.append(text_box(f"{bid}.t{k}", "text", rect, ln, plain, bid))
    return boxes, snap(16 + height + 8)


def lay_chat(comp: Component, area: Area, gid: str) -> Block | None:
    """A conversation script: alternating bubbles with speaker names; '+N more' when it is long."""

    def body(inner: Area) -> Block | None:
        boxes: list[Box] = []
        y = inner.y
        shown = 0
        for i, item in enumerate(comp.items):
            placed = _bubble(
                gid, i, item, Area(inner.x, inner.y, inner.w, inner.max_h - 32, inner.mobile), y
            )
            if placed is None:
                break
            boxes += placed[0]
            y += placed[1]
            shown += 1
        if shown == 0:
            return None
        if shown < len(comp.items):
            boxes.append(
                more_marker(f"{gid}.more", len(comp.items) - shown, inner.x, y, gid, "turns")
            )
            y += 32
        return Block(y - inner.y, boxes)

    return with_caption(comp, area, gid, body)


def transitions(items: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """'Idle -> Listening: wake word' into (from, to, event) triples; malformed items skipped."""
    out = []
    for item in items:
        head, _, event = item.partition(": ")
        src, sep, dst = head.partition(" -> ")
        if sep and src.strip() and dst.strip():
            out.append((src.strip(), dst.strip(), event.strip()))
    return out


def depths(edges: list[tuple[str, str, str]], states: list[str]) -> dict[str, int]:
    """Breadth-first depth of each state from the first; unreachable states go one further."""
    depth = {states[0]: 0}
    queue = [states[0]]
    while queue:
        current = queue.pop(0)
        for src, dst, _ in edges:
            if src == current and dst not in depth:
                depth[dst] = depth[current] + 1
                queue.append(dst)
    last = max(depth.values()) + 1
    return {s: depth.get(s, last) for s in states}


def _state_nodes(
    states: list[str], depth: dict[str, int], inner: Area, gid: str
) -> tuple[list[Box], dict[str, Box], int]:
    """States in columns by depth, stacked top to bottom within a column."""
    cols = max(depth.values()) + 1
    node_w = min(240, ((inner.w - (cols - 1) * 120) // cols // GRID) * GRID)
    boxes: list[Box] = []
    where: dict[str, Box] = {}
    rows: dict[int, int] = {}
    for i, name in enumerate(states):
        col = depth[name]
        row = rows.get(col, 0)
        rows[col] = row + 1
        rect = (inner.x + col * (node_w + 120), inner.y + 8 + row * 96, node_w, 56)
        box = text_box(f"{gid}.s{i}", "node", rect, name, STATE, gid)
        boxes.append(box)
        where[name] = box
    return boxes, where, snap(8 + max(rows.values()) * 96)


def lay_states(comp: Component, area: Area, gid: str) -> Block | None:
    """A state diagram: states in columns, forward transitions as labelled arrows, returns as
    a note under the state they leave ('back to Idle · done')."""

    def body(inner: Area) -> Block | None:
        edges = transitions(comp.items)
        states = list(dict.fromkeys(s for e in edges for s in e[:2]))[:8]
        if not states or inner.max_h < 120:
            return None
        depth = depths(edges, states)
        if (max(depth.values()) + 1) * 120 > inner.w:
            return None
        boxes, where, height = _state_nodes(states, depth, inner, gid)
        if height > inner.max_h:
            return None
        lines: list[Line] = []
        back: dict[str, list[str]] = {}
        for k, (src, dst, event) in enumerate(edges):
            a, b = where.get(src), where.get(dst)
            if a is None or b is None or a is b:
                continue
            if depth[dst] > depth[src]:
                lines.append(_edge(gid, k, a, b))
                if event:
                    rect = (b.x - 112, b.y + 4, 104, 16)
                    boxes.append(
                        text_box(f"{gid}.e{k}", "edge_label", rect, event, EDGE_LABEL, gid)
                    )
            else:
                back.setdefault(src, []).append(
                    f"back to {dst} · {event}" if event else f"back to {dst}"
                )
        for name, notes in back.items():
            node = where[name]
            rect = (node.x, node.y + node.h + 4, node.w, 16)
            note = Style(text_color=MUTED, font_size=11, pad=0)
            boxes.append(text_box(f"{node.id}.back", "text", rect, "; ".join(notes), note, gid))
        return Block(height, boxes, lines)

    return with_caption(comp, area, gid, body)


def _edge(gid: str, k: int, a: Box, b: Box) -> Line:
    """An elbow arrow from the right of one state to the left of a state further right."""
    mid = b.x - 116 + 4 * (k % 3)
    ay, by = a.y + a.h // 2, b.y + b.h // 2
    points = (
        ((a.x + a.w, ay), (mid, ay), (mid, by), (b.x, by))
        if ay != by
        else ((a.x + a.w, ay), (b.x, by))
    )
    return Line(f"{gid}.a{k}", points, INK, 2, True, parent=gid)
