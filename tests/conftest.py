"""The cast: デモ市's users, loaded once per test session (the demo is a contract, so the
tests use the same people). `outsider` is a consultant at another agency on no case; `zeimu`
is a referrer; `kansa` the auditor."""

from __future__ import annotations

import time
from base64 import b32decode
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kasane import settings as kasane_settings
from kasane.accounts.models import User
from kasane.accounts.two_factor import enrolled_device
from kasane.demo import city
from kasane.demo.load import load_demo_city
from tests.system_packages import pytest_runtest_setup, report_skipped

__all__ = ["pytest_runtest_setup"]  # a hook: skips the PDF tests where Japanese cannot print

PASSWORD = "test-password-2026"
# What production hashes with; the tests that prove it put it back with override_settings.
PRODUCTION_HASHERS = list(kasane_settings.PASSWORD_HASHERS)


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher() -> Iterator[None]:
    """MD5 for the whole session, from before the demo load: Argon2 is slow on purpose, and
    hashing the demo users' passwords was most of the load (4.0 s with Argon2, 0.9 s with MD5)
    and of every reload and login in the tests."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def django_db_setup(fast_password_hasher, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_demo_city(password=PASSWORD, generated=0)


def _user(username: str) -> User:
    return User.objects.select_related("organization").get(username=username)


def _cast(username: str):
    @pytest.fixture
    def member(db) -> User:
        return _user(username)

    return member


admin = _cast("admin")
coordinator = _cast("coordinator")
houkatsu = _cast("houkatsu")
outsider = _cast("outsider")
zeimu = _cast("zeimu")
kansa = _cast("kansa")
keisatsu = _cast("keisatsu")
chiiki = _cast("chiiki")
kosodate = _cast("kosodate")
jiritsu = _cast("jiritsu")
csw = _cast("csw")
sanka = _cast("sanka")


def queries_for(client: Client, url: str, *, post: dict[str, str] | None = None) -> int:
    """How many SQL queries one GET of `url` takes (after a warm-up request); one POST of
    `post` when given (an Excel export's download)."""

    def request() -> Any:
        return client.get(url) if post is None else client.post(url, post)

    request()
    with CaptureQueriesContext(connection) as queries:
        assert request().status_code == 200
    return len(queries)


def client_for(user: User) -> Client:
    """A client signed in as the user. A forced login is a test's shortcut past the login
    form, so for a user with 2段階認証 (the demo's kansa) the session is marked as having
    passed the second step too; tests of the second step itself log in through the forms."""
    client = Client()
    client.force_login(user)
    if device := enrolled_device(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def totp_code(device: TOTPDevice | str = "kansa", *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows now for the device, or for a demo user's published
    secret, computed with django-otp's own TOTP. A code is accepted once: a second login in
    the same 30 seconds takes the next step's code (`steps_ahead=1`, within the tolerance)."""
    if isinstance(device, str):
        totp = TOTP(b32decode(city.TWO_FACTOR_SECRETS[device]))
    else:
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * totp.step
    return f"{totp.token():0{totp.digits}d}"


@pytest.fixture
def admin_client(admin: User) -> Client:
    return client_for(admin)


@pytest.fixture
def kansa_client(kansa: User) -> Client:
    return client_for(kansa)


@pytest.fixture
def outsider_client(outsider: User) -> Client:
    return client_for(outsider)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Say loudly when the browser or PDF tests did not run."""
    report_skipped(terminalreporter)
