"""Keeping the directory of 社会資源: organisations (and their partner agreement), services,
places and schedules, checking (確認) and closing. Each service checks who may keep the
directory, validates (a Japanese `DomainError`, nothing saved), saves and writes its audit row
in one transaction. A service is never deleted: it is closed (休止・廃止) with a date and may
reopen. Registering a service counts as checking it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.audit.services import audit_record, changed_fields
from kasane.core.changes import apply_changes
from kasane.core.errors import DomainError, check_version
from kasane.organizations.models import Area
from kasane.resources.models import (
    Location,
    PartnerOffer,
    ResourceOrganization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCategory,
    Status,
)

ORGANIZATION_FIELDS = (
    "name",
    "kana",
    "description",
    "website",
    "email",
    "phone",
    "organization",
    "is_partner",
    "partner_since",
    "partner_offers",
)
SERVICE_FIELDS = (
    "name",
    "kana",
    "description",
    "age_min",
    "age_max",
    "eligibility",
    "accommodations",
    "is_free",
    "fees",
    "languages",
    "capacity",
    "accepting_new",
    "contact_name",
    "contact_phone",
    "contact_email",
)
LOCATION_FIELDS = ("name", "postal_code", "address", "area", "access", "latitude", "longitude")
SCHEDULE_FIELDS = (
    "freq",
    "interval",
    "byday",
    "opens_at",
    "closes_at",
    "valid_from",
    "valid_to",
    "description",
)
MAX_INTERVAL = 99  # weeks or months between two meetings of a schedule


@dataclass
class PlaceInput:
    """A place (an existing `location` of the organisation, or the values of a new one) and,
    optionally, a schedule there."""

    location: Location | None = None
    location_values: dict[str, Any] = field(default_factory=dict)
    schedule_values: dict[str, Any] | None = None


def _today() -> dt.date:
    return timezone.localdate()


def _check_editor(actor: User) -> None:
    if not access.may_edit_resources(actor):
        raise DomainError("社会資源を登録・変更できるのは参加支援・地域づくりの担当者です。")


def _refuse_invalid(instance: Any) -> None:
    """The model's own rules (`clean`), as one Japanese DomainError."""
    try:
        instance.clean()
    except ValidationError as error:
        raise DomainError("".join(error.messages)) from None


def _check_organization(values: dict[str, Any]) -> None:
    if not (values.get("name") or "").strip():
        raise DomainError("団体名を入力してください。")
    offers = values.get("partner_offers") or []
    if any(offer not in PartnerOffer.values for offer in offers):
        raise DomainError("協力の内容を一覧から選んでください。")
    if values.get("is_partner") and values.get("partner_since") is None:
        raise DomainError("協力事業者には協力の合意日を入力してください。")
    since = values.get("partner_since")
    if since is not None and since > _today():
        raise DomainError("協力の合意日が未来の日付です。")


@transaction.atomic
def organization_create(*, actor: User, **values: Any) -> ResourceOrganization:
    """Register the organisation that runs resources (with its partner agreement, if any)."""
    _check_editor(actor)
    values = {name: values[name] for name in ORGANIZATION_FIELDS if name in values}
    values["name"] = (values.get("name") or "").strip()
    _check_organization(values)
    if not values.get("is_partner"):
        values.update(partner_since=None, partner_offers=[])
    organization = ResourceOrganization.objects.create(**values)
    audit_record(
        actor=actor,
        action="resource_organization.create",
        target=organization,
        details={"partner": organization.is_partner},
    )
    return organization


@transaction.atomic
def organization_update(
    *, actor: User, organization: ResourceOrganization, loaded_at: str, **values: Any
) -> dict[str, list[Any]]:
    """Edit an organisation, its partner agreement included (ending it clears the date and
    offers). Refused when someone saved it after the form was opened."""
    _check_editor(actor)
    organization = ResourceOrganization.objects.select_for_update().get(pk=organization.pk)
    check_version(organization.updated_at, loaded_at)
    if "name" in values:
        values["name"] = (values["name"] or "").strip()
    merged = {name: values.get(name, getattr(organization, name)) for name in ORGANIZATION_FIELDS}
    _check_organization(merged)
    if not merged["is_partner"]:
        values.update(partner_since=None, partner_offers=[])
    changes = apply_changes(organization, ORGANIZATION_FIELDS, values)
    if changes:
        organization.save(update_fields=[*changes, "updated_at"])
        if "name" in changes:
            for service in organization.services.all():
                service.refresh_search_key(organization.name)
                service.save(update_fields=["search_key"])
        audit_record(
            actor=actor,
            action="resource_organization.update",
            target=organization,
            details={"fields": changed_fields(changes)},
        )
    return changes


