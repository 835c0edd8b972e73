"""Issue 19, the auditor's reports (3): 週次の不審なアクセス, from known rows of one week."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.audit.selectors import audit_events_filtered
from kasane.audit.unusual import last_full_week, off_hours_spans, unusual_access
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db

# ゴールデンウィークの週: 4/29 (火) 昭和の日, 5/3 (土), 5/4 (日).
MONDAY = dt.date(2025, 4, 28)
SUNDAY = dt.date(2025, 5, 4)
WEDNESDAY = dt.date(2025, 4, 30)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _rows(username: str, action: str, at: dt.datetime, count: int = 1, roles: str = "consultant"):
    AuditEvent.objects.bulk_create(
        AuditEvent(at=at, actor_username=username, roles=roles, action=action) for _ in range(count)
    )


@pytest.fixture
def week() -> None:
    """a1–a3 view 10 records each in working hours, a4 60 (median 11: flagged at 3×, from 50);
    a2 views once at 21:00, a3 once on the holiday; a1 sees a restricted address; a name
    nobody holds fails to log in five times; a3 uses break-glass; rows outside the week."""
    for name in ("a1", "a2", "a3"):
        _rows(name, "case.view", _at(WEDNESDAY, 10), 10)
    _rows("a4", "person.view", _at(WEDNESDAY, 11), 60)
    _rows("a2", "household.view", _at(WEDNESDAY, 21))
    _rows("a3", "consultation.view", _at(dt.date(2025, 4, 29), 10))
    _rows("a1", "person.view_unmasked", _at(WEDNESDAY, 10))
    _rows("nobody", "auth.login_failed", _at(WEDNESDAY, 3), 4, roles="")
    _rows("nobody", "auth.locked_out", _at(WEDNESDAY, 3, 5), roles="")
    _rows("a1", "auth.login_failed", _at(WEDNESDAY, 9), roles="")
    _rows("a3", "breakglass.request", _at(WEDNESDAY, 12))
    _rows("a4", "person.view", _at(dt.date(2025, 5, 5), 23), 30)  # the next week
    _rows("a2", "person.view", _at(MONDAY, 0) - dt.timedelta(minutes=1))  # the week before


def _by_name(report) -> dict:
    return {user.username: user for user in report.users}


def test_it_counts_and_flags_each_category(week: None) -> None:
    report = unusual_access(MONDAY, SUNDAY)
    users = _by_name(report)
    assert set(users) == {"a1", "a2", "a3", "a4", "nobody"}
    assert (users["a4"].views, users["a4"].median_views, users["a4"].flags) == (60, 11, {"views"})
    assert (users["a2"].views, users["a2"].off_hours, users["a2"].flags) == (11, 1, {"off_hours"})
    assert users["a3"].flags == {"off_hours", "breakglass"}  # 昭和の日 is a day off
    assert (users["a1"].restricted, users["a1"].off_hours, users["a1"].flags) == (
        1,
        0,
        {"restricted"},
    )
    assert users["a1"].failed_logins == 1
    assert (users["nobody"].failed_logins, users["nobody"].flags) == (5, {"failed_logins"})
    assert report.totals == {
        "views": 92,
        "off_hours": 2,
        "restricted": 1,
        "failed_logins": 6,
        "breakglass": 1,
    }


@override_settings(KASANE_UNUSUAL_VIEWS_MIN=61, KASANE_UNUSUAL_FAILED_LOGINS=6)
def test_the_thresholds_are_settings(week: None) -> None:
    users = _by_name(unusual_access(MONDAY, SUNDAY))
    assert "a4" not in users  # 60 views, nothing else
    assert "nobody" not in users


@override_settings(KASANE_WORK_START_HOUR=9, KASANE_WORK_END_HOUR=22)
def test_working_hours_are_settings(week: None) -> None:
    users = _by_name(unusual_access(MONDAY, SUNDAY))
    assert "a2" not in users  # 21:00 is now within hours: nothing left to flag
    assert users["a3"].off_hours == 1  # the holiday stays a day off


def test_off_hours_merge_nights_and_days_off() -> None:
    spans = off_hours_spans(MONDAY, SUNDAY)
    # Mon 0–8, Mon 20 → Wed 8 (Tuesday is 昭和の日), Wed 20 → Thu 8, Thu 20 → Fri 8,
    # Fri 20 → Mon 0.
    assert [(start.day, start.hour, end.day, end.hour) for start, end in spans] == [
        (28, 0, 28, 8),
        (28, 20, 30, 8),
        (30, 20, 1, 8),
        (1, 20, 2, 8),
        (2, 20, 5, 0),
    ]


def test_the_default_week_is_the_last_full_one() -> None:
    assert last_full_week(dt.date(2025, 5, 7)) == (MONDAY, SUNDAY)
    assert last_full_week(dt.date(2025, 5, 5)) == (MONDAY, SUNDAY)


def test_each_count_links_to_exactly_its_rows_in_the_search(week: None, kansa: User) -> None:
    period = {"date_from": MONDAY, "date_to": SUNDAY}
    events = AuditEvent.objects.all()

    def search(**filters: object) -> int:
        return audit_events_filtered(events, {**period, **filters}).count()

    assert search(user="a2", category="off_hours") == 1
    assert search(user="a4", category="views") == 60
    assert search(user="nobody", category="failed_logins") == 5
    assert search(category="breakglass") == 1
    response = client_for(kansa).get(
        "/audit/",
        {"user": "a2", "category": "off_hours", "date_from": "2025-04-28", "date_to": "2025-05-04"},
    )
    assert response.status_code == 200
    assert list(response.context["page"]) == list(
        AuditEvent.objects.filter(actor_username="a2", at=_at(WEDNESDAY, 21))
    )


def test_the_page_lists_the_week_with_links_and_is_audited(week: None, kansa: User) -> None:
    response = client_for(kansa).get("/audit/unusual/", {"week": "令和7年4月30日"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "60件（要確認）" in text
    assert "category=views&amp;date_from=2025-04-28&amp;date_to=2025-05-04&amp;user=a4" in text
    event = AuditEvent.objects.get(action="audit.unusual_access")
    assert event.details == {"week": "2025-04-28", "shown": 5}


def test_a_future_week_is_refused_in_japanese(kansa: User) -> None:
    future = timezone.localdate() + dt.timedelta(days=8)
    response = client_for(kansa).get("/audit/unusual/", {"week": future.isoformat()})
    assert "今日までの日付を入れてください。" in response.content.decode()
    assert response.context["report"].first == last_full_week()[0]


def test_the_query_count_does_not_grow_with_users(week: None, kansa: User) -> None:
    client = client_for(kansa)
    url = "/audit/unusual/?week=2025-04-30"
    before = queries_for(client, url)
    for name in ("b1", "b2", "b3"):
        _rows(name, "person.view", _at(WEDNESDAY, 23))
    assert queries_for(client, url) == before


@pytest.mark.parametrize("username", ["outsider", "admin", "coordinator", "zeimu"])
def test_everyone_but_the_auditor_gets_404(username: str, week: None) -> None:
    client: Client = client_for(User.objects.get(username=username))
    assert client.get("/audit/unusual/").status_code == 404
    assert not AuditEvent.objects.filter(action="audit.unusual_access").exists()
