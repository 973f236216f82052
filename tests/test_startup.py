"""Start-up: bad or missing credentials stop the bot with one line and exit 2; /healthz reports the connection.

The Slack checks run `python -m bot` as a real process, through slack-bolt and slack-sdk unpatched, against
`FakeSlackAPI` on 127.0.0.1 (a wrong token gets `{"ok": false, "error": "invalid_auth"}` there, as from
Slack). Discord's network failure is checked in-process with discord.py's base URL on a closed loopback port.
No test sends traffic anywhere but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import aiohttp
import discord
import pytest

from bot.adapters import slack_app
from bot.adapters.discord_app import DiscordConfigError, run_command
from bot.adapters.slack_app import HEALTH_PATH, SlackSettings, build_app, start_http
from bot.answers import AnswerService
from tests.conftest import ROOT, health_when_up
from tests.fake_slack_api import BOT_TOKEN, FakeSlackAPI

SIGNING_SECRET = "known-fake-signing-secret-5f3a"


def environment(**extra: str) -> dict[str, str]:
    """This process's environment without Slack or Discord settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    env.update(PYTHONPATH=str(ROOT), BOT_GAP_LOG="off", BOT_ENV_FILE="off", BOT_RELOAD_SECONDS="0", **extra)
    return env


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def run_bot(*args: str, env: Mapping[str, str], timeout: float = 10.0) -> tuple[int, str, float]:
    """Run `python -m bot ARGS` to its end; returns exit status, stderr and seconds taken."""
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", *args, cwd=ROOT, env=dict(env),
                                                   stdout=asyncio.subprocess.DEVNULL,
                                                   stderr=asyncio.subprocess.PIPE)
    try:
        _, err = await asyncio.wait_for(process.communicate(), timeout)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise AssertionError(f"python -m bot {' '.join(args)} still running after {timeout} s") from None
    assert process.returncode is not None
    return process.returncode, err.decode(), time.monotonic() - started


def one_error_line(stderr: str) -> str:
    """The bot's `bot: error: ...` line, which must be the last line and have no traceback before it."""
    assert "Traceback" not in stderr, stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("bot: error: "), stderr
    return last


# --- Slack: auth.test and apps.connections.open at start ---------------------------------------


async def test_revoked_bot_token_stops_http_mode_naming_it() -> None:
    async with FakeSlackAPI() as api:
        env = environment(SLACK_BOT_TOKEN="xoxb-revoked", SLACK_SIGNING_SECRET=SIGNING_SECRET,
                          SLACK_API_URL=api.base_url)
        status, stderr, seconds = await run_bot("slack", "--http", "--host", "127.0.0.1", "--port", "0", env=env)
        assert api.calls("/api/auth.test")
    assert status == 2 and seconds < 10
    line = one_error_line(stderr)
    assert "SLACK_BOT_TOKEN" in line and "invalid_auth" in line
    assert "xoxb-revoked" not in stderr


async def test_wrong_app_token_stops_socket_mode_naming_it() -> None:
    async with FakeSlackAPI() as api:
        env = environment(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_APP_TOKEN="xapp-1-A111-111-wrong",
                          SLACK_API_URL=api.base_url)
        status, stderr, seconds = await run_bot("slack", env=env)
        assert api.calls("/api/apps.connections.open")
        assert not api._sockets  # never dialled the WebSocket
    assert status == 2 and seconds < 10
    line = one_error_line(stderr)
    assert "SLACK_APP_TOKEN" in line and "invalid_auth" in line
    assert "wrong" not in stderr and BOT_TOKEN not in stderr


async def test_unreachable_slack_is_one_line() -> None:
    env = environment(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                      SLACK_API_URL=f"http://127.0.0.1:{closed_port()}/api/")
    status, stderr, seconds = await run_bot("slack", "--http", "--host", "127.0.0.1", "--port", "0", env=env)
    assert status == 2 and seconds < 10
    assert "could not reach Slack" in one_error_line(stderr)


async def test_socket_mode_without_app_token_says_so() -> None:
    status, stderr, _ = await run_bot("slack", env=environment(SLACK_BOT_TOKEN=BOT_TOKEN))
    assert status == 2
    assert one_error_line(stderr).startswith("bot: error: SLACK_APP_TOKEN is not set")


async def test_run_with_only_the_bot_token_names_both_modes() -> None:
    status, stderr, _ = await run_bot("run", env=environment(SLACK_BOT_TOKEN=BOT_TOKEN))
    assert status == 2
    line = one_error_line(stderr)
    assert "SLACK_APP_TOKEN" in line and "SLACK_SIGNING_SECRET" in line and "Socket Mode" in line


