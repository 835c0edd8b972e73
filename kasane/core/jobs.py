"""Work done in the background by `manage.py run_worker` (started by `make demo`, and by its
own service in production): jobs that each app registers from its own `jobs.py` with `@job`,
run every `every` seconds. Core names no domain app: `CoreConfig.ready()` imports every
installed app's `jobs` module. A job is a function of the current time that returns a short
summary of what it did; it must be safe to run twice (the worker may be restarted, and several
app servers may each run one)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

JobFunction = Callable[[dt.datetime], str]


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    function: JobFunction
    label: str = ""  # what the admin's page of the worker calls it (Japanese)


_jobs: dict[str, Job] = {}


def job(name: str, *, every: dt.timedelta, label: str = "") -> Callable[[JobFunction], JobFunction]:
    """Register `function(now)` as the background job `name`, run every `every`."""

    def add(function: JobFunction) -> JobFunction:
        known = _jobs.get(name)
        if known is not None and known.function is not function:
            raise ValueError(f"two background jobs named {name}")
        _jobs[name] = Job(name=name, every=every, function=function, label=label)
        return function

    return add


def registered_jobs() -> list[Job]:
    return sorted(_jobs.values(), key=lambda entry: entry.name)
