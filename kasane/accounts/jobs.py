"""The accounts' background job, run by `manage.py run_worker` (kasane/core/worker.py)."""

from __future__ import annotations

import datetime as dt

from kasane.accounts.services import sessions_prune
from kasane.core.jobs import job


@job("accounts.sessions_prune", every=dt.timedelta(hours=1), label="期限切れのセッションの削除")
def prune_sessions(now: dt.datetime) -> str:
    removed = sessions_prune(now)
    return f"{removed}件を削除" if removed else ""  # the worker logs only what was done
