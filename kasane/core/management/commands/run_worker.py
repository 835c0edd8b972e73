"""`manage.py run_worker`: the background worker (`kasane/core/worker.py`). Runs every due
job, then looks again every `--interval` seconds until SIGTERM or SIGINT, finishing the job
at hand first. `--once` runs the due jobs once and exits (tests, cron), with status 1 when
one of them failed."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from kasane.core.jobs import registered_jobs
from kasane.core.worker import logger, run_due_jobs


class Command(BaseCommand):
    help = "バックグラウンド処理（チャットへの送信、日次まとめ、古いお知らせの削除）を実行します。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--once", action="store_true", help="期限の来た処理を1回だけ実行して終わる"
        )
        parser.add_argument("--interval", type=float, default=2.0, help="確認の間隔（秒）")

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        names = ", ".join(entry.name for entry in registered_jobs()) or "なし"
        if once:
            outcomes = run_due_jobs()
            failed = [outcome.name for outcome in outcomes if not outcome.ok]
            self.stdout.write(f"実行：{len(outcomes)}件、失敗：{len(failed)}件")
            if failed:  # cron and monitoring see a failure in the exit status
                raise CommandError(f"失敗した処理：{'、'.join(failed)}")
            return
        stop = threading.Event()

        def ask_to_stop(signum: int, _frame: object) -> None:
            logger.info("worker stopping (%s)", signal.Signals(signum).name)
            stop.set()

        signal.signal(signal.SIGTERM, ask_to_stop)
        signal.signal(signal.SIGINT, ask_to_stop)
        logger.info("worker started; jobs: %s", names)
        while not stop.is_set():
            close_old_connections()
            try:
                run_due_jobs()
            except Exception:  # the database away for a moment: try again next round
                logger.exception("worker round failed")
            stop.wait(interval)
        close_old_connections()
        logger.info("worker stopped")
