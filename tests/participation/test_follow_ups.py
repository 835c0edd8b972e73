"""Follow-ups at 1 week, 1 month and 3 months after 参加開始: due ones appear on the
participation coordinator's home card (bounded, constant queries) until recorded; 定着 is
suggested once due."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kasane.core.errors import DomainError
from kasane.participation import selectors, services
from kasane.participation.models import FollowUpKind
from tests.builders import today
from tests.conftest import client_for, queries_for
from tests.participation.helpers import demo_match, demo_service, new_match, started, tanaka

pytestmark = pytest.mark.django_db


def due_on_card(user) -> dict[int, str]:
    card = selectors.home_follow_ups(user)
    assert card is not None
    return {match.pk: match.due_follow_up for match in card.matches}


def test_nothing_is_due_in_the_first_week(sanka):
    match = started(sanka, 6)
    assert match.pk not in due_on_card(sanka)


def test_the_week_follow_up_is_due_after_seven_days_until_recorded(sanka):
    match = started(sanka, 7)
    assert due_on_card(sanka)[match.pk] == "1週間後"
    services.follow_up_record(
        actor=sanka, match=match, kind=FollowUpKind.WEEK, done_on=today(), still_attending=True
    )
    assert match.pk not in due_on_card(sanka)


def test_the_earliest_unrecorded_follow_up_is_shown(sanka):
    match = started(sanka, 100)
    assert due_on_card(sanka)[match.pk] == "1週間後"
    for kind in (FollowUpKind.WEEK, FollowUpKind.MONTH):
        services.follow_up_record(
            actor=sanka, match=match, kind=kind, done_on=today(), still_attending=True
        )
    assert due_on_card(sanka)[match.pk] == "3か月後"


def test_the_demo_card_shows_tanaka_yumi_on_the_home_page(sanka):
    body = client_for(sanka).get("/").content.decode()
    assert "参加支援のフォローアップ" in body
    assert "田中 由美さん：介護者カフェ「ほっと」" in body
    assert "1か月後" in body


def test_the_card_is_for_participation_coordinators_only(coordinator, houkatsu, chiiki):
    assert selectors.home_follow_ups(coordinator) is None
    assert selectors.home_follow_ups(houkatsu) is None
    assert selectors.home_follow_ups(chiiki) is None


def test_a_follow_up_is_recorded_once_and_after_the_start(sanka):
    match = new_match(sanka)
    with pytest.raises(DomainError, match="参加開始の後"):
        services.follow_up_record(
            actor=sanka, match=match, kind="week", done_on=today(), still_attending=True
        )
    match = demo_match("田中 由美")
    with pytest.raises(DomainError, match="記録済み"):
        services.follow_up_record(
            actor=sanka, match=match, kind="week", done_on=today(), still_attending=True
        )
    with pytest.raises(DomainError, match="参加開始日より前"):
        services.follow_up_record(
            actor=sanka,
            match=match,
            kind="month",
            done_on=match.started_on - dt.timedelta(days=1),
            still_attending=True,
        )


def test_the_page_records_a_follow_up(sanka):
    match = demo_match("田中 由美")
    response = client_for(sanka).post(
        reverse("participation:follow_up", args=[match.pk]),
        {"kind": "month", "done_on": today().isoformat(), "still_attending": "no", "note": ""},
    )
    assert response.status_code == 302
    follow_up = match.follow_ups.get(kind="month")
    assert follow_up.still_attending is False


def test_the_match_page_suggests_settling_when_due(sanka):
    match = started(sanka, 57)
    body = client_for(sanka).get(reverse("participation:match", args=[match.pk])).content
    assert "定着を確認できます" in body.decode()
    match = started(sanka, 50, case=tanaka()[0], person=tanaka()[1])
    body = client_for(sanka).get(reverse("participation:match", args=[match.pk])).content
    assert "定着を確認できます" not in body.decode()


def test_the_home_card_does_not_grow_with_matches(sanka):
    client = client_for(sanka)
    before = queries_for(client, "/")
    case, person = tanaka()
    for name in ("西町ふれあいサロン", "にしまち子ども食堂", "みどりの居場所「木かげ」"):
        started(sanka, 40, case=case, person=person, service=demo_service(name))
    assert len(due_on_card(sanka)) == 4
    assert queries_for(client, "/") == before
