"""役割分担 names a worker from those who can work on cases (issue 13): the list offered the
police, tax, water, the community worker and the auditor too. The form offers case staff only
and the service refuses anyone else."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kasane.accounts.models import User
from kasane.cases.models import TeamRole
from kasane.core.errors import DomainError
from kasane.meetings import services
from kasane.meetings.forms import DecisionForm
from kasane.meetings.models import DecisionKind, MeetingKind, Purpose
from tests.builders import demo_case, schedule_meeting
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

NOT_CASE_WORK = ("zeimu", "suido", "keisatsu", "kansa", "chiiki", "admin")
CASE_STAFF = ("coordinator", "houkatsu", "jiritsu", "csw", "sanka")


def _worker_names() -> set[str]:
    choices = DecisionForm().fields["worker"].queryset
    return set(choices.values_list("username", flat=True))


def test_the_worker_list_offers_only_people_who_work_on_cases() -> None:
    names = _worker_names()
    assert set(CASE_STAFF) <= names
    assert names.isdisjoint(NOT_CASE_WORK)


def test_the_item_page_offers_only_case_staff_as_worker(coordinator: User) -> None:
    meeting = schedule_meeting(coordinator, MeetingKind.TEAM, body=None)
    item = services.agenda_add(
        actor=coordinator, meeting=meeting, case=demo_case("鈴木家"), purpose=Purpose.SHARE
    )
    page = client_for(coordinator).get(reverse("meetings:item", args=[meeting.pk, item.pk]))
    select = re.search(r'<select name="worker".*?</select>', page.content.decode(), re.S)
    assert select
    for username in NOT_CASE_WORK:
        user = User.objects.get(username=username)
        assert f'value="{user.pk}"' not in select.group(0), username
    assert f'value="{User.objects.get(username="houkatsu").pk}"' in select.group(0)


def test_the_service_refuses_a_worker_who_does_no_case_work(coordinator: User) -> None:
    keisatsu = User.objects.get(username="keisatsu")
    meeting = schedule_meeting(coordinator, MeetingKind.SUPPORT, body=None)
    item = services.agenda_add(
        actor=coordinator, meeting=meeting, case=demo_case("鈴木家"), purpose=Purpose.SHARE
    )
    with pytest.raises(DomainError, match="ケースを担当する役割ではありません"):
        services.decision_add(
            actor=coordinator,
            item=item,
            kind=DecisionKind.ROLE,
            organization=keisatsu.organization,
            team_role=TeamRole.AGENCY,
            worker=keisatsu,
        )
