"""本人: registering (with duplicate hints and Japanese validation), the person page and what
is recorded on it. Visibility: the registering organisation, coordinators and admins."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.core.errors import version_of
from kasane.people import services
from kasane.people.models import NameGram, Person, SamePersonLink
from tests.builders import demo_person, new_key
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db


def _form(**values: str) -> dict[str, str]:
    data = {
        "submission_key": new_key(),
        "family_name": "山田",
        "given_name": "花子",
        "family_kana": "やまだ",
        "given_kana": "はなこ",
        "birth_date": "S45.3.2",
        "sex": "female",
        "postal_code": "１２３－４５６７",
        "address": "デモ市旭町1丁目1-1",
        "phone": "090-1111-2222",
        "nationality": "日本",
        "care_level": "",
    }
    data.update(values)
    return data


def test_it_registers_a_person_with_a_wareki_birth_date(houkatsu: User) -> None:
    response = client_for(houkatsu).post("/people/new/", _form())
    person = Person.objects.get(family_name="山田", given_name="花子")
    assert response.status_code == 302
    assert response["Location"] == f"/people/{person.pk}/"
    assert person.birth_date == dt.date(1970, 3, 2)
    assert (person.family_kana, person.given_kana) == ("ヤマダ", "ハナコ")
    assert person.postal_code == "1234567"
    assert person.phone_key == "09011112222"
    assert person.organization == houkatsu.organization
    assert NameGram.objects.filter(person=person, gram="ヤマ").exists()
    assert AuditEvent.objects.filter(action="person.create", object_id=str(person.pk)).exists()


def test_the_message_naming_the_person_stays_on_the_server(houkatsu: User) -> None:
    client = client_for(houkatsu)
    response = client.post("/people/new/", _form())
    assert "messages" not in response.cookies
    assert "山田 花子さんを登録しました。" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birth_date", "令和0年1月1日", "令和0年"),
        ("birth_date", "平成32年1月1日", "平成32年1月1日は存在しません"),
        ("birth_date", "2099-01-01", "生年月日が未来の日付です。"),
        ("birth_date", "昭和45年2月30日", "2月30日という日付はありません"),
        ("postal_code", "12-345", "郵便番号は「123-4567」のように7桁"),
        ("family_name", "  ", "氏（名字）を入力してください。"),
    ],
)
def test_bad_input_gets_a_japanese_message_and_saves_nothing(
    houkatsu: User, field: str, value: str, message: str
) -> None:
    before = Person.objects.count()
    response = client_for(houkatsu).post("/people/new/", _form(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "登録はされていません" in response.content.decode()
    assert Person.objects.count() == before


def test_it_shows_likely_duplicates_before_creating(houkatsu: User) -> None:
    client = client_for(houkatsu)
    same = _form(
        family_name="鈴木",
        given_name="はな",
        family_kana="",
        given_kana="",
        birth_date="昭和18年5月12日",
        phone="",
    )
    before = Person.objects.count()
    response = client.post("/people/new/", same)
    page = response.content.decode()
    assert "同じ人が既に登録されていませんか" in page
    assert f"/people/{demo_person('鈴木 ハナ').pk}/" in page
    assert Person.objects.count() == before
    response = client.post("/people/new/", {**same, "confirm_new": "on"})
    assert response.status_code == 302
    assert Person.objects.count() == before + 1


def test_duplicates_match_the_same_kana_and_birth_date_or_the_same_phone(houkatsu: User) -> None:
    client = client_for(houkatsu)
    by_kana = _form(
        family_name="鈴木",
        given_name="花",
        family_kana="すずき",
        given_kana="はな",
        birth_date="1943-05-12",
        phone="",
    )
    assert (
        "同じ人が既に登録されていませんか" in client.post("/people/new/", by_kana).content.decode()
    )
    by_phone = _form(family_name="別人", given_name="太郎", phone="000(201)1234")
    response = client.post("/people/duplicates/", by_phone, HTTP_HX_REQUEST="true")
    assert "鈴木 ハナ" in response.content.decode()


def test_a_duplicate_at_another_agency_is_only_said_to_be_known_elsewhere(outsider: User) -> None:
    response = client_for(outsider).post(
        "/people/duplicates/", _form(family_name="鈴木", given_name="ハナ", birth_date="1943-05-12")
    )
    page = response.content.decode()
    assert "ほかの支援関係機関が、この方と同じ方を把握している可能性があります" in page
    assert "東地域包括" not in page and "/people/" not in page
    assert AuditEvent.objects.filter(actor=outsider, action="person.hidden_match").exists()


def test_a_restricted_persons_phone_does_not_produce_a_duplicate_hint(coordinator: User) -> None:
    response = client_for(coordinator).post(
        "/people/duplicates/", _form(family_name="別人", phone="090-9999-0009")
    )
    assert "佐藤" not in response.content.decode()


def test_the_person_page_is_audited_and_shows_consent_and_household(houkatsu: User) -> None:
    hana = demo_person("鈴木 ハナ")
    page = client_for(houkatsu).get(f"/people/{hana.pk}/").content.decode()
    assert "同意あり" in page
    assert "鈴木家" in page
    assert "デモ市東町1丁目2-3" in page
    assert AuditEvent.objects.filter(
        actor=houkatsu, action="person.view", object_type="person", object_id=str(hana.pk)
    ).exists()


def test_coordinators_see_every_person_consultants_only_their_own_admins_none(
    coordinator: User, admin: User, houkatsu: User, kosodate: User
) -> None:
    misaki = demo_person("髙橋 美咲")
    assert client_for(coordinator).get(f"/people/{misaki.pk}/").status_code == 200
    assert client_for(admin).get(f"/people/{misaki.pk}/").status_code == 404
    assert client_for(kosodate).get(f"/people/{misaki.pk}/").status_code == 200
    assert client_for(houkatsu).get(f"/people/{misaki.pk}/").status_code == 404


def test_the_person_page_takes_the_same_queries_however_much_is_recorded(
    coordinator: User, admin: User
) -> None:
    client = client_for(coordinator)
    hana = demo_person("鈴木 ハナ")
    before = queries_for(client, f"/people/{hana.pk}/")
    for day in range(1, 4):
        services.consent_record(
            actor=coordinator,
            person=hana,
            given_on=dt.date(2026, 5, day),
            method="oral",
            all_organizations=True,
        )
    assert queries_for(client, f"/people/{hana.pk}/") == before


def test_it_edits_a_person(houkatsu: User) -> None:
    ichiro = demo_person("鈴木 一郎")
    response = client_for(houkatsu).post(
        f"/people/{ichiro.pk}/edit/",
        _form(
            family_name="鈴木",
            given_name="一郎",
            family_kana="すずき",
            given_kana="いちろう",
            birth_date="1971-08-03",
            sex="male",
            notes="ひきこもり。訪問に応じない。",
            loaded_at=version_of(ichiro.updated_at),
        ),
    )
    assert response.status_code == 302
    ichiro.refresh_from_db()
    assert ichiro.notes == "ひきこもり。訪問に応じない。"
    event = AuditEvent.objects.filter(action="person.update", object_id=str(ichiro.pk)).last()
    assert "notes" in event.details["fields"]
    assert "ひきこもり" not in str(event.details)  # free text never reaches the audit trail


def test_consent_is_recorded_and_withdrawn_with_its_history(houkatsu: User) -> None:
    client = client_for(houkatsu)
    ichiro = demo_person("鈴木 一郎")
    response = client.post(
        f"/people/{ichiro.pk}/consents/",
        {
            "submission_key": new_key(),
            "given_on": "R8.6.1",
            "method": "oral",
            "covers_jusou_meeting": "on",
            "organizations": [houkatsu.organization_id],
        },
    )
    assert response.status_code == 302
    ichiro.refresh_from_db()
    assert ichiro.consent_state == "given"
    consent = ichiro.consents.get()
    assert list(consent.organizations.all()) == [houkatsu.organization]
    client.post(
        f"/people/{ichiro.pk}/consents/{consent.pk}/withdraw/",
        {"withdrawn_on": "R8.7.1", "confirmed": "yes"},
    )
    ichiro.refresh_from_db()
    assert ichiro.consent_state == "withdrawn"
    assert ichiro.consents.get().withdrawn_on == dt.date(2026, 7, 1)
    page = client.get(f"/people/{ichiro.pk}/").content.decode()
    assert "同意撤回" in page and "令和8年7月1日 撤回" in page
    assert AuditEvent.objects.filter(action="consent.withdraw", object_id=str(ichiro.pk)).exists()


def test_consent_needs_a_scope_and_a_past_date(houkatsu: User) -> None:
    client = client_for(houkatsu)
    ichiro = demo_person("鈴木 一郎")
    response = client.post(
        f"/people/{ichiro.pk}/consents/",
        {"submission_key": new_key(), "given_on": "R8.6.1", "method": "oral"},
        follow=True,
    )
    assert "共有先（全ての支援関係機関" in response.content.decode()
    response = client.post(
        f"/people/{ichiro.pk}/consents/",
        {
            "submission_key": new_key(),
            "given_on": "2099-01-01",
            "method": "oral",
            "all_organizations": "on",
        },
        follow=True,
    )
    assert "同意日が未来の日付です。" in response.content.decode()
    assert not ichiro.consents.exists()


def test_moving_out_and_death_are_dated_events_not_deletions(houkatsu: User) -> None:
    client = client_for(houkatsu)
    hana = demo_person("鈴木 ハナ")
    client.post(
        f"/people/{hana.pk}/events/",
        {"submission_key": new_key(), "kind": "died", "occurred_on": "R8.10.1"},
    )
    hana.refresh_from_db()
    assert hana.died_on == dt.date(2026, 10, 1)
    assert hana.events.get().kind == "died"
    response = client.post(
        f"/people/{hana.pk}/events/",
        {"submission_key": new_key(), "kind": "died", "occurred_on": "R8.10.2"},
        follow=True,
    )
    assert "死亡は既に記録されています" in response.content.decode()
    assert "死亡 令和8年10月1日" in client.get("/people/?name=すずき").content.decode()


def test_a_mistaken_event_is_cancelled_not_deleted(houkatsu: User) -> None:
    client = client_for(houkatsu)
    hana = demo_person("鈴木 ハナ")
    client.post(
        f"/people/{hana.pk}/events/",
        {"submission_key": new_key(), "kind": "moved_out", "occurred_on": "R8.10.1"},
    )
    event = hana.events.get()
    client.post(
        f"/people/{hana.pk}/events/{event.pk}/cancel/",
        {"reason": "別人の転出届と取り違え", "confirmed": "yes"},
    )
    hana.refresh_from_db()
    event.refresh_from_db()
    assert hana.moved_out_on is None
    assert event.cancelled_by == houkatsu and event.cancel_reason == "別人の転出届と取り違え"
    page = client.get(f"/people/{hana.pk}/").content.decode()
    assert "取消（別人の転出届と取り違え" in page
    assert AuditEvent.objects.filter(action="person.event_cancel", object_id=str(hana.pk)).exists()
    response = client.post(
        f"/people/{hana.pk}/events/",
        {"submission_key": new_key(), "kind": "moved_out", "occurred_on": "R8.10.5"},
    )
    assert response.status_code == 302  # a new, correct record can follow


def test_a_coordinator_links_two_records_of_one_person_and_can_undo_it(
    coordinator: User, houkatsu: User
) -> None:
    hana = demo_person("鈴木 ハナ")
    other = services.person_create(
        actor=houkatsu,
        organization=houkatsu.organization,
        family_name="鈴木",
        given_name="はな",
        birth_date=dt.date(1943, 5, 12),
    )
    client = client_for(coordinator)
    page = client.get(f"/people/{hana.pk}/").content.decode()
    assert f"記録番号 {other.pk}" in page  # offered as a likely duplicate
    client.post(f"/people/{hana.pk}/links/", {"other": other.pk, "reason": "生年月日と住所が一致"})
    link = SamePersonLink.objects.get(first=hana, second=other)
    client.post(f"/people/{other.pk}/links/{link.pk}/unlink/", {"reason": "別人と判明"})
    link.refresh_from_db()
    assert link.unlinked_at is not None
    assert Person.objects.filter(pk__in=[hana.pk, other.pk]).count() == 2
    assert AuditEvent.objects.filter(action="person.unlink", reason="別人と判明").exists()


def test_only_coordinators_link_records(houkatsu: User) -> None:
    hana = demo_person("鈴木 ハナ")
    ichiro = demo_person("鈴木 一郎")
    response = client_for(houkatsu).post(
        f"/people/{hana.pk}/links/", {"other": ichiro.pk, "reason": "x"}
    )
    assert response.status_code == 404
    assert not SamePersonLink.objects.exists()


def test_the_outsider_cannot_reach_a_person_through_post(outsider_client: Client) -> None:
    hana = demo_person("鈴木 ハナ")
    response = outsider_client.post(f"/people/{hana.pk}/edit/", _form(family_name="改ざん"))
    assert response.status_code == 404
    assert demo_person("鈴木 ハナ").family_name == "鈴木"


def test_a_second_editor_does_not_silently_overwrite_the_first(houkatsu: User) -> None:
    ichiro = demo_person("鈴木 一郎")
    first, second = client_for(houkatsu), client_for(houkatsu)
    opened = second.get(f"/people/{ichiro.pk}/edit/").context["form"]["loaded_at"].value()
    form = _form(family_name="鈴木", given_name="一郎", birth_date="1971-08-03", sex="male")
    first.post(f"/people/{ichiro.pk}/edit/", {**form, "notes": "先に保存", "loaded_at": opened})
    response = second.post(
        f"/people/{ichiro.pk}/edit/", {**form, "notes": "後から保存", "loaded_at": opened}
    )
    assert "ほかの利用者が変更しました" in response.content.decode()
    assert "後から保存" in response.content.decode()  # the second editor's input is kept
    assert demo_person("鈴木 一郎").notes == "先に保存"
    current = response.context["form"]["loaded_at"].value()
    second.post(f"/people/{ichiro.pk}/edit/", {**form, "notes": "後から保存", "loaded_at": current})
    assert demo_person("鈴木 一郎").notes == "後から保存"  # saved knowingly the second time
