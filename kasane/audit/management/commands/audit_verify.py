"""`manage.py audit_verify`: recompute the seal over the audit trail and report (exit 1 when
anything was changed, deleted, inserted or truncated). `--seal` seals what is due first."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kasane.audit import chain


class Command(BaseCommand):
    help = "監査ログの封印を検証します（改ざん・削除があれば終了コード1）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seal", action="store_true", help="検証の前に封印する")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["seal"]:
            self.stdout.write(f"封印: {chain.seal(now, budget_seconds=3600):,}件")
        result = chain.check(now)
        self.stdout.write(
            f"封印済み: 監査ログID {result.sealed_through:,} まで（{result.sealed_events:,}件）"
            f" 最新のハッシュ {result.chain_head}"
        )
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError("監査ログに改ざん・削除の跡があります。")
        self.stdout.write("異常はありません。")
