"""The coordinator names the worker of the organisation that joins a target: case-work staff
of that organisation only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kasane.core.errors import DomainError
from kasane.organizations.models import Organization
from kasane.outreach import services
from kasane.outreach.forms import AssignmentForm
from tests.conftest import client_for
from tests.outreach.helpers import unidentified

pytestmark = pytest.mark.django_db


def _url(target) -> str:
    return reverse("outreach:assignment_add", args=[target.pk])


def _organization(name: str) -> Organization:
    return Organization.objects.get(name=name)


def test_the_form_offers_case_work_staff_only(csw, houkatsu, coordinator, zeimu, sanka):
    workers = set(AssignmentForm().fields["worker"].queryset)
    assert {csw, houkatsu, sanka} <= workers
    assert not {coordinator, zeimu} & workers
    page = client_for(coordinator).get(reverse("outreach:detail", args=[unidentified(csw).pk]))
    assert "小林 直子（東地域包括支援センター）" in page.content.decode()


def test_the_coordinator_adds_an_organisation_with_its_named_worker(csw, coordinator, houkatsu):
    target = unidentified(csw)
    houkatsu_org = _organization("東地域包括支援センター")
    response = client_for(coordinator).post(
        _url(target), {"organization": houkatsu_org.pk, "worker": houkatsu.pk, "role": "見守り"}
    )
    assert response.status_code == 302
    assert target.assignments.get(organization=houkatsu_org).worker == houkatsu


def test_a_worker_of_another_organisation_is_refused_with_a_clear_message(csw, coordinator):
    target = unidentified(csw)
    client = client_for(coordinator)
    response = client.post(
        _url(target),
        {"organization": _organization("東地域包括支援センター").pk, "worker": csw.pk},
        follow=True,
    )
    assert "担当者は、選んだ機関の職員から選んでください。" in response.content.decode()
    assert target.assignments.count() == 1


def test_the_service_refuses_a_worker_elsewhere_or_without_case_work(csw, coordinator):
    target = unidentified(csw)
    with pytest.raises(DomainError, match="選んだ機関の職員"):
        services.assignment_add(
            actor=coordinator,
            target=target,
            organization=_organization("東地域包括支援センター"),
            worker=csw,
        )
    with pytest.raises(DomainError, match="相談支援・アウトリーチ・参加支援の職員"):
        services.assignment_add(
            actor=coordinator,
            target=target,
            organization=_organization("重層的支援推進課"),
            worker=coordinator,
        )
    assert target.assignments.count() == 1
