"""The day the stage moved: every path that moves the stage notes it, the migration backfills
it, and a stage that has not moved for six months is flagged for review (the list's 見直し
filter, the list, the target page and the home card)."""

from __future__ import annotations

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse

from kasane.cases.models import Case
from kasane.outreach import services
from kasane.outreach.models import OutreachTarget, add_months, stale_cutoff
from tests.builders import an_hour_ago, demo_person, today
from tests.conftest import client_for, queries_for
from tests.outreach.helpers import attempt, unidentified

pytestmark = pytest.mark.django_db

STALE = "段階が6か月動いていません"


def _moved(target: OutreachTarget) -> dt.date:
    target.refresh_from_db()
    return target.stage_changed_on


def _set_back(target: OutreachTarget, months: int = 7) -> None:
    """The stage last moved `months` ago (and the review is far away)."""
    OutreachTarget.objects.filter(pk=target.pk).update(
        stage_changed_on=add_months(today(), -months), review_on=add_months(today(), 2)
    )


def test_registering_notes_the_registration_day(csw):
    day = today() - dt.timedelta(days=10)
    assert _moved(unidentified(csw, registered_on=day)) == day


def test_an_attempt_notes_its_day_when_it_moves_the_stage_and_only_then(csw):
    target = unidentified(csw, registered_on=today() - dt.timedelta(days=10))
    five_days_ago = an_hour_ago() - dt.timedelta(days=5)
    attempt(csw, target, "absent", occurred_at=five_days_ago)
    assert _moved(target) == five_days_ago.date()
    attempt(csw, target, "refused")  # still 接触を試みている
    assert _moved(target) == five_days_ago.date()
    attempt(csw, target, "met")
    assert _moved(target) == an_hour_ago().date()


def test_a_correction_and_closing_note_their_days(csw):
    target = unidentified(csw, registered_on=today() - dt.timedelta(days=10))
    services.stage_correct(
        actor=csw, target=target, stage="met", reason="家族が会っていた", loaded_at=_version(target)
    )
    assert _moved(target) == today()
    closed_on = today() - dt.timedelta(days=1)
    services.target_close(
        actor=csw, target=target, reason="moved", loaded_at=_version(target), closed_on=closed_on
    )
    assert _moved(target) == closed_on


def test_a_case_opened_from_the_target_notes_the_day(coordinator):
    person = demo_person("山本 勇")
    target = OutreachTarget.objects.get(person=person)
    OutreachTarget.objects.filter(pk=target.pk).update(stage_changed_on=today() - dt.timedelta(9))
    case = Case.objects.filter(main_person=person).earliest("pk")
    services.target_case_opened(actor=coordinator, target=target, case=case)
    assert _moved(target) == today()


def _version(target: OutreachTarget) -> str:
    target.refresh_from_db()
    return target.updated_at.isoformat()


def test_the_backfill_agrees_with_what_the_services_noted(csw):
    """The migration replays the attempts (and a correction's audit row) to the same days."""
    corrected = unidentified(csw, registered_on=today() - dt.timedelta(days=20))
    attempt(csw, corrected, "met", occurred_at=an_hour_ago() - dt.timedelta(days=3))
    services.stage_correct(
        actor=csw,
        target=corrected,
        stage="relation",
        reason="話せる仲に",
        loaded_at=_version(corrected),
    )
    noted = dict(OutreachTarget.objects.values_list("pk", "stage_changed_on"))
    assert len(noted) >= 5  # the demo's watch list, and this one
    OutreachTarget.objects.update(stage_changed_on=dt.date(2000, 1, 1))
    import_module("kasane.outreach.migrations.0004_stage_moved_backfill").backfill(apps, None)
    assert dict(OutreachTarget.objects.values_list("pk", "stage_changed_on")) == noted


def test_the_flag_is_for_open_targets_whose_stage_has_not_moved_for_six_months(csw):
    target = unidentified(csw)
    _set_back(target, months=5)
    target.refresh_from_db()
    assert not target.is_stage_stale
    _set_back(target, months=6)
    target.refresh_from_db()
    assert target.stage_changed_on == stale_cutoff(today())
    assert target.is_stage_stale
    target.stage = "closed"
    assert not target.is_stage_stale


def test_the_review_filter_includes_a_stale_stage_and_says_so(csw):
    stale, fresh = unidentified(csw), unidentified(csw)
    _set_back(stale)
    _set_back(fresh, months=1)
    client = client_for(csw)
    page = client.get(reverse("outreach:list") + "?due=review").content.decode()
    assert reverse("outreach:detail", args=[stale.pk]) in page
    assert reverse("outreach:detail", args=[fresh.pk]) not in page
    assert STALE in page
    detail = client.get(reverse("outreach:detail", args=[stale.pk])).content.decode()
    assert STALE in detail
    home = client.get(reverse("front:home")).content.decode()
    assert reverse("outreach:detail", args=[stale.pk]) in home


def test_a_closed_target_is_not_flagged_by_the_filter(csw):
    target = unidentified(csw)
    services.target_close(actor=csw, target=target, reason="moved", loaded_at=_version(target))
    _set_back(target)
    page = client_for(csw).get(reverse("outreach:list") + "?due=review&stage=all")
    assert reverse("outreach:detail", args=[target.pk]) not in page.content.decode()


def test_the_review_list_queries_do_not_grow_with_stale_rows(csw):
    client = client_for(csw)
    url = reverse("outreach:list") + "?due=review"
    _set_back(unidentified(csw))
    few = queries_for(client, url)
    for _ in range(4):
        _set_back(unidentified(csw))
    assert queries_for(client, url) == few
