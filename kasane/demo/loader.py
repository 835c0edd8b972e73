"""Loads デモ市 idempotently: running it twice leaves the same city, users and passwords."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kasane.accounts.models import User, UserRole
from kasane.accounts.roles import Role
from kasane.audit.services import audit_record
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
from kasane.core.japanese import (
    add_business_days,
    business_days_between,
    fiscal_year,
    fiscal_year_range,
    is_business_day,
)
from kasane.demo import city
from kasane.intake import services as intake
from kasane.intake.codes import ensure_default_issue_codes
from kasane.intake.models import (
    Consultation,
    IssueCode,
    Referral,
    ReferralEvent,
    ReferralKind,
    ReferralOutcome,
)
from kasane.meetings import services as meetings
from kasane.meetings import texts as pledge_texts
from kasane.meetings.models import (
    AgendaItem,
    ConfidentialityPledge,
    Decision,
    DecisionKind,
    Meeting,
    MeetingBody,
    MeetingParticipant,
    PledgeText,
)
from kasane.meetings.selectors import has_pledge
from kasane.organizations.models import Area, AreaKind, Organization
from kasane.people import services as people
from kasane.people.models import Household, Person


class DemoRefused(Exception):
    pass


@dataclass(frozen=True)
class DemoSummary:
    areas: int
    organizations: int
    users: int
    people: int
    households: int
    consultations: int
    referrals: int
    cases: int
    meetings: int


GENERATED_PEOPLE = 300
# Added with the generated people: about two a day at the windows over a year.
GENERATED_CONSULTATIONS = 800
# Cases in every status over the generated people.
GENERATED_CASES = 60
# Monthly 支援会議 on generated cases before the named one of last month.
GENERATED_MEETING_MONTHS = 5


def load_demo_city(
    *, password: str | None = None, generated: int = GENERATED_PEOPLE
) -> DemoSummary:
    """Create or refresh デモ市. Refused in production: demo users have a known password.
    `generated` fictitious people (in households), and with them a year of consultations,
    cases in every status and monthly 支援会議, are added once, so that lists and search are
    real; the test suite asks for none and works with the named records only."""
    if settings.PRODUCTION:
        raise DemoRefused("KASANE_ENV=production ではデモデータを投入できません。")
    password = password or settings.KASANE_DEMO_PASSWORD
    with transaction.atomic():
        areas = _load_areas()
        organizations = _load_organizations(areas)
        _load_users(organizations, password)
        _load_households(areas)
        _load_generated_people(generated)
        _load_intake(timezone.now())
        _load_generated_consultations(generated)
        # Before the cases: 田中家's plan is approved at a 重層的支援会議 of the register.
        _load_meeting_bodies()
        _load_cases(timezone.now())
        _load_meetings(timezone.now())
        _load_generated_cases(generated)
        _load_generated_meetings(generated, timezone.now())
        summary = DemoSummary(
            areas=Area.objects.count(),
            organizations=Organization.objects.count(),
            users=User.objects.count(),
            people=Person.objects.count(),
            households=Household.objects.count(),
            consultations=Consultation.objects.count(),
            referrals=Referral.objects.count(),
            cases=Case.objects.count(),
            meetings=Meeting.objects.count(),
        )
        audit_record(actor=None, action="demo.load", details=summary.__dict__)
    return summary


def _area(name: str, kana: str, kind: str, parent: Area | None, code: str, order: int) -> Area:
    area, _ = Area.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "kana": kana,
            "kind": kind,
            "parent": parent,
            "sort_order": order,
            "is_active": True,
        },
    )
    return area


def _load_areas() -> dict[str, Area]:
    name, kana, code = city.CITY
    city_area = _area(name, kana, AreaKind.CITY, None, code, 0)
    areas = {name: city_area}
    for s, (sphere_name, sphere_kana, districts) in enumerate(city.SPHERES, start=1):
        sphere = _area(sphere_name, sphere_kana, AreaKind.SPHERE, city_area, f"{s:02}", s)
        areas[sphere_name] = sphere
        for d, (district_name, district_kana, towns) in enumerate(districts, start=1):
            district_code = f"{s:02}-{d:02}"
            district = _area(
                district_name, district_kana, AreaKind.DISTRICT, sphere, district_code, d
            )
            areas[district_name] = district
            number = 0
            for town, chome_count in towns:
                for chome in range(1, chome_count + 1):
                    number += 1
                    town_name = f"{town}{chome}丁目"
                    areas[town_name] = _area(
                        town_name,
                        "",
                        AreaKind.TOWN,
                        district,
                        f"{district_code}-{number:02}",
                        number,
                    )
    return areas


def _load_organizations(areas: dict[str, Area]) -> dict[str, Organization]:
    organizations = {}
    for name, kana, kind, fields, programs, area_name, phone in city.ORGANIZATIONS:
        organizations[name], _ = Organization.objects.update_or_create(
            name=name,
            defaults={
                "kana": kana,
                "kind": kind,
                "fields": [str(f) for f in fields],
                "programs": [str(p) for p in programs],
                "area": areas[area_name] if area_name else None,
                "phone": phone,
                "address": f"デモ市役所 {phone[-4:]}" if kind == "city_department" else "",
                "is_active": True,
            },
        )
    return organizations


def _load_users(organizations: dict[str, Organization], password: str) -> None:
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


DEMO_DATE = dt.date(2026, 4, 1)


def _load_households(areas: dict[str, Area]) -> None:
    """The named households of the contract, through the services (so they are audited and
    indexed like any other). A household already present is left as it is."""
    users = {user.username: user for user in User.objects.select_related("organization")}
    admin = users["admin"]
    for spec in city.HOUSEHOLDS:
        actor = users[spec["by"]]
        if Household.objects.filter(organization=actor.organization, name=spec["name"]).exists():
            continue
        contact = {
            "postal_code": spec["postal_code"],
            "area": areas[spec["town"]],
            "address": spec["address"],
        }
        people_added = []
        for family, given, family_kana, given_kana, sex, born, relation, label, extra in spec[
            "members"
        ]:
            person = Person.objects.filter(
                organization=actor.organization,
                family_name=family,
                given_name=given,
                birth_date=dt.date.fromisoformat(born),
            ).first() or people.person_create(
                actor=actor,
                organization=actor.organization,
                family_name=family,
                given_name=given,
                family_kana=family_kana,
                given_kana=given_kana,
                sex=sex,
                birth_date=dt.date.fromisoformat(born),
                care_level=extra.get("care_level", ""),
                notes=extra.get("notes", ""),
                phone=extra.get("phone", ""),
                **contact,
            )
            if extra.get("consent"):
                people.consent_record(
                    actor=actor,
                    person=person,
                    given_on=DEMO_DATE,
                    method=extra["consent"],
                    all_organizations=True,
                    covers_jusou_meeting=True,
                )
            if extra.get("restricted"):
                people.person_restrict(
                    actor=actor, person=person, since=DEMO_DATE, reason="住民基本台帳の支援措置"
                )
                for username in extra["restricted"]:
                    people.restriction_grant(
                        actor=admin, person=person, user=users[username], reason="担当者"
                    )
            people_added.append((person, relation, label, extra))
        key_person = next(person for person, *_, extra in people_added if extra.get("key"))
        household = people.household_create(
            actor=actor,
            organization=actor.organization,
            key_person=key_person,
            name=spec["name"],
            tags=spec["tags"],
            **contact,
        )
        for person, relation, label, extra in people_added:
            values = {
                "relation": relation,
                "relation_label": label,
                "lives_together": True,
                "is_key_person": bool(extra.get("key")),
                "is_main_carer": bool(extra.get("carer")),
            }
            if extra.get("key"):
                member = household.members.get(person=person)
                people.household_member_update(actor=actor, member=member, **values)
            else:
                people.household_member_add(
                    actor=actor, household=household, person=person, **values
                )


def _load_generated_people(count: int) -> None:
    """Generated people carry no `created_by`; the named ones always do. Added only once."""
    if count <= 0 or Person.objects.filter(created_by__isnull=True).exists():
        return
    # Imported here: the generator refuses production with this module's DemoRefused.
    from kasane.people.generator import generate_people

    case_work = [Role.CONSULTANT, Role.OUTREACH_WORKER]
    organizations = list(
        Organization.objects.filter(users__role_assignments__role__in=case_work).distinct()
    )
    towns = list(Area.objects.filter(kind=AreaKind.TOWN).order_by("code"))
    generate_people(
        count=count, organizations=organizations, towns=towns, seed=2026, households=True
    )


# --- Intake: the named consultations and つなぐシート -----------------------------------------

# The named sheets are sent with a fixed submission key, so a second load finds them.
SHEET_KEY_NAMESPACE = uuid.UUID("5c0d1e6a-3f0b-4a8e-9d61-6b8f0c2a7e11")
CONSULTATION_VALUES = (
    "route",
    "consulter_relation",
    "consulter_name",
    "summary",
    "consent",
    "outcome_note",
)


def _load_intake(now: dt.datetime) -> None:
    """The named consultations and sheets of the contract, through the services (so they are
    audited), then moved back to their place in the story: the services stamp the current
    time, the story happened over the last weeks. A record already present is left as it is."""
    # A flushed test database has lost the checklist that migration 0002 loaded.
    ensure_default_issue_codes()
    users = {user.username: user for user in User.objects.select_related("organization")}
    for spec in city.CONSULTATIONS:
        _load_consultation(spec, users, now)
    for spec in city.SHEETS:
        _load_sheet(spec, users, now)


def _when(spec: dict[str, Any], now: dt.datetime) -> dt.datetime:
    """`hours_ago`, or `time` on the latest business day at least `days_ago` days and
    `business_days_ago` business days before today, or `business_days` before the day of the
    meeting named by `before_meeting`."""
    if "hours_ago" in spec:
        return now - dt.timedelta(hours=spec["hours_ago"])
    today = timezone.localdate(now)
    if "before_meeting" in spec:
        meeting_day = _meeting_day(_meeting_spec(spec["before_meeting"])["when"], today)
        return _at(_business_days_before(meeting_day, spec["business_days"]), spec["time"], now)
    day = today - dt.timedelta(days=spec["days_ago"])
    while not is_business_day(day) or business_days_between(day, today) < spec.get(
        "business_days_ago", 0
    ):
        day -= dt.timedelta(days=1)
    return _at(day, spec["time"], now)


def _business_days_before(day: dt.date, days: int) -> dt.date:
    for _ in range(days):
        day -= dt.timedelta(days=1)
        while not is_business_day(day):
            day -= dt.timedelta(days=1)
    return day


def _at(day: dt.date, time: str, now: dt.datetime) -> dt.datetime:
    """`time` on `day`, but never after now (a long holiday can bring a step close to now)."""
    at = timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(time)))
    return min(at, now - dt.timedelta(minutes=1))


def _named_member(household_name: str, full_name: str) -> tuple[Household, Person]:
    """A person of a named household (generated households may share the name)."""
    household = Household.objects.get(name=household_name, created_by__isnull=False)
    member = next(
        member
        for member in household.members.select_related("person")
        if member.person.full_name == full_name
    )
    return household, member.person


def _load_consultation(spec: dict[str, Any], users: dict[str, User], now: dt.datetime) -> None:
    actor = users[spec["by"]]
    if Consultation.objects.filter(created_by=actor, summary=spec["summary"]).exists():
        return
    household, person = _named_member(spec["household"], spec["person"])
    codes = IssueCode.objects.in_bulk(spec["issues"], field_name="name")
    received_at = _when(spec["received"], now)
    consultation = intake.consultation_create(
        actor=actor,
        person=person,
        household=household,
        issues=[codes[name] for name in spec["issues"]],
        main_issue=codes[spec["main_issue"]],
        outcome=spec["outcome"],
        received_at=received_at,
        urgent_signs=spec.get("urgent_signs", []),
        **{name: spec[name] for name in CONSULTATION_VALUES},
    )
    # What it was passed on with left the office an hour after the consultation.
    for referral in consultation.referrals_sent.all():
        sent_at = min(received_at + dt.timedelta(hours=1), now)
        times = {ReferralEvent.Kind.SENT: sent_at}
        _accept(referral, spec, users, times, now)
        _backdate(referral, times)


def _load_sheet(spec: dict[str, Any], users: dict[str, User], now: dt.datetime) -> None:
    actor = users[spec["by"]]
    sheet, created = intake.sheet_submit(
        actor=actor,
        submission_key=uuid.uuid5(SHEET_KEY_NAMESPACE, f"{spec['by']}/{spec['subject_name']}"),
        **{name: spec[name] for name in intake.SHEET_FIELDS},
    )
    if not created:
        return
    times = {ReferralEvent.Kind.SENT: _when(spec["sent"], now)}
    _accept(sheet, spec, users, times, now)
    _backdate(sheet, times)


def _accept(
    referral: Referral,
    spec: dict[str, Any],
    users: dict[str, User],
    times: dict[str, dt.datetime],
    now: dt.datetime,
) -> None:
    """The receiver's 受理 (`acknowledged`) and the person it linked the referral to."""
    acknowledged = spec.get("acknowledged")
    if not acknowledged:
        return
    receiver = users[acknowledged["by"]]
    intake.referral_acknowledge(actor=receiver, referral=referral)
    sent_on = timezone.localdate(times[ReferralEvent.Kind.SENT])
    day = add_business_days(sent_on, acknowledged["business_days_later"])
    times[ReferralEvent.Kind.ACCEPTED] = _at(day, acknowledged["time"], now)
    if spec.get("link_person"):
        _, person = _named_member(*spec["link_person"])
        intake.referral_link_person(actor=receiver, referral=referral, person=person)
        linked_at = times[ReferralEvent.Kind.ACCEPTED] + dt.timedelta(minutes=10)
        times[ReferralEvent.Kind.PERSON_LINKED] = min(linked_at, now)


