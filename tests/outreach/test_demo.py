"""デモ市's watch list (issue 15): the facts the issue names."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kasane.outreach.models import OutreachTarget
from kasane.outreach.selectors import month_end
from tests.builders import demo_person, today
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _target_of(name: str) -> OutreachTarget:
    return OutreachTarget.objects.get(person=demo_person(name))


def test_yamamoto_is_on_csws_list_met_once_at_the_door(csw):
    target = _target_of("山本 勇")
    results = list(target.attempts.order_by("occurred_at").values_list("result", flat=True))
    assert len(results) == 8
    assert sorted(results) == sorted(["absent"] * 4 + ["no_answer", "refused", "refused", "met"])
    assert results[-1] == "met"
    assert (target.stage, target.source) == ("met", "meeting")
    assert target.referral.sender.username == "suido"
    assert target.next_contact_on == today() + dt.timedelta(days=3)
    assert today() <= target.review_on <= month_end(today())
    first = target.attempts.order_by("occurred_at").first()
    assert (today() - first.occurred_at.date()).days >= 80
    assert target.assignments.get().worker == csw


def test_an_unidentified_target_in_kitamachi_3_is_overdue():
    target = OutreachTarget.objects.get(person__isnull=True, area__name="北町3丁目")
    assert target.source == "community"
    assert target.next_contact_on < today()


def test_ichiro_is_visited_by_csw_with_a_public_health_nurse():
    target = _target_of("鈴木 一郎")
    assert target.stage == "trying"
    assigned = {
        (a.organization.name, a.worker and a.worker.username) for a in target.assignments.all()
    }
    assert {("社会福祉協議会", "csw"), ("健康推進課", None)} <= assigned
    assert target.attempts.filter(method="joint_visit", companion__contains="保健師").count() == 2


def test_csw_finds_yamamoto_on_the_home_page_for_review_and_the_overdue_visit(csw):
    body = client_for(csw).get(reverse("front:home")).content.decode()
    assert "北町3丁目" in body
    assert reverse("outreach:detail", args=[_target_of("山本 勇").pk]) in body
