"""The Slack app manifest is generated from the adapter's command table: the checked-in file, both modes and a
command prefix, and every command in a generated manifest is answered by an app built with the same prefix."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator

import aiohttp
import pytest
import yaml

from bot.adapters.slack_app import EVENTS_PATH, SlackSettings, build_app, command_question, start_http
from bot.adapters.slack_blocks import fallback_text
from bot.adapters.slack_commands import GAPS, check_prefix, command_name, manifest, manifest_yaml, slash_commands
from bot.answers import AnswerService
from bot.knowledge import default_facts_path, load_fact_base
from bot.quick import QuickCommand, quick_commands
from tests import slack_payloads as p
from tests.conftest import ROOT
from tests.fake_slack_api import ADMIN_USER_ID, BOT_TOKEN, FakeSlackAPI

QUICK = quick_commands(load_fact_base(default_facts_path()))
"""The real fact base's quick commands: /budget, /osa and /exports."""


def test_the_checked_in_manifest_is_the_generated_one() -> None:
    """slack/manifest.yaml is `python -m bot slack --manifest`; regenerate it after changing the command table."""
    assert (ROOT / "slack" / "manifest.yaml").read_text(encoding="utf-8") == manifest_yaml(QUICK)


def test_socket_mode_manifest() -> None:
    data = yaml.safe_load(manifest_yaml(QUICK))
    assert data == manifest(QUICK)
    commands = data["features"]["slash_commands"]
    assert [c["command"] for c in commands] == ["/defence", "/budget", "/osa", "/exports", "/defence-gaps"]
    assert not any("url" in c for c in commands)
    settings = data["settings"]
    assert settings["socket_mode_enabled"] is True
    assert "request_url" not in settings["event_subscriptions"] and "request_url" not in settings["interactivity"]
    assert settings["event_subscriptions"]["bot_events"] == ["app_mention", "message.im"]
    assert {"app_mentions:read", "chat:write", "commands", "im:history", "im:read", "users:read"} <= set(
        data["oauth_config"]["scopes"]["bot"])


def test_http_mode_manifest_with_a_prefix() -> None:
    data = yaml.safe_load(manifest_yaml(QUICK, url="https://bot.example.org/", prefix="jp-"))
    url = "https://bot.example.org/slack/events"
    commands = data["features"]["slash_commands"]
    assert [c["command"] for c in commands] == ["/jp-defence", "/jp-budget", "/jp-osa", "/jp-exports",
                                                "/jp-defence-gaps"]
    assert {c["url"] for c in commands} == {url}
    settings = data["settings"]
    assert settings["socket_mode_enabled"] is False
    assert settings["event_subscriptions"]["request_url"] == url == settings["interactivity"]["request_url"]


@pytest.mark.parametrize("bad", ["JP", "jp ", "a/b", "x" * 21])
def test_bad_prefixes_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="command prefix"):
        check_prefix(bad)


def test_the_longest_prefix_keeps_every_command_within_slack_s_32_characters() -> None:
    longest = "a-b_c" * 3 + "x" * 4
    assert check_prefix(longest) == longest and check_prefix("") == ""
    names = [c["command"] for c in manifest(QUICK, prefix=longest)["features"]["slash_commands"]]
    assert max(len(name) for name in names) == len(f"/{longest}defence-gaps") == 32
    with pytest.raises(ValueError, match="at most 19 lowercase letters"):  # what the error says is what it allows
        check_prefix(longest + "x")
    assert command_name(GAPS) == "/defence-gaps"  # no prefix unless given


def test_a_public_url_with_a_path_keeps_it() -> None:
    data = manifest(QUICK, url="https://h.example/TEAM-X/")
    assert data["settings"]["interactivity"]["request_url"] == "https://h.example/TEAM-X/slack/events"


def test_a_title_beyond_ascii_is_written_as_it_reads() -> None:
    quick = (QuickCommand(name="yen", topic="budget", title="Budget figures — in ¥", asks="defence budget"),)
    text = manifest_yaml(quick)
    assert "description: Budget figures — in ¥" in text
    assert yaml.safe_load(text) == manifest(quick)


def test_command_line() -> None:
    env = {"PATH": "", "PYTHONPATH": str(ROOT), "BOT_ENV_FILE": "off"}
    done = subprocess.run([sys.executable, "-m", "bot", "slack", "--manifest", "--url", "https://h.example",
                           "--command-prefix", "q-"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == manifest_yaml(QUICK, url="https://h.example", prefix="q-")
    done = subprocess.run([sys.executable, "-m", "bot", "slack", "--manifest", "--url", "http://h.example"],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=60, check=False)
    assert done.returncode == 2 and "--url must be your public https://" in done.stderr
    env.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET="s")
    done = subprocess.run([sys.executable, "-m", "bot", "slack", "--http", "--command-prefix", "JP"],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=60, check=False)
    assert done.returncode == 2 and done.stderr.startswith("bot: error: --command-prefix: the command prefix")


def test_prefix_from_the_environment() -> None:
    settings = SlackSettings.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s",
                                       "SLACK_COMMAND_PREFIX": "jp-"}, mode="http")
    assert settings.command_prefix == "jp-"


@pytest.fixture()
async def prefixed(service: AnswerService) -> AsyncIterator[tuple[str, FakeSlackAPI, aiohttp.ClientSession]]:
    async with FakeSlackAPI() as api:
        settings = SlackSettings(bot_token=BOT_TOKEN, signing_secret=p.SIGNING_SECRET, api_url=api.base_url,
                                 command_prefix="jp-")
        runner, port = await start_http(build_app(settings, lambda: service, gap_report=lambda since: "no gaps"),
                                        host="127.0.0.1", port=0)
        try:
            async with aiohttp.ClientSession() as http:
                yield f"http://127.0.0.1:{port}", api, http
        finally:
            await runner.cleanup()


async def test_every_manifest_command_is_answered_with_the_same_prefix(
        prefixed: tuple[str, FakeSlackAPI, aiohttp.ClientSession], service: AnswerService) -> None:
    url, api, http = prefixed
    listed = [c["command"] for c in manifest(QUICK, prefix="jp-")["features"]["slash_commands"]]
    assert len(listed) == len(slash_commands(QUICK)) == 5
    for index, command in enumerate(listed):
        fields = p.slash_command(command, "", api.response_url(f"r{index}"))
        fields["user_id"] = ADMIN_USER_ID  # the gaps command is for admins
        body = p.form_body(fields)
        headers = p.signed_headers(body, content_type="application/x-www-form-urlencoded")
        async with http.post(url + EVENTS_PATH, data=body.encode(), headers=headers) as response:
            assert response.status == 200
        await api.wait_for(lambda i=index: bool(api.calls(f"/response/r{i}")))
        [reply] = api.calls(f"/response/r{index}")
        if command.endswith(GAPS.name):
            assert "no gaps" in reply.body["text"]
        else:
            assert reply.body["text"] == fallback_text(service.ask(command_question(command, "", "jp-", QUICK)))
    assert [command_question(c, "", "jp-", QUICK) for c in listed[:4]] == ["help", "defence budget", "what is OSA",
                                                                    "can Japan export weapons"]