def _backdate(referral: Referral, times: dict[str, dt.datetime]) -> None:
    """Move a referral's steps (by event kind) back to when they happen in the story. The
    audit rows keep the real time of loading."""
    fields = {"sent_at": times[ReferralEvent.Kind.SENT]}
    if ReferralEvent.Kind.ACCEPTED in times:
        fields["acknowledged_at"] = times[ReferralEvent.Kind.ACCEPTED]
    if ReferralEvent.Kind.COMPLETED in times:
        fields["closed_at"] = times[ReferralEvent.Kind.COMPLETED]
    Referral.objects.filter(pk=referral.pk).update(**fields)
    for kind, at in times.items():
        ReferralEvent.objects.filter(referral=referral, kind=kind).update(at=at)


def _load_generated_consultations(people: int) -> None:
    """Generated consultations carry no `created_by`; the named ones always do. Added once,
    with the generated people they may be about."""
    if people <= 0 or Consultation.objects.filter(created_by__isnull=True).exists():
        return
    # Imported here: the generator refuses production with this module's DemoRefused.
    from kasane.intake.generator import generate_consultations

    generate_consultations(GENERATED_CONSULTATIONS, seed=2026)


# --- Cases: the named cases of the contract ---------------------------------------------------


def _load_cases(now: dt.datetime) -> None:
    """The named cases, through the cases' services (so they are audited), then moved back to
    their place in the story like the intake records. A case already present (a named case of
    its main person) is left as it is."""
    users = {user.username: user for user in User.objects.select_related("organization")}
    organizations = {organization.name: organization for organization in Organization.objects.all()}
    for spec in city.CASES:
        _load_case(spec, users, organizations, now)


