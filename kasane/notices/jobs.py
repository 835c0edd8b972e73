"""The notices' background jobs, run by `manage.py run_worker` (kasane/core/worker.py)."""

from __future__ import annotations

import datetime as dt

from kasane.core.jobs import job
from kasane.notices import daily, sending


@job("notices.send", every=dt.timedelta(seconds=5), label="チャット・メールの送信")
def send_outbox(now: dt.datetime) -> str:
    """Chat messages and mails queued in the outbox, a few seconds after their commit."""
    return sending.send_due(now)


@job("notices.summary", every=dt.timedelta(minutes=10), label="日次まとめメールの作成")
def daily_summary(now: dt.datetime) -> str:
    return daily.write_summaries(now)


@job("notices.purge", every=dt.timedelta(hours=1), label="古いお知らせ・送信記録の削除")
def purge_old(now: dt.datetime) -> str:
    return daily.purge(now)
