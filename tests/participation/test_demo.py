"""The demo's 参加支援 (issue 16): 田中 由美 at the 介護者カフェ with the 1-month follow-up
due, 原田 康平 in 見学 at the bakery with 社会福祉協議会 on 原田家's team, and the unmet need."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kasane.cases.models import TeamRole
from kasane.demo.load.participation import load_participation
from kasane.participation import selectors
from kasane.participation.models import AgeBand, Match, Stage, UnmetNeed
from tests.builders import demo_case, demo_person, today

pytestmark = pytest.mark.django_db


def test_it_matches_tanaka_yumi_with_the_carers_cafe_and_her_follow_up_is_due(sanka) -> None:
    match = Match.objects.get(person=demo_person("田中 由美"))
    assert match.service.name == "介護者カフェ「ほっと」"
    assert match.stage == Stage.STARTED
    assert match.started_on == today() - dt.timedelta(days=35)  # last month
    due = selectors.home_follow_ups(sanka)
    assert due is not None
    shown = {m.pk: m.due_follow_up for m in due.matches}
    assert shown[match.pk] == "1か月後"


def test_it_puts_harada_kohei_in_visit_at_the_bakery_with_shakyo_on_the_team() -> None:
    match = Match.objects.get(person=demo_person("原田 康平"))
    assert match.service.name == "パン工房こむぎの就労体験"
    assert match.stage == Stage.VISIT
    case = demo_case("原田家")
    assert "participation" in case.programs
    assert case.team.filter(
        organization__name="社会福祉協議会", role=TeamRole.PARTICIPATION, left_on__isnull=True
    ).exists()


def test_it_records_the_missing_place_for_young_adults_in_the_north() -> None:
    need = UnmetNeed.objects.get()
    assert (need.theme, need.area.name, need.age_band) == ("place", "北圏域", AgeBand.YOUNG)


def test_loading_twice_changes_nothing() -> None:
    before = (Match.objects.count(), UnmetNeed.objects.count())
    load_participation(timezone.now())
    assert (Match.objects.count(), UnmetNeed.objects.count()) == before