class _Story:
    """Days of the story, counted from the day of loading."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now
        self.today = timezone.localdate(now)

    def ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def ahead(self, days: int | None) -> dt.date | None:
        return None if days is None else self.today + dt.timedelta(days=days)

    def at(self, day: dt.date, time: str) -> dt.datetime:
        return _at(day, time, self.now)


def _load_case(
    spec: dict[str, Any],
    users: dict[str, User],
    organizations: dict[str, Organization],
    now: dt.datetime,
) -> None:
    household, person = _named_member(spec["household"], spec["person"])
    if Case.objects.filter(main_person=person, created_by__isnull=False).exists():
        return
    story, actor = _Story(now), users[spec["by"]]
    lead_name, lead_worker = spec["lead"]
    referral = _referral_from(spec, users)
    if spec["opened"] == "on_acceptance":
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
    case: Case, spec: dict[str, Any], users: dict[str, User], story: _Story
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
    story: _Story,
) -> None:
    actor = users[spec["by"]]
    plan = cases.plan_draft(actor=actor, case=case)
    method, consent_days = spec["consent"]
    plan = cases.plan_save(
        actor=actor,
        plan=plan,
        loaded_at=plan.updated_at.isoformat(),
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
    if "approved_at" in spec:
        _hold_meeting(_meeting_spec(spec["approved_at"]), users, organizations, story)
        return
    approver, approved_days = spec["approved"]
    cases.plan_approve(actor=users[approver], plan=plan, approved_on=story.ago(approved_days))


def _load_evaluation(
    case: Case,
    spec: dict[str, Any],
    users: dict[str, User],
    organizations: dict[str, Organization],
    story: _Story,
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
    referral: Referral, receiver: User, case: Case, evaluated_on: dt.date, story: _Story
) -> None:
    """The earlier つなぎ戻し was taken up long ago: 受理, linked, under way and 支援開始."""
    intake.referral_acknowledge(actor=receiver, referral=referral)
    intake.referral_link_person(actor=receiver, referral=referral, person=case.main_person)
    intake.referral_start(actor=receiver, referral=referral)
    intake.referral_complete(
        actor=receiver, referral=referral, outcome=ReferralOutcome.SUPPORT_STARTED
    )
    accepted_at = story.at(add_business_days(evaluated_on, 1), "09:30")
    _backdate(
        referral,
        {
            ReferralEvent.Kind.SENT: story.at(evaluated_on, "16:00"),
            ReferralEvent.Kind.ACCEPTED: accepted_at,
            ReferralEvent.Kind.PERSON_LINKED: accepted_at + dt.timedelta(minutes=10),
            ReferralEvent.Kind.IN_PROGRESS: accepted_at + dt.timedelta(hours=1),
            ReferralEvent.Kind.COMPLETED: story.at(add_business_days(evaluated_on, 5), "11:00"),
        },
    )


def _backdate_case(case: Case, spec: dict[str, Any], story: _Story) -> None:
    """Move the case's records back to the days they carry (the services stamp the time of
    loading); the audit rows keep the real time."""
    times = [_opened_at(case, story)]
    Case.objects.filter(pk=case.pk).update(created_at=times[0])
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


def _opened_at(case: Case, story: _Story) -> dt.datetime:
    """A case is opened in the morning, or after the referral it comes from was accepted."""
    at = story.at(case.opened_on, "09:00")
    accepted = case.referral.acknowledged_at if case.referral_id else None
    if accepted is not None and timezone.localdate(accepted) == case.opened_on:
        at = min(max(at, accepted + dt.timedelta(minutes=30)), story.now)
    return at


def _load_generated_cases(people: int) -> None:
    """Generated cases carry no `created_by`; the named ones always do. Added once, with the
    generated people they are about."""
    if people <= 0 or Case.objects.filter(created_by__isnull=True).exists():
        return
    # Imported here: the generator refuses production with this module's DemoRefused.
    from kasane.cases.generator import generate_cases

    # `outsider` stays on no case (the contract), so their organisation leads none.
    generate_cases(GENERATED_CASES, seed=2026, exclude=(city.USERS["outsider"][1],))


# --- Meetings (issue 6): the register of bodies and the named meetings --------------------------

BODY_VALUES = (
    "name",
    "kind",
    "legal_basis",
    "targets",
    "other_members",
    "frequency",
    "usual_minutes",
    "purpose",
)


def _load_meeting_bodies() -> None:
    """The register of meeting bodies, through the service (audited). A body already present is
    brought back to the register (the service saves and audits only what differs)."""
    coordinator = User.objects.get(username="coordinator")
    organizations = {organization.name: organization for organization in Organization.objects.all()}
    for spec in city.MEETING_BODIES:
        body = MeetingBody.objects.filter(name=spec["name"]).first()
        meetings.body_save(
            actor=coordinator,
            body=body,
            loaded_at=body.updated_at.isoformat() if body else "",
            members=[organizations[name] for name in spec["members"]],
            convener=organizations[spec["convener"]],
            is_active=True,
            **{name: spec[name] for name in BODY_VALUES},
        )


def _meeting_spec(title: str) -> dict[str, Any]:
    return next(spec for spec in city.MEETINGS if spec["title"] == title)


def _meeting_day(when: dict[str, Any], today: dt.date) -> dt.date:
    """The business day of a named meeting (see city.MEETINGS), or a generated one's (`on`)."""
    step = dt.timedelta(days=-1)
    if "on" in when:
        return when["on"]
    if "days_ahead" in when:
        day, step = today + dt.timedelta(days=when["days_ahead"]), dt.timedelta(days=1)
    elif "before_month_start" in when:
        day = today.replace(day=1) - dt.timedelta(days=when["before_month_start"])
    else:
        day = today - dt.timedelta(days=when["days_ago"])
    while not is_business_day(day):
        day += step
    return day


