"""Writes of 地域課題 (community issues) and 取組 (projects). Each service validates, saves and
writes its audit row in one transaction; the views ask `kasane.access` first.

An issue carries no names: raised from a meeting's agenda item, its text is checked against the
names of the people on that item's case (`kasane.people.names`). Its status moves only through
`issue_move`, along `ALLOWED_MOVES`:

    提起 → 検討中 → 取組中 → 解決
             ↕          ↘ 継続して見守る → 検討中
    (提起 → 取組中 and 検討中 → 解決 too)

取組中 needs a project linked to the issue (creating a project from the issue moves it there).
解決 is final, except that it may be reopened to 検討中 with a note saying why.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.services import audit_record, changed_fields
from kasane.cases.services import household_people
from kasane.community.models import (
    Committee,
    CommunityIssue,
    IssueStatus,
    IssueTransition,
    Project,
    RaisedBy,
    Theme,
)
from kasane.core.errors import DomainError, check_version
from kasane.meetings.models import AgendaItem, Meeting, MeetingKind
from kasane.organizations.models import Area, Organization
from kasane.participation.models import UnmetNeed
from kasane.people.names import NAME_REFUSED, names_in
from kasane.resources.models import Service

S = IssueStatus
ALLOWED_MOVES: dict[str, frozenset[str]] = {
    S.RAISED: frozenset({S.CONSIDERING, S.IN_PROGRESS}),
    S.CONSIDERING: frozenset({S.IN_PROGRESS, S.WATCHING, S.RESOLVED}),
    S.IN_PROGRESS: frozenset({S.RESOLVED, S.WATCHING}),
    S.WATCHING: frozenset({S.CONSIDERING}),
    S.RESOLVED: frozenset({S.CONSIDERING}),  # reopening: with a note
}
TEXT_FIELDS = ("title", "noticed", "voices", "evidence")
ISSUE_FIELDS = (*TEXT_FIELDS, "theme", "committee")
PROJECT_FIELDS = (
    "title",
    "description",
    "leads",
    "started_on",
    "ended_on",
    "area",
)


def _today() -> dt.date:
    return timezone.localdate()


def raised_by_of(meeting: Meeting) -> str:
    """A チーム会議 raises as the team meeting; the others (支援会議, 重層的支援会議) as a
    支援会議."""
    return RaisedBy.TEAM_MEETING if meeting.kind == MeetingKind.TEAM else RaisedBy.SUPPORT_MEETING


def check_no_names(values: dict[str, Any], agenda_item: AgendaItem | None) -> None:
    """Refuse text that names a person on the agenda item's case (its household and its main
    person)."""
    if agenda_item is None or agenda_item.case is None:
        return
    case = agenda_item.case
    people = {person.pk: person for person in household_people(case)}
    people.setdefault(case.main_person.pk, case.main_person)
    text = "\n".join(str(values.get(name) or "") for name in TEXT_FIELDS)
    if names_in(text, people.values()):
        raise DomainError(NAME_REFUSED)


def _check_issue(values: dict[str, Any], area: Area) -> None:
    theme: Theme | None = values.get("theme")
    if theme is not None and not theme.is_active:
        raise DomainError("使われていないテーマは選べません。")
    committee: Committee | None = values.get("committee")
    if committee is not None and not committee.is_active:
        raise DomainError("活動していない委員会は選べません。")
    if not (values.get("title") or "").strip():
        raise DomainError("課題をひとことで書いてください。")


def _check_unmet_needs(needs: list[UnmetNeed], area: Area) -> None:
    """Unmet needs are evidence of the issue's area: the same area or one inside it."""
    if any(not need.area_code.startswith(area.code) for need in needs):
        raise DomainError("根拠にできる足りない社会資源は、地域課題と同じ地域のものだけです。")


