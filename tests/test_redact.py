"""Redaction masks secrets everywhere and personal data in logs, and leaves everything else."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from engine.redact import redact

ROOT = Path(__file__).resolve().parents[1]

KEPT = [
    "2026-11-27 13:43:18,123 INFO turn handled",
    "launch by 2025-09-01",
    "ts 2025-09-01T13:43:18Z and 2025-09-01T13:43:18.123456+00:00",
    "meet at 13:45 or 9:30am",
    "price $1,234.56 or €12.99 or 1 299,00 kr",
    "version 10.2.3.4567 and v2.14.1-rc3",
    "order ORD-2025-000123 shipped",
    "invoice INV-2024-88812 for 4 items",
    "id 1234567890",
    "thread slack:T1:C1:1700000000.123456",
    "uuid 123e4567-e89b-12d3-a456-426614174000",
    "we have 12000 users and 350 stores",
    "card-like order number 4111 1111 1111 1112",
]
PHONES = [
    "call me at (415) 555-2671 tomorrow",
    "my cell is 415.555.2671",
    "tel 4155552671",
    "+1-202-555-0143",
    "uk office 020 7946 0958",
    "+44 20 7946 0958",
    "+49 30 901820",
    "india +91 98765 43210",
]
SECRETS = [
    "sk-proj-ABCDEFGHIJKLMNOPQRSTUV",
    "xoxb-1234-5678-abcdefghij",
    "xapp-1-A111-222-abcdefabcdef",
    "re_ABCDEFGHIJKLMNOPQRST",
    "ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ12",
    "AKIAABCDEFGHIJKLMNOP",
]


@pytest.mark.parametrize("text", KEPT)
def test_dates_times_ids_prices_versions_are_kept(text: str) -> None:
    assert redact(text) == text
    assert redact(text, personal=False) == text


@pytest.mark.parametrize("text", PHONES)
def test_phone_numbers_are_masked_in_logs_only(text: str) -> None:
    masked = redact(text)
    assert "[phone]" in masked
    assert sum(c.isdigit() for c in masked) < 4, masked
    assert redact(text, personal=False) == text  # deliverables keep what people wrote


@pytest.mark.parametrize("secret", SECRETS)
def test_secrets_are_masked_everywhere(secret: str) -> None:
    for personal in (True, False):
        out = redact(f"failed with {secret} here", personal=personal)
        assert secret not in out
        assert "[secret]" in out


def test_emails_masked_in_logs_kept_in_deliverables() -> None:
    assert redact("send to ann@example.com") == "send to [email]"
    assert redact("send to ann@example.com", personal=False) == "send to ann@example.com"


def test_luhn_valid_card_numbers_are_masked_and_exact_secrets_too() -> None:
    assert redact("card 4111 1111 1111 1111") == "card [card]"
    assert redact("pw hunter2secret leaked", ["hunter2secret"]) == "pw [secret] leaked"
    assert redact("postgres://bob:pw@db/x") == "postgres://[secret]@db/x"


def test_known_secrets_and_token_shapes_are_masked() -> None:
    text = "key sk-proj-abcdefghijklmnop1234 bearer Bearer abcdefghijklmnopqrst pw hunter2"
    out = redact(text, ["hunter2"])
    assert "sk-proj" not in out and "abcdefghijklmnopqrst" not in out and "hunter2" not in out
    assert out.count("[secret]") == 3


def test_url_credentials_of_any_scheme_are_masked() -> None:
    out = redact("failed on rediss://default:pa55w0rd@cache.internal:6380/0 and https://u:p@x.io")
    assert "pa55w0rd" not in out and "u:p@" not in out
    assert "cache.internal:6380" in out


def test_personal_details_are_kept_only_for_the_model() -> None:
    text = "mail ann@example.com or call +1 415 555 0100"
    assert redact(text) == "mail [email] or call [phone]"
    assert redact(text, personal=False) == text


def test_there_is_one_redact_in_the_code() -> None:
    homes = []
    for top in ("engine", "bot"):
        for path in (ROOT / top).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            homes += [
                path.name
                for n in ast.walk(tree)
                if isinstance(n, ast.FunctionDef) and n.name == "redact"
            ]
    assert homes == ["redact.py"]
