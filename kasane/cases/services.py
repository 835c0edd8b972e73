"""Writes on cases. Each service checks its rule, saves and writes its audit row in one
transaction; refusals are `DomainError`s with a Japanese message.

The status moves only along `TRANSITIONS`; some steps need something on record first:
支援決定 the screening criteria, 対象外 a reason, プラン作成 an assessment, 支援中 an approved
plan, and 終結 an evaluation (it is reached only through `evaluation_record`).

The status follows the work: saving an assessment, a plan and approving it move the case along
the same path by themselves (`_follow_work`), step by step through `case_transition`, so each
move is checked and audited like a pressed step button."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.accounts.roles import Role
from kasane.audit.services import audit_record, changed_fields
from kasane.cases.areas import place_case
from kasane.cases.models import (
    ENDED_STATUSES,
    Assessment,
    AssessmentEntry,
    Case,
    CaseNote,
    CaseProgram,
    CaseReferral,
    CaseStatus,
    CaseTeamMember,
    CaseTransition,
    ClosingReason,
    Evaluation,
    EvaluationDecision,
    EvaluationItem,
    NoteMethod,
    PlanItem,
    PlanStatus,
    ScreeningCriterion,
    SupportPlan,
    TeamRole,
)
from kasane.core.changes import apply_changes
from kasane.core.errors import DomainError, StaleEdit, check_version
from kasane.core.japanese import wareki
from kasane.intake.models import (
    Consultation,
    Referral,
    ReferralEvent,
    ReferralKind,
)
from kasane.intake.services import (
    referral_case_opened,
    referral_link_person,
    referral_send,
    referral_take_up,
)
from kasane.notices import rules as notices
from kasane.organizations.models import Organization
from kasane.organizations.models import Program as OrganizationProgram
from kasane.people.consent import ConsentMissing
from kasane.people.models import Household, HouseholdMember, Person, lives_with_restricted

if TYPE_CHECKING:  # meetings build on cases: a decision passes its meeting in
    from kasane.meetings.models import Meeting

S = CaseStatus
TRANSITIONS: dict[str, set[str]] = {
    S.RECEIVED: {S.SCREENING},
    S.SCREENING: {S.DECIDED, S.NOT_ELIGIBLE},
    S.DECIDED: {S.ASSESSMENT, S.SUSPENDED},
    S.ASSESSMENT: {S.PLANNING, S.SUSPENDED},
    S.PLANNING: {S.SUPPORT, S.SUSPENDED},
    S.SUPPORT: {S.MONITORING, S.REPLANNING, S.CLOSED, S.SUSPENDED},
    S.MONITORING: {S.SUPPORT, S.REPLANNING, S.CLOSED, S.SUSPENDED},
    S.REPLANNING: {S.SUPPORT, S.SUSPENDED},
    S.NOT_ELIGIBLE: set(),
    S.CLOSED: set(),
    S.SUSPENDED: set(),
}
EVALUATION_STATUSES = (S.SUPPORT, S.MONITORING)
PLAN_FIELDS = (
    "goal",
    "direction",
    "includes_participation",
    "includes_outreach",
    "monitoring_on",
    "consent_on",
    "consent_method",
)
ITEM_FIELDS = ("issue", "support", "organization", "worker", "frequency")
NOTE_FIELDS = ("written_on", "method", "content", "next_action", "next_action_on", "is_sensitive")


def case_people(case: Case) -> QuerySet[Any]:
    """Whom a page or a change of the case shows or touches, for its audit row: the current
    members of its household (the main person comes with the case itself). A query, not a
    list: `audit_record` reads it inside its insert, so no page spends a query on it."""
    members = HouseholdMember.objects.filter(left_on__isnull=True)
    if case.household_id is None:
        members = members.none()
    else:
        members = members.filter(household_id=case.household_id)
    return members.values("person_id")


def _audit_case(*, target: Case, **kwargs: Any) -> None:
    """A change of a case is a change about its household: link its people (issue 13.1)."""
    audit_record(target=target, people=case_people(target), **kwargs)


def _today() -> dt.date:
    return timezone.localdate()


def _not_future(value: dt.date | None, what: str) -> None:
    if value and value > _today():
        raise DomainError(f"{what}が未来の日付です。")


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _check_open(case: Case) -> None:
    if case.status in ENDED_STATUSES:
        raise DomainError("終了したケースは変更できません。")


# --- Opening and the team ---------------------------------------------------------------------


@transaction.atomic
def case_open(
    *,
    actor: User,
    main_person: Person,
    household: Household | None,
    programs: list[str],
    lead_organization: Organization,
    lead_worker: User | None = None,
    summary: str = "",
    opened_on: dt.date | None = None,
    consultation: Consultation | None = None,
    referral: Referral | None = None,
) -> Case:
    """Open a case (受付) with its 主担当; a coordinator opening it for another organisation
    joins as 多機関協働担当."""
    opened_on = opened_on or _today()
    _not_future(opened_on, "受付日")
    if not programs or not set(programs) <= set(CaseProgram.values):
        raise DomainError("ケースの事業を一つ以上選んでください。")
    if (
        household is not None
        and not household.members.filter(person=main_person, left_on__isnull=True).exists()
    ):
        raise DomainError("主たる本人がその世帯の世帯員ではありません。")
    if lead_worker is not None and lead_worker.organization_id != lead_organization.pk:
        raise DomainError("主担当の担当者は主担当機関の職員から選んでください。")
    if lead_organization.pk != main_person.organization_id and not access.consent_covers(
        main_person, lead_organization
    ):
        raise ConsentMissing(
            f"{main_person.full_name}さんの同意が{lead_organization.name}との共有を含んでいません。"
            "本人を登録した機関を主担当にするか、同意を記録してください。",
            [main_person],
        )
    case = Case(
        main_person=main_person,
        household=household,
        programs=sorted(set(programs)),
        summary=summary,
        opened_on=opened_on,
        consultation=consultation,
        referral=referral,
        created_by=actor,
    )
    place_case(case)
    case.save()
    lead = CaseTeamMember.objects.create(
        case=case,
        organization=lead_organization,
        worker=lead_worker,
        role=TeamRole.LEAD,
        joined_on=opened_on,
        added_by=actor,
    )
    if Role.COORDINATOR in actor.roles and actor.organization_id != lead_organization.pk:
        CaseTeamMember.objects.create(
            case=case,
            organization_id=actor.organization_id,
            worker=actor,
            role=TeamRole.COORDINATION,
            joined_on=opened_on,
            added_by=actor,
        )
    CaseTransition.objects.create(
        case=case, to_status=S.RECEIVED, occurred_on=opened_on, actor=actor
    )
    if referral is not None:  # its sender is told 支援開始
        referral_case_opened(actor=actor, referral=referral, case_label=f"ケース番号 {case.pk}")
    _audit_case(
        actor=actor,
        action="case.open",
        target=case,
        details={
            "person": main_person.pk,
            "household": household.pk if household else None,
            "programs": case.programs,
            "lead": lead_organization.name,
        },
    )
    # The coordinator who joins as 多機関協働担当 is the one opening it: only the lead is told.
    notices.team_joined(actor=actor, member=lead)
    return case


@transaction.atomic
def team_add(
    *,
    actor: User,
    case: Case,
    organization: Organization,
    role: str,
    worker: User | None = None,
    joined_on: dt.date | None = None,
    meeting: Meeting | None = None,
) -> CaseTeamMember:
    """An organisation joins the team. Sharing the case with it rests on the main person's
    consent (DOMAIN.md §5) or on a 支援会議 decision, whose members are under pledge: then the
    membership records that meeting. Coordination joins without: it is where cases without
    consent are brought."""
    case = _lock(case)
    _check_open(case)
    joined_on = joined_on or _today()
    _not_future(joined_on, "参加日")
    if worker is not None and worker.organization_id != organization.pk:
        raise DomainError("担当者はその機関の職員から選んでください。")
    current = case.team.filter(left_on__isnull=True)
    if current.filter(organization=organization, role=role).exists():
        raise DomainError("その機関は既に同じ役割でチームにいます。")
    if role == TeamRole.LEAD and current.filter(role=TeamRole.LEAD).exists():
        raise DomainError("主担当は一つの機関です。今の主担当の離脱を先に記録してください。")
    if (
        role == TeamRole.COORDINATION
        and OrganizationProgram.COORDINATION not in organization.programs
    ):
        raise DomainError("多機関協働担当には、多機関協働事業を担う機関を選んでください。")
    on_team = current.filter(organization=organization).exists()
    backed_by_meeting = meeting is not None and meeting.shares_without_consent
    if (
        role != TeamRole.COORDINATION
        and not on_team
        and not backed_by_meeting
        and not access.consent_covers(case.main_person, organization)
    ):
        raise ConsentMissing(
            f"{case.main_person.full_name}さんの同意が{organization.name}との共有を含んでいません。"
            "同意を記録するか、支援会議で決めてください。",
            [case.main_person],
        )
    member = CaseTeamMember.objects.create(
        case=case,
        organization=organization,
        worker=worker,
        role=role,
        joined_on=joined_on,
        added_by=actor,
        meeting=meeting,
    )
    _audit_case(
        actor=actor,
        action="case.team_add",
        target=case,
        details={
            "organization": organization.name,
            "role": role,
            "worker": worker and worker.pk,
            "meeting": meeting and meeting.pk,
        },
    )
    if meeting is None:  # a meeting's decision is told with its task (meetings' `_apply_role`)
        notices.team_joined(actor=actor, member=member)
    return member


@transaction.atomic
def team_leave(*, actor: User, member: CaseTeamMember, left_on: dt.date | None = None) -> None:
    _check_open(_lock(member.case))
    member = CaseTeamMember.objects.select_for_update().get(pk=member.pk)
    left_on = left_on or _today()
    _not_future(left_on, "離脱日")
    if member.role == TeamRole.LEAD:
        raise DomainError("主担当は離脱できません。先に別の機関を主担当として加えてください。")
    if member.left_on is not None:
        raise DomainError("既にチームを離れています。")
    if left_on < member.joined_on:
        raise DomainError("離脱日が参加日より前です。")
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    _audit_case(
        actor=actor,
        action="case.team_leave",
        target=member.case,
        details={"organization": member.organization.name, "role": member.role},
    )
    notices.team_left(actor=actor, member=member)


# --- つなぎ about a case's people ---------------------------------------------------------------


@transaction.atomic
def case_attach_referral(*, actor: User, case: Case, referral: Referral) -> CaseReferral:
    """The receiver attaches a つなぎ about someone who already has a case to that case, rather
    than opening another: the referral is linked to the case's main person if it was not
    linked yet, put under way (受理, 対応中) and marks the case in its history."""
    case = _lock(case)
    _check_open(case)
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if not locked.is_open:
        raise DomainError("完了・差戻し済みのつなぎは結び付けられません。")
    people = {person.pk for person in household_people(case)} | {case.main_person_id}
    if locked.person_id is not None and locked.person_id not in people:
        raise DomainError("このつなぎの本人は、このケースの世帯にいません。")
    if CaseReferral.objects.filter(case=case, referral=locked).exists():
        raise DomainError("このつなぎは既にこのケースに結び付いています。")
    if locked.person_id is None:
        referral_link_person(actor=actor, referral=referral, person=case.main_person)
    referral_take_up(actor=actor, referral=locked)  # the sender is told once
    attached = CaseReferral.objects.create(case=case, referral=referral, attached_by=actor)
    ReferralEvent.objects.create(
        referral=referral,
        kind=ReferralEvent.Kind.CASE_ATTACHED,
        actor=actor,
        at=timezone.now(),
        note=f"ケース番号 {case.pk}",
    )
    case.save(update_fields=["updated_at"])
    audit_record(
        actor=actor,
        action="referral.attach_case",
        target=referral,
        details={"case": case.pk, "person": referral.person_id},
    )
    return attached


# --- Status -----------------------------------------------------------------------------------


def _replanning_since(case: Case) -> dt.datetime | None:
    last = case.transitions.filter(to_status=S.REPLANNING).order_by("-at").first()
    return last.at if last else None


def _check_transition(
    case: Case, to_status: str, reason: str, criteria: list[str], referred_to
) -> None:
    if to_status not in TRANSITIONS[S(case.status)]:
        raise DomainError(
            f"「{case.get_status_display()}」から「{S(to_status).label}」には進めません。"
        )
    if to_status == S.DECIDED and not criteria:
        raise DomainError(
            "支援決定には、スクリーニングで当てはまった判断を一つ以上選んでください。"
        )
    if criteria and not set(criteria) <= set(ScreeningCriterion.values):
        raise DomainError("スクリーニングの判断が正しくありません。")
    if to_status in (S.NOT_ELIGIBLE, S.SUSPENDED) and not reason.strip():
        raise DomainError(f"「{S(to_status).label}」には理由を入力してください。")
    if to_status == S.PLANNING and not case.assessments.exists():
        raise DomainError("プラン作成に進むには、アセスメントを記録してください。")
    if to_status == S.SUPPORT:
        approved = case.plans.filter(status=PlanStatus.APPROVED).first()
        if approved is None:
            raise DomainError("支援中に進むには、承認済みの支援プランが必要です。")
        since = _replanning_since(case) if case.status == S.REPLANNING else None
        if since and approved.updated_at < since:
            raise DomainError("再プランの後に承認された支援プランが必要です。")
    if to_status == S.CLOSED:
        raise DomainError("終結は、評価を記録して判断します。")


def check_transition(
    *,
    case: Case,
    to_status: str,
    reason: str = "",
    criteria: list[str] | None = None,
    referred_to: Organization | None = None,
) -> None:
    """The rules of `case_transition` without moving: a page asks for confirmation only of a
    step that can be taken (raises `DomainError` otherwise)."""
    _check_transition(case, to_status, reason, list(criteria or []), referred_to)


@transaction.atomic
def case_transition(
    *,
    actor: User,
    case: Case,
    to_status: str,
    occurred_on: dt.date | None = None,
    reason: str = "",
    criteria: list[str] | None = None,
    referred_to: Organization | None = None,
    meeting: Meeting | None = None,
) -> CaseTransition:
    case = _lock(case)
    occurred_on = occurred_on or _today()
    _not_future(occurred_on, "日付")
    criteria = list(criteria or [])
    _check_transition(case, to_status, reason, criteria, referred_to)
    return _move(actor, case, to_status, occurred_on, reason, criteria, referred_to, meeting)


# Where the work takes the case: the step each status moves to when the work of the next status
# is recorded (an assessment, a plan draft, an approval). Nothing moves backwards or skips a step.
WORK_STEPS: dict[str, str] = {
    S.DECIDED: S.ASSESSMENT,
    S.ASSESSMENT: S.PLANNING,
    S.PLANNING: S.SUPPORT,
    S.REPLANNING: S.SUPPORT,
}
WORK_RANK: dict[str, int] = {S.ASSESSMENT: 1, S.PLANNING: 2, S.SUPPORT: 3}


def _follow_work(
    actor: User,
    case: Case,
    up_to: str,
    on: dt.date,
    reason: str,
    meeting: Meeting | None = None,
) -> None:
    """Move the case along its path up to `up_to`, one step at a time, while each step's rule
    holds (the same `case_transition` the step buttons use). A case before 支援決定 or past
    `up_to` stays where it is: the screening decision is the team's, and nothing goes back."""
    while True:
        case.refresh_from_db(fields=["status"])
        step = WORK_STEPS.get(case.status)
        if step is None or WORK_RANK[step] > WORK_RANK[up_to]:
            return
        try:
            _check_transition(case, step, reason, [], None)
        except DomainError:
            return  # something the step needs is not on record yet
        last = case.transitions.aggregate(last=Max("occurred_on"))["last"]
        case_transition(
            actor=actor,
            case=case,
            to_status=step,
            occurred_on=max(on, last) if last else on,
            reason=reason,
            meeting=meeting,
        )


