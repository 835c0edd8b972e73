"""国への報告: the counts a municipality reports on the 重層的支援体制整備事業 for a fiscal year
(April–March, Japan time), per program, each with a key, a label and a definition.

Every figure that is a count of the catalogue (`kasane.plan.catalogue`) is counted by that
entry's `records(span)`, so the report, the indicators and the drill-down lists cannot disagree;
a breakdown (by route, by kind of window, by age band…) counts the same queryset with
conditional aggregates, in the same query as its total. The one figure the catalogue has no
entry for (初めての参加者数) is `kasane.community.figures.participants`.

The keys are fixed by the code (`DEFINITIONS`): the Excel layout (`kasane.plan.report_layout`)
names them, and is checked against them when it is read.

Age is the person's age on the day the consultation was received (Japan time). A consultation
whose person is not identified (本人未特定) counts in the breakdowns by age and by sex as
「本人未特定」, so every breakdown sums to its total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear, Floor, TruncDate
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from kasane.community import figures as community
from kasane.core.japanese import fiscal_year_label, wareki
from kasane.intake.models import ReferralKind, Route
from kasane.meetings.models import Meeting, MeetingKind, MeetingStatus
from kasane.organizations.models import OrganizationKind
from kasane.outreach.models import Method
from kasane.people.models import Sex
from kasane.plan.catalogue import BY_CODE, Span, span_moments, year_span

CONSULTATION = "包括的相談支援"
COORDINATION = "多機関協働"
OUTREACH = "アウトリーチ等を通じた継続的支援"
PARTICIPATION = "参加支援"
COMMUNITY = "地域づくり"
PROGRAMS = (CONSULTATION, COORDINATION, OUTREACH, PARTICIPATION, COMMUNITY)

# (key suffix, label, first age, age after the last; None: no upper limit)
AGE_BANDS: tuple[tuple[str, str, int, int | None], ...] = (
    ("under20", "19歳以下", 0, 20),
    ("20s", "20歳代", 20, 30),
    ("30s", "30歳代", 30, 40),
    ("40s", "40歳代", 40, 50),
    ("50s", "50歳代", 50, 60),
    ("60s", "60歳代", 60, 70),
    ("70s", "70歳代", 70, 80),
    ("80over", "80歳以上", 80, None),
)
OTHER_MEETING_KINDS = (MeetingKind.TEAM, MeetingKind.OTHER)
VISIT_METHODS = (Method.VISIT, Method.JOINT_VISIT)
COORDINATION_REQUEST_KINDS = (ReferralKind.AGENCY, ReferralKind.COORDINATION)

# Cells of the layout that take text, not a figure.
FIELDS = {
    "report.fiscal_year": "年度（和暦）",
    "report.period": "対象期間",
    "report.made_on": "作成日",
}


@dataclass(frozen=True)
class Definition:
    key: str
    program: str
    label: str
    unit: str
    definition: str
    code: str = ""  # the catalogue entry that counts it, when there is one


@dataclass(frozen=True)
class Figure:
    definition: Definition
    value: int

    @property
    def key(self) -> str:
        return self.definition.key


@dataclass(frozen=True)
class StateReport:
    fiscal_year: int
    span: Span
    figures: list[Figure]

    @property
    def values(self) -> dict[str, int]:
        return {figure.key: figure.value for figure in self.figures}

    def fields(self, made_on: dt.date) -> dict[str, str]:
        first, last = self.span
        return {
            "report.fiscal_year": fiscal_year_label(self.fiscal_year),
            "report.period": f"{wareki(first)}〜{wareki(last)}",
            "report.made_on": wareki(made_on),
        }

    def programs(self) -> list[tuple[str, list[Figure]]]:
        return [
            (program, [f for f in self.figures if f.definition.program == program])
            for program in PROGRAMS
        ]


# --- the definitions ---


def _entry(code: str, program: str) -> Definition:
    entry = BY_CODE[code]
    return Definition(code, program, entry.label, entry.unit, entry.definition, code)


def _part(total: Definition, suffix: str, label: str, condition: str) -> Definition:
    return Definition(
        f"{total.key}.{suffix}",
        total.program,
        f"{total.label}（{label}）",
        total.unit,
        f"「{total.label}」のうち、{condition}。",
    )


def _consultation_definitions() -> list[Definition]:
    total = _entry("consultations", CONSULTATION)
    found = [total]
    found += [
        _part(
            total,
            f"route.{route.value}",
            f"経路：{route.label}",
            f"相談経路が「{route.label}」のもの",
        )
        for route in Route
    ]
    found += [
        _part(
            total,
            f"window.{kind.value}",
            f"窓口：{kind.label}",
            f"受け付けた窓口（機関）の種別が「{kind.label}」のもの",
        )
        for kind in OrganizationKind
    ]
    found += [
        _part(
            total, f"age.{suffix}", f"年齢：{label}", f"受付日（日本時間）に本人が{label}だったもの"
        )
        for suffix, label, _first, _after in AGE_BANDS
    ]
    found.append(
        _part(
            total,
            "age.unknown",
            "年齢：不明",
            "本人は特定したが生年月日の記録がない（または受付日より後の）もの",
        )
    )
    found += [
        _part(total, f"sex.{sex.value}", f"性別：{sex.label}", f"本人の性別が「{sex.label}」のもの")
        for sex in Sex
    ]
    found.append(
        _part(
            total,
            "unidentified",
            "本人未特定",
            "本人を特定していないもの（年齢・性別の内訳にも含めない）",
        )
    )
    return found


def _referral_definitions() -> list[Definition]:
    requests = _entry("coordination_requests", CONSULTATION)
    return [
        _entry("sheets", CONSULTATION),
        _entry("sheets_in_time", CONSULTATION),
        requests,
        *(
            _part(requests, kind.value, kind.label, f"種類が「{kind.label}」のもの")
            for kind in COORDINATION_REQUEST_KINDS
        ),
    ]


def _coordination_definitions() -> list[Definition]:
    held = _entry("meetings_held", COORDINATION)
    other = Definition(
        "other_meetings",
        COORDINATION,
        "その他の会議の開催回数",
        "回",
        "種類がチーム会議（スクリーニング）またはその他の会議体で、開始日時が期間内かつ現在より前の会議（中止を除く）。",
    )
    kinds = [(held, (MeetingKind.SUPPORT, MeetingKind.JUSOU)), (other, OTHER_MEETING_KINDS)]
    return [
        _entry("coordination_cases", COORDINATION),
        _entry("plans_approved", COORDINATION),
        held,
        *(
            _part(total, kind.value, kind.label, f"種類が「{kind.label}」のもの")
            for total, members in kinds
            for kind in members
        ),
        other,
        _entry("cases_discussed", COORDINATION),
        _entry("collaborative_cases", COORDINATION),
        _entry("cases_closed", COORDINATION),
    ]


def _outreach_definitions() -> list[Definition]:
    visits = _entry("outreach_visits", OUTREACH)
    return [
        _entry("outreach_targets", OUTREACH),
        visits,
        *(
            _part(visits, method.value, method.label, f"方法が「{method.label}」のもの")
            for method in VISIT_METHODS
        ),
        _entry("outreach_connected", OUTREACH),
    ]


def _participation_definitions() -> list[Definition]:
    return [
        _entry("participation_matches", PARTICIPATION),
        _entry("participation_started", PARTICIPATION),
        _entry("participation_settled", PARTICIPATION),
        _entry("participation_partners", PARTICIPATION),
    ]


def _community_definitions() -> list[Definition]:
    return [
        _entry("community_places", COMMUNITY),
        _entry("community_participants", COMMUNITY),
        Definition(
            "community_new_participants",
            COMMUNITY,
            "地域の活動の初めての参加者数",
            "人",
            "開催日が期間内の地域の活動の、初めての参加者数の合計。",
        ),
        _entry("community_organizations", COMMUNITY),
        _entry("community_activities", COMMUNITY),
        _entry("community_gatherings", COMMUNITY),
        _entry("community_issues", COMMUNITY),
        _entry("community_projects", COMMUNITY),
    ]


DEFINITIONS: tuple[Definition, ...] = (
    *_consultation_definitions(),
    *_referral_definitions(),
    *_coordination_definitions(),
    *_outreach_definitions(),
    *_participation_definitions(),
    *_community_definitions(),
)
BY_KEY: dict[str, Definition] = {definition.key: definition for definition in DEFINITIONS}


# --- the counts ---


def _count_with_parts(queryset: QuerySet[Any], key: str, parts: dict[str, Q]) -> dict[str, int]:
    """The queryset's count under `key` and, in the same query, the count of each part."""
    names = {f"part{index}": suffix for index, suffix in enumerate(parts)}
    found = queryset.aggregate(
        total=Count("pk"),
        **{name: Count("pk", filter=parts[suffix]) for name, suffix in names.items()},
    )
    return {key: found["total"]} | {f"{key}.{names[name]}": found[name] for name in names}


