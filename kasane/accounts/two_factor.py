"""2段階認証 (two-factor login, issue 19): what a session owes and what a user has enrolled.

django-otp does the cryptography, the one-time use and the throttling: a `TOTPDevice` is the
authenticator app (confirmed once the user typed a code from it), a `StaticDevice` holds the
one-time backup codes. Kasane adds the rules: which sessions must pass a second step, which
users must enrol, and how a secret is shown (a QR code drawn here as SVG, the base32 text).
Writes are in `two_factor_services.py`; `SecondFactorMiddleware` enforces the state below.
"""

from __future__ import annotations

import enum
import unicodedata
from base64 import b32encode

import segno
from django.conf import settings
from django.http import HttpRequest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kasane import access
from kasane.accounts.models import User

BACKUP_CODE_COUNT = 10


class SecondFactor(enum.Enum):
    """What a signed-in session may do, as far as the second factor goes."""

    PASSED = "passed"  # passed a code in this session, or enrolled nothing and need not
    OWED = "owed"  # the user is enrolled and this session has given only the password
    ENROL = "enrol"  # KASANE_REQUIRE_2FA: the user must enrol before anything else


def enrolled_device(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if any (one at most: enrolling replaces it)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def is_enrolled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user: User) -> TOTPDevice | None:
    """The authenticator app being set up (shown as a QR code, not yet confirmed by a code)."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def backup_device(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def must_enrol(user: User) -> bool:
    """KASANE_REQUIRE_2FA is on and the user's roles reach personal data (every role does)."""
    return settings.KASANE_REQUIRE_2FA and access.reaches_personal_data(user)


def session_state(request: HttpRequest) -> SecondFactor:
    """The state of a signed-in session. One query: the device this session passed (read by
    django-otp's middleware), or else whether the user has enrolled one — checked on every
    request, so that a session signed in with the password alone is held back as soon as the
    user enrols elsewhere."""
    user = request.user
    if not isinstance(user, User):
        return SecondFactor.PASSED  # anonymous: the login requirement answers
    is_verified = getattr(user, "is_verified", None)  # set by django-otp's OTPMiddleware
    if is_verified is not None and is_verified():
        return SecondFactor.PASSED
    if is_enrolled(user):
        return SecondFactor.OWED
    if must_enrol(user):
        return SecondFactor.ENROL
    return SecondFactor.PASSED


def normalize_code(value: str) -> str:
    """What the user typed, as the devices compare it: full-width digits and letters (a
    Japanese input method's) made half-width, spaces and hyphens dropped, lower case."""
    text = unicodedata.normalize("NFKC", value)
    return "".join(char for char in text if char not in " -\u3000").lower()


def is_totp_code(code: str) -> bool:
    """Six digits come from the app; anything else is tried as a backup code."""
    return len(code) == 6 and code.isdigit()


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The app's setup link as a QR code, drawn on the server as inline SVG (no image request,
    no script)."""
    code = segno.make(device.config_url, error="m")
    return str(
        code.svg_inline(
            scale=5, border=4, dark="#000", light="#fff", title="2段階認証の設定用QRコード"
        )
    )


def grouped(code: str) -> str:
    """A backup code as it is shown: `abcd-efgh`."""
    return f"{code[:4]}-{code[4:]}"
