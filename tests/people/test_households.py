"""世帯: registered from a key person, members with 続柄 to the key person, tags, consent
state per member, a genogram drawn server-side; views audited; members leave, not vanish."""

from __future__ import annotations

import datetime as dt

import pytest

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.core.errors import version_of
from kasane.people import services
from kasane.people.models import Household, HouseholdMember, Person
from tests.builders import demo_household, new_key
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db


def test_the_household_page_shows_members_tags_consent_and_genogram(kosodate: User) -> None:
    household = demo_household("田中家")
    page = client_for(kosodate).get(f"/households/{household.pk}/").content.decode()
    for text in (
        "田中 由美",
        "田中 トシ",
        "田中 陽斗",
        "ダブルケア",
        "母",
        "長男",
        "同意あり",
        "主たる介護者",
        "<svg",
        "田中家のジェノグラム",
    ):
        assert text in page, text
    assert AuditEvent.objects.filter(
        actor=kosodate, action="household.view", object_id=str(household.pk)
    ).exists()


def test_a_consultant_registers_a_household_and_adds_a_member(houkatsu: User) -> None:
    client = client_for(houkatsu)
    key = services.person_create(
        actor=houkatsu,
        organization=houkatsu.organization,
        family_name="木下",
        given_name="正",
        sex="male",
        address="デモ市旭町2丁目3-3",
    )
    response = client.post(
        f"/households/new/?person={key.pk}",
        {
            "submission_key": new_key(),
            "name": "木下家",
            "address": "デモ市旭町2丁目3-3",
            "tags": ["elderly_only"],
        },
    )
    household = Household.objects.get(name="木下家")
    assert response["Location"] == f"/households/{household.pk}/"
    assert household.members.get().is_key_person
    wife = services.person_create(
        actor=houkatsu,
        organization=houkatsu.organization,
        family_name="木下",
        given_name="春",
        sex="female",
    )
    page = client.get(f"/households/{household.pk}/members/add/", {"name": "木下"}).content.decode()
    assert f"?person={wife.pk}" in page
    client.post(
        f"/households/{household.pk}/members/add/",
        {
            "submission_key": new_key(),
            "person": wife.pk,
            "relation": "spouse",
            "relation_label": "妻",
            "lives_together": "on",
            "is_main_carer": "on",
        },
    )
    member = household.members.get(person=wife)
    assert member.relation == "spouse" and member.is_main_carer
    assert AuditEvent.objects.filter(
        action="household.member_add", object_id=str(household.pk)
    ).exists()


def test_members_must_be_people_the_user_may_see(houkatsu: User) -> None:
    household = demo_household("鈴木家")
    misaki = Person.objects.get(given_name="美咲")
    response = client_for(houkatsu).post(
        f"/households/{household.pk}/members/add/",
        {"submission_key": new_key(), "person": misaki.pk, "relation": "other_relative"},
    )
    assert response.status_code == 404
    assert not household.members.filter(person=misaki).exists()


def test_one_key_person_per_household(houkatsu: User) -> None:
    household = demo_household("鈴木家")
    ichiro = household.members.get(person__given_name="一郎")
    response = client_for(houkatsu).post(
        f"/households/{household.pk}/members/{ichiro.pk}/",
        {
            "relation": "self",
            "is_key_person": "on",
            "lives_together": "on",
            "loaded_at": version_of(ichiro.updated_at),
        },
    )
    assert "キーパーソンは世帯に1人です" in response.content.decode()


def test_a_member_leaves_on_a_date_and_stays_on_record(houkatsu: User) -> None:
    household = demo_household("鈴木家")
    ichiro = household.members.get(person__given_name="一郎")
    client = client_for(houkatsu)
    client.post(f"/households/{household.pk}/members/{ichiro.pk}/", {"left_on": "R8.9.30"})
    ichiro.refresh_from_db()
    assert ichiro.left_on == dt.date(2026, 9, 30)
    page = client.get(f"/households/{household.pk}/").content.decode()
    assert "世帯から外れた方" in page and "令和8年9月30日" in page
    key = household.members.get(is_key_person=True)
    response = client.post(f"/households/{household.pk}/members/{key.pk}/", {"left_on": "R8.9.30"})
    assert "キーパーソンは世帯から外せません" in response.content.decode()


def test_the_household_page_takes_the_same_queries_however_many_members(kosodate: User) -> None:
    client = client_for(kosodate)
    household = demo_household("田中家")
    before = queries_for(client, f"/households/{household.pk}/")
    for number in range(4):
        person = services.person_create(
            actor=kosodate,
            organization=kosodate.organization,
            family_name="田中",
            given_name=f"親族{number}",
        )
        services.household_member_add(
            actor=kosodate, household=household, person=person, relation="other_relative"
        )
    assert queries_for(client, f"/households/{household.pk}/") == before


def test_the_household_list_takes_the_same_queries_however_many_households(
    coordinator: User,
) -> None:
    client = client_for(coordinator)
    before = queries_for(client, "/households/")
    for number in range(5):
        person = services.person_create(
            actor=coordinator, organization=coordinator.organization, family_name=f"世帯{number}"
        )
        services.household_create(
            actor=coordinator,
            organization=coordinator.organization,
            key_person=person,
            name=f"世帯{number}家",
        )
    assert queries_for(client, "/households/") == before


def test_the_household_form_checks_the_postal_code(houkatsu: User) -> None:
    household = demo_household("鈴木家")
    response = client_for(houkatsu).post(
        f"/households/{household.pk}/edit/", {"name": "鈴木家", "postal_code": "abc"}
    )
    assert "7桁の数字" in response.content.decode()
    assert HouseholdMember.objects.filter(household=household).count() == 2


def test_a_stale_household_edit_is_refused(houkatsu: User) -> None:
    household = demo_household("鈴木家")
    client = client_for(houkatsu)
    opened = client.get(f"/households/{household.pk}/edit/").context["form"]["loaded_at"].value()
    client.post(
        f"/households/{household.pk}/edit/", {"name": "鈴木家", "notes": "一", "loaded_at": opened}
    )
    response = client.post(
        f"/households/{household.pk}/edit/", {"name": "鈴木家", "notes": "二", "loaded_at": opened}
    )
    assert "ほかの利用者が変更しました" in response.content.decode()
    assert demo_household("鈴木家").notes == "一"
