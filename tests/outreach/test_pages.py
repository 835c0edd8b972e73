"""The watch list's pages: who may open them, registering, recording an attempt (once), the
stage correction and closing, and the home page's card."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from kasane.audit.models import AuditEvent
from kasane.outreach.models import OutreachTarget
from tests.builders import demo_person, new_key, today
from tests.conftest import client_for
from tests.outreach.helpers import attempt, new_attempts, new_targets, unidentified

pytestmark = pytest.mark.django_db


def _urls(target: OutreachTarget) -> list[str]:
    assignment = target.assignments.get()
    return [
        reverse("outreach:list"),
        reverse("outreach:create"),
        reverse("outreach:detail", args=[target.pk]),
        reverse("outreach:edit", args=[target.pk]),
        reverse("outreach:attempt_create", args=[target.pk]),
        reverse("outreach:stage", args=[target.pk]),
        reverse("outreach:close", args=[target.pk]),
        reverse("outreach:assignment_add", args=[target.pk]),
        reverse("outreach:assignment_leave", args=[target.pk, assignment.pk]),
    ]


@pytest.mark.parametrize("username", ["outsider", "zeimu", "chiiki", "kansa", "keisatsu"])
def test_those_outside_get_404_on_every_outreach_url(csw, username):
    from tests.conftest import _user

    target = unidentified(csw)
    client = client_for(_user(username))
    urls = _urls(target)
    if username == "outsider":  # a case worker elsewhere: the list and the form are theirs
        urls = urls[2:]
    for url in urls:
        if not url.endswith(("/stage/", "/assignments/", "/leave/")):  # POST only
            assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url


def test_the_outsider_list_does_not_show_another_organisations_target(csw, outsider):
    target = unidentified(csw)
    for query in ("", "?stage=all"):
        response = client_for(outsider).get(reverse("outreach:list") + query)
        assert response.status_code == 200
        assert reverse("outreach:detail", args=[target.pk]) not in response.content.decode()


def test_an_admin_neither_reads_nor_records(csw, admin):
    """Admins manage the system and read no outreach target (issue 19)."""
    target = unidentified(csw)
    client = client_for(admin)
    assert client.get(reverse("outreach:list")).status_code == 404
    assert client.get(reverse("outreach:detail", args=[target.pk])).status_code == 404
    assert client.get(reverse("outreach:attempt_create", args=[target.pk])).status_code == 404


def test_a_colleague_sees_and_a_coordinator_records(csw, sanka, coordinator):
    target = unidentified(csw)
    assert client_for(sanka).get(reverse("outreach:detail", args=[target.pk])).status_code == 200
    client = client_for(coordinator)
    assert client.get(reverse("outreach:attempt_create", args=[target.pk])).status_code == 200


def test_a_target_linked_to_a_person_does_not_open_the_person(csw, coordinator, houkatsu):
    target = unidentified(csw)
    from kasane.organizations.models import Organization
    from kasane.outreach import services

    services.target_link_person(actor=csw, target=target, person=demo_person("山本 勇"))
    services.assignment_add(
        actor=coordinator,
        target=target,
        organization=Organization.objects.get(pk=houkatsu.organization_id),
    )
    client = client_for(houkatsu)
    page = client.get(reverse("outreach:detail", args=[target.pk]))
    assert page.status_code == 200
    person = demo_person("山本 勇")
    assert reverse("people:person_detail", args=[person.pk]) not in page.content.decode()
    assert client.get(reverse("people:person_detail", args=[person.pk])).status_code == 404


def test_it_registers_an_unidentified_target_from_the_form(csw):
    from kasane.organizations.models import Area

    client = client_for(csw)
    data = {
        "submission_key": new_key(),
        "source": "community",
        "area": Area.objects.get(name="北町3丁目").pk,
        "description": "アパート2階の高齢男性",
        "noticed": "民生委員から：新聞がたまっている",
        "aims": ["safety"],
        "risk": "high",
    }
    response = client.post(reverse("outreach:create"), data)
    target = new_targets().get()
    assert response.url == reverse("outreach:detail", args=[target.pk])
    assert (target.risk, target.aims) == ("high", ["safety"])


def test_the_form_refuses_an_unidentified_target_without_a_description(csw):
    response = client_for(csw).post(
        reverse("outreach:create"),
        {"submission_key": new_key(), "source": "direct", "noticed": "気になる", "risk": "low"},
    )
    assert response.status_code == 200
    assert "対象の様子を入力してください" in response.content.decode()
    assert not new_targets().exists()


def test_it_registers_from_a_person_page_link(csw):
    person = demo_person("山本 勇")
    client = client_for(csw)
    url = reverse("outreach:create") + f"?person={person.pk}"
    assert "山本 勇" in client.get(url).content.decode()
    client.post(
        url,
        {"submission_key": new_key(), "source": "meeting", "noticed": "拒否が続く", "risk": "high"},
    )
    assert new_targets().get().person == person


def _attempt_data(**values: object) -> dict[str, object]:
    return {
        "submission_key": new_key(),
        "occurred_on": today().isoformat(),
        "occurred_time": "00:00",  # today, whenever the suite runs
        "method": "visit",
        "result": "met",
        "safety": "confirmed",
        "next_contact_on": (today() + dt.timedelta(days=3)).isoformat(),
        **values,
    }


def test_a_double_submit_records_one_attempt(csw):
    target = unidentified(csw)
    client = client_for(csw)
    url = reverse("outreach:attempt_create", args=[target.pk])
    data = _attempt_data()
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert new_attempts(target).count() == 1
    target.refresh_from_db()
    assert (target.stage, target.next_contact_on) == ("met", today() + dt.timedelta(days=3))


def test_the_attempt_form_refuses_a_next_date_before_it(csw):
    target = unidentified(csw)
    response = client_for(csw).post(
        reverse("outreach:attempt_create", args=[target.pk]),
        _attempt_data(next_contact_on=(today() - dt.timedelta(days=1)).isoformat()),
    )
    assert "次回の接触予定日が接触の日より前です" in response.content.decode()
    assert not new_attempts().exists()


def test_the_stage_is_corrected_and_the_target_closed_from_its_page(csw):
    target = unidentified(csw)
    attempt(csw, target, "spoke")
    target.refresh_from_db()
    client = client_for(csw)
    client.post(
        reverse("outreach:stage", args=[target.pk]),
        {"stage": "met", "reason": "話したのは家族", "loaded_at": target.updated_at.isoformat()},
    )
    target.refresh_from_db()
    assert target.stage == "met"
    client.post(
        reverse("outreach:close", args=[target.pk]),
        {"reason": "moved", "loaded_at": target.updated_at.isoformat()},
    )
    target.refresh_from_db()
    assert target.stage == "closed"


def test_the_list_shows_my_organisations_open_targets_overdue_first(csw):
    later = unidentified(csw, next_contact_on=today() + dt.timedelta(days=5))
    overdue = unidentified(
        csw, next_contact_on=today(), registered_on=today() - dt.timedelta(days=9)
    )
    OutreachTarget.objects.filter(pk=overdue.pk).update(
        next_contact_on=today() - dt.timedelta(days=2)
    )
    body = client_for(csw).get(reverse("outreach:list")).content.decode()
    first = body.index(reverse("outreach:detail", args=[overdue.pk]))
    assert first < body.index(reverse("outreach:detail", args=[later.pk]))
    assert "過ぎています" in body
    assert AuditEvent.objects.filter(action="outreach.list").exists()


def test_the_home_card_lists_due_and_review(csw):
    due = unidentified(csw, next_contact_on=today())
    body = client_for(csw).get(reverse("front:home")).content.decode()
    assert "今日の訪問・予定日を過ぎた訪問" in body
    assert reverse("outreach:attempt_create", args=[due.pk]) in body


def test_the_target_page_and_the_list_record_whom_they_showed(csw):
    from kasane.audit.models import AuditPerson

    yamamoto = demo_person("山本 勇")
    target = OutreachTarget.objects.get(person=yamamoto)
    client = client_for(csw)
    for url in (reverse("outreach:detail", args=[target.pk]), reverse("outreach:list")):
        before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
        assert client.get(url).status_code == 200
        event = AuditEvent.objects.filter(pk__gt=before, actor=csw).get()
        assert AuditPerson.objects.filter(event=event, person_id=yamamoto.pk).exists(), url


def test_it_registers_from_a_referral_and_a_consultation(csw, coordinator):
    from kasane.intake.models import Consultation, Referral

    sheet = Referral.objects.get(sender__username="suido")
    client = client_for(coordinator)
    page = client.get(reverse("referrals:detail", args=[sheet.pk])).content.decode()
    url = reverse("outreach:create") + f"?referral={sheet.pk}"
    assert url.replace("&", "&amp;") in page
    form = client.get(url).content.decode()
    assert "水道料金が1年近く未払い" in form  # what was noticed starts from the sheet
    consultation = Consultation.objects.filter(person__isnull=False).earliest("pk")
    url = reverse("outreach:create") + f"?consultation={consultation.pk}"
    assert client.get(url).status_code == 200
    assert client_for(csw).get(url).status_code == 404  # another organisation's consultation


def test_the_review_date_and_risk_are_changed_on_the_edit_page(csw):
    target = unidentified(csw)
    client = client_for(csw)
    url = reverse("outreach:edit", args=[target.pk])
    data = {
        "area": target.area_id,
        "description": target.description,
        "noticed": target.noticed,
        "aims": ["safety", "connect"],
        "risk": "high",
        "review_on": (today() + dt.timedelta(days=30)).isoformat(),
        "loaded_at": target.updated_at.isoformat(),
    }
    assert client.post(url, data).status_code == 302
    target.refresh_from_db()
    assert (target.risk, target.review_on) == ("high", today() + dt.timedelta(days=30))
    emptied = client.post(
        url, {**data, "description": "", "loaded_at": target.updated_at.isoformat()}
    )
    assert "対象の様子を入力してください" in emptied.content.decode()
