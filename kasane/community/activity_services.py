"""Writes of activities, committees and their members, and the register of resident helpers with
their matches. Each write runs in one transaction with its audit row; a rule that refuses
raises `DomainError` in Japanese and saves nothing. Audit rows name the record and the fields
changed, never residents' names or free text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.services import audit_record, changed_fields
from kasane.community.models import (
    Activity,
    Committee,
    CommitteeMember,
    HelperMatch,
    Project,
    ResidentHelper,
)
from kasane.core.changes import apply_changes
from kasane.core.errors import DomainError, check_version
from kasane.organizations.models import Organization
from kasane.resources.models import Service

ACTIVITY_FIELDS = (
    "held_on",
    "kind",
    "title",
    "area",
    "service",
    "place",
    "committee",
    "project",
    "participants",
    "new_participants",
    "note",
)
COMMITTEE_FIELDS = ("name", "kind", "area", "secretariat", "notes", "is_active")
MEMBER_FIELDS = ("name", "kana", "role", "affiliation", "term_start", "term_end", "is_liaison")
HELPER_FIELDS = (
    "name",
    "kana",
    "kind",
    "area",
    "can_do",
    "days",
    "times",
    "phone",
    "registered_on",
    "is_active",
    "notes",
)

NEW_MORE_THAN_ALL = "初めての参加者数は、参加者数より多くできません。"
FUTURE_ACTIVITY = "開催日に未来の日付は入れられません。記録は開催した後に入れてください。"
NO_PLACE_TWICE = "場所は、社会資源から選ぶか、名称を入力するか、どちらか一つにしてください。"
TERM_BACKWARDS = "任期の終わりは、任期の始まりより後の日付にしてください。"
MATCH_NO_TARGET = "社会資源か取組のどちらかを選んでください。"
MATCH_END_BEFORE_START = "終了日は、開始日より後の日付にしてください。"
MATCH_ENDED = "このマッチングはすでに終了しています。"
MEMBER_ENDED = "この委員の任期はすでに終わっています。"


def _check_activity(values: dict[str, Any]) -> None:
    if values["new_participants"] > values["participants"]:
        raise DomainError(NEW_MORE_THAN_ALL)
    if values["held_on"] > timezone.localdate():
        raise DomainError(FUTURE_ACTIVITY)
    if values.get("service") is not None and values.get("place"):
        raise DomainError(NO_PLACE_TWICE)


def activity_record(
    *, actor: User, organizations: Iterable[Organization] = (), **values: Any
) -> Activity:
    """A new activity (居場所の開催, 住民懇談会, 講座, 委員会) with its participants."""
    _check_activity(values)
    with transaction.atomic():
        activity = Activity.objects.create(recorded_by=actor, **values)
        activity.organizations.set(list(organizations))
        audit_record(
            actor=actor,
            action="community.activity_record",
            target=activity,
            details={"kind": activity.kind, "area": activity.area.code},
        )
    return activity


def activity_update(
    *,
    actor: User,
    activity: Activity,
    loaded_at: str,
    organizations: Iterable[Organization] = (),
    **values: Any,
) -> Activity:
    _check_activity(values)
    with transaction.atomic():
        stored = Activity.objects.select_for_update().get(pk=activity.pk)
        check_version(stored.updated_at, loaded_at)
        changes: dict[str, Any] = apply_changes(stored, tuple(values), values)
        chosen = sorted(organization.pk for organization in organizations)
        if sorted(stored.organizations.values_list("pk", flat=True)) != chosen:
            changes["organizations"] = chosen
        stored.save()
        stored.organizations.set(chosen)
        audit_record(
            actor=actor,
            action="community.activity_update",
            target=stored,
            details={"fields": changed_fields(changes)},
        )
    return stored


def activity_delete(*, actor: User, activity: Activity) -> None:
    """A record entered by mistake (twice, or of an event that did not take place): it would
    count in the figures. The audit row keeps what it was."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="community.activity_delete",
            target=activity,
            details={
                "kind": activity.kind,
                "held_on": activity.held_on.isoformat(),
                "area": activity.area.code,
                "participants": activity.participants,
            },
        )
        activity.delete()


# --- 委員会 and 委員 ---


def committee_create(*, actor: User, **values: Any) -> Committee:
    if Committee.objects.filter(name=values["name"]).exists():
        raise DomainError(f"「{values['name']}」という委員会はすでにあります。")
    with transaction.atomic():
        committee = Committee.objects.create(**values)
        audit_record(actor=actor, action="community.committee_create", target=committee)
    return committee


