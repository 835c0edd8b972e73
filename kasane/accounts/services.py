"""Writes on users. Each service validates, saves and audits in one transaction."""

from __future__ import annotations

from collections.abc import Iterable

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from kasane.accounts.models import User, UserRole
from kasane.accounts.roles import Role
from kasane.audit.services import audit_record
from kasane.core.errors import DomainError, check_version
from kasane.organizations.models import Organization


def _set_roles(user: User, roles: Iterable[str]) -> None:
    wanted = {Role(role).value for role in roles}
    user.role_assignments.exclude(role__in=wanted).delete()
    existing = set(user.role_assignments.values_list("role", flat=True))
    UserRole.objects.bulk_create(UserRole(user=user, role=role) for role in wanted - existing)
    # Forget the cached roles, including a prefetched list, so `user.roles` reads them anew.
    user.__dict__.pop("roles", None)
    getattr(user, "_prefetched_objects_cache", {}).pop("role_assignments", None)


def user_create(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    organization: Organization,
    roles: Iterable[str],
    password: str,
    email: str = "",
) -> User:
    """Register a user. The password must pass the configured validators."""
    roles = list(roles)
    if not roles:
        raise DomainError("役割を1つ以上選んでください。")
    with transaction.atomic():
        user = User(username=username, full_name=full_name, organization=organization, email=email)
        validate_password(password, user)
        user.set_password(password)
        user.save()
        _set_roles(user, roles)
        audit_record(
            actor=actor,
            action="user.create",
            target=user,
            details={"username": username, "organization": organization.name, "roles": roles},
        )
    return user


def user_update(
    *,
    actor: User,
    user: User,
    full_name: str,
    organization: Organization,
    roles: Iterable[str],
    email: str,
    is_active: bool,
    loaded_at: str,
) -> User:
    """Change a user (`loaded_at`: the version the form showed, see `check_version`). An
    admin cannot deactivate themself or drop their own admin role, so that a city is never
    left without anyone who can manage users."""
    roles = sorted(set(roles))
    if not roles:
        raise DomainError("役割を1つ以上選んでください。")
    if user.pk == actor.pk and (not is_active or Role.ADMIN not in roles):
        raise DomainError("自分自身を無効にしたり、自分の管理者の役割を外したりはできません。")
    with transaction.atomic():
        user = User.objects.select_for_update().select_related("organization").get(pk=user.pk)
        check_version(user.updated_at, loaded_at)
        before = _snapshot(user)
        user.full_name = full_name
        user.organization = organization
        user.email = email
        user.is_active = is_active
        user.save(update_fields=["full_name", "organization", "email", "is_active", "updated_at"])
        _set_roles(user, roles)
        after = _snapshot(user)
        changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
        audit_record(actor=actor, action="user.update", target=user, details=changes)
    return user


def _snapshot(user: User) -> dict[str, object]:
    return {
        "full_name": user.full_name,
        "organization": user.organization.name,
        "email": user.email,
        "is_active": user.is_active,
        "roles": sorted(user.roles),
    }


def user_reset_password(*, actor: User, user: User, password: str) -> None:
    """An admin sets a new password for a user (who should change it at next login)."""
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(actor=actor, action="user.password_reset", target=user)


def user_change_own_password(*, user: User, password: str) -> None:
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(actor=user, action="auth.password_change", target=user)


def user_unlock(*, actor: User, user: User) -> None:
    """Lift a login lockout before its cool-off time ends."""
    with transaction.atomic():
        axes_reset(username=user.username)
        audit_record(actor=actor, action="user.unlock", target=user)
