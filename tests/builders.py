"""Shared builders for the tests, one per meaning.

`demo_*` look up デモ市's named records (the demo is a contract, tests/demo/ checks it);
the others build new records through the services, as users would. A test that needs
something slightly different passes keyword arguments instead of copying a builder."""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid

from django.http import HttpResponse
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.cases import services as cases
from kasane.cases.models import Case, CaseProgram, CaseStatus, ScreeningCriterion
from kasane.core.errors import version_of
from kasane.core.japanese import add_months
from kasane.intake import services as intake
from kasane.intake.models import Consultation, IssueCode
from kasane.meetings import services as meetings
from kasane.meetings.models import AgendaItem, Meeting, MeetingKind, MeetingParticipant
from kasane.organizations.models import Organization
from kasane.people import services as people
from kasane.people.models import Household, Person

GOAL = "母の介護を続けながら、週に一度は自分の時間を持つ"
MEETING_TITLE = "東圏域支援会議"
DISCUSSION = "長男は夜に外出している様子。母の受診に合わせて声をかける。"


def today() -> dt.date:
    return timezone.localdate()


def earlier_today(delta: dt.timedelta) -> dt.datetime:
    """`delta` ago, but not before today's midnight in Asia/Tokyo: the suite also runs just
    after midnight, when an hour ago was yesterday and "today's" records would not be. In Tokyo
    time, so that its `.date()` is Tokyo's day (in UTC it is still yesterday until 09:00)."""
    now = timezone.now()
    midnight = timezone.make_aware(dt.datetime.combine(timezone.localdate(now), dt.time()))
    return timezone.localtime(max(now - delta, midnight))


def an_hour_ago() -> dt.datetime:
    return earlier_today(dt.timedelta(hours=1))


# --- デモ市's named records --------------------------------------------------------------------


def demo_person(name: str) -> Person:
    """A named person by full name as pages print it: `demo_person("鈴木 ハナ")`."""
    family, given = name.split()
    return Person.objects.get(family_name=family, given_name=given)


def demo_household(name: str) -> Household:
    return Household.objects.get(name=name)


def demo_case(household: str) -> Case:
    """The case of a named household (generated households may share its name; they have no
    `created_by`)."""
    return Case.objects.select_related("household", "main_person", "referral", "created_by").get(
        household__name=household, household__created_by__isnull=False
    )


def demo_case_of(name: str) -> Case:
    """The case whose main person is the named person: `demo_case_of("山本 勇")`."""
    family, given = name.split()
    return Case.objects.select_related("household", "main_person").get(
        main_person__family_name=family, main_person__given_name=given
    )


def demo_issue_code(name: str) -> IssueCode:
    return IssueCode.objects.get(name=name)


# --- Cases ------------------------------------------------------------------------------------


def open_case(
    actor: User,
    household_name: str = "田中家",
    *,
    opened_on: dt.date | None = None,
) -> Case:
    """A case for the household's key person, led by the actor's organisation (受付)."""
    household = Household.objects.get(name=household_name)
    person = household.members.get(is_key_person=True, left_on__isnull=True).person
    return cases.case_open(
        actor=actor,
        main_person=person,
        household=household,
        programs=[CaseProgram.COORDINATION],
        lead_organization=actor.organization,
        summary="母の介護と子育てを一人で担っている。",
        opened_on=opened_on,
    )


def case_decided(actor: User, household_name: str = "田中家", **kwargs: object) -> Case:
    """A case screened and decided for support (支援決定), nothing recorded yet."""
    case = open_case(actor, household_name, **kwargs)
    cases.case_transition(actor=actor, case=case, to_status=CaseStatus.SCREENING)
    cases.case_transition(
        actor=actor,
        case=case,
        to_status=CaseStatus.DECIDED,
        criteria=[ScreeningCriterion.HOUSEHOLD],
    )
    case.refresh_from_db()
    return case


def case_in_assessment(actor: User, household_name: str = "田中家", **kwargs: object) -> Case:
    case = case_decided(actor, household_name, **kwargs)
    cases.case_transition(actor=actor, case=case, to_status=CaseStatus.ASSESSMENT)
    cases.assessment_save(
        actor=actor,
        case=case,
        based_on=None,
        assessed_on=today(),
        household_view="母（要介護3）と長男（3歳）の三人暮らし。",
        worker_view="本人の休息の確保が先。",
        urgency="medium",
        entries=[
            {
                "person": case.main_person,
                "wishes": "少しでいいから自分の時間がほしい",
                "issues": list(IssueCode.objects.filter(name__in=["介護", "子育て"])),
            }
        ],
    )
    case.refresh_from_db()
    return case


def case_in_support(
    actor: User,
    coordinator: User,
    household_name: str = "田中家",
    *,
    monitoring_on: dt.date | None = None,
    **kwargs: object,
) -> Case:
    """A case walked through the services to 支援中 with an approved plan of two items."""
    case = case_in_assessment(actor, household_name, **kwargs)
    cases.case_transition(actor=actor, case=case, to_status=CaseStatus.PLANNING)
    plan = cases.plan_create(actor=actor, case=case, items=[])
    houkatsu = Organization.objects.get(name="東地域包括支援センター")
    cases.plan_save(
        actor=actor,
        plan=plan,
        loaded_at=plan.updated_at.isoformat(),
        items=[
            {
                "issue": "母の介護",
                "support": "ショートステイの利用を調整する",
                "organization": houkatsu,
                "frequency": "月1回",
            },
            {
                "issue": "子育て",
                "support": "一時預かりを紹介する",
                "organization": actor.organization,
                "worker": actor,
                "frequency": "3か月",
            },
        ],
        goal=GOAL,
        direction="介護と子育ての負担を分け合う。",
        includes_participation=True,
        monitoring_on=monitoring_on or today() + dt.timedelta(days=60),
        consent_on=today(),
        consent_method="written",
    )
    cases.plan_approve(actor=coordinator, plan=plan)  # moves the case to 支援中
    case.refresh_from_db()
    return case