def committee_update(
    *, actor: User, committee: Committee, loaded_at: str, **values: Any
) -> Committee:
    if Committee.objects.filter(name=values["name"]).exclude(pk=committee.pk).exists():
        raise DomainError(f"「{values['name']}」という委員会はすでにあります。")
    with transaction.atomic():
        stored = Committee.objects.select_for_update().get(pk=committee.pk)
        check_version(stored.updated_at, loaded_at)
        changes: dict[str, Any] = apply_changes(stored, tuple(values), values)
        stored.save()
        audit_record(
            actor=actor,
            action="community.committee_update",
            target=stored,
            details={"fields": changed_fields(changes)},
        )
    return stored


def _check_term(values: dict[str, Any]) -> None:
    end = values.get("term_end")
    if end is not None and end < values["term_start"]:
        raise DomainError(TERM_BACKWARDS)


def member_add(*, actor: User, committee: Committee, **values: Any) -> CommitteeMember:
    _check_term(values)
    with transaction.atomic():
        member = CommitteeMember.objects.create(committee=committee, **values)
        audit_record(
            actor=actor,
            action="community.member_add",
            target=member,
            details={"committee": committee.pk},
        )
    return member


def member_update(
    *, actor: User, member: CommitteeMember, loaded_at: str, **values: Any
) -> CommitteeMember:
    _check_term(values)
    with transaction.atomic():
        stored = CommitteeMember.objects.select_for_update().get(pk=member.pk)
        check_version(stored.updated_at, loaded_at)
        changes: dict[str, Any] = apply_changes(stored, tuple(values), values)
        stored.save()
        audit_record(
            actor=actor,
            action="community.member_update",
            target=stored,
            details={"committee": stored.committee_id, "fields": changed_fields(changes)},
        )
    return stored


def member_end(*, actor: User, member: CommitteeMember, on: dt.date) -> CommitteeMember:
    """The member's term ends on `on`: they move to 過去の委員 (kept, not deleted)."""
    if member.term_end is not None and member.term_end < timezone.localdate():
        raise DomainError(MEMBER_ENDED)
    if on < member.term_start:
        raise DomainError(TERM_BACKWARDS)
    with transaction.atomic():
        member.term_end = on
        member.save(update_fields=["term_end", "updated_at"])
        audit_record(
            actor=actor,
            action="community.member_end",
            target=member,
            details={"committee": member.committee_id, "on": on.isoformat()},
        )
    return member


# --- 地域の担い手 and their matches ---


def helper_register(*, actor: User, **values: Any) -> ResidentHelper:
    with transaction.atomic():
        helper = ResidentHelper.objects.create(created_by=actor, **values)
        audit_record(
            actor=actor,
            action="community.helper_register",
            target=helper,
            details={"kind": helper.kind, "area": helper.area.code},
        )
    return helper


def helper_update(
    *, actor: User, helper: ResidentHelper, loaded_at: str, **values: Any
) -> ResidentHelper:
    with transaction.atomic():
        stored = ResidentHelper.objects.select_for_update().get(pk=helper.pk)
        check_version(stored.updated_at, loaded_at)
        changes: dict[str, Any] = apply_changes(stored, tuple(values), values)
        stored.save()
        audit_record(
            actor=actor,
            action="community.helper_update",
            target=stored,
            details={"fields": changed_fields(changes)},
        )
    return stored


def helper_match(
    *,
    actor: User,
    helper: ResidentHelper,
    service: Service | None,
    project: Project | None,
    role: str,
    started_on: dt.date,
    note: str = "",
) -> HelperMatch:
    if service is None and project is None:
        raise DomainError(MATCH_NO_TARGET)
    if not helper.is_active:
        raise DomainError("登録を休止している担い手は、マッチングできません。")
    with transaction.atomic():
        match = HelperMatch.objects.create(
            helper=helper,
            service=service,
            project=project,
            role=role,
            started_on=started_on,
            note=note,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="community.helper_match",
            target=match,
            details={"helper": helper.pk, "service": match.service_id, "project": match.project_id},
        )
    return match


def helper_match_end(*, actor: User, match: HelperMatch, on: dt.date) -> HelperMatch:
    if match.ended_on is not None:
        raise DomainError(MATCH_ENDED)
    if on < match.started_on:
        raise DomainError(MATCH_END_BEFORE_START)
    with transaction.atomic():
        match.ended_on = on
        match.save(update_fields=["ended_on"])
        audit_record(
            actor=actor,
            action="community.helper_match_end",
            target=match,
            details={"helper": match.helper_id, "on": on.isoformat()},
        )
    return match