async def test_good_tokens_serve_healthz_with_the_connection_and_no_paths() -> None:
    port = closed_port()
    async with FakeSlackAPI() as api:
        env = environment(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=api.base_url)
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "--log-json", "slack", "--http", "--host", "127.0.0.1", "--port", str(port),
            cwd=ROOT, env=env, stderr=asyncio.subprocess.PIPE)
        try:
            raw = await health_when_up(f"http://127.0.0.1:{port}{HEALTH_PATH}")
            healthcheck = await asyncio.create_subprocess_exec(  # what the Dockerfile's HEALTHCHECK runs
                sys.executable, "-m", "bot", "healthcheck", cwd=ROOT, env={**env, "PORT": str(port)},
                stdout=asyncio.subprocess.PIPE)
            out, _ = await healthcheck.communicate()
            assert healthcheck.returncode == 0 and out.decode().startswith("healthy"), out
        finally:
            process.terminate()
            _, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    data = json.loads(raw)
    assert data["ok"] is True and data["facts"] > 30
    assert data["platform"] == {"name": "slack", "mode": "http", "connected": True, "last_error": None,
                                "checked_at": data["platform"]["checked_at"], "team": "Fake"}
    assert data["fact_file"] == "facts.yaml"
    assert str(ROOT) not in raw and "/" + "knowledge" not in raw  # no file paths
    logs = err.decode()
    assert BOT_TOKEN not in logs and SIGNING_SECRET not in logs


async def test_healthz_turns_503_when_the_token_is_revoked_while_running(service: AnswerService) -> None:
    async with FakeSlackAPI() as api:
        settings = SlackSettings(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, api_url=api.base_url)
        monitor = slack_app._ConnectionMonitor(settings, await slack_app.check_credentials(settings,
                                                                                           socket_mode=False))
        runner, port = await start_http(build_app(settings, lambda: service), host="127.0.0.1", port=0,
                                        status=lambda: {"platform": monitor.current.to_json()})
        watcher = asyncio.ensure_future(monitor.watch(interval=0.05))
        try:
            async with aiohttp.ClientSession() as http:
                async with http.get(f"http://127.0.0.1:{port}{HEALTH_PATH}") as response:
                    assert response.status == 200 and (await response.json())["platform"]["connected"] is True
                api.bot_token = "xoxb-rotated"  # the token the bot holds is now revoked
                await api.wait_for(lambda: monitor.current.connected is False)
                async with http.get(f"http://127.0.0.1:{port}{HEALTH_PATH}") as response:
                    body = await response.json()
                    assert response.status == 503 and body["ok"] is False
                    assert "SLACK_BOT_TOKEN" in body["platform"]["last_error"]
        finally:
            watcher.cancel()
            await runner.cleanup()


# --- Discord ---------------------------------------------------------------------------------


def test_discord_without_network_is_one_line(service: AnswerService, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{closed_port()}/api/v10")
    args = argparse.Namespace(invite_url=False, sync=False, guild=None, sharded=False)
    with pytest.raises(DiscordConfigError) as error:
        run_command(args, lambda: service, env={"DISCORD_TOKEN": "fake-token"})
    message = str(error.value)
    assert message.startswith("could not reach Discord (") and "\n" not in message
    assert "fake-token" not in message


# --- .env ----------------------------------------------------------------------------------------


async def test_env_file_fills_unset_variables_only(tmp_path: Path, minimal_facts: Path) -> None:
    (tmp_path / ".env").write_text(f"BOT_FACTS={minimal_facts}\nSLACK_BOT_TOKEN=xoxb-from-dotenv\n",
                                   encoding="utf-8")
    env = environment()
    del env["BOT_ENV_FILE"]
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "status", "--json", cwd=tmp_path,
                                                   env=env, stdout=asyncio.subprocess.PIPE)
    out, _ = await process.communicate()
    assert json.loads(out)["facts"] == 1  # BOT_FACTS came from .env
    real = ROOT / "knowledge" / "facts.yaml"
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "status", "--json", cwd=tmp_path,
                                                   env={**env, "BOT_FACTS": str(real)},
                                                   stdout=asyncio.subprocess.PIPE)
    out, _ = await process.communicate()
    assert json.loads(out)["facts"] > 30  # the real environment wins over .env


def test_version() -> None:
    import subprocess

    from bot import __version__

    done = subprocess.run([sys.executable, "-m", "bot", "--version"], capture_output=True, text=True, cwd=ROOT,
                          env=environment(), timeout=60, check=False)
    assert done.returncode == 0 and done.stdout.strip() == f"defence-qa-bot {__version__}"


async def test_healthcheck_fails_when_nothing_answers_and_passes_where_no_http_is_served() -> None:
    env = environment(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, PORT=str(closed_port()))
    status, _, _ = await run_bot("healthcheck", env=env)
    assert status == 1
    status, _, _ = await run_bot("healthcheck", env=environment(DISCORD_TOKEN="x", PORT=str(closed_port())))
    assert status == 0


def test_healthz_status_names_files_without_their_paths() -> None:
    from bot.__main__ import _public_status

    state: dict[str, object] = {
        "path": "/srv/app/knowledge/facts.yaml", "version": "abc", "facts": 3,
        "last_error": "/srv/app/knowledge/facts.yaml:3:1: facts: cannot read '/mnt/other/facts.yaml.tmp'",
    }
    gaps: dict[str, object] = {"path": "/var/lib/bot/gaps.sqlite3", "written": 2, "dropped": 0, "failing": False}
    shown = _public_status(state, gaps)
    assert shown["fact_file"] == "facts.yaml" and "path" not in shown
    assert shown["last_error"] == "facts.yaml:3:1: facts: cannot read 'facts.yaml.tmp'"
    assert shown["gap_log"] == {"written": 2, "dropped": 0, "failing": False, "file": "gaps.sqlite3"}
    assert "/" not in json.dumps(shown)
