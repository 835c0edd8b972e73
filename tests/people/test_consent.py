"""Consent recorded once (issue 13 point 2): 未確認 (never asked) is told from 同意なし (a
recorded refusal); a consultation or plan that records 同意あり offers the person's consent form
filled in from it; a refusal for lack of consent links to that form; the organisations are
chosen with checkboxes, never a Ctrl-click list."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from urllib.parse import parse_qs, urlparse

import pytest
from django import forms
from django.apps import apps
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

import kasane
from kasane.accounts.models import User
from kasane.cases import services as cases
from kasane.intake.models import Consultation
from kasane.meetings import services as meetings
from kasane.meetings.models import MeetingKind, Purpose
from kasane.organizations.models import Organization
from kasane.people import services as people
from kasane.people.models import ConsentRefusal, ConsentState, Person
from tests.builders import (
    demo_case,
    demo_case_of,
    demo_issue_code,
    demo_person,
    new_key,
    schedule_meeting,
)
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _new_person(actor: User, name: str = "新井") -> Person:
    return people.person_create(
        actor=actor, organization=actor.organization, family_name=name, given_name="一"
    )


def _consultation_data(**overrides: object) -> dict[str, object]:
    now = timezone.localtime() - dt.timedelta(minutes=10)
    data: dict[str, object] = {
        "submission_key": new_key(),
        "received_on": now.date().isoformat(),
        "received_time": now.strftime("%H:%M"),
        "route": "visit",
        "consulter_relation": "self",
        "consulter_name": "",
        "summary": "家の片付けができず困っている。",
        "issues": [demo_issue_code("社会的孤立").pk],
        "main_issue": demo_issue_code("社会的孤立").pk,
        "urgency": "normal",
        "consent": "oral",
        "outcome": "handled",
        "outcome_note": "",
    }
    data.update(overrides)
    return data


def test_a_new_person_is_unconfirmed_and_a_refusal_is_told_apart(houkatsu: User) -> None:
    person = _new_person(houkatsu)
    assert person.consent_state == ConsentState.UNCONFIRMED
    client = client_for(houkatsu)
    page = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert "同意未確認" in page and "同意なし" not in page.split("<main", 1)[1].split("<details")[0]

    response = client.post(
        reverse("people:consent_refuse", args=[person.pk]),
        {
            "submission_key": new_key(),
            "refused_on": timezone.localdate().isoformat(),
            "notes": "今は誰にも話してほしくない",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.consent_state == ConsentState.REFUSED
    page = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert "今は誰にも話してほしくない" in page


def test_the_state_follows_what_was_recorded_last(houkatsu: User) -> None:
    person = _new_person(houkatsu)
    day = timezone.localdate()
    people.consent_refusal_record(actor=houkatsu, person=person, refused_on=day)
    consent = people.consent_record(
        actor=houkatsu, person=person, given_on=day, method="oral", all_organizations=True
    )
    person.refresh_from_db()
    assert person.consent_state == ConsentState.GIVEN
    with pytest.raises(Exception, match="有効な同意があります"):
        people.consent_refusal_record(actor=houkatsu, person=person, refused_on=day)
    people.consent_withdraw(actor=houkatsu, consent=consent, withdrawn_on=day)
    person.refresh_from_db()
    assert person.consent_state == ConsentState.WITHDRAWN


def test_the_demo_keeps_ichiro_without_consent() -> None:
    ichiro = demo_person("鈴木 一郎")
    assert ichiro.consent_state == ConsentState.REFUSED
    assert not ichiro.consents.exists()


def test_a_consultation_with_consent_offers_the_person_s_consent_form(houkatsu: User) -> None:
    """同意あり（口頭） at intake: the user lands on the person's consent form, filled in from
    the consultation (date, 口頭, the receiving organisation and the 重層的支援会議); saving it
    makes the person 同意あり and returns to the consultation."""
    person = _new_person(houkatsu)
    client = client_for(houkatsu)
    response = client.post(
        reverse("consultations:create") + f"?person={person.pk}", _consultation_data()
    )
    consultation = Consultation.objects.get(person=person)
    url = urlparse(response["Location"])
    assert url.path == reverse("people:consent_create", args=[person.pk])
    params = parse_qs(url.query)
    assert params["method"] == ["oral"]
    assert params["organizations"] == [str(houkatsu.organization_id)]
    assert params["covers_jusou_meeting"] == ["1"]
    assert params["back"] == [reverse("consultations:detail", args=[consultation.pk])]

    form = client.get(response["Location"])
    body = form.content.decode()
    assert "相談受付で「同意あり」と記録されました" in body
    assert 'type="checkbox" name="organizations"' in body
    assert f'value="{houkatsu.organization_id}" ' in body or "checked" in body
    saved = client.post(
        reverse("people:consent_create", args=[person.pk]),
        {
            "submission_key": new_key(),
            "given_on": params["given_on"][0],
            "method": "oral",
            "organizations": [houkatsu.organization_id],
            "covers_jusou_meeting": "on",
            "back": params["back"][0],
        },
    )
    assert saved["Location"] == params["back"][0]
    person.refresh_from_db()
    assert person.consent_state == ConsentState.GIVEN
    consent = person.consents.get()
    assert consent.covers_jusou_meeting and list(consent.organizations.all()) == [
        houkatsu.organization
    ]


def test_no_offer_when_a_consent_is_on_record(houkatsu: User) -> None:
    hana = demo_person("鈴木 ハナ")
    response = client_for(houkatsu).post(
        reverse("consultations:create") + f"?person={hana.pk}", _consultation_data()
    )
    assert urlparse(response["Location"]).path.startswith("/consultations/")


def test_a_consultation_recording_a_refusal_makes_the_person_refused(houkatsu: User) -> None:
    person = _new_person(houkatsu)
    client_for(houkatsu).post(
        reverse("consultations:create") + f"?person={person.pk}",
        _consultation_data(consent="refused"),
    )
    person.refresh_from_db()
    assert person.consent_state == ConsentState.REFUSED
    assert "相談受付" in person.consent_refusals.get().notes


def test_the_back_link_stays_on_this_site(houkatsu: User) -> None:
    person = _new_person(houkatsu)
    response = client_for(houkatsu).post(
        reverse("people:consent_create", args=[person.pk]),
        {
            "submission_key": new_key(),
            "given_on": timezone.localdate().isoformat(),
            "method": "oral",
            "all_organizations": "on",
            "back": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse("people:person_detail", args=[person.pk])


def test_a_plan_that_records_consent_offers_the_consent_form(
    houkatsu: User, coordinator: User
) -> None:
    """小川家 or any case whose main person has no consent: saving the plan with 同意日 and
    方法 goes on to the main person's consent form."""
    person = _new_person(houkatsu)
    case = cases.case_open(
        actor=houkatsu,
        main_person=person,
        household=None,
        programs=["coordination"],
        lead_organization=houkatsu.organization,
    )
    response = client_for(houkatsu).post(
        reverse("cases:plan_new", args=[case.pk]),
        {
            "submission_key": new_key(),
            "goal": "家を片付けて、友人を呼べるようにしたい",
            "direction": "",
            "monitoring_on": "",
            "consent_on": timezone.localdate().isoformat(),
            "consent_method": "written",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "50",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    url = urlparse(response["Location"])
    assert url.path == reverse("people:consent_create", args=[person.pk])
    assert parse_qs(url.query)["method"] == ["written"]


def test_a_refusal_for_lack_of_consent_links_to_the_consent_form(
    coordinator: User, houkatsu: User
) -> None:
    """The 重層的支援会議 refuses 鈴木家 (一郎 has not consented) and says where to record it;
    the team refuses an organisation 山本 勇 did not consent to, likewise."""
    meeting = schedule_meeting(
        coordinator,
        MeetingKind.JUSOU,
        starts_at=timezone.now() + dt.timedelta(days=3),
        title="重層的支援会議（テスト）",
    )
    client = client_for(coordinator)
    response = client.post(
        reverse("meetings:agenda_add", args=[meeting.pk]),
        {
            "submission_key": new_key(),
            "case_number": demo_case("鈴木家").pk,
            "purpose": Purpose.PLAN,
            "briefing": "",
        },
        follow=True,
    )
    ichiro = demo_person("鈴木 一郎")
    body = response.content.decode()
    assert "同意がありません" in body
    assert reverse("people:consent_create", args=[ichiro.pk]) in body

    case = demo_case_of("山本 勇")
    csw = User.objects.get(username="csw")
    response = client_for(csw).post(
        reverse("cases:team_add", args=[case.pk]),
        {
            "submission_key": new_key(),
            "organization": Organization.objects.get(name="自立相談支援機関").pk,
            "role": "agency",
        },
    )
    body = response.content.decode()
    assert "同意が自立相談支援機関との共有を含んでいません" in body
    assert reverse("people:consent_create", args=[case.main_person_id]) in body


def test_after_consent_at_intake_the_jusou_meeting_takes_the_case(
    coordinator: User,
) -> None:
    """山本 勇 (未確認) consents at a consultation; once the consent is recorded from the offer,
    the 重層的支援会議 accepts his case."""
    csw = User.objects.get(username="csw")
    case = demo_case_of("山本 勇")
    isamu = case.main_person
    meeting = schedule_meeting(
        coordinator,
        MeetingKind.JUSOU,
        starts_at=timezone.now() + dt.timedelta(days=3),
        title="重層的支援会議（テスト）",
    )
    with pytest.raises(Exception, match="同意がありません"):
        meetings.agenda_add(actor=coordinator, meeting=meeting, case=case, purpose=Purpose.SHARE)
    client = client_for(csw)
    offer = client.post(
        reverse("consultations:create") + f"?person={isamu.pk}", _consultation_data()
    )
    params = parse_qs(urlparse(offer["Location"]).query)
    client.post(
        reverse("people:consent_create", args=[isamu.pk]),
        {
            "submission_key": new_key(),
            "given_on": params["given_on"][0],
            "method": params["method"][0],
            "organizations": params["organizations"],
            "covers_jusou_meeting": "on",
        },
    )
    item = meetings.agenda_add(actor=coordinator, meeting=meeting, case=case, purpose=Purpose.SHARE)
    assert item.case == case


def test_no_form_offers_a_ctrl_click_multiple_select() -> None:
    """Every multiple choice in Kasane's forms is a list of checkboxes (usable on a phone)."""
    offenders = []
    for module_info in pkgutil.walk_packages(kasane.__path__, "kasane."):
        if not module_info.name.endswith("forms") or ".demo" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for _, form_class in inspect.getmembers(module, inspect.isclass):
            if (
                not issubclass(form_class, forms.BaseForm)
                or form_class.__module__ != module.__name__
            ):
                continue
            for name, field in getattr(form_class, "base_fields", {}).items():
                widget = field.widget
                if isinstance(widget, forms.SelectMultiple) and not isinstance(
                    widget, forms.CheckboxSelectMultiple
                ):
                    offenders.append(f"{form_class.__name__}.{name}")
    assert offenders == []


def test_the_migration_brings_over_refusals_recorded_at_intake(houkatsu: User) -> None:
    migration = importlib.import_module("kasane.intake.migrations.0003_refusals_from_consultations")
    person = _new_person(houkatsu)
    client_for(houkatsu).post(
        reverse("consultations:create") + f"?person={person.pk}",
        _consultation_data(consent="refused"),
    )
    # As if the consultation had been recorded before refusals existed.
    ConsentRefusal.objects.filter(person=person).delete()
    Person.objects.filter(pk=person.pk).update(consent_state=ConsentState.UNCONFIRMED)
    migration.refusals_from_consultations(apps, None)
    person.refresh_from_db()
    assert person.consent_state == ConsentState.REFUSED
    assert person.consent_refusals.count() == 1


def test_the_messages_keep_the_link(coordinator: User) -> None:
    """The link travels in the session's messages as safe HTML, not escaped text."""
    meeting = schedule_meeting(
        coordinator,
        MeetingKind.JUSOU,
        starts_at=timezone.now() + dt.timedelta(days=3),
        title="重層的支援会議（テスト）",
    )
    client = client_for(coordinator)
    response = client.post(
        reverse("meetings:agenda_add", args=[meeting.pk]),
        {
            "submission_key": new_key(),
            "case_number": demo_case("鈴木家").pk,
            "purpose": Purpose.PLAN,
            "briefing": "",
        },
    )
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert any('<a href="/people/' in text for text in texts)


def test_linking_a_sheet_that_says_consent_offers_the_consent_form(
    zeimu: User, coordinator: User
) -> None:
    from kasane.intake import services as intake

    sheet, _ = intake.sheet_submit(
        actor=zeimu,
        subject_name="山本 勇",
        subject_contact="デモ市北町2丁目7-1",
        reason="窓口で、片付けを手伝ってほしいと話していた。",
        consent="agreed",
        urgency="normal",
    )
    isamu = demo_case_of("山本 勇").main_person
    response = client_for(coordinator).post(
        reverse("referrals:link_person", args=[sheet.pk]),
        {"submission_key": new_key(), "person": isamu.pk},
    )
    url = urlparse(response["Location"])
    assert url.path == reverse("people:consent_create", args=[isamu.pk])
    assert set(parse_qs(url.query)["organizations"]) == {
        str(zeimu.organization_id),
        str(sheet.receiver_organization_id),
    }