def _load_meetings(now: dt.datetime) -> None:
    """The named meetings, through the meetings' services (so they are audited). A meeting
    already present (by kind, title and who scheduled it) is left as it is."""
    story = _Story(now)
    users = {user.username: user for user in User.objects.select_related("organization")}
    organizations = {organization.name: organization for organization in Organization.objects.all()}
    for spec in city.MEETINGS:
        held = Meeting.objects.filter(
            kind=spec["kind"], title=spec["title"], created_by=users[spec["by"]]
        ).exists()
        if not (held or spec.get("held_with_plan")):
            _hold_meeting(spec, users, organizations, story)


def _hold_meeting(
    spec: dict[str, Any],
    users: dict[str, User],
    organizations: dict[str, Organization],
    story: _Story,
) -> Meeting:
    """Schedule the meeting with its participants, pledges and agenda; a past meeting then gets
    its minutes and decisions and is confirmed, which applies the decisions to the cases."""
    meeting, pledges = _schedule_meeting(spec, users, organizations, story.today)
    if meeting.starts_at > story.now:
        return meeting
    actor = users[spec["by"]]
    items = list(meeting.items.select_related("case"))
    for item, entry in zip(items, spec["items"], strict=True):
        meetings.minutes_save(actor=actor, item=item, discussion=entry["discussion"], loaded_at="")
        for decision in entry["decisions"]:
            values = _decision_values(
                decision, item, meeting.starts_on, users, organizations, story
            )
            meetings.decision_add(actor=actor, item=item, **values)
    decisions = meetings.minutes_confirm(actor=actor, meeting=meeting, summary=spec["summary"])
    _after_meeting(spec, items, decisions, users)
    _backdate_meeting(meeting, pledges, story)
    return meeting