def _move(
    actor: User,
    case: Case,
    to_status: str,
    occurred_on: dt.date,
    reason: str,
    criteria: list[str] | None = None,
    referred_to: Organization | None = None,
    meeting: Meeting | None = None,
    closing_reason: str = "",
) -> CaseTransition:
    """Record the step and keep the case's own fields in line with its status: the end date,
    and 終結の理由 on a closed case only (cleared on any other move)."""
    transition = CaseTransition.objects.create(
        case=case,
        from_status=case.status,
        to_status=to_status,
        occurred_on=occurred_on,
        reason=reason.strip(),
        actor=actor,
        meeting=meeting,
    )
    fields = ["status", "updated_at"]
    case.status = to_status
    if to_status in (S.DECIDED, S.NOT_ELIGIBLE) and criteria is not None:
        case.screening_criteria = criteria
        fields.append("screening_criteria")
    if to_status == S.NOT_ELIGIBLE:
        case.not_eligible_reason, case.referred_to = reason.strip(), referred_to
        fields += ["not_eligible_reason", "referred_to"]
    if to_status in ENDED_STATUSES:
        case.ended_on, case.next_monitoring_on = occurred_on, None
        fields += ["ended_on", "next_monitoring_on"]
    closing_reason = closing_reason if to_status == S.CLOSED else ""
    if case.closing_reason != closing_reason:
        case.closing_reason = closing_reason
        fields.append("closing_reason")
    case.save(update_fields=fields)
    _audit_case(
        actor=actor,
        action="case.transition",
        target=case,
        reason=reason.strip(),
        details={
            "from": transition.from_status,
            "to": to_status,
            "on": occurred_on.isoformat(),
            "criteria": criteria or [],
            "meeting": meeting and meeting.pk,
        },
    )
    return transition


