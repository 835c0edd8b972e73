"""ログイン中の端末 (issue 19): a user sees where they are signed in and signs out the other
browsers; an admin signs a user out everywhere; a sign-out ends the session at once, audited
with the number ended; expired sessions are pruned; passwords need 12 characters."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kasane.accounts.models import User, UserSession
from kasane.accounts.services import sessions_prune
from kasane.audit.models import AuditEvent
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1"
PC = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0 Safari/537.36 Edg/126.0"


def _signed_in(username: str, agent: str) -> Client:
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR="10.1.2.3")
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _signed_out(client: Client) -> bool:
    response = client.get("/")
    return response.status_code == 302 and response["Location"].startswith("/login/")


def test_it_lists_the_users_sessions_with_this_one_marked(houkatsu: User) -> None:
    pc, _phone = _signed_in("houkatsu", PC), _signed_in("houkatsu", PHONE)
    body = pc.get(reverse("accounts:sessions")).content.decode()
    assert "Edge（Windows）" in body and "Safari（iPhone）" in body
    assert body.count("この端末") == 2  # the marker, and the "all but this one" button
    assert "10.1.2.3" in body
    assert UserSession.objects.filter(user=houkatsu).count() == 2
    # The page never prints a session key: it is a credential.
    for key in UserSession.objects.values_list("session_key", flat=True):
        assert key not in body


def test_it_signs_out_the_other_sessions_and_audits_it(houkatsu: User) -> None:
    pc, phone, tablet = (_signed_in("houkatsu", agent) for agent in (PC, PHONE, PHONE))
    response = pc.post(reverse("accounts:sessions"), {"end": "others"})
    assert response.status_code == 302
    assert _signed_out(phone) and _signed_out(tablet)
    assert not _signed_out(pc)
    event = AuditEvent.objects.filter(action="auth.sessions_end", actor=houkatsu).latest("at")
    assert event.details == {"ended": 2}
    assert UserSession.objects.filter(user=houkatsu).count() == 1


def test_it_signs_out_one_session_of_ones_own_only(houkatsu: User, jiritsu: User) -> None:
    pc, phone = _signed_in("houkatsu", PC), _signed_in("houkatsu", PHONE)
    other = _signed_in("jiritsu", PC)
    theirs = UserSession.objects.get(user=jiritsu)
    pc.post(reverse("accounts:sessions"), {"end": str(theirs.pk)})
    assert not _signed_out(other)  # another user's session is not ours to end
    mine = UserSession.objects.get(user=houkatsu, user_agent=PHONE)
    pc.post(reverse("accounts:sessions"), {"end": str(mine.pk)})
    assert _signed_out(phone) and not _signed_out(pc)
    pc.post(reverse("accounts:sessions"), {"end": "nonsense"})
    assert not _signed_out(pc)


def test_an_admin_signs_a_user_out_everywhere(admin: User, houkatsu: User) -> None:
    pc, phone = _signed_in("houkatsu", PC), _signed_in("houkatsu", PHONE)
    page = client_for(admin).get(reverse("accounts:user_detail", args=[houkatsu.pk]))
    assert "2台の端末でログインしています" in page.content.decode()
    url = reverse("accounts:user_sessions_end", args=[houkatsu.pk])
    assert client_for(admin).post(url).status_code == 302
    assert _signed_out(pc) and _signed_out(phone)
    event = AuditEvent.objects.filter(action="user.sessions_end", actor=admin).latest("at")
    assert event.details == {"ended": 2} and event.object_id == str(houkatsu.pk)


def test_only_an_admin_signs_others_out(coordinator: User, houkatsu: User) -> None:
    pc = _signed_in("houkatsu", PC)
    url = reverse("accounts:user_sessions_end", args=[houkatsu.pk])
    assert client_for(coordinator).post(url).status_code == 404
    assert not _signed_out(pc)


def test_signing_out_forgets_the_session(houkatsu: User) -> None:
    pc = _signed_in("houkatsu", PC)
    assert UserSession.objects.filter(user=houkatsu).exists()
    pc.post(reverse("accounts:logout"))
    assert not UserSession.objects.filter(user=houkatsu).exists()


def test_it_prunes_expired_sessions_and_their_rows(houkatsu: User) -> None:
    _signed_in("houkatsu", PC)
    live = _signed_in("houkatsu", PHONE)
    old = UserSession.objects.get(user=houkatsu, user_agent=PC)
    Session.objects.filter(session_key=old.session_key).update(
        expire_date=timezone.now() - dt.timedelta(minutes=1)
    )
    assert list(UserSession.objects.filter(user=houkatsu)) != []
    page = live.get(reverse("accounts:sessions")).content.decode()
    assert "Edge（Windows）" not in page  # an expired session is not listed
    assert sessions_prune(timezone.now()) >= 2
    assert list(UserSession.objects.filter(user=houkatsu).values_list("user_agent", flat=True)) == [
        PHONE
    ]


def test_passwords_need_twelve_characters_and_no_common_one(houkatsu: User) -> None:
    with pytest.raises(ValidationError):
        validate_password("kx7-Pq2!mZ9", houkatsu)  # 11 characters
    with pytest.raises(ValidationError):
        validate_password("password1234", houkatsu)
    validate_password("kx7-Pq2!mZ9w", houkatsu)
