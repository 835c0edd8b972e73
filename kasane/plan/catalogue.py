"""The catalogue of counts (成果目標の実績, issue 18): each entry is ONE function that, for a span
of days (a fiscal year, or a month of it, in Japan time), returns the queryset of the records behind
the number; the number is that queryset's count. The indicator page counts it, the monthly trend
counts it month by month, and the drill-down list pages through it — intersected with what the
user may see (`readable`, the normal record rules of `kasane.access`) — so a number and its list
cannot disagree for a user who may see every record behind it.

A record made at 23:30 on 31 March counts in the fiscal year that ends then: datetimes are cut
at midnight Japan time (`_moments`), dates by `__range`.

To add an entry: write the function (reuse a program's figures function where there is one),
pick the access function of its records, say how a row reads (`row`) and which person it
shows (`person`, for the audit trail), and add an `Entry` to `ENTRIES`. The test in
tests/plan/test_indicators.py checks every entry's number against its list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.cases.models import Case, CaseProgram, CaseStatus, CaseTeamMember, SupportPlan
from kasane.community import figures as community
from kasane.community.models import ActivityKind
from kasane.core.japanese import add_business_days, fiscal_year_range
from kasane.intake.models import Consultation, Referral, ReferralKind
from kasane.meetings.models import AgendaItem, Meeting, MeetingKind, MeetingStatus
from kasane.outreach import figures as outreach
from kasane.outreach.models import ContactAttempt, Method, OutreachTarget, Result
from kasane.participation import figures as participation
from kasane.participation.models import Match

Span = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class Row:
    """One line of a drill-down list: a date, what it is, and where it opens."""

    on: dt.date | None
    text: str
    url: str


@dataclass(frozen=True)
class Entry:
    code: str
    program: str
    label: str
    unit: str
    definition: str
    records: Callable[[Span], QuerySet[Any]]
    readable: Callable[[User], QuerySet[Any]]
    row: Callable[[Any], Row]
    person: Callable[[Any], int | None] = lambda record: None

    def count(self, span: Span) -> int:
        return self.records(span).count()

    def visible(self, user: User, span: Span) -> QuerySet[Any]:
        """The records behind the number that this user may see (404 from the access
        function when they may see none of this kind)."""
        readable = self.readable(user)
        return readable.filter(pk__in=self.records(span).values("pk")).order_by("-pk")


def year_span(year: int) -> Span:
    return fiscal_year_range(year)


def month_spans(year: int) -> list[Span]:
    """The twelve months of a fiscal year, April first."""
    spans = []
    for index in range(12):
        month, first_year = (index + 3) % 12 + 1, year + (index + 3) // 12
        first = dt.date(first_year, month, 1)
        following = dt.date(first_year + month // 12, month % 12 + 1, 1)
        spans.append((first, following - dt.timedelta(days=1)))
    return spans


def _moments(span: Span) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of the span's first day and of the day after its last, Japan time."""
    first, last = span
    return (
        timezone.make_aware(dt.datetime.combine(first, dt.time.min)),
        timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min)),
    )


# --- 包括的相談支援 ---


def consultations(span: Span) -> QuerySet[Consultation]:
    start, end = _moments(span)
    return Consultation.objects.filter(received_at__gte=start, received_at__lt=end)


def sheets(span: Span) -> QuerySet[Referral]:
    start, end = _moments(span)
    return Referral.objects.filter(kind=ReferralKind.SHEET, sent_at__gte=start, sent_at__lt=end)


def sheets_acknowledged_in_time(span: Span) -> QuerySet[Referral]:
    """Sheets sent in the span and 受理 by the end of the `KASANE_ACK_BUSINESS_DAYS`-th business
    day after the day they were sent (as the inbox counts them overdue)."""
    days = settings.KASANE_ACK_BUSINESS_DAYS
    in_time = [
        pk
        for pk, sent_at, acknowledged_at in sheets(span)
        .filter(acknowledged_at__isnull=False)
        .values_list("pk", "sent_at", "acknowledged_at")
        if timezone.localdate(acknowledged_at)
        <= add_business_days(timezone.localdate(sent_at), days)
    ]
    return Referral.objects.filter(pk__in=in_time)


def coordination_requests(span: Span) -> QuerySet[Referral]:
    start, end = _moments(span)
    return Referral.objects.filter(
        kind__in=[ReferralKind.AGENCY, ReferralKind.COORDINATION],
        sent_at__gte=start,
        sent_at__lt=end,
    )