@transaction.atomic
def case_update(*, actor: User, case: Case, loaded_at: str, **values: Any) -> dict[str, list[Any]]:
    case = _lock(case)
    check_version(case.updated_at, loaded_at)
    if case.is_ended:
        values = {name: value for name, value in values.items() if name == "follow_up_on"}
    if "programs" in values and not values["programs"]:
        raise DomainError("ケースの事業を一つ以上選んでください。")
    changes = apply_changes(case, ("programs", "summary", "follow_up_on"), values)
    if changes:
        case.save(update_fields=[*changes, "updated_at"])
        _audit_case(
            actor=actor,
            action="case.update",
            target=case,
            details={"fields": changed_fields(changes)},
        )
    return changes


# --- Assessment -------------------------------------------------------------------------------


def household_people(case: Case) -> list[Person]:
    """Whom the assessment covers: the current members of the household (the main person
    first), or the main person alone."""
    if case.household_id is None:
        return [case.main_person]
    members = (
        HouseholdMember.objects.filter(household_id=case.household_id, left_on__isnull=True)
        .select_related("person")
        .order_by("-is_key_person", "pk")
    )
    people = [member.person for member in members]
    people.sort(key=lambda person: person.pk != case.main_person_id)
    return people


@transaction.atomic
def assessment_save(
    *,
    actor: User,
    case: Case,
    based_on: int | None,
    assessed_on: dt.date,
    household_view: str,
    worker_view: str,
    urgency: str,
    entries: list[dict[str, Any]],
) -> Assessment:
    """Save the assessment as a new version. `based_on` is the version the form was opened
    with: when someone saved a newer one meanwhile, the save is refused (StaleEdit) and the
    input is kept."""
    case = _lock(case)
    _check_open(case)
    _not_future(assessed_on, "アセスメント日")
    latest = case.assessments.aggregate(latest=Max("version"))["latest"]
    if latest is not None and based_on != latest:
        raise StaleEdit(str(latest))
    allowed = {person.pk for person in household_people(case)}
    if any(entry["person"].pk not in allowed for entry in entries):
        raise DomainError("アセスメントは、この世帯の世帯員について記録してください。")
    shown = access.people_shown_to(actor, allowed)
    if any(entry["person"].pk not in shown for entry in entries):
        raise DomainError("情報共有の同意がない世帯員については記録できません。")
    assessment = Assessment.objects.create(
        case=case,
        version=(latest or 0) + 1,
        assessed_on=assessed_on,
        household_view=household_view,
        worker_view=worker_view,
        urgency=urgency,
        created_by=actor,
    )
    for entry in entries:
        row = AssessmentEntry.objects.create(
            assessment=assessment,
            person=entry["person"],
            wishes=entry.get("wishes", ""),
            strengths=entry.get("strengths", ""),
            risks=entry.get("risks", ""),
            notes=entry.get("notes", ""),
        )
        row.issues.set(entry.get("issues", []))
    carried = _carry_over_entries(case, latest, assessment, allowed - shown)
    case.save(update_fields=["updated_at"])
    _audit_case(
        actor=actor,
        action="case.assessment_save",
        target=case,
        details={
            "version": assessment.version,
            "people": [e["person"].pk for e in entries],
            "carried_over": carried,
        },
    )
    _follow_work(
        actor, case, S.ASSESSMENT, assessed_on, f"アセスメント第{assessment.version}版を記録"
    )
    return assessment


