"""Writes on users. Each service validates, saves and audits in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from importlib import import_module

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from kasane.accounts.models import User, UserRole, UserSession
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
    """Lift a login lockout before its cool-off time ends, and the wait that wrong codes of
    2段階認証 put on the user's devices."""
    with transaction.atomic():
        axes_reset(username=user.username)
        for device in (TOTPDevice, StaticDevice):
            device.objects.filter(user=user).update(
                throttling_failure_count=0, throttling_failure_timestamp=None
            )
        audit_record(actor=actor, action="user.unlock", target=user)


# --- Sessions: where a user is signed in ---


def _session_store() -> type[SessionBase]:
    return import_module(settings.SESSION_ENGINE).SessionStore


# The session stores whose sessions live in the database, so that they can be listed and ended
# (Kasane's settings use one of these; a signed-cookie session cannot be ended by the server).
DATABASE_SESSION_ENGINES = (
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
)


def session_started(*, user: User, session_key: str, ip: str, user_agent: str) -> None:
    """Remember a new signed-in session (called at login, audited there)."""
    if settings.SESSION_ENGINE not in DATABASE_SESSION_ENGINES:
        return
    UserSession.objects.update_or_create(
        session_key=session_key,
        defaults={
            "user": user,
            "ip_address": ip or None,
            "user_agent": user_agent[:300],
            "signed_in_at": timezone.now(),
            "last_seen_at": timezone.now(),
        },
    )


def session_seen(session_key: str) -> None:
    """The session was used now (at most once a minute, with the sliding expiry)."""
    UserSession.objects.filter(session_key=session_key).update(last_seen_at=timezone.now())


def session_ended(session_key: str) -> None:
    """The user signed out: forget the session."""
    UserSession.objects.filter(session_key=session_key).delete()


def sessions_end(
    *, actor: User, user: User, ids: Iterable[int] | None = None, keep: str = ""
) -> int:
    """End sessions of `user` (the `UserSession` ids given, else all) except `keep` (the
    session asking, when a user ends their other sessions): deleted from the session store, so
    the next request there goes to the login page. A user ends their own; an admin anyone's.
    Audited with the number ended. Returns that number."""
    sessions = UserSession.objects.filter(user=user).exclude(session_key=keep)
    if ids is not None:
        sessions = sessions.filter(pk__in=list(ids))
    ended = list(sessions.values_list("session_key", flat=True))
    store = _session_store()()
    with transaction.atomic():
        for key in ended:
            store.delete(key)
        UserSession.objects.filter(session_key__in=ended).delete()
        action = "auth.sessions_end" if actor.pk == user.pk else "user.sessions_end"
        audit_record(actor=actor, action=action, target=user, details={"ended": len(ended)})
    return len(ended)


def sessions_prune(now: dt.datetime) -> int:
    """Remove expired sessions from the database session store (what `clearsessions` does)
    and the rows of sessions that no longer exist. Returns how many rows were removed."""
    expired, _ = Session.objects.filter(expire_date__lt=now).delete()
    live = Session.objects.values("session_key")
    gone, _ = UserSession.objects.exclude(session_key__in=live).delete()
    return expired + gone
