"""Write the default layout of 国への報告 (template.xlsx and mapping.toml) into a folder: the
package's own (the committed default) unless --dir names another, e.g. the start of a city's
own layout for KASANE_STATE_REPORT_DIR."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kasane.plan.report_layout import DEFAULT_DIR, MAPPING, default_layout, load_layout


class Command(BaseCommand):
    help = "国への報告の既定のレイアウト（ひな形の Excel と対応表）を書き出します。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="書き出すフォルダ")

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["dir"]
        if not directory.is_dir():
            raise CommandError(f"フォルダ {directory} がありません。")
        template, mapping = default_layout()
        (directory / "template.xlsx").write_bytes(template)
        (directory / MAPPING).write_text(mapping, encoding="utf-8")
        layout = load_layout(directory)
        self.stdout.write(f"{directory} に書き出しました（{len(layout.cells)}セル）。")
