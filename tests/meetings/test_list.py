"""The meeting list (issue 13): by default it holds the past 7 days as well as what is to
come, so a meeting just held does not vanish before its minutes are written; a meeting of the
body 支援会議 is labelled 支援会議 once, not 「支援会議・支援会議」."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kasane.accounts.models import User
from kasane.meetings.models import MeetingBody, MeetingKind
from tests.builders import schedule_meeting
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db


def _schedule(coordinator: User, title: str, starts_in: dt.timedelta, **fields: object):
    return schedule_meeting(
        coordinator, starts_at=timezone.now() + starts_in, title=title, **{"body": None, **fields}
    )


def test_by_default_the_list_keeps_the_past_week(coordinator: User) -> None:
    _schedule(coordinator, "昨日開いた会議", -dt.timedelta(days=1))
    _schedule(coordinator, "6日前の会議", -dt.timedelta(days=6))
    _schedule(coordinator, "来週の会議", dt.timedelta(days=7))
    _schedule(coordinator, "先月の会議", -dt.timedelta(days=30))
    page = client_for(coordinator).get(reverse("meetings:list")).content.decode()
    assert "昨日開いた会議" in page and "6日前の会議" in page and "来週の会議" in page
    assert "先月の会議" not in page
    assert page.index("6日前の会議") < page.index("昨日開いた会議") < page.index("来週の会議")
    assert '<option value="recent" selected>7日前から先</option>' in page


def test_the_other_periods_stay(coordinator: User) -> None:
    _schedule(coordinator, "昨日開いた会議", -dt.timedelta(days=1))
    _schedule(coordinator, "先月の会議", -dt.timedelta(days=30))
    client = client_for(coordinator)
    upcoming = client.get(reverse("meetings:list"), {"when": "upcoming"}).content.decode()
    assert "昨日開いた会議" not in upcoming
    past = client.get(reverse("meetings:list"), {"when": "past"}).content.decode()
    assert "昨日開いた会議" in past and "先月の会議" in past


def test_a_meeting_of_the_body_of_the_same_name_is_labelled_once(coordinator: User) -> None:
    support = MeetingBody.objects.get(name="支援会議")
    _schedule(coordinator, "今月の支援会議", dt.timedelta(days=2), body=support)
    page = client_for(coordinator).get(reverse("meetings:list")).content.decode()
    assert "今月の支援会議" in page
    assert "支援会議・支援会議" not in page


def test_a_body_with_its_own_name_is_still_shown(coordinator: User) -> None:
    other = MeetingBody.objects.exclude(name__in=["支援会議", "重層的支援会議"]).first()
    assert other is not None
    meeting = _schedule(
        coordinator, "調整の会議", dt.timedelta(days=2), body=other, kind=other.kind
    )
    page = client_for(coordinator).get(reverse("meetings:list")).content.decode()
    assert f"{meeting.kind_short}・{other.name}" in page


def test_the_default_list_takes_the_same_queries_however_many_meetings(
    coordinator: User,
) -> None:
    client = client_for(coordinator)
    before = queries_for(client, reverse("meetings:list"))
    for days in range(-6, 4, 2):
        _schedule(coordinator, f"会議{days}", dt.timedelta(days=days), kind=MeetingKind.TEAM)
    assert queries_for(client, reverse("meetings:list")) == before
