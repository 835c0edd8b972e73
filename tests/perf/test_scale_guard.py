"""The CI guard of issue 20 (city scale): the key pages take the same number of queries with
more data, and none of them counts a large table exactly. The city is grown twice in one test
(generated people, consultations, cases and audit rows), each page is read after each step,
and the SQL it ran is compared; a page that fails names itself and the offending SQL.

An exact `SELECT COUNT(*)` over a large table reads it all (1.2–4.9 s on the 10-million-row
audit table); a count of a subquery with LIMIT (`kasane.core.pagination.capped_count`) stops
at the cap and is allowed."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kasane.accounts.models import User
from kasane.cases.models import Case
from kasane.demo.generators.audit import generate_audit
from kasane.demo.generators.cases import generate_cases
from kasane.demo.generators.intake import generate_consultations
from kasane.demo.generators.outreach import generate_outreach
from kasane.demo.generators.people import (
    consultation_organizations,
    demo_towns,
    generate_people,
)
from kasane.demo.generators.resources import generate_resources
from kasane.notices.kinds import Kind, TargetType
from kasane.notices.models import ChatWebhook, Delivery, Notice
from kasane.organizations.models import Area, Organization
from kasane.outreach.models import ContactAttempt, OutreachAssignment, OutreachTarget
from kasane.outreach.services import target_register
from kasane.participation.models import Match
from kasane.people.models import Person
from kasane.resources.models import Service, ServiceCategory
from tests.builders import demo_case, demo_household, demo_person
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

LARGE_TABLES = (
    "people_person",
    "people_namegram",
    "intake_consultation",
    "intake_referral",
    "cases_case",
    "cases_casenote",
    "audit_auditevent",
    "audit_auditperson",
    "notices_notice",
    "notices_delivery",
    "outreach_outreachtarget",
    "outreach_contactattempt",
    "resources_service",
    "participation_match",
)
# COUNT(*) of a subquery that stops at a LIMIT: what capped_count runs.
CAPPED_COUNT = re.compile(
    r"COUNT\(\*\)(?: AS \"__count\")? FROM \(SELECT .* LIMIT \d+\) subquery", re.S
)
# Each step adds this many of each (people in households, then what is about them).
STEPS = (
    {
        "people": 60,
        "consultations": 40,
        "cases": 8,
        "audit": 200,
        "deliveries": 60,
        "targets": 30,
        "generated_targets": 40,
        "resources": 60,
    },
    {
        "people": 120,
        "consultations": 80,
        "cases": 16,
        "audit": 400,
        "deliveries": 120,
        "targets": 60,
        "generated_targets": 80,
        "resources": 120,
    },
)


@dataclass(frozen=True)
class KeyPage:
    name: str
    username: str
    url: str
    # A page of a year's figures counts on purpose: exact counts of one fiscal year are what
    # it shows (bounded by the year, timed at city scale in docs/performance.md). Its number
    # of queries must still not grow.
    counts: bool = False
    # An Excel export answers its file to a POST (its GET is the password form).
    post: bool = False

    def request(self, client: Client) -> Any:
        return client.post(self.url) if self.post else client.get(self.url)


def _key_pages() -> list[KeyPage]:
    """Read before the city grows: generated people may share a demo person's name."""
    case = demo_case("田中家")
    target = _outreach_target()
    return [
        KeyPage("home (coordinator)", "coordinator", "/"),
        KeyPage("home (houkatsu)", "houkatsu", "/"),
        KeyPage("consultation list", "coordinator", "/consultations/"),
        KeyPage("referral inbox", "coordinator", "/referrals/?all_receivers=on"),
        KeyPage("case list", "coordinator", "/cases/"),
        KeyPage("case page", "coordinator", f"/cases/{case.pk}/"),
        KeyPage("person page", "coordinator", f"/people/{demo_person('鈴木 一郎').pk}/"),
        KeyPage("household page", "coordinator", f"/households/{demo_household('鈴木家').pk}/"),
        KeyPage("meeting list", "coordinator", "/meetings/"),
        KeyPage("audit search", "kansa", "/audit/"),
        KeyPage("people search", "coordinator", "/people/?name=すずき"),
        KeyPage("recent people", "coordinator", "/people/"),
        KeyPage("household list", "coordinator", "/households/"),
        KeyPage("notices (houkatsu)", "houkatsu", "/notices/"),
        KeyPage("notices, unread (coordinator)", "coordinator", "/notices/?unread=1"),
        KeyPage("outgoing messages (log)", "admin", "/manage/notices/deliveries/"),
        KeyPage("home (csw)", "csw", "/"),
        KeyPage("outreach list (csw)", "csw", "/outreach/"),
        KeyPage("outreach list, all (coordinator)", "coordinator", "/outreach/?stage=all"),
        KeyPage("outreach list, review (csw)", "csw", "/outreach/?due=review"),
        KeyPage("outreach list by 町丁目 (csw)", "csw", "/outreach/?sort=area"),
        KeyPage(
            "outreach export (coordinator)",
            "coordinator",
            "/outreach/export/?stage=all",
            post=True,
        ),
        KeyPage("outreach target page (csw)", "csw", f"/outreach/{target.pk}/"),
        KeyPage("outreach list, overdue (csw)", "csw", "/outreach/?due=overdue"),
        KeyPage("outreach figures (coordinator)", "coordinator", "/outreach/figures/", True),
        KeyPage("resource directory (sanka)", "sanka", "/resources/"),
        KeyPage("resource directory, category and day (houkatsu)", "houkatsu", _salon_on_wed()),
        KeyPage("resource directory, free text (sanka)", "sanka", "/resources/?q=サロン"),
        KeyPage("resources to check (chiiki)", "chiiki", "/resources/check/"),
        KeyPage("home (chiiki)", "chiiki", "/"),
        KeyPage("home (sanka)", "sanka", "/"),
        KeyPage("participation list (sanka)", "sanka", "/participation/"),
        KeyPage("participation list, due (coordinator)", "coordinator", "/participation/?due=on"),
        KeyPage("participation page (sanka)", "sanka", f"/cases/{case.pk}/participation/"),
        KeyPage("matching page (sanka)", "sanka", _matching_page()),
        KeyPage("matching page, city (sanka)", "sanka", _matching_page() + "?scope=city"),
        KeyPage(
            "participation figures (coordinator)", "coordinator", "/participation/figures/", True
        ),
        # The map (issue 17): a year's counts by area, exact on purpose (safe counts after).
        KeyPage("community map (chiiki)", "chiiki", "/community/map/", True),
        KeyPage(
            "community map, 町丁目 cases (csw)",
            "csw",
            "/community/map/?level=town&figure=cases&points=on",
            True,
        ),
        KeyPage("community activities (chiiki)", "chiiki", "/community/activities/"),
        KeyPage("resident helpers (chiiki)", "chiiki", "/community/helpers/"),
        KeyPage("community figures (csw)", "csw", "/community/figures/", True),
    ]