def _carry_over_entries(
    case: Case, latest: int | None, assessment: Assessment, people: set[int]
) -> list[int]:
    """The new version keeps, unchanged, the entries about members whose record the actor may
    not see (the form does not show them, so the save must not drop them)."""
    if latest is None or not people:
        return []
    previous = AssessmentEntry.objects.filter(
        assessment__case=case, assessment__version=latest, person_id__in=people
    ).prefetch_related("issues")
    carried = []
    for old in previous:
        row = AssessmentEntry.objects.create(
            assessment=assessment,
            person_id=old.person_id,
            wishes=old.wishes,
            strengths=old.strengths,
            risks=old.risks,
            notes=old.notes,
        )
        row.issues.set(old.issues.all())
        carried.append(old.person_id)
    return carried


# --- Support plan -----------------------------------------------------------------------------


def plan_base(case: Case) -> SupportPlan:
    """What a new version starts from, not saved: a copy of the approved plan to revise (its
    items are those of `approved`), or an empty first plan."""
    approved = case.plans.filter(status=PlanStatus.APPROVED).first()
    return SupportPlan(
        case=case,
        goal=approved.goal if approved else "",
        direction=approved.direction if approved else "",
        includes_participation=approved.includes_participation if approved else False,
        includes_outreach=approved.includes_outreach if approved else False,
    )


