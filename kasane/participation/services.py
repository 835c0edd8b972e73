"""Writes of 参加支援. Each service validates, saves and writes its audit row in one
transaction; the views ask `kasane.access` first (who may record on the case)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.services import audit_record, changed_fields
from kasane.cases.models import Case
from kasane.cases.services import household_people
from kasane.core.errors import DomainError
from kasane.organizations.models import Area
from kasane.participation.models import (
    ATTENDING_STAGES,
    STAGE_DATES,
    STAGE_ORDER,
    EndReason,
    FollowUp,
    FollowUpKind,
    Match,
    MatchTransition,
    ParticipationProfile,
    Stage,
    UnmetNeed,
    WishTag,
    follow_up_due_on,
    settled_due_on,
)
from kasane.people.models import Person
from kasane.people.names import NAME_REFUSED, names_in
from kasane.resources.models import Service, ServiceCategory, Status

PROFILE_FIELDS = ("wishes", "wish_tags", "days", "times", "transport", "health", "money")


def _today() -> dt.date:
    return timezone.localdate()


def _not_future(day: dt.date, what: str) -> None:
    if day > _today():
        raise DomainError(f"{what}が未来の日付です。")


def is_participation_case(case: Case) -> bool:
    """A case uses 参加支援 when the program is among its programs or a plan ticks it."""
    return (
        "participation" in case.programs or case.plans.filter(includes_participation=True).exists()
    )


def _check_case(case: Case, person: Person) -> None:
    if case.is_ended:
        raise DomainError("終了したケースには記録できません。")
    if not is_participation_case(case):
        raise DomainError(
            "このケースは参加支援を利用していません。ケースの事業か支援プランで参加支援を選んでください。"
        )
    if person.pk not in {member.pk for member in household_people(case)}:
        raise DomainError("このケースの世帯の人を選んでください。")


@transaction.atomic
def profile_save(*, actor: User, case: Case, person: Person, **values: Any) -> ParticipationProfile:
    """Record (or change) a person's wishes and constraints on a 参加支援 case."""
    _check_case(case, person)
    if unknown := set(values.get("wish_tags") or ()) - set(WishTag.values):
        raise DomainError(f"希望の選択肢にないものがあります：{', '.join(sorted(unknown))}")
    profile, created = ParticipationProfile.objects.select_for_update().get_or_create(
        case=case, person=person, defaults={"updated_by": actor}
    )
    changes = {name: value for name, value in values.items() if getattr(profile, name) != value}
    for name, value in changes.items():
        setattr(profile, name, value)
    profile.updated_by = actor
    profile.save()
    audit_record(
        actor=actor,
        action="participation.profile_save",
        target=profile,
        details={"case": case.pk, "fields": changed_fields(changes), "created": created},
        people=[person.pk],
    )
    return profile


@transaction.atomic
def match_create(
    *,
    actor: User,
    case: Case,
    person: Person,
    service: Service,
    proposed_on: dt.date | None = None,
    contact_name: str = "",
    notes: str = "",
) -> Match:
    """提案: the coordinator chooses a resource for the person. A closed resource, or one the
    person already has an open match with, is refused."""
    _check_case(case, person)
    proposed_on = proposed_on or _today()
    _not_future(proposed_on, "提案日")
    if service.status != Status.ACTIVE:
        raise DomainError("休止・廃止した社会資源は提案できません。")
    open_matches = Match.objects.filter(person=person, service=service).exclude(stage=Stage.ENDED)
    if open_matches.exists():
        raise DomainError("この人にはこの社会資源の提案が既にあります。")
    match = Match.objects.create(
        case=case,
        person=person,
        service=service,
        proposed_on=proposed_on,
        contact_name=contact_name or service.contact_name,
        notes=notes,
        created_by=actor,
    )
    MatchTransition.objects.create(
        match=match, to_stage=Stage.PROPOSED, occurred_on=proposed_on, actor=actor
    )
    audit_record(
        actor=actor,
        action="participation.match_create",
        target=match,
        details={"case": case.pk, "service": service.pk},
    )
    return match


def check_move(match: Match, to_stage: str, on: dt.date, reason: str, end_reason: str) -> None:
    """The stage machine: forward any number of steps; backwards only with a reason; 終了 with
    its reason; 定着 only once the person has attended for the configured weeks since 参加開始;
    a stage's day neither in the future nor before the day the match reached its stage."""
    if to_stage not in Stage.values:
        raise DomainError("段階の選び方が正しくありません。")
    current, target = STAGE_ORDER.index(Stage(match.stage)), STAGE_ORDER.index(Stage(to_stage))
    label = Stage(to_stage).label
    if target == current:
        raise DomainError(f"既に「{label}」の段階です。")
    _not_future(on, "日付")
    reached = match.date_of(match.stage)
    if reached is not None and on < reached and target > current:
        raise DomainError(f"日付が今の段階（{match.get_stage_display()}）の日より前です。")
    if target < current and not reason.strip():
        raise DomainError(f"「{label}」に戻すには、戻す理由を書いてください。")
    if to_stage == Stage.ENDED and end_reason not in EndReason.values:
        raise DomainError("終了の理由を選んでください。")
    if to_stage == Stage.SETTLED:
        started_on = match.started_on if current >= STAGE_ORDER.index(Stage.STARTED) else None
        if started_on is None:
            raise DomainError("定着は、参加開始を記録してから確認します。")
        if on < settled_due_on(started_on):
            raise DomainError(
                f"定着は参加開始から{_weeks()}週間たってから確認します"
                f"（{settled_due_on(started_on):%Y年%-m月%-d日}から）。"
            )


