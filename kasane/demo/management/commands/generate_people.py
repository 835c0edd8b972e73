from __future__ import annotations

import argparse
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kasane.demo.generators.people import (
    consultation_organizations,
    demo_towns,
    generate_people,
)
from kasane.demo.guard import DemoRefused, refuse_in_production


class Command(BaseCommand):
    help = (
        "デモ市に架空の人物を生成します（デモと検索の性能測定用）。本番環境では実行できません。"
        "一括生成のため監査ログは記録しません。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--count", type=int, required=True, help="生成する人数")
        parser.add_argument("--seed", type=int, default=2026, help="乱数の種（同じ種なら同じ人）")
        parser.add_argument("--households", action="store_true", help="一部の人を世帯にまとめる")
        parser.add_argument(
            "--fast-indexes",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="名前索引を外して投入し、最後に作り直す（PostgreSQLで20万人以上なら既定で有効）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            refuse_in_production(action="架空の人物を生成")
        except DemoRefused as error:
            raise CommandError(str(error)) from None
        if options["count"] < 0:
            raise CommandError("--count は0以上にしてください。")
        organizations, towns = consultation_organizations(), demo_towns()
        if not organizations or not towns:
            raise CommandError(
                "デモ市（支援関係機関と町丁目）がありません。"
                "先に manage.py load_demo を実行してください。"
            )
        self._reported = 0
        started = time.monotonic()
        inserted = generate_people(
            count=options["count"],
            organizations=organizations,
            towns=towns,
            seed=options["seed"],
            households=options["households"],
            fast_indexes=options["fast_indexes"],
            progress=self._progress,
        )
        elapsed = time.monotonic() - started
        self.stdout.write(f"{inserted:,}人を生成しました（{elapsed:.1f}秒）。")

    def _progress(self, inserted: int) -> None:
        if inserted - self._reported >= 100_000:
            self._reported = inserted
            self.stderr.write(f"  {inserted:,}人…")
