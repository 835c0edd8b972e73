"""No self-granting (issue 19): a grant to see through a 閲覧制限 needs two people. An admin
proposes it; another admin or a coordinator — never the proposer, never the user to be
granted — approves it, and only then does it unmask. Every step is audited, and a refused
step changes nothing. 鈴木 ハナ (東地域包括支援センター, houkatsu's) is restricted here."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.audit.models import AuditEvent
from kasane.notices.models import Notice
from kasane.people import services
from kasane.people.models import Person, RestrictionGrant
from tests.builders import demo_person
from tests.conftest import client_for, queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def hana(houkatsu: User) -> Person:
    person = demo_person("鈴木 ハナ")
    Person.objects.filter(pk=person.pk).update(phone="090-5555-1234")
    return services.person_restrict(
        actor=houkatsu, person=person, since=timezone.localdate(), reason="支援措置の申出"
    )


def _propose(client, person: Person, user: User, reason: str = "家庭訪問のため"):
    return client.post(
        reverse("people:restriction_propose", args=[person.pk]),
        {"user": user.pk, "reason": reason},
    )


def _approve(user: User, grant: RestrictionGrant):
    return client_for(user).post(
        reverse("people:restriction_approve", args=[grant.pk]), follow=True
    )


def _sees_phone(user: User, person: Person) -> bool:
    page = client_for(user).get(reverse("people:person_detail", args=[person.pk]))
    return "090-5555-1234" in page.content.decode()


def _second_admin(admin: User) -> User:
    user = User.objects.create(
        username="admin2", full_name="第二 管理者", organization=admin.organization
    )
    user.role_assignments.create(role=Role.ADMIN)
    return User.objects.get(pk=user.pk)


def test_it_unmasks_only_after_a_second_person_approves(
    admin: User, coordinator: User, houkatsu: User, hana: Person
) -> None:
    _propose(client_for(admin), hana, houkatsu)
    grant = RestrictionGrant.objects.get(person=hana, user=houkatsu)
    assert grant.is_pending and not _sees_phone(houkatsu, hana)
    assert AuditEvent.objects.filter(
        action="person.restriction_propose", actor=admin, details__user="houkatsu"
    ).exists()

    response = _approve(coordinator, grant)
    assert "承認しました" in response.content.decode()
    grant.refresh_from_db()
    assert grant.approved_by == coordinator and grant.is_in_force
    assert _sees_phone(houkatsu, hana)
    assert AuditEvent.objects.filter(
        action="person.restriction_approve", actor=coordinator, object_id=str(hana.pk)
    ).exists()


def test_the_proposal_is_told_to_those_who_may_approve_it(
    admin: User, coordinator: User, houkatsu: User, hana: Person
) -> None:
    second = _second_admin(admin)
    _propose(client_for(admin), hana, houkatsu)
    notices = Notice.objects.filter(kind="restriction_proposed", target_id=hana.pk)
    told = set(notices.values_list("recipient__username", flat=True))
    assert told == {"coordinator", second.username}  # not the proposer, not houkatsu
    notice = notices.get(recipient=coordinator)
    assert "ハナ" not in notice.text and "鈴木" not in notice.text
    opened = client_for(coordinator).get(reverse("notices:open", args=[notice.pk]))
    assert opened.url == reverse("people:restriction_detail", args=[hana.pk])


def test_the_proposer_may_not_approve_their_own_proposal(
    admin: User, houkatsu: User, hana: Person
) -> None:
    """An admin who proposes themselves, or anyone, waits for a second person."""
    _propose(client_for(admin), hana, admin)
    grant = RestrictionGrant.objects.get(person=hana, user=admin)
    response = _approve(admin, grant)
    assert "申請した本人は承認できません" in response.content.decode()
    grant.refresh_from_db()
    assert grant.is_pending
    assert not AuditEvent.objects.filter(
        action="person.restriction_approve", object_id=str(hana.pk)
    ).exists()


def test_the_user_to_be_granted_may_not_approve(
    admin: User, coordinator: User, hana: Person
) -> None:
    _propose(client_for(admin), hana, coordinator)
    grant = RestrictionGrant.objects.get(person=hana, user=coordinator)
    response = _approve(coordinator, grant)
    assert "閲覧を許可される本人は承認できません" in response.content.decode()
    grant.refresh_from_db()
    assert grant.is_pending and not _sees_phone(coordinator, hana)
    # Another admin may.
    _approve(_second_admin(admin), grant)
    assert _sees_phone(coordinator, hana)


def test_a_proposal_is_decided_once(
    admin: User, coordinator: User, houkatsu: User, hana: Person
) -> None:
    _propose(client_for(admin), hana, houkatsu)
    grant = RestrictionGrant.objects.get(person=hana, user=houkatsu)
    _approve(coordinator, grant)
    approved_at = RestrictionGrant.objects.get(pk=grant.pk).approved_at
    response = _approve(_second_admin(admin), grant)
    assert "既に承認されています" in response.content.decode()
    assert RestrictionGrant.objects.get(pk=grant.pk).approved_at == approved_at
    approvals = AuditEvent.objects.filter(
        action="person.restriction_approve", object_id=str(hana.pk)
    )
    assert approvals.count() == 1
    # Proposing the same user again is refused while the grant is in force.
    response = _propose(client_for(admin), hana, houkatsu)
    assert RestrictionGrant.objects.filter(person=hana, user=houkatsu).count() == 1


def test_a_refused_proposal_unmasks_nothing_and_cannot_be_approved_later(
    admin: User, coordinator: User, houkatsu: User, hana: Person
) -> None:
    _propose(client_for(admin), hana, houkatsu)
    grant = RestrictionGrant.objects.get(person=hana, user=houkatsu)
    url = reverse("people:restriction_refuse", args=[grant.pk])
    response = client_for(coordinator).post(url, {"reason": ""}, follow=True)
    assert "理由" in response.content.decode()
    assert RestrictionGrant.objects.get(pk=grant.pk).is_pending  # no reason, no refusal
    client_for(coordinator).post(url, {"reason": "担当ではないため"})
    grant.refresh_from_db()
    assert grant.refused_by == coordinator and not grant.is_pending
    assert AuditEvent.objects.filter(
        action="person.restriction_refuse", reason="担当ではないため"
    ).exists()
    response = _approve(_second_admin(admin), grant)
    assert "既に却下されています" in response.content.decode()
    assert not _sees_phone(houkatsu, hana)
    # A new proposal may follow a refused one.
    _propose(client_for(admin), hana, houkatsu, reason="改めて")
    assert RestrictionGrant.objects.pending().filter(person=hana, user=houkatsu).count() == 1


def test_a_pending_proposal_is_refused_not_revoked(
    admin: User, coordinator: User, houkatsu: User, hana: Person
) -> None:
    _propose(client_for(admin), hana, houkatsu)
    grant = RestrictionGrant.objects.get(person=hana, user=houkatsu)
    response = client_for(coordinator).post(
        reverse("people:restriction_revoke", args=[grant.pk]), follow=True
    )
    assert "却下してください" in response.content.decode()
    assert RestrictionGrant.objects.get(pk=grant.pk).is_pending


def test_only_admins_propose(coordinator: User, houkatsu: User, hana: Person) -> None:
    response = _propose(client_for(coordinator), hana, houkatsu)
    assert response.status_code == 302
    assert not RestrictionGrant.objects.filter(person=hana).exists()
    assert not AuditEvent.objects.filter(
        action="person.restriction_propose", object_id=str(hana.pk)
    ).exists()


def test_an_unrestricted_person_is_not_on_the_register(admin: User, houkatsu: User) -> None:
    ichiro = demo_person("鈴木 一郎")
    assert _propose(client_for(admin), ichiro, houkatsu).status_code == 404
    url = reverse("people:restriction_detail", args=[ichiro.pk])
    assert client_for(admin).get(url).status_code == 404


def test_the_database_refuses_a_grant_approved_by_its_proposer_or_grantee(
    admin: User, coordinator: User, hana: Person
) -> None:
    now = timezone.now()
    for approver, user in ((admin, coordinator), (coordinator, coordinator)):
        with pytest.raises(IntegrityError), transaction.atomic():
            RestrictionGrant.objects.create(
                person=hana,
                user=user,
                reason="x",
                proposed_by=admin,
                approved_by=approver,
                approved_at=now,
            )


def test_the_demo_grant_was_made_by_two_people() -> None:
    grant = RestrictionGrant.objects.in_force().get(person=demo_person("佐藤 さくら"))
    assert (grant.proposed_by.username, grant.approved_by.username) == ("admin", "coordinator")


# --- The register (what the admin, who sees no case, works from) ----------------------------


@pytest.mark.parametrize("username", ["admin", "coordinator"])
def test_the_register_names_restricted_people_and_nothing_more(
    username: str, admin: User, houkatsu: User, hana: Person
) -> None:
    _propose(client_for(admin), hana, houkatsu)
    client = client_for(User.objects.get(username=username))
    sakura = demo_person("佐藤 さくら")
    page = client.get(reverse("people:restriction_list")).content.decode()
    assert "佐藤 さくら" in page and "自立相談支援機関" in page and "鈴木 ハナ" in page
    detail = client.get(reverse("people:restriction_detail", args=[sakura.pk])).content.decode()
    assert "山口 翔太" in detail  # jiritsu, granted
    for shown in (page, detail):
        for hidden in (sakura.address, sakura.phone, "1990", "平成2年", "デモ市南町"):
            assert hidden not in shown
    assert "鈴木 一郎" not in page  # not restricted
    assert AuditEvent.objects.filter(action="person.restricted_list", people__person_id=sakura.pk)
    assert AuditEvent.objects.filter(action="person.restriction_view", object_id=str(sakura.pk))


def test_the_register_filters_by_name_and_by_waiting_proposals(
    admin: User, houkatsu: User, hana: Person
) -> None:
    client = client_for(admin)
    url = reverse("people:restriction_list")
    assert "佐藤 さくら" not in client.get(url, {"q": "すずき"}).content.decode()
    assert "鈴木 ハナ" in client.get(url, {"q": "すずき"}).content.decode()
    assert (
        "鈴木 ハナ"
        not in client.get(url, {"pending": "on"}).content.decode().split("閲覧制限の対象者")[-1]
    )
    _propose(client, hana, houkatsu)
    listed = client.get(url, {"pending": "on"}).content.decode().split("閲覧制限の対象者")[-1]
    assert "鈴木 ハナ" in listed and "佐藤 さくら" not in listed


def test_the_register_takes_the_same_queries_however_many_people_and_grants(
    admin: User, coordinator: User, houkatsu: User, hana: Person
) -> None:
    client = client_for(admin)
    url = reverse("people:restriction_list")
    before = queries_for(client, url)
    for name in ("山本 勇", "小川 キヨ", "田中 由美"):
        person = services.person_restrict(
            actor=coordinator, person=demo_person(name), since=timezone.localdate(), reason="x"
        )
        _propose(client, person, houkatsu)
    assert queries_for(client, url) == before
    detail = reverse("people:restriction_detail", args=[hana.pk])
    before = queries_for(client, detail)
    _propose(client, hana, houkatsu)
    _propose(client, hana, coordinator)
    assert queries_for(client, detail) == before


@pytest.mark.parametrize(
    "username", ["houkatsu", "jiritsu", "outsider", "zeimu", "chiiki", "keisatsu", "kansa"]
)
def test_nobody_else_reaches_the_register(username: str, admin: User, hana: Person) -> None:
    _propose(client_for(admin), hana, User.objects.get(username="houkatsu"))
    grant = RestrictionGrant.objects.get(person=hana)
    client = client_for(User.objects.get(username=username))
    for url in (
        reverse("people:restriction_list"),
        reverse("people:restriction_detail", args=[hana.pk]),
    ):
        assert client.get(url).status_code == 404
    for url in (
        reverse("people:restriction_propose", args=[hana.pk]),
        reverse("people:restriction_lift", args=[hana.pk]),
        reverse("people:restriction_approve", args=[grant.pk]),
        reverse("people:restriction_refuse", args=[grant.pk]),
        reverse("people:restriction_revoke", args=[grant.pk]),
    ):
        assert client.post(url, {"reason": "x", "user": 1}).status_code == 404
    grant.refresh_from_db()
    assert grant.is_pending


def test_the_coordinator_finds_the_register_from_the_person_page(
    admin: User, coordinator: User, houkatsu: User, hana: Person
) -> None:
    _propose(client_for(admin), hana, houkatsu)
    page = client_for(coordinator).get(reverse("people:person_detail", args=[hana.pk]))
    body = page.content.decode()
    assert "承認待ち" in body
    assert reverse("people:restriction_detail", args=[hana.pk]) in body
    # The consultant who registered her sees no grants and no link.
    body = client_for(houkatsu).get(reverse("people:person_detail", args=[hana.pk]))
    assert reverse("people:restriction_detail", args=[hana.pk]) not in body.content.decode()