def _matching_page() -> str:
    case = demo_case("原田家")
    return f"/cases/{case.pk}/participation/people/{demo_person('原田 康平').pk}/match/"


def _salon_on_wed() -> str:
    return f"/resources/?category={ServiceCategory.objects.get(code='salon').pk}&weekday=2"


def _outreach_target() -> OutreachTarget:
    """A target on csw's list that every step adds attempts to."""
    return target_register(
        actor=User.objects.get(username="csw"),
        source="community",
        area=Area.objects.get(name="北町3丁目"),
        description="アパート2階の高齢男性",
        noticed="新聞がたまっている",
        next_contact_on=timezone.localdate(),
    )


def _grow_outreach(count: int) -> None:
    """`count` targets on 社会福祉協議会's list (due in three weeks), with three attempts
    each, and `count` more attempts on the first target (the one whose page is read)."""
    csw = User.objects.get(username="csw")
    area = Area.objects.get(name="北町2丁目")
    today = timezone.localdate()
    targets = OutreachTarget.objects.bulk_create(
        OutreachTarget(
            area=area,
            description="高齢の女性",
            source="community",
            noticed="見かけない",
            registered_on=today,
            review_on=today,
            stage_changed_on=today,
            # After the demo's targets: the first page names 山本 勇 at both sizes.
            next_contact_on=today + dt.timedelta(days=20 + n % 5),
            stage="trying",
            created_by=csw,
        )
        for n in range(count)
    )
    OutreachAssignment.objects.bulk_create(
        OutreachAssignment(target=target, organization_id=csw.organization_id, joined_on=today)
        for target in targets
    )
    first = OutreachTarget.objects.order_by("pk").first()
    ContactAttempt.objects.bulk_create(
        ContactAttempt(
            target=target,
            occurred_at=timezone.now() - dt.timedelta(hours=n + 1),
            method="visit",
            result="absent",
            recorded_by=csw,
            organization_id=csw.organization_id,
        )
        for n, target in enumerate([*targets * 3, *[first] * count])
    )