def _schedule_meeting(
    spec: dict[str, Any],
    users: dict[str, User],
    organizations: dict[str, Organization],
    today: dt.date,
) -> tuple[Meeting, list[ConfidentialityPledge]]:
    _ensure_pledge_text()
    actor = users[spec["by"]]
    day = _meeting_day(spec["when"], today)
    meeting = meetings.meeting_schedule(
        actor=actor,
        kind=spec["kind"],
        body=MeetingBody.objects.get(name=spec["body"]),
        title=spec["title"],
        starts_at=timezone.make_aware(
            dt.datetime.combine(day, dt.time.fromisoformat(spec["time"]))
        ),
        duration_minutes=spec["duration_minutes"],
        place=spec["place"],
        is_online=False,
        convener=organizations[spec["convener"]],
    )
    pledges = []
    for entry in spec["participants"]:
        participant = _participant(meeting, entry, actor, users)
        if entry.get("pledge"):
            pledges += _pledge(meeting, participant, entry["pledge"], actor)
    for entry in spec["items"]:
        meetings.agenda_add(
            actor=actor,
            meeting=meeting,
            case=entry["case"] if isinstance(entry["case"], Case) else _named_case(entry["case"]),
            purpose=entry["purpose"],
            briefing=entry["briefing"],
        )
    return meeting, pledges