# --- 多機関協働 ---


def coordination_cases(span: Span) -> QuerySet[Case]:
    """Cases of 多機関協働 opened in the span (対象外 not counted)."""
    return Case.objects.filter(
        opened_on__range=span, programs__icontains=f'"{CaseProgram.COORDINATION.value}"'
    ).exclude(status=CaseStatus.NOT_ELIGIBLE)


def plans_approved(span: Span) -> QuerySet[SupportPlan]:
    return SupportPlan.objects.filter(approved_on__range=span)


def meetings_held(span: Span) -> QuerySet[Meeting]:
    """支援会議 and 重層的支援会議 that started in the span, before now, and were not cancelled."""
    start, end = _moments(span)
    return Meeting.objects.filter(
        kind__in=[MeetingKind.SUPPORT, MeetingKind.JUSOU],
        starts_at__gte=start,
        starts_at__lt=min(end, timezone.now()),
    ).exclude(status=MeetingStatus.CANCELLED)


def cases_discussed(span: Span) -> QuerySet[Case]:
    items = AgendaItem.objects.filter(meeting__in=meetings_held(span), case__isnull=False)
    return Case.objects.filter(pk__in=items.values("case_id"))


def collaborative_cases(span: Span) -> QuerySet[Case]:
    """Cases open at some time in the span with two organisations or more on the team at some
    time in it."""
    first, last = span
    members = (
        CaseTeamMember.objects.filter(joined_on__lte=last)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=first))
        .values("case_id")
        .annotate(organizations=Count("organization_id", distinct=True))
        .filter(organizations__gte=2)
        .values("case_id")
    )
    return (
        Case.objects.filter(pk__in=members, opened_on__lte=last)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .exclude(status=CaseStatus.NOT_ELIGIBLE)
    )


def cases_closed(span: Span) -> QuerySet[Case]:
    return Case.objects.filter(status=CaseStatus.CLOSED, ended_on__range=span)


# --- アウトリーチ ---


def outreach_targets(span: Span) -> QuerySet[OutreachTarget]:
    return outreach.targets_of_year(*span)


def _attempts(span: Span) -> QuerySet[ContactAttempt]:
    start, end = _moments(span)
    return ContactAttempt.objects.filter(occurred_at__gte=start, occurred_at__lt=end)


def outreach_visits(span: Span) -> QuerySet[ContactAttempt]:
    return _attempts(span).filter(method__in=[Method.VISIT, Method.JOINT_VISIT])


def outreach_connected(span: Span) -> QuerySet[OutreachTarget]:
    """Targets with an attempt in the span whose result was 相談につながった."""
    connected = _attempts(span).filter(result=Result.CONNECTED)
    return OutreachTarget.objects.filter(pk__in=connected.values("target_id"))


# --- 参加支援 ---


def participation_matches(span: Span) -> QuerySet[Match]:
    return participation.matches_of_year(*span)


def participation_started(span: Span) -> QuerySet[Match]:
    return Match.objects.filter(started_on__range=span)


def participation_settled(span: Span) -> QuerySet[Match]:
    return Match.objects.filter(settled_on__range=span)


# --- 地域づくり ---


def community_activities(span: Span) -> QuerySet[Any]:
    return community.activities_held(span)


def community_gatherings(span: Span) -> QuerySet[Any]:
    return community.activities_held(span).filter(kind=ActivityKind.GATHERING)


def community_issues(span: Span) -> QuerySet[Any]:
    return community.issues_raised(span)


def community_projects(span: Span) -> QuerySet[Any]:
    return community.projects_started(span)


# --- Rows ---


def _consultation_row(record: Consultation) -> Row:
    who = str(record.person) if record.person_id else "（本人未特定）"
    return Row(
        timezone.localdate(record.received_at),
        f"{who}（{record.organization.name}・{record.get_route_display()}）",
        reverse("consultations:detail", args=[record.pk]),
    )


def _referral_row(record: Referral) -> Row:
    return Row(
        timezone.localdate(record.sent_at),
        f"{record.get_kind_display()} {record.sender_organization.name} → "
        f"{record.receiver_organization.name}（{record.get_status_display()}）",
        reverse("referrals:detail", args=[record.pk]),
    )


def _case_row(record: Case) -> Row:
    return Row(
        record.opened_on,
        f"{record}（{record.get_status_display()}）",
        reverse("cases:detail", args=[record.pk]),
    )


