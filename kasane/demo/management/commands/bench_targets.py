"""What `make bench` loads (issue 20), as JSON for the load driver (`bench/`), which must not
import Django: the demo users to sign in as, the key pages each opened by a user who may see
them, and the row counts the report quotes.

Records are chosen deterministically (the lowest id among the generated records the user may
see, through `kasane.access`), so two runs on the same database time the same pages. Refused in
production like every demo command: it prints the demo password, and for each user enrolled in
2段階認証 (the demo's `kansa`) fresh backup codes, one per session the driver signs in, since a
code from the app serves one login per 30 seconds."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count, Model, QuerySet
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kasane import access
from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.cases.models import Case, CaseNote
from kasane.demo.guard import DemoRefused, refuse_in_production
from kasane.intake.models import Consultation, Referral
from kasane.meetings.models import Meeting
from kasane.outreach.models import ContactAttempt, OutreachAssignment, OutreachTarget
from kasane.people.models import Household, Person

# The user whose records the person, household and case pages show: a consultant, who sees
# one organisation's people and its teams' cases (coordinators see all of them too).
CASE_WORKER = "houkatsu"
COORDINATOR = "coordinator"
AUDITOR = "kansa"
# Home pages: the coordinator, one user of each case-work role, and the auditor.
HOME_USERS = (COORDINATOR, CASE_WORKER, "jiritsu", "csw", "sanka", AUDITOR)
# The outreach worker whose watch list, overdue list and busiest target are timed (issue 15).
OUTREACH_WORKER = "csw"
SEARCH_NAME = "佐藤"
AUDIT_ACTION = "person.view"

# Backup codes printed for each enrolled user: more than the driver's sessions of one user.
BENCH_BACKUP_CODES = 200

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Page:
    """One page to time: `mix` is its share group in the mixed office load (None: not in it)."""

    name: str
    user: str  # "" for a page that needs no sign-in
    url: str
    mix: str | None = None


class Command(BaseCommand):
    help = (
        "性能測定（make bench）で開く画面とデモ利用者、件数をJSONで出力します。"
        "本番環境では実行できません。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            refuse_in_production(action="性能測定の対象を出力")
        except DemoRefused as error:
            raise CommandError(str(error)) from None
        pages = bench_pages()
        users = {page.user for page in pages if page.user}
        targets = {
            "database": connection.settings_dict["NAME"],
            "vendor": connection.vendor,
            "password": settings.KASANE_DEMO_PASSWORD,
            "users": sorted(users),
            "backup_codes": backup_codes(users),
            "pages": [asdict(page) for page in pages],
            "counts": row_counts(),
        }
        self.stdout.write(json.dumps(targets, ensure_ascii=False, indent=2))


def backup_codes(usernames: set[str]) -> dict[str, list[str]]:
    """Fresh backup codes for each of these users who is enrolled in 2段階認証, replacing the
    ones a bench run before left (each code signs in once)."""
    enrolled = User.objects.filter(
        username__in=usernames, pk__in=TOTPDevice.objects.filter(confirmed=True).values("user_id")
    )
    codes: dict[str, list[str]] = {}
    for user in enrolled:
        device, _ = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": "バックアップコード", "confirmed": True}
        )
        device.token_set.all().delete()
        fresh = [StaticToken.random_token() for _ in range(BENCH_BACKUP_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in fresh)
        codes[user.username] = fresh
    return codes


def _user(username: str) -> User:
    try:
        return User.objects.get(username=username, is_active=True)
    except User.DoesNotExist:
        raise CommandError(
            f"デモ利用者 {username} がいません。先に make bench-data（または load_demo）を"
            "実行してください。"
        ) from None


def first_generated(records: QuerySet[M]) -> M:
    """The lowest-id generated record (no `created_by`) of those given, else the lowest-id
    record: generated records are what a city-scale database is made of."""
    record = records.filter(created_by__isnull=True).order_by("pk").first()
    record = record or records.order_by("pk").first()
    if record is None:
        raise CommandError(f"{records.model._meta.verbose_name}が見つかりません。")
    return record


def busiest_meeting(user: User) -> Meeting:
    """The meeting with the most agenda items the user may see: its page is the heaviest."""
    meeting = (
        access.meetings_for_user(user)
        .annotate(agenda=Count("items"))
        .order_by("-agenda", "pk")
        .first()
    )
    if meeting is None:
        raise CommandError("会議が見つかりません。")
    return meeting


def busiest_target(user: User) -> OutreachTarget:
    """The target with the most attempts on the user's organisation's list."""
    target = (
        access.outreach_targets_for_user(user)
        .filter(
            pk__in=OutreachAssignment.objects.filter(
                organization_id=user.organization_id, left_on__isnull=True
            ).values("target_id")
        )
        .annotate(n=Count("attempts"))
        .order_by("-n", "pk")
        .first()
    )
    if target is None:
        raise CommandError("アウトリーチ対象が見つかりません。")
    return target


def bench_pages() -> list[Page]:
    """The key pages of issue 20, each for a user who may open it."""
    for username in HOME_USERS:
        _user(username)  # each must exist before any page is chosen
    worker, coordinator = _user(CASE_WORKER), _user(COORDINATOR)
    person = first_generated(access.people_for_user(worker))
    household = first_generated(access.households_for_user(worker))
    case = first_generated(access.cases_for_user(worker))
    meeting = busiest_meeting(coordinator)
    target = busiest_target(_user(OUTREACH_WORKER))
    outreach = reverse("outreach:list")
    search = f"{reverse('people:person_list')}?{urlencode({'name': SEARCH_NAME})}"
    audit = reverse("audit:search")
    return [
        Page("healthz", "", reverse("front:health")),
        *(
            Page(f"home_{username}", username, reverse("front:home"), "home")
            for username in HOME_USERS
        ),
        Page(f"search_{COORDINATOR}", COORDINATOR, search, "search"),
        Page(f"search_{CASE_WORKER}", CASE_WORKER, search, "search"),
        Page("person", CASE_WORKER, reverse("people:person_detail", args=[person.pk])),
        Page("household", CASE_WORKER, reverse("people:household_detail", args=[household.pk])),
        Page("consultations", CASE_WORKER, reverse("consultations:list"), "list"),
        Page("referrals", CASE_WORKER, reverse("referrals:list"), "list"),
        Page("cases", COORDINATOR, reverse("cases:list"), "list"),
        Page("case", CASE_WORKER, reverse("cases:detail", args=[case.pk]), "case"),
        Page("meetings", COORDINATOR, reverse("meetings:list"), "list"),
        Page("meeting", COORDINATOR, reverse("meetings:detail", args=[meeting.pk])),
        Page("outreach", OUTREACH_WORKER, outreach),
        Page("outreach_overdue", OUTREACH_WORKER, f"{outreach}?due=overdue"),
        Page("outreach_target", OUTREACH_WORKER, reverse("outreach:detail", args=[target.pk])),
        Page("outreach_figures", COORDINATOR, reverse("outreach:figures")),
        Page("audit", AUDITOR, audit, "audit"),
        Page("audit_action", AUDITOR, f"{audit}?{urlencode({'action': AUDIT_ACTION})}", "audit"),
    ]


def row_counts() -> dict[str, int]:
    """How big the city is, for the report (exact counts: a few seconds at full scale)."""
    models: dict[str, type[Model]] = {
        "people": Person,
        "households": Household,
        "consultations": Consultation,
        "referrals": Referral,
        "cases": Case,
        "case_notes": CaseNote,
        "meetings": Meeting,
        "outreach_targets": OutreachTarget,
        "contact_attempts": ContactAttempt,
        "audit_events": AuditEvent,
    }
    return {name: model._default_manager.count() for name, model in models.items()}
