"""2段階認証 (issue 19): enrolment, the login's second step, backup codes, throttling, the
required setting, the admin's reset and the middleware that holds back a password-only
session."""

import datetime as dt
import re
from base64 import b32decode

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kasane.accounts import two_factor_services as services
from kasane.accounts.models import User, UserSession
from kasane.accounts.two_factor import backup_codes_left, enrolled_device
from kasane.audit.models import AuditEvent
from kasane.demo import city
from kasane.demo.load.users import load_two_factor
from tests.conftest import PASSWORD, client_for, totp_code

pytestmark = pytest.mark.django_db


def _password_login(username: str) -> Client:
    client = Client()
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _wait_out_the_throttle(user: User) -> None:
    long_ago = timezone.now() - dt.timedelta(hours=1)
    TOTPDevice.objects.filter(user=user).update(throttling_failure_timestamp=long_ago)


def _enrol(user: User) -> tuple[TOTPDevice, list[str]]:
    device = services.enrolment_start(user=user)
    codes = services.enrolment_confirm(user=user, device=device, code=totp_code(device))
    device.refresh_from_db()
    return device, codes


def test_it_enrols_an_app_from_the_secret_on_the_page(houkatsu: User) -> None:
    client = client_for(houkatsu)
    assert "未設定" in client.get("/two-factor/").content.decode()
    assert client.post("/two-factor/setup/", {"start": "1"})["Location"] == "/two-factor/setup/"
    page = client.get("/two-factor/setup/").content.decode()
    assert "<svg" in page and "2段階認証の設定用QRコード" in page
    secret = re.search(r"<code data-secret>([A-Z2-7 ]+)</code>", page).group(1)
    code = f"{TOTP(b32decode(secret.replace(' ', ''))).token():06d}"

    response = client.post("/two-factor/setup/", {"code": code})

    assert response.status_code == 200
    shown = re.findall(
        r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", response.content.decode()
    )
    assert len(shown) == 10
    assert enrolled_device(houkatsu) is not None
    assert backup_codes_left(houkatsu) == 10
    assert AuditEvent.objects.filter(action="auth.otp_enrol", actor=houkatsu).exists()
    again = client.get("/two-factor/").content.decode()
    assert "設定済み" in again and "残り: 10個" in again and shown[0] not in again
    # The session that showed the app's code goes on without a second step.
    assert client.get("/people/").status_code == 200


def test_a_wrong_code_at_enrolment_changes_nothing(houkatsu: User) -> None:
    client = client_for(houkatsu)
    client.post("/two-factor/setup/", {"start": "1"})

    response = client.post("/two-factor/setup/", {"code": "000000"})

    assert response.status_code == 400
    assert "確認コードが正しくありません" in response.content.decode()
    assert enrolled_device(houkatsu) is None
    assert not StaticToken.objects.filter(device__user=houkatsu).exists()
    failed = AuditEvent.objects.filter(action="auth.otp_verify_failed", actor=houkatsu).get()
    assert failed.details == {"step": "enrol", "throttled": False}


def test_an_enrolled_user_logs_in_in_two_steps(kansa: User) -> None:
    client = _password_login("kansa")
    held = client.get("/audit/")
    assert held.status_code == 302
    assert held["Location"] == "/login/code/?next=%2Faudit%2F"
    page = client.get(held["Location"])
    assert "確認コードの入力" in page.content.decode()

    response = client.post("/login/code/", {"code": totp_code("kansa"), "next": "/audit/"})

    assert response.status_code == 302 and response["Location"] == "/audit/"
    assert client.get("/audit/").status_code == 200
    event = AuditEvent.objects.filter(action="auth.otp_verify", actor=kansa).get()
    assert event.details == {"method": "totp"}


def test_a_wrong_code_is_refused_in_japanese_and_counted(kansa: User) -> None:
    client = _password_login("kansa")

    response = client.post("/login/code/", {"code": "１２３４５６"})  # full-width, and wrong

    assert response.status_code == 400
    assert "確認コードが正しくありません" in response.content.decode()
    assert client.get("/audit/")["Location"].startswith("/login/code/")
    assert enrolled_device(kansa).throttling_failure_count == 1
    assert AuditEvent.objects.filter(action="auth.otp_verify_failed", actor=kansa).exists()


