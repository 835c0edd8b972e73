import pytest
from django.conf import settings
from django.test import Client, override_settings

from kasane.accounts.models import User, UserRole
from kasane.audit.models import AuditEvent
from kasane.core.errors import version_of
from kasane.organizations.models import Organization
from tests.builders import new_key
from tests.conftest import PASSWORD, PRODUCTION_HASHERS, queries_for

pytestmark = pytest.mark.django_db


def test_the_admin_lists_and_filters_users(admin_client: Client) -> None:
    response = admin_client.get("/manage/users/")
    body = response.content.decode()
    assert "中村 真理" in body and "coordinator" in body
    response = admin_client.get("/manage/users/", {"role": "referrer"})
    assert {user.username for user in response.context["page"]} == {"zeimu", "suido"}
    tax = Organization.objects.get(name="税務課")
    response = admin_client.get("/manage/users/", {"organization": tax.pk})
    assert [user.username for user in response.context["page"]] == ["zeimu"]


def test_the_user_list_query_count_does_not_grow(admin_client: Client) -> None:
    few = queries_for(admin_client, "/manage/users/")
    organization = Organization.objects.get(name="社会福祉協議会")
    users = User.objects.bulk_create(
        User(username=f"staff{i}", full_name=f"職員 {i}", organization=organization)
        for i in range(30)
    )
    UserRole.objects.bulk_create(UserRole(user=user, role="consultant") for user in users)
    assert queries_for(admin_client, "/manage/users/") == few


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_the_admin_registers_a_user_with_several_roles(admin_client: Client, admin: User) -> None:
    organization = Organization.objects.get(name="南地域包括支援センター")
    response = admin_client.post(
        "/manage/users/new/",
        {
            "submission_key": new_key(),
            "username": "minami",
            "full_name": "南 花子",
            "organization": organization.pk,
            "roles": ["consultant", "outreach_worker"],
            "password": "minami-initial-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="minami")
    assert user.roles == {"consultant", "outreach_worker"}
    assert user.password.startswith("argon2")
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.actor == admin
    assert "password" not in str(event.details)
    assert (
        Client()
        .post(
            "/login/",
            {"submission_key": new_key(), "username": "minami", "password": "minami-initial-2026"},
        )
        .status_code
        == 302
    )


def test_it_refuses_bad_user_input_in_japanese(admin_client: Client) -> None:
    before = User.objects.count()
    organization = Organization.objects.first()
    response = admin_client.post(
        "/manage/users/new/",
        {
            "submission_key": new_key(),
            "username": "coordinator",
            "full_name": "",
            "organization": organization.pk,
            "roles": [],
            "password": "short",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "このユーザー名は既に使われています" in body
    assert "役割を1つ以上選んでください" in body
    assert "このフィールドは必須です" in body
    response = admin_client.post(
        "/manage/users/new/",
        {
            "submission_key": new_key(),
            "username": "newbie",
            "full_name": "新人",
            "organization": organization.pk,
            "roles": ["consultant"],
            "password": "short",
        },
    )
    assert "このパスワードは短すぎます" in response.content.decode()
    assert User.objects.count() == before


def test_the_admin_changes_roles_and_deactivates_a_user(admin_client: Client) -> None:
    user = User.objects.get(username="sanka")
    response = admin_client.post(
        f"/manage/users/{user.pk}/",
        {
            "full_name": user.full_name,
            "organization": user.organization_id,
            "roles": ["participation_coordinator", "community_worker"],
            "loaded_at": version_of(user.updated_at),
        },
    )
    assert response.status_code == 302
    user = User.objects.get(pk=user.pk)
    assert user.roles == {"participation_coordinator", "community_worker"}
    assert user.is_active is False
    event = AuditEvent.objects.filter(action="user.update", object_id=str(user.pk)).latest("at")
    assert event.details["is_active"] == [True, False]
    assert event.details["roles"] == [
        ["participation_coordinator"],
        ["community_worker", "participation_coordinator"],
    ]
    login = Client().post("/login/", {"username": "sanka", "password": PASSWORD})
    assert login.status_code == 200  # refused


def test_an_admin_cannot_lock_themself_out(admin_client: Client, admin: User) -> None:
    response = admin_client.post(
        f"/manage/users/{admin.pk}/",
        {
            "full_name": admin.full_name,
            "organization": admin.organization_id,
            "roles": ["coordinator"],
            "is_active": "on",
            "loaded_at": version_of(admin.updated_at),
        },
    )
    assert response.status_code == 200
    assert "自分の管理者の役割を外したりはできません" in response.content.decode()
    assert User.objects.get(pk=admin.pk).roles == {"admin"}


def test_the_admin_resets_a_password(admin_client: Client) -> None:
    user = User.objects.get(username="csw")
    response = admin_client.post(
        f"/manage/users/{user.pk}/password/", {"password": "a-fresh-passphrase-1"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-fresh-passphrase-1")
    assert AuditEvent.objects.filter(action="user.password_reset", object_id=str(user.pk)).exists()
    response = admin_client.post(f"/manage/users/{user.pk}/password/", {"password": "1234"})
    assert response.status_code == 400
    assert "このパスワードは短すぎます" in response.content.decode()


def test_the_admin_sees_and_lifts_a_lockout(admin_client: Client) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "shougai", "password": "wrong"})
    user = User.objects.get(username="shougai")
    assert "ロック中" in admin_client.get("/manage/users/").content.decode()
    assert "ロックされています" in admin_client.get(f"/manage/users/{user.pk}/").content.decode()
    response = admin_client.post(f"/manage/users/{user.pk}/unlock/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="user.unlock", object_id=str(user.pk)).exists()
    assert client.post("/login/", {"username": "shougai", "password": PASSWORD}).status_code == 302
