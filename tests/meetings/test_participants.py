"""Participants several at a time (issue 13, dead ends): the workers of the agenda's case
teams are offered as checkboxes (no Ctrl-click multi-select) and a whole team joins in one
post, together with one more user or an outside participant; all or none, each audited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.meetings import services
from kasane.meetings.models import Meeting, MeetingKind, Purpose
from tests.builders import demo_case, new_key, schedule_meeting
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(coordinator: User) -> Meeting:
    """A 支援会議 tomorrow with 鈴木家 on its agenda."""
    meeting = schedule_meeting(
        coordinator, MeetingKind.SUPPORT, starts_at=timezone.now() + dt.timedelta(days=1), body=None
    )
    services.agenda_add(
        actor=coordinator, meeting=meeting, case=demo_case("鈴木家"), purpose=Purpose.SHARE
    )
    return meeting


def _team_workers(meeting: Meeting) -> list[User]:
    """鈴木家's named workers who are not participants yet (the coordinator who convenes is)."""
    case = demo_case("鈴木家")
    return [
        member.worker
        for member in case.team.filter(left_on__isnull=True, worker__isnull=False)
        .exclude(worker__in=meeting.participants.filter(user__isnull=False).values("user"))
        .select_related("worker__organization")
        .order_by("pk")
    ]


def _participants(meeting: Meeting) -> set[str]:
    return {
        p.user.username if p.user else p.name for p in meeting.participants.select_related("user")
    }


def test_the_meeting_page_offers_the_agenda_teams_as_checkboxes(
    meeting: Meeting, coordinator: User
) -> None:
    page = client_for(coordinator).get(reverse("meetings:detail", args=[meeting.pk]))
    html = page.content.decode()
    workers = _team_workers(meeting)
    assert len(workers) >= 2
    for worker in workers:
        assert re.search(rf'<input type="checkbox" name="team" value="{worker.pk}"', html)
        assert f"{worker.full_name}（{worker.organization.name}）— 鈴木家" in html
    assert "multiple" not in html


def test_a_whole_team_joins_in_one_post_with_an_outsider(
    meeting: Meeting, coordinator: User
) -> None:
    workers = _team_workers(meeting)
    before = AuditEvent.objects.filter(action="meeting.participant_add").count()
    response = client_for(coordinator).post(
        reverse("meetings:participant_add", args=[meeting.pk]),
        {
            "submission_key": new_key(),
            "team": [str(worker.pk) for worker in workers],
            "name": "民生 花子",
            "organization_name": "東町民生委員協議会",
            "role": "民生委員・児童委員",
        },
    )
    assert response.status_code == 302
    assert _participants(meeting) >= {*(w.username for w in workers), "民生 花子"}
    added = AuditEvent.objects.filter(action="meeting.participant_add").count() - before
    assert added == len(workers) + 1
    outsider = meeting.participants.get(name="民生 花子")
    assert outsider.role == "民生委員・児童委員"
    assert all(p.role == "" for p in meeting.participants.filter(user__in=workers))


def test_those_already_taking_part_are_not_offered_again(
    meeting: Meeting, coordinator: User
) -> None:
    first = _team_workers(meeting)[0]
    services.participant_add(actor=coordinator, meeting=meeting, user=first)
    html = client_for(coordinator).get(reverse("meetings:detail", args=[meeting.pk]))
    assert f'name="team" value="{first.pk}"' not in html.content.decode()


def test_someone_not_on_the_teams_cannot_be_slipped_in_as_team(
    meeting: Meeting, coordinator: User
) -> None:
    stranger = User.objects.get(username="kosodate")
    assert stranger not in _team_workers(meeting)
    response = client_for(coordinator).post(
        reverse("meetings:participant_add", args=[meeting.pk]),
        {"submission_key": new_key(), "team": [str(stranger.pk)]},
    )
    assert response.status_code == 200
    assert "kosodate" not in _participants(meeting)


def test_all_or_none(meeting: Meeting, coordinator: User) -> None:
    """A refused entry (the same user as the one typed twice is fine, an empty external name
    with nothing else is not) adds nobody."""
    workers = _team_workers(meeting)
    client = client_for(coordinator)
    before = _participants(meeting)
    response = client.post(
        reverse("meetings:participant_add", args=[meeting.pk]),
        {
            "submission_key": new_key(),
            "team": [str(w.pk) for w in workers],
            "user": str(workers[0].pk),
            "name": "外部 太郎",
        },
    )
    assert response.status_code == 200
    assert "外部の参加者の欄は空に" in response.content.decode()
    assert _participants(meeting) == before


def test_nothing_chosen_is_a_message(meeting: Meeting, coordinator: User) -> None:
    response = client_for(coordinator).post(
        reverse("meetings:participant_add", args=[meeting.pk]),
        {
            "submission_key": new_key(),
        },
    )
    assert "チームから選ぶか" in response.content.decode()


def test_the_meeting_page_takes_the_same_queries_however_large_the_teams(
    meeting: Meeting, coordinator: User
) -> None:
    client = client_for(coordinator)
    url = reverse("meetings:detail", args=[meeting.pk])
    before = queries_for(client, url)
    for household in ("田中家", "山本家"):
        services.agenda_add(
            actor=coordinator, meeting=meeting, case=demo_case(household), purpose=Purpose.SHARE
        )
    assert queries_for(client, url) == before


def test_an_outside_participant_does_not_hide_the_teams(
    meeting: Meeting, coordinator: User
) -> None:
    """Outside participants have no user; they must not empty the list (NOT IN with a NULL)."""
    services.participant_add(actor=coordinator, meeting=meeting, name="民生 花子")
    workers = _team_workers(meeting)
    html = client_for(coordinator).get(reverse("meetings:detail", args=[meeting.pk]))
    for worker in workers:
        assert f'name="team" value="{worker.pk}"' in html.content.decode()
