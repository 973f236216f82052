"""The gap log: what people asked that the bot could not answer, in an embedded SQLite database.

Every decline, clarify and low-confidence answer (not help, greetings or the polite replies to
empty or over-long messages) is recorded: time, platform, the question (case-folded words), the outcome,
the matcher's top candidate and its score. No user ids or names: with `BOT_GAP_SALT` set (a secret, never
logged), a salted hash of the asker's id is stored too, so `gaps` can count distinct askers without
knowing who they are. Adapters name the asker with `asked_by(user_id)` around a question.

`BOT_GAP_LOG` is the database's path (default `gaps.sqlite3` in the working directory for `chat`,
`slack` and `discord`; `ask` records only when it is set), a `postgresql://` URL (one gap log for several
bot processes: the table is created when the bot starts, and `gaps` and `status` read it), or `off`. While
PostgreSQL cannot be reached, gaps go to `gaps.sqlite3` in the working directory (one warning; `/healthz`
shows `"failing": true` and the fallback file) and PostgreSQL is tried again every `PG_RETRY_SECONDS`. Rows older than
`BOT_GAP_RETENTION_DAYS` (default 90; `off` keeps them) are deleted by the writer. Anything shaped like a
secret (Slack and Discord tokens, long hex or base64 strings) is replaced by `[secret]` before a question
is stored, so a pasted token never reaches the file.

Writes never delay an answer: `GapLog.record` puts the answer on a bounded queue and returns;
one writer thread normalises the question, finds the top candidate and inserts in batches. A
database that is corrupt, locked or unwritable is reported once (then again only after it has
worked in between), and answering goes on. `close()` writes what is queued, then stops.

`gap_report` groups similar questions with rapidfuzz for `python -m bot gaps`: each distinct phrasing is
compared with the groups sharing the most word stems with it, in one rapidfuzz call, so 10,000 distinct
questions take about a second (`bench/gaps.py`).
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import hmac
import itertools
import logging
import math
import os
import queue
import re
import sqlite3
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import numpy as np
from rapidfuzz import fuzz, process

from bot.answers import AnswerService
from bot.models import Answer

__all__ = [
    "DEFAULT_PATH",
    "DEFAULT_RETENTION_DAYS",
    "LOW_CONFIDENCE",
    "GapCluster",
    "GapLog",
    "GapReadError",
    "GapTarget",
    "PostgresURL",
    "asked_by",
    "asker_hash",
    "gap_path",
    "gap_report",
    "gap_salt",
    "is_gap",
    "mask_secrets",
    "parse_since",
    "read_gaps",
    "render_report",
    "retention_days",
    "summary",
]

log = logging.getLogger(__name__)

DEFAULT_PATH = "gaps.sqlite3"
LOW_CONFIDENCE = 0.6
"""An answer below this confidence is recorded as a gap too."""
QUEUE_LIMIT = 10_000
"""Records waiting to be written; beyond it new ones are dropped (and that is reported once)."""
BATCH_LIMIT = 500
CLUSTER_SCORE = 70.0
"""rapidfuzz token_set_ratio (0-100) at which two gap questions are grouped together."""
DEFAULT_RETENTION_DAYS = 90.0
"""How long gaps are kept unless `BOT_GAP_RETENTION_DAYS` says otherwise."""
MAX_RETENTION_DAYS = 36_500.0
PRUNE_EVERY_SECONDS = 3_600.0
"""How often the writer deletes rows past the retention period (and once when it first opens the file)."""
MAX_SINCE_SECONDS = 100 * 365 * 86_400
"""The longest `--since` period accepted (a century); a longer one overflowed the cutoff arithmetic."""
SECRET = "[secret]"
_SECRET_SHAPES = re.compile(
    r"xox[a-z]-[A-Za-z0-9-]{6,}"  # Slack bot/user tokens
    r"|xapp-[A-Za-z0-9-]{6,}"  # Slack app-level tokens
    r"|[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}"  # Discord bot tokens
    r"|(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_=-]{24,}"  # candidates for long hex or base64 secrets, checked below
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS gaps (
    id INTEGER PRIMARY KEY,
    time REAL NOT NULL,
    platform TEXT NOT NULL,
    question TEXT NOT NULL,
    outcome TEXT NOT NULL,
    confidence REAL NOT NULL,
    top_fact TEXT,
    top_score REAL,
    asker TEXT
);
CREATE INDEX IF NOT EXISTS gaps_time ON gaps (time);
"""


