"""デモ市's watch list (issue 15): the facts the issue names."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kasane.outreach.models import OutreachReview, OutreachTarget
from kasane.outreach.selectors import month_end
from tests.builders import demo_case_of, demo_person, today
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


def test_yamamoto_was_reviewed_six_weeks_ago_and_is_due_again_this_month(csw):
    target = _target_of("山本 勇")
    review = target.reviews.get()
    assert (review.decision, review.recorded_by) == ("continue", csw)
    assert review.approach
    assert review.reviewed_on == today() - dt.timedelta(days=45)
    assert review.next_review_on == target.review_on
    assert today() <= target.review_on <= month_end(today())


def test_an_earlier_target_reached_connection_and_became_ogawa_kiyos_case():
    target = _target_of("小川 キヨ")
    assert (target.stage, target.close_reason) == ("closed", "connected")
    assert target.case == demo_case_of("小川 キヨ")
    results = list(target.attempts.order_by("occurred_at").values_list("result", flat=True))
    assert results[-1] == "connected" and "met" in results and "spoke" in results
    decisions = list(target.reviews.order_by("reviewed_on").values_list("decision", flat=True))
    assert decisions == ["continue", "close"]
    assert target.closed_on == target.stage_changed_on == today() - dt.timedelta(days=200)
    assert target.registered_on < target.case.opened_on <= target.closed_on


def test_the_demo_loads_again_without_a_second_review_or_target():
    from django.utils import timezone

    from kasane.demo.load.outreach import load_outreach

    before = (OutreachTarget.objects.count(), OutreachReview.objects.count())
    load_outreach(timezone.now())
    assert (OutreachTarget.objects.count(), OutreachReview.objects.count()) == before
