"""Background job of retention (kasane.core.jobs): approved batches too large to dispose in
the approving request (more than `KASANE_RETENTION_INLINE_MAX` records) are disposed here,
one transaction each; a batch that has come to hold a record under a legal hold, or one no
longer due, stops (中止) and nothing of it is disposed."""

from __future__ import annotations

import datetime as dt

from kasane.core.errors import DomainError
from kasane.core.jobs import job
from kasane.retention import services
from kasane.retention.models import BatchStatus, DisposalBatch


@job("retention.dispose", every=dt.timedelta(minutes=1), label="承認された廃棄の実行")
def dispose_approved(now: dt.datetime) -> str:
    done = blocked = 0
    for batch in DisposalBatch.objects.filter(status=BatchStatus.APPROVED).order_by("pk"):
        try:
            services.batch_dispose(batch=batch)
            done += 1
        except DomainError as error:
            services.batch_block(batch=batch, reason=error.message)
            blocked += 1
    if not done and not blocked:
        return ""
    return f"廃棄の案 {done}件を廃棄、{blocked}件を中止"
