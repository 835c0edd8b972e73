"""Writes of 2段階認証 (issue 19). Each checks a code through django-otp (one-time use,
throttling: a wrong code makes the next try wait 1, 2, 4 … seconds), saves and audits in one
transaction. A wrong code changes nothing but the throttle and is audited
(`auth.otp_verify_failed`); then `WrongCode` is raised, after the commit, with a Japanese
message for the form."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django_otp.models import Device, ThrottlingMixin
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kasane.accounts import services
from kasane.accounts.models import User
from kasane.accounts.two_factor import (
    BACKUP_CODE_COUNT,
    backup_device,
    enrolled_device,
    is_totp_code,
    must_enrol,
    normalize_code,
)
from kasane.audit.services import audit_record
from kasane.core.errors import DomainError

WRONG_CODE = (
    "確認コードが正しくありません。認証アプリに表示されている6桁の数字（または未使用の"
    "バックアップコード）を入力してください。"
)
WRONG_APP_CODE = (
    "確認コードが正しくありません。認証アプリに表示されている6桁の数字を入力してください。"
)


class WrongCode(DomainError):
    """The code was wrong, or too many wrong codes came in a row (audited, nothing changed)."""


def _throttled(until: dt.datetime | None) -> WrongCode:
    at = timezone.localtime(until).strftime("%H:%M:%S") if until else ""
    return WrongCode(
        "確認コードを続けて間違えたため、しばらく入力できません。"
        f"{at}を過ぎてから、もう一度入力してください。"
    )


def _check(*, user: User, device: Device | None, code: str, step: str) -> WrongCode | None:
    """Verify `code` on the device (locked for the check) inside the caller's transaction.
    None when it passed; else the refusal, audited with the step and whether the throttle
    refused it (the caller raises it once the transaction has committed)."""
    refusal = None
    if device is not None:
        device = type(device).objects.select_for_update().get(pk=device.pk)
        if isinstance(device, ThrottlingMixin):
            allowed, info = device.verify_is_allowed()
            if not allowed:
                refusal = _throttled((info or {}).get("locked_until"))
        if refusal is None and device.verify_token(code):
            return None
    audit_record(
        actor=user,
        action="auth.otp_verify_failed",
        target=user,
        details={"step": step, "throttled": refusal is not None},
    )
    return refusal or WrongCode("")


def _checked(*, user: User, device: Device | None, code: str, step: str, message: str) -> None:
    """`_check` in a transaction of its own, committed before a refusal is raised, so that the
    throttle and the audit row of a wrong code stay."""
    with transaction.atomic():
        refusal = _check(user=user, device=device, code=code, step=step)
    if refusal is not None:
        raise refusal if refusal.message else WrongCode(message)


def _new_backup_codes(user: User) -> list[str]:
    """Replace the user's backup codes with BACKUP_CODE_COUNT new ones (shown once)."""
    device, _ = StaticDevice.objects.update_or_create(
        user=user, defaults={"name": "バックアップコード", "confirmed": True}
    )
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    device.throttle_reset()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def enrolment_start(*, user: User) -> TOTPDevice:
    """A new secret for an authenticator app, not yet in force: it replaces any earlier one
    still waiting for its first code. Audited when confirmed."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name="認証アプリ", confirmed=False)


def enrolment_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str]:
    """The user typed a code from the app they just set up: it is in force from now, replacing
    any app enrolled before, with new backup codes (returned, to be shown once)."""
    _checked(
        user=user, device=device, code=normalize_code(code), step="enrol", message=WRONG_APP_CODE
    )
    with transaction.atomic():
        replaced = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()[0] > 0
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_backup_codes(user)
        audit_record(
            actor=user, action="auth.otp_enrol", target=user, details={"replaced": replaced}
        )
    return codes


def second_step(*, user: User, code: str) -> Device:
    """The second step of a login: six digits are checked against the app, anything else as a
    backup code (used up by this). Returns the device that accepted it, for the session."""
    code = normalize_code(code)
    totp = is_totp_code(code)
    device: Device | None = enrolled_device(user) if totp else backup_device(user)
    _checked(user=user, device=device, code=code, step="login", message=WRONG_CODE)
    assert device is not None
    with transaction.atomic():
        audit_record(
            actor=user,
            action="auth.otp_verify",
            target=user,
            details={"method": "totp" if totp else "backup"},
        )
        if not totp:
            left = StaticToken.objects.filter(device=device).count()
            audit_record(
                actor=user, action="auth.otp_backup_used", target=user, details={"left": left}
            )
    return device


def backup_codes_regenerate(*, user: User, code: str) -> list[str]:
    """New backup codes, the old ones void; only with a code from the app (a backup code
    cannot renew its own kind)."""
    device = enrolled_device(user)
    if device is None:
        raise DomainError("2段階認証が設定されていません。")
    _checked(
        user=user, device=device, code=normalize_code(code), step="codes", message=WRONG_APP_CODE
    )
    with transaction.atomic():
        codes = _new_backup_codes(user)
        audit_record(actor=user, action="auth.otp_codes_regenerated", target=user)
    return codes


def second_factor_remove(*, user: User, code: str) -> None:
    """The user turns 2段階認証 off, with a code; refused where it is required."""
    if must_enrol(user):
        raise DomainError("2段階認証は必須のため、解除できません。")
    code = normalize_code(code)
    device: Device | None = enrolled_device(user) if is_totp_code(code) else backup_device(user)
    _checked(user=user, device=device, code=code, step="remove", message=WRONG_CODE)
    with transaction.atomic():
        _delete_devices(user)
        audit_record(actor=user, action="auth.otp_remove", target=user)


def second_factor_reset(*, actor: User, user: User, keep: str = "") -> int:
    """An admin removes a user's app and backup codes (a lost phone) and signs the user out
    everywhere (but `keep`, the admin's own session): the user logs in with the password
    alone, or is sent to enrol again where 2段階認証 is required. Returns the sessions ended."""
    with transaction.atomic():
        _delete_devices(user)
        audit_record(actor=actor, action="user.otp_reset", target=user)
        return services.sessions_end(actor=actor, user=user, keep=keep)


def _delete_devices(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