def _plan_row(record: SupportPlan) -> Row:
    return Row(
        record.approved_on,
        f"{record.case} 支援プラン",
        reverse("cases:detail", args=[record.case_id]),
    )


def _meeting_row(record: Meeting) -> Row:
    return Row(
        timezone.localdate(record.starts_at),
        f"{record.title}（{record.get_kind_display()}）",
        reverse("meetings:detail", args=[record.pk]),
    )


def _target_row(record: OutreachTarget) -> Row:
    return Row(
        record.registered_on,
        f"{record}（{record.get_stage_display()}）",
        reverse("outreach:detail", args=[record.pk]),
    )


def _attempt_row(record: ContactAttempt) -> Row:
    return Row(
        timezone.localdate(record.occurred_at),
        f"{record.target}（{record.get_method_display()}・{record.get_result_display()}）",
        reverse("outreach:detail", args=[record.target_id]),
    )


def _match_row(record: Match) -> Row:
    return Row(
        record.started_on or record.proposed_on,
        f"{record.person} → {record.service}（{record.get_stage_display()}）",
        reverse("participation:match", args=[record.pk]),
    )


def _activity_row(record: Any) -> Row:
    return Row(
        record.held_on,
        f"{record.title}（{record.get_kind_display()}）",
        reverse("community:activity", args=[record.pk]),
    )


def _issue_row(record: Any) -> Row:
    return Row(record.raised_on, record.title, reverse("community:issue", args=[record.pk]))


def _project_row(record: Any) -> Row:
    return Row(record.started_on, record.title, reverse("community:project", args=[record.pk]))


def _attempts_readable(user: User) -> QuerySet[ContactAttempt]:
    targets = access.outreach_targets_for_user(user)
    return ContactAttempt.objects.select_related("target__person", "target__area").filter(
        target__in=targets.values("pk")
    )


def _plans_readable(user: User) -> QuerySet[SupportPlan]:
    cases = access.cases_for_user(user)
    return SupportPlan.objects.select_related("case__household", "case__main_person").filter(
        case__in=cases.values("pk")
    )


def _referrals_readable(user: User) -> QuerySet[Referral]:
    return access.referrals_received_for_user(user)


_CASE = "包括的相談支援"
_COORDINATION = "多機関協働"
_OUTREACH = "アウトリーチ等を通じた継続的支援"
_PARTICIPATION = "参加支援"
_COMMUNITY = "地域づくり"