@transaction.atomic
def issue_raise(
    *,
    actor: User,
    area: Area,
    theme: Theme,
    title: str,
    noticed: str,
    raised_by: str,
    raised_on: dt.date,
    voices: str = "",
    evidence: str = "",
    unmet_needs: list[UnmetNeed] | None = None,
    committee: Committee | None = None,
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
) -> CommunityIssue:
    """Write a 地域課題シート (提起), raised at a `meeting` or from one of its agenda items: then
    it carries the item's meeting and is refused when its text names a person on the item's
    case."""
    values: dict[str, Any] = {"title": title, "noticed": noticed, "voices": voices}
    values.update(evidence=evidence, theme=theme, committee=committee)
    _check_issue(values, area)
    if raised_on > _today():
        raise DomainError("提起日が未来の日付です。")
    if agenda_item is not None:
        meeting = agenda_item.meeting
    if meeting is not None:
        raised_by = raised_by_of(meeting)
    if raised_by not in RaisedBy.values:
        raise DomainError("提起した場を選んでください。")
    check_no_names(values, agenda_item)
    needs = list(unmet_needs or [])
    _check_unmet_needs(needs, area)
    issue = CommunityIssue.objects.create(
        area=area,
        raised_by=raised_by,
        raised_on=raised_on,
        status=S.RAISED,
        status_changed_on=raised_on,
        meeting=meeting,
        agenda_item=agenda_item,
        written_by=actor,
        organization_id=actor.organization_id,
        **{
            name: value.strip() if isinstance(value, str) else value
            for name, value in values.items()
        },
    )
    issue.unmet_needs.set(needs)
    IssueTransition.objects.create(
        issue=issue, from_status="", to_status=S.RAISED, occurred_on=raised_on, actor=actor
    )
    # The text is not copied into the audit row: it is the issue's, and may be corrected.
    audit_record(
        actor=actor,
        action="community.issue_raise",
        target=issue,
        details={
            "area": area.code,
            "theme": theme.code,
            "raised_by": raised_by,
            "meeting": meeting.pk if meeting else None,
            "unmet_needs": [need.pk for need in needs],
        },
    )
    return issue


def _lock(issue: CommunityIssue) -> CommunityIssue:
    return (
        CommunityIssue.objects.select_related("area", "agenda_item__case__main_person")
        .select_for_update(of=("self",))
        .get(pk=issue.pk)
    )


@transaction.atomic
def issue_update(
    *,
    actor: User,
    issue: CommunityIssue,
    loaded_at: str,
    unmet_needs: list[UnmetNeed] | None = None,
    **values: Any,
) -> CommunityIssue:
    """Correct a sheet's text, theme, committee and evidence, against the version the form
    was opened with; the name check applies again."""
    locked = _lock(issue)
    check_version(locked.updated_at, loaded_at)
    values = {name: values[name] for name in ISSUE_FIELDS if name in values}
    _check_issue({**{n: getattr(locked, n) for n in ISSUE_FIELDS}, **values}, locked.area)
    check_no_names(values, locked.agenda_item)
    changes = {name: value for name, value in values.items() if getattr(locked, name) != value}
    for name, value in changes.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    locked.save()
    if unmet_needs is not None:
        needs = list(unmet_needs)
        _check_unmet_needs(needs, locked.area)
        if {need.pk for need in needs} != set(locked.unmet_needs.values_list("pk", flat=True)):
            changes["unmet_needs"] = needs
        locked.unmet_needs.set(needs)
    audit_record(
        actor=actor,
        action="community.issue_update",
        target=locked,
        details={"fields": changed_fields(changes)},
    )
    return locked


def check_move(issue: CommunityIssue, to_status: str, note: str) -> None:
    """The rules of a status change, in Japanese when refused."""
    if to_status not in S.values:
        raise DomainError("変更先の状態を選んでください。")
    if to_status == issue.status:
        raise DomainError(f"既に「{S(to_status).label}」です。")
    if to_status not in ALLOWED_MOVES[issue.status]:
        raise DomainError(
            f"「{S(issue.status).label}」から「{S(to_status).label}」には変更できません。"
        )
    if issue.status == S.RESOLVED and not note.strip():
        raise DomainError("解決した課題を検討に戻すときは、理由をメモに書いてください。")
    if to_status == S.IN_PROGRESS and not issue.projects.exists():
        raise DomainError("「取組中」にするには、この課題から取組をつくってください。")


