"""The command line, run as a user runs it: `python -m bot ...` in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FACTS, MINIMAL_FACTS, ROOT


def bot(*args: str, stdin: str | None = None, env: dict[str, str] | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "BOT_FACTS"}
    environment.update(env or {})
    environment["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
        env=environment, cwd=cwd or ROOT, timeout=60, check=False,
    )


def test_ask_prints_the_answer_and_its_source() -> None:
    run = bot("ask", "how big is the FY26 defence budget?")
    assert run.returncode == 0
    assert "9.04" in run.stdout and "Source" in run.stdout


def test_ask_json() -> None:
    run = bot("ask", "--json", "is Vietnam an OSA recipient?")
    data = json.loads(run.stdout)
    assert data["facts"] == ["country:vietnam"] and data["outcome"] == "answer"


def test_ask_json_batch_from_stdin_keeps_order() -> None:
    questions = ["osa budget 2024", "what's the weather", "can japan export weapons", ""] * 50
    run = bot("ask", "--json", "-", stdin="\n".join(questions) + "\n")
    lines = run.stdout.splitlines()
    assert len(lines) == len(questions)
    results = [json.loads(line) for line in lines]
    assert results[0]["facts"] == ["osa-budget-fy2024"]
    assert results[1]["outcome"] == "decline"
    assert results[2]["facts"] == ["exports-current-rules"]
    assert results[4] == results[0]


def test_explain() -> None:
    run = bot("ask", "--explain", "osa budget FY25")
    assert "[explain] normalised: 'osa budget'" in run.stdout
    assert "years: [2025]" in run.stdout


def test_chat_reads_lines_when_not_a_terminal() -> None:
    run = bot("chat", stdin="osa budget 2023\nthanks\n")
    assert run.returncode == 0
    assert "2 billion" in run.stdout and "You're welcome" in run.stdout


def test_chat_json() -> None:
    run = bot("chat", "--json", stdin="osa budget 2023\n")
    assert json.loads(run.stdout.splitlines()[0])["facts"] == ["osa-budget-fy2023"]


def test_topics_lists_topics_and_commands() -> None:
    run = bot("topics")
    assert "Defence budget  (/budget)" in run.stdout and "Vietnam" in run.stdout


def test_check_valid_and_invalid(tmp_path: Path) -> None:
    run = bot("check")
    assert run.returncode == 0 and "ok:" in run.stdout and "facts" in run.stdout
    bad = tmp_path / "facts.yaml"
    bad.write_text(MINIMAL_FACTS.replace("sources: [src-a]\n    as_of", "sources: [mod-2025]\n    as_of"))
    run = bot("check", str(bad))
    assert run.returncode == 2
    assert run.stderr.strip().endswith("facts[0].sources[0]: unknown source 'mod-2025'")
    assert len(run.stderr.strip().splitlines()) == 1
    assert "Traceback" not in run.stderr


def test_missing_fact_base_and_unknown_command_are_one_line_errors(tmp_path: Path) -> None:
    run = bot("--facts", str(tmp_path / "none.yaml"), "ask", "hi")
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1
    run = bot("frobnicate")
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1


def test_facts_option_and_environment(tmp_path: Path, minimal_facts: Path) -> None:
    run = bot("--facts", str(minimal_facts), "ask", "--json", "how big is the defence budget")
    assert json.loads(run.stdout)["text"].startswith("It is 9.04 trillion yen.")
    run = bot("ask", "--json", "how big is the defence budget", env={"BOT_FACTS": str(minimal_facts)})
    assert json.loads(run.stdout)["text"].startswith("It is 9.04 trillion yen.")


def test_default_fact_base_is_found_from_any_directory(tmp_path: Path) -> None:
    run = bot("check", cwd=tmp_path)
    assert run.returncode == 0 and str(FACTS.name) in run.stdout


def test_eval_reports_and_enforces_min(tmp_path: Path) -> None:
    labelled = tmp_path / "q.yaml"
    labelled.write_text('questions:\n  - {q: "osa budget fy2024", expect: osa-budget-fy2024}\n'
                        '  - {q: "weather today", expect: osa-launch}\n')
    run = bot("eval", str(labelled))
    assert run.returncode == 0 and "accuracy: 50.0%" in run.stdout
    assert bot("eval", str(labelled), "--min", "90").returncode == 1


@pytest.mark.parametrize("command", ["ask", "chat", "topics", "check", "eval", "run"])
def test_every_command_has_help(command: str) -> None:
    run = bot(command, "--help")
    assert run.returncode == 0 and "usage:" in run.stdout


def test_ask_does_not_import_platform_libraries() -> None:
    code = ("import sys, runpy; sys.argv=['bot','ask','osa budget']; "
            "import bot.__main__ as m; m.main(['ask','osa budget']); "
            "print(sorted(n for n in sys.modules if n.split('.')[0] in ('discord','slack_bolt','slack_sdk')))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60, check=False)
    assert run.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("name,value", [
    ("BOT_CONTEXT_MAX", "abc"), ("BOT_CONTEXT_MAX", "0"), ("BOT_CONTEXT_IDLE_SECONDS", "-1"),
    ("BOT_CONTEXT_IDLE_SECONDS", "nan"), ("BOT_RELOAD_SECONDS", "inf"), ("BOT_RELOAD_SECONDS", "nan"),
    ("BOT_RELOAD_SECONDS", "1e300"), ("BOT_GAP_RETENTION_DAYS", "-5"), ("BOT_RATE_USER", "lots"),
])
def test_a_bad_setting_is_one_line_and_exit_2(name: str, value: str, tmp_path: Path) -> None:
    """D5: settings errors name the variable on one line, exit 2, before anything starts."""
    env = {name: value, "BOT_GAP_LOG": str(tmp_path / "g.sqlite3")}
    for args in (("chat",), ("discord",)):
        run = bot(*args, stdin="help\n", env={**env, "DISCORD_TOKEN": "x"} if args == ("discord",) else env)
        assert run.returncode == 2, (args, run.stderr)
        assert run.stderr.count("\n") == 1 and name in run.stderr and "Traceback" not in run.stderr
        assert run.stdout == ""


def bot_bytes(*args: str, stdin: bytes | Path, env: dict[str, str] | None = None,
              measure: bool = False) -> subprocess.CompletedProcess[bytes]:
    """`python -m bot` with raw bytes (or a file) on stdin; with `measure`, the peak RSS in KiB is the last
    line of stderr (VmHWM: unlike ru_maxrss it does not count the parent's memory before exec)."""
    environment = {k: v for k, v in os.environ.items() if k != "BOT_FACTS"}
    environment.update({"PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8:strict", **(env or {})})
    command = [sys.executable, "-m", "bot", *args]
    if measure:
        command = [sys.executable, "-c", "import re, sys\nfrom bot.__main__ import main\n"
                   f"code = main({list(args)!r})\n"
                   "status = open('/proc/self/status').read()\n"
                   "print(re.search(r'VmHWM:\\s*(\\d+)', status).group(1), file=sys.stderr)\n"
                   "sys.exit(code)"]
    if isinstance(stdin, Path):
        with stdin.open("rb") as source:
            return subprocess.run(command, stdin=source, capture_output=True, env=environment, cwd=ROOT,
                                  timeout=120, check=False)
    return subprocess.run(command, input=stdin, capture_output=True, env=environment, cwd=ROOT, timeout=60,
                          check=False)


@pytest.mark.parametrize("command", [("ask", "--json", "-"), ("chat", "--json")])
def test_a_line_with_invalid_bytes_gets_an_error_answer_and_the_rest_go_on(command: tuple[str, ...]) -> None:
    """D4: one invalid UTF-8 line ended the run with a traceback and no answers at all."""
    run = bot_bytes(*command, stdin=b"osa budget 2023\nwhat about \xff\xfe this\ncan japan export weapons\n")
    assert run.returncode == 0 and b"Traceback" not in run.stderr
    answers = [json.loads(line) for line in run.stdout.decode().splitlines()]
    assert len(answers) == 3
    assert answers[0]["facts"] == ["osa-budget-fy2023"] and answers[2]["facts"] == ["exports-current-rules"]
    assert answers[1]["outcome"] == "decline" and "not valid utf-8 text (byte 0xff" in answers[1]["text"]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="measures peak memory from /proc")
