"""Loads デモ市 idempotently: running it twice leaves the same city, users and passwords."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
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
from kasane.core.japanese import add_business_days, business_days_between, is_business_day
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


GENERATED_PEOPLE = 300
# Added with the generated people: about two a day at the windows over a year.
GENERATED_CONSULTATIONS = 800
# Cases in every status over the generated people.
GENERATED_CASES = 60


def load_demo_city(
    *, password: str | None = None, generated: int = GENERATED_PEOPLE
) -> DemoSummary:
    """Create or refresh デモ市. Refused in production: demo users have a known password.
    `generated` fictitious people (in households), and with them a year of consultations and
    cases in every status, are added once, so that lists and search are real; the test suite
    asks for none and works with the named records only."""
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
        _load_cases(timezone.now())
        _load_generated_cases(generated)
        summary = DemoSummary(
            areas=Area.objects.count(),
            organizations=Organization.objects.count(),
            users=User.objects.count(),
            people=Person.objects.count(),
            households=Household.objects.count(),
            consultations=Consultation.objects.count(),
            referrals=Referral.objects.count(),
            cases=Case.objects.count(),
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
    `business_days_ago` business days before today."""
    if "hours_ago" in spec:
        return now - dt.timedelta(hours=spec["hours_ago"])
    today = timezone.localdate(now)
    day = today - dt.timedelta(days=spec["days_ago"])
    while not is_business_day(day) or business_days_between(day, today) < spec.get(
        "business_days_ago", 0
    ):
        day -= dt.timedelta(days=1)
    return _at(day, spec["time"], now)


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
        _backdate(referral, {ReferralEvent.Kind.SENT: sent_at})


def _load_sheet(spec: dict[str, Any], users: dict[str, User], now: dt.datetime) -> None:
    actor = users[spec["by"]]
    sheet, created = intake.sheet_submit(
        actor=actor,
        submission_key=uuid.uuid5(SHEET_KEY_NAMESPACE, f"{spec['by']}/{spec['subject_name']}"),
        **{name: spec[name] for name in intake.SHEET_FIELDS},
    )
    if not created:
        return
    sent_at = _when(spec["sent"], now)
    times = {ReferralEvent.Kind.SENT: sent_at}
    acknowledged = spec["acknowledged"]
    if acknowledged:
        receiver = users[acknowledged["by"]]
        intake.referral_acknowledge(actor=receiver, referral=sheet)
        day = add_business_days(timezone.localdate(sent_at), acknowledged["business_days_later"])
        times[ReferralEvent.Kind.ACCEPTED] = _at(day, acknowledged["time"], now)
        if spec["link_person"]:
            _, person = _named_member(*spec["link_person"])
            intake.referral_link_person(actor=receiver, referral=sheet, person=person)
            linked_at = times[ReferralEvent.Kind.ACCEPTED] + dt.timedelta(minutes=10)
            times[ReferralEvent.Kind.PERSON_LINKED] = min(linked_at, now)
    _backdate(sheet, times)


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
        referral=_sheet_from(users[spec["sheet"]]) if "sheet" in spec else None,
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


def _sheet_from(sender: User) -> Referral | None:
    return Referral.objects.filter(kind=ReferralKind.SHEET, sender=sender).order_by("pk").first()


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
    times = [story.at(case.opened_on, "09:00")]
    Case.objects.filter(pk=case.pk).update(created_at=times[0])
    for minute, transition in enumerate(case.transitions.order_by("at", "pk")):
        at = story.at(transition.occurred_on, "10:00") + dt.timedelta(minutes=minute)
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


def _load_generated_cases(people: int) -> None:
    """Generated cases carry no `created_by`; the named ones always do. Added once, with the
    generated people they are about."""
    if people <= 0 or Case.objects.filter(created_by__isnull=True).exists():
        return
    # Imported here: the generator refuses production with this module's DemoRefused.
    from kasane.cases.generator import generate_cases

    # `outsider` stays on no case (the contract), so their organisation leads none.
    generate_cases(GENERATED_CASES, seed=2026, exclude=(city.USERS["outsider"][1],))
