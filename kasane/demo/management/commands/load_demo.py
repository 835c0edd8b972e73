from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kasane.demo import city
from kasane.demo.guard import DemoRefused
from kasane.demo.load import load_demo_city


class Command(BaseCommand):
    help = "デモ市（組織・地域・デモ利用者）を投入します。何度実行しても同じ状態になります。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", default="8000", help="表示するURLのポート番号")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = load_demo_city()
        except DemoRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"デモ市を投入しました: 地域 {summary.areas}、支援関係機関 {summary.organizations}、"
            f"利用者 {summary.users}、本人 {summary.people}、世帯 {summary.households}、"
            f"相談受付 {summary.consultations}、つなぎ {summary.referrals}、"
            f"支援ケース {summary.cases}、会議 {summary.meetings}"
        )
        self.stdout.write("")
        self.stdout.write(f"  URL:        http://127.0.0.1:{options['port']}/")
        self.stdout.write(f"  パスワード: {settings.KASANE_DEMO_PASSWORD}  （全デモ利用者共通）")
        self.stdout.write("")
        for username, (full_name, organization, roles) in city.USERS.items():
            labels = "、".join(role.label for role in roles)
            self.stdout.write(f"  {username:<12} {full_name}（{organization}／{labels}）")
        for username, secret in city.TWO_FACTOR_SECRETS.items():
            self.stdout.write("")
            self.stdout.write(
                f"  {username} は2段階認証を設定済みです。認証アプリに「セットアップキー」{secret}"
                "（時間ベース）を登録し、パスワードのあとに表示される6桁の数字を入力してください。"
            )