def test_a_code_is_accepted_once(kansa: User) -> None:
    code = totp_code("kansa")
    first = _password_login("kansa")
    assert first.post("/login/code/", {"code": code}).status_code == 302
    second = _password_login("kansa")
    assert second.post("/login/code/", {"code": code}).status_code == 400


def test_wrong_codes_in_a_row_make_even_the_right_code_wait(kansa: User, admin: User) -> None:
    TOTPDevice.objects.filter(user=kansa).update(
        throttling_failure_count=6, throttling_failure_timestamp=timezone.now()
    )
    client = _password_login("kansa")

    response = client.post("/login/code/", {"code": totp_code("kansa")})

    assert response.status_code == 400
    assert "しばらく入力できません" in response.content.decode()
    assert client.get("/audit/")["Location"].startswith("/login/code/")
    failed = AuditEvent.objects.filter(action="auth.otp_verify_failed", actor=kansa).get()
    assert failed.details == {"step": "login", "throttled": True}
    # An admin's 「ロックを解除する」 lifts the wait too.
    assert client_for(admin).post(f"/manage/users/{kansa.pk}/unlock/").status_code == 302
    assert client.post("/login/code/", {"code": totp_code("kansa")}).status_code == 302


def test_a_backup_code_logs_in_once(houkatsu: User) -> None:
    _, codes = _enrol(houkatsu)
    client = _password_login("houkatsu")

    typed = f" {codes[0][:4].upper()}-{codes[0][4:]} "  # as shown, upper case, with spaces
    response = client.post("/login/code/", {"code": typed})

    assert response.status_code == 302
    assert client.get("/people/").status_code == 200
    assert backup_codes_left(houkatsu) == 9
    used = AuditEvent.objects.filter(action="auth.otp_backup_used", actor=houkatsu).get()
    assert used.details == {"left": 9}
    again = _password_login("houkatsu")
    assert again.post("/login/code/", {"code": codes[0]}).status_code == 400
    assert again.post("/login/code/", {"code": codes[1]}).status_code == 400  # throttled 1 s
    assert again.get("/people/").status_code == 302


def test_a_password_only_session_of_an_enrolled_user_reaches_nothing(kansa: User) -> None:
    """Defence in depth: a session signed in without the second step (here Django's own
    login, as any code path that forgot the step would) is held back by the middleware."""
    client = Client()
    client.force_login(kansa)
    for url in ["/", "/audit/", "/two-factor/", "/two-factor/setup/", "/password/", "/sessions/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/code/"), url
    assert client.post("/two-factor/remove/", {"code": "x"})["Location"] == "/login/code/"
    htmx = client.get("/notices/bell/", HTTP_HX_REQUEST="true")
    assert htmx.status_code == 204 and htmx["HX-Redirect"] == "/login/code/"
    assert client.get("/healthz").status_code == 200
    assert client.post("/logout/").status_code == 302
    assert client.get("/")["Location"].startswith("/login/")


def test_enrolling_holds_back_the_users_other_sessions(houkatsu: User) -> None:
    elsewhere = _password_login("houkatsu")
    assert elsewhere.get("/people/").status_code == 200
    _enrol(houkatsu)
    assert elsewhere.get("/people/")["Location"].startswith("/login/code/")


def test_when_required_an_unenrolled_user_must_enrol_first(houkatsu: User, settings) -> None:
    settings.KASANE_REQUIRE_2FA = True
    client = _password_login("houkatsu")
    response = client.get("/people/")
    assert response.status_code == 302 and response["Location"] == "/two-factor/?next=%2Fpeople%2F"
    page = client.get("/two-factor/").content.decode()
    assert "2段階認証の設定が必要です" in page
    assert "今日やること" not in page  # no menu while held
    assert client.post("/two-factor/setup/", {"start": "1"}).status_code == 302
    assert client.get("/two-factor/setup/").status_code == 200
    device = TOTPDevice.objects.get(user=houkatsu, confirmed=False)
    assert client.post("/two-factor/setup/", {"code": totp_code(device)}).status_code == 200
    assert client.get("/people/").status_code == 200
    # Required: the user cannot remove it.
    response = client.post("/two-factor/remove/", {"code": totp_code(device, steps_ahead=1)})
    assert response.status_code == 400
    assert "必須のため、解除できません" in response.content.decode()
    assert enrolled_device(houkatsu) is not None


