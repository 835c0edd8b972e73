"""Every edit form carries the version of the record it was opened with, and a save without
it (or with an older one) is refused: leaving the hidden `loaded_at` out must not switch the
check off (issue 21 point 3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db.models import Model
from django.urls import reverse

from kasane.accounts.models import User
from kasane.cases import services as cases
from kasane.cases.models import PlanStatus
from kasane.core.errors import NO_VERSION, DomainError, version_of
from kasane.intake.models import Consultation, IssueCode
from kasane.meetings.models import MeetingBody
from kasane.notices.models import ChatWebhook
from kasane.organizations.models import Area, Organization
from kasane.people import services as people
from tests.builders import (
    case_in_assessment,
    demo_case,
    demo_household,
    demo_person,
    form_data,
    period_pledge,
    schedule_meeting,
    with_item,
)
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

STALE = "ほかの利用者が変更しました"


@dataclass
class EditForm:
    username: str
    page: str  # where the form is shown
    record: Model  # whose updated_at is the version
    post: str = ""  # where it is posted, when not to the page itself
    forms: tuple[str, ...] = ("form",)  # the page's context names of what is posted
    extra: dict[str, object] = field(default_factory=dict)  # what the user must choose


def _person() -> EditForm:
    return EditForm(
        "houkatsu", f"/people/{demo_person('鈴木 一郎').pk}/edit/", demo_person("鈴木 一郎")
    )


def _household() -> EditForm:
    household = demo_household("鈴木家")
    return EditForm("houkatsu", f"/households/{household.pk}/edit/", household)


def _member() -> EditForm:
    household = demo_household("鈴木家")
    member = household.members.get(person__given_name="一郎")
    return EditForm("houkatsu", f"/households/{household.pk}/members/{member.pk}/", member)


def _consultation() -> EditForm:
    consultation = Consultation.objects.filter(organization__name="東地域包括支援センター").first()
    return EditForm("houkatsu", reverse("consultations:edit", args=[consultation.pk]), consultation)


def _case() -> EditForm:
    case = demo_case("鈴木家")
    return EditForm("coordinator", reverse("cases:edit", args=[case.pk]), case)


def _plan() -> EditForm:
    coordinator = User.objects.get(username="coordinator")
    case = case_in_assessment(coordinator)
    cases.case_transition(actor=coordinator, case=case, to_status="planning")
    plan = cases.plan_create(actor=coordinator, case=case, items=[], goal="暮らしを立て直す")
    assert plan.status == PlanStatus.DRAFT
    url = reverse("cases:plan_edit", args=[case.pk, plan.pk])
    return EditForm("coordinator", url, plan, forms=("form", "items"))


def _meeting() -> EditForm:
    meeting = schedule_meeting(User.objects.get(username="coordinator"))
    return EditForm("coordinator", reverse("meetings:edit", args=[meeting.pk]), meeting)


def _minutes() -> EditForm:
    coordinator = User.objects.get(username="coordinator")
    meeting = schedule_meeting(coordinator)
    period_pledge(coordinator, meeting.participants.get(user=coordinator))
    item = with_item(coordinator, meeting, demo_case("鈴木家"), "share")
    item.refresh_from_db()  # its minutes were saved
    page = reverse("meetings:item", args=[meeting.pk, item.pk])
    post = reverse("meetings:minutes_save", args=[meeting.pk, item.pk])
    return EditForm("coordinator", page, item, post=post, forms=("minutes_form",))


def _body() -> EditForm:
    body = MeetingBody.objects.order_by("pk").first()
    return EditForm("coordinator", reverse("meetings:body_edit", args=[body.pk]), body)


def _organization() -> EditForm:
    organization = Organization.objects.get(name="税務課")
    return EditForm("admin", f"/manage/organizations/{organization.pk}/", organization)


def _chat_webhook() -> EditForm:
    hook = ChatWebhook.objects.create(
        organization=Organization.objects.get(name="こども家庭センター"),
        name="緊急連絡",
        style="slack",
        url="https://chat.example.lg.jp/hooks/secret",
        kinds=["urgent_consultation"],
    )
    return EditForm("admin", f"/manage/notices/webhooks/{hook.pk}/", hook)


def _area() -> EditForm:
    area = Area.objects.get(name="東圏域")
    return EditForm("admin", f"/manage/areas/{area.pk}/", area)


def _issue_code() -> EditForm:
    code = IssueCode.objects.get(name="教育")
    return EditForm("admin", reverse("consultations:issue_code_edit", args=[code.pk]), code)


def _user() -> EditForm:
    user = User.objects.get(username="sanka")
    return EditForm("admin", f"/manage/users/{user.pk}/", user)


def _outreach_close() -> EditForm:
    from kasane.outreach import services as outreach

    target = outreach.target_register(
        actor=User.objects.get(username="csw"),
        source="community",
        area=Area.objects.get(name="北町3丁目"),
        description="アパート2階の高齢男性",
        noticed="新聞がたまっている",
    )
    page = reverse("outreach:close", args=[target.pk])
    return EditForm("csw", page, target, extra={"reason": "not_needed"})


def _outreach_edit() -> EditForm:
    target = _outreach_close().record
    return EditForm("csw", reverse("outreach:edit", args=[target.pk]), target)


EDIT_FORMS: dict[str, Callable[[], EditForm]] = {
    "person": _person,
    "household": _household,
    "household member": _member,
    "consultation": _consultation,
    "case": _case,
    "plan": _plan,
    "meeting": _meeting,
    "minutes": _minutes,
    "meeting body": _body,
    "organization": _organization,
    "area": _area,
    "issue code": _issue_code,
    "user": _user,
    "chat webhook": _chat_webhook,
    "outreach close": _outreach_close,
    "outreach target": _outreach_edit,
}


def _opened(spec: EditForm) -> tuple[object, dict[str, object]]:
    client = client_for(User.objects.get(username=spec.username))
    response = client.get(spec.page)
    assert response.status_code == 200
    data = {**form_data(*(response.context[name] for name in spec.forms)), **spec.extra}
    assert data[_version_name(response.context[spec.forms[0]])] == version_of(
        spec.record.updated_at
    )
    return client, data


def _version_name(form: object) -> str:
    return form["loaded_at"].html_name


def _unchanged(spec: EditForm) -> bool:
    stored = type(spec.record).objects.get(pk=spec.record.pk)
    return stored.updated_at == spec.record.updated_at


@pytest.mark.parametrize("kind", EDIT_FORMS)
def test_a_save_without_the_version_is_refused(kind: str) -> None:
    spec = EDIT_FORMS[kind]()
    client, data = _opened(spec)
    name = next(key for key in data if key.endswith("loaded_at"))
    del data[name]
    response = client.post(spec.post or spec.page, data)
    assert response.status_code == 200
    assert NO_VERSION in response.content.decode()
    assert _unchanged(spec)


@pytest.mark.parametrize("kind", EDIT_FORMS)
def test_an_unreadable_version_is_refused(kind: str) -> None:
    spec = EDIT_FORMS[kind]()
    client, data = _opened(spec)
    name = next(key for key in data if key.endswith("loaded_at"))
    data[name] = "昨日"
    response = client.post(spec.post or spec.page, data)
    assert NO_VERSION in response.content.decode()
    assert _unchanged(spec)


@pytest.mark.parametrize("kind", EDIT_FORMS)
def test_a_stale_version_is_refused_and_the_current_one_saves(kind: str) -> None:
    spec = EDIT_FORMS[kind]()
    client, data = _opened(spec)
    name = next(key for key in data if key.endswith("loaded_at"))
    data[name] = (spec.record.updated_at - dt.timedelta(minutes=5)).isoformat()
    response = client.post(spec.post or spec.page, data)
    assert response.status_code == 200
    assert STALE in response.content.decode()
    assert _unchanged(spec)
    # The form as opened saves: the refusals above were the version's, nothing else.
    _client, data = _opened(spec)
    assert client.post(spec.post or spec.page, data).status_code == 302


def test_the_service_refuses_a_missing_version(houkatsu: User) -> None:
    ichiro = demo_person("鈴木 一郎")
    with pytest.raises(DomainError, match="版がありません"):
        people.person_update(
            actor=houkatsu, person=ichiro, may_change_contact=True, loaded_at="", notes="上書き"
        )
