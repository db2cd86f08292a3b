"""The circuit breaker opens on a hang at once, on other failures after a threshold, and
lets one trial through after the cool-down."""

from __future__ import annotations

from engine.breaker import Breaker


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_timeout_opens_at_once_for_the_cool_down() -> None:
    clock = Clock()
    breaker = Breaker(cooldown=30, clock=clock)
    assert breaker.allow()
    breaker.failure("timeout")
    assert breaker.state == "open" and not breaker.allow()
    clock.now = 29.9
    assert not breaker.allow()
    clock.now = 30
    assert breaker.allow()  # the one trial
    assert not breaker.allow()  # nobody else meanwhile
    breaker.failure("timeout")
    assert breaker.state == "open"
    clock.now = 60
    assert breaker.allow()
    breaker.success()
    assert breaker.state == "closed" and breaker.allow() and breaker.allow()


def test_other_failures_open_after_the_threshold_and_success_resets() -> None:
    clock = Clock()
    breaker = Breaker(cooldown=10, threshold=3, clock=clock)
    breaker.failure("server_error")
    breaker.failure("server_error")
    breaker.success()
    breaker.failure("server_error")
    breaker.failure("rate_limited")
    assert breaker.state == "closed"
    breaker.failure("invalid")
    assert breaker.state == "open"
