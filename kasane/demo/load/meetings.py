"""Loads the register of meeting bodies, the named meetings and, once, a monthly 支援会議 over
the generated cases."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db.models import Q
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.cases import services as cases
from kasane.cases.models import (
    Case,
    CaseNote,
    CaseTransition,
    PlanStatus,
)
from kasane.core.errors import required, version_of
from kasane.core.japanese import (
    fiscal_year,
    fiscal_year_range,
    is_business_day,
)
from kasane.demo import city
from kasane.demo.load.intake import backdate_referral
from kasane.demo.load.story import Story, meeting_day
from kasane.intake import services as intake
from kasane.intake.models import (
    Referral,
    ReferralEvent,
    ReferralStatus,
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
from kasane.organizations.models import Organization
from kasane.outreach.models import OutreachTarget

# Monthly 支援会議 on generated cases before the named one of last month.
GENERATED_MEETING_MONTHS = 5


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


def load_meeting_bodies() -> None:
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


def load_meetings(now: dt.datetime) -> None:
    """The named meetings, through the meetings' services (so they are audited). A meeting
    already present (by kind, title and who scheduled it) is left as it is."""
    story = Story(now)
    users = {user.username: user for user in User.objects.select_related("organization")}
    organizations = {organization.name: organization for organization in Organization.objects.all()}
    for spec in city.MEETINGS:
        held = Meeting.objects.filter(
            kind=spec["kind"], title=spec["title"], created_by=users[spec["by"]]
        ).exists()
        if not (held or spec.get("held_with_plan")):
            hold_meeting(spec, users, organizations, story)


def hold_meeting(
    spec: dict[str, Any],
    users: dict[str, User],
    organizations: dict[str, Organization],
    story: Story,
) -> Meeting:
    """Schedule the meeting with its participants, pledges and agenda; a past meeting then gets
    its minutes and decisions and is confirmed, which applies the decisions to the cases."""
    meeting, pledges = _schedule_meeting(spec, users, organizations, story.today)
    if meeting.starts_at > story.now:
        return meeting
    actor = users[spec["by"]]
    items = list(meeting.items.select_related("case"))
    if len(items) != len(spec["items"]) or any(item.case_id is None for item in items):
        raise LookupError(f"{spec['title']}: a past meeting's agenda holds cases only")
    for item, entry in zip(items, spec["items"], strict=True):
        meetings.minutes_save(
            actor=actor,
            item=item,
            discussion=entry["discussion"],
            loaded_at=version_of(item.updated_at),
        )
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
    day = meeting_day(spec["when"], today)
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
        if "target" in entry:  # added after the watch list (`load_meeting_targets`)
            continue
        meetings.agenda_add(
            actor=actor,
            meeting=meeting,
            case=entry["case"] if isinstance(entry["case"], Case) else _named_case(entry["case"]),
            purpose=entry["purpose"],
            briefing=entry["briefing"],
        )
    return meeting, pledges


def load_meeting_targets() -> None:
    """The outreach targets on the named meetings' agendas, added once the watch list is
    loaded (the meetings come before it): each added unless already there, so that a city
    loaded before keeps its facts and gains the item."""
    coordinator = User.objects.get(username="coordinator")
    for spec in city.MEETINGS:
        entries = [entry for entry in spec["items"] if "target" in entry]
        if not entries:
            continue
        meeting = Meeting.objects.get(
            kind=spec["kind"], title=spec["title"], created_by__username=spec["by"]
        )
        for entry in entries:
            target = OutreachTarget.objects.get(description=entry["target"])
            if not meeting.items.filter(outreach_target=target).exists():
                meetings.agenda_add_target(
                    actor=coordinator,
                    meeting=meeting,
                    target=target,
                    purpose=entry["purpose"],
                    briefing=entry["briefing"],
                )


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
    if access.has_pledge(participant, meeting):  # a pledge for the year is already on record
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
    story: Story,
) -> dict[str, Any]:
    kind = spec["kind"]
    values: dict[str, Any] = {"kind": kind, "reason": spec.get("reason", "")}
    if kind == DecisionKind.PLAN_APPROVED:
        values["plan"] = required(item.case, "the item's case").plans.get(status=PlanStatus.DRAFT)
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
            if decision.item_id != item.pk or decision.kind != DecisionKind.ROLE:
                continue
            if decision.organization is None:
                raise LookupError(f"{spec['title']}: a role decision without an organisation")
            if decision.organization.name in done:
                if decision.note is None:
                    raise LookupError(f"{spec['title']}: a role decision without its task note")
                cases.note_action_done(
                    actor=users[done[decision.organization.name]], note=decision.note
                )
        if "referral_outcome" in entry:
            referral_id = required(item.case, "the item's case").referral_id
            if referral_id is None:
                raise LookupError(f"{spec['title']}: a referral outcome for a case without one")
            referral = Referral.objects.get(pk=referral_id)
            if referral.status == ReferralStatus.ACCEPTED:  # opening the case started it
                intake.referral_start(actor=actor, referral=referral)
            intake.referral_complete(
                actor=actor, referral=referral, outcome=entry["referral_outcome"]
            )


def _backdate_meeting(meeting: Meeting, pledges: list[ConfidentialityPledge], story: Story) -> None:
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
    for item in meeting.items.filter(case__isnull=False).select_related("case__referral"):
        _backdate_referral_outcome(required(item.case, "the item's case"), confirmed, story)


def _backdate_referral_outcome(case: Case, confirmed: dt.datetime, story: Story) -> None:
    """A screened case's referral: under way from the case's opening, completed with the
    minutes."""
    referral = case.referral
    if referral is None or referral.closed_at is None or referral.closed_at < story.now:
        return
    if referral.acknowledged_at is None:
        raise LookupError(f"referral {referral.pk}: completed but never accepted")
    opened = Case.objects.values_list("created_at", flat=True).get(pk=case.pk)
    times = {
        ReferralEvent.Kind.SENT: referral.sent_at,
        ReferralEvent.Kind.ACCEPTED: referral.acknowledged_at,
        ReferralEvent.Kind.IN_PROGRESS: opened + dt.timedelta(minutes=1),
        ReferralEvent.Kind.CASE_OPENED: opened + dt.timedelta(minutes=1),
        ReferralEvent.Kind.COMPLETED: confirmed + dt.timedelta(minutes=5),
    }
    backdate_referral(referral, times)


GENERATED_TITLE = "支援会議（{month}月）"


GENERATED_DISCUSSIONS = (
    "前回からの経過を共有した。本人とはまだ会えていないが、訪問を続ける。",
    "近隣からの情報を共有した。民生委員が見守りを続け、変化があれば連絡する。",
    "関係機関の関わりを確かめた。本人の同意はまだ得られていない。次回も経過を共有する。",
    "家族の状況に変わりはない。支援につながるきっかけを、関係機関で探し続ける。",
)


def load_generated_meetings(people: int, now: dt.datetime) -> None:
    """A monthly 支援会議 over the months before the named one, each sharing a few generated
    cases open on its day (generated people have no consent: the 支援会議 is where such cases
    go), so that the list and the year's counts are real. Added once, with the generated cases."""
    if people <= 0 or Meeting.objects.filter(title__startswith="支援会議（").exists():
        return
    users = {user.username: user for user in User.objects.select_related("organization")}
    organizations = {organization.name: organization for organization in Organization.objects.all()}
    story, rng = Story(now), random.Random(2026)
    first = story.today.replace(day=1)
    for month in range(GENERATED_MEETING_MONTHS):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        day = meeting_day({"before_month_start": 10}, first)
        open_then = Case.objects.filter(created_by__isnull=True, opened_on__lt=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=day)
        )
        chosen = rng.sample(list(open_then.order_by("pk")[:40]), k=min(3, open_then.count()))
        if chosen:
            spec = _generated_meeting(day, chosen, month, rng)
            hold_meeting(spec, users, organizations, story)


def _generated_meeting(
    day: dt.date, chosen: list[Case], month: int, rng: random.Random
) -> dict[str, Any]:
    """A meeting like those of city.MEETINGS, on `day`, with the chosen cases on its agenda."""
    volunteer = city.VOLUNTEERS[month % len(city.VOLUNTEERS)]
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