def _grow(step: dict[str, int], seed: int) -> None:
    generate_people(
        count=step["people"],
        organizations=consultation_organizations(),
        towns=demo_towns(),
        seed=seed,
        households=True,
    )
    assert generate_consultations(step["consultations"], seed=seed) == step["consultations"]
    generate_cases(step["cases"], seed=seed)
    last_person = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
    generate_audit(count=step["audit"], people=last_person, seed=seed)
    _notices(step["cases"] * 10)
    _grow_outbox(step["deliveries"], seed)
    _grow_outreach(step["targets"])
    count = step["generated_targets"]
    generate_outreach(targets=count, attempts=count * 20, seed=seed)
    generate_resources(step["resources"], seed=seed)
    _grow_participation(step["resources"] // 6)
    _grow_activities(step["resources"])


def _grow_activities(count: int) -> None:
    """`count` more 居場所 gatherings in 東圏域 this year, with a helper each."""
    from kasane.community.models import Activity, ResidentHelper
    from kasane.organizations.models import Area

    chiiki, area = User.objects.get(username="chiiki"), Area.objects.get(name="旭町1丁目")
    today = timezone.localdate()
    Activity.objects.bulk_create(
        Activity(
            held_on=today - dt.timedelta(days=n % 200),
            kind="gathering",
            title=f"サロン{n}",
            area=area,
            area_code=area.code,
            participants=10,
            recorded_by=chiiki,
        )
        for n in range(count)
    )
    ResidentHelper.objects.bulk_create(
        ResidentHelper(
            name=f"担い手{n}",
            kana=f"にないて{n}",
            kind="supporter",
            area=area,
            area_code=area.code,
            can_do="見守り",
            registered_on=today,
            created_by=chiiki,
        )
        for n in range(count)
    )


def _grow_participation(count: int) -> None:
    """`count` more places 田中 由美 started attending 40 days ago (follow-ups due)."""
    case, yumi = demo_case("田中家"), demo_person("田中 由美")
    taken = Match.objects.filter(person=yumi).values("service_id")
    started_on = timezone.localdate() - dt.timedelta(days=40)
    Match.objects.bulk_create(
        Match(
            case=case,
            person=yumi,
            service=service,
            stage="started",
            proposed_on=started_on,
            started_on=started_on,
            created_by=User.objects.get(username="sanka"),
        )
        for service in Service.objects.exclude(pk__in=taken).order_by("-pk")[:count]
    )


def _notices(count: int) -> None:
    """`count` notices about the newest cases for each of two users, as the rules write them."""
    users = list(User.objects.filter(username__in=["houkatsu", "coordinator"]))
    cases = list(Case.objects.order_by("-pk").values_list("pk", flat=True)[:count])
    # Newer than what the rules write while the city grows: every page of the list shows the
    # same kinds of record at both sizes.
    later = timezone.now() + dt.timedelta(days=1)
    Notice.objects.bulk_create(
        [
            Notice(
                recipient=user,
                kind=Kind.CASE_TEAM,
                text="チームに加わりました",
                target_type=TargetType.CASE,
                target_id=cases[number % len(cases)],
                created_at=later,
            )
            for user in users
            for number in range(count)
        ]
    )


def _grow_outbox(count: int, seed: int) -> None:
    """Chat messages of one webhook per step, a third of them failed."""
    hook = ChatWebhook.objects.create(
        organization=Organization.objects.order_by("pk").first(),
        name=f"緊急連絡{seed}",
        style="slack",
        url=f"https://chat.example.lg.jp/hooks/{seed}",
        kinds=["urgent_consultation"],
    )
    Delivery.objects.bulk_create(
        Delivery(
            channel="chat",
            webhook=hook,
            text="【Kasane】緊急の相談が1件あります",
            status="failed" if n % 3 == 0 else "sent",
        )
        for n in range(count)
    )


def _read(clients: dict[str, Client], page: KeyPage) -> list[str]:
    client = clients[page.username]
    assert page.request(client).status_code == 200, page.name  # warm-up (sessions, caches)
    with CaptureQueriesContext(connection) as queries:
        assert page.request(client).status_code == 200, page.name
    return [query["sql"] for query in queries.captured_queries]


def counts_a_large_table(sql: str) -> bool:
    if "COUNT(" not in sql.upper() or not any(f'"{table}"' in sql for table in LARGE_TABLES):
        return False
    return not CAPPED_COUNT.search(sql)


def test_key_pages_take_the_same_queries_at_two_sizes_and_never_count_a_large_table() -> None:
    pages = _key_pages()
    clients = {
        username: client_for(User.objects.get(username=username))
        for username in {page.username for page in pages}
    }
    seen: list[dict[str, list[str]]] = []
    for seed, step in enumerate(STEPS, start=1):
        _grow(step, seed)
        seen.append({page.name: _read(clients, page) for page in pages})
    problems = []
    for page in pages:
        small, large = seen[0][page.name], seen[1][page.name]
        if len(small) != len(large):
            extra = "\n    ".join(sql[:300] for sql in large[len(small) :][:3])
            problems.append(f"{page.name}: {len(small)} queries, then {len(large)}:\n    {extra}")
        problems += [
            f"{page.name} counts a large table exactly:\n    {sql[:400]}"
            for sql in large
            if counts_a_large_table(sql) and not page.counts
        ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("sql", "flagged"),
    [
        ('SELECT COUNT(*) AS "__count" FROM "audit_auditevent"', True),
        (
            'SELECT COUNT(*) FROM (SELECT "audit_auditevent"."id" AS "pk" '
            'FROM "audit_auditevent" LIMIT 5001) subquery',
            False,
        ),
        ('SELECT COUNT(*) AS "__count" FROM "organizations_area"', False),
        ('SELECT "cases_case"."id" FROM "cases_case" LIMIT 51', False),
    ],
)
def test_the_guard_tells_an_exact_count_from_a_capped_one(sql: str, flagged: bool) -> None:
    assert counts_a_large_table(sql) is flagged