@transaction.atomic
def plan_create(
    *, actor: User, case: Case, items: list[dict[str, Any]], **values: Any
) -> SupportPlan:
    """Save a new version (下書き) as the user wrote it: nothing exists before this save, so
    leaving the editor leaves no empty draft behind. Saving the first plan moves the case to
    プラン作成 (see `_follow_work`)."""
    case = _lock(case)
    _check_open(case)
    if case.plans.filter(status=PlanStatus.DRAFT).exists():
        raise DomainError("下書きの支援プランが既にあります。そちらを編集してください。")
    _check_items(case, items)
    approved = case.plans.filter(status=PlanStatus.APPROVED).first()
    latest = case.plans.aggregate(latest=Max("version"))["latest"] or 0
    plan = SupportPlan(case=case, version=latest + 1, created_by=actor)
    apply_changes(plan, PLAN_FIELDS, values)
    plan.save()
    PlanItem.objects.bulk_create(
        PlanItem(plan=plan, order=order, **_item_values(item))
        for order, item in enumerate(items, start=1)
    )
    _audit_case(
        actor=actor,
        action="case.plan_draft",
        target=case,
        details={
            "version": plan.version,
            "from": approved.version if approved else None,
            "items": len(items),
        },
    )
    _follow_work(actor, case, S.PLANNING, _today(), f"支援プラン第{plan.version}版を作成")
    return plan


def _check_items(case: Case, items: list[dict[str, Any]]) -> None:
    for item in items:
        if not item.get("issue", "").strip() or not item.get("support", "").strip():
            raise DomainError("プランの項目には、課題と支援内容を入力してください。")
        worker = item.get("worker")
        if worker is not None and worker.organization_id != item["organization"].pk:
            raise DomainError("担当者は担当機関の職員から選んでください。")


