"""Live reload: a valid change swaps the service, an invalid one keeps the last good one, nothing half-built."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import logging
import os
import queue
import signal
import threading
import time
from pathlib import Path

import pytest

from bot import reload as reload_module
from bot.answers import AnswerService
from bot.knowledge import FactBaseError, parse_fact_base
from bot.models import FactBase
from bot.reload import FactWatcher, LoadState, ReloadResult, ServiceHolder, poll_interval, watching
from tests.conftest import MINIMAL_FACTS

QUESTION = "how big is the defence budget"
NEW_FACTS = MINIMAL_FACTS.replace("It is 9.04 trillion yen.", "It is 9.99 trillion yen.")
BAD_FACTS = MINIMAL_FACTS.replace("sources: [src-a]\n    as_of", "sources: [mod-2025]\n    as_of")


def answer_text(holder: ServiceHolder) -> str:
    return holder.get().ask(QUESTION).text


def rewrite(path: Path, text: str) -> None:
    """Write and move the mtime forward, so a change is seen even within one clock tick."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


def test_valid_change_swaps(minimal_facts: Path) -> None:
    holder = ServiceHolder(minimal_facts)
    old_version = holder.state.version
    assert answer_text(holder).startswith("It is 9.04")
    rewrite(minimal_facts, NEW_FACTS)
    assert holder.changed()
    result = holder.reload()
    assert result.outcome == "reloaded" and result.version != old_version
    assert answer_text(holder).startswith("It is 9.99")
    assert holder.state.version == result.version and holder.state.reloads == 1 and holder.state.facts == 1


def test_invalid_change_keeps_answering_from_the_last_good_version(
        minimal_facts: Path, caplog: pytest.LogCaptureFixture) -> None:
    holder = ServiceHolder(minimal_facts)
    good = holder.get()
    rewrite(minimal_facts, BAD_FACTS)
    with caplog.at_level(logging.ERROR, logger="bot.reload"):
        result = holder.reload()
        assert holder.reload(force=True).outcome == "invalid"  # the same bad file is logged once
    assert result.outcome == "invalid" and result.error is not None
    assert holder.get() is good and answer_text(holder).startswith("It is 9.04")
    assert holder.state.last_error is not None and "unknown source 'mod-2025'" in holder.state.last_error
    errors = [r.getMessage() for r in caplog.records]
    assert len(errors) == 1
    assert f"{minimal_facts.name}:" in errors[0] and "facts[0].sources[0]: unknown source 'mod-2025'" in errors[0]
    assert "still answering from version " + holder.state.version in errors[0]
    rewrite(minimal_facts, NEW_FACTS)  # fixed: the next reload goes through
    assert holder.reload().outcome == "reloaded" and holder.state.last_error is None


def test_touch_without_a_change_is_not_a_reload(minimal_facts: Path) -> None:
    holder = ServiceHolder(minimal_facts)
    service = holder.get()
    rewrite(minimal_facts, MINIMAL_FACTS)
    assert holder.changed() and holder.reload().outcome == "unchanged" and holder.get() is service
    assert not holder.changed()


def test_missing_file_keeps_the_service(minimal_facts: Path) -> None:
    holder = ServiceHolder(minimal_facts)
    minimal_facts.unlink()
    assert holder.reload().outcome == "invalid"
    assert answer_text(holder).startswith("It is 9.04")


def test_first_load_must_be_valid(tmp_path: Path) -> None:
    bad = tmp_path / "facts.yaml"
    bad.write_text(BAD_FACTS, encoding="utf-8")
    with pytest.raises(FactBaseError):
        ServiceHolder(bad)


def test_no_question_sees_a_half_built_service(minimal_facts: Path) -> None:
    """While the new service is being built, get() returns the old one, complete; then the new one."""
    building = threading.Event()
    release = threading.Event()
    built: list[AnswerService] = []

    def slow_build(base: FactBase) -> AnswerService:
        service = AnswerService(base)
        if built:  # not the first load
            building.set()
            assert release.wait(5)
        built.append(service)
        return service

    holder = ServiceHolder(minimal_facts, build=slow_build)
    old = holder.get()
    rewrite(minimal_facts, NEW_FACTS)
    reloading = threading.Thread(target=holder.reload)
    reloading.start()
    assert building.wait(5)
    assert holder.get() is old and answer_text(holder).startswith("It is 9.04")
    release.set()
    reloading.join(5)
    assert holder.get() is built[-1] and answer_text(holder).startswith("It is 9.99")


