"""A create form posted twice (a double click, a resend) records once, and the second post is
sent to what the first created with a message (issue 13 point 10)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from kasane.accounts.models import User
from kasane.cases.models import Case, CaseNote
from kasane.core.submissions import NO_KEY, SUBMITTED_BEFORE
from kasane.intake.models import Consultation, IssueCode
from kasane.meetings.models import Meeting, MeetingBody
from kasane.notices.models import ChatWebhook
from kasane.organizations.models import Area, Organization
from kasane.outreach.models import ContactAttempt, OutreachTarget
from kasane.people.models import Consent, Household, Person
from tests.builders import demo_case, demo_person, form_data
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@dataclass
class CreateForm:
    username: str
    page: str
    model: type[Model]
    extra: dict[str, object] = field(default_factory=dict)
    form: str = "form"
    post: str = ""


def _person() -> CreateForm:
    names = {"family_name": "二重", "given_name": "押子", "family_kana": "ニジュウ"}
    return CreateForm("houkatsu", reverse("people:person_create"), Person, names)


def _household() -> CreateForm:
    houkatsu = User.objects.get(username="houkatsu")
    person = Person.objects.create(
        organization=houkatsu.organization, family_name="世帯", given_name="無子"
    )
    url = reverse("people:household_create") + f"?person={person.pk}"
    return CreateForm("houkatsu", url, Household)


def _consultation() -> CreateForm:
    url = reverse("consultations:create") + f"?person={demo_person('鈴木 ハナ').pk}"
    extra = {
        "route": "phone",
        "consulter_relation": "self",
        "summary": "二度押しの確かめ",
        "consent": "unknown",
        "outcome": "handled",
    }
    return CreateForm("houkatsu", url, Consultation, extra)


def _case() -> CreateForm:
    url = reverse("cases:create") + f"?person={demo_person('鈴木 ハナ').pk}"
    return CreateForm("coordinator", url, Case)


def _note() -> CreateForm:
    case = demo_case("鈴木家")
    page = reverse("cases:detail", args=[case.pk])
    post = reverse("cases:note_add", args=[case.pk])
    extra = {"method": "phone", "content": "電話で様子を聞いた。"}
    return CreateForm("coordinator", page, CaseNote, extra, form="note_form", post=post)


def _consent() -> CreateForm:
    person = demo_person("鈴木 ハナ")
    page = reverse("people:consent_create", args=[person.pk])
    extra = {"given_on": "R8.4.1", "method": "oral", "all_organizations": "on"}
    return CreateForm("houkatsu", page, Consent, extra, form="form")


def _meeting() -> CreateForm:
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    extra = {"title": "二度押し会議", "starts_on": tomorrow.isoformat(), "place": "会議室"}
    return CreateForm("coordinator", reverse("meetings:create"), Meeting, extra)


def _body() -> CreateForm:
    extra = {
        "name": "二度押し検討会",
        "kind": "other",
        "convener": Organization.objects.get(name="東地域包括支援センター").pk,
        "targets": ["elderly"],
        "usual_minutes": "60",
    }
    return CreateForm("coordinator", reverse("meetings:body_create"), MeetingBody, extra)


def _organization() -> CreateForm:
    extra = {"name": "二度押しの会", "kind": "npo"}
    return CreateForm("admin", reverse("organizations:organization_create"), Organization, extra)


def _area() -> CreateForm:
    district = Area.objects.filter(kind="district").first()
    extra = {"code": "999999", "name": "二度押し町", "kind": "town", "parent": district.pk}
    return CreateForm("admin", reverse("organizations:area_create"), Area, extra)


def _issue_code() -> CreateForm:
    url = reverse("consultations:issue_code_create")
    return CreateForm("admin", url, IssueCode, {"name": "二度押し"})


def _user() -> CreateForm:
    extra = {
        "username": "nijuu",
        "full_name": "二重 押子",
        "organization": Organization.objects.get(name="税務課").pk,
        "roles": ["referrer"],
        "password": "a-long-enough-passphrase",
    }
    return CreateForm("admin", reverse("accounts:user_create"), User, extra)


def _chat_webhook() -> CreateForm:
    extra = {
        "organization": Organization.objects.get(name="こども家庭センター").pk,
        "name": "二度押し連絡",
        "style": "teams",
        "url": "https://chat.example.lg.jp/hooks/nijuu",
        "kinds": ["urgent_consultation"],
    }
    return CreateForm("admin", reverse("notices:webhook_create"), ChatWebhook, extra)


def _outreach_target() -> CreateForm:
    extra = {
        "source": "community",
        "area": Area.objects.get(name="北町3丁目").pk,
        "description": "二度押し荘の高齢女性",
        "noticed": "民生委員から",
    }
    return CreateForm("csw", reverse("outreach:create"), OutreachTarget, extra)


def _contact_attempt() -> CreateForm:
    target = OutreachTarget.objects.get(person=demo_person("山本 勇"))
    page = reverse("outreach:attempt_create", args=[target.pk])
    return CreateForm("csw", page, ContactAttempt, {"result": "absent"})


def _case_from_outreach() -> CreateForm:
    person = demo_person("山本 勇")
    target = OutreachTarget.objects.get(person=person)
    page = reverse("outreach:open_case", args=[target.pk])
    extra = {"lead_organization": person.organization_id, "lead_worker": ""}
    return CreateForm("coordinator", page, Case, extra)


CREATE_FORMS: dict[str, Callable[[], CreateForm]] = {
    "person": _person,
    "household": _household,
    "consultation": _consultation,
    "case": _case,
    "note": _note,
    "consent": _consent,
    "meeting": _meeting,
    "meeting body": _body,
    "organization": _organization,
    "area": _area,
    "issue code": _issue_code,
    "user": _user,
    "chat webhook": _chat_webhook,
    "outreach target": _outreach_target,
    "contact attempt": _contact_attempt,
    "case from outreach": _case_from_outreach,
}


def _opened(spec: CreateForm):
    client = client_for(User.objects.get(username=spec.username))
    response = client.get(spec.page)
    assert response.status_code == 200
    form = response.context[spec.form]
    key = form["submission_key"]
    assert f'name="{key.html_name}"' in response.content.decode()  # the page carries it
    return client, {**form_data(form), **spec.extra}


@pytest.mark.parametrize("kind", CREATE_FORMS)
def test_the_same_form_posted_twice_records_once(kind: str) -> None:
    spec = CREATE_FORMS[kind]()
    client, data = _opened(spec)
    before = spec.model.objects.count()
    first = client.post(spec.post or spec.page, data)
    assert first.status_code == 302, first.context[spec.form].errors if first.context else ""
    second = client.post(spec.post or spec.page, data, follow=True)
    assert spec.model.objects.count() == before + 1
    assert second.redirect_chain[0][0] == first["Location"]
    assert SUBMITTED_BEFORE in second.content.decode()


@pytest.mark.parametrize("kind", ["person", "consultation", "case", "meeting", "user"])
def test_a_create_form_without_its_key_is_refused(kind: str) -> None:
    spec = CREATE_FORMS[kind]()
    client, data = _opened(spec)
    del data["submission_key"]
    before = spec.model.objects.count()
    response = client.post(spec.post or spec.page, data)
    assert response.status_code == 200
    assert NO_KEY in response.content.decode()
    assert spec.model.objects.count() == before


def test_a_refused_save_leaves_the_key_free_for_the_corrected_form() -> None:
    spec = _issue_code()
    client, data = _opened(spec)
    taken = client.post(spec.page, {**data, "name": "介護"})  # a name in use: refused
    assert "同じ名前の項目が既にあります" in taken.content.decode()
    assert client.post(spec.page, data).status_code == 302
    assert IssueCode.objects.filter(name="二度押し").count() == 1
