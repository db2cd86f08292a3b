"""The one redaction: secrets always, personal details unless the text goes to the model."""

from __future__ import annotations

import ast
from pathlib import Path

from engine.redact import redact

ROOT = Path(__file__).resolve().parents[1]


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