def _date_number(date: Any) -> Any:
    """A date as the number YYYYMMDD: two of them differ by at least N × 10000 exactly when
    the later is on or after the N-th anniversary of the earlier."""
    return ExtractYear(date) * 10000 + ExtractMonth(date) * 100 + ExtractDay(date)


class Decades(Func):
    """Whole decades of age on the day `on` of someone born on `born`: NULL without a birth
    date, negative when born after the day. PostgreSQL counts with AGE() (0.13 s for 100,000
    consultations against 0.2 s for the portable arithmetic on dates as numbers)."""

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> Any:
        on, born = self.get_source_expressions()
        # SQLite divides integers towards zero: a birth after the day is said apart.
        portable = Case(
            When(GreaterThan(born, on), then=Value(-1)),
            default=Floor((_date_number(on) - _date_number(born)) / 100_000),
            output_field=IntegerField(),
        )
        return compiler.compile(portable.resolve_expression(compiler.query))

    def as_postgresql(self, compiler: Any, connection: Any, *args: Any, **extra: Any) -> Any:
        on, born = (compiler.compile(e) for e in self.get_source_expressions())
        sql = (
            f"CASE WHEN {born[0]} > {on[0]} THEN -1 "
            f"ELSE DATE_PART('year', AGE({on[0]}, {born[0]}))::integer / 10 END"
        )
        return sql, (*born[1], *on[1], *on[1], *born[1])