@transaction.atomic
def plan_save(
    *, actor: User, plan: SupportPlan, loaded_at: str, items: list[dict[str, Any]], **values: Any
) -> SupportPlan:
    """Save the draft. A newer save by someone else refuses this one (StaleEdit)."""
    plan = SupportPlan.objects.select_for_update().select_related("case").get(pk=plan.pk)
    _check_open(plan.case)
    if plan.status != PlanStatus.DRAFT:
        raise DomainError("承認済みのプランは変更できません。新しい版を作ってください。")
    check_version(plan.updated_at, loaded_at)
    _check_items(plan.case, items)
    changes = apply_changes(plan, PLAN_FIELDS, values)
    before = [_item_text(item) for item in plan.items.all()]
    after = [_item_text(item) for item in items]
    if before != after:
        plan.items.all().delete()
        PlanItem.objects.bulk_create(
            PlanItem(plan=plan, order=order, **_item_values(item))
            for order, item in enumerate(items, start=1)
        )
        changes["items"] = [before, after]
    if changes:
        plan.save()
        _audit_case(
            actor=actor,
            action="case.plan_save",
            target=plan.case,
            details={"version": plan.version, "fields": changed_fields(changes)},
        )
    _follow_work(actor, plan.case, S.PLANNING, _today(), f"支援プラン第{plan.version}版を作成")
    return plan


def _item_values(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "issue": item.get("issue", "").strip(),
        "support": item.get("support", "").strip(),
        "organization": item["organization"],
        "worker": item.get("worker"),
        "frequency": item.get("frequency", "").strip(),
    }


def _item_text(item: Any) -> str:
    """One plan item as a line, to tell whether a save changed the items (the audit keeps only
    that they changed, not the text)."""

    def get(name: str) -> Any:
        return item.get(name) if isinstance(item, dict) else getattr(item, name)

    worker = get("worker")
    return " / ".join(
        [
            get("issue") or "",
            get("support") or "",
            str(get("organization") or ""),
            worker.full_name if worker else "",
            get("frequency") or "",
        ]
    )


def check_approval(*, plan: SupportPlan, approved_on: dt.date) -> None:
    """What an approval needs (raises `DomainError`): a draft of an open case with the goal, an
    item and the person's consent, dated neither in the future nor before the plan was made or
    consented to. A page asks for confirmation only of an approval that can be made."""
    _not_future(approved_on, "承認日")
    if plan.status != PlanStatus.DRAFT:
        raise DomainError("承認できるのは下書きのプランだけです。")
    _check_open(plan.case)
    if not plan.goal.strip():
        raise DomainError("本人の目標を入力してから承認してください。")
    if not plan.items.exists():
        raise DomainError("支援の項目を一つ以上入力してから承認してください。")
    if not (plan.consent_on and plan.consent_method):
        raise DomainError("本人の同意（同意日と方法）を記録してから承認してください。")
    made_on = timezone.localdate(plan.created_at)
    if approved_on < made_on:
        raise DomainError(
            f"承認日（{wareki(approved_on)}）が、このプランを作った日（{wareki(made_on)}）より"
            "前です。承認日を確かめてください。"
        )
    if approved_on < plan.consent_on:
        raise DomainError(
            f"承認日（{wareki(approved_on)}）が、本人の同意日（{wareki(plan.consent_on)}）より"
            "前です。同意を得てから承認してください。"
        )


@transaction.atomic
def plan_approve(
    *,
    actor: User,
    plan: SupportPlan,
    approved_on: dt.date | None = None,
    meeting: Meeting | None = None,
) -> SupportPlan:
    """承認: a 重層的支援会議 approves the plan when its minutes are confirmed (`meeting`), or the
    coordinator records an approval agreed outside Kasane (持ち回り). The approved plan it
    replaces becomes 改定済."""
    _lock(plan.case)
    plan = SupportPlan.objects.select_for_update().select_related("case").get(pk=plan.pk)
    approved_on = approved_on or _today()
    check_approval(plan=plan, approved_on=approved_on)
    previous = plan.case.plans.filter(status=PlanStatus.APPROVED).first()
    if previous is not None:
        previous.status = PlanStatus.SUPERSEDED
        previous.save(update_fields=["status", "updated_at"])
    plan.status = PlanStatus.APPROVED
    plan.approved_on, plan.approved_by, plan.approved_meeting = approved_on, actor, meeting
    plan.save(
        update_fields=["status", "approved_on", "approved_by", "approved_meeting", "updated_at"]
    )
    _set_next_monitoring(plan.case, plan.monitoring_on)
    _audit_case(
        actor=actor,
        action="case.plan_approve",
        target=plan.case,
        details={
            "version": plan.version,
            "superseded": previous.version if previous else None,
            "meeting": meeting and meeting.pk,
        },
    )
    notices.plan_approved(actor=actor, plan=plan)
    where = f"{meeting.title}（{meeting.kind_short}）で" if meeting else ""
    reason = f"{where}支援プラン第{plan.version}版を承認"
    _follow_work(actor, plan.case, S.SUPPORT, approved_on, reason, meeting)
    return plan