def test_it_is_off_by_default_outside_production(settings) -> None:
    assert settings.KASANE_REQUIRE_2FA is False
    assert _password_login("houkatsu").get("/people/").status_code == 200


def test_a_user_renews_backup_codes_with_a_code_from_the_app(houkatsu: User) -> None:
    device, old = _enrol(houkatsu)
    client = client_for(houkatsu)
    wrong = client.post("/two-factor/codes/", {"code": "000000"})
    assert wrong.status_code == 400
    assert "確認コードが正しくありません" in wrong.content.decode()
    assert client.post("/two-factor/codes/", {"code": old[0]}).status_code == 400
    assert set(
        StaticToken.objects.filter(device__user=houkatsu).values_list("token", flat=True)
    ) == set(old)
    assert (
        "しばらく入力できません"
        in client.post("/two-factor/codes/", {"code": "1"}).content.decode()
    )
    _wait_out_the_throttle(houkatsu)

    response = client.post("/two-factor/codes/", {"code": totp_code(device, steps_ahead=1)})

    assert response.status_code == 200
    new = set(StaticToken.objects.filter(device__user=houkatsu).values_list("token", flat=True))
    assert len(new) == 10 and not new & set(old)
    assert AuditEvent.objects.filter(action="auth.otp_codes_regenerated", actor=houkatsu).exists()


def test_a_user_removes_their_own_with_a_code(houkatsu: User) -> None:
    _, codes = _enrol(houkatsu)
    client = client_for(houkatsu)
    assert client.post("/two-factor/remove/", {"code": "000000"}).status_code == 400
    assert enrolled_device(houkatsu) is not None

    response = client.post("/two-factor/remove/", {"code": codes[3]})

    assert response.status_code == 302
    assert enrolled_device(houkatsu) is None and backup_codes_left(houkatsu) == 0
    assert AuditEvent.objects.filter(action="auth.otp_remove", actor=houkatsu).exists()
    assert _password_login("houkatsu").get("/people/").status_code == 200


def test_an_admin_resets_a_users_second_factor(admin: User, kansa: User) -> None:
    signed_in = client_for(kansa)
    page = client_for(admin).get(f"/manage/users/{kansa.pk}/").content.decode()
    assert "2段階認証をリセットする" in page

    response = client_for(admin).post(f"/manage/users/{kansa.pk}/two-factor/reset/")

    assert response.status_code == 302
    assert enrolled_device(kansa) is None
    event = AuditEvent.objects.filter(action="user.otp_reset", actor=admin).get()
    assert event.object_id == str(kansa.pk)
    assert not UserSession.objects.filter(user=kansa).exists()
    assert not Session.objects.filter(session_key=signed_in.session.session_key).exists()
    assert signed_in.get("/audit/")["Location"].startswith("/login/")
    assert _password_login("kansa").get("/audit/").status_code == 200


@pytest.mark.parametrize("username", ["coordinator", "kansa", "outsider", "zeimu"])
def test_only_an_admin_resets_a_second_factor(username: str, kansa: User) -> None:
    client = client_for(User.objects.get(username=username))
    assert client.post(f"/manage/users/{kansa.pk}/two-factor/reset/").status_code == 404
    assert client.get(f"/manage/users/{kansa.pk}/two-factor/reset/").status_code == 405
    assert enrolled_device(kansa) is not None
    assert not AuditEvent.objects.filter(action="user.otp_reset").exists()


def test_the_demo_enrols_kansa_alone_with_the_published_secret(kansa: User) -> None:
    load_two_factor()
    load_two_factor()
    device = TOTPDevice.objects.get(user=kansa)
    assert device.confirmed
    assert device.bin_key == b32decode(city.TWO_FACTOR_SECRETS["kansa"])
    assert TOTPDevice.objects.count() == 1
