"""`meta-agent stats`: the interview funnel, emails, tokens and cost per workspace, and a chart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw

from engine.deliverables.fonts import pil_font
from engine.settings import Settings
from engine.store.factory import Store, make_store
from engine.store.keys import PREFIX
from engine.store.redis import RedisStore

MAX_DAYS = 366
SERIES = (("interviews_started", "started", "#4c6ef5"), ("interviews_completed", "completed",
          "#2f9e44"), ("emails_sent", "emailed", "#f08c00"))  # fmt: skip


class StatsError(ValueError):
    """A bad --days, --until or --png value (printed as one line, exit 2)."""


@dataclass
class Funnel:
    """One workspace's counters over the chosen days: the totals and each day's row."""

    workspace: str
    days: dict[str, dict[str, float]] = field(default_factory=dict)

    def total(self, name: str) -> float:
        """The sum of counter `name` over the days."""
        return sum(row.get(name, 0.0) for row in self.days.values())

    def summary(self) -> dict[str, float]:
        """Started, completed, completion rate, escapes, questions, corrections, emails, spend."""
        started, completed = self.total("interviews_started"), self.total("interviews_completed")
        return {
            "interviews_started": started,
            "interviews_completed": completed,
            "completion_rate": completed / started if started else 0.0,
            "escapes": self.total("escapes"),
            "avg_questions_before_deliverables": (
                self.total("questions_before_delivery") / completed if completed else 0.0
            ),
            "corrections": self.total("corrections"),
            "emails_sent": self.total("emails_sent"),
            "tokens": self.total("tokens"),
            "cost_usd": self.total("cost_usd"),
        }


def parse_days(raw: str) -> int:
    """--days: a whole number from 1 to 366."""
    try:
        days = int(raw)
    except ValueError:
        raise StatsError(
            f"--days must be a whole number from 1 to {MAX_DAYS}, not {raw!r}"
        ) from None
    if not 1 <= days <= MAX_DAYS:
        raise StatsError(f"--days must be from 1 to {MAX_DAYS}, not {days}")
    return days


def parse_until(raw: str | None, today: date) -> date:
    """--until: a YYYY-MM-DD day, not in the future (default: today, UTC)."""
    if raw is None:
        return today
    try:
        until = date.fromisoformat(raw)
    except ValueError:
        raise StatsError(f"--until must be a date like 2025-01-31, not {raw!r}") from None
    if until > today:
        raise StatsError(f"--until {raw} is in the future (today is {today.isoformat()} UTC)")
    return until


def day_range(until: date, days: int) -> list[str]:
    """The `days` days ending with `until`, oldest first, as YYYY-MM-DD."""
    return [(until - timedelta(days=n)).isoformat() for n in range(days - 1, -1, -1)]


async def workspaces(store: Store) -> list[str]:
    """Every workspace with counters in Redis (found by scanning the stats keys)."""
    if not isinstance(store, RedisStore):
        return []
    found: set[str] = set()
    async for raw in store.client.scan_iter(match=f"{PREFIX}:{{stats:*}}:*", count=500):
        key = raw.decode() if isinstance(raw, bytes) else str(raw)
        found.add(key.split("{stats:", 1)[1].rsplit("}:", 1)[0])
    return sorted(found)


async def funnels(store: Store, names: list[str], days: list[str]) -> list[Funnel]:
    """Each workspace's counters over `days`."""
    result = []
    for name in names:
        funnel = Funnel(name)
        for day in days:
            funnel.days[day] = await store.read(name, day)
        result.append(funnel)
    return result


def report(funnel: Funnel, days: list[str]) -> list[str]:
    """The printed lines of one workspace."""
    s = funnel.summary()
    return [
        f"workspace {funnel.workspace}  ({days[0]} … {days[-1]}, {len(days)} days)",
        f"  interviews started               {s['interviews_started']:>10.0f}",
        f"  interviews completed             {s['interviews_completed']:>10.0f}"
        f"  ({s['completion_rate']:.0%})",
        f"  escapes (skip / deliver early)   {s['escapes']:>10.0f}",
        f"  avg questions before deliverables{s['avg_questions_before_deliverables']:>10.1f}",
        f"  corrections                      {s['corrections']:>10.0f}",
        f"  emails sent                      {s['emails_sent']:>10.0f}",
        f"  model tokens                     {s['tokens']:>10,.0f}",
        f"  model cost                       {'$' + format(s['cost_usd'], '.2f'):>10}",
    ]


def funnel_png(funnels_: list[Funnel], days: list[str], path: Path) -> None:
    """A bar chart of started / completed / emailed per day (all chosen workspaces summed)."""
    width, height, left, bottom, top = max(640, 60 + 54 * len(days)), 360, 50, 60, 40
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    totals = [
        [sum(f.days[d].get(name, 0.0) for f in funnels_) for name, _, _ in SERIES] for d in days
    ]
    peak = max([1.0, *(v for row in totals for v in row)])
    draw.text((left, 10), "Interviews per day (UTC)", fill="black", font=pil_font(16, bold=True))
    plot_h, slot = height - bottom - top, (width - left - 20) / len(days)
    draw.line([(left, height - bottom), (width - 20, height - bottom)], fill="#888")
    for i, (day, row) in enumerate(zip(days, totals, strict=True)):
        x0, bar = left + i * slot + slot * 0.1, slot * 0.8 / len(SERIES)
        for j, value in enumerate(row):
            h = plot_h * value / peak
            x = x0 + j * bar
            draw.rectangle(
                [x, height - bottom - h, x + bar - 1, height - bottom], fill=SERIES[j][2]
            )
        if len(days) <= 31 or i % max(1, len(days) // 15) == 0:
            draw.text((x0, height - bottom + 6), day[5:], fill="#333", font=pil_font(10))
    for j, (_, label, color) in enumerate(SERIES):
        x = left + j * 110
        draw.rectangle([x, height - 24, x + 12, height - 12], fill=color)
        draw.text((x + 18, height - 27), label, fill="#333", font=pil_font(12))
    draw.text((6, top), f"{peak:.0f}", fill="#333", font=pil_font(10))
    image.save(path, format="PNG")


async def run_stats(
    settings: Settings,
    workspace: str | None,
    days_raw: str,
    png: str | None,
    say: Callable[[str], None],
    until_raw: str | None = None,
) -> int:
    """Print each workspace's funnel (and write the chart); 0 on success."""
    days = day_range(parse_until(until_raw, datetime.now(UTC).date()), parse_days(days_raw))
    target = Path(png) if png else None
    if target is not None and (target.suffix.lower() != ".png" or not target.parent.is_dir()):
        raise StatsError(f"--png needs a .png file in an existing folder, not {png!r}")
    if settings.session_storage != "redis":
        say("stats: the memory store keeps its counters only inside a running process, so there "
            "is nothing to read here; set SESSION_STORAGE=redis to keep them")  # fmt: skip
        return 0
    store = make_store(settings)
    try:
        names = [workspace] if workspace else await workspaces(store)
        found = [f for f in await funnels(store, names, days) if any(f.days.values())]
    finally:
        await store.close()
    if not found:
        say(f"stats: no counters yet ({days[0]} … {days[-1]})")
    for funnel in found:
        for line in report(funnel, days):
            say(line)
    if target is not None:
        funnel_png(found, days, target)
        say(f"wrote {target}")
    return 0
