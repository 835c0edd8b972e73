"""相談受付 and つなぎ through the pages: recording, triage on the home page, the つなぐシート
and its status as the sender sees it, the inbox, and the lists' query counts."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.core.errors import version_of
from kasane.intake import services
from kasane.intake.models import (
    Consultation,
    Referral,
    ReferralKind,
    ReferralStatus,
)
from kasane.people.models import Household, Person
from tests.builders import demo_issue_code, demo_person, new_key
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db


def _consultation_data(**overrides: object) -> dict[str, object]:
    now = timezone.localtime() - dt.timedelta(minutes=10)
    data: dict[str, object] = {
        "submission_key": new_key(),
        "received_on": now.date().isoformat(),
        "received_time": now.strftime("%H:%M"),
        "route": "phone",
        "consulter_relation": "neighbour",
        "consulter_name": "近所の方",
        "summary": "最近、ハナさんの姿を見かけない。",
        "issues": [demo_issue_code("介護").pk, demo_issue_code("社会的孤立").pk],
        "main_issue": demo_issue_code("介護").pk,
        "urgency": "normal",
        "consent": "unknown",
        "outcome": "handled",
        "outcome_note": "",
    }
    data.update(overrides)
    return data


def _create_url(person: Person | None = None, **params: object) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    if person is not None:
        query = f"person={person.pk}" + (f"&{query}" if query else "")
    return reverse("consultations:create") + (f"?{query}" if query else "")


def _sheet_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "submission_key": str(uuid.uuid4()),
        "subject_name": "川口 二郎",
        "subject_kana": "カワグチ ジロウ",
        "subject_contact": "090-1111-2222",
        "reason": "国保税の相談に来たが、生活が苦しいと話していた。",
        "consent": "agreed",
        "urgency": "normal",
    }
    data.update(overrides)
    return data


# --- Recording a consultation -----------------------------------------------------------------


def test_a_consultant_records_a_consultation_for_a_known_person(houkatsu: User) -> None:
    client = client_for(houkatsu)
    hana = demo_person("鈴木 ハナ")
    page = client.get(_create_url(hana))
    assert page.status_code == 200
    assert "鈴木家" in page.content.decode()  # her household is offered
    household = Household.objects.get(name="鈴木家")
    response = client.post(_create_url(hana), _consultation_data(household=household.pk))
    consultation = Consultation.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:detail", args=[consultation.pk])
    assert consultation.person == hana
    assert consultation.household == household
    assert consultation.organization == houkatsu.organization
    assert [(i.code.name, i.is_main) for i in consultation.issues.all()] == [
        ("介護", True),
        ("社会的孤立", False),
    ]
    assert AuditEvent.objects.filter(
        action="consultation.create", object_id=str(consultation.pk)
    ).exists()
    detail = client.get(response["Location"]).content.decode()
    assert "最近、ハナさんの姿を見かけない。" in detail
    assert "介護（主）" in detail
    assert AuditEvent.objects.filter(
        action="consultation.view", object_id=str(consultation.pk), actor=houkatsu
    ).exists()


def test_the_first_step_searches_for_the_person(houkatsu: User) -> None:
    client = client_for(houkatsu)
    page = client.get(reverse("consultations:create") + "?name=すずき").content.decode()
    assert "鈴木 ハナ" in page
    assert f"?person={demo_person('鈴木 ハナ').pk}" in page
    assert "本人を特定せずに記録" in page
    assert "新しく本人を登録してから記録" in page


def test_a_consultation_without_a_named_person(houkatsu: User) -> None:
    client = client_for(houkatsu)
    url = _create_url(anonymous=1)
    response = client.post(url, _consultation_data(outcome="information"))
    assert response.status_code == 302
    assert Consultation.objects.latest("pk").person is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"summary": ""}, "このフィールドは必須です。"),
        ({"main_issue": "", "issues": []}, None),
        ({"main_issue_other": True}, "主な課題は、印を付けた項目から選んでください。"),
        ({"outcome": "to_agency"}, "つなぎ先の機関を選んでください。"),
        ({"received_on": "2099-01-01"}, "受付日時が未来です。"),
        ({"route": ""}, "このフィールドは必須です。"),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(
    houkatsu: User, overrides: dict, message: str | None
) -> None:
    if overrides.pop("main_issue_other", False):
        overrides = {"main_issue": demo_issue_code("債務").pk}
    client = client_for(houkatsu)
    before = Consultation.objects.count()
    response = client.post(_create_url(demo_person("鈴木 ハナ")), _consultation_data(**overrides))
    if message is None:  # no issues checked is allowed
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "保存はされていません" in response.content.decode()
    assert Consultation.objects.count() == before


def test_passing_a_consultation_to_coordination_sends_a_referral(
    houkatsu: User, coordinator: User
) -> None:
    client = client_for(houkatsu)
    client.post(
        _create_url(demo_person("鈴木 ハナ")), _consultation_data(outcome="to_coordination")
    )
    consultation = Consultation.objects.latest("pk")
    referral = consultation.referrals_sent.get()
    assert referral.kind == ReferralKind.COORDINATION
    assert referral.receiver_organization == coordinator.organization
    assert referral.status == ReferralStatus.SENT
    # The sender follows it on the consultation and in its sent list (status only)…
    assert (
        "送付済"
        in client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    )
    assert "送付済" in client.get(reverse("referrals:sent_list")).content.decode()
    # …but cannot open the referral's content once it is the receiver's.
    assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404
    inbox = client_for(coordinator).get(reverse("referrals:list")).content.decode()
    assert reverse("referrals:detail", args=[referral.pk]) in inbox


def test_passing_to_another_agency(houkatsu: User, jiritsu: User) -> None:
    client = client_for(houkatsu)
    client.post(
        _create_url(demo_person("鈴木 ハナ")),
        _consultation_data(outcome="to_agency", pass_to=jiritsu.organization_id, consent="oral"),
    )
    referral = Consultation.objects.latest("pk").referrals_sent.get()
    assert referral.receiver_organization == jiritsu.organization
    jiritsu_client = client_for(jiritsu)
    assert jiritsu_client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 200
    jiritsu_client.post(reverse("referrals:acknowledge", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.acknowledged_by == jiritsu


def test_a_correction_refuses_to_overwrite_a_newer_version(houkatsu: User) -> None:
    client = client_for(houkatsu)
    client.post(_create_url(demo_person("鈴木 ハナ")), _consultation_data())
    consultation = Consultation.objects.latest("pk")
    url = reverse("consultations:edit", args=[consultation.pk])
    form = client.get(url).context["form"]
    loaded_at = form.initial["loaded_at"]
    # Someone else saves in between.
    services.consultation_update(
        actor=houkatsu,
        consultation=consultation,
        loaded_at=version_of(consultation.updated_at),
        issues=[demo_issue_code("介護")],
        main_issue=None,
        summary="別の人が直した主訴",
    )
    data = _consultation_data(summary="私が直した主訴", loaded_at=loaded_at)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "ほかの利用者が変更しました" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.summary == "別の人が直した主訴"
    # Saving again overwrites knowingly.
    data["loaded_at"] = response.context["form"].data["loaded_at"]
    assert client.post(url, data).status_code == 302
    consultation.refresh_from_db()
    assert consultation.summary == "私が直した主訴"


# --- Triage -----------------------------------------------------------------------------------


def test_an_urgent_consultation_waits_on_home_pages_until_acknowledged(
    houkatsu: User, coordinator: User, outsider: User
) -> None:
    client = client_for(houkatsu)
    client.post(
        _create_url(demo_person("鈴木 ハナ")),
        _consultation_data(urgent_signs=["lifeline"], summary="電気が止まっていると連絡"),
    )
    consultation = Consultation.objects.latest("pk")
    assert consultation.is_urgent and consultation.urgency == "urgent"
    detail_url = reverse("consultations:detail", args=[consultation.pk])
    coordinator_client = client_for(coordinator)
    for home in (client.get("/"), coordinator_client.get("/")):
        assert detail_url in home.content.decode()
        assert "ライフライン停止" in home.content.decode()
    assert detail_url not in client_for(outsider).get("/").content.decode()

    response = coordinator_client.post(
        reverse("consultations:acknowledge", args=[consultation.pk]), {"next": "home"}
    )
    assert response["Location"] == reverse("front:home")
    consultation.refresh_from_db()
    assert consultation.acknowledged_by == coordinator
    assert detail_url not in client.get("/").content.decode()
    assert "中村 真理さんが確認しました" in client.get(detail_url).content.decode()


def test_the_demo_urgent_consultation_is_on_the_coordinator_home(coordinator: User) -> None:
    home = client_for(coordinator).get("/").content.decode()
    assert "髙橋 美咲さん：安否確認" in home


# --- つなぐシート -----------------------------------------------------------------------------


def test_a_referrer_sends_a_sheet_and_follows_its_status(zeimu: User, coordinator: User) -> None:
    client = client_for(zeimu)
    form = client.get(reverse("referrals:sheet_create"))
    assert form.status_code == 200
    data = _sheet_data(submission_key=form.context["form"].initial["submission_key"])
    response = client.post(reverse("referrals:sheet_create"), data)
    assert response["Location"] == reverse("referrals:sent_list")
    sheet = Referral.objects.get(sender=zeimu, subject_name="川口 二郎")
    assert sheet.kind == ReferralKind.SHEET
    assert sheet.receiver_organization == coordinator.organization

    def status_seen() -> str:
        page = client.get(reverse("referrals:sent_list")).content.decode()
        row = page.split("川口 二郎", 1)[1]
        return row.split('data-status="', 1)[1].split('"', 1)[0]

    assert status_seen() == "sent"
    coordinator_client = client_for(coordinator)
    coordinator_client.post(reverse("referrals:acknowledge", args=[sheet.pk]))
    assert status_seen() == "accepted"
    coordinator_client.post(
        reverse("referrals:complete", args=[sheet.pk]),
        {"outcome": "support_started", "note": "自立相談支援機関と訪問", "confirmed": "yes"},
    )
    page = client.get(reverse("referrals:sent_list")).content.decode()
    assert "完了（支援開始）" in page
    assert "自立相談支援機関と訪問" not in page  # the receiver's note stays with the receiver


def test_a_double_submit_creates_one_sheet(zeimu: User) -> None:
    client = client_for(zeimu)
    data = _sheet_data()
    first = client.post(reverse("referrals:sheet_create"), data)
    second = client.post(reverse("referrals:sheet_create"), data)
    assert first.status_code == second.status_code == 302
    assert Referral.objects.filter(sender=zeimu, subject_name="川口 二郎").count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"reason": ""}, "このフィールドは必須です。"),
        ({"subject_name": "  "}, "このフィールドは必須です。"),
        ({"subject_contact": ""}, "このフィールドは必須です。"),
        ({"consent": "maybe"}, "正しく選択してください"),
    ],
)
def test_a_bad_sheet_is_explained_and_not_sent(zeimu: User, overrides: dict, message: str) -> None:
    before = Referral.objects.count()
    response = client_for(zeimu).post(reverse("referrals:sheet_create"), _sheet_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "まだ送られていません" in response.content.decode()
    assert Referral.objects.count() == before


def test_a_referrer_sees_only_their_own_sheets(zeimu: User) -> None:
    page = client_for(zeimu).get(reverse("referrals:sent_list")).content.decode()
    assert "鈴木 一郎" in page
    assert "山本 勇" not in page  # suido's sheet
    # The inbox is not theirs: they are sent to their own list.
    assert client_for(zeimu).get(reverse("referrals:list"))["Location"] == reverse(
        "referrals:sent_list"
    )


def test_a_returned_sheet_tells_the_sender_why(zeimu: User, coordinator: User) -> None:
    sheet, _ = services.sheet_submit(actor=zeimu, **_sheet_data(submission_key=None))
    client_for(coordinator).post(
        reverse("referrals:return", args=[sheet.pk]),
        {"reason": "連絡先が読み取れません", "confirmed": "yes"},
    )
    page = client_for(zeimu).get(reverse("referrals:sent_list") + "?status=returned")
    assert "連絡先が読み取れません" in page.content.decode()


# --- The inbox --------------------------------------------------------------------------------


def test_the_overdue_sheet_is_flagged_in_the_inbox_and_on_the_home_page(
    coordinator: User,
) -> None:
    client = client_for(coordinator)
    inbox = client.get(reverse("referrals:list") + "?overdue_only=on").content.decode()
    assert "山本 勇" in inbox
    assert "受理期限超過" in inbox
    assert "鈴木 一郎" not in inbox  # acknowledged
    home = client.get("/").content.decode()
    assert "山本 勇さん" in home
    assert "期限超過" in home


def test_the_receiver_links_a_sheet_to_a_person_and_opens_a_consultation(
    zeimu: User, coordinator: User
) -> None:
    sheet, _ = services.sheet_submit(
        actor=zeimu, **_sheet_data(submission_key=None, subject_name="鈴木 ハナ")
    )
    client = client_for(coordinator)
    detail = client.get(reverse("referrals:detail", args=[sheet.pk])).content.decode()
    hana = demo_person("鈴木 ハナ")
    assert f'name="person" value="{hana.pk}"' in detail  # offered as a candidate
    client.post(reverse("referrals:link_person", args=[sheet.pk]), {"person": hana.pk})
    sheet.refresh_from_db()
    assert sheet.person == hana
    url = reverse("consultations:create") + f"?referral={sheet.pk}"
    page = client.get(url)
    assert page.context["form"].initial["route"] == "sheet"
    response = client.post(url + f"&person={hana.pk}", _consultation_data(route="sheet"))
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == ReferralStatus.IN_PROGRESS
    assert Consultation.objects.latest("pk").referral == sheet
    # The sender sees 対応中, never the consultation.
    assert "対応中" in client_for(zeimu).get(reverse("referrals:sent_list")).content.decode()


def test_registering_the_person_from_a_referral_starts_from_the_sheet(
    zeimu: User, coordinator: User
) -> None:
    sheet, _ = services.sheet_submit(actor=zeimu, **_sheet_data(submission_key=None))
    client = client_for(coordinator)
    url = reverse("people:person_create") + f"?referral={sheet.pk}"
    form = client.get(url).context["form"]
    assert (form.initial["family_name"], form.initial["given_kana"]) == ("川口", "ジロウ")
    response = client.post(
        url,
        {
            "submission_key": new_key(),
            "family_name": "川口",
            "given_name": "二郎",
            "family_kana": "カワグチ",
            "given_kana": "ジロウ",
            "sex": "male",
            "nationality": "日本",
        },
    )
    person = Person.objects.get(family_name="川口", given_name="二郎")
    assert response["Location"] == reverse("referrals:detail", args=[sheet.pk]) + (
        f"?person={person.pk}"
    )
    assert "この方と結び付ける" in client.get(response["Location"]).content.decode()


# --- Query counts -----------------------------------------------------------------------------


def _more_consultations(user: User, count: int) -> None:
    hana = demo_person("鈴木 ハナ")
    for number in range(count):
        services.consultation_create(
            actor=user,
            person=hana,
            issues=[demo_issue_code("介護"), demo_issue_code("債務")],
            outcome="handled",
            received_at=timezone.now() - dt.timedelta(hours=number + 1),
            route="visit",
            consulter_relation="self",
            summary=f"相談 {number}",
            consent="oral",
        )


def _more_sheets(user: User, count: int) -> None:
    for number in range(count):
        services.sheet_submit(
            actor=user, **_sheet_data(submission_key=None, subject_name=f"試験 {number}")
        )


def test_the_consultation_list_takes_the_same_queries_for_more_rows(houkatsu: User) -> None:
    client = client_for(houkatsu)
    url = reverse("consultations:list")
    _more_consultations(houkatsu, 2)
    few = queries_for(client, url)
    _more_consultations(houkatsu, 8)
    assert queries_for(client, url) == few


def test_the_inbox_and_the_sent_list_take_the_same_queries_for_more_rows(
    zeimu: User, coordinator: User
) -> None:
    inbox, sent = client_for(coordinator), client_for(zeimu)
    _more_sheets(zeimu, 2)
    few = (
        queries_for(inbox, reverse("referrals:list")),
        queries_for(sent, reverse("referrals:sent_list")),
        queries_for(inbox, "/"),
    )
    _more_sheets(zeimu, 8)
    assert (
        queries_for(inbox, reverse("referrals:list")),
        queries_for(sent, reverse("referrals:sent_list")),
        queries_for(inbox, "/"),
    ) == few


def test_the_person_page_lists_the_consultations_the_user_may_see(
    houkatsu: User, coordinator: User
) -> None:
    hana = demo_person("鈴木 ハナ")
    url = reverse("people:person_detail", args=[hana.pk])
    client = client_for(houkatsu)
    few = queries_for(client, url)
    _more_consultations(houkatsu, 5)
    page = client.get(url).content.decode()
    assert len(re.findall(r'href="/consultations/\d+/"', page)) >= 7  # 2 from the demo
    assert f"{reverse('consultations:create')}?person={hana.pk}" in page
    assert queries_for(client, url) == few


def test_changing_the_reception_time_is_saved_and_audited(houkatsu: User) -> None:
    client = client_for(houkatsu)
    client.post(_create_url(demo_person("鈴木 ハナ")), _consultation_data())
    consultation = Consultation.objects.latest("pk")
    url = reverse("consultations:edit", args=[consultation.pk])
    loaded_at = client.get(url).context["form"].initial["loaded_at"]
    earlier = timezone.localtime() - dt.timedelta(days=1)
    data = _consultation_data(
        loaded_at=loaded_at,
        received_on=earlier.date().isoformat(),
        received_time="09:30",
    )
    assert client.post(url, data).status_code == 302
    consultation.refresh_from_db()
    assert timezone.localtime(consultation.received_at).strftime("%H:%M") == "09:30"
    change = AuditEvent.objects.filter(
        action="consultation.update", object_id=str(consultation.pk)
    ).latest("pk")
    assert change.details == {"fields": ["received_at"]}


def test_without_consent_the_form_offers_coordination_instead(houkatsu: User, jiritsu: User):
    before = Consultation.objects.count()
    response = client_for(houkatsu).post(
        _create_url(demo_person("鈴木 ハナ")),
        _consultation_data(outcome="to_agency", pass_to=jiritsu.organization_id, consent="refused"),
    )
    assert "本人の同意がないため、他機関へはつなげません" in response.content.decode()
    assert Consultation.objects.count() == before


def test_a_referral_about_someone_restricted_since_masks_the_contact(
    houkatsu: User, jiritsu: User, admin: User, coordinator: User
) -> None:
    """The phone travelled with the referral before 閲覧制限 was set; from then on the receiver
    sees it masked unless granted (an admin proposes, a coordinator approves)."""
    from kasane.people import services as people

    hana = demo_person("鈴木 ハナ")
    client_for(houkatsu).post(
        _create_url(hana),
        _consultation_data(outcome="to_agency", pass_to=jiritsu.organization_id, consent="oral"),
    )
    referral = Consultation.objects.latest("pk").referrals_sent.get()
    assert referral.subject_contact == hana.phone
    url = reverse("referrals:detail", args=[referral.pk])
    assert hana.phone in client_for(jiritsu).get(url).content.decode()
    people.person_restrict(
        actor=houkatsu, person=hana, since=timezone.localdate(), reason="DV等支援措置"
    )
    page = client_for(jiritsu).get(url).content.decode()
    assert hana.phone not in page and "（閲覧制限）" in page
    # Her son lives with her: a referral about him masks the shared contact too.
    ichiro = Person.objects.get(family_name="鈴木", given_name="一郎")
    assert not access.may_see_home_contact(jiritsu, ichiro)
    grant = people.restriction_grant_propose(
        actor=admin, person=hana, user=jiritsu, reason="支援のため"
    )
    assert hana.phone not in client_for(jiritsu).get(url).content.decode()  # not yet approved
    people.restriction_grant_approve(actor=coordinator, grant=grant)
    assert hana.phone in client_for(jiritsu).get(url).content.decode()
    assert AuditEvent.objects.filter(
        action="person.view_unmasked", actor=jiritsu, object_id=str(hana.pk)
    ).exists()


def test_opening_a_consultation_from_a_referral_records_that_it_was_read(
    zeimu: User, coordinator: User
) -> None:
    sheet, _ = services.sheet_submit(actor=zeimu, **_sheet_data(submission_key=None))
    client_for(coordinator).get(reverse("consultations:create") + f"?referral={sheet.pk}")
    assert AuditEvent.objects.filter(
        action="referral.view", object_id=str(sheet.pk), details__page="consultation_create"
    ).exists()


def test_an_admin_does_not_read_the_inbox(admin: User) -> None:
    """Admins manage the system and read no referral (issue 19)."""
    response = client_for(admin).get(reverse("referrals:list") + "?all_receivers=on")
    assert response.status_code == 404
