"""Token and cost accounting for model calls, the price table and budget thresholds (pure)."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict

log = logging.getLogger(__name__)

COST_COUNTER = "cost_usd"
WARN_FRACTION = 0.8
_PER_TOKENS = 1_000_000


@dataclass(frozen=True, slots=True)
class Price:
    """USD per 1M tokens: fresh input, cached input and output."""

    input: float
    cached_input: float
    output: float


# Public list prices in USD per 1M tokens (input, cached input, output).
DEFAULT_PRICES: dict[str, Price] = {
    "gpt-4o-mini": Price(0.15, 0.075, 0.60),
    "gpt-4o": Price(2.50, 1.25, 10.00),
    "gpt-4.1-nano": Price(0.10, 0.025, 0.40),
    "gpt-4.1-mini": Price(0.40, 0.10, 1.60),
    "gpt-4.1": Price(2.00, 0.50, 8.00),
    "gpt-5-nano": Price(0.05, 0.005, 0.40),
    "gpt-5-mini": Price(0.25, 0.025, 2.00),
    "gpt-5": Price(1.25, 0.125, 10.00),
    "o4-mini": Price(1.10, 0.275, 4.40),
    "o3-mini": Price(1.10, 0.55, 4.40),
    "o3": Price(2.00, 0.50, 8.00),
}
# Unknown models are priced conservatively so a budget still caps them.
UNKNOWN_PRICE = DEFAULT_PRICES["gpt-4o"]


class PriceTable:
    """Prices by model name; a dated name ("gpt-4o-mini-2024-07-18") uses its longest prefix."""

    def __init__(self, prices: Mapping[str, Price] | None = None) -> None:
        """Start from `prices` (default: the public list prices)."""
        self._prices: dict[str, Price] = dict(DEFAULT_PRICES if prices is None else prices)
        self._warned: set[str] = set()

    @classmethod
    def from_setting(cls, overrides: str) -> PriceTable:
        """The defaults updated by OPENAI_PRICES JSON `{"model": [input, cached, output]}`."""
        table = cls()
        table._prices.update(parse_prices(overrides))
        return table

    def price(self, *models: str) -> Price:
        """The price of the first of `models` that is known, else the conservative default."""
        for model in models:
            found = self._lookup(model)
            if found is not None:
                return found
        name = next((m for m in models if m), "?")
        if name not in self._warned:
            self._warned.add(name)
            log.warning("no price for model %s; using gpt-4o prices (set OPENAI_PRICES)", name)
        return UNKNOWN_PRICE

    def _lookup(self, model: str) -> Price | None:
        if not model:
            return None
        if model in self._prices:
            return self._prices[model]
        prefixes = [m for m in self._prices if model.startswith(m + "-")]
        return self._prices[max(prefixes, key=len)] if prefixes else None

    def cost(self, price: Price, prompt: int, completion: int, cached: int) -> float:
        """USD for one call: cached prompt tokens at the cached rate, the rest at full rate."""
        cached = max(0, min(cached, prompt))
        usd = (prompt - cached) * price.input + cached * price.cached_input
        return (usd + completion * price.output) / _PER_TOKENS


def parse_prices(text: str) -> dict[str, Price]:
    """Parse OPENAI_PRICES; raises ValueError with a readable reason when malformed."""
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"OPENAI_PRICES is not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise ValueError("OPENAI_PRICES must be a JSON object of model -> [in, cached, out]")
    return {str(model): _price_of(str(model), value) for model, value in data.items()}


def _price_of(model: str, value: object) -> Price:
    nums = _numbers(value)
    if nums is None or len(nums) != 3 or min(nums) < 0:
        raise ValueError(f"OPENAI_PRICES[{model!r}] must be [input, cached_input, output] >= 0")
    return Price(nums[0], nums[1], nums[2])


def _numbers(value: object) -> list[float] | None:
    if not isinstance(value, list):
        return None
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        return None
    return [float(v) for v in value]


class Usage(BaseModel):
    """Model calls, tokens and cost: of one call, one turn or a whole conversation."""

    model_config = ConfigDict(frozen=True)

    model: str = ""  # the model that answered (last), when known
    model_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0
    cost_usd: float = 0.0

    def __add__(self, other: Usage) -> Usage:
        """Both together; the model is the later one's."""
        return Usage(
            model=other.model or self.model,
            model_calls=self.model_calls + other.model_calls,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            cached_tokens=self.cached_tokens + other.cached_tokens,
            cost_usd=round(self.cost_usd + other.cost_usd, 8),
        )


def one_call(model: str) -> Usage:
    """A call that reported no usage numbers."""
    return Usage(model=model, model_calls=1)


def call_usage(
    table: PriceTable,
    model: str,
    response_model: str,
    prompt: int,
    completion: int,
    cached: int,
) -> Usage:
    """Account one call from the response's usage numbers."""
    price = table.price(model, response_model)
    cost = table.cost(price, prompt, completion, cached)
    return Usage(
        model=model,
        model_calls=1,
        prompt_tokens=prompt,
        completion_tokens=completion,
        cached_tokens=cached,
        cost_usd=cost,
    )


def sum_usage(calls: Iterable[Usage], model: str) -> Usage:
    """The turn's usage: every call summed; `model` names the one that answered (or last)."""
    items = list(calls)
    total = sum(items, Usage())
    return total.model_copy(update={"model": model, "cost_usd": sum(c.cost_usd for c in items)})


def utc_today() -> str:
    """Today's date in UTC as YYYY-MM-DD (the day the store's counters use)."""
    return datetime.now(UTC).date().isoformat()


def crossing_notice(before: float, after: float, limit: float) -> str | None:
    """The notice for a spend moving from `before` to `after`, if it crossed a threshold."""
    if limit <= 0:
        return None
    if before < limit <= after:
        return (
            f"This workspace has used today's model budget (${limit:.2f}); "
            "I'll continue in offline mode until tomorrow (UTC)."
        )
    warn = limit * WARN_FRACTION
    if before < warn <= after:
        return f"Heads-up: this workspace has used 80% of today's model budget (${limit:.2f})."
    return None
