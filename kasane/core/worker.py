"""The background worker (`manage.py run_worker`): runs each registered job
(`kasane.core.jobs`) when it is due, records what it did in `JobRun`, and goes on when one
fails.

Why Kasane's own worker and not a task library: Django 5.2 has no tasks framework; the one
in Django 6.0 (`django.tasks`) defines the API only, its built-in backends run tasks at once
in the request or not at all, and it has no schedules (「毎朝8時」) and no retries. What Kasane
needs is small: a few periodic jobs, and an outbox (`notices.Delivery`) that is written in the
transaction of its cause and sent after commit, with retries the admin can see. A table and a
loop do that on SQLite (the demo) and PostgreSQL alike, with no broker to run.

Several workers may run at once (one per app server): a job is claimed by moving its
`last_started_at` under a row lock (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite
writes one transaction at a time) and only if nobody moved it first, so each job runs once per
period."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from kasane.core.jobs import Job, registered_jobs
from kasane.core.models import JobRun

logger = logging.getLogger("kasane.worker")

# The admin's page warns when no job has started for this long.
STALE_AFTER = dt.timedelta(minutes=5)
_TEXT_LIMIT = 500


@dataclass(frozen=True)
class Outcome:
    name: str
    ok: bool
    text: str


def ensure_job_rows(jobs: list[Job]) -> None:
    if not jobs:
        return
    JobRun.objects.bulk_create([JobRun(name=entry.name) for entry in jobs], ignore_conflicts=True)


def _locked(queryset: QuerySet[JobRun]) -> QuerySet[JobRun]:
    """Rows locked for this transaction; rows another worker holds are skipped where the
    database can (PostgreSQL), else waited for."""
    skip = connection.features.has_select_for_update_skip_locked
    return queryset.select_for_update(skip_locked=skip) if skip else queryset.select_for_update()


def _is_due(entry: Job, last_started_at: dt.datetime | None, now: dt.datetime) -> bool:
    return last_started_at is None or last_started_at + entry.every <= now


def claim(entry: Job, now: dt.datetime) -> bool:
    """Mark the job started if it is due and no other worker claimed it."""
    with transaction.atomic():
        run = _locked(JobRun.objects.filter(name=entry.name)).first()
        if run is None:
            return False
        if not _is_due(entry, run.last_started_at, now):
            return False
        # Compare-and-set: on a database without row locks, the worker that moved the time
        # first wins and the other updates nothing.
        return bool(
            JobRun.objects.filter(pk=run.pk, last_started_at=run.last_started_at).update(
                last_started_at=now
            )
        )


def run_job(entry: Job, now: dt.datetime) -> Outcome:
    """Run one claimed job; a failure is logged and recorded, never raised."""
    try:
        text = entry.function(now) or ""
    except Exception as error:  # a job's failure must not stop the others
        logger.exception("job %s failed", entry.name)
        message = f"{type(error).__name__}: {error}"[:_TEXT_LIMIT]
        JobRun.objects.filter(name=entry.name).update(
            last_finished_at=timezone.now(),
            last_failed_at=timezone.now(),
            last_error=message,
            runs=F("runs") + 1,
            failures=F("failures") + 1,
        )
        return Outcome(entry.name, False, message)
    JobRun.objects.filter(name=entry.name).update(
        last_finished_at=timezone.now(), last_result=text[:_TEXT_LIMIT], runs=F("runs") + 1
    )
    if text:
        logger.info("job %s: %s", entry.name, text)
    return Outcome(entry.name, True, text)


def run_due_jobs(now: dt.datetime | None = None, jobs: list[Job] | None = None) -> list[Outcome]:
    """One round of the worker: every due job that this worker could claim, run once."""
    jobs = registered_jobs() if jobs is None else jobs
    now = now or timezone.now()
    # A plain read first: most rounds find nothing due and take no lock (on SQLite every
    # write transaction locks the whole database, the server's requests included).
    started = dict(
        JobRun.objects.filter(name__in=[entry.name for entry in jobs]).values_list(
            "name", "last_started_at"
        )
    )
    ensure_job_rows([entry for entry in jobs if entry.name not in started])
    due = [entry for entry in jobs if _is_due(entry, started.get(entry.name), now)]
    return [run_job(entry, now) for entry in due if claim(entry, now)]


@dataclass(frozen=True)
class JobRow:
    run: JobRun
    job: Job | None  # None: a job that ran once and is no longer registered


@dataclass(frozen=True)
class WorkerState:
    rows: list[JobRow]
    last_seen: dt.datetime | None
    stale: bool


def worker_state(now: dt.datetime | None = None) -> WorkerState:
    """What the admin's page shows: each job's last run, and whether the worker seems down
    (no job started for `STALE_AFTER`; the outbox job runs every few seconds)."""
    now = now or timezone.now()
    runs = list(JobRun.objects.order_by("name"))
    known = {entry.name: entry for entry in registered_jobs()}
    last_seen = max((run.last_started_at for run in runs if run.last_started_at), default=None)
    return WorkerState(
        [JobRow(run, known.get(run.name)) for run in runs],
        last_seen,
        last_seen is None or now - last_seen > STALE_AFTER,
    )
