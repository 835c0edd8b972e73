import datetime as dt
import time
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kasane.accounts.middleware import REFRESH_SECONDS
from kasane.accounts.models import User
from kasane.audit.models import AuditEvent
from tests.conftest import PASSWORD, PRODUCTION_HASHERS

pytestmark = pytest.mark.django_db


def test_it_redirects_anonymous_users_to_login() -> None:
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_it_shows_a_japanese_login_form() -> None:
    response = Client().get("/login/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="username"' in body and 'name="password"' in body
    assert "ユーザー名" in body and "パスワード" in body
    assert '<html lang="ja">' in body


def test_it_logs_in_and_records_it(coordinator: User) -> None:
    client = Client()
    response = client.post("/login/", {"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/")
    assert "中村 真理" in home.content.decode()
    event = AuditEvent.objects.filter(action="auth.login", actor=coordinator).latest("at")
    assert event.organization == coordinator.organization
    assert event.roles == "coordinator"
    assert event.request_id


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_it_stores_passwords_with_argon2(coordinator: User) -> None:
    # The session hashes with MD5 for speed; set the password as the demo loader does.
    coordinator.set_password(PASSWORD)
    coordinator.save(update_fields=["password"])
    coordinator.refresh_from_db()
    assert coordinator.password.startswith("argon2")


def test_it_refuses_a_wrong_password_in_japanese_and_records_it() -> None:
    response = Client().post("/login/", {"username": "coordinator", "password": "wrong"})
    assert response.status_code == 200
    assert "ユーザー名またはパスワードが正しくありません" in response.content.decode()
    event = AuditEvent.objects.filter(action="auth.login_failed").latest("at")
    assert event.actor is None
    assert event.actor_username == "coordinator"
    assert event.ip == "127.0.0.1"


def test_it_locks_out_after_repeated_failures() -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "houkatsu", "password": "wrong"})
    response = client.post("/login/", {"username": "houkatsu", "password": PASSWORD})
    assert response.status_code == 429
    body = response.content.decode()
    assert "ロックされています" in body
    assert "30分ほど経ってから" in body and "PT30M" not in body
    assert AuditEvent.objects.filter(action="auth.locked_out", actor_username="houkatsu").exists()
    # The right password does not get in while locked.
    assert "_auth_user_id" not in client.session


def test_it_logs_out_and_records_it(coordinator: User) -> None:
    client = Client()
    client.post("/login/", {"username": "coordinator", "password": PASSWORD})
    response = client.post("/logout/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="auth.logout", actor=coordinator).exists()
    assert client.get("/").status_code == 302


def test_it_expires_idle_sessions(coordinator: User) -> None:
    client = Client()
    client.post("/login/", {"username": "coordinator", "password": PASSWORD})
    assert client.session.get_expiry_age() == settings.SESSION_IDLE_MINUTES * 60 == 30 * 60
    # Once the idle time has passed, the session is gone.
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_it_lets_a_user_change_their_own_password(coordinator: User) -> None:
    client = Client()
    client.post("/login/", {"username": "coordinator", "password": PASSWORD})
    new = "a-new-long-passphrase-7"
    response = client.post(
        "/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password(new)
    assert AuditEvent.objects.filter(action="auth.password_change", actor=coordinator).exists()


def test_it_refuses_a_weak_new_password_in_japanese(coordinator: User) -> None:
    client = Client()
    client.post("/login/", {"username": "coordinator", "password": PASSWORD})
    response = client.post(
        "/password/", {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"}
    )
    assert response.status_code == 200
    assert "このパスワードは短すぎます" in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.check_password(PASSWORD)


def test_inactive_users_cannot_log_in(coordinator: User) -> None:
    User.objects.filter(pk=coordinator.pk).update(is_active=False)
    response = Client().post("/login/", {"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in Client().session


def test_requests_slide_the_expiry_forward_at_most_once_a_minute(coordinator: User) -> None:
    """Issue 20: the session row is not rewritten on every page, yet an active user stays
    signed in (the idle time counts from the last request, to within a minute)."""
    client = Client()
    client.post("/login/", {"username": "coordinator", "password": PASSWORD})
    key = client.session.session_key
    soon = timezone.now() + dt.timedelta(minutes=5)
    Session.objects.filter(session_key=key).update(expire_date=soon)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200  # refreshed just now, at login
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert not [sql for sql in writes if "django_session" in sql]
    assert Session.objects.get(session_key=key).expire_date == soon
    later = time.time() + REFRESH_SECONDS
    with mock.patch("kasane.accounts.middleware.time.time", return_value=later):
        assert client.get("/").status_code == 200
    expiry = Session.objects.get(session_key=key).expire_date
    assert expiry > timezone.now() + dt.timedelta(minutes=settings.SESSION_IDLE_MINUTES - 1)


def test_the_header_poll_does_not_keep_an_idle_session_alive(coordinator: User) -> None:
    """Issue 14: the unread count, asked for every minute by an open tab, is not the user's
    activity: the session still ends after the idle time."""
    client = Client()
    client.post("/login/", {"username": "coordinator", "password": PASSWORD})
    key = client.session.session_key
    soon = timezone.now() + dt.timedelta(minutes=5)
    Session.objects.filter(session_key=key).update(expire_date=soon)
    later = time.time() + 10 * REFRESH_SECONDS
    with mock.patch("kasane.accounts.middleware.time.time", return_value=later):
        assert client.get("/notices/bell/", HTTP_HX_REQUEST="true").status_code == 200
    assert Session.objects.get(session_key=key).expire_date == soon


def test_an_htmx_request_after_the_session_ended_reloads_the_page_to_login(
    coordinator: User,
) -> None:
    client = Client()
    client.post("/login/", {"username": "coordinator", "password": PASSWORD})
    Session.objects.filter(session_key=client.session.session_key).delete()
    response = client.get(
        "/notices/bell/",
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/cases/3/?tab=notes",
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/login/?next=%2Fcases%2F3%2F"
    plain = client.get("/notices/bell/")
    assert plain.status_code == 302 and plain["Location"].startswith("/login/")