def _check_service(values: dict[str, Any]) -> None:
    if not (values.get("name") or "").strip():
        raise DomainError("社会資源の名称を入力してください。")
    if not (values.get("description") or "").strip():
        raise DomainError("内容を入力してください。")
    _refuse_invalid(Service(age_min=values.get("age_min"), age_max=values.get("age_max")))


def _check_categories(categories: list[ServiceCategory]) -> None:
    if not categories:
        raise DomainError("種類を1つ以上選んでください。")


def _location(*, organization: ResourceOrganization, place: PlaceInput) -> tuple[Location, bool]:
    """The place's location: the given one (of this organisation) or a new one."""
    if place.location is not None:
        if place.location.organization_id != organization.pk:
            raise DomainError("この団体の場所から選んでください。")
        return place.location, False
    values = dict(place.location_values)
    for name in ("name", "postal_code", "address", "access"):
        values[name] = (values.get(name) or "").strip()
    if not values["name"] or not values["address"]:
        raise DomainError("場所の名称と所在地を入力してください。")
    if not isinstance(values.get("area"), Area):
        raise DomainError("場所の地域（町丁目）を選んでください。")
    values = {name: values.get(name) for name in LOCATION_FIELDS}
    location = Location(organization=organization, **values)
    location.save()
    return location, True


def schedule_checked(values: dict[str, Any]) -> dict[str, Any]:
    """A schedule's values as every schedule is kept, whether entered on a page or imported:
    only its fields, the interval 1, the days and the note empty when not given, the days in
    capitals; refused with a Japanese `DomainError` when the model's rules (`Schedule.clean`)
    or its limits (the note's length, an interval of 1 to `MAX_INTERVAL`) refuse them."""
    values = {name: values.get(name) for name in SCHEDULE_FIELDS if name in values}
    values["interval"] = values.get("interval") or 1
    values["byday"] = ",".join(
        part.strip().upper() for part in (values.get("byday") or "").split(",") if part.strip()
    )
    values["description"] = values.get("description") or ""
    if not 1 <= values["interval"] <= MAX_INTERVAL:
        raise DomainError(f"くり返しの間隔は1〜{MAX_INTERVAL}にしてください。")
    schedule = Schedule(**values)
    try:
        schedule.clean_fields(exclude=["service", "service_at_location", "byday", "weekdays"])
    except ValidationError as error:
        raise DomainError(
            "".join(
                f"{getattr(Schedule._meta.get_field(name), 'verbose_name', name)}: {message}"
                for name, messages in error.message_dict.items()
                for message in messages
            )
        ) from None
    _refuse_invalid(schedule)
    return values


def schedule_save(
    *, service: Service, at: ServiceAtLocation | None, values: dict[str, Any]
) -> Schedule:
    """Save a schedule of the service (at a place, or of the service itself) from values
    `schedule_checked` accepts. Not audited on its own: the service that calls it (adding a
    place, registering a service, the import) writes the audit row."""
    schedule = Schedule(service=service, service_at_location=at, **schedule_checked(values))
    schedule.save()
    return schedule


def _place(*, service: Service, place: PlaceInput) -> tuple[ServiceAtLocation, Schedule | None]:
    location, _ = _location(organization=service.organization, place=place)
    at, _ = ServiceAtLocation.objects.get_or_create(service=service, location=location)
    schedule = None
    if place.schedule_values is not None:
        schedule = schedule_save(service=service, at=at, values=place.schedule_values)
    return at, schedule