def _weeks() -> int:
    return int(settings.KASANE_PARTICIPATION_SETTLED_WEEKS)


@transaction.atomic
def match_move(
    *,
    actor: User,
    match: Match,
    to_stage: str,
    on: dt.date | None = None,
    reason: str = "",
    end_reason: str = "",
) -> Match:
    """Move a match to another stage (see `check_move`). Going back clears the days of the
    stages after the new one (the history keeps them, with the reason)."""
    match = Match.objects.select_for_update().get(pk=match.pk)
    on = on or _today()
    check_move(match, to_stage, on, reason, end_reason)
    from_stage = match.stage
    target = STAGE_ORDER.index(Stage(to_stage))
    fields = ["stage", "updated_at"]
    if target < STAGE_ORDER.index(Stage(from_stage)):
        for later in STAGE_ORDER[target + 1 :]:
            setattr(match, STAGE_DATES[later], None)
            fields.append(STAGE_DATES[later])
        match.end_reason = ""
        fields.append("end_reason")
    else:
        setattr(match, STAGE_DATES[Stage(to_stage)], on)
        fields.append(STAGE_DATES[Stage(to_stage)])
        if to_stage == Stage.ENDED:
            match.end_reason = end_reason
            fields.append("end_reason")
    match.stage = to_stage
    match.save(update_fields=sorted(set(fields)))
    MatchTransition.objects.create(
        match=match,
        from_stage=from_stage,
        to_stage=to_stage,
        occurred_on=on,
        reason=reason.strip(),
        actor=actor,
    )
    audit_record(
        actor=actor,
        action="participation.match_move",
        target=match,
        details={"from": from_stage, "to": to_stage, "end_reason": end_reason or None},
    )
    return match


@transaction.atomic
def match_update(*, actor: User, match: Match, contact_name: str, notes: str) -> Match:
    """The receiving contact person and the notes of a match."""
    changes = {}
    for name, value in (("contact_name", contact_name), ("notes", notes)):
        if getattr(match, name) != value:
            changes[name] = value
            setattr(match, name, value)
    if changes:
        match.save(update_fields=[*changes, "updated_at"])
        audit_record(
            actor=actor,
            action="participation.match_update",
            target=match,
            details={"fields": changed_fields(changes)},
        )
    return match


@transaction.atomic
def follow_up_record(
    *,
    actor: User,
    match: Match,
    kind: str,
    done_on: dt.date,
    still_attending: bool,
    note: str = "",
) -> FollowUp:
    """Record a follow-up (1 week, 1 month, 3 months after 参加開始), once each, on a match the
    person has started attending, not before it falls due."""
    if kind not in FollowUpKind.values:
        raise DomainError("フォローアップの時期を選んでください。")
    if match.stage not in ATTENDING_STAGES or match.started_on is None:
        raise DomainError("フォローアップは参加開始の後に記録します。")
    _not_future(done_on, "実施日")
    label = FollowUpKind(kind).label
    if done_on < match.started_on:
        raise DomainError("実施日が参加開始日より前です。")
    if match.follow_ups.filter(kind=kind).exists():
        raise DomainError(f"{label}のフォローアップは記録済みです。")
    follow_up = FollowUp.objects.create(
        match=match,
        kind=kind,
        done_on=done_on,
        still_attending=still_attending,
        note=note,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="participation.follow_up",
        target=match,
        details={"kind": kind, "still_attending": still_attending},
    )
    return follow_up


def due_follow_up(match: Match, recorded: set[str], today: dt.date) -> str | None:
    """The earliest follow-up due (and not recorded) on an attending match, if any."""
    if match.stage not in ATTENDING_STAGES or match.started_on is None:
        return None
    for kind in FollowUpKind.values:
        if kind not in recorded and follow_up_due_on(kind, match.started_on) <= today:
            return kind
    return None


@transaction.atomic
def unmet_need_record(
    *,
    actor: User,
    case: Case | None,
    theme: str,
    area: Area,
    age_band: str,
    category: ServiceCategory | None = None,
    note: str = "",
) -> UnmetNeed:
    """足りない社会資源: recorded from a case, but kept without it — what, where and for whom in
    general terms. A note naming one of the case's people is refused."""
    if case is not None and names_in(note, household_people(case)):
        raise DomainError(NAME_REFUSED)
    need = UnmetNeed.objects.create(
        theme=theme,
        category=category,
        area=area,
        area_code=area.code,
        age_band=age_band,
        note=note,
        recorded_on=_today(),
        recorded_by=actor,
        organization_id=actor.organization_id,
    )
    # No case in the row: the record is anonymous; the audit row says who recorded it.
    audit_record(
        actor=actor,
        action="participation.unmet_need",
        target=need,
        details={"theme": theme, "area": area.code},
    )
    return need
