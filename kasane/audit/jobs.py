"""The audit trail's background jobs, run by `manage.py run_worker` (kasane/core/worker.py)."""

from __future__ import annotations

import datetime as dt

from kasane.audit import chain
from kasane.audit.models import AuditCheck
from kasane.core.jobs import job


@job("audit.seal", every=dt.timedelta(minutes=1), label="監査ログの封印")
def seal(now: dt.datetime) -> str:
    sealed = chain.seal(now)
    return f"{sealed:,}件を封印" if sealed else ""  # the worker logs only what was done


@job("audit.verify", every=dt.timedelta(days=1), label="監査ログの改ざん検知（毎日、前回以降）")
def verify(now: dt.datetime) -> str:
    return _summary(chain.check(now, full=False))


@job("audit.verify_full", every=dt.timedelta(days=7), label="監査ログの改ざん検知（毎週、全件）")
def verify_full(now: dt.datetime) -> str:
    return _summary(chain.check(now, full=True))


def _summary(result: AuditCheck) -> str:
    return "異常なし" if result.ok else f"異常あり（{len(result.problems)}件）"
