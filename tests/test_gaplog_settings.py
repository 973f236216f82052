"""Exact values of the gap log's settings and parsers (written after `make mutation` showed them loosely tested)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.gaplog import (
    _ASKER,
    DEFAULT_RETENTION_DAYS,
    MAX_RETENTION_DAYS,
    MAX_SINCE_SECONDS,
    PostgresURL,
    asked_by,
    asker_hash,
    gap_path,
    gap_salt,
    mask_secrets,
    parse_since,
    retention_days,
)


@pytest.mark.parametrize("off", ["off", "OFF", " 0 ", "no", "false", "None"])
def test_gap_path_off(off: str) -> None:
    assert gap_path({"BOT_GAP_LOG": off}, default=True) is None


def test_gap_path_values(monkeypatch: pytest.MonkeyPatch) -> None:
    assert gap_path({"BOT_GAP_LOG": " /tmp/g.sqlite3 "}, default=False) == Path("/tmp/g.sqlite3")
    assert gap_path({}, default=True) == Path("gaps.sqlite3")
    assert gap_path({"BOT_GAP_LOG": "  "}, default=True) == Path("gaps.sqlite3")
    assert gap_path({}, default=False) is None
    monkeypatch.setenv("BOT_GAP_LOG", "from-env.sqlite3")
    assert gap_path(default=False) == Path("from-env.sqlite3")


def test_retention_days_values(monkeypatch: pytest.MonkeyPatch) -> None:
    assert retention_days({}) == DEFAULT_RETENTION_DAYS == 90.0
    assert retention_days({"BOT_GAP_RETENTION_DAYS": " "}) == 90.0
    for keep_all in ("off", "Never", "FOREVER"):
        assert retention_days({"BOT_GAP_RETENTION_DAYS": keep_all}) is None
    assert retention_days({"BOT_GAP_RETENTION_DAYS": " 30 "}) == 30.0
    assert retention_days({"BOT_GAP_RETENTION_DAYS": "0.5"}) == 0.5
    assert retention_days({"BOT_GAP_RETENTION_DAYS": "36500"}) == MAX_RETENTION_DAYS
    monkeypatch.setenv("BOT_GAP_RETENTION_DAYS", "7")
    assert retention_days() == 7.0


@pytest.mark.parametrize("bad", ["0", "-1", "36500.5", "nan", "inf", "-inf", "ten", "x" * 60])
def test_retention_days_refuses(bad: str) -> None:
    with pytest.raises(ValueError) as raised:
        retention_days({"BOT_GAP_RETENTION_DAYS": bad})
    assert str(raised.value) == ("BOT_GAP_RETENTION_DAYS must be a number of days from 1 to 36500, or off, "
                                 f"not {bad[:40]!r}")


@pytest.mark.parametrize(("text", "seconds"), [
    ("30m", 1800.0), ("12h", 43_200.0), ("7d", 604_800.0), ("2w", 1_209_600.0), (" 7D ", 604_800.0),
    ("1 h", 3600.0), ("0m", 0.0), ("36500d", float(MAX_SINCE_SECONDS)), ("5214w", 5214 * 604_800.0),
])
def test_parse_since_values(text: str, seconds: float) -> None:
    assert parse_since(text) == seconds


@pytest.mark.parametrize("bad", ["", "7", "d", "7y", "-7d", "1.5h", "36501d", "9" * 13 + "m", "soon " * 10])
def test_parse_since_refuses(bad: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_since(bad)
    shown = bad if len(bad) <= 40 else bad[:40] + "..."
    assert str(raised.value) == f"--since must look like 30m, 12h, 7d or 2w (at most 100 years), not {shown!r}"


@pytest.mark.parametrize(("text", "masked"), [
    ("token xoxb-1234-abcdef here", "token [secret] here"),
    ("app xapp-1-A1-2-abcdef", "app [secret]"),
    ("discord MTA4NjQ2NzY1NDMyMTA5ODc2NQ.GhYkLm.abcdefghijklmnopqrstuvwxyz012345 end", "discord [secret] end"),
    ("key 0123456789abcdef0123456789abcdef", "key [secret]"),
    ("base64 QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=", "base64 [secret]"),
    ("a word antidisestablishmentarianisms", "a word antidisestablishmentarianisms"),
    ("a number 123456789012345678901234567890", "a number 123456789012345678901234567890"),
    ("short abc123", "short abc123"),
    ("no tokens in this question about the FY2026 budget", "no tokens in this question about the FY2026 budget"),
])
def test_mask_secrets(text: str, masked: str) -> None:
    assert mask_secrets(text) == masked


@pytest.mark.parametrize("bad", ["x" * 40, "x" * 41])
def test_parse_since_shows_up_to_forty_characters_whole(bad: str) -> None:
    """The value is quoted whole up to 40 characters, then cut with an ellipsis."""
    shown = "'" + "x" * 40 + ("...'" if len(bad) == 41 else "'")
    with pytest.raises(ValueError) as raised:
        parse_since(bad)
    assert str(raised.value).endswith(f", not {shown}")


@pytest.mark.parametrize(("url", "safe"), [
    ("postgresql://bot:pw-123@db.example.org:5433/gaps", "postgresql://bot@db.example.org:5433/gaps"),
    ("postgres://bot@localhost/gaps", "postgres://bot@localhost/gaps"),
    ("postgresql://:pw-123@db.example.org/gaps", "postgresql://db.example.org/gaps"),
    ("postgresql:///gaps", "postgresql:///gaps"),
])
def test_a_postgres_url_is_shown_without_its_password(url: str, safe: str) -> None:
    target = PostgresURL(url)
    assert target.safe == safe and str(target) == safe
    assert "pw-123" not in repr(target)


@pytest.mark.parametrize("url", ["postgresql://u:p@h/db", "postgres://u:p@h/db"])
def test_gap_path_takes_a_postgres_url(url: str) -> None:
    assert gap_path({"BOT_GAP_LOG": f" {url} "}, default=False) == PostgresURL(url)


def test_gap_path_a_file_named_like_postgres_is_a_file() -> None:
    assert gap_path({"BOT_GAP_LOG": "postgresql.sqlite3"}, default=False) == Path("postgresql.sqlite3")


def test_gap_salt_values(monkeypatch: pytest.MonkeyPatch) -> None:
    assert gap_salt({"BOT_GAP_SALT": " s3cret "}) == b" s3cret "  # used as given: it is a key, not a word
    assert gap_salt({"BOT_GAP_SALT": "   "}) is None
    assert gap_salt({}) is None
    monkeypatch.setenv("BOT_GAP_SALT", "from-env")
    assert gap_salt() == b"from-env"


def test_asker_hash_is_sixteen_hex_digits_of_hmac_sha256() -> None:
    assert asker_hash("U1", b"team-secret") == "3cb1ca1068362e75"
    assert asker_hash("U2", b"team-secret") != asker_hash("U1", b"team-secret")


def test_asked_by_names_the_asker_only_within_its_block() -> None:
    assert _ASKER.get() is None
    with asked_by(12345):
        assert _ASKER.get() == "12345"
        with asked_by(None):
            assert _ASKER.get() is None
        with asked_by(""):
            assert _ASKER.get() is None
        assert _ASKER.get() == "12345"
    assert _ASKER.get() is None
