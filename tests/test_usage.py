"""Token and cost accounting, the price table and the daily budget."""

from __future__ import annotations

import pytest

from engine.spend import Budget, BudgetState
from engine.usage import (
    COST_COUNTER,
    DEFAULT_PRICES,
    UNKNOWN_PRICE,
    Price,
    PriceTable,
    Usage,
    call_usage,
    crossing_notice,
    one_call,
    parse_prices,
    sum_usage,
)


class Counters:
    """An in-memory Counters port with a settable day."""

    def __init__(self) -> None:
        self.day = "2025-01-01"
        self.rows: dict[tuple[str, str], dict[str, float]] = {}
        self.fail = False

    async def add(self, workspace: str, counts: dict[str, float]) -> None:
        if self.fail:
            raise ConnectionError("store down")
        row = self.rows.setdefault((workspace, self.day), {})
        for name, value in counts.items():
            row[name] = row.get(name, 0.0) + value

    async def read(self, workspace: str, day: str) -> dict[str, float]:
        if self.fail:
            raise ConnectionError("store down")
        return dict(self.rows.get((workspace, day), {}))


def test_dated_model_names_use_their_base_price() -> None:
    table = PriceTable()
    assert table.price("gpt-4o-mini-2024-07-18") == DEFAULT_PRICES["gpt-4o-mini"]
    assert table.price("gpt-4o-2024-08-06") == DEFAULT_PRICES["gpt-4o"]
    assert table.price("gpt-4.1-mini") == DEFAULT_PRICES["gpt-4.1-mini"]


def test_unknown_models_are_priced_conservatively() -> None:
    table = PriceTable()
    assert table.price("my-azure-deployment") == UNKNOWN_PRICE
    assert (
        table.price("my-azure-deployment", "gpt-4o-mini-2024-07-18")
        == (DEFAULT_PRICES["gpt-4o-mini"])
    )


def test_cost_uses_cached_and_output_rates() -> None:
    table = PriceTable()
    price = Price(input=1.0, cached_input=0.5, output=4.0)
    cost = table.cost(price, prompt=1_000_000, completion=500_000, cached=400_000)
    assert cost == pytest.approx(0.6 + 0.2 + 2.0)


def test_cached_tokens_are_bounded_by_prompt_tokens() -> None:
    price = Price(1.0, 0.0, 0.0)
    assert PriceTable().cost(price, prompt=100, completion=0, cached=1000) == 0.0


def test_call_usage_for_gpt_4o_mini() -> None:
    usage = call_usage(PriceTable(), "gpt-4o-mini", "gpt-4o-mini-2024-07-18", 2000, 100, 1024)
    expected = (976 * 0.15 + 1024 * 0.075 + 100 * 0.60) / 1e6
    assert usage == Usage(
        model="gpt-4o-mini",
        model_calls=1,
        prompt_tokens=2000,
        completion_tokens=100,
        cached_tokens=1024,
        cost_usd=usage.cost_usd,
    )
    assert usage.cost_usd == pytest.approx(expected)


def test_overrides_replace_and_add_models() -> None:
    table = PriceTable.from_setting('{"gpt-4o-mini": [1, 0.5, 2], "local-llm": [0, 0, 0]}')
    assert table.price("gpt-4o-mini") == Price(1.0, 0.5, 2.0)
    assert table.price("local-llm") == Price(0.0, 0.0, 0.0)
    assert table.price("gpt-4o") == DEFAULT_PRICES["gpt-4o"]


@pytest.mark.parametrize(
    "text",
    ["{not json", "[1, 2, 3]", '{"m": [1, 2]}', '{"m": [1, -2, 3]}', '{"m": ["1", 2, 3]}'],
)
def test_bad_overrides_are_rejected(text: str) -> None:
    with pytest.raises(ValueError, match="OPENAI_PRICES"):
        parse_prices(text)


def test_empty_overrides_are_fine() -> None:
    assert parse_prices("") == {}
    assert parse_prices("  ") == {}


def test_sum_usage_adds_every_call() -> None:
    a = Usage(model="a", model_calls=1, prompt_tokens=10, completion_tokens=2, cached_tokens=5)
    b = Usage(model="b", model_calls=1, prompt_tokens=20, completion_tokens=3)
    calls = [a.model_copy(update={"cost_usd": 0.1}), b.model_copy(update={"cost_usd": 0.2})]
    total = sum_usage([*calls, one_call("b")], "b")
    assert (total.model, total.model_calls) == ("b", 3)
    assert (total.prompt_tokens, total.completion_tokens, total.cached_tokens) == (30, 5, 5)
    assert total.cost_usd == pytest.approx(0.3)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (0.0, 7.9, None),
        (7.9, 8.0, "80%"),
        (5.0, 9.0, "80%"),
        (8.5, 9.5, None),
        (9.5, 10.0, "offline"),
        (7.0, 11.0, "offline"),
        (10.5, 11.0, None),
    ],
)
def test_crossing_notices(before: float, after: float, expected: str | None) -> None:
    notice = crossing_notice(before, after, 10.0)
    if expected is None:
        assert notice is None
    else:
        assert notice is not None
        assert expected in notice


def test_no_cap_never_notices() -> None:
    assert crossing_notice(0.0, 1e9, 0.0) is None
    assert not BudgetState(1e9, 0.0).exhausted


async def test_budget_accumulates_per_workspace_and_day() -> None:
    counters = Counters()
    budget = Budget(counters, 1.0, today=lambda: counters.day)
    start = await budget.state("W1")
    assert start == BudgetState(0.0, 1.0)
    assert await budget.charge("W1", 0.5, start) is None
    state = await budget.state("W1")
    notice = await budget.charge("W1", 0.35, state)
    assert notice is not None
    assert "80%" in notice
    state = await budget.state("W1")
    assert state.spent_usd == pytest.approx(0.85)
    assert not state.exhausted
    assert "offline" in (await budget.charge("W1", 0.2, state) or "")
    assert (await budget.state("W1")).exhausted
    assert not (await budget.state("W2")).exhausted
    counters.day = "2025-01-02"
    assert (await budget.state("W1")).spent_usd == 0.0
    assert counters.rows[("W1", "2025-01-01")][COST_COUNTER] == pytest.approx(1.05)


async def test_budget_fails_open_when_the_store_is_down() -> None:
    counters = Counters()
    counters.fail = True
    budget = Budget(counters, 1.0, today=lambda: counters.day)
    state = await budget.state("W1")
    assert not state.exhausted
    assert await budget.charge("W1", 0.1, state) is None


async def test_zero_cost_is_not_written() -> None:
    counters = Counters()
    budget = Budget(counters, 1.0, today=lambda: counters.day)
    assert await budget.charge("W1", 0.0, await budget.state("W1")) is None
    assert counters.rows == {}
