"""Writes on organisations and areas. Each service validates, saves and audits in one
transaction. Nothing is deleted: records are deactivated."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kasane.accounts.models import User
from kasane.audit.services import audit_record
from kasane.core.changes import apply_changes
from kasane.core.errors import DomainError, check_version
from kasane.organizations.models import AREA_PARENT_KIND, Area, AreaKind, Organization

ORGANIZATION_FIELDS = (
    "name",
    "kana",
    "short_name",
    "kind",
    "fields",
    "programs",
    "area",
    "phone",
    "address",
    "notes",
    "is_active",
)
AREA_FIELDS = ("name", "kana", "kind", "parent", "code", "sort_order", "is_active")


def organization_create(*, actor: User | None, **values: Any) -> Organization:
    with transaction.atomic():
        organization = Organization()
        apply_changes(organization, ORGANIZATION_FIELDS, values)
        organization.full_clean()
        organization.save()
        audit_record(
            actor=actor,
            action="organization.create",
            target=organization,
            details={"name": organization.name},
        )
    return organization


def organization_update(
    *, actor: User, organization: Organization, loaded_at: str, **values: Any
) -> Organization:
    """Change an organisation; the audit row lists each changed field as [before, after]."""
    with transaction.atomic():
        # Compare with the stored row, not with the caller's instance (a bound ModelForm has
        # already changed that one), and lock it against a concurrent edit.
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        check_version(organization.updated_at, loaded_at)
        changes = apply_changes(organization, ORGANIZATION_FIELDS, values)
        if not changes:
            return organization
        organization.full_clean()
        organization.save(update_fields=[*changes, "updated_at"])
        audit_record(
            actor=actor, action="organization.update", target=organization, details=changes
        )
    return organization


def _check_area_parent(kind: str, parent: Area | None) -> None:
    """An area sits exactly one level below its parent: 市 → 圏域 → 地区 → 町丁目."""
    expected = AREA_PARENT_KIND.get(AreaKind(kind))
    if expected is None and parent is not None:
        raise DomainError("市には上位の地域を設定できません。")
    if expected is not None and (parent is None or parent.kind != expected):
        raise DomainError(
            f"{AreaKind(kind).label}の上位の地域には{AreaKind(expected).label}を選んでください。"
        )


def area_create(*, actor: User | None, **values: Any) -> Area:
    _check_area_parent(values["kind"], values.get("parent"))
    with transaction.atomic():
        area = Area()
        apply_changes(area, AREA_FIELDS, values)
        area.full_clean()
        area.save()
        audit_record(actor=actor, action="area.create", target=area, details={"name": area.name})
    return area


def area_update(*, actor: User, area: Area, loaded_at: str, **values: Any) -> Area:
    with transaction.atomic():
        area = Area.objects.select_for_update().get(pk=area.pk)
        check_version(area.updated_at, loaded_at)
        kind = values.get("kind", area.kind)
        _check_area_parent(kind, values.get("parent", area.parent))
        if kind != area.kind and area.children.exists():
            raise DomainError("下位の地域がある地域の区分は変更できません。")
        changes = apply_changes(area, AREA_FIELDS, values)
        if not changes:
            return area
        area.full_clean()
        area.save(update_fields=[*changes, "updated_at"])
        audit_record(actor=actor, action="area.update", target=area, details=changes)
    return area