@transaction.atomic
def service_create(
    *,
    actor: User,
    organization: ResourceOrganization,
    categories: list[ServiceCategory],
    place: PlaceInput | None = None,
    **values: Any,
) -> Service:
    """Register a service of an organisation, with its categories and, optionally, its first
    place and schedule. Registering is checking: the actor and today are its last check."""
    _check_editor(actor)
    values = {name: values[name] for name in SERVICE_FIELDS if name in values}
    values["name"] = (values.get("name") or "").strip()
    _check_service(values)
    _check_categories(categories)
    today = _today()
    service = Service(
        organization=organization,
        status=Status.ACTIVE,
        status_since=today,
        assured_date=today,
        assurer=actor,
        created_by=actor,
        **values,
    )
    service.refresh_search_key(organization.name)
    service.save()
    service.categories.set(categories)
    details: dict[str, Any] = {"organization": organization.pk}
    if place is not None:
        at, schedule = _place(service=service, place=place)
        details.update(location=at.location_id, schedule=schedule.pk if schedule else None)
    audit_record(actor=actor, action="resource.create", target=service, details=details)
    return service


def _lock(service: Service) -> Service:
    return (
        Service.objects.select_related("organization")
        .select_for_update(of=("self",))
        .get(pk=service.pk)
    )


@transaction.atomic
def service_update(
    *,
    actor: User,
    service: Service,
    loaded_at: str,
    categories: list[ServiceCategory] | None = None,
    **values: Any,
) -> dict[str, list[Any]]:
    """Edit a service. Refused when someone saved it after the form was opened. Editing is
    not checking: the last check stays until someone presses 「確認した」."""
    _check_editor(actor)
    service = _lock(service)
    check_version(service.updated_at, loaded_at)
    if "name" in values:
        values["name"] = (values["name"] or "").strip()
    merged = {name: values.get(name, getattr(service, name)) for name in SERVICE_FIELDS}
    _check_service(merged)
    changes = apply_changes(service, SERVICE_FIELDS, values)
    if categories is not None:
        _check_categories(categories)
        before = sorted(service.categories.values_list("name", flat=True))
        after = sorted(category.name for category in categories)
        if before != after:
            service.categories.set(categories)
            changes["categories"] = [before, after]
    if changes:
        service.refresh_search_key(service.organization.name)
        saved = [name for name in changes if name != "categories"]
        service.save(update_fields=[*saved, "search_key", "updated_at"])
        audit_record(
            actor=actor,
            action="resource.update",
            target=service,
            details={"fields": changed_fields(changes)},
        )
    return changes


@transaction.atomic
def service_check(*, actor: User, service: Service, on: dt.date | None = None) -> Service:
    """確認した: the actor checked today (or `on`, not in the future) that the service is as
    the directory says (HSDS assured_date/assurer)."""
    _check_editor(actor)
    service = _lock(service)
    on = on or _today()
    if on > _today():
        raise DomainError("確認日が未来の日付です。")
    if service.status == Status.CLOSED:
        raise DomainError("廃止した社会資源は確認できません。再開してから確認してください。")
    service.assured_date = on
    service.assurer = actor
    service.save(update_fields=["assured_date", "assurer", "updated_at"])
    audit_record(
        actor=actor, action="resource.check", target=service, details={"on": on.isoformat()}
    )
    return service


def check_status_change(service: Service, *, status: str, on: dt.date) -> None:
    """The rule of closing and reopening, for the pages and the import alike: a service
    changes to another status (休止, 廃止, or 運営中 again) on a day from the day it came to
    its present status up to today. A Japanese `DomainError` otherwise."""
    if status == Status.ACTIVE:
        if service.status == Status.ACTIVE:
            raise DomainError("この社会資源は運営中です。")
        if on > _today() or on < service.status_since:
            raise DomainError("再開の日は、休止・廃止の日から今日までの日付にしてください。")
        return
    if service.status == status:
        raise DomainError(f"この社会資源は既に{Status(status).label}しています。")
    if on > _today():
        raise DomainError("休止・廃止の日が未来の日付です。")
    if on < service.status_since:
        raise DomainError("休止・廃止の日が、今の状態になった日より前です。")


@transaction.atomic
def service_close(
    *, actor: User, service: Service, status: str, on: dt.date, reason: str = ""
) -> Service:
    """休止 or 廃止 from a day (not in the future); the service stays in the directory,
    found with the status filter, and may reopen. Never deleted."""
    _check_editor(actor)
    service = _lock(service)
    if status not in (Status.SUSPENDED, Status.CLOSED):
        raise DomainError("休止か廃止を選んでください。")
    check_status_change(service, status=status, on=on)
    service.status = status
    service.status_since = on
    service.save(update_fields=["status", "status_since", "updated_at"])
    audit_record(
        actor=actor,
        action="resource.close",
        target=service,
        reason=reason.strip(),
        details={"status": status, "on": on.isoformat()},
    )
    return service