ENTRIES: tuple[Entry, ...] = (
    Entry(
        "consultations",
        _CASE,
        "相談受付件数",
        "件",
        "相談受付の記録のうち、受付日時が期間内のもの（全窓口・全経路）。",
        consultations,
        access.consultations_for_user,
        _consultation_row,
        lambda record: record.person_id,
    ),
    Entry(
        "sheets",
        _CASE,
        "つなぐシートの件数",
        "件",
        "種類が「つなぐシート」のつなぎのうち、送付日時が期間内のもの。",
        sheets,
        _referrals_readable,
        _referral_row,
        lambda record: record.person_id,
    ),
    Entry(
        "sheets_in_time",
        _CASE,
        "期限内に受理されたつなぐシートの件数",
        "件",
        "期間内に送付されたつなぐシートのうち、送付日の翌日から数えて"
        f"{settings.KASANE_ACK_BUSINESS_DAYS}開庁日目までに受理されたもの。",
        sheets_acknowledged_in_time,
        _referrals_readable,
        _referral_row,
        lambda record: record.person_id,
    ),
    Entry(
        "coordination_requests",
        _CASE,
        "他機関・多機関協働へのつなぎ件数",
        "件",
        "種類が「機関から機関へ」「多機関協働への依頼」のつなぎのうち、送付日時が期間内のもの。",
        coordination_requests,
        _referrals_readable,
        _referral_row,
        lambda record: record.person_id,
    ),
    Entry(
        "coordination_cases",
        _COORDINATION,
        "多機関協働の新規ケース数",
        "件",
        "事業に「多機関協働」を含むケースのうち、受付日が期間内のもの（対象外を除く）。",
        coordination_cases,
        access.cases_for_user,
        _case_row,
        lambda record: record.main_person_id,
    ),
    Entry(
        "plans_approved",
        _COORDINATION,
        "支援プラン作成件数",
        "件",
        "承認日が期間内の支援プラン（再プランを含む、版ごとに数える）。",
        plans_approved,
        _plans_readable,
        _plan_row,
        lambda record: record.case.main_person_id,
    ),
    Entry(
        "meetings_held",
        _COORDINATION,
        "重層的支援会議・支援会議の開催回数",
        "回",
        "種類が重層的支援会議または支援会議で、開始日時が期間内かつ現在より前の会議（中止を除く）。",
        meetings_held,
        access.meetings_for_user,
        _meeting_row,
    ),
    Entry(
        "cases_discussed",
        _COORDINATION,
        "会議で検討したケース数（事例検討）",
        "件",
        "期間内に開催された重層的支援会議・支援会議の議題になったケース（同じケースは1件）。",
        cases_discussed,
        access.cases_for_user,
        _case_row,
        lambda record: record.main_person_id,
    ),
    Entry(
        "collaborative_cases",
        _COORDINATION,
        "協働ケース数（2機関以上のチーム）",
        "件",
        "期間内に開いていたケースのうち、期間内に2つ以上の機関がチームにいたもの（対象外を除く）。",
        collaborative_cases,
        access.cases_for_user,
        _case_row,
        lambda record: record.main_person_id,
    ),
    Entry(
        "cases_closed",
        _COORDINATION,
        "終結したケース数",
        "件",
        "状態が「終結」で、終了日が期間内のケース（中断・対象外を除く）。",
        cases_closed,
        access.cases_for_user,
        _case_row,
        lambda record: record.main_person_id,
    ),
    Entry(
        "outreach_targets",
        _OUTREACH,
        "アウトリーチの対象者数",
        "人",
        "期間内のいずれかの日にアウトリーチの対象だった人（把握日が期間の末日以前で、期間の初日より前に終了していないもの）。",
        outreach_targets,
        access.outreach_targets_for_user,
        _target_row,
        lambda record: record.person_id,
    ),
    Entry(
        "outreach_visits",
        _OUTREACH,
        "アウトリーチの訪問件数",
        "件",
        "方法が「訪問」「同行訪問」の接触の記録のうち、日時が期間内のもの（不在を含む）。",
        outreach_visits,
        _attempts_readable,
        _attempt_row,
        lambda record: record.target.person_id,
    ),
    Entry(
        "outreach_connected",
        _OUTREACH,
        "アウトリーチで相談につながった人数",
        "人",
        "期間内の接触の結果が「相談につながった」だった対象者（同じ人は1人）。",
        outreach_connected,
        access.outreach_targets_for_user,
        _target_row,
        lambda record: record.person_id,
    ),
    Entry(
        "participation_matches",
        _PARTICIPATION,
        "参加支援の対象（マッチング）件数",
        "件",
        "期間内のいずれかの日に続いていた参加支援のマッチング（提案日が期間の末日以前で、期間の初日より前に終了していないもの）。",
        participation_matches,
        access.matches_for_user,
        _match_row,
        lambda record: record.person_id,
    ),
    Entry(
        "participation_started",
        _PARTICIPATION,
        "参加の場の利用につながった件数（参加開始）",
        "件",
        "参加開始日が期間内のマッチング。",
        participation_started,
        access.matches_for_user,
        _match_row,
        lambda record: record.person_id,
    ),
    Entry(
        "participation_settled",
        _PARTICIPATION,
        "参加が定着した件数",
        "件",
        "定着の確認日が期間内のマッチング。",
        participation_settled,
        access.matches_for_user,
        _match_row,
        lambda record: record.person_id,
    ),
    Entry(
        "community_activities",
        _COMMUNITY,
        "地域の活動の開催回数",
        "回",
        "開催日が期間内の地域の活動の記録（すべての種類）。",
        community_activities,
        access.activities_for_user,
        _activity_row,
    ),
    Entry(
        "community_gatherings",
        _COMMUNITY,
        "居場所の開催回数",
        "回",
        "種類が「居場所」の地域の活動のうち、開催日が期間内のもの。",
        community_gatherings,
        access.activities_for_user,
        _activity_row,
    ),
    Entry(
        "community_issues",
        _COMMUNITY,
        "地域課題の件数",
        "件",
        "提起日が期間内の地域課題シート。",
        community_issues,
        access.issues_for_user,
        _issue_row,
    ),
    Entry(
        "community_projects",
        _COMMUNITY,
        "地域づくりの取組の開始件数",
        "件",
        "開始日が期間内の地域づくりの取組。",
        community_projects,
        access.projects_for_user,
        _project_row,
    ),
)

BY_CODE: dict[str, Entry] = {entry.code: entry for entry in ENTRIES}
CHOICES: list[tuple[str, str]] = [(entry.code, entry.label) for entry in ENTRIES]