def _band_of(age: int | None) -> str:
    """The age band's key suffix ("unknown" without a birth date, or with one after the day)."""
    if age is None or age < 0:
        return "unknown"
    return next(
        suffix
        for suffix, _label, first, after in AGE_BANDS
        if first <= age and (after is None or age < after)
    )


def consultation_counts(span: Span) -> dict[str, int]:
    """相談受付件数 and its breakdowns in two grouped queries over the entry's records: by route
    and kind of window (the consultations alone), then by sex and age in whole decades (joined
    to the person). Filtered aggregates, one per part, took 2.3 s for 100,000 consultations on
    PostgreSQL; one query grouped by all four 0.28 s (a sort spilled to disk, the planner
    expecting a group per row); the two grouped queries 0.05 s and 0.13 s (joining 200,000
    people alone takes 0.1 s of it)."""
    records = BY_CODE["consultations"].records(span)
    counts: dict[str, int] = dict.fromkeys(_consultation_keys(), 0)
    by_window = records.values_list("route", "organization__kind").annotate(n=Count("pk"))
    for route, kind, n in by_window.order_by():
        counts["consultations"] += n
        counts[f"consultations.route.{route}"] += n
        counts[f"consultations.window.{kind}"] += n
    by_person = (
        records.annotate(
            # the day received in Japan time (the current time zone)
            decade=Decades(TruncDate("received_at"), F("person__birth_date"))
        )
        .values_list("person__sex", "decade")
        .annotate(n=Count("pk"))
    )
    for sex, decade, n in by_person.order_by():
        if sex is None:  # no person: the LEFT JOIN's NULL
            counts["consultations.unidentified"] += n
            continue
        counts[f"consultations.sex.{sex}"] += n
        age = None if decade is None else int(decade) * 10
        counts[f"consultations.age.{_band_of(age)}"] += n
    return counts


