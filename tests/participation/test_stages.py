"""The stage machine of a match (提案 → 見学 → 体験 → 参加開始 → 定着 → 終了): forward any
number of steps, backwards only with a reason, 定着 only after the configured weeks, 終了
with its reason; an illegal move saves nothing and the page says why in Japanese."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from kasane.core.errors import DomainError
from kasane.participation import services
from kasane.participation.models import EndReason, Match, Stage
from tests.builders import today
from tests.conftest import client_for
from tests.participation.helpers import new_match

pytestmark = pytest.mark.django_db


def days_ago(days: int) -> dt.date:
    return today() - dt.timedelta(days=days)


def test_it_moves_forward_several_steps_at_once(sanka):
    match = new_match(sanka)
    match = services.match_move(actor=sanka, match=match, to_stage=Stage.TRIAL, on=days_ago(3))
    assert (match.stage, match.tried_on, match.visited_on) == (Stage.TRIAL, days_ago(3), None)
    assert list(match.transitions.values_list("from_stage", "to_stage")) == [
        ("", "proposed"),
        ("proposed", "trial"),
    ]


def test_it_refuses_to_go_back_without_a_reason(sanka):
    match = new_match(sanka, stages=((Stage.TRIAL, days_ago(10)),))
    with pytest.raises(DomainError, match="戻す理由"):
        services.match_move(actor=sanka, match=match, to_stage=Stage.VISIT, on=days_ago(1))
    assert Match.objects.get(pk=match.pk).stage == Stage.TRIAL


def test_it_goes_back_with_a_reason_and_forgets_the_later_days(sanka):
    match = new_match(sanka, stages=((Stage.STARTED, days_ago(10)),))
    match = services.match_move(
        actor=sanka, match=match, to_stage=Stage.VISIT, on=days_ago(1), reason="体調を崩した"
    )
    assert (match.stage, match.started_on) == (Stage.VISIT, None)
    assert match.transitions.last().reason == "体調を崩した"


@pytest.mark.parametrize(
    ("stages", "to_stage", "kwargs", "message"),
    [
        ((), Stage.PROPOSED, {}, "既に「提案」"),
        ((), Stage.SETTLED, {}, "参加開始を記録してから"),
        (((Stage.STARTED, 20),), Stage.SETTLED, {}, "8週間たってから"),
        ((), Stage.ENDED, {}, "終了の理由"),
        ((), Stage.VISIT, {"on": 1}, "未来の日付"),
        (((Stage.VISIT, 5),), Stage.TRIAL, {"on": -10}, "今の段階（見学）の日より前"),
        ((), "flying", {}, "段階の選び方"),
    ],
)
def test_illegal_moves_are_refused(sanka, stages, to_stage, kwargs, message):
    match = new_match(sanka, stages=tuple((stage, days_ago(n)) for stage, n in stages))
    on = today() + dt.timedelta(days=kwargs.get("on", 0)) if "on" in kwargs else today()
    with pytest.raises(DomainError, match=message):
        services.match_move(actor=sanka, match=match, to_stage=to_stage, on=on)


def test_it_settles_after_the_configured_weeks(sanka):
    match = new_match(sanka, stages=((Stage.STARTED, days_ago(60)),))
    match = services.match_move(actor=sanka, match=match, to_stage=Stage.SETTLED)
    assert (match.stage, match.settled_on) == (Stage.SETTLED, today())


@override_settings(KASANE_PARTICIPATION_SETTLED_WEEKS=2)
def test_the_weeks_to_settle_are_a_setting(sanka):
    match = new_match(sanka, stages=((Stage.STARTED, days_ago(15)),))
    assert services.match_move(actor=sanka, match=match, to_stage=Stage.SETTLED).settled_on


def test_it_ends_with_a_reason_and_may_reopen_with_one(sanka):
    match = new_match(sanka, stages=((Stage.STARTED, days_ago(15)),))
    match = services.match_move(
        actor=sanka, match=match, to_stage=Stage.ENDED, end_reason=EndReason.MISFIT
    )
    assert (match.stage, match.end_reason, match.ended_on) == (Stage.ENDED, "misfit", today())
    match = services.match_move(
        actor=sanka, match=match, to_stage=Stage.STARTED, reason="もう一度通いたいと本人"
    )
    assert (match.stage, match.end_reason, match.ended_on) == (Stage.STARTED, "", None)


def test_the_page_shows_an_illegal_move_in_japanese_and_saves_nothing(sanka):
    match = new_match(sanka, stages=((Stage.TRIAL, days_ago(5)),))
    response = client_for(sanka).post(
        reverse("participation:move", args=[match.pk]),
        {"to_stage": "visit", "on": today().isoformat(), "reason": "", "end_reason": ""},
    )
    assert response.status_code == 200
    assert "「見学」に戻すには、戻す理由を書いてください。" in response.content.decode()
    assert Match.objects.get(pk=match.pk).stage == Stage.TRIAL


def test_the_page_moves_a_match(sanka):
    match = new_match(sanka)
    response = client_for(sanka).post(
        reverse("participation:move", args=[match.pk]),
        {"to_stage": "visit", "on": today().isoformat(), "reason": "", "end_reason": ""},
    )
    assert response.status_code == 302
    assert Match.objects.get(pk=match.pk).stage == Stage.VISIT
