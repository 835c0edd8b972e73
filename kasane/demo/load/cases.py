"""Loads the named cases through the cases' services and, once, the generated cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kasane.accounts.models import User
from kasane.cases import services as cases
from kasane.cases.models import (
    Assessment,
    Case,
    CaseNote,
    CaseStatus,
    CaseTransition,
    Evaluation,
    PlanStatus,
    SupportPlan,
)
from kasane.core.japanese import add_business_days
from kasane.demo import city
from kasane.demo.generators.cases import generate_cases
from kasane.demo.load.intake import backdate_referral
from kasane.demo.load.meetings import hold_meeting
from kasane.demo.load.story import Story, meeting_spec, named_member
from kasane.intake import services as intake
from kasane.intake.models import (
    IssueCode,
    Referral,
    ReferralEvent,
    ReferralKind,
    ReferralOutcome,
)
from kasane.organizations.models import Organization

# Cases in every status over the generated people.
GENERATED_CASES = 60


def load_cases(now: dt.datetime) -> None:
    """The named cases, through the cases' services (so they are audited), then moved back to
    their place in the story like the intake records. A case already present (a named case of
    its main person) is left as it is."""
    users = {user.username: user for user in User.objects.select_related("organization")}
    organizations = {organization.name: organization for organization in Organization.objects.all()}
    for spec in city.CASES:
        _load_case(spec, users, organizations, now)


def _load_case(
    spec: dict[str, Any],
    users: dict[str, User],
    organizations: dict[str, Organization],
    now: dt.datetime,
) -> None:
    household, person = named_member(spec["household"], spec["person"])
    if Case.objects.filter(main_person=person, created_by__isnull=False).exists():
        return
    story, actor = Story(now), users[spec["by"]]
    lead_name, lead_worker = spec["lead"]
    referral = _referral_from(spec, users)
    if spec["opened"] == "on_acceptance":
        if referral is None or referral.acknowledged_at is None:
            raise LookupError(f"{spec['person']}: opened on acceptance of no accepted referral")
        opened_on = timezone.localdate(referral.acknowledged_at)
    else:
        opened_on = story.ago(spec["opened"])
    case = cases.case_open(
        actor=actor,
        main_person=person,
        household=household,
        programs=spec["programs"],
        lead_organization=organizations[lead_name],
        lead_worker=users[lead_worker],
        summary=spec["summary"],
        opened_on=opened_on,
        consultation=referral.source_consultation if referral else None,
        referral=referral,
    )
    for name, username, role in spec["team"]:
        cases.team_add(
            actor=actor,
            case=case,
            organization=organizations[name],
            role=role,
            worker=users[username],
            joined_on=opened_on,
        )
    for step in spec["steps"]:
        case.refresh_from_db(fields=["status"])
        if case.status == step["to"]:
            continue  # the work moved it there already (an approval moves it to 支援中)
        cases.case_transition(
            actor=actor,
            case=case,
            to_status=step["to"],
            occurred_on=story.ago(step["days_ago"]),
            reason=step.get("reason", ""),
            criteria=step.get("criteria"),
        )
        if step["to"] == CaseStatus.ASSESSMENT:
            _load_assessment(case, spec["assessment"], users, story)
        if step["to"] == CaseStatus.PLANNING:
            _load_plan(case, spec["plan"], users, organizations, story)
    for note in spec.get("notes", []):
        cases.note_add(
            actor=users[note["by"]],
            case=case,
            written_on=story.ago(note["days_ago"]),
            method=note["method"],
            content=note["content"],
            next_action=note.get("next_action", ""),
            next_action_on=story.ahead(note.get("next_action_in")),
            is_sensitive=note.get("sensitive", False),
        )
    if "evaluation" in spec:
        _load_evaluation(case, spec["evaluation"], users, organizations, story)
    _backdate_case(case, spec, story)


def _referral_from(spec: dict[str, Any], users: dict[str, User]) -> Referral | None:
    """The つなぐシート (`sheet`) or the consultation passed to coordination (`request`) the
    case was opened from, by its sender."""
    if "sheet" in spec:
        kind, sender = ReferralKind.SHEET, users[spec["sheet"]]
    elif "request" in spec:
        kind, sender = ReferralKind.COORDINATION, users[spec["request"]]
    else:
        return None
    return Referral.objects.filter(kind=kind, sender=sender).order_by("pk").first()


def _load_assessment(
    case: Case, spec: dict[str, Any], users: dict[str, User], story: Story
) -> None:
    members = {person.full_name: person for person in cases.household_people(case)}
    names = {name for entry in spec["entries"] for name in entry["issues"]}
    codes = IssueCode.objects.in_bulk(list(names), field_name="name")
    cases.assessment_save(
        actor=users[spec["by"]],
        case=case,
        based_on=None,
        assessed_on=story.ago(spec["days_ago"]),
        household_view=spec["household_view"],
        worker_view=spec["worker_view"],
        urgency=spec["urgency"],
        entries=[
            {
                **entry,
                "person": members[entry["person"]],
                "issues": [codes[name] for name in entry["issues"]],
            }
            for entry in spec["entries"]
        ],
    )


def _load_plan(
    case: Case,
    spec: dict[str, Any],
    users: dict[str, User],
    organizations: dict[str, Organization],
    story: Story,
) -> None:
    actor = users[spec["by"]]
    method, consent_days = spec["consent"]
    plan = cases.plan_create(
        actor=actor,
        case=case,
        items=[
            {
                **item,
                "organization": organizations[item["organization"]],
                "worker": users[item["worker"]] if item.get("worker") else None,
            }
            for item in spec["items"]
        ],
        goal=spec["goal"],
        direction=spec["direction"],
        includes_participation=spec["includes_participation"],
        includes_outreach=spec["includes_outreach"],
        monitoring_on=story.ahead(spec["monitoring_in"]),
        consent_on=story.ago(consent_days),
        consent_method=method,
    )
    # Drafted on its day, so that an approval on a later day in the story is not refused as
    # dated before the plan was made.
    SupportPlan.objects.filter(pk=plan.pk).update(
        created_at=story.at(story.ago(spec["drafted"]), "11:00")
    )
    plan.refresh_from_db()
    if "approved_at" in spec:
        hold_meeting(meeting_spec(spec["approved_at"]), users, organizations, story)
        return
    approver, approved_days = spec["approved"]
    cases.plan_approve(actor=users[approver], plan=plan, approved_on=story.ago(approved_days))


def _load_evaluation(
    case: Case,
    spec: dict[str, Any],
    users: dict[str, User],
    organizations: dict[str, Organization],
    story: Story,
) -> None:
    plan = case.plans.get(status=PlanStatus.APPROVED)
    items = list(plan.items.all())
    evaluated_on = story.ago(spec["days_ago"])
    evaluation = cases.evaluation_record(
        actor=users[spec["by"]],
        case=case,
        evaluated_on=evaluated_on,
        goal_attainment=spec["goal_attainment"],
        changes=spec["changes"],
        decision=spec["decision"],
        reason=spec["reason"],
        items=[
            {"plan_item": item, "attainment": attainment}
            for item, attainment in zip(items, spec["items"], strict=True)
        ],
        closing_reason=spec.get("closing_reason", ""),
        handback_organization=organizations[spec["handback"]] if "handback" in spec else None,
        follow_up_on=story.ahead(spec.get("follow_up_in")),
    )
    if evaluation.handback_referral is not None:
        receiver = users[spec["handback_received_by"]]
        _answer_handback(evaluation.handback_referral, receiver, case, evaluated_on, story)


def _answer_handback(
    referral: Referral, receiver: User, case: Case, evaluated_on: dt.date, story: Story
) -> None:
    """The earlier つなぎ戻し was taken up long ago: 受理, linked, under way and 支援開始."""
    intake.referral_acknowledge(actor=receiver, referral=referral)
    intake.referral_link_person(actor=receiver, referral=referral, person=case.main_person)
    intake.referral_start(actor=receiver, referral=referral)
    intake.referral_complete(
        actor=receiver, referral=referral, outcome=ReferralOutcome.SUPPORT_STARTED
    )
    accepted_at = story.at(add_business_days(evaluated_on, 1), "09:30")
    backdate_referral(
        referral,
        {
            ReferralEvent.Kind.SENT: story.at(evaluated_on, "16:00"),
            ReferralEvent.Kind.ACCEPTED: accepted_at,
            ReferralEvent.Kind.PERSON_LINKED: accepted_at + dt.timedelta(minutes=10),
            ReferralEvent.Kind.IN_PROGRESS: accepted_at + dt.timedelta(hours=1),
            ReferralEvent.Kind.COMPLETED: story.at(add_business_days(evaluated_on, 5), "11:00"),
        },
    )


def _backdate_case(case: Case, spec: dict[str, Any], story: Story) -> None:
    """Move the case's records back to the days they carry (the services stamp the time of
    loading); the audit rows keep the real time."""
    times = [_opened_at(case, story)]
    Case.objects.filter(pk=case.pk).update(created_at=times[0])
    if case.referral is not None:  # opening the case put its referral under way
        # Not before the referral's own last step (a sheet may come in about an open case).
        last = case.referral.events.filter(at__lt=story.now).order_by("-at").first()
        at = max(times[0], last.at if last else times[0]) + dt.timedelta(minutes=1)
        ReferralEvent.objects.filter(
            referral=case.referral,
            kind__in=[ReferralEvent.Kind.IN_PROGRESS, ReferralEvent.Kind.CASE_OPENED],
            at__gte=story.now,
        ).update(at=min(at, story.now))
    # In the order they were made: a meeting's may already be backdated.
    transitions = case.transitions.select_related("meeting").order_by("pk")
    for minute, transition in enumerate(transitions):
        # A meeting's decision moves the case when its minutes are confirmed.
        if transition.meeting is not None and transition.meeting.confirmed_at is not None:
            at = transition.meeting.confirmed_at + dt.timedelta(minutes=minute)
        else:
            at = max(story.at(transition.occurred_on, "10:00"), times[0])
            at += dt.timedelta(minutes=minute)
        CaseTransition.objects.filter(pk=transition.pk).update(at=at)
        times.append(at)
    for assessment in case.assessments.all():
        at = story.at(assessment.assessed_on, "17:00")
        Assessment.objects.filter(pk=assessment.pk).update(created_at=at)
        times.append(at)
    for plan in case.plans.all():
        at = story.at(plan.approved_on or story.today, "16:00")
        drafted = story.at(story.ago(spec["plan"]["drafted"]), "11:00")
        SupportPlan.objects.filter(pk=plan.pk).update(created_at=min(drafted, at), updated_at=at)
        times.append(at)
    for note in case.notes.all():
        at = story.at(note.written_on, "17:30")
        CaseNote.objects.filter(pk=note.pk).update(created_at=at)
        times.append(at)
    for evaluation in case.evaluations.all():
        at = story.at(evaluation.evaluated_on, "15:00")
        Evaluation.objects.filter(pk=evaluation.pk).update(created_at=at)
        times.append(at)
    Case.objects.filter(pk=case.pk).update(updated_at=max(times))


def _opened_at(case: Case, story: Story) -> dt.datetime:
    """A case is opened in the morning, or after the referral it comes from was accepted."""
    at = story.at(case.opened_on, "09:00")
    accepted = case.referral.acknowledged_at if case.referral is not None else None
    if accepted is not None and timezone.localdate(accepted) == case.opened_on:
        at = min(max(at, accepted + dt.timedelta(minutes=30)), story.now)
    return at


def load_generated_cases(people: int) -> None:
    """Generated cases carry no `created_by`; the named ones always do. Added once, with the
    generated people they are about."""
    if people <= 0 or Case.objects.filter(created_by__isnull=True).exists():
        return
    # `outsider` stays on no case (the contract), so their organisation leads none.
    generate_cases(GENERATED_CASES, seed=2026, exclude=(city.USERS["outsider"][1],))
