"""終了 with 支援につながった: only once the target reached 相談・支援につながった or a case was
opened from it; otherwise a clear message and nothing saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kasane.audit.models import AuditEvent
from kasane.cases.models import Case
from kasane.core.errors import DomainError
from kasane.outreach import services
from kasane.outreach.models import OutreachTarget
from kasane.outreach.services import CONNECTED_CLOSE
from tests.builders import demo_person
from tests.conftest import client_for
from tests.outreach.helpers import attempt, unidentified

pytestmark = pytest.mark.django_db


def _version(target: OutreachTarget) -> str:
    target.refresh_from_db()
    return target.updated_at.isoformat()


def test_it_refuses_connected_before_the_target_is_connected(csw):
    target = unidentified(csw)
    attempt(csw, target, "spoke")
    with pytest.raises(DomainError, match="相談・支援につながった"):
        services.target_close(
            actor=csw, target=target, reason="connected", loaded_at=_version(target)
        )
    target.refresh_from_db()
    assert not target.is_closed
    assert not AuditEvent.objects.filter(action="outreach.close", object_id=str(target.pk)).exists()


def test_the_page_says_so_and_saves_nothing(csw):
    target = unidentified(csw)
    response = client_for(csw).post(
        reverse("outreach:close", args=[target.pk]),
        {"reason": "connected", "loaded_at": _version(target)},
    )
    assert response.status_code == 200
    assert CONNECTED_CLOSE in response.content.decode()
    target.refresh_from_db()
    assert not target.is_closed


def test_it_closes_connected_once_the_stage_is_reached(csw):
    target = unidentified(csw)
    attempt(csw, target, "connected")
    services.target_close(actor=csw, target=target, reason="connected", loaded_at=_version(target))
    target.refresh_from_db()
    assert (target.stage, target.close_reason) == ("closed", "connected")


def test_it_closes_connected_when_a_case_was_opened_even_if_the_stage_was_corrected(coordinator):
    person = demo_person("山本 勇")
    target = OutreachTarget.objects.get(person=person)
    case = Case.objects.filter(main_person=person).earliest("pk")
    services.target_case_opened(actor=coordinator, target=target, case=case)
    services.stage_correct(
        actor=coordinator,
        target=target,
        stage="relation",
        reason="訂正",
        loaded_at=_version(target),
    )
    services.target_close(
        actor=coordinator, target=target, reason="connected", loaded_at=_version(target)
    )
    target.refresh_from_db()
    assert target.close_reason == "connected"


def test_other_reasons_close_at_any_stage(csw):
    target = unidentified(csw)
    services.target_close(actor=csw, target=target, reason="not_needed", loaded_at=_version(target))
    target.refresh_from_db()
    assert target.is_closed
