"""Live fact updates: validate a changed fact file completely, then swap the service in one step.

`ServiceHolder.get()` returns the current `AnswerService`; adapters call it once per question.
`ServiceHolder.reload()` reads the file, validates it, builds the new service (matcher index
included) and only then replaces the one reference `get()` reads, so a question sees either the
old service or the new one, never a half-built index. A file that fails validation leaves the last
good service in place and is logged as `file:line:col: field: message`.

A half-written or sharply shrunken file never goes live: the file is read once (its version hash and
what is validated are the same bytes), a file whose mtime or size changes while it is read is left
for the next poll, and a version with less than half the facts of the one answering now is refused
("shrunk") and reported in the log and `/healthz`, until a reload is requested (SIGHUP), which
takes the operator's word for it.

`FactWatcher` is a daemon thread that polls the file's mtime and size (then its hash, so a touch
is not a reload) and reloads on a change or when `request()` is called (wired to SIGHUP).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import logging
import math
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot.answers import AnswerService
from bot.knowledge import FactBaseError, load_fact_bytes
from bot.models import FactBase

__all__ = ["DEFAULT_POLL_SECONDS", "FactWatcher", "LoadState", "ReloadResult", "ServiceHolder", "watching"]

log = logging.getLogger(__name__)

DEFAULT_POLL_SECONDS = 2.0
"""How often the watcher looks at the fact file; `BOT_RELOAD_SECONDS` overrides it, 0 turns polling off."""
MAX_POLL_SECONDS = 86_400.0
"""The longest poll interval accepted (a day); a longer wait overflows `threading.Event.wait`."""

CHANGING_RETRY_SECONDS = 0.2
"""How soon to read again a file that changed while it was being read."""
SHRINK_LIMIT = 0.5
"""A new version keeping less than this share of the current facts is refused unless the reload is confirmed."""

_DIRECTORIES = re.compile(r"(?<![\w.:/])(?:[A-Za-z]:)?[\\/]?(?:[^\s:/\\'\"]+[\\/])+(?=[^\s/\\]+)")
"""The directory part of a file path in a message (`/srv/bot/knowledge/` of `/srv/bot/knowledge/facts.yaml`)."""

ReloadOutcome = Literal["reloaded", "unchanged", "invalid", "shrunk", "changing"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadState:
    """What is loaded now: for `status`, `/healthz` and the logs."""

    path: str
    version: str
    facts: int
    loaded_at: float
    """Wall-clock time (time.time()) the current service was swapped in."""
    load_seconds: float
    """How long reading, validating and indexing the current version took."""
    reloads: int
    last_error: str | None
    """The latest reload failure since the last good load, if any."""

    def to_json(self, *, paths: bool = True) -> dict[str, object]:
        """The state as JSON values; `paths=False` (for `/healthz`, which anyone may read) leaves out where
        the file is, naming it in the last error by its file name only."""
        error = self.last_error
        if not paths and error is not None:
            error = _DIRECTORIES.sub("", error.replace(self.path, Path(self.path).name))
        return {
            **({"path": self.path} if paths else {}),
            "version": self.version,
            "facts": self.facts,
            "loaded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.loaded_at)),
            "load_ms": round(self.load_seconds * 1000, 1),
            "reloads": self.reloads,
            "last_error": error,
        }


@dataclass(frozen=True, slots=True)
class ReloadResult:
    outcome: ReloadOutcome
    version: str
    error: FactBaseError | None = None


@dataclass(frozen=True, slots=True)
class _Snapshot:
    """The service and the state describing it, swapped together as one reference."""

    service: AnswerService
    state: LoadState


class ServiceHolder:
    """Holds the current AnswerService and swaps it atomically when the fact file changes.

    Args:
        path: The fact file.
        build: Makes the service from a validated fact base (default: `AnswerService`).

    Raises:
        FactBaseError: The first load failed (there is no last good version to fall back on).
    """

    def __init__(self, path: str | os.PathLike[str], *,
                 build: Callable[[FactBase], AnswerService] = AnswerService) -> None:
        self.path = Path(path)
        self._build = build
        self._lock = threading.Lock()  # one reload at a time; get() never takes it
        self._stamp = _stamp(self.path)
        self._failed_version: str | None = None
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            raise FactBaseError(str(self.path), 0, 0, "", f"cannot read the fact base: {exc.strerror}") from None
        self._snapshot = self._load(raw, reloads=0, last_error=None)

    def get(self) -> AnswerService:
        """The current service. One attribute read: safe from any thread, never blocks."""
        return self._snapshot.service

    @property
    def state(self) -> LoadState:
        return self._snapshot.state

    def changed(self) -> bool:
        """True when the file's mtime or size differs from the last look (cheap: one stat)."""
        return _stamp(self.path) != self._stamp

    def reload(self, *, force: bool = False, confirmed: bool = False) -> ReloadResult:
        """Load the file again if its content changed (or `force`), validate it, build, then swap.

        Never raises for a bad file: the last good service stays and the error is logged once per
        distinct bad version. A file that changes while it is read is left for the next call
        ("changing"); a version keeping less than half the facts is refused ("shrunk") unless `confirmed`.
        """
        with self._lock:
            before = _stamp(self.path)
            current = self._snapshot
            try:
                raw = self.path.read_bytes()
            except OSError as exc:
                self._stamp = before
                return self._failed("unreadable", FactBaseError(str(self.path), 0, 0, "",
                                                                f"cannot read the fact base: {exc.strerror}"))
            after = _stamp(self.path)
            if after != before or (after is not None and after[1] != len(raw)):
                # being written right now: what was read may be half of it. Leave the stamp stale, so the
                # next poll looks again.
                log.info("fact base is changing while being read; will look again")
                return ReloadResult("changing", current.state.version)
            self._stamp = after
            version = hashlib.sha256(raw).hexdigest()[:12]
            if version == current.state.version and not force:
                if current.state.last_error is not None:  # back to the good version: the error is moot
                    self._replace_state(current, last_error=None)
                    self._failed_version = None
                return ReloadResult("unchanged", version)
            try:
                snapshot = self._load(raw, reloads=current.state.reloads + 1, last_error=None)
            except FactBaseError as exc:
                return self._failed(version, exc)
            if snapshot.state.facts < current.state.facts * SHRINK_LIMIT and not confirmed:
                return self._failed(version, FactBaseError(
                    snapshot.state.path, 0, 0, "",
                    f"version {version} has {snapshot.state.facts} facts, down from {current.state.facts}: "
                    "more than half are gone, so it may be half-written; not loaded (send SIGHUP to load it "
                    "anyway)"), outcome="shrunk")
            self._snapshot = snapshot  # the swap: one reference assignment
            self._failed_version = None
            state = snapshot.state
            log.info("fact base reloaded: version %s -> %s, %d facts, %.0f ms", current.state.version,
                     state.version, state.facts, state.load_seconds * 1000)
            return ReloadResult("reloaded", state.version)

    def _load(self, raw: bytes, *, reloads: int, last_error: str | None) -> _Snapshot:
        started = time.perf_counter()
        collecting = gc.isenabled()
        # Loading makes a million objects at 10k facts: with the cyclic collector on, its full passes over
        # the whole heap hold the GIL for up to half a second, stalling answers on other threads. Off while
        # loading, then the loaded (long-lived, acyclic) objects are frozen out of future passes. The price:
        # cyclic garbage that happens to be alive at that moment (a request in flight) is never collected;
        # bench/reload.py shows memory flat over repeated reloads.
        gc.disable()
        loaded = False
        try:
            base = load_fact_bytes(raw, self.path)
            service = self._build(base)
            loaded = True
        finally:
            if collecting:
                if loaded:
                    gc.freeze()
                gc.enable()
        elapsed = time.perf_counter() - started
        state = LoadState(path=base.path, version=base.version, facts=len(base.facts), loaded_at=time.time(),
                          load_seconds=elapsed, reloads=reloads, last_error=last_error)
        return _Snapshot(service, state)

    def _failed(self, version: str, error: FactBaseError, *,
                outcome: Literal["invalid", "shrunk"] = "invalid") -> ReloadResult:
        current = self._snapshot
        if version != self._failed_version:
            log.error("fact base not reloaded, still answering from version %s: %s", current.state.version, error)
            self._failed_version = version
        self._replace_state(current, last_error=str(error))
        return ReloadResult(outcome, current.state.version, error)

    def _replace_state(self, current: _Snapshot, *, last_error: str | None) -> None:
        self._snapshot = _Snapshot(current.service, dataclasses.replace(current.state, last_error=last_error))


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