def _ensure_pledge_text() -> None:
    """A flushed test database has lost the pledge text that migration 0002 loaded."""
    PledgeText.objects.get_or_create(
        version=pledge_texts.FIRST_VERSION,
        defaults={
            "body": pledge_texts.FIRST_BODY,
            "effective_on": dt.date.fromisoformat(pledge_texts.FIRST_EFFECTIVE_ON),
        },
    )


def _named_case(household_name: str) -> Case:
    return Case.objects.get(
        household__name=household_name,
        household__created_by__isnull=False,
        created_by__isnull=False,
    )


def _participant(
    meeting: Meeting, entry: dict[str, Any], actor: User, users: dict[str, User]
) -> MeetingParticipant:
    if "user" not in entry:
        return meetings.participant_add(
            actor=actor,
            meeting=meeting,
            name=entry["name"],
            organization_name=entry["organization"],
            role=entry["role"],
        )
    user = users[entry["user"]]
    if user == actor:  # who schedules the meeting is its first participant
        return meeting.participants.get(user=user)
    return meetings.participant_add(
        actor=actor, meeting=meeting, user=user, role=entry.get("role", "")
    )


def _pledge(
    meeting: Meeting, participant: MeetingParticipant, scope: str, actor: User
) -> list[ConfidentialityPledge]:
    """A pledge signed on paper, recorded by the coordinator: for this meeting, signed on its
    day, or for the fiscal year of the meeting, signed on the year's first business day."""
    text = meetings.current_pledge_text()
    if scope == "meeting":
        return [
            meetings.pledge_record(
                actor=actor, participant=participant, signed_on=meeting.starts_on, text=text
            )
        ]
    if has_pledge(participant, meeting):  # a pledge for the year is already on record
        return []
    valid_from, valid_until = fiscal_year_range(fiscal_year(meeting.starts_on))
    signed_on = valid_from
    while not is_business_day(signed_on):
        signed_on += dt.timedelta(days=1)
    pledge = meetings.pledge_record(
        actor=actor,
        participant=participant,
        signed_on=signed_on,
        text=text,
        for_period=True,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    return [pledge]


def _decision_values(
    spec: dict[str, Any],
    item: AgendaItem,
    day: dt.date,
    users: dict[str, User],
    organizations: dict[str, Organization],
    story: _Story,
) -> dict[str, Any]:
    kind = spec["kind"]
    values: dict[str, Any] = {"kind": kind, "reason": spec.get("reason", "")}
    if kind == DecisionKind.PLAN_APPROVED:
        values["plan"] = item.case.plans.get(status=PlanStatus.DRAFT)
    elif kind == DecisionKind.MONITORING:
        values["monitoring_on"] = story.ahead(spec["monitoring_in"])
    elif kind == DecisionKind.SCREENING:
        values["eligible"] = spec["eligible"]
        values["criteria"] = spec.get("criteria", [])
        if "referred_to" in spec:
            values["referred_to"] = organizations[spec["referred_to"]]
    elif kind == DecisionKind.ROLE:
        values.update(
            organization=organizations[spec["organization"]],
            team_role=spec["team_role"],
            worker=users[spec["worker"]] if spec.get("worker") else None,
            task=spec.get("task", ""),
            due_on=day + dt.timedelta(days=spec["due_after"]) if "due_after" in spec else None,
        )
    return values


def _after_meeting(
    spec: dict[str, Any],
    items: list[AgendaItem],
    decisions: list[Decision],
    users: dict[str, User],
) -> None:
    """What the team did afterwards: tasks the later notes show done, and the sender of the
    referral a screened case came from told the outcome (支援開始, 他機関へ)."""
    actor = users[spec["by"]]
    for item, entry in zip(items, spec["items"], strict=True):
        done = {d["organization"]: d["done_by"] for d in entry["decisions"] if "done_by" in d}
        for decision in decisions:
            roles = decision.item_id == item.pk and decision.kind == DecisionKind.ROLE
            if roles and decision.organization.name in done:
                cases.note_action_done(
                    actor=users[done[decision.organization.name]], note=decision.note
                )
        if "referral_outcome" in entry:
            referral = Referral.objects.get(pk=item.case.referral_id)
            intake.referral_start(actor=actor, referral=referral)
            intake.referral_complete(
                actor=actor, referral=referral, outcome=entry["referral_outcome"]
            )


def _backdate_meeting(
    meeting: Meeting, pledges: list[ConfidentialityPledge], story: _Story
) -> None:
    """Move the meeting's records back to its day, like the cases' (the services stamp the time
    of loading): scheduled a week before, pledges signed at the start, minutes confirmed half an
    hour after the end. The audit rows keep the real time."""
    starts = meeting.starts_at
    ends = starts + dt.timedelta(minutes=meeting.duration_minutes)
    scheduled = min(starts - dt.timedelta(days=7), story.now)
    confirmed = min(ends + dt.timedelta(minutes=30), story.now)
    Meeting.objects.filter(pk=meeting.pk).update(
        created_at=scheduled, updated_at=confirmed, confirmed_at=confirmed
    )
    meeting.participants.update(added_at=scheduled)
    ConfidentialityPledge.objects.filter(pk__in=[p.pk for p in pledges]).update(recorded_at=starts)
    meeting.items.update(updated_at=ends)
    decisions = Decision.objects.filter(item__meeting=meeting)
    decisions.update(created_at=ends, applied_at=confirmed)
    CaseNote.objects.filter(meeting=meeting).update(created_at=confirmed)
    transitions = CaseTransition.objects.filter(meeting=meeting).order_by("pk")
    for minute, transition in enumerate(transitions):
        CaseTransition.objects.filter(pk=transition.pk).update(
            at=confirmed + dt.timedelta(minutes=minute)
        )
    case_ids = list(meeting.items.values_list("case_id", flat=True))
    Case.objects.filter(pk__in=case_ids, updated_at__gte=story.now).update(updated_at=confirmed)
    for item in meeting.items.select_related("case__referral"):
        _backdate_referral_outcome(item.case, confirmed, story)


def _backdate_referral_outcome(case: Case, confirmed: dt.datetime, story: _Story) -> None:
    """A screened case's referral: under way from the case's opening, completed with the
    minutes."""
    referral = case.referral
    if referral is None or referral.closed_at is None or referral.closed_at < story.now:
        return
    opened = Case.objects.values_list("created_at", flat=True).get(pk=case.pk)
    times = {
        ReferralEvent.Kind.SENT: referral.sent_at,
        ReferralEvent.Kind.ACCEPTED: referral.acknowledged_at,
        ReferralEvent.Kind.IN_PROGRESS: opened + dt.timedelta(minutes=1),
        ReferralEvent.Kind.COMPLETED: confirmed + dt.timedelta(minutes=5),
    }
    _backdate(referral, times)


GENERATED_TITLE = "支援会議（{month}月）"
GENERATED_DISCUSSIONS = (
    "前回からの経過を共有した。本人とはまだ会えていないが、訪問を続ける。",
    "近隣からの情報を共有した。民生委員が見守りを続け、変化があれば連絡する。",
    "関係機関の関わりを確かめた。本人の同意はまだ得られていない。次回も経過を共有する。",
    "家族の状況に変わりはない。支援につながるきっかけを、関係機関で探し続ける。",
)
GENERATED_VOLUNTEERS = ("西村 和枝", "北野 弘", "南 多恵子", "東 義明", "中田 幸子")


def _load_generated_meetings(people: int, now: dt.datetime) -> None:
    """A monthly 支援会議 over the months before the named one, each sharing a few generated
    cases open on its day (generated people have no consent: the 支援会議 is where such cases
    go), so that the list and the year's counts are real. Added once, with the generated cases."""
    if people <= 0 or Meeting.objects.filter(title__startswith="支援会議（").exists():
        return
    users = {user.username: user for user in User.objects.select_related("organization")}
    organizations = {organization.name: organization for organization in Organization.objects.all()}
    story, rng = _Story(now), random.Random(2026)
    first = story.today.replace(day=1)
    for month in range(GENERATED_MEETING_MONTHS):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        day = _meeting_day({"before_month_start": 10}, first)
        open_then = Case.objects.filter(created_by__isnull=True, opened_on__lt=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=day)
        )
        chosen = rng.sample(list(open_then.order_by("pk")[:40]), k=min(3, open_then.count()))
        if chosen:
            spec = _generated_meeting(day, chosen, month, rng)
            _hold_meeting(spec, users, organizations, story)


def _generated_meeting(
    day: dt.date, chosen: list[Case], month: int, rng: random.Random
) -> dict[str, Any]:
    """A meeting like those of city.MEETINGS, on `day`, with the chosen cases on its agenda."""
    volunteer = GENERATED_VOLUNTEERS[month % len(GENERATED_VOLUNTEERS)]
    return {
        "title": GENERATED_TITLE.format(month=day.month),
        "kind": "support",
        "body": "支援会議",
        "when": {"on": day},
        "time": "14:00",
        "duration_minutes": 90,
        "place": "本庁舎3階 第2会議室",
        "convener": "重層的支援推進課",
        "by": "coordinator",
        "participants": [
            {"user": "coordinator", "pledge": "meeting"},
            {"user": "csw", "pledge": "fiscal_year"},
            {
                "name": volunteer,
                "organization": "民生委員児童委員協議会",
                "role": "民生委員・児童委員",
                "pledge": "meeting",
            },
        ],
        "items": [
            {
                "case": case,
                "purpose": "share",
                "briefing": "経過の共有",
                "discussion": rng.choice(GENERATED_DISCUSSIONS),
                "decisions": [],
            }
            for case in chosen
        ],
        "summary": "各ケースの経過を共有した。",
    }
