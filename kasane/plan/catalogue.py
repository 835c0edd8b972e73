"""The catalogue of counts (成果目標の実績, issue 18): each entry is ONE function that, for a span
of days (a fiscal year, or a month of it, in Japan time), returns the queryset of the records behind
the number; the number is that queryset's count. The indicator page counts it, the monthly trend
counts it month by month, and the drill-down list pages through it — intersected with what the
user may see (`readable`, the normal record rules of `kasane.access`) — so a number and its list
cannot disagree for a user who may see every record behind it.

A record made at 23:30 on 31 March counts in the fiscal year that ends then: datetimes are cut
at midnight Japan time (`span_moments`), dates by `__range`.

To add an entry: write the function (reuse a program's figures function where there is one),
pick the access function of its records, say how a row reads (`row`) and which person it
shows (`person`, for the audit trail), and add an `Entry` to `ENTRIES`. Optional: `measure`
(a field summed instead of counting the records, e.g. participants), `dated_by` (the one date
or datetime field whose day puts a record in the span, so the monthly trend is one grouped
query) and `breakdowns` (内訳: groups of the same records, one grouped query each). The tests
in tests/plan/test_indicators.py check every entry's number against its list, its months
against per-month counts and its breakdowns against its total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import (
    Count,
    DateTimeField,
    F,
    Min,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Trunc, TruncMonth
from django.urls import reverse
from django.utils import timezone

from kasane import access
from kasane.accounts.models import User
from kasane.cases.models import (
    Case,
    CaseProgram,
    CaseStatus,
    CaseTeamMember,
    ClosingReason,
    SupportPlan,
)
from kasane.community import figures as community
from kasane.community.models import Activity, ActivityKind
from kasane.core.japanese import add_business_days, fiscal_year_range
from kasane.intake.models import Consultation, Referral, ReferralKind, Route
from kasane.meetings.models import AgendaItem, Meeting, MeetingKind, MeetingStatus
from kasane.organizations.models import Organization
from kasane.outreach import figures as outreach
from kasane.outreach.models import ContactAttempt, Method, OutreachTarget, Result
from kasane.participation import figures as participation
from kasane.participation.models import Match
from kasane.resources.models import ResourceOrganization

Span = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class Row:
    """One line of a drill-down list: a date, what it is, and where it opens."""

    on: dt.date | None
    text: str
    url: str


JAPAN = ZoneInfo("Asia/Tokyo")
NO_GROUP = "none"  # the `group` value of the records whose key is empty


@dataclass(frozen=True)
class Group:
    """One line of a breakdown: its key (as the drill-down's `group` parameter carries it),
    its label and its count."""

    key: str
    label: str
    value: int


@dataclass(frozen=True)
class Breakdown:
    """内訳: the entry's records grouped by `key` — a field path (`"route"`,
    `"organization"`) or a function returning an expression — labelled by `choices`, or by
    `label_field` (a field path read in the same query, e.g. `"organization__name"`)."""

    code: str
    label: str
    key: str | Callable[[], Any]
    choices: Sequence[tuple[str, str]] = ()
    label_field: str = ""

    def _keyed(self, records: QuerySet[Any]) -> QuerySet[Any]:
        return records.annotate(
            catalogue_group=F(self.key) if isinstance(self.key, str) else self.key()
        )

    def filter(self, records: QuerySet[Any], key: str) -> QuerySet[Any]:
        """The records of one group (the drill-down list of a breakdown's line)."""
        if key == NO_GROUP and isinstance(self.key, str):
            none = Q(**{f"{self.key}__isnull": True})
            # A key labelled by choices is a code: "" is no code (`Case.closing_reason`).
            return records.filter(none | Q(**{self.key: ""}) if self.choices else none)
        keyed = self._keyed(records)
        if key == NO_GROUP:
            return keyed.filter(Q(catalogue_group__isnull=True) | Q(catalogue_group=""))
        try:
            if isinstance(self.key, str):
                return records.filter(**{self.key: key})
            return keyed.filter(catalogue_group=key)
        except (ValueError, ValidationError):
            return records.none()


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
    measure: str = ""  # a field to sum over the records instead of counting them
    dated_by: str = ""  # the one date/datetime field that puts a record in a span
    breakdowns: tuple[Breakdown, ...] = ()

    def _tally(self) -> Any:
        return Sum(self.measure) if self.measure else Count("pk")

    def total(self, records: QuerySet[Any]) -> int:
        if not self.measure:
            return records.count()
        return records.aggregate(n=Sum(self.measure))["n"] or 0

    def count(self, span: Span) -> int:
        """The number: how many records (or the sum of `measure` over them)."""
        return self.total(self.records(span))

    def months(self, year: int) -> list[int]:
        """The twelve months' numbers, April first: one grouped query by month in Japan time
        when the entry is dated by one field, else one count per month (an entry such as the
        outreach targets "open at some time in the month" cannot be grouped)."""
        spans = month_spans(year)
        if not self.dated_by:
            return [self.count(span) for span in spans]
        records = self.records(year_span(year))
        found = {
            _month_of(row["catalogue_month"]): row["n"] or 0
            for row in records.annotate(catalogue_month=self._month(records))
            .values("catalogue_month")
            .annotate(n=self._tally())
            .order_by()
        }
        return [found.get((first.year, first.month), 0) for first, _ in spans]

    def _month(self, records: QuerySet[Any]) -> Any:
        if isinstance(records.model._meta.get_field(self.dated_by), DateTimeField):
            return Trunc(self.dated_by, "month", output_field=DateTimeField(), tzinfo=JAPAN)
        return TruncMonth(self.dated_by)

    def breakdown(self, breakdown: Breakdown, span: Span) -> list[Group]:
        """The span's records by the breakdown's groups, in one query: every choice (zeros
        too) in their order, or the groups found, largest first."""
        fields = (
            ["catalogue_group", breakdown.label_field]
            if breakdown.label_field
            else ["catalogue_group"]
        )
        found = {
            row["catalogue_group"]: row
            for row in breakdown._keyed(self.records(span))
            .values(*fields)
            .annotate(n=self._tally())
            .order_by()
        }
        if breakdown.choices:
            groups = [
                Group(str(key), str(label), (found.pop(key, None) or {}).get("n") or 0)
                for key, label in breakdown.choices
            ]
        else:
            groups = []
        rest = [
            Group(
                NO_GROUP if key in (None, "") else str(key),
                "（記録なし）" if key in (None, "") else str(row.get(breakdown.label_field) or key),
                row["n"] or 0,
            )
            for key, row in found.items()
        ]
        return groups + sorted(rest, key=lambda group: (-group.value, group.label))

    def breakdown_of(self, code: str) -> Breakdown | None:
        return next((b for b in self.breakdowns if b.code == code), None)

    def visible(self, user: User, span: Span, group: str = "") -> QuerySet[Any]:
        """The records behind the number that this user may see (404 from the access
        function when they may see none of this kind); of one breakdown's group when
        `group` is "<breakdown>.<key>"."""
        readable = self.readable(user)
        return readable.filter(pk__in=self.of_group(span, group).values("pk")).order_by("-pk")

    def of_group(self, span: Span, group: str) -> QuerySet[Any]:
        """The span's records, or those of one group ("<breakdown code>.<key>"); all of
        them when the group names no breakdown of this entry."""
        records = self.records(span)
        code, _, key = group.partition(".")
        breakdown = self.breakdown_of(code)
        return breakdown.filter(records, key) if breakdown and key else records

    def group_label(self, span: Span, group: str) -> str:
        """The display label of "<breakdown>.<key>" ("" when it names no group), read from
        the choices, or from one record of the group."""
        code, _, key = group.partition(".")
        breakdown = self.breakdown_of(code)
        if breakdown is None or not key:
            return ""
        if key == NO_GROUP:
            return f"{breakdown.label}：（記録なし）"
        labels = {str(value): str(label) for value, label in breakdown.choices}
        if breakdown.label_field:
            found = self.of_group(span, group).values_list(breakdown.label_field, flat=True)
            labels[key] = str(next(iter(found[:1]), key))
        return f"{breakdown.label}：{labels.get(key, key)}"


def _month_of(value: dt.date | dt.datetime) -> tuple[int, int]:
    if isinstance(value, dt.datetime):
        value = value.astimezone(JAPAN)
    return value.year, value.month


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


def span_moments(span: Span) -> tuple[dt.datetime, dt.datetime]:
    """The first moment of the span's first day and of the day after its last, Japan time."""
    first, last = span
    return (
        timezone.make_aware(dt.datetime.combine(first, dt.time.min)),
        timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min)),
    )


