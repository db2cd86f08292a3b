"""Every subcommand answers bad paths, files and bytes with one line and a status, never a
traceback; the crash inputs found by the fault probe stay fixed."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from engine.session import from_json

ROOT = Path(__file__).resolve().parent.parent


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0, err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize(
    "argv",
    [
        ["replay", "{dir}", "--out", "{tmp}/o"],
        ["replay", "{tmp}/missing.json", "--out", "{tmp}/o"],
        ["replay", "{good}", "--out", "{file}"],
        ["render", "{dir}", "--out", "{tmp}/o"],
        ["render", "{tmp}/missing.json", "--out", "{tmp}/o"],
        ["render", "{good}", "--out", "{tmp}/o"],
        ["render", "{file}", "--out", "{tmp}/o"],
        ["chat", "--out", "{file}"],
        ["stats", "--day", "27/11/2026"],
        ["replay"],
        ["render", "{file}"],
        ["no-such-command"],
    ],
)
def test_bad_paths_and_arguments_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    afile = tmp_path / "afile.txt"
    afile.write_text("not a session")
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"messages": ["a booking tool for vets"]}))
    values = {"dir": folder, "tmp": tmp_path, "file": afile, "good": good}
    args = [a.format(**values) for a in argv]
    with pytest.raises(SystemExit) if len(argv) < 3 or argv[0] == "no-such-command" else _noop():
        assert main(args) == 2
    assert _one_line_error(capsys)


class _noop:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def test_render_names_the_problem_of_a_wrong_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "session.json"
    bad.write_text(json.dumps({"key": "k", "revision": "x"}))
    assert main(["render", str(bad), "--out", str(tmp_path / "o")]) == 2
    err = _one_line_error(capsys)
    assert "revision" in err and "problem(s)" not in err


def test_replay_survives_lone_surrogates_and_deep_nesting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "s.json"
    source.write_text('{"messages": ["a booking app for dog groomers \\ud800 in leeds", "done"]}')
    out = tmp_path / "out"
    assert main(["replay", str(source), "--out", str(out)]) == 0
    transcript = json.loads((out / "transcript.json").read_text(encoding="utf-8"))
    assert transcript[0]["text"] == "a booking app for dog groomers  in leeds"
    session = from_json((out / "session.json").read_bytes())
    assert session.deliverable_version == 1
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000)
    assert main(["replay", str(deep), "--out", str(tmp_path / "o2")]) == 2
    assert "nested too deeply" in _one_line_error(capsys)


def test_analyze_survives_invalid_bytes_in_a_utf8_locale() -> None:
    stdin = b"a clinic app for nurses \xff\xfe here\n\xc3\x28 bad\nvalid line\n"
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "analyze"],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    lines = done.stdout.decode().splitlines()
    assert len(lines) == 3
    assert all(json.loads(line)["industry"] for line in lines)


def test_piped_chat_is_unpadded_and_uncoloured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a rota app for a small bakery\nstatus\nquit\n"))
    assert main(["chat", "--out", str(tmp_path / "c")]) == 0
    printed = capsys.readouterr().out
    assert "\x1b[" not in printed
    assert all(line == line.rstrip() for line in printed.splitlines())
    assert "stated" in printed and "Back to my question:" in printed


def test_each_chat_is_a_fresh_conversation_unless_resumed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "c"
    monkeypatch.setattr("sys.stdin", io.StringIO("a rota app for a small bakery\nquit\n"))
    main(["chat", "--out", str(out)])
    first = (out / ".conversation").read_text().strip()
    monkeypatch.setattr("sys.stdin", io.StringIO("quit\n"))
    main(["chat", "--out", str(out)])
    second = (out / ".conversation").read_text().strip()
    monkeypatch.setattr("sys.stdin", io.StringIO("quit\n"))
    main(["chat", "--out", str(out), "--resume"])
    assert first != second
    assert (out / ".conversation").read_text().strip() == second


def test_help_and_version_do_not_load_heavy_modules() -> None:
    code = (
        "import sys\nfrom bot.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pydantic', 'PIL', 'fpdf', 'openai', 'slack_bolt', 'redis', "
        "'discord', 'engine.engine') if m in sys.modules]\nprint(heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, cwd=ROOT, timeout=60, check=True
    )
    assert done.stdout.decode().strip().splitlines()[-1] == "[]"
