"""How each user hears of each kind (issue 14): off, in the list, or in the list and the daily
summary; the admin's required kinds and the urgent ones cannot be turned off."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.core.errors import DomainError
from kasane.notices import services
from kasane.notices.kinds import Kind, Mode
from kasane.notices.models import KindSetting, Notice, NoticePreference
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _modes(**changes: str) -> dict[str, str]:
    return {kind: changes.get(kind, Mode.APP) for kind in Kind.values}


def test_a_user_turns_a_kind_off_and_hears_no_more_of_it(houkatsu: User) -> None:
    response = client_for(houkatsu).post(
        reverse("notices:preferences"), _modes(meeting=Mode.OFF, task_due=Mode.SUMMARY)
    )
    assert response.status_code == 302
    assert NoticePreference.objects.get(user=houkatsu, kind=Kind.MEETING).mode == Mode.OFF
    assert services.notify(kind=Kind.MEETING, recipients=[houkatsu], text="x") == 0
    assert services.notify(kind=Kind.TASK_DUE, recipients=[houkatsu], text="x") == 1
    event = AuditEvent.objects.filter(action="notice.preferences", actor=houkatsu).latest("pk")
    assert event.details == {"meeting": ["app", "off"], "task_due": ["app", "summary"]}


def test_the_page_offers_no_off_for_urgent_kinds(houkatsu: User) -> None:
    page = client_for(houkatsu).get(reverse("notices:preferences")).content.decode()
    assert 'name="urgent_consultation" value="off"' not in page
    assert 'name="meeting" value="off"' in page
    assert "止められません" in page


def test_a_forged_post_cannot_turn_an_urgent_kind_off(houkatsu: User) -> None:
    response = client_for(houkatsu).post(
        reverse("notices:preferences"), _modes(urgent_consultation=Mode.OFF)
    )
    assert response.status_code == 200
    assert not NoticePreference.objects.filter(user=houkatsu, kind=Kind.URGENT_CONSULTATION)
    with pytest.raises(DomainError):
        services.notice_preferences_save(actor=houkatsu, modes={Kind.URGENT_CONSULTATION: Mode.OFF})


def test_a_kind_the_admin_requires_reaches_those_who_had_turned_it_off(houkatsu: User) -> None:
    services.notice_preferences_save(actor=houkatsu, modes={Kind.MEETING: Mode.OFF})
    KindSetting.objects.create(kind=Kind.MEETING, required=True)
    assert services.notify(kind=Kind.MEETING, recipients=[houkatsu], text="x") == 1
    page = client_for(houkatsu).get(reverse("notices:preferences")).content.decode()
    assert 'name="meeting" value="off"' not in page


def test_saving_unchanged_preferences_writes_no_audit_row(houkatsu: User) -> None:
    before = AuditEvent.objects.filter(action="notice.preferences").count()
    client_for(houkatsu).post(reverse("notices:preferences"), _modes())
    assert AuditEvent.objects.filter(action="notice.preferences").count() == before


def test_every_signed_in_role_has_the_page(kansa: User, keisatsu: User, zeimu: User) -> None:
    for user in (kansa, keisatsu, zeimu):
        assert client_for(user).get(reverse("notices:preferences")).status_code == 200
    assert Notice.objects.filter(recipient=zeimu).exists()  # the demo's notice for 税務課