# --- 包括的相談支援 ---


def consultations(span: Span) -> QuerySet[Consultation]:
    start, end = span_moments(span)
    return Consultation.objects.filter(received_at__gte=start, received_at__lt=end)


def sheets(span: Span) -> QuerySet[Referral]:
    start, end = span_moments(span)
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
    start, end = span_moments(span)
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
    start, end = span_moments(span)
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
    start, end = span_moments(span)
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


def participation_partners(span: Span) -> QuerySet[ResourceOrganization]:
    """協力事業者 (agreed by the span's last day) that had a match at one of their services
    going on at some time in the span — partners that actually took someone in, not the
    list of agreements."""
    matches = participation.matches_of_year(*span)
    return ResourceOrganization.objects.filter(
        is_partner=True,
        partner_since__lte=span[1],
        pk__in=matches.values("service__organization_id"),
    )


# --- 地域づくり ---


def community_activities(span: Span) -> QuerySet[Any]:
    return community.activities_held(span)


def community_gatherings(span: Span) -> QuerySet[Any]:
    return community.activities_held(span).filter(kind=ActivityKind.GATHERING)


def community_places(span: Span) -> QuerySet[Activity]:
    """拠点: one 居場所の開催 per distinct place of the year (`community.gathering_places`),
    the first recorded there in the span, so the list shows each place once."""
    first = community.gathering_places(span).order_by().annotate(first=Min("pk"))
    return Activity.objects.filter(pk__in=first.values("first"))


