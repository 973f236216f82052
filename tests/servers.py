"""Real Redis and PostgreSQL servers for tests, from the OS packages, on free loopback ports in temp dirs.

`.ci/run` installs them when missing (`apt-get install -y redis-server postgresql`). Where the binaries are
absent and this is not CI, the tests that need them are skipped with the reason; in CI (`CI=true`) they fail
instead, so a missing install step cannot pass unnoticed.

PostgreSQL's `initdb` refuses to run as root: as root, every PostgreSQL command runs as the `postgres` user
(`runuser -u postgres --`), in a directory that user owns.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

START_SECONDS = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _missing(what: str) -> None:
    reason = f"{what} is not installed (apt-get install -y redis-server postgresql; .ci/run does this in CI)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run the shared-state tests: {reason}")
    pytest.skip(reason)


def redis_binary() -> str | None:
    return shutil.which("redis-server")


def postgres_bin_dir() -> Path | None:
    """The directory with initdb and pg_ctl: on PATH, else the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(versions[-1]).parent if versions else None


def _wait_for_port(port: int, process: subprocess.Popen[bytes] | None, what: str) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode} at start")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on 127.0.0.1:{port} within {START_SECONDS:.0f} s")


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """A redis-server on a free loopback port, no persistence; yields its URL."""
    binary = redis_binary()
    if binary is None:
        _missing("redis-server")
        raise AssertionError  # unreachable: skip or fail raised
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bot-redis-") as directory:
        process = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", directory, "--save", "",
             "--appendonly", "no", "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_for_port(port, process, "redis-server")
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """A PostgreSQL cluster (initdb, trust auth) on a free loopback port; yields its postgresql:// URL."""
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        _missing("PostgreSQL (initdb)")
        raise AssertionError
    port = free_port()
    directory = Path(tempfile.mkdtemp(prefix="bot-postgres-"))
    data = directory / "data"
    try:
        if os.geteuid() == 0:
            shutil.chown(directory, "postgres", "postgres")
        subprocess.run(_as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                                     "--no-sync", "-E", "UTF8"]),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        options = f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(_as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
                                     "-l", str(directory / "log"), "-w", "-t", "60", "start"]),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _wait_for_port(port, None, "PostgreSQL")
            yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run(_as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                           check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