def test_answers_stay_whole_while_reloading_in_a_loop(minimal_facts: Path) -> None:
    holder = ServiceHolder(minimal_facts)
    stop = threading.Event()
    seen: set[str] = set()
    failures: list[BaseException] = []

    def asker() -> None:
        try:
            while not stop.is_set():
                seen.add(answer_text(holder)[:10])
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    thread = threading.Thread(target=asker)
    thread.start()
    try:
        for index in range(12):
            rewrite(minimal_facts, (NEW_FACTS, BAD_FACTS, MINIMAL_FACTS)[index % 3])
            holder.reload()
    finally:
        stop.set()
        thread.join(5)
    assert not failures
    assert seen <= {"It is 9.04", "It is 9.99"}


def test_watcher_polls_the_file(minimal_facts: Path) -> None:
    holder = ServiceHolder(minimal_facts)
    watcher = FactWatcher(holder, interval=0.02).start()
    try:
        rewrite(minimal_facts, NEW_FACTS)
        deadline = time.monotonic() + 5
        while not answer_text(holder).startswith("It is 9.99") and time.monotonic() < deadline:
            time.sleep(0.02)
        assert answer_text(holder).startswith("It is 9.99")
    finally:
        watcher.stop()


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="no SIGHUP on this platform")
def test_sighup_reloads_without_polling(minimal_facts: Path) -> None:
    holder = ServiceHolder(minimal_facts)
    previous = signal.getsignal(signal.SIGHUP)
    with watching(holder, interval=0):  # no polling: only SIGHUP can reload
        minimal_facts.write_text(NEW_FACTS, encoding="utf-8")
        os.kill(os.getpid(), signal.SIGHUP)
        deadline = time.monotonic() + 5
        while holder.state.reloads == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
    assert holder.state.reloads == 1 and answer_text(holder).startswith("It is 9.99")
    assert signal.getsignal(signal.SIGHUP) is previous


def test_poll_interval_from_the_environment() -> None:
    assert poll_interval({}) == 2.0
    assert poll_interval({"BOT_RELOAD_SECONDS": "0"}) == 0.0
    with pytest.raises(ValueError, match="BOT_RELOAD_SECONDS"):
        poll_interval({"BOT_RELOAD_SECONDS": "soon"})


def test_chat_picks_up_a_changed_fact_file(minimal_facts: Path) -> None:
    """`python -m bot chat` keeps running while the file changes; the next question sees the new version."""
    import json
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT), "BOT_RELOAD_SECONDS": "0.05"}
    env.pop("BOT_FACTS", None)
    with subprocess.Popen([sys.executable, "-m", "bot", "--facts", str(minimal_facts), "chat", "--json"],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT) as chat:
        assert chat.stdin is not None and chat.stdout is not None

        def ask() -> str:
            assert chat.stdin is not None and chat.stdout is not None
            chat.stdin.write(QUESTION + "\n")
            chat.stdin.flush()
            return str(json.loads(chat.stdout.readline())["text"])

        assert ask().startswith("It is 9.04")
        rewrite(minimal_facts, NEW_FACTS)
        deadline = time.monotonic() + 10
        while not (text := ask()).startswith("It is 9.99") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert text.startswith("It is 9.99")
        rewrite(minimal_facts, BAD_FACTS)
        time.sleep(0.3)
        assert ask().startswith("It is 9.99")
        chat.stdin.close()
        assert chat.wait(10) == 0


# --- issue 11: D1 --------------------------------------------------------------------------------


def _truncated_real_facts() -> str:
    """The real fact base cut off at the first line where it still validates (as a file truncated in place
    can: the issue's reproduction cut it at 16 KiB, inside its first fact)."""
    from tests.conftest import FACTS

    text = FACTS.read_text(encoding="utf-8")
    end = text.index("\nfacts:\n")
    while True:
        end = text.index("\n", end + 1)
        try:
            parse_fact_base(text[:end + 1], "cut.yaml")
        except FactBaseError:
            continue
        return text[:end + 1]