def community_organizations(span: Span) -> QuerySet[Organization]:
    return community.organizations_taking_part(span)


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


def _place_row(record: Activity) -> Row:
    place = record.service.name if record.service else record.place or "（場所の記録なし）"
    return Row(
        record.held_on,
        f"{place}（初回：{record.title}）",
        reverse("community:activity", args=[record.pk]),
    )


def _organization_row(record: Organization) -> Row:
    return Row(None, f"{record.name}（{record.get_kind_display()}）", "")


def _partner_row(record: ResourceOrganization) -> Row:
    return Row(
        record.partner_since,
        f"{record.name}（協力事業者）",
        reverse("resources:organization", args=[record.pk]),
    )


def _organizations_readable(user: User) -> QuerySet[Organization]:
    """The organisations named on the activities the user may read."""
    activities = access.activities_for_user(user)
    return Organization.objects.filter(pk__in=activities.values("organizations"))


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
        dated_by="received_at",
        breakdowns=(
            Breakdown("window", "窓口別", "organization", label_field="organization__name"),
            Breakdown("route", "相談経路別", "route", Route.choices),
        ),
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
        dated_by="sent_at",
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
        dated_by="sent_at",
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
        dated_by="sent_at",
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
        dated_by="opened_on",
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
        dated_by="approved_on",
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
        dated_by="starts_at",
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
        dated_by="ended_on",
        breakdowns=(Breakdown("reason", "終結の理由別", "closing_reason", ClosingReason.choices),),
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
        dated_by="occurred_at",
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
        dated_by="started_on",
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
        dated_by="settled_on",
    ),
    Entry(
        "participation_partners",
        _PARTICIPATION,
        "参加支援の協力事業者数",
        "団体",
        "協力事業者（協力の合意日が期間の末日以前の運営団体）のうち、その社会資源で期間内のいずれかの日に参加支援のマッチングが続いていたもの（受け入れの実績がある協力事業者）。",
        participation_partners,
        access.resource_organizations_for_user,
        _partner_row,
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
        dated_by="held_on",
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
        dated_by="held_on",
    ),
    Entry(
        "community_places",
        _COMMUNITY,
        "地域づくりの拠点数",
        "か所",
        "期間内に居場所が開催された場所の数（社会資源の場所、または記録された場所名ごとに1か所）。一覧は場所ごとの期間内の最初の開催。",
        community_places,
        access.activities_for_user,
        _place_row,
    ),
    Entry(
        "community_participants",
        _COMMUNITY,
        "地域の活動の参加者数（延べ）",
        "人",
        "開催日が期間内の地域の活動（すべての種類）の参加者数の合計（延べ人数）。一覧はその活動。",
        community_activities,
        access.activities_for_user,
        _activity_row,
        measure="participants",
        dated_by="held_on",
    ),
    Entry(
        "community_organizations",
        _COMMUNITY,
        "地域の活動の参加機関数",
        "機関",
        "開催日が期間内の地域の活動に参加した機関の数（同じ機関は1つ）。",
        community_organizations,
        _organizations_readable,
        _organization_row,
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
        dated_by="raised_on",
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
        dated_by="started_on",
    ),
)

BY_CODE: dict[str, Entry] = {entry.code: entry for entry in ENTRIES}
CHOICES: list[tuple[str, str]] = [(entry.code, entry.label) for entry in ENTRIES]
