"""A PostgreSQL server for the tests: ``WARTA_TEST_POSTGRES`` (default the local server with
trust authentication), else a throwaway cluster started with ``initdb``/``pg_ctl`` as a
non-root user, else None with the reason (the tests then skip, saying why)."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import psycopg

from bot.core.database_url import redact_dsn
from bot.storage.postgres.admin import (
    create_database,
    empty_database,
    with_database,
)

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def reachable(dsn: str) -> str | None:
    """None when ``dsn`` answers, else why not."""
    try:
        with psycopg.connect(dsn, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return " ".join(str(exc).split())
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    return None


class ThrowawayCluster:
    """A PostgreSQL cluster in a temporary folder, owned by a non-root user."""

    def __init__(self) -> None:
        initdb, pg_ctl = _tool("initdb"), _tool("pg_ctl")
        if not initdb or not pg_ctl:
            raise RuntimeError("initdb/pg_ctl not found")
        self.pg_ctl = pg_ctl
        self.prefix: list[str] = []
        self.root = Path(tempfile.mkdtemp(prefix="warta-pg-"))
        if os.geteuid() == 0:  # initdb refuses root: run it as an unprivileged user
            user = next((u for u in ("postgres", "nobody") if _user_exists(u)), None)
            runuser = shutil.which("runuser")
            if not user or not runuser:
                raise RuntimeError("running as root with no postgres/nobody user to run initdb")
            self.prefix = [runuser, "-u", user, "--"]
            self.root.chmod(0o755)
            info = pwd.getpwnam(user)
            os.chown(self.root, info.pw_uid, info.pw_gid)
        self.data = self.root / "data"
        self.port = _free_port()
        subprocess.run(
            [*self.prefix, initdb, "-D", str(self.data), "-U", "postgres", "-A", "trust"],
            check=True,
            capture_output=True,
            timeout=120,
        )
        self.options = options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        )
        subprocess.run(
            [
                *self.prefix,
                pg_ctl,
                "-D",
                str(self.data),
                "-o",
                options,
                "-w",
                "-l",
                str(self.root / "log"),
                "start",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def restart(self) -> None:
        """Restart the server (fast mode: every connection is cut)."""
        restart = subprocess.run(
            [
                *self.prefix,
                self.pg_ctl,
                "-D",
                str(self.data),
                "-m",
                "fast",
                "-w",
                "-o",
                self.options,
                "-l",
                str(self.root / "log"),
                "restart",
            ],
            capture_output=True,
            timeout=120,
        )
        assert restart.returncode == 0, restart.stderr

    def _pg_ctl(self, *args: str) -> None:
        done = subprocess.run(
            [*self.prefix, self.pg_ctl, "-D", str(self.data), "-w", *args],
            capture_output=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr

    def take_down(self) -> None:
        """Stop the server as an outage would (``pg_ctl -m fast``), its data kept."""
        self._pg_ctl("-m", "fast", "stop")

    def bring_back(self) -> None:
        """Start the server taken down by :meth:`take_down` again."""
        self._pg_ctl("-o", self.options, "-l", str(self.root / "log"), "start")

    def stop(self) -> None:
        subprocess.run(
            [*self.prefix, self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


class PostgresForTests:
    """The server of this test run: a template database migrated once, and a fresh clone of
    it per test (all dropped at the end)."""

    def __init__(self, url: str, cluster: ThrowawayCluster | None = None) -> None:
        self.url = url
        self.cluster = cluster
        self.run = f"warta_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.template = f"{self.run}_template"
        self.databases: list[str] = []
        from bot.storage.postgres import PostgresStore

        PostgresStore(create_database(url, self.template)).close()

    def shared(self) -> str:
        """The DSN of this run's shared database, emptied (call once per test)."""
        if not hasattr(self, "_shared"):
            self._shared = self.fresh()
        else:
            empty_database(self._shared)
        return self._shared

    def fresh(self) -> str:
        """The DSN of a new database holding the migrated, empty schema."""
        name = f"{self.run}_{len(self.databases)}"
        self.databases.append(name)
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return with_database(self.url, name)

    def drop(self, dsn: str) -> None:
        """Forget a database of :meth:`fresh`: it is dropped at the end of the run."""

    def close(self) -> None:
        names = [*self.databases, self.template]
        if self.cluster:  # the whole cluster goes
            self.cluster.stop()
            return
        drop_later(self.url, names)


def drop_later(url: str, names: list[str]) -> None:
    """Drop databases in a detached process: DROP DATABASE waits for a checkpoint, which can
    take minutes on a busy server, and the test run need not wait for it."""
    code = (
        "import sys, contextlib\n"
        "from bot.storage.postgres.admin import drop_database\n"
        "for name in sys.argv[2:]:\n"
        "    with contextlib.suppress(Exception):\n"
        "        drop_database(sys.argv[1], name)\n"
    )
    subprocess.Popen(
        [sys.executable, "-c", code, url, *names],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def drop_leftovers(url: str) -> None:
    """Drop (in the background) the databases of earlier runs that were killed before their
    clean-up: named ``warta_test_<pid>_…`` after a process that is gone."""
    with psycopg.connect(url, autocommit=True, connect_timeout=3) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT datname FROM pg_database WHERE datname ~ '^warta_test_[0-9]+_[0-9a-f]{6}'"
            )
        ]
    stale = [n for n in names if not _alive(int(n.split("_")[2]))]
    if stale:
        drop_later(url, stale)


def start_test_server() -> tuple[PostgresForTests | None, str]:
    """The run's server, or None and why PostgreSQL tests will skip."""
    url = os.environ.get("WARTA_TEST_POSTGRES", DEFAULT_URL)
    problem = reachable(url)
    if problem is None:
        drop_leftovers(url)
        return PostgresForTests(url), f"PostgreSQL at {redact_dsn(url)}"
    try:
        cluster = ThrowawayCluster()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        return None, (
            f"PostgreSQL not reachable at {redact_dsn(url)} ({problem}) and no throwaway "
            f"cluster could be started ({exc})"
        )
    return PostgresForTests(cluster.url, cluster), f"throwaway PostgreSQL cluster {cluster.url}"
