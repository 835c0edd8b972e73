"""Writing the watch list: registering, attempts moving the stage, corrections, closing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kasane.audit.models import AuditEvent
from kasane.core.errors import DomainError, StaleEdit, version_of
from kasane.organizations.models import Area, Organization
from kasane.outreach import services
from kasane.outreach.models import Stage, review_date, stage_after
from tests.builders import demo_person, today
from tests.outreach.helpers import attempt, new_attempts, new_targets, unidentified

pytestmark = pytest.mark.django_db


def test_it_registers_an_unidentified_target_assigned_to_the_registering_organisation(csw):
    target = unidentified(csw)
    assert target.stage == Stage.KNOWN
    assert target.review_on == review_date(today())
    assert list(target.assignments.values_list("organization_id", "worker_id")) == [
        (csw.organization_id, csw.pk)
    ]
    assert AuditEvent.objects.filter(action="outreach.register", object_id=str(target.pk)).exists()


def test_it_refuses_an_unidentified_target_without_a_description(csw):
    with pytest.raises(DomainError, match=r"地域.*対象の様子を入力してください"):
        services.target_register(
            actor=csw,
            source="direct",
            area=Area.objects.get(name="北町3丁目"),
            description="  ",
            noticed="様子が気になる",
        )
    assert not new_targets().exists()


def test_it_refuses_a_person_the_actor_may_not_see(outsider):
    with pytest.raises(DomainError, match="登録できません"):
        services.target_register(
            actor=outsider, source="direct", person=demo_person("山本 勇"), noticed="気になる"
        )
    assert not new_targets().exists()


def test_it_refuses_registration_by_a_referrer(zeimu):
    with pytest.raises(DomainError):
        unidentified(zeimu)
    assert not new_targets().exists()


def test_review_date_is_three_months_later_at_the_months_end():
    assert review_date(dt.date(2026, 11, 30)) == dt.date(2027, 2, 28)
    assert review_date(dt.date(2026, 4, 15)) == dt.date(2026, 7, 15)


@pytest.mark.parametrize(
    ("stage", "result", "after"),
    [
        ("known", "absent", "trying"),
        ("trying", "refused", "trying"),
        ("trying", "met", "met"),
        ("met", "absent", "met"),
        ("met", "spoke", "spoke"),
        ("relation", "met", "relation"),
        ("trying", "connected", "connected"),
        ("closed", "met", "closed"),
    ],
)
def test_the_stage_moves_forward_only(stage, result, after):
    assert stage_after(stage, result) == after


def test_an_attempt_moves_the_stage_and_carries_the_dates(csw):
    target = unidentified(csw)
    attempt(csw, target, "absent", next_contact_on=today() + dt.timedelta(days=7))
    target.refresh_from_db()
    assert (target.stage, target.last_contact_on) == (Stage.TRYING, None)
    assert target.next_contact_on == today() + dt.timedelta(days=7)
    attempt(csw, target, "met", safety="confirmed", next_contact_on=today() + dt.timedelta(days=3))
    attempt(csw, target, "refused")
    target.refresh_from_db()
    assert target.stage == Stage.MET
    assert target.last_contact_on == today()
    assert target.next_contact_on == today() + dt.timedelta(days=3)
    assert (
        AuditEvent.objects.filter(action="outreach.attempt", object_id=str(target.pk)).count() == 3
    )


def test_it_refuses_an_attempt_in_the_future_and_saves_nothing(csw):
    target = unidentified(csw)
    with pytest.raises(DomainError, match="接触の日時が未来です"):
        attempt(csw, target, "met", occurred_at=timezone.now() + dt.timedelta(days=1))
    target.refresh_from_db()
    assert target.stage == Stage.KNOWN
    assert not new_attempts().exists()


def test_it_refuses_a_next_date_before_the_attempt(csw):
    target = unidentified(csw)
    with pytest.raises(DomainError, match="次回の接触予定日が接触の日より前です"):
        attempt(csw, target, "absent", next_contact_on=today() - dt.timedelta(days=2))
    assert not new_attempts().exists()


def test_a_joint_visit_names_the_companion(csw):
    target = unidentified(csw)
    with pytest.raises(DomainError, match="同行者"):
        attempt(csw, target, "absent", method="joint_visit")
    attempt(csw, target, "absent", method="joint_visit", companion="地区担当保健師")
    assert new_attempts().get().companion == "地区担当保健師"


def test_a_worker_corrects_the_stage_with_a_reason(csw):
    target = unidentified(csw)
    attempt(csw, target, "spoke")
    target.refresh_from_db()
    with pytest.raises(DomainError, match="理由"):
        services.stage_correct(
            actor=csw,
            target=target,
            stage="met",
            reason="",
            loaded_at=version_of(target.updated_at),
        )
    services.stage_correct(
        actor=csw,
        target=target,
        stage="met",
        reason="話せたのは家族だった",
        loaded_at=version_of(target.updated_at),
    )
    target.refresh_from_db()
    assert target.stage == Stage.MET
    event = AuditEvent.objects.get(action="outreach.stage_correct")
    assert event.reason == "話せたのは家族だった"


def test_an_edit_opened_before_a_newer_save_is_refused(csw):
    target = unidentified(csw)
    opened = version_of(target.updated_at)
    services.target_update(actor=csw, target=target, loaded_at=opened, risk="high")
    with pytest.raises(StaleEdit):
        services.target_update(actor=csw, target=target, loaded_at=opened, risk="low")
    target.refresh_from_db()
    assert target.risk == "high"


def test_closing_ends_the_watch(csw):
    target = unidentified(csw, next_contact_on=today())
    services.target_close(
        actor=csw, target=target, reason="moved", loaded_at=version_of(target.updated_at)
    )
    target.refresh_from_db()
    assert (target.stage, target.close_reason, target.next_contact_on) == ("closed", "moved", None)
    with pytest.raises(DomainError, match="終了した対象"):
        attempt(csw, target, "met")


def test_linking_a_person_and_adding_an_organisation(csw, coordinator):
    target = unidentified(csw)
    services.target_link_person(actor=csw, target=target, person=demo_person("山本 勇"))
    health = Organization.objects.get(name="健康推進課")
    services.assignment_add(actor=csw, target=target, organization=health, role="地区担当保健師")
    with pytest.raises(DomainError, match="既に担当"):
        services.assignment_add(actor=csw, target=target, organization=health)
    mine = target.assignments.get(organization=csw.organization)
    services.assignment_leave(actor=coordinator, assignment=mine)
    assert list(target.assignments.filter(left_on__isnull=True)) == [
        target.assignments.get(organization=health)
    ]
