from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kasane.demo.generators.audit import generate_audit
from kasane.demo.guard import DemoRefused, refuse_in_production
from kasane.people.models import Person


class Command(BaseCommand):
    help = (
        "架空の監査ログ（閲覧した本人への結び付きつき）を生成します（監査ログの検索の性能測定用）。"
        "本番環境では実行できません。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--count", type=int, required=True, help="生成する監査ログの件数")
        parser.add_argument(
            "--people",
            type=int,
            default=None,
            help="結び付ける本人IDの範囲 1..N（既定: 登録済みの本人の最大ID）",
        )
        parser.add_argument("--seed", type=int, default=2026, help="乱数の種")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            refuse_in_production(action="監査ログを生成")
        except DemoRefused as error:
            raise CommandError(str(error)) from None
        if options["count"] < 0:
            raise CommandError("--count は0以上にしてください。")
        people = (
            options["people"] or Person.objects.order_by("-pk").values_list("pk", flat=True).first()
        )
        if not people:
            raise CommandError("本人がいません。先に manage.py load_demo を実行してください。")
        started = time.monotonic()
        made = generate_audit(
            count=options["count"], people=people, seed=options["seed"], progress=self._progress
        )
        elapsed = time.monotonic() - started
        self.stdout.write(f"監査ログを{made:,}件生成しました（{elapsed:.1f}秒）。")

    def _progress(self, done: int) -> None:
        self.stderr.write(f"  {done:,}件…")
