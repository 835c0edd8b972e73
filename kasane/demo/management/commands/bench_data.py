"""Build the city-scale data set `make bench` drives: デモ市 with its named users and households,
then generated people, consultations (with referrals), cases, progress notes, outreach targets
with their contact attempts, 社会資源 (issue 16: 5,000) and audit rows at the counts of a
460,000-resident city (issue 20; outreach: issue 15). `--scale 0.1` builds a tenth of it, to
show that page time does not grow with the data; `--outreach-scale` sizes the watch list on its
own (default: `--scale`).

Each step tops up to its target, so running it again adds nothing, and a run cut short goes on
where it stopped. PostgreSQL only; refused in production like every generator."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from kasane.audit.models import AuditEvent
from kasane.cases.models import Case, CaseNote
from kasane.demo.generators.audit import generate_audit
from kasane.demo.generators.cases import generate_cases
from kasane.demo.generators.intake import generate_consultations
from kasane.demo.generators.notes import top_up_notes
from kasane.demo.generators.notices import top_up_notices
from kasane.demo.generators.outreach import generate_outreach
from kasane.demo.generators.people import (
    consultation_organizations,
    demo_towns,
    generate_people,
)
from kasane.demo.generators.resources import generate_resources
from kasane.demo.guard import DemoRefused, refuse_in_production
from kasane.demo.load import load_demo_city
from kasane.intake.models import Consultation
from kasane.notices.models import Notice
from kasane.outreach.models import ContactAttempt, OutreachTarget
from kasane.people.models import Person
from kasane.resources.models import Service

# The city of issue 20 at scale 1.
PEOPLE = 200_000
CONSULTATIONS = 150_000
CASES = 20_000
NOTES = 2_000_000
AUDIT = 10_000_000
NOTICES = 1_000_000
OUTREACH_TARGETS = 10_000
CONTACT_ATTEMPTS = 200_000
# The directory of 社会資源 (issue 16): a large city's registry, several times a real one.
RESOURCES = 5_000


class Command(BaseCommand):
    help = (
        "性能測定用の市（本人20万人、相談15万件、ケース2万件、経過記録200万件、アウトリーチ対象1万件・接触20万件、社会資源5千件、"
        "監査ログ1千万件、お知らせ100万件）を"
        "PostgreSQLに作ります。何度実行しても足りない分だけ足します。本番環境では実行できません。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="規模（0.1で10分の1）")
        parser.add_argument(
            "--outreach-scale",
            type=float,
            default=None,
            help="アウトリーチ対象と接触の規模（省略時は --scale と同じ）",
        )
        parser.add_argument("--seed", type=int, default=2026, help="乱数の種")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            refuse_in_production(action="性能測定用のデータを生成")
        except DemoRefused as error:
            raise CommandError(str(error)) from None
        if connection.vendor != "postgresql":
            raise CommandError("性能測定用のデータは PostgreSQL に作ります（DATABASE_URL）。")
        scale, seed = options["scale"], options["seed"]
        outreach_scale = options["outreach_scale"] or scale
        if not (0 < scale <= 10 and 0 < outreach_scale <= 10):
            raise CommandError("--scale は0より大きく10以下にしてください。")

        def target(count: int) -> int:
            return round(count * scale)

        self._step("デモ市", lambda: load_demo_city(generated=0))
        generated = Person.objects.filter(created_by__isnull=True)
        missing = target(PEOPLE) - generated.count()
        if missing > 0:
            self._step(
                f"本人 {missing:,}人",
                lambda: generate_people(
                    count=missing,
                    organizations=consultation_organizations(),
                    towns=demo_towns(),
                    seed=seed,
                    households=True,
                ),
            )
        missing = (
            target(CONSULTATIONS) - Consultation.objects.filter(created_by__isnull=True).count()
        )
        if missing > 0:
            self._step(
                f"相談受付 {missing:,}件", lambda: generate_consultations(missing, seed=seed)
            )
        missing = target(CASES) - Case.objects.filter(created_by__isnull=True).count()
        if missing > 0:
            self._step(f"支援ケース {missing:,}件", lambda: generate_cases(missing, seed=seed))
        missing = round(OUTREACH_TARGETS * outreach_scale) - OutreachTarget.objects.count()
        if missing > 0:
            attempts = round(missing * CONTACT_ATTEMPTS / OUTREACH_TARGETS)
            self._step(
                f"アウトリーチ対象 {missing:,}件・接触 約{attempts:,}件",
                lambda: generate_outreach(targets=missing, attempts=attempts, seed=seed),
            )
        missing = target(RESOURCES) - Service.objects.count()
        if missing > 0:
            self._step(f"社会資源 {missing:,}件", lambda: generate_resources(missing, seed=seed))
        if CaseNote.objects.count() < target(NOTES) * 0.95:
            self._step("支援経過", lambda: top_up_notes(total=target(NOTES)))
        missing = target(AUDIT) - AuditEvent.objects.count()
        if missing > 0:
            people = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
            self._step(
                f"監査ログ {missing:,}件",
                lambda: generate_audit(count=missing, people=people, seed=seed),
            )
        if Notice.objects.count() < target(NOTICES):
            self._step("お知らせ", lambda: top_up_notices(total=target(NOTICES)))
        self._step("VACUUM ANALYZE", _vacuum_analyze)
        self.stdout.write(
            f"本人 {Person.objects.count():,}、相談受付 {Consultation.objects.count():,}、"
            f"支援ケース {Case.objects.count():,}、支援経過 {CaseNote.objects.count():,}、"
            f"アウトリーチ対象 {OutreachTarget.objects.count():,}、"
            f"社会資源 {Service.objects.count():,}、"
            f"接触 {ContactAttempt.objects.count():,}、"
            f"監査ログ {AuditEvent.objects.count():,}、お知らせ {Notice.objects.count():,}"
        )

    def _step(self, label: str, run: Any) -> None:
        self.stderr.write(f"{label}…")
        started = time.monotonic()
        run()
        self.stderr.write(f"  {label}: {time.monotonic() - started:.0f}秒")


def _vacuum_analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