def test_a_truncated_fact_file_never_goes_live(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """D1: a file cut short that still validates (here: 1 fact of 37) is refused, logged and shown in the
    state (/healthz); the last good version keeps answering; SIGHUP (a requested reload) loads it anyway."""
    from tests.conftest import FACTS

    path = tmp_path / "facts.yaml"
    path.write_text(FACTS.read_text(encoding="utf-8"), encoding="utf-8")
    holder = ServiceHolder(path)
    good, facts = holder.get(), holder.state.facts
    assert facts > 30
    cut = _truncated_real_facts()
    kept = len(parse_fact_base(cut, "cut.yaml").facts)
    assert kept < facts / 2
    rewrite(path, cut)
    with caplog.at_level(logging.ERROR, logger="bot.reload"):
        result = holder.reload()
    assert result.outcome == "shrunk" and holder.get() is good
    assert "9.04" in holder.get().ask("how big is the FY2026 defence budget?").text
    error = holder.state.last_error or ""
    assert f"has {kept} facts, down from {facts}" in error and "SIGHUP" in error
    assert any("down from" in r.getMessage() for r in caplog.records)
    public = holder.state.to_json(paths=False)
    assert "path" not in public and str(tmp_path) not in str(public) and "facts.yaml" in str(public["last_error"])
    watcher = FactWatcher(holder, interval=0).start()
    try:
        watcher.request()
        deadline = time.monotonic() + 5
        while holder.state.facts != kept and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        watcher.stop()
    assert holder.state.facts == kept and holder.state.last_error is None


def test_a_file_changing_while_it_is_read_is_read_again(minimal_facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """D1: the bytes validated are the bytes hashed, and a file still being written is not loaded."""
    holder = ServiceHolder(minimal_facts)
    real_read = Path.read_bytes
    calls = []

    def read_while_written(self: Path) -> bytes:
        data = real_read(self)
        if not calls:  # the writer appends more while the first read is under way
            calls.append(1)
            with open(self, "a", encoding="utf-8") as more:
                more.write("  - what is the uk defence budget\n")
        return data

    rewrite(minimal_facts, NEW_FACTS)
    monkeypatch.setattr(Path, "read_bytes", read_while_written)
    assert holder.reload().outcome == "changing"
    assert answer_text(holder).startswith("It is 9.04") and holder.changed()
    result = holder.reload()
    assert result.outcome == "reloaded" and answer_text(holder).startswith("It is 9.99")
    assert holder.get().fact_base.out_of_scope[-1] == "what is the uk defence budget"


def test_healthz_state_names_an_unreadable_file_without_its_directory(minimal_facts: Path) -> None:
    holder = ServiceHolder(str(minimal_facts.resolve()))
    minimal_facts.unlink()
    assert holder.reload().outcome == "invalid"
    assert str(minimal_facts.parent) in (holder.state.last_error or "")  # `status` and the log say where
    public = holder.state.to_json(paths=False)
    assert str(minimal_facts.parent) not in str(public) and str(public["last_error"]).startswith("facts.yaml:")


# --- what operators see: state, messages, limits (the mutation-test survivors) -------------------


def with_facts(count: int) -> str:
    """The minimal fact file with `count` facts: its budget fact and `count - 1` others."""
    extra = "".join(f"""  - id: extra-{i}
    topic: budget
    title: Extra fact {i}
    answer: Extra answer {i}.
    sources: [src-a]
    as_of: "2025-12-26"
    questions: [what is extra thing {i}, tell me extra thing {i}, extra thing {i} please]
""" for i in range(count - 1))
    return MINIMAL_FACTS.replace("countries:\n", extra + "countries:\n", 1)


def replace_file(path: Path, text: str) -> None:
    """A new version in one step (as a deploy's rename does), its mtime a second on."""
    new = path.with_suffix(".new")
    new.write_text(text, encoding="utf-8")
    later = path.stat().st_mtime_ns + 1_000_000_000
    os.utime(new, ns=(later, later))
    os.replace(new, path)


def test_the_state_as_json_for_status_and_healthz() -> None:
    state = LoadState(path="/srv/bot/knowledge/facts.yaml", version="0123456789ab", facts=37,
                      loaded_at=1795802400.0, load_seconds=0.06789, reloads=2, last_error=None)
    assert state.to_json() == {"path": "/srv/bot/knowledge/facts.yaml", "version": "0123456789ab", "facts": 37,
                               "loaded_at": "2026-11-27T18:00:00Z", "load_ms": 67.9, "reloads": 2,
                               "last_error": None}
    public = state.to_json(paths=False)
    assert "path" not in public and public["version"] == "0123456789ab" and public["last_error"] is None
    failed = dataclasses.replace(state, last_error="/srv/bot/knowledge/facts.yaml:3:1: sources[0].file: "
                                                   "/srv/bot/knowledge/news.md is not there")
    assert failed.to_json()["last_error"] == failed.last_error  # `status` says where, in full
    assert failed.to_json(paths=False)["last_error"] == "facts.yaml:3:1: sources[0].file: news.md is not there"


def test_a_fact_file_that_cannot_be_read_at_start_is_one_located_line(tmp_path: Path) -> None:
    missing = tmp_path / "facts.yaml"
    with pytest.raises(FactBaseError) as caught:
        ServiceHolder(missing)
    assert str(caught.value) == f"{missing}:0:0: cannot read the fact base: No such file or directory"


def test_a_new_holder_has_looked_at_its_file_and_timed_its_load(minimal_facts: Path) -> None:
    before = time.time()
    holder = ServiceHolder(minimal_facts)
    assert not holder.changed()
    assert before <= holder.state.loaded_at <= time.time() and 0 < holder.state.load_seconds < 5


def test_an_unreadable_file_is_logged_once_and_not_read_again_until_it_changes(
        minimal_facts: Path, caplog: pytest.LogCaptureFixture) -> None:
    holder = ServiceHolder(minimal_facts)
    version = holder.state.version
    minimal_facts.unlink()
    minimal_facts.mkdir()  # a deploy that left a directory where the file was
    with caplog.at_level(logging.ERROR, logger="bot.reload"):
        result = holder.reload()
        assert holder.reload(force=True).outcome == "invalid"
    assert result.outcome == "invalid" and result.version == version
    assert str(result.error) == f"{minimal_facts}:0:0: cannot read the fact base: Is a directory"
    assert [r.getMessage() for r in caplog.records] == [
        f"fact base not reloaded, still answering from version {version}: {result.error}"]
    assert not holder.changed()  # the next poll does not read it again


def test_going_back_to_the_good_version_clears_the_error(minimal_facts: Path) -> None:
    holder = ServiceHolder(minimal_facts)
    version = holder.state.version
    rewrite(minimal_facts, BAD_FACTS)
    failed = holder.reload()
    assert failed.outcome == "invalid" and failed.version == version and holder.state.last_error is not None
    rewrite(minimal_facts, MINIMAL_FACTS)
    assert holder.reload() == ReloadResult("unchanged", version)
    assert holder.state.last_error is None and holder.state.reloads == 0


def test_a_read_shorter_than_the_file_is_read_again(minimal_facts: Path, monkeypatch: pytest.MonkeyPatch,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    holder = ServiceHolder(minimal_facts)
    version = holder.state.version
    rewrite(minimal_facts, NEW_FACTS)
    real_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: real_read(self)[:200])  # the same mtime, part of it
    with caplog.at_level(logging.INFO, logger="bot.reload"):
        assert holder.reload() == ReloadResult("changing", version)
    assert [r.getMessage() for r in caplog.records] == ["fact base is changing while being read; will look again"]
    monkeypatch.undo()
    assert holder.changed() and holder.reload().outcome == "reloaded"


def test_half_the_facts_is_loaded_and_fewer_is_refused_with_the_counts(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(with_facts(4), encoding="utf-8")
    holder = ServiceHolder(path)
    first = holder.state.version
    rewrite(path, with_facts(1))
    refused = holder.reload()
    assert refused.outcome == "shrunk" and refused.version == first
    cut = hashlib.sha256(with_facts(1).encode()).hexdigest()[:12]
    assert str(refused.error) == (
        f"{holder.state.path}:0:0: version {cut} has 1 facts, down from 4: more than half are gone, so it may be "
        "half-written; not loaded (send SIGHUP to load it anyway)")
    rewrite(path, with_facts(2))
    caplog.clear()  # the refusal's own log line is checked elsewhere
    with caplog.at_level(logging.INFO, logger="bot.reload"):
        assert holder.reload().outcome == "reloaded"  # half of them: loaded
    state = holder.state
    assert state.facts == 2 and [r.getMessage() for r in caplog.records] == [
        f"fact base reloaded: version {first} -> {state.version}, 2 facts, {state.load_seconds * 1000:.0f} ms"]


def test_loading_leaves_the_collector_as_it_was_and_freezes_only_a_version_that_loaded(
        minimal_facts: Path) -> None:
    holder = ServiceHolder(minimal_facts)
    frozen = gc.get_freeze_count()
    rewrite(minimal_facts, BAD_FACTS)
    assert holder.reload().outcome == "invalid"
    assert gc.isenabled() and gc.get_freeze_count() <= frozen  # a failed load's objects stay collectable
    rewrite(minimal_facts, NEW_FACTS)
    assert holder.reload().outcome == "reloaded"
    assert gc.isenabled() and gc.get_freeze_count() > frozen
    gc.disable()
    try:
        rewrite(minimal_facts, MINIMAL_FACTS)
        assert holder.reload().outcome == "reloaded" and not gc.isenabled()  # off stays off
    finally:
        gc.enable()


class Recorded(ServiceHolder):
    """A holder that hands each reload's outcome (on the watcher's thread) to the test waiting for it."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.outcomes: queue.Queue[str] = queue.Queue()

    def reload(self, *, force: bool = False, confirmed: bool = False) -> ReloadResult:
        result = super().reload(force=force, confirmed=confirmed)
        self.outcomes.put(result.outcome)
        return result

    def next_outcome(self) -> str:
        return self.outcomes.get(timeout=5)


def test_a_polled_shrink_is_refused_before_and_after_a_requested_one(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(with_facts(4), encoding="utf-8")
    holder = Recorded(path)
    with watching(holder, interval=0.01, sighup=False) as watcher:
        replace_file(path, with_facts(1))
        assert holder.next_outcome() == "shrunk"  # found by polling: refused
        watcher.request()
        assert holder.next_outcome() == "reloaded" and holder.state.facts == 1  # the operator's word
        replace_file(path, with_facts(4))
        assert holder.next_outcome() == "reloaded"
        replace_file(path, with_facts(1))
        assert holder.next_outcome() == "shrunk"  # a request is for one reload only


def test_a_requested_reload_of_a_file_being_written_is_retried_as_requested(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reload_module, "CHANGING_RETRY_SECONDS", 0.01)
    path = tmp_path / "facts.yaml"
    path.write_text(with_facts(4), encoding="utf-8")
    holder = Recorded(path)
    looked: list[bool] = []
    monkeypatch.setattr(holder, "changed", lambda: looked.append(True) or False)
    replace_file(path, with_facts(1))
    real_read = Path.read_bytes
    reads: list[int] = []

    def first_read_is_cut_short(self: Path) -> bytes:
        reads.append(1)
        return real_read(self)[:100] if len(reads) == 1 else real_read(self)

    monkeypatch.setattr(Path, "read_bytes", first_read_is_cut_short)
    with watching(holder, interval=0, sighup=False) as watcher:
        watcher.request()
        assert holder.next_outcome() == "changing"
        assert holder.next_outcome() == "reloaded" and holder.state.facts == 1  # retried, still as requested
    assert looked == []  # no polling: the file's stamp is never looked at


def test_the_watcher_survives_an_unexpected_failure(minimal_facts: Path, monkeypatch: pytest.MonkeyPatch,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    holder = Recorded(minimal_facts)
    real_reload = holder.reload
    calls: list[int] = []

    def fails_once(*, force: bool = False, confirmed: bool = False) -> ReloadResult:
        calls.append(1)
        if len(calls) == 1:
            holder.outcomes.put("raised")
            raise OSError("disk gone")
        return real_reload(force=force, confirmed=confirmed)

    monkeypatch.setattr(holder, "reload", fails_once)
    with caplog.at_level(logging.ERROR, logger="bot.reload"), \
            watching(holder, interval=0, sighup=False) as watcher:
        watcher.request()
        assert holder.next_outcome() == "raised"
        rewrite(minimal_facts, NEW_FACTS)
        watcher.request()
        assert holder.next_outcome() == "reloaded"
    [record] = caplog.records
    assert record.getMessage() == "fact base reload failed unexpectedly" and record.exc_info is not None


def test_the_watcher_is_a_named_daemon_thread(minimal_facts: Path) -> None:
    with watching(ServiceHolder(minimal_facts), interval=0, sighup=False):
        watchers = [t for t in threading.enumerate() if t.name == "fact-watcher"]
        assert watchers and all(t.daemon for t in watchers)  # it never keeps the process from exiting


def test_poll_interval_limits_and_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_RELOAD_SECONDS", "0.5")
    assert poll_interval() == 0.5
    assert poll_interval({"BOT_RELOAD_SECONDS": "86400"}) == 86400.0  # a day is the longest
    for bad in ("-1", "86401", "inf", "nan", "1" + "0" * 59):
        with pytest.raises(ValueError) as caught:
            poll_interval({"BOT_RELOAD_SECONDS": bad})
        assert str(caught.value) == \
            f"BOT_RELOAD_SECONDS must be from 0 (no polling) to 86400 seconds, not {bad[:40]!r}"
    junk = "soon" * 20
    with pytest.raises(ValueError) as caught:
        poll_interval({"BOT_RELOAD_SECONDS": junk})
    assert str(caught.value) == f"BOT_RELOAD_SECONDS must be a number of seconds, not {junk[:40]!r}"