_PG_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS gaps (id BIGSERIAL PRIMARY KEY, time DOUBLE PRECISION NOT NULL, "
    "platform TEXT NOT NULL, question TEXT NOT NULL, outcome TEXT NOT NULL, confidence DOUBLE PRECISION NOT NULL, "
    "top_fact TEXT, top_score DOUBLE PRECISION, asker TEXT)",
    "CREATE INDEX IF NOT EXISTS gaps_time ON gaps (time)",
)
PG_CONNECT_SECONDS = 3
PG_RETRY_SECONDS = 30.0
"""After PostgreSQL fails, gaps go to the local fallback file for this long before it is tried again."""


@dataclass(frozen=True, slots=True)
class PostgresURL:
    """A gap log in PostgreSQL (`BOT_GAP_LOG=postgresql://user:password@host/db`)."""

    url: str = field(repr=False)

    @property
    def safe(self) -> str:
        """The URL without its password, for logs, `status` and /healthz."""
        parts = urlsplit(self.url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        user = f"{parts.username}@" if parts.username else ""
        return f"{parts.scheme}://{user}{host}{port}{parts.path}"

    def __str__(self) -> str:
        return self.safe


GapTarget = Path | PostgresURL
"""Where a gap log is: an SQLite file or a PostgreSQL database."""


def is_postgres_url(value: str) -> bool:
    return value.startswith(("postgresql://", "postgres://"))


_ASKER: contextvars.ContextVar[str | None] = contextvars.ContextVar("gap_log_asker", default=None)


@contextlib.contextmanager
def asked_by(user_id: object) -> Iterator[None]:
    """Within this block (and threads started from it with asyncio.to_thread), questions are `user_id`'s."""
    token = _ASKER.set(str(user_id) if user_id else None)
    try:
        yield
    finally:
        _ASKER.reset(token)


def gap_salt(env: Mapping[str, str] | None = None) -> bytes | None:
    """`BOT_GAP_SALT` as bytes, or None (then no asker is recorded)."""
    value = (os.environ if env is None else env).get("BOT_GAP_SALT", "")
    return value.encode() if value.strip() else None


def asker_hash(user_id: str, salt: bytes) -> str:
    """A keyed hash of a user id: the same asker gives the same value; without the salt it reveals nothing."""
    return hmac.new(salt, user_id.encode(), hashlib.sha256).hexdigest()[:16]


def gap_path(env: Mapping[str, str] | None = None, *, default: bool) -> GapTarget | None:
    """Where to record gaps: `BOT_GAP_LOG` (a path or a postgresql:// URL), else `gaps.sqlite3` when `default`,
    else nowhere; `off` is nowhere."""
    value = (os.environ if env is None else env).get("BOT_GAP_LOG", "").strip()
    if value.lower() in {"off", "0", "no", "false", "none"}:
        return None
    if is_postgres_url(value):
        return PostgresURL(value)
    if value:
        return Path(value)
    return Path(DEFAULT_PATH) if default else None


def retention_days(env: Mapping[str, str] | None = None) -> float | None:
    """`BOT_GAP_RETENTION_DAYS`: days to keep gaps (default 90), or None for `off` (keep them all).

    Raises:
        ValueError: Not a positive number of days (one line naming the variable).
    """
    raw = (os.environ if env is None else env).get("BOT_GAP_RETENTION_DAYS", "").strip()
    if not raw:
        return DEFAULT_RETENTION_DAYS
    if raw.lower() in {"off", "never", "forever"}:
        return None
    try:
        days = float(raw)
    except ValueError:
        days = math.nan
    if not math.isfinite(days) or not 0 < days <= MAX_RETENTION_DAYS:
        raise ValueError(f"BOT_GAP_RETENTION_DAYS must be a number of days from 1 to {MAX_RETENTION_DAYS:.0f}, "
                         f"or off, not {raw[:40]!r}")
    return days


def mask_secrets(text: str) -> str:
    """`text` with Slack and Discord tokens and long hex or base64 strings (API keys) replaced by `[secret]`.

    A run of 24 or more letters, digits and `+/_=-` counts as a secret when it mixes letters and digits,
    so a long ordinary word or a number alone is kept.
    """

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        if found.startswith(("xox", "xapp-")) or found.count(".") == 2:
            return SECRET
        has_digit = any(c.isdigit() for c in found)
        has_letter = any(c.isalpha() for c in found)
        return SECRET if has_digit and has_letter else found

    return _SECRET_SHAPES.sub(replace, text)


def is_gap(answer: Answer) -> bool:
    """A decline or clarify from the matcher, a low-confidence answer, or one that lacks a detail asked for.
    Help, greetings, thanks, the source list and the replies to empty or over-long input have confidence 1.0
    and are not gaps."""
    if answer.outcome == "answer":
        return answer.confidence < LOW_CONFIDENCE or bool(answer.missing)
    return answer.confidence < 1.0


@dataclass(frozen=True, slots=True)
class _Pending:
    time: float
    platform: str
    question: str
    outcome: str
    confidence: float
    top_fact: str | None
    top_score: float | None
    asker: str | None


class GapLog:
    """Records gaps from any thread without blocking; one writer thread owns the database connection.

    Args:
        path: The SQLite file (created with its table on first write).
        platform: Recorded with each gap ("slack", "discord", "console", "ask").
        salt: With it, a salted hash of the asker named by `asked_by` is recorded (default: `BOT_GAP_SALT`).
        retention: Days to keep gaps, None for ever (default: `BOT_GAP_RETENTION_DAYS`, else 90).
    """

    def __init__(self, path: str | os.PathLike[str] | PostgresURL, *, platform: str, salt: bytes | None = None,
                 retention: float | Literal["env"] | None = "env") -> None:
        self.path: GapTarget = path if isinstance(path, PostgresURL) else Path(path)
        self.platform = platform
        self._salt = salt if salt is not None else gap_salt()
        self.retention_days = retention_days() if retention == "env" else retention
        """Days gaps are kept, or None to keep them all (default: `BOT_GAP_RETENTION_DAYS`)."""
        self._sink: _Sink = _PostgresSink(self.path) if isinstance(self.path, PostgresURL) else _SqliteSink(self.path)
        self._fallback: _SqliteSink | None = None
        """Where gaps go while PostgreSQL cannot be reached (until `_fallback_until`, then it is tried again)."""
        self._fallback_until = 0.0
        self._pruned_at: float | None = None
        self._queue: queue.Queue[_Pending | None] = queue.Queue(QUEUE_LIMIT)
        self._reported: set[str] = set()
        self.written = 0
        self.dropped = 0
        self._thread = threading.Thread(target=self._run, name="gap-log", daemon=True)
        self._thread.start()

    # --- the answering side: never blocks, never raises ---

    def __call__(self, service: AnswerService, answer: Answer, seconds: float) -> None:
        """As an `ObservedService` observer: record the answer if it is a gap."""
        self.record(answer)

    def record(self, answer: Answer) -> None:
        """Queue a gap for writing, with the top candidate the answer was matched against."""
        if not is_gap(answer):
            return
        question = answer.question  # the words typed, not a follow-up's rewrite (`asked`)
        user = _ASKER.get()
        asker = asker_hash(user, self._salt) if user and self._salt else None
        nearest = answer.nearest
        item = _Pending(time.time(), self.platform, question, answer.outcome, answer.confidence,
                        nearest.fact_id if nearest else None, round(nearest.score, 4) if nearest else None, asker)
        try:
            self._queue.put_nowait(item)
        except queue.Full:
            self.dropped += 1
            self._report_once("full", "gap log: %d records waiting to be written; dropping new ones", QUEUE_LIMIT)

    def state(self, *, paths: bool = True) -> dict[str, object]:
        """Where (unless `paths=False`, as for /healthz), how many written and dropped, and whether the
        database is failing now."""
        where: dict[str, object] = {}
        if isinstance(self.path, PostgresURL):
            where = {"backend": "postgresql", "url": self.path.safe}
            if "db" in self._reported:
                where["fallback"] = DEFAULT_PATH
        elif paths:
            where = {"path": str(self.path)}
        return {**where, "written": self.written, "dropped": self.dropped,
                "failing": "db" in self._reported, "retention_days": self.retention_days}

    def close(self, timeout: float = 5.0) -> None:
        """Write what is queued (up to `timeout` seconds), then stop the writer."""
        try:
            self._queue.put(None, timeout=timeout)
        except queue.Full:
            return
        self._thread.join(timeout)

    def __enter__(self) -> GapLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the writer thread ---

    def _run(self) -> None:
        stopping = False
        if isinstance(self._sink, _PostgresSink):  # the schema is created at start, and a failure reported now
            self._write([])
        while not stopping:
            batch: list[_Pending] = []
            item = self._queue.get()
            while item is not None:
                batch.append(item)
                if len(batch) >= BATCH_LIMIT:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            stopping = item is None
            if batch:
                self._write([self._row(p) for p in batch])
        self._sink.close()
        if self._fallback is not None:
            self._fallback.close()

    def _write(self, rows: list[tuple[object, ...]]) -> None:
        """Write rows to the gap log; to the local fallback file while PostgreSQL cannot be reached."""
        sink: _Sink = self._sink
        if self._fallback is not None and time.monotonic() < self._fallback_until:
            sink = self._fallback
        try:
            sink.write(rows, self._cutoff())
            self.written += len(rows)
            if sink is self._sink:
                if "db" in self._reported and self._fallback is not None:
                    log.warning("gap log %s is reachable again; gaps written meanwhile are in %s", self.path,
                                self._fallback.path)
                self._reported.discard("db")
            return
        except sink.errors as exc:
            if sink is self._sink and isinstance(self._sink, _PostgresSink):
                self._fallback = self._fallback or _SqliteSink(Path(DEFAULT_PATH))
                self._fallback_until = time.monotonic() + PG_RETRY_SECONDS
                self._report_once("db", "gap log %s cannot be reached (%s); gaps go to %s in this process's "
                                  "directory until it can", self.path, _one_line(exc), DEFAULT_PATH)
                if rows:
                    self._write(rows)
                return
            self.dropped += len(rows)
            self._report_once("db", "gap log %s is not writable (%s); answering goes on without it",
                              self.path, exc)

    def _cutoff(self) -> float | None:
        """The time before which rows are deleted, when it is time to prune (on the first write, then hourly)."""
        now = time.time()
        if self.retention_days is None or (self._pruned_at is not None
                                           and now - self._pruned_at < PRUNE_EVERY_SECONDS):
            return None
        self._pruned_at = now
        return now - self.retention_days * 86_400

    def _row(self, pending: _Pending) -> tuple[object, ...]:
        normalized = normalized_question(mask_secrets(pending.question))
        # The nearest fact is the one the answer was matched against: the question is not matched again.
        return (pending.time, pending.platform, normalized, pending.outcome, round(pending.confidence, 4),
                pending.top_fact, pending.top_score, pending.asker)

    def _report_once(self, kind: str, message: str, *args: object) -> None:
        if kind not in self._reported:
            self._reported.add(kind)
            log.warning(message, *args)


def normalized_question(question: str) -> str:
    """What is stored: Unicode-normalised, case-folded words (years and numbers kept), at most 500 characters."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", question).casefold()))[:500]


_WORD = re.compile(r"[^\W_]+(?:['.-][^\W_]+)*")


class _Sink:
    """Where the writer thread puts rows: an SQLite file or a PostgreSQL database."""

    errors: tuple[type[BaseException], ...] = (OSError,)

    def write(self, rows: list[tuple[object, ...]], cutoff: float | None) -> None:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError


_INSERT = ("INSERT INTO gaps (time, platform, question, outcome, confidence, top_fact, top_score, asker) "
           "VALUES ({0}, {0}, {0}, {0}, {0}, {0}, {0}, {0})")


class _SqliteSink(_Sink):
    errors = (sqlite3.Error, OSError)

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None

    def write(self, rows: list[tuple[object, ...]], cutoff: float | None) -> None:
        try:
            if self._connection is None:
                self._connection = _connect(self.path)
            with self._connection:
                self._connection.executemany(_INSERT.format("?"), rows)
            if cutoff is not None:
                with self._connection:
                    self._connection.execute("DELETE FROM gaps WHERE time < ?", (cutoff,))
        except self.errors:
            self.close()
            raise

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class _PostgresSink(_Sink):
    def __init__(self, target: PostgresURL) -> None:
        import psycopg

        self.errors = (psycopg.Error, OSError)
        self.target = target
        self._connection: Any = None

    def write(self, rows: list[tuple[object, ...]], cutoff: float | None) -> None:
        try:
            if self._connection is None:
                self._connection = pg_connect(self.target)
                with self._connection.transaction():
                    # replicas starting together must not race to create the table
                    self._connection.execute("SELECT pg_advisory_xact_lock(7262351)")
                    for statement in _PG_SCHEMA:
                        self._connection.execute(statement)
            with self._connection.transaction(), self._connection.cursor() as cursor:
                if rows:
                    cursor.executemany(_INSERT.format("%s"), rows)
                if cutoff is not None:
                    cursor.execute("DELETE FROM gaps WHERE time < %s", (cutoff,))
        except self.errors:
            self.close()
            raise

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None


def pg_connect(target: PostgresURL) -> Any:
    """A psycopg connection (autocommit; transactions are explicit)."""
    import psycopg

    return psycopg.connect(target.url, connect_timeout=PG_CONNECT_SECONDS, autocommit=True)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=1.0)
    try:
        connection.executescript(_SCHEMA)
        columns = {row[1] for row in connection.execute("PRAGMA table_info(gaps)")}
        if "asker" not in columns:  # a gap log written before askers were counted
            connection.execute("ALTER TABLE gaps ADD COLUMN asker TEXT")
    except BaseException:  # a corrupt or locked file: close it, or the connection leaks until collected
        connection.close()
        raise
    return connection


# --- reading it back: `python -m bot gaps` ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class Gap:
    time: float
    platform: str
    question: str
    outcome: str
    top_fact: str | None
    asker: str | None = None


@dataclass(frozen=True, slots=True)
class GapCluster:
    count: int
    askers: int
    """Distinct askers among the count (0 when askers are not recorded, see BOT_GAP_SALT)."""
    examples: tuple[str, ...]
    """The distinct phrasings, most asked first."""
    nearest_fact: str | None
    platforms: tuple[str, ...]


_SINCE = re.compile(r"^(\d{1,12})\s*([mhdw])$")


def parse_since(value: str) -> float:
    """`30m`, `12h`, `7d`, `2w` -> seconds (at most a century).

    Raises:
        ValueError: Another form, or a longer period (one line; the value is cut to 40 characters).
    """
    match = _SINCE.match(value.strip().lower())
    seconds = int(match.group(1)) * {"m": 60, "h": 3600, "d": 86400, "w": 604800}[match.group(2)] if match else -1
    if not 0 <= seconds <= MAX_SINCE_SECONDS:
        shown = value if len(value) <= 40 else value[:40] + "..."
        raise ValueError(f"--since must look like 30m, 12h, 7d or 2w (at most 100 years), not {shown!r}")
    return float(seconds)


def _read_only_uri(path: Path) -> str:
    """The SQLite URI that opens `path` read-only: percent-encoded, so a `#` or `?` in the path stays in it."""
    return path.absolute().as_uri() + "?mode=ro"


def read_gaps(path: GapTarget, *, since_seconds: float | None = None, now: float | None = None) -> list[Gap]:
    """The recorded gaps, oldest first. Raises sqlite3.Error for a file that is not a gap log, `GapReadError`
    for a PostgreSQL database that cannot be read."""
    cutoff = (now or time.time()) - since_seconds if since_seconds is not None else 0.0
    if isinstance(path, PostgresURL):
        return _read_postgres(path, cutoff)
    if not path.exists():
        return []
    with contextlib.closing(sqlite3.connect(_read_only_uri(path), uri=True, timeout=1.0)) as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(gaps)")}
        asker = "asker" if "asker" in columns else "NULL"
        rows = connection.execute(f"SELECT time, platform, question, outcome, top_fact, {asker} FROM gaps "
                                  "WHERE time >= ? ORDER BY time", (cutoff,)).fetchall()
    return [Gap(*row) for row in rows]


class GapReadError(Exception):
    """The PostgreSQL gap log cannot be read (one line, no password)."""


def _read_postgres(target: PostgresURL, cutoff: float) -> list[Gap]:
    import psycopg

    try:
        with contextlib.closing(pg_connect(target)) as connection:
            exists = connection.execute("SELECT to_regclass('gaps')").fetchone()
            if exists is None or exists[0] is None:
                return []
            rows = connection.execute("SELECT time, platform, question, outcome, top_fact, asker FROM gaps "
                                      "WHERE time >= %s ORDER BY time", (cutoff,)).fetchall()
    except (psycopg.Error, OSError) as exc:
        raise GapReadError(f"{target.safe} cannot be read: {_one_line(exc)}") from None
    return [Gap(*row) for row in rows]


def gap_report(gaps: Iterable[Gap], *, top: int = 20) -> list[GapCluster]:
    """Similar questions grouped (rapidfuzz token_set_ratio >= CLUSTER_SCORE), biggest group first.

    The most asked phrasing starts the first group; each next phrasing joins the group whose first phrasing
    is most similar among those sharing word stems with it (if one reaches CLUSTER_SCORE), else starts a
    group (see `_group`): 10,000 distinct phrasings take about a second.
    """
    gaps = list(gaps)
    phrasings = Counter(g.question for g in gaps if g.question)
    facts: dict[str, Counter[str]] = {}
    platforms: dict[str, set[str]] = {}
    askers: dict[str, set[str]] = {}
    for gap in gaps:
        if gap.asker:
            askers.setdefault(gap.question, set()).add(gap.asker)
        if gap.top_fact:
            facts.setdefault(gap.question, Counter())[gap.top_fact] += 1
        platforms.setdefault(gap.question, set()).add(gap.platform)
    clusters = [[heads_phrasing, *members] for heads_phrasing, members in _group(
        [phrasing for phrasing, _count in phrasings.most_common()])]
    report = []
    for cluster in clusters:
        nearest: Counter[str] = Counter()
        for phrasing in cluster:
            nearest.update(facts.get(phrasing, Counter()))
        report.append(GapCluster(
            count=sum(phrasings[p] for p in cluster),
            askers=len({a for phrasing in cluster for a in askers.get(phrasing, ())}),
            examples=tuple(cluster),
            nearest_fact=nearest.most_common(1)[0][0] if nearest else None,
            platforms=tuple(sorted({p for phrasing in cluster for p in platforms.get(phrasing, ())})),
        ))
    report.sort(key=lambda c: (-c.count, c.examples[0]))
    return report[:top]


_STOP_TEXT = (
    "the and for are was were what which who whom whose when where why how does did can could would should "
    "will shall has have had its it's this that these those there their them they you your our with from "
    "about into than then not any all some")
_STOP_WORDS = frozenset(_STOP_TEXT.split())
CANDIDATE_GROUPS = 32
"""How many groups a phrasing is compared with: those sharing the most word stems with it."""
COMMON_KEY = 2_000
"""A word stem in more groups than this says little about which one a phrasing belongs to: it is skipped
(unless the phrasing has nothing else)."""


def _keys(phrasing: str) -> set[str]:
    """Word stems for finding candidate groups: the first four letters of each word of three or more,
    so "defence"/"defense" and "budget"/"budgets" meet; function words left out."""
    return {word[:4] for word in phrasing.split() if len(word) >= 3 and word not in _STOP_WORDS}


def _group(phrasings: list[str]) -> list[tuple[str, list[str]]]:
    """Groups of similar phrasings, in order of their first (most asked) phrasing.

    Each phrasing is scored (rapidfuzz token_set_ratio, in one `extractOne` call) against the first
    phrasing of at most CANDIDATE_GROUPS groups: those sharing the most word stems with it. It joins the
    best one reaching CLUSTER_SCORE, or starts a group. Phrasings sharing no word stem are never grouped
    (token_set_ratio rarely reaches 70 for those); the cost is linear in the number of phrasings.
    """
    heads: list[str] = []
    members: list[list[str]] = []
    postings: dict[str, list[int]] = {}
    for phrasing in phrasings:
        keys = _keys(phrasing) or {phrasing[:4]}
        lists = [postings[k] for k in keys if k in postings]
        useful = [found for found in lists if len(found) <= COMMON_KEY] or [found[:COMMON_KEY] for found in lists]
        best = None
        if useful:
            shared = np.bincount(np.fromiter(itertools.chain.from_iterable(useful), dtype=np.int64),
                                 minlength=len(heads))
            picked = np.flatnonzero(shared)
            if len(picked) > CANDIDATE_GROUPS:
                picked = np.sort(picked[np.argpartition(-shared[picked], CANDIDATE_GROUPS)[:CANDIDATE_GROUPS]])
            candidates = [int(i) for i in picked]
            best = process.extractOne(phrasing, [heads[i] for i in candidates], scorer=fuzz.token_set_ratio,
                                      processor=None, score_cutoff=CLUSTER_SCORE)
        if best is not None:
            members[candidates[best[2]]].append(phrasing)
            continue
        index = len(heads)
        heads.append(phrasing)
        members.append([])
        for key in keys:
            postings.setdefault(key, []).append(index)
    return list(zip(heads, members, strict=True))


def render_report(clusters: list[GapCluster], *, as_yaml: bool, examples: int = 5) -> str:
    """Readable groups, or (`as_yaml`) `questions:` entries to paste under the nearest fact."""
    if not clusters:
        return "# no gaps recorded" if as_yaml else "No gaps recorded."
    lines: list[str] = []
    for cluster in clusters:
        shown = cluster.examples[:examples]
        if as_yaml:
            target = cluster.nearest_fact or "a new fact"
            lines.append(f"# {cluster.count} asked; nearest fact: {target}")
            lines.append("questions:")
            lines.extend(f"  - {_yaml_text(q)}" for q in shown)
            lines.append("")
        else:
            lines.append(f"{cluster.count:>5}  {shown[0]}")
            for other in shown[1:]:
                lines.append(f"       {other}")
            by = f" by {cluster.askers} asker{'s' * (cluster.askers != 1)}" if cluster.askers else ""
            where = ", ".join(cluster.platforms)
            lines.append(f"       nearest fact: {cluster.nearest_fact or '-'}; asked{by} on {where}")
    return "\n".join(lines).rstrip("\n")


def summary(path: GapTarget | None, since: str = "7d", *, top: int = 10) -> str:
    """The grouped gaps of the last `since` as text, for the chat platforms' admin commands. Never raises."""
    if path is None:
        return "The gap log is off (BOT_GAP_LOG=off)."
    try:
        gaps = read_gaps(path, since_seconds=parse_since(since))
    except ValueError as exc:
        return str(exc).replace("--since", "The period")
    except (sqlite3.Error, GapReadError) as exc:
        return f"The gap log cannot be read ({exc})."
    clusters = gap_report(gaps, top=top)
    head = f"{len(gaps)} question{'s' * (len(gaps) != 1)} I could not answer well in the last {since}"
    return head + (":\n" + render_report(clusters, as_yaml=False, examples=3) if clusters else ".")


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def describe(path: GapTarget | None) -> str:
    """The gap log's state for `status` and /healthz: off, its path and row count, or why it cannot be read."""
    if path is None:
        return "off"
    if isinstance(path, PostgresURL):
        import psycopg

        try:
            with contextlib.closing(pg_connect(path)) as connection:
                exists = connection.execute("SELECT to_regclass('gaps')").fetchone()
                if exists is None or exists[0] is None:
                    return f"{path.safe} (empty)"
                (count,) = connection.execute("SELECT count(*) FROM gaps").fetchone()
        except (psycopg.Error, OSError) as exc:
            return f"{path.safe} (unreadable: {_one_line(exc)})"
        return f"{path.safe} ({count} gaps)"
    if not path.exists():
        return f"{path} (empty)"
    try:
        with contextlib.closing(sqlite3.connect(_read_only_uri(path), uri=True, timeout=1.0)) as connection:
            (count,) = connection.execute("SELECT count(*) FROM gaps").fetchone()
    except sqlite3.Error as exc:
        return f"{path} (unreadable: {exc})"
    return f"{path} ({count} gaps)"


