"""The health probe when the database hangs instead of refusing: a frozen PostgreSQL (every
process of a throwaway cluster stopped with SIGSTOP, its connections left open) must not hang
the probe: it answers within its deadline, says why, and recovers when the server goes on."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from bot.runtime.health import DatabaseProbe
from bot.storage import open_store
from tests.support.pg import throwaway_cluster  # noqa: F401  (the throwaway fixture)
from tests.support.postgres import PostgresForTests


def cluster_pids(data: Path) -> list[int]:
    """The postmaster (first line of postmaster.pid) and every process it started."""
    postmaster = int((data / "postmaster.pid").read_text().split()[0])
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == postmaster:  # the parent pid
            children.append(int(entry.name))
    return [postmaster, *children]


def timed(probe: DatabaseProbe) -> tuple[str | None, float]:
    started = time.monotonic()
    answer = probe.status()
    return answer, time.monotonic() - started


def test_a_frozen_database_does_not_hang_the_probe(throwaway: PostgresForTests) -> None:
    cluster = throwaway.cluster
    assert cluster is not None
    store = open_store(throwaway.fresh())
    probe = DatabaseProbe(store, every=0.5, deadline=1.5)
    try:
        assert timed(probe)[0] is None
        pids = cluster_pids(cluster.data)
        for pid in pids:
            os.kill(pid, signal.SIGSTOP)
        frozen = time.monotonic()
        answers: list[tuple[float, str | None, float]] = []  # (since frozen, answer, took)
        try:
            while time.monotonic() - frozen < 8.0:
                answer, took = timed(probe)
                answers.append((time.monotonic() - frozen, answer, took))
                time.sleep(0.2)
        finally:
            for pid in pids:
                os.kill(pid, signal.SIGCONT)
        assert max(took for _, _, took in answers) < 2.0  # never waits on the database
        failing = [at for at, answer, _ in answers if answer and "no answer" in answer]
        assert failing and failing[0] < 5.0, answers
        assert all(answer for at, answer, _ in answers if at >= failing[0])  # stays failing

        resumed = time.monotonic()
        while (answer := timed(probe)[0]) is not None:
            assert time.monotonic() - resumed < 15.0, answer
            time.sleep(0.1)
    finally:
        store.close()
