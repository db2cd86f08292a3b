"""The one font every renderer uses (Open Sans from the ttf-opensans wheel) and text measuring."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from PIL import ImageFont

FAMILY = "Open Sans"
CSS_FAMILY = "'Open Sans', 'Segoe UI', Helvetica, Arial, sans-serif"
ELLIPSIS = "…"
_FILES = {False: "OpenSans-Regular.ttf", True: "OpenSans-Bold.ttf"}
_SYSTEM = {
    False: Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    True: Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
}
FALLBACK_PATH = _SYSTEM[False]


@lru_cache(maxsize=4)
def font_path(bold: bool = False) -> Path | None:
    """Path of the TTF used for text: the packaged Open Sans, else system DejaVu, else None."""
    try:
        candidate = Path(str(resources.files("ttf_opensans") / "ttf" / _FILES[bold]))
    except ModuleNotFoundError:
        candidate = _SYSTEM[bold]
    if candidate.is_file():
        return candidate
    return _SYSTEM[bold] if _SYSTEM[bold].is_file() else None


@lru_cache(maxsize=1)
def covered() -> frozenset[int]:
    """Code points the body font draws (empty when there is no TTF)."""
    from fontTools.ttLib import TTFont  # only the PDF needs it

    path = font_path(False)
    if path is None:
        return frozenset()
    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap())


def needs_fallback(text: str) -> bool:
    """Whether `text` has a printable character the body font cannot draw (emoji, CJK…)."""
    have = covered()
    return any(ord(c) not in have for c in set(text) if c.isprintable() and not c.isspace())


@lru_cache(maxsize=64)
def pil_font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The FreeType font at a pixel size (basic layout, so results do not depend on libraqm)."""
    path = font_path(bold)
    if path is None:
        loaded = ImageFont.load_default(size=size)
        assert isinstance(loaded, ImageFont.FreeTypeFont)
        return loaded
    return ImageFont.truetype(str(path), size=size, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=8192)
def text_width(text: str, size: int, bold: bool = False) -> int:
    """Rendered width of one line of text in whole pixels (rounded up)."""
    return int(-(-pil_font(size, bold).getlength(text) // 1))


@lru_cache(maxsize=8192)
def fit_text(text: str, width: int, size: int, bold: bool = False) -> str:
    """The text, or its longest prefix plus an ellipsis, that fits `width` pixels ('' if none)."""
    text = " ".join(text.split())
    if text_width(text, size, bold) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # largest prefix length whose shortened form fits
        mid = (lo + hi + 1) // 2
        if text_width(text[:mid].rstrip() + ELLIPSIS, size, bold) <= width:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0:
        return ELLIPSIS if text_width(ELLIPSIS, size, bold) <= width else ""
    return text[:lo].rstrip() + ELLIPSIS


def wrap_text(text: str, width: int, size: int, max_lines: int, bold: bool = False) -> list[str]:
    """Greedy word wrap into at most `max_lines` lines; the last line ends in an ellipsis if cut."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for index, word in enumerate(words):
        trial = f"{current} {word}".strip()
        if text_width(trial, size, bold) <= width or not current:
            current = trial
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines:
            rest = " ".join([lines.pop(), *words[index:]])
            lines.append(fit_text(rest, width, size, bold))
            return lines
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return [fit_text(line, width, size, bold) for line in lines]