def _consultation_keys() -> list[str]:
    return [d.key for d in DEFINITIONS if d.key.split(".")[0] == "consultations"]


def referral_counts(span: Span) -> dict[str, int]:
    requests = BY_CODE["coordination_requests"].records(span)
    return {
        "sheets": BY_CODE["sheets"].count(span),
        "sheets_in_time": BY_CODE["sheets_in_time"].count(span),
        **_count_with_parts(
            requests,
            "coordination_requests",
            {kind.value: Q(kind=kind) for kind in COORDINATION_REQUEST_KINDS},
        ),
    }


def other_meetings(span: Span) -> QuerySet[Meeting]:
    """チーム会議 and その他の会議体 held in the span: the rules of `catalogue.meetings_held`."""
    start, end = span_moments(span)
    return Meeting.objects.filter(
        kind__in=OTHER_MEETING_KINDS, starts_at__gte=start, starts_at__lt=min(end, timezone.now())
    ).exclude(status=MeetingStatus.CANCELLED)


def coordination_counts(span: Span) -> dict[str, int]:
    by_kind = {kind.value: Q(kind=kind) for kind in (MeetingKind.SUPPORT, MeetingKind.JUSOU)}
    others = {kind.value: Q(kind=kind) for kind in OTHER_MEETING_KINDS}
    return {
        **_entry_counts(span, "coordination_cases", "plans_approved"),
        **_count_with_parts(BY_CODE["meetings_held"].records(span), "meetings_held", by_kind),
        **_count_with_parts(other_meetings(span), "other_meetings", others),
        **_entry_counts(span, "cases_discussed", "collaborative_cases", "cases_closed"),
    }


def outreach_counts(span: Span) -> dict[str, int]:
    visits = BY_CODE["outreach_visits"].records(span)
    return {
        **_entry_counts(span, "outreach_targets", "outreach_connected"),
        **_count_with_parts(
            visits, "outreach_visits", {method.value: Q(method=method) for method in VISIT_METHODS}
        ),
    }


def participation_counts(span: Span) -> dict[str, int]:
    return {
        **_entry_counts(
            span,
            "participation_matches",
            "participation_started",
            "participation_settled",
            "participation_partners",
        ),
    }


def community_counts(span: Span) -> dict[str, int]:
    return {
        "community_new_participants": community.participants(span).new_participants,
        **_entry_counts(
            span,
            "community_places",
            "community_participants",
            "community_organizations",
            "community_activities",
            "community_gatherings",
            "community_issues",
            "community_projects",
        ),
    }


def _entry_counts(span: Span, *codes: str) -> dict[str, int]:
    return {code: BY_CODE[code].count(span) for code in codes}


COUNTS: tuple[Callable[[Span], dict[str, int]], ...] = (
    consultation_counts,
    referral_counts,
    coordination_counts,
    outreach_counts,
    participation_counts,
    community_counts,
)


def figures_of(span: Span) -> dict[str, int]:
    """Every figure of the span by key; a fixed number of queries whatever the number of
    records."""
    values: dict[str, int] = {}
    for counts in COUNTS:
        values |= counts(span)
    _check_complete(values.keys())
    return values


def state_report(year: int) -> StateReport:
    """Every figure of the fiscal year, in the order of `DEFINITIONS`."""
    span = year_span(year)
    values = figures_of(span)
    return StateReport(year, span, [Figure(d, values[d.key]) for d in DEFINITIONS])


def _check_complete(keys: Iterable[str]) -> None:
    missing = set(BY_KEY) - set(keys)
    extra = set(keys) - set(BY_KEY)
    if missing or extra:
        raise AssertionError(
            f"figures without a count {missing}, counts without a definition {extra}"
        )