def _set_next_monitoring(case: Case, monitoring_on: dt.date | None) -> None:
    """Keep `Case.next_monitoring_on` equal to the approved plan's monitoring date (the case
    list reads it from the row). Only an open case has one: `_move` clears it at the end."""
    case.next_monitoring_on = monitoring_on
    case.save(update_fields=["next_monitoring_on", "updated_at"])


@transaction.atomic
def plan_set_monitoring(
    *, actor: User, case: Case, monitoring_on: dt.date, meeting: Meeting | None = None
) -> SupportPlan:
    """The next monitoring date of the approved plan (a meeting's decision)."""
    case = _lock(case)
    _check_open(case)
    plan = case.plans.select_for_update().filter(status=PlanStatus.APPROVED).first()
    if plan is None:
        raise DomainError("モニタリング日を決めるには、承認済みの支援プランが必要です。")
    plan.monitoring_on = monitoring_on
    plan.save(update_fields=["monitoring_on", "updated_at"])
    _set_next_monitoring(case, monitoring_on)
    _audit_case(
        actor=actor,
        action="case.plan_save",
        target=case,
        details={
            "version": plan.version,
            "fields": ["monitoring_on"],
            "meeting": meeting and meeting.pk,
        },
    )
    return plan


# --- Progress notes ---------------------------------------------------------------------------


@transaction.atomic
def note_add(*, actor: User, case: Case, **values: Any) -> CaseNote:
    case = _lock(case)
    _check_open(case)
    _not_future(values.get("written_on"), "日付")
    if not values.get("content", "").strip():
        raise DomainError("内容を入力してください。")
    if values.get("next_action_on") and not values.get("next_action", "").strip():
        raise DomainError("次の対応の予定日を入れたときは、次の対応も入力してください。")
    note = CaseNote(case=case, author=actor, organization_id=actor.organization_id)
    apply_changes(note, NOTE_FIELDS, values)
    note.save()
    if case.last_contact_on is None or note.written_on > case.last_contact_on:
        case.last_contact_on = note.written_on
    case.save(update_fields=["last_contact_on", "updated_at"])
    _audit_case(
        actor=actor,
        action="case.note_add",
        target=case,
        details={"note": note.pk, "method": note.method, "sensitive": note.is_sensitive},
    )
    return note


@transaction.atomic
def meeting_note_add(
    *,
    actor: User,
    case: Case,
    meeting: Meeting,
    organization: Organization,
    content: str,
    task: str = "",
    due_on: dt.date | None = None,
) -> CaseNote:
    """A meeting's decision in the 支援経過, dated the meeting's day. A task (担うこと with its
    期限) is the note's next action, for the organisation that takes it on: it appears in that
    organisation's tasks on the home page. A meeting is not a contact with the person, so the
    case's last contact stays."""
    case = _lock(case)
    _check_open(case)
    note = CaseNote.objects.create(
        case=case,
        written_on=meeting.starts_on,
        method=NoteMethod.MEETING,
        content=content,
        next_action=task.strip()[:200],
        next_action_on=due_on if task.strip() else None,
        author=actor,
        organization=organization,
        meeting=meeting,
    )
    _audit_case(
        actor=actor,
        action="case.note_add",
        target=case,
        details={"note": note.pk, "method": note.method, "meeting": meeting.pk},
    )
    return note


@transaction.atomic
def note_action_done(*, actor: User, note: CaseNote) -> None:
    _check_open(_lock(note.case))
    if note.next_action_done or not note.next_action:
        raise DomainError("済ませる次の対応がありません。")
    note.next_action_done = True
    note.save(update_fields=["next_action_done"])
    _audit_case(
        actor=actor, action="case.note_action_done", target=note.case, details={"note": note.pk}
    )


# --- Evaluation and ending --------------------------------------------------------------------


