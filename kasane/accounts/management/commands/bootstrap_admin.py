from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.accounts.services import user_create
from kasane.organizations.models import Organization, OrganizationKind
from kasane.organizations.services import organization_create


class Command(BaseCommand):
    help = "本番環境の最初のシステム管理者と、その所属機関を作成します。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--full-name", required=True)
        parser.add_argument("--organization", required=True, help="所属機関の名称（なければ作成）")

    def handle(self, *args: Any, **options: Any) -> None:
        if User.objects.filter(username=options["username"]).exists():
            raise CommandError("そのユーザー名は既にあります。")
        password = os.environ.get("KASANE_BOOTSTRAP_PASSWORD") or getpass.getpass("パスワード: ")
        with transaction.atomic():
            organization = Organization.objects.filter(name=options["organization"]).first()
            if organization is None:
                organization = organization_create(
                    actor=None, name=options["organization"], kind=OrganizationKind.CITY_DEPARTMENT
                )
            try:
                user_create(
                    actor=None,
                    username=options["username"],
                    full_name=options["full_name"],
                    organization=organization,
                    roles=[Role.ADMIN],
                    password=password,
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"システム管理者 {options['username']} を作成しました。")