@transaction.atomic
def service_reopen(*, actor: User, service: Service, on: dt.date | None = None) -> Service:
    """A suspended or closed service runs again from a day: 運営中, checked by the actor."""
    _check_editor(actor)
    service = _lock(service)
    on = on or _today()
    check_status_change(service, status=Status.ACTIVE, on=on)
    service.status = Status.ACTIVE
    service.status_since = on
    service.assured_date = on
    service.assurer = actor
    fields = ["status", "status_since", "assured_date", "assurer", "updated_at"]
    service.save(update_fields=fields)
    audit_record(
        actor=actor, action="resource.reopen", target=service, details={"on": on.isoformat()}
    )
    return service


@transaction.atomic
def place_add(*, actor: User, service: Service, place: PlaceInput) -> ServiceAtLocation:
    """Add a place (one of the organisation's or a new one) and, optionally, a schedule there
    to a service."""
    _check_editor(actor)
    service = _lock(service)
    at, schedule = _place(service=service, place=place)
    service.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action="resource.place_add",
        target=service,
        details={"location": at.location_id, "schedule": schedule.pk if schedule else None},
    )
    return at


@transaction.atomic
def schedule_remove(*, actor: User, service: Service, schedule: Schedule) -> None:
    """Remove a schedule that no longer holds (the service and its places stay). A schedule
    that only paused is better ended with its end date."""
    _check_editor(actor)
    if schedule.service_id != service.pk:
        raise DomainError("この社会資源の日程ではありません。")
    label = schedule.label
    schedule.delete()
    service.save(update_fields=["updated_at"])
    audit_record(
        actor=actor, action="resource.schedule_remove", target=service, details={"schedule": label}
    )


@transaction.atomic
def location_update(
    *, actor: User, location: Location, loaded_at: str, **values: Any
) -> dict[str, list[Any]]:
    """Edit a place (every service there shows the change)."""
    _check_editor(actor)
    location = Location.objects.select_for_update().get(pk=location.pk)
    check_version(location.updated_at, loaded_at)
    merged = {name: values.get(name, getattr(location, name)) for name in LOCATION_FIELDS}
    if not (merged["name"] or "").strip() or not (merged["address"] or "").strip():
        raise DomainError("場所の名称と所在地を入力してください。")
    if merged["area"] is None:
        raise DomainError("場所の地域（町丁目）を選んでください。")
    changes = apply_changes(location, LOCATION_FIELDS, values)
    if changes:
        location.save()
        audit_record(
            actor=actor,
            action="resource_location.update",
            target=location,
            details={"fields": changed_fields(changes)},
        )
    return changes


def category_create(*, actor: User, code: str, name: str, sort_order: int) -> ServiceCategory:
    """An admin adds a kind of resource; names and codes are unique."""
    access.service_categories_for_admin(actor)
    name, code = name.strip(), code.strip()
    try:
        with transaction.atomic():
            if ServiceCategory.objects.filter(name=name).exists():
                raise IntegrityError
            category = ServiceCategory.objects.create(code=code, name=name, sort_order=sort_order)
            audit_record(
                actor=actor,
                action="service_category.create",
                target=category,
                details={"name": name},
            )
    except IntegrityError:
        raise DomainError("同じ名前かコードの種類が既にあります。") from None
    return category


@transaction.atomic
def category_update(
    *, actor: User, category: ServiceCategory, loaded_at: str, **values: Any
) -> dict[str, list[Any]]:
    access.service_categories_for_admin(actor)
    category = ServiceCategory.objects.select_for_update().get(pk=category.pk)
    check_version(category.updated_at, loaded_at)
    if "name" in values:
        values["name"] = values["name"].strip()
    others = ServiceCategory.objects.exclude(pk=category.pk)
    if others.filter(name=values.get("name", category.name)).exists():
        raise DomainError("同じ名前の種類が既にあります。")
    changes = apply_changes(category, ("name", "sort_order", "is_active"), values)
    if changes:
        category.save(update_fields=[*changes, "updated_at"])
        audit_record(
            actor=actor, action="service_category.update", target=category, details=changes
        )
    return changes
