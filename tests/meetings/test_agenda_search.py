"""Agenda items by name (issue 13, dead ends): the coordinator finds the case by the person's
name or kana, the household's name or the case number, as they type (htmx) or with 探す
(without JavaScript), and picks it from the list; each search is recorded as a case-list
search naming the meeting; only the cases the user may see, not ended, not on the agenda."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.cases import services as cases
from kasane.cases.models import CaseStatus
from kasane.meetings import selectors, services
from kasane.meetings.models import Meeting, MeetingKind, Purpose
from tests.builders import demo_case, new_key, open_case, schedule_meeting
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(coordinator: User) -> Meeting:
    return schedule_meeting(
        coordinator, MeetingKind.SUPPORT, starts_at=timezone.now() + dt.timedelta(days=1), body=None
    )


def _search(user: User, meeting: Meeting, text: str) -> str:
    url = reverse("meetings:agenda_cases", args=[meeting.pk])
    response = client_for(user).get(url, {"agenda_q": text}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def _offered(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<input type="radio" name="case" value="(\d+)"', page)]


@pytest.mark.parametrize("typed", ["すずき", "スズキ", "鈴木", "鈴木家", "ｽｽﾞｷ"])
def test_a_name_finds_the_case(meeting: Meeting, coordinator: User, typed: str) -> None:
    case = demo_case("鈴木家")
    page = _search(coordinator, meeting, typed)
    assert case.pk in _offered(page)
    assert f"鈴木家（ケース番号 {case.pk}・{case.get_status_display()}）" in page
    assert "<html" not in page


def test_the_case_number_finds_it_too(meeting: Meeting, coordinator: User) -> None:
    case = demo_case("田中家")
    assert _offered(_search(coordinator, meeting, str(case.pk))) == [case.pk]
    assert _offered(_search(coordinator, meeting, "9" * 40)) == []


def test_each_search_is_audited_with_the_meeting(meeting: Meeting, coordinator: User) -> None:
    _search(coordinator, meeting, "すずき")
    event = AuditEvent.objects.filter(action="case.list", actor=coordinator).latest("pk")
    assert event.details["via"] == "meeting_agenda"
    assert event.details["criteria"] == ["name"]
    assert "すずき" not in str(event.details)
    assert event.details["meeting"] == meeting.pk
    assert event.details["shown"] >= 1
    assert meeting.title in event.reason


def test_cases_on_the_agenda_or_ended_are_not_offered(meeting: Meeting, coordinator: User) -> None:
    suzuki = demo_case("鈴木家")
    services.agenda_add(actor=coordinator, meeting=meeting, case=suzuki, purpose=Purpose.SHARE)
    assert suzuki.pk not in _offered(_search(coordinator, meeting, "鈴木"))
    ended = open_case(coordinator, "田中家")
    cases.case_transition(actor=coordinator, case=ended, to_status=CaseStatus.SCREENING)
    cases.case_transition(
        actor=coordinator, case=ended, to_status=CaseStatus.NOT_ELIGIBLE, reason="対象外"
    )
    assert ended.pk not in _offered(_search(coordinator, meeting, "田中"))
    assert "見つかりません" in _search(coordinator, meeting, "該当なし")


def test_the_search_stays_within_the_users_cases(meeting: Meeting, coordinator: User) -> None:
    kosodate = User.objects.get(username="kosodate")
    found = selectors.agenda_case_search(kosodate, meeting, "鈴木")
    assert demo_case("鈴木家") not in found.cases  # not on that team
    assert demo_case("田中家") in selectors.agenda_case_search(kosodate, meeting, "田中").cases


def test_a_case_picked_from_the_results_goes_on_the_agenda(
    meeting: Meeting, coordinator: User
) -> None:
    case = demo_case("山本家")
    response = client_for(coordinator).post(
        reverse("meetings:agenda_add", args=[meeting.pk]),
        {
            "submission_key": new_key(),
            "case": str(case.pk),
            "purpose": Purpose.SHARE,
            "briefing": "見守りの分担",
        },
    )
    assert response.status_code == 302
    assert meeting.items.get().case == case


def test_without_javascript_the_meeting_page_answers_the_search(
    meeting: Meeting, coordinator: User
) -> None:
    case = demo_case("鈴木家")
    url = reverse("meetings:detail", args=[meeting.pk])
    page = client_for(coordinator).get(url, {"agenda_q": "鈴木"}).content.decode()
    assert case.pk in _offered(page)
    assert re.search(r"<details open>\s*<summary>議題を加える</summary>", page)
    form = re.search(
        r'<form method="get" action="([^"]+)"[^>]*aria-label="議題にするケースを探す"', page
    )
    assert form and form.group(1) == f"{url}#agenda"


def test_a_picked_case_and_a_different_number_are_refused(
    meeting: Meeting, coordinator: User
) -> None:
    response = client_for(coordinator).post(
        reverse("meetings:agenda_add", args=[meeting.pk]),
        {
            "submission_key": new_key(),
            "case": str(demo_case("山本家").pk),
            "case_number": str(demo_case("田中家").pk),
            "purpose": Purpose.SHARE,
        },
    )
    assert response.status_code == 200
    assert "どちらか一つ" in response.content.decode()
    assert not meeting.items.exists()


def test_nothing_chosen_says_how_to_choose(meeting: Meeting, coordinator: User) -> None:
    response = client_for(coordinator).post(
        reverse("meetings:agenda_add", args=[meeting.pk]),
        {"submission_key": new_key(), "purpose": Purpose.SHARE},
    )
    assert "名前で探して選ぶか、ケース番号を入力してください" in response.content.decode()


def test_a_refused_pick_stays_chosen(coordinator: User) -> None:
    """A 重層的支援会議 refuses 鈴木家 (no consent): the page keeps the case picked."""
    jusou = schedule_meeting(
        coordinator, MeetingKind.JUSOU, starts_at=timezone.now() + dt.timedelta(days=1), body=None
    )
    case = demo_case("鈴木家")
    response = client_for(coordinator).post(
        reverse("meetings:agenda_add", args=[jusou.pk]),
        {"submission_key": new_key(), "case": str(case.pk), "purpose": "plan"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and not jusou.items.exists()
    assert re.search(rf'<input type="radio" name="case" value="{case.pk}"[^>]*checked', page)


def test_the_search_takes_the_same_queries_however_many_cases_match(
    meeting: Meeting, coordinator: User
) -> None:
    client = client_for(coordinator)
    url = reverse("meetings:agenda_cases", args=[meeting.pk]) + "?agenda_q=%E7%94%B0%E4%B8%AD"
    before = queries_for(client, url)
    for _ in range(3):
        open_case(coordinator, "田中家")
    assert queries_for(client, url) == before


def test_the_meeting_page_s_agenda_form_carries_its_one_time_key(
    meeting: Meeting, coordinator: User
) -> None:
    """Without it the page's own form is refused (the key is a hidden field the page's
    hand-written form must render, as the browser journeys found)."""
    page = client_for(coordinator).get(reverse("meetings:detail", args=[meeting.pk]))
    body = page.content.decode()
    action = f'action="{reverse("meetings:agenda_add", args=[meeting.pk])}"'
    form = body.split(action, 1)[1].split("</form>")[0]
    assert 'name="submission_key"' in form