@transaction.atomic
def issue_move(
    *,
    actor: User,
    issue: CommunityIssue,
    to_status: str,
    note: str = "",
    occurred_on: dt.date | None = None,
) -> IssueTransition:
    """Move the issue's status (see `ALLOWED_MOVES`), keeping the move as an
    `IssueTransition`."""
    locked = _lock(issue)
    occurred_on = occurred_on or _today()
    if occurred_on > _today():
        raise DomainError("変更日が未来の日付です。")
    if occurred_on < locked.status_changed_on:
        raise DomainError("変更日が、前回の状態の変更日より前です。")
    check_move(locked, to_status, note)
    transition = IssueTransition.objects.create(
        issue=locked,
        from_status=locked.status,
        to_status=to_status,
        occurred_on=occurred_on,
        note=note.strip(),
        actor=actor,
    )
    locked.status = to_status
    locked.status_changed_on = occurred_on
    locked.save(update_fields=["status", "status_changed_on", "updated_at"])
    issue.status, issue.status_changed_on = locked.status, locked.status_changed_on
    audit_record(
        actor=actor,
        action="community.issue_move",
        target=locked,
        details={"from": transition.from_status, "to": to_status},
    )
    return transition


# --- 取組 ---------------------------------------------------------------------------------------


def _check_project(values: dict[str, Any], organizations: list[Organization]) -> None:
    if not (values.get("title") or "").strip():
        raise DomainError("取組の名称を書いてください。")
    started, ended = values.get("started_on"), values.get("ended_on")
    if started is not None and ended is not None and ended < started:
        raise DomainError("終了日が開始日より前です。")
    if any(not organization.is_active for organization in organizations):
        raise DomainError("活動していない機関は選べません。")


@transaction.atomic
def project_create(
    *,
    actor: User,
    title: str,
    description: str,
    leads: str,
    area: Area,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    organizations: list[Organization] | None = None,
    issue: CommunityIssue | None = None,
) -> Project:
    """Start a project, standalone or from an issue: an issue not yet worked on (提起, 検討中)
    moves to 取組中 through `issue_move`."""
    values: dict[str, Any] = {"title": title.strip(), "description": description}
    values.update(leads=leads, area=area, started_on=started_on, ended_on=ended_on)
    taking_part = list(organizations or [])
    _check_project(values, taking_part)
    project = Project.objects.create(
        created_by=actor, organization_id=actor.organization_id, **values
    )
    project.organizations.set(taking_part)
    if issue is not None:
        project.issues.add(issue)
    audit_record(
        actor=actor,
        action="community.project_create",
        target=project,
        details={"area": area.code, "issue": issue.pk if issue else None},
    )
    if issue is not None and S.IN_PROGRESS in ALLOWED_MOVES[issue.status]:
        issue_move(
            actor=actor,
            issue=issue,
            to_status=S.IN_PROGRESS,
            note=f"取組「{project.title}」を始めた。",
            occurred_on=max(min(started_on, _today()), issue.status_changed_on),
        )
    return project


@transaction.atomic
def project_update(
    *,
    actor: User,
    project: Project,
    loaded_at: str,
    organizations: list[Organization] | None = None,
    **values: Any,
) -> Project:
    locked = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
    check_version(locked.updated_at, loaded_at)
    values = {name: values[name] for name in PROJECT_FIELDS if name in values}
    taking_part = list(organizations) if organizations is not None else None
    _check_project({**{n: getattr(locked, n) for n in PROJECT_FIELDS}, **values}, taking_part or [])
    changes = {name: value for name, value in values.items() if getattr(locked, name) != value}
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.save()
    if taking_part is not None:
        if {o.pk for o in taking_part} != set(locked.organizations.values_list("pk", flat=True)):
            changes["organizations"] = taking_part
        locked.organizations.set(taking_part)
    audit_record(
        actor=actor,
        action="community.project_update",
        target=locked,
        details={"fields": changed_fields(changes)},
    )
    return locked


@transaction.atomic
def project_link_resource(*, actor: User, project: Project, service: Service) -> None:
    """Link a resource of the directory to the project that created it (shown on both
    pages)."""
    if project.resources.filter(pk=service.pk).exists():
        raise DomainError(f"「{service.name}」は既にこの取組とつながっています。")
    project.resources.add(service)
    audit_record(
        actor=actor,
        action="community.project_link_resource",
        target=project,
        details={"service": service.pk},
    )
