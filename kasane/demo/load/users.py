"""Loads the demo users with their roles and the shared demo password."""

from __future__ import annotations

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
