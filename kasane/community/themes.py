"""The list of 地域課題のテーマ (the law's domains, loaded by migration 0002): admins add and
edit entries; an entry no longer used stays on the issues that carry it."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from kasane import access
from kasane.accounts.models import User
from kasane.audit.services import audit_record
from kasane.community.models import Theme
from kasane.core.changes import apply_changes
from kasane.core.errors import DomainError, check_version

# The law's domains: migration 0002 loads them into a new database (from its own copy).
DEFAULT_THEMES = (
    ("welfare", "福祉"),
    ("care", "介護"),
    ("prevention", "介護予防"),
    ("health", "保健医療"),
    ("housing", "住まい"),
    ("employment", "就労"),
    ("education", "教育"),
    ("isolation", "孤立"),
    ("safety", "防災・防犯"),
)


def ensure_default_themes() -> None:
    """Add any default theme missing (by code, or by name); an admin's renamed or switched-off
    themes stay as they are. The demo loader calls it: a flushed test database has lost what
    the migration loaded."""
    codes = set(Theme.objects.values_list("code", flat=True))
    names = set(Theme.objects.values_list("name", flat=True))
    Theme.objects.bulk_create(
        Theme(code=code, name=name, sort_order=order * 10)
        for order, (code, name) in enumerate(DEFAULT_THEMES, start=1)
        if code not in codes and name not in names
    )


def theme_create(*, actor: User, code: str, name: str, sort_order: int) -> Theme:
    access.themes_for_admin(actor)
    name, code = name.strip(), code.strip()
    try:
        with transaction.atomic():
            if Theme.objects.filter(name=name).exists():
                raise IntegrityError
            theme = Theme.objects.create(code=code, name=name, sort_order=sort_order)
            audit_record(
                actor=actor, action="community.theme_create", target=theme, details={"name": name}
            )
    except IntegrityError:
        raise DomainError("同じ名前かコードのテーマが既にあります。") from None
    return theme


@transaction.atomic
def theme_update(
    *, actor: User, theme: Theme, loaded_at: str, **values: Any
) -> dict[str, list[Any]]:
    access.themes_for_admin(actor)
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    check_version(theme.updated_at, loaded_at)
    if "name" in values:
        values["name"] = values["name"].strip()
    if Theme.objects.exclude(pk=theme.pk).filter(name=values.get("name", theme.name)).exists():
        raise DomainError("同じ名前のテーマが既にあります。")
    changes = apply_changes(theme, ("name", "sort_order", "is_active"), values)
    if changes:
        theme.save(update_fields=[*changes, "updated_at"])
        audit_record(actor=actor, action="community.theme_update", target=theme, details=changes)
    return changes
