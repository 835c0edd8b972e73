"""アウトリーチの実績 (`/outreach/figures/`): the year's figures on a small known set, in
令和6年度 (2024-04-01 – 2025-03-31), a year デモ市's watch list does not reach."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.cases.models import Case
from kasane.core.japanese import fiscal_year
from kasane.organizations.models import Area
from kasane.outreach.figures import Durations, outreach_figures
from kasane.outreach.models import ContactAttempt, OutreachAssignment, OutreachTarget
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")
YEAR = 2024
URL = f"/outreach/figures/?year={YEAR}"


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TOKYO)


def target(
    csw: User, registered: dt.date, source: str, stage: str, **values: object
) -> OutreachTarget:
    made = OutreachTarget.objects.create(
        area=Area.objects.get(name="北町3丁目"),
        description="高齢の男性",
        source=source,
        noticed="新聞がたまっている",
        stage=stage,
        registered_on=registered,
        review_on=registered + dt.timedelta(days=90),
        stage_changed_on=registered,
        created_by=csw,
        **values,
    )
    OutreachAssignment.objects.create(
        target=made, organization_id=csw.organization_id, worker=csw, joined_on=registered
    )
    return made


def attempts(csw: User, made: OutreachTarget, *rows: tuple[dt.datetime, str, str]) -> None:
    ContactAttempt.objects.bulk_create(
        ContactAttempt(
            target=made,
            occurred_at=when,
            method=method,
            result=result,
            recorded_by=csw,
            organization_id=csw.organization_id,
        )
        for when, method, result in rows
    )


def unused_case() -> Case:
    linked = OutreachTarget.objects.filter(case__isnull=False).values("case_id")
    return Case.objects.exclude(pk__in=linked).order_by("pk")[0]


@pytest.fixture
def known(csw: User) -> dict[str, OutreachTarget]:
    """Seven targets of 令和6年度 (and two outside it): first contact after 1, 3, 7 and 15
    days; connection after 7 (an attempt) and 31 days (a case opened)."""
    assert outreach_figures(YEAR).on_list == 0
    d = dt.date
    t1 = target(csw, d(2024, 4, 1), "community", "met")
    # 2024-04-01 00:05 in Tokyo is still 3/31 in UTC: it belongs to 令和6年度.
    attempts(csw, t1, (at(2024, 4, 1, 0, 5), "visit", "absent"), (at(2024, 4, 2), "visit", "met"))
    t2 = target(csw, d(2024, 5, 1), "sheet", "spoke")
    attempts(csw, t2, (at(2024, 5, 1), "phone", "absent"), (at(2024, 5, 4), "visit", "spoke"))
    t3 = target(csw, d(2024, 6, 1), "meeting", "connected")
    attempts(csw, t3, (at(2024, 6, 1), "visit", "refused"), (at(2024, 6, 8), "visit", "connected"))
    case = unused_case()
    Case.objects.filter(pk=case.pk).update(opened_on=d(2024, 8, 1))
    t4 = target(csw, d(2024, 7, 1), "sheet", "connected", case=case)
    attempts(csw, t4, (at(2024, 7, 1), "letter", "no_answer"), (at(2024, 7, 16), "visit", "met"))
    # Registered on the year's last day; met 10 minutes into the next year (3/31 in UTC).
    t5 = target(csw, d(2025, 3, 31), "direct", "met")
    attempts(
        csw,
        t5,
        (at(2025, 3, 31, 23, 30), "note", "absent"),
        (at(2025, 4, 1, 0, 10), "visit", "met"),
    )
    target(csw, d(2023, 10, 1), "community", "closed", closed_on=d(2024, 3, 31))  # before
    t7 = target(csw, d(2023, 11, 1), "consultation", "closed", closed_on=d(2024, 9, 30))
    attempts(csw, t7, (at(2023, 11, 5), "visit", "absent"))
    target(csw, d(2025, 4, 1), "community", "known")  # the next year's
    t9 = target(csw, d(2024, 10, 1), "community", "relation")  # corrected by a worker
    return {"t1": t1, "t5": t5, "t9": t9}


def test_it_counts_targets_by_source_and_new(known: dict) -> None:
    figures = outreach_figures(YEAR)
    assert (figures.on_list, figures.new) == (7, 6)
    assert [(row.label, row.on_list, row.new) for row in figures.by_source] == [
        ("つなぐシート", 2, 2),
        ("相談", 1, 0),
        ("支援会議の決定", 1, 1),
        ("民生委員・近隣からの情報", 2, 2),
        ("直接", 1, 1),
    ]


def test_it_counts_the_stage_at_the_year_end_from_the_records_and_now(known: dict) -> None:
    rows = {row.label: (row.at_year_end, row.now) for row in outreach_figures(YEAR).by_stage}
    assert rows == {
        "把握": (1, 0),  # t9: no attempt; corrected to 関係ができた
        "接触を試みている": (1, 0),  # t5: met only after the year's end
        "会えた": (1, 2),
        "話せた": (1, 1),
        "関係ができた": (0, 1),
        "相談・支援につながった": (2, 2),  # t3 by an attempt, t4 by its case
        "終了": (1, 1),
    }


def test_it_tables_the_years_attempts_by_method_and_result(known: dict) -> None:
    table = outreach_figures(YEAR).attempts
    assert table.results == ["不在", "応答なし", "拒否", "会えた", "話せた", "相談につながった"]
    assert table.rows == [
        ("訪問", [1, 0, 1, 2, 1, 1], 6),
        ("電話", [1, 0, 0, 0, 0, 0], 1),
        ("手紙", [0, 1, 0, 0, 0, 0], 1),
        ("置き手紙", [1, 0, 0, 0, 0, 0], 1),
        ("同行訪問", [0, 0, 0, 0, 0, 0], 0),
        ("地域からの見守り情報", [0, 0, 0, 0, 0, 0], 0),
    ]
    assert (table.result_totals, table.total) == ([3, 1, 1, 2, 1, 1], 9)


def test_it_gives_median_and_quartiles_by_linear_interpolation(known: dict) -> None:
    figures = outreach_figures(YEAR)
    assert (figures.reached_contact, figures.reached_connection) == (4, 2)
    # Days 1, 3, 7, 15: positions 0.75, 1.5 and 2.25 between the sorted values.
    assert figures.to_contact == Durations(count=4, q1=2.5, median=5.0, q3=9.0)
    # Days 7 and 31.
    assert figures.to_connection == Durations(count=2, q1=13.0, median=19.0, q3=25.0)


def test_the_fiscal_year_turns_at_midnight_in_tokyo(known: dict) -> None:
    """The met at 4/1 00:10 (3/31 in UTC) is the next year's: its attempt, its first contact."""
    before = outreach_figures(YEAR + 1)
    ContactAttempt.objects.filter(occurred_at=at(2025, 4, 1, 0, 10)).delete()
    without = outreach_figures(YEAR + 1)
    assert before.attempts.total - without.attempts.total == 1
    assert before.reached_contact - without.reached_contact == 1
    assert before.to_contact.count - without.to_contact.count == 1
    assert outreach_figures(YEAR).attempts.total == 9


