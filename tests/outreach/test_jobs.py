"""The dates the system carries (issue 15): a passed visit date is told to the assigned
workers once, and the coordinators are alerted of a target nobody has met for long or whose
安否 was not confirmed three times in a row, once per episode."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kasane.notices.kinds import Kind
from kasane.notices.models import Notice
from kasane.outreach import jobs
from kasane.outreach.models import OutreachTarget
from tests.builders import today
from tests.conftest import client_for
from tests.outreach.helpers import attempt, unidentified

pytestmark = pytest.mark.django_db


def _notices(kind: str, target: OutreachTarget) -> list[tuple[str, str]]:
    return list(
        Notice.objects.filter(kind=kind, target_id=target.pk).values_list(
            "recipient__username", "text"
        )
    )


def test_a_passed_visit_date_is_told_to_the_assigned_worker_once(csw, coordinator):
    target = unidentified(csw, registered_on=today() - dt.timedelta(days=5))
    OutreachTarget.objects.filter(pk=target.pk).update(
        next_contact_on=today() - dt.timedelta(days=1)
    )
    jobs.visits_due(timezone.now())
    jobs.visits_due(timezone.now())
    assert _notices(Kind.OUTREACH_OVERDUE, target) == [
        ("csw", "担当する見守り対象の訪問予定日を過ぎています")
    ]
    notice = Notice.objects.get(kind=Kind.OUTREACH_OVERDUE, target_id=target.pk)
    page = client_for(csw).get(reverse("notices:list")).content.decode()
    assert f"アウトリーチ対象（{target.pk}）" in page
    opened = client_for(csw).get(reverse("notices:open", args=[notice.pk]))
    assert opened.url == reverse("outreach:detail", args=[target.pk])
    assert notice.text not in client_for(coordinator).get(reverse("notices:list")).content.decode()


def test_a_new_date_is_a_new_task_and_a_future_date_tells_nobody(csw):
    target = unidentified(csw, next_contact_on=today() + dt.timedelta(days=1))
    jobs.visits_due(timezone.now())
    assert _notices(Kind.OUTREACH_OVERDUE, target) == []
    tomorrow_but_one = timezone.now() + dt.timedelta(days=2)
    jobs.visits_due(tomorrow_but_one)
    assert len(_notices(Kind.OUTREACH_OVERDUE, target)) == 1


def test_an_unnamed_assignment_tells_the_organisations_case_staff(csw, sanka, coordinator):
    target = unidentified(csw, registered_on=today() - dt.timedelta(days=5))
    target.assignments.update(worker=None)
    OutreachTarget.objects.filter(pk=target.pk).update(
        next_contact_on=today() - dt.timedelta(days=1)
    )
    jobs.visits_due(timezone.now())
    told = {username for username, _text in _notices(Kind.OUTREACH_OVERDUE, target)}
    assert told == {"csw", "sanka"}


def test_coordinators_are_alerted_of_a_target_nobody_has_met_for_long(csw, coordinator, settings):
    settings.KASANE_OUTREACH_ALERT_DAYS = 10
    target = unidentified(csw, registered_on=today() - dt.timedelta(days=11))
    jobs.visits_due(timezone.now())
    jobs.visits_due(timezone.now())
    assert _notices(Kind.OUTREACH_ALERT, target) == [
        ("coordinator", "長く会えていない見守り対象があります")
    ]
    attempt(csw, target, "met")
    jobs.visits_due(timezone.now())
    assert len(_notices(Kind.OUTREACH_ALERT, target)) == 1  # met today: the episode ended


def test_three_attempts_without_safety_alert_the_coordinators_once(csw, coordinator):
    target = unidentified(csw)
    for hours in (5, 4):
        attempt(csw, target, "absent", safety="not_confirmed", occurred_at=_ago(hours))
    jobs.visits_due(timezone.now())
    assert _notices(Kind.OUTREACH_ALERT, target) == []
    attempt(csw, target, "absent", safety="not_confirmed", occurred_at=_ago(3))
    jobs.visits_due(timezone.now())
    attempt(csw, target, "no_answer", safety="not_confirmed", occurred_at=_ago(2))
    jobs.visits_due(timezone.now())
    assert _notices(Kind.OUTREACH_ALERT, target) == [
        ("coordinator", "安否が続けて確認できていない見守り対象があります")
    ]


def _ago(hours: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(hours=hours)