# --- Meetings ---------------------------------------------------------------------------------


def schedule_meeting(
    coordinator: User,
    kind: str = MeetingKind.SUPPORT,
    *,
    starts_at: dt.datetime | None = None,
    title: str = MEETING_TITLE,
    duration_minutes: int = 90,
    place: str = "市役所3階会議室",
    **fields: object,
) -> Meeting:
    """A meeting the coordinator's organisation convenes, by default one that began an hour
    ago."""
    return meetings.meeting_schedule(
        actor=coordinator,
        kind=kind,
        title=title,
        starts_at=starts_at or an_hour_ago(),
        duration_minutes=duration_minutes,
        place=place,
        is_online=False,
        convener=coordinator.organization,
        **fields,
    )


def period_pledge(actor: User, participant: MeetingParticipant) -> None:
    """A pledge of the user for a period around today (covers every meeting of the tests)."""
    if access.has_pledge(participant, participant.meeting):
        return
    meetings.pledge_record(
        actor=actor,
        participant=participant,
        signed_on=today() - dt.timedelta(days=30),
        text=meetings.current_pledge_text(),
        for_period=True,
        valid_from=today() - dt.timedelta(days=500),
        valid_until=today() + dt.timedelta(days=365),
    )


def with_item(coordinator: User, meeting: Meeting, case: Case, purpose: str) -> AgendaItem:
    """An agenda item on the case with its 議事の要旨 (DISCUSSION) saved."""
    item = meetings.agenda_add(
        actor=coordinator,
        meeting=meeting,
        case=case,
        purpose=purpose,
        briefing="母の通院に付き添う人がいない。",
    )
    meetings.minutes_save(
        actor=coordinator, item=item, discussion=DISCUSSION, loaded_at=version_of(item.updated_at)
    )
    return item


# --- Posting a form as its page gives it --------------------------------------------------------


def form_data(*forms: object) -> dict[str, object]:
    """What a browser posts for the forms (and formsets) of a page left as they were: each
    field's value as rendered (pks for records, "on" for a ticked box), and a formset's
    management form."""
    data: dict[str, object] = {}
    for form in forms:
        if hasattr(form, "management_form"):
            data |= form_data(form.management_form, *form.forms)
            continue
        for name in form.fields:
            bound = form[name]
            value = bound.value()
            if value is None or value is False or value == "":
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            else:
                data[bound.html_name] = str(value)
    return data


def new_key() -> str:
    """The one-time key a create form's page hands out (kasane.core.submissions): a test
    that posts a create form posts one, as the page would."""
    return str(uuid.uuid4())


# --- Following a list's pages -------------------------------------------------------------------

NEXT_LINK = re.compile(r'<a href="([^"]*)" rel="next">')


def next_page_url(response: HttpResponse, path: str) -> str | None:
    """The URL the page's 次へ link leads to (a keyset cursor, the filters kept), or None on
    the last page: tests walk a list the way a user does."""
    found = NEXT_LINK.search(response.content.decode())
    return path + html.unescape(found.group(1)) if found else None


# --- Retention (保存期間) ------------------------------------------------------------------------


def years_ago(years: int) -> dt.date:
    """A day a little more than `years` ago: a record that ended then is past a period of
    `years` years."""
    return add_months(today(), -12 * years) - dt.timedelta(days=2)


def ended_case(actor: User, household_name: str = "田中家", *, years: int = 6) -> Case:
    """A case assessed and then suspended (中断) `years` ago, through the services."""
    case = case_in_assessment(actor, household_name, opened_on=years_ago(years + 1))
    cases.case_transition(
        actor=actor,
        case=case,
        to_status=CaseStatus.SUSPENDED,
        occurred_on=years_ago(years),
        reason="連絡が取れない",
    )
    case.refresh_from_db()
    return case


def old_consultation(actor: User, *, years: int = 6, person: Person | None = None) -> Consultation:
    """A consultation received `years` ago that led to nothing (情報提供のみ), about a new
    person registered by the actor's organisation (or `person`)."""
    if person is None:
        person = people.person_create(
            actor=actor,
            organization=actor.organization,
            family_name="古川",
            given_name="廃子",
            family_kana="フルカワ",
            phone="0312345678",
            address="東町1-2-3",
        )
    received = timezone.make_aware(dt.datetime.combine(years_ago(years), dt.time(10)))
    return intake.consultation_create(
        actor=actor,
        person=person,
        outcome="information",
        received_at=received,
        route="phone",
        consulter_relation="self",
        consulter_name="古川 廃子",
        summary="家賃の支払いが心配。",
        consent="oral",
        outcome_note="家計相談の窓口を案内した。",
    )