def test_a_year_with_nothing_shows_no_quartiles() -> None:
    figures = outreach_figures(2010)
    assert figures.to_contact == Durations(count=0, q1=None, median=None, q3=None)
    assert figures.attempts.total == 0


def test_it_shows_the_page_to_the_coordinator_and_audits_it(known: dict, coordinator: User) -> None:
    response = client_for(coordinator).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "令和6年度" in page and "相談・支援につながるまで" in page
    event = AuditEvent.objects.filter(action="outreach.figures").latest("pk")
    assert event.actor == coordinator
    assert event.details == {"fiscal_year": YEAR}


def test_the_current_year_is_the_default(coordinator: User) -> None:
    response = client_for(coordinator).get("/outreach/figures/")
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="outreach.figures").latest("pk")
    assert event.details == {"fiscal_year": fiscal_year(timezone.localdate())}


def test_an_unknown_year_is_refused_without_figures(coordinator: User) -> None:
    response = client_for(coordinator).get("/outreach/figures/?year=1999")
    assert response.status_code == 200
    assert "figures" not in response.context
    assert not AuditEvent.objects.filter(action="outreach.figures").exists()


def test_the_admin_does_not_read_it(admin: User) -> None:
    """The figures count every organisation's targets: case content, not the admin's (issue
    19)."""
    assert client_for(admin).get(URL).status_code == 404
    assert not AuditEvent.objects.filter(action="outreach.figures", actor=admin).exists()


@pytest.mark.parametrize("username", ["outsider", "zeimu", "chiiki", "csw", "houkatsu", "kansa"])
def test_everyone_else_gets_404(username: str) -> None:
    user = User.objects.get(username=username)
    assert client_for(user).get(URL).status_code == 404
    assert not AuditEvent.objects.filter(action="outreach.figures").exists()


def test_anonymous_is_sent_to_sign_in() -> None:
    assert Client().get(URL).status_code == 302


def test_the_list_links_it_for_those_who_may_see_it(coordinator: User, csw: User) -> None:
    assert "/outreach/figures/" in client_for(coordinator).get("/outreach/").content.decode()
    assert "/outreach/figures/" not in client_for(csw).get("/outreach/").content.decode()


def test_the_query_count_does_not_grow_with_rows(known: dict, coordinator: User, csw: User) -> None:
    client = client_for(coordinator)
    small = queries_for(client, URL)
    for n in range(5):
        more = target(csw, dt.date(2024, 9, 1 + n), "sheet", "met")
        attempts(
            csw,
            more,
            (at(2024, 9, 1 + n), "phone", "no_answer"),
            (at(2024, 9, 10 + n), "visit", "met"),
            (at(2024, 10, 1 + n), "visit", "connected"),
        )
    assert outreach_figures(YEAR).on_list == 12
    assert queries_for(client, URL) == small
