"""閲覧制限 (DV等支援措置): address and phone masked on every page for everyone but the users
granted by two people (an admin proposes, another admin or a coordinator approves); every
unmasked view audited. 佐藤 さくら of the demo: only `jiritsu` is granted."""

from __future__ import annotations

import pytest

from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from kasane.core.errors import version_of
from kasane.people.models import Household, Person, RestrictionGrant
from tests.builders import demo_household, demo_person
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

ADDRESS = "南町9-9-9"
PHONE = "090-9999-0009"


def test_even_coordinators_see_the_address_masked(coordinator: User) -> None:
    client = client_for(coordinator)
    for url in (
        f"/people/{demo_person('佐藤 さくら').pk}/",
        f"/households/{demo_household('佐藤家').pk}/",
        "/people/?name=さくら",
        "/households/",
        f"/people/{demo_person('佐藤 さくら').pk}/edit/",
    ):
        page = client.get(url).content.decode()
        assert ADDRESS not in page and PHONE not in page, url
        assert "9999" not in page, url
    assert not AuditEvent.objects.filter(action__endswith="view_unmasked").exists()


def test_the_granted_user_sees_the_address_and_the_view_is_audited(jiritsu: User) -> None:
    client = client_for(jiritsu)
    page = client.get(f"/people/{demo_person('佐藤 さくら').pk}/").content.decode()
    assert ADDRESS in page and PHONE in page
    assert AuditEvent.objects.filter(
        actor=jiritsu, action="person.view_unmasked", object_id=str(demo_person("佐藤 さくら").pk)
    ).exists()
    page = client.get(f"/households/{demo_household('佐藤家').pk}/").content.decode()
    assert ADDRESS in page
    assert AuditEvent.objects.filter(actor=jiritsu, action="household.view_unmasked").exists()


def test_a_grant_unmasks_once_a_second_person_approves_it_and_until_revoked(
    admin: User, coordinator: User, jiritsu: User
) -> None:
    """The admin proposes that the coordinator may see さくら's address; nothing shows until
    another admin approves (the coordinator may not approve a grant for themselves), and a
    revoked grant hides it again."""
    second_admin = _second_admin(admin)
    sakura = demo_person("佐藤 さくら")
    client_for(admin).post(
        f"/manage/restrictions/{sakura.pk}/propose/",
        {"user": coordinator.pk, "reason": "支援会議の準備"},
    )
    grant = RestrictionGrant.objects.get(person=sakura, user=coordinator)
    assert ADDRESS not in client_for(coordinator).get(f"/people/{sakura.pk}/").content.decode()
    client_for(second_admin).post(f"/manage/restrictions/grants/{grant.pk}/approve/")
    assert ADDRESS in client_for(coordinator).get(f"/people/{sakura.pk}/").content.decode()
    client_for(admin).post(f"/manage/restrictions/grants/{grant.pk}/revoke/")
    assert ADDRESS not in client_for(coordinator).get(f"/people/{sakura.pk}/").content.decode()
    grant.refresh_from_db()
    assert grant.revoked_at is not None  # revoked, not deleted
    assert AuditEvent.objects.filter(
        action="person.restriction_approve", actor=second_admin, details__user="coordinator"
    ).exists()


def _second_admin(admin: User) -> User:
    from kasane.accounts.roles import Role

    user = User.objects.create(
        username="admin2", full_name="第二 管理者", organization=admin.organization
    )
    user.role_assignments.create(role=Role.ADMIN)
    return User.objects.get(pk=user.pk)


def test_only_admins_propose_and_lift(coordinator: User, jiritsu: User) -> None:
    sakura = demo_person("佐藤 さくら")
    response = client_for(coordinator).post(
        f"/manage/restrictions/{sakura.pk}/propose/", {"user": coordinator.pk, "reason": "x"}
    )
    assert response.status_code == 302
    assert not RestrictionGrant.objects.filter(user=coordinator).exists()
    assert (
        client_for(coordinator)
        .post(f"/manage/restrictions/{sakura.pk}/lift/", {"reason": "x"})
        .status_code
        == 404
    )
    assert (
        client_for(jiritsu)
        .post(f"/manage/restrictions/{sakura.pk}/lift/", {"reason": "x"})
        .status_code
        == 404
    )
    sakura.refresh_from_db()
    assert sakura.is_restricted


def test_a_consultant_marks_a_person_restricted_and_then_sees_it_masked(houkatsu: User) -> None:
    client = client_for(houkatsu)
    hana = Person.objects.get(family_name="鈴木", given_name="ハナ")
    response = client.post(
        f"/people/{hana.pk}/restrict/", {"since": "R8.11.1", "reason": "支援措置の申出"}
    )
    assert response.status_code == 302
    page = client.get(f"/people/{hana.pk}/").content.decode()
    assert "東町1丁目2-3" not in page and "（閲覧制限）" in page
    household_page = client.get(
        f"/households/{Household.objects.get(name='鈴木家').pk}/"
    ).content.decode()
    assert "東町1丁目2-3" not in household_page
    assert AuditEvent.objects.filter(action="person.restrict", reason="支援措置の申出").exists()


def test_an_unauthorised_edit_cannot_change_or_reveal_the_address(coordinator: User) -> None:
    sakura = demo_person("佐藤 さくら")
    response = client_for(coordinator).post(
        f"/people/{sakura.pk}/edit/",
        {
            "family_name": "佐藤",
            "given_name": "さくら",
            "sex": "female",
            "birth_date": "1990-03-03",
            "address": "デモ市北町1丁目",
            "phone": "000",
            "nationality": "日本",
            "notes": "面談済み",
            "loaded_at": version_of(sakura.updated_at),
        },
    )
    assert response.status_code == 302
    sakura.refresh_from_db()
    assert sakura.address == "デモ市南町9-9-9" and sakura.phone == PHONE
    assert sakura.notes == "面談済み"
    event = AuditEvent.objects.filter(action="person.update", object_id=str(sakura.pk)).last()
    assert ADDRESS not in str(event.details)


def test_the_admin_lifts_a_restriction(admin: User, coordinator: User) -> None:
    sakura = demo_person("佐藤 さくら")
    client_for(admin).post(f"/manage/restrictions/{sakura.pk}/lift/", {"reason": "支援措置の終了"})
    # Her daughter, still restricted, lives at the same address: it stays masked…
    page = client_for(coordinator).get(f"/people/{sakura.pk}/").content.decode()
    assert ADDRESS not in page and "（閲覧制限）" in page
    # …until hers is lifted too.
    hinata = Person.objects.get(family_name="佐藤", given_name="ひなた")
    client_for(admin).post(f"/manage/restrictions/{hinata.pk}/lift/", {"reason": "支援措置の終了"})
    assert ADDRESS in client_for(coordinator).get(f"/people/{sakura.pk}/").content.decode()
    # The grants ended with the restriction: setting it again does not reopen it to jiritsu.
    assert not RestrictionGrant.objects.in_force().filter(person=sakura).exists()
    event = AuditEvent.objects.get(action="person.unrestrict", object_id=str(sakura.pk))
    assert event.details["grants_revoked"] == 1