@transaction.atomic
def evaluation_record(
    *,
    actor: User,
    case: Case,
    evaluated_on: dt.date,
    goal_attainment: str,
    changes: str,
    decision: str,
    reason: str,
    items: list[dict[str, Any]],
    closing_reason: str = "",
    handback_organization: Organization | None = None,
    follow_up_on: dt.date | None = None,
) -> Evaluation:
    """Evaluate the approved plan and decide: 終結 (by つなぎ戻し it names the organisation that
    becomes 主担当 and sends it the handback referral), 再プラン or 中断."""
    case = _lock(case)
    _not_future(evaluated_on, "評価日")
    if case.status not in EVALUATION_STATUSES:
        raise DomainError("評価は、支援中またはモニタリング中のケースについて記録します。")
    plan = case.plans.filter(status=PlanStatus.APPROVED).first()
    if plan is None:
        raise DomainError("評価する承認済みの支援プランがありません。")
    if not reason.strip() or not changes.strip():
        raise DomainError("本人・世帯の変化と判断の理由を入力してください。")
    if decision in (EvaluationDecision.CLOSE, EvaluationDecision.SUSPEND) and not closing_reason:
        raise DomainError("終結・中断の理由を選んでください。")
    handback = closing_reason == ClosingReason.HANDBACK and decision == EvaluationDecision.CLOSE
    if handback and handback_organization is None:
        raise DomainError("つなぎ戻しでは、今後の主担当になる機関を選んでください。")
    plan_items = {item.pk for item in plan.items.all()}
    if any(entry["plan_item"].pk not in plan_items for entry in items):
        raise DomainError("評価の項目が、承認済みのプランの項目と一致しません。")
    evaluation = Evaluation.objects.create(
        case=case,
        plan=plan,
        evaluated_on=evaluated_on,
        goal_attainment=goal_attainment,
        changes=changes,
        decision=decision,
        closing_reason=closing_reason,
        reason=reason.strip(),
        handback_organization=handback_organization if handback else None,
        follow_up_on=follow_up_on,
        created_by=actor,
    )
    EvaluationItem.objects.bulk_create(
        EvaluationItem(evaluation=evaluation, **entry) for entry in items
    )
    _audit_case(
        actor=actor,
        action="case.evaluate",
        target=case,
        details={"evaluation": evaluation.pk, "decision": decision, "closing": closing_reason},
    )
    to_status = {
        EvaluationDecision.CLOSE: S.CLOSED,
        EvaluationDecision.REPLAN: S.REPLANNING,
        EvaluationDecision.SUSPEND: S.SUSPENDED,
    }[EvaluationDecision(decision)]
    evaluation.handback_referral = _end_or_replan(
        actor,
        case,
        to_status,
        evaluated_on,
        reason,
        closing_reason,
        handback_organization if handback else None,
        follow_up_on,
    )
    if evaluation.handback_referral is not None:
        evaluation.save(update_fields=["handback_referral"])
    return evaluation


@transaction.atomic
def case_end(
    *,
    actor: User,
    case: Case,
    to_status: str,
    ended_on: dt.date,
    closing_reason: str,
    reason: str,
    meeting: Meeting,
    handback_organization: Organization | None = None,
    follow_up_on: dt.date | None = None,
) -> Referral | None:
    """終結 or 中断 approved at a meeting: the case ends on the meeting's day with the meeting
    on its transition; by つなぎ戻し the named organisation is sent the handback referral."""
    case = _lock(case)
    if to_status not in (S.CLOSED, S.SUSPENDED):
        raise DomainError("会議で決めるのは終結か中断です。")
    if closing_reason not in ClosingReason.values:
        raise DomainError("終結・中断の理由を選んでください。")
    if not reason.strip():
        raise DomainError("終結・中断の判断の理由を入力してください。")
    handback = closing_reason == ClosingReason.HANDBACK and to_status == S.CLOSED
    if handback and handback_organization is None:
        raise DomainError("つなぎ戻しでは、今後の主担当になる機関を選んでください。")
    label = ClosingReason(closing_reason).label
    return _end_or_replan(
        actor,
        case,
        to_status,
        ended_on,
        f"{label}：{reason.strip()}",
        closing_reason,
        handback_organization if handback else None,
        follow_up_on,
        meeting,
    )


def _end_or_replan(
    actor: User,
    case: Case,
    to_status: str,
    on: dt.date,
    reason: str,
    closing_reason: str,
    handback_organization: Organization | None,
    follow_up_on: dt.date | None,
    meeting: Meeting | None = None,
) -> Referral | None:
    """Move the case on after an evaluation or a meeting (a closed case keeps the reason);
    a handback also sends the referral to the organisation that becomes 主担当."""
    if to_status not in TRANSITIONS[S(case.status)]:
        raise DomainError(
            f"「{case.get_status_display()}」からは{S(to_status).label}にできません。"
        )
    _move(actor, case, to_status, on, reason, meeting=meeting, closing_reason=closing_reason)
    if follow_up_on:
        case.follow_up_on = follow_up_on
        case.save(update_fields=["follow_up_on", "updated_at"])
    if handback_organization is None:
        return None
    person = case.main_person
    return referral_send(
        actor=actor,
        kind=ReferralKind.HANDBACK,
        receiver=handback_organization,
        subject_name=person.full_name,
        subject_kana=person.full_kana,
        subject_birth_date=person.birth_date,
        subject_contact="" if lives_with_restricted(person) else (person.phone or ""),
        person=person,
        reason=(
            f"多機関協働ケース（{case.title}）の終結により、今後の主担当をお願いします。"
            f"\n\n{reason.strip()}"
        ),
        consent="agreed" if access.consent_covers(person, handback_organization) else "unconfirmed",
        urgency="normal",
    )