class FactWatcher:
    """A daemon thread that reloads the holder when its file changes or a reload is requested.

    Args:
        holder: What to reload.
        interval: Seconds between polls of the file's mtime and size; 0 polls never (SIGHUP only).
    """

    def __init__(self, holder: ServiceHolder, *, interval: float = DEFAULT_POLL_SECONDS) -> None:
        self.holder = holder
        self.interval = interval
        self._wake = threading.Event()
        self._requested = False
        """A reload was asked for (SIGHUP): it may shrink the fact base (the operator's word)."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fact-watcher", daemon=True)

    def start(self) -> FactWatcher:
        self._thread.start()
        return self

    def request(self) -> None:
        """Reload now if the content changed, whatever the mtime says (what SIGHUP does).

        Safe to call from a signal handler. A version with less than half the facts, refused when polling
        found it, is loaded: the operator has asked for it.
        """
        self._requested = True
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            woken = self._wake.wait(self.interval if self.interval > 0 else None)
            if self._stop.is_set():
                return
            self._wake.clear()
            requested, self._requested = self._requested, False
            try:
                if (woken or self.holder.changed()) and \
                        self.holder.reload(confirmed=requested).outcome == "changing":
                    # being written: look again shortly, even with polling off, keeping the request
                    self._requested = self._requested or requested
                    if not self._stop.wait(CHANGING_RETRY_SECONDS):
                        self._wake.set()
            except Exception:  # never let the watcher die: the bot keeps answering from the last good version
                log.exception("fact base reload failed unexpectedly")


def poll_interval(env: dict[str, str] | None = None) -> float:
    """`BOT_RELOAD_SECONDS` (default 2; 0 = no polling, SIGHUP still reloads)."""
    raw = (os.environ if env is None else env).get("BOT_RELOAD_SECONDS", "").strip()
    if not raw:
        return DEFAULT_POLL_SECONDS
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"BOT_RELOAD_SECONDS must be a number of seconds, not {raw[:40]!r}") from None
    if not math.isfinite(value) or not 0 <= value <= MAX_POLL_SECONDS:
        # inf made the watcher's wait raise (polling and SIGHUP stopped); nan silently turned polling off
        raise ValueError(f"BOT_RELOAD_SECONDS must be from 0 (no polling) to {MAX_POLL_SECONDS:.0f} seconds, "
                         f"not {raw[:40]!r}")
    return value


@contextlib.contextmanager
def watching(holder: ServiceHolder, *, interval: float = DEFAULT_POLL_SECONDS,
             sighup: bool = True) -> Iterator[FactWatcher]:
    """Run a FactWatcher for the duration of the block; SIGHUP requests a reload (main thread only)."""
    watcher = FactWatcher(holder, interval=interval).start()
    previous: object = None
    installed = False
    if sighup and hasattr(signal, "SIGHUP") and threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGHUP, lambda _sig, _frame: watcher.request())
        installed = True
    try:
        yield watcher
    finally:
        if installed:
            signal.signal(signal.SIGHUP, previous)  # type: ignore[arg-type]
        watcher.stop()
