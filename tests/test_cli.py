"""The meta-agent command: replay, analyze, render, chat with piped stdin, doctor."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.cli import main
from engine.session import from_json

PERSONA = {
    "messages": [
        "I want to build an app for nurses to hand off patients between shifts because notes "
        "get lost",
        {"user": "bo", "text": "Charge nurses on night shifts"},
        "no idea, you pick",
        "just show me something",
    ]
}


def _replay(tmp_path: Path, data: object) -> tuple[int, Path]:
    source = tmp_path / "conversation.json"
    source.write_text(json.dumps(data) if not isinstance(data, str) else data)
    out = tmp_path / "out"
    return main(["replay", str(source), "--out", str(out)]), out


def test_replay_writes_transcript_session_and_deliverables(tmp_path: Path) -> None:
    code, out = _replay(tmp_path, PERSONA)
    assert code == 0
    transcript = json.loads((out / "transcript.json").read_text())
    assert [t["role"] for t in transcript] == ["user", "bot"] * 4
    assert transcript[2] == {"role": "user", "user": "bo", "text": "Charge nurses on night shifts"}
    assert set(transcript[0]) == {"role", "user", "text"}
    session = from_json((out / "session.json").read_bytes())
    assert session.status == "delivered" and session.deliverable_version == 1
    names = {p.name for p in out.iterdir()}
    assert "requirements-brief-v1.md" in names
    assert "requirements-pack-v1.pdf" in names
    assert any(n.startswith("wireframe-") and n.endswith(".png") for n in names)
    assert (out / "wireframes-v1.excalidraw").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"messages": []}), "at least one message"),
        (json.dumps({"msgs": ["hi"]}), "expected"),
        (json.dumps({"messages": [42]}), "message 0"),
        (json.dumps(["hi"]), "expected"),
    ],
)
def test_replay_rejects_a_bad_file_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    code, out = _replay(tmp_path, content)
    assert code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_replay_rejects_binary_and_missing_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "bin.json"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    assert main(["replay", str(binary), "--out", str(tmp_path / "o")]) == 2
    assert main(["replay", str(tmp_path / "missing.json"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "not valid JSON" in err and "no such file" in err


def test_analyze_prints_one_json_object_per_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = "A HIPAA-compliant EHR integration for clinics\n\nno idea, you pick\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    assert main(["analyze"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 2
    assert set(rows[0]) == {
        "industry",
        "industry_confidence",
        "role",
        "sophistication",
        "sophistication_score",
        "signal",
        "signal_confidence",
    }
    assert rows[0]["industry"] == "healthcare"
    assert rows[1]["signal"] == "dont_know"


def test_render_rebuilds_deliverables_from_a_saved_session(tmp_path: Path) -> None:
    code, out = _replay(tmp_path, PERSONA)
    assert code == 0
    again = tmp_path / "again"
    assert main(["render", str(out / "session.json"), "--out", str(again)]) == 0
    for name in ("wireframes-v1.svg", "wireframes-v1.excalidraw", "requirements-brief-v1.md"):
        assert (again / name).read_bytes() == (out / name).read_bytes()


def test_render_rejects_a_bad_session(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "session.json"
    bad.write_text('{"schema_version": "x"}')
    assert main(["render", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert "not a valid session: schema_version" in capsys.readouterr().err


def test_chat_with_piped_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    script = "A tutoring marketplace for high-school students\nprofile\ndone\nquit\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(script))
    out = tmp_path / "chat"
    assert main(["chat", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Coverage" in printed and "Detected profile" in printed
    assert "education" in printed.lower()
    assert "Wrote" in printed and (out / "requirements-brief-v1.md").exists()


def test_doctor_reports_an_unreachable_redis_without_its_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SESSION_STORAGE", "redis")
    monkeypatch.setenv("REDIS_URL", "redis://:s3cret-pass@127.0.0.1:1/0")
    from engine.settings import get_settings

    get_settings.cache_clear()
    try:
        assert main(["doctor"]) == 1
    finally:
        get_settings.cache_clear()
    printed = capsys.readouterr().out
    assert "FAIL" in printed and "s3cret-pass" not in printed