def test_a_100_mb_line_is_refused_without_using_gigabytes(tmp_path: Path) -> None:
    """D11: control-character cleaning ran before the length cap: one 100 MB line took 2.1 GB."""
    big = tmp_path / "big.txt"
    with big.open("wb") as out:
        out.write(b"osa budget 2023\n")
        chunk = (b"\x01budget " * 128 * 1024)[:1 << 20]
        for _ in range(100):
            out.write(chunk)
        out.write(b"\ncan japan export weapons\n")
    run = bot_bytes("ask", "--json", "-", stdin=big, measure=True)
    assert run.returncode == 0, run.stderr[-500:]
    answers = [json.loads(line) for line in run.stdout.decode().splitlines()]
    assert [a["outcome"] for a in answers] == ["answer", "decline", "answer"]
    assert "over 10,000 characters long" in answers[1]["text"]
    peak_mib = int(run.stderr.decode().splitlines()[-1]) / 1024
    assert peak_mib < 200, f"peak {peak_mib:.0f} MiB"


def test_piped_chat_echoes_each_question_before_its_answer() -> None:
    """Issue 11, item 9: a transcript of piped chat reads as a conversation."""
    run = bot("chat", stdin="osa budget 2023\n\nthanks\n")
    assert run.returncode == 0
    lines = run.stdout.splitlines()
    assert lines[0] == "you> osa budget 2023" and "2 billion" in lines[1]
    assert "you> thanks" in lines and "You're welcome" in lines[lines.index("you> thanks") + 1]
    assert run.stdout.count("you> ") == 2  # the empty line is skipped, as at a terminal
    assert "you> " not in bot("chat", "--json", stdin="osa budget 2023\n").stdout  # JSON lines stay JSON


