"""Loads the demo users with their roles and the shared demo password, and the auditor's
authenticator app (2段階認証) with its published demo secret."""

from __future__ import annotations

from base64 import b32decode

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from kasane.accounts.models import User, UserRole
from kasane.demo import city
from kasane.organizations.models import Organization


def load_users(organizations: dict[str, Organization], password: str) -> None:
    for username, (full_name, organization_name, roles) in city.USERS.items():
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "organization": organizations[organization_name],
                "is_active": True,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        user.role_assignments.exclude(role__in=roles).delete()
        for role in roles:
            UserRole.objects.get_or_create(user=user, role=role)

    load_two_factor()


def load_two_factor() -> None:
    """The demo users with 2段階認証 get their fixed secret back, confirmed, unthrottled and
    with no code used yet (so a reload restores the demo); the others have none."""
    demo = User.objects.filter(username__in=city.USERS)
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user__in=demo).exclude(
            user__username__in=city.TWO_FACTOR_SECRETS
        ).delete()
    for username, secret in city.TWO_FACTOR_SECRETS.items():
        user = User.objects.get(username=username)
        device, _ = TOTPDevice.objects.update_or_create(
            user=user,
            name="デモの認証アプリ",
            defaults={
                "key": b32decode(secret).hex(),
                "confirmed": True,
                "last_t": -1,
                "drift": 0,
                "throttling_failure_count": 0,
                "throttling_failure_timestamp": None,
            },
        )
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
