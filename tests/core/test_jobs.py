"""The background worker (`manage.py run_worker`, kasane/core/worker.py): each registered job
runs when it is due, once per period however many workers run; a failing job is recorded and
does not stop the others."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from kasane.core import jobs
from kasane.core.jobs import Job
from kasane.core.models import JobRun
from kasane.core.worker import STALE_AFTER, claim, run_due_jobs, worker_state

pytestmark = pytest.mark.django_db

MINUTE = dt.timedelta(minutes=1)


def _counting(name: str, calls: list[str], fail: bool = False) -> Job:
    def function(now: dt.datetime) -> str:
        calls.append(name)
        if fail:
            raise RuntimeError("壊れた処理")
        return f"{name} ok"

    return Job(name=name, every=MINUTE, function=function)


def test_it_runs_a_due_job_once_per_period() -> None:
    calls: list[str] = []
    entry = _counting("test.count", calls)
    now = timezone.now()
    assert [outcome.name for outcome in run_due_jobs(now, [entry])] == ["test.count"]
    assert run_due_jobs(now + dt.timedelta(seconds=30), [entry]) == []
    assert len(run_due_jobs(now + MINUTE, [entry])) == 1
    assert calls == ["test.count", "test.count"]
    run = JobRun.objects.get(name="test.count")
    assert (run.runs, run.failures, run.last_result) == (2, 0, "test.count ok")
    assert run.last_started_at == now + MINUTE


def test_a_failing_job_is_recorded_and_the_others_still_run() -> None:
    calls: list[str] = []
    entries = [_counting("test.a_broken", calls, fail=True), _counting("test.b_fine", calls)]
    outcomes = run_due_jobs(timezone.now(), entries)
    assert [(outcome.name, outcome.ok) for outcome in outcomes] == [
        ("test.a_broken", False),
        ("test.b_fine", True),
    ]
    broken = JobRun.objects.get(name="test.a_broken")
    assert broken.failures == 1
    assert broken.last_error == "RuntimeError: 壊れた処理"
    assert broken.last_failed_at is not None
    assert JobRun.objects.get(name="test.b_fine").last_error == ""


def test_a_job_claimed_by_another_worker_is_not_run_again() -> None:
    entry = _counting("test.claimed", [])
    now = timezone.now()
    run_due_jobs(now - MINUTE, [entry])
    assert claim(entry, now) is True
    # The second worker reads the same moment: the first one already moved the start time.
    assert claim(entry, now) is False


def test_run_worker_once_runs_the_due_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    entry = _counting("test.once", calls)
    monkeypatch.setattr(jobs, "_jobs", {entry.name: entry})
    out = io.StringIO()
    call_command("run_worker", "--once", stdout=out)
    assert calls == ["test.once"]
    assert "実行：1件、失敗：0件" in out.getvalue()
    call_command("run_worker", "--once", stdout=io.StringIO())
    assert calls == ["test.once"]  # not due again within its period


def test_run_worker_once_fails_when_a_job_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    entries = [_counting("test.broken", [], fail=True), _counting("test.fine", [])]
    monkeypatch.setattr(jobs, "_jobs", {entry.name: entry for entry in entries})
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"失敗した処理：test\.broken"):
        call_command("run_worker", "--once", stdout=out)
    assert "実行：2件、失敗：1件" in out.getvalue()


def test_the_notices_jobs_are_registered() -> None:
    names = {entry.name for entry in jobs.registered_jobs()}
    assert {"notices.send", "notices.summary", "notices.purge"} <= names


def test_the_state_warns_when_no_job_started_for_five_minutes() -> None:
    now = timezone.now()
    assert worker_state(now).stale is True  # never ran
    run_due_jobs(now, [_counting("test.state", [])])
    assert worker_state(now + dt.timedelta(minutes=1)).stale is False
    assert worker_state(now + STALE_AFTER + dt.timedelta(seconds=1)).stale is True


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent workers need PostgreSQL")
def test_two_workers_run_a_job_once() -> None:
    """Two workers (threads, each with its own connection) claim the same due job at the same
    moment: exactly one runs it."""
    entry = _counting("test.race", [])
    now = timezone.now()
    results: list[bool] = []
    barrier = threading.Barrier(2)

    def worker() -> None:
        from django.db import connection as own

        try:
            barrier.wait()
            results.append(claim(entry, now))
        finally:
            own.close()

    def committed(action) -> None:  # type: ignore[no-untyped-def]
        def run() -> None:
            from django.db import connection as own

            try:
                action()
            finally:
                own.close()

        thread = threading.Thread(target=run)
        thread.start()
        thread.join()

    committed(lambda: JobRun.objects.create(name="test.race"))
    try:
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(results) == [False, True]
    finally:
        committed(lambda: JobRun.objects.filter(name="test.race").delete())