@pytest.mark.parametrize("word", ["quit", "exit", " Exit ", "QUIT"])
def test_quit_ends_piped_chat_unanswered_and_unlogged(word: str, tmp_path: Path) -> None:
    """D13: in piped chat, quit was answered (and logged as a gap)."""
    from bot.gaplog import read_gaps

    db = tmp_path / "gaps.sqlite3"
    run = bot("chat", stdin=f"weather in tokyo\n{word}\nthanks\n", env={"BOT_GAP_LOG": str(db)})
    assert run.returncode == 0
    assert "You're welcome" not in run.stdout and f"you> {word.strip()}" not in run.stdout
    assert run.stdout.count("you> ") == 1
    assert [g.question for g in read_gaps(db)] == ["weather in tokyo"]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_interactive_chat_answers_a_line_with_invalid_bytes_and_goes_on() -> None:
    """D4 at a terminal: input() raised UnicodeDecodeError under PYTHONIOENCODING=utf-8:strict."""
    import pty
    import select
    import time

    controller, terminal = pty.openpty()  # not pty.fork(): forking a threaded pytest is unsafe
    environment = {k: v for k, v in os.environ.items() if k != "BOT_FACTS"}
    environment.update(PYTHONIOENCODING="utf-8:strict", BOT_GAP_LOG="off", PYTHONPATH=str(ROOT))
    with subprocess.Popen([sys.executable, "-m", "bot", "chat"], stdin=terminal, stdout=terminal, stderr=terminal,
                          env=environment, cwd=ROOT, start_new_session=True) as chat:
        os.close(terminal)
        output = b""
        sent = False
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if not sent and b"you> " in output:
                os.write(controller, b"what about \xff\xfe this\nosa budget 2023\nquit\n")
                sent = True
            ready, _, _ = select.select([controller], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(controller, 65536)
                except OSError:  # the bot exited and closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
        assert chat.wait(10) == 0
    os.close(controller)
    text = output.decode(errors="replace")
    assert "not valid utf-8 text (byte 0xff" in text and "2 billion" in text and "Traceback" not in text
